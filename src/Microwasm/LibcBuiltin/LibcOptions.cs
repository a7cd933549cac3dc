using System.Text;

namespace Microwasm.LibcBuiltin;

/// <summary>Where the builtin libc's output goes.</summary>
public sealed class LibcOptions
{
    /// <summary>
    /// The byte stream printf, puts and putchar write to. When null, <see cref="StdoutWriter"/> is
    /// used; when both are null, the process's standard output.
    /// </summary>
    public Stream? Stdout { get; init; }

    /// <summary>
    /// A text writer for the output when <see cref="Stdout"/> is null. The guest's bytes are decoded
    /// as UTF-8, keeping a partial sequence across calls (putchar writes one byte at a time).
    /// </summary>
    public TextWriter? StdoutWriter { get; init; }
}

/// <summary>The output sink of one set of libc imports; serialised so concurrent callers do not interleave bytes of one call.</summary>
internal sealed class LibcOutput
{
    private readonly object _lock = new();
    private readonly Stream? _stream;
    private readonly TextWriter? _writer;
    private readonly Decoder? _decoder;
    private readonly char[] _chars = new char[4096];

    public LibcOutput(LibcOptions options)
    {
        if (options.Stdout is not null)
        {
            _stream = options.Stdout;
        }
        else if (options.StdoutWriter is not null)
        {
            _writer = options.StdoutWriter;
            _decoder = new UTF8Encoding(false).GetDecoder();
        }
        else
        {
            _stream = Console.OpenStandardOutput();
        }
    }

    public void Write(ReadOnlySpan<byte> bytes) => Write(bytes, default);

    /// <summary>Writes <paramref name="bytes"/> and then <paramref name="suffix"/> as one piece of output (puts' newline).</summary>
    public void Write(ReadOnlySpan<byte> bytes, ReadOnlySpan<byte> suffix)
    {
        lock (_lock)
        {
            WriteLocked(bytes);
            WriteLocked(suffix);
            if (_stream is not null)
            {
                _stream.Flush();
            }
            else
            {
                _writer!.Flush();
            }
        }
    }

    private void WriteLocked(ReadOnlySpan<byte> bytes)
    {
        if (_stream is not null)
        {
            _stream.Write(bytes);
            return;
        }
        // a slice at a time, so the characters buffer stays small however long the guest's string
        // (puts of a 1 GiB string would otherwise have needed 2 GiB of chars)
        while (!bytes.IsEmpty)
        {
            // half the buffer: a decoder's pending bytes can add characters to a slice's own
            var slice = bytes[..Math.Min(bytes.Length, _chars.Length / 2)];
            var n = _decoder!.GetChars(slice, _chars, flush: false);
            _writer!.Write(_chars, 0, n);
            bytes = bytes[slice.Length..];
        }
    }
}
