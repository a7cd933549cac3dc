using Microwasm.Binary;
using Microwasm.Validation;

namespace Microwasm.Runtime;

/// <summary>
/// The front door for modules: decode and validate once, then hand the result to an
/// <see cref="IEngine"/> and instantiate it with a <see cref="Linker"/>:
/// <code>
/// var validated = ModuleLoader.LoadFile("app.wasm");
/// var compiled = engine.Compile(validated);
/// var instance = new Linker().Instantiate(new Store(), compiled);
/// </code>
/// </summary>
public static class ModuleLoader
{
    /// <summary>Decodes and validates a module binary.</summary>
    /// <remarks>The module keeps slices of <paramref name="bytes"/>; do not change them afterwards.</remarks>
    /// <exception cref="WasmDecodeException">The bytes are malformed.</exception>
    /// <exception cref="WasmValidationException">The module breaks a validation rule.</exception>
    /// <exception cref="WasmUnsupportedFeatureException">The module uses a WebAssembly 3.0 feature Microwasm does not implement; <see cref="WasmUnsupportedFeatureException.Feature"/> names it.</exception>
    public static ValidatedModule Load(ReadOnlyMemory<byte> bytes) => Validator.Validate(ModuleReader.Read(bytes));

    /// <summary>
    /// The largest module <see cref="Load(Stream)"/> and <see cref="LoadFile"/> read: 1 GiB, the
    /// module size limit of the WebAssembly JS API's implementations.
    /// </summary>
    public const int MaxModuleBytes = 1 << 30;

    /// <summary>Reads <paramref name="stream"/> to its end, then decodes and validates the bytes.</summary>
    /// <exception cref="WasmDecodeException">The bytes are malformed, or more than <see cref="MaxModuleBytes"/>.</exception>
    public static ValidatedModule Load(Stream stream) => Load(ReadModule(stream));

    /// <summary>Reads a <c>.wasm</c> file, then decodes and validates it.</summary>
    /// <exception cref="IOException">The file cannot be read (a directory, say).</exception>
    /// <exception cref="WasmDecodeException">The bytes are malformed, or more than <see cref="MaxModuleBytes"/>.</exception>
    public static ValidatedModule LoadFile(string path) => Load(ReadModuleFile(path));

    /// <summary>
    /// Reads a module file for decoding, bounded: see <see cref="ReadModule(Stream, int)"/>. A directory
    /// is an <see cref="IOException"/> that says so.
    /// </summary>
    public static byte[] ReadModuleFile(string path, int maxBytes = MaxModuleBytes)
    {
        if (Directory.Exists(path))
        {
            throw new IOException($"{path} is a directory, not a module file");
        }
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        return ReadModule(stream, maxBytes);
    }

    /// <summary>
    /// Reads a module's bytes from <paramref name="stream"/>, bounded so that a device or pipe that
    /// never ends (<c>/dev/zero</c>) cannot exhaust memory. The header and section headers are
    /// checked as the bytes arrive: reading stops at the first one that cannot be right (a wrong magic
    /// number or version, an unknown section id, an empty custom section, a malformed size), and the
    /// decoder then reports it at its offset. A stream of well-formed sections fails past
    /// <paramref name="maxBytes"/>, having held at most that much in 1 MiB chunks.
    /// </summary>
    /// <exception cref="WasmDecodeException">The stream holds more than <paramref name="maxBytes"/> bytes.</exception>
    public static byte[] ReadModule(Stream stream, int maxBytes = MaxModuleBytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        const int ChunkBytes = 1 << 20;
        // A regular file is read into one array of its size; devices and pipes (whose length, if
        // any, means nothing) in chunks.
        var known = stream.CanSeek ? Math.Clamp(stream.Length - stream.Position, 0, maxBytes) : 0;
        var chunks = new List<byte[]>();
        var chunk = new byte[known > 0 ? known : ChunkBytes];
        var filled = 0;
        long total = 0;
        var scanner = new SectionScanner();
        while (true)
        {
            if (filled == chunk.Length)
            {
                chunks.Add(chunk);
                chunk = new byte[ChunkBytes];
                filled = 0;
            }
            var n = stream.Read(chunk, filled, chunk.Length - filled);
            if (n == 0)
            {
                break;
            }
            var wellFormed = scanner.Scan(chunk.AsSpan(filled, n), total);
            filled += n;
            total += n;
            if (total > maxBytes)
            {
                throw new WasmDecodeException(maxBytes, $"module larger than the limit of {maxBytes} bytes");
            }
            if (!wellFormed)
            {
                break;
            }
        }
        if (chunks.Count == 0 && filled == chunk.Length)
        {
            return chunk;
        }
        var bytes = new byte[total];
        var at = 0;
        foreach (var c in chunks)
        {
            c.CopyTo(bytes, at);
            at += c.Length;
        }
        chunk.AsSpan(0, filled).CopyTo(bytes.AsSpan(at));
        return bytes;
    }

    /// <summary>Follows the header and section headers of a module as its bytes arrive.</summary>
    private struct SectionScanner
    {
        private static ReadOnlySpan<byte> Header => [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00];

        private long _next;     // offset of the next header byte to check
        private bool _inSize;   // between a section id and the end of its size
        private byte _id;
        private ulong _size;
        private int _shift;

        /// <summary>Checks <paramref name="data"/>, which starts at <paramref name="offset"/>; false at a header that cannot be right.</summary>
        public bool Scan(ReadOnlySpan<byte> data, long offset)
        {
            var end = offset + data.Length;
            var pos = _inSize ? offset : _next;
            while (pos < end)
            {
                var b = data[(int)(pos - offset)];
                pos++;
                if (pos <= Header.Length)
                {
                    if (b != Header[(int)pos - 1])
                    {
                        return false;
                    }
                    _next = pos;
                    continue;
                }
                if (!_inSize)
                {
                    if (b > 12)
                    {
                        return false;
                    }
                    (_id, _inSize, _size, _shift) = (b, true, 0, 0);
                    continue;
                }
                _size |= (ulong)(b & 0x7F) << _shift;
                if ((b & 0x80) != 0)
                {
                    if (_shift == 28)
                    {
                        return false;
                    }
                    _shift += 7;
                    continue;
                }
                if (_size > uint.MaxValue || _id == 0 && _size == 0)
                {
                    return false;
                }
                _inSize = false;
                _next = pos + (long)_size;
                pos = _next;
            }
            return true;
        }
    }
}
