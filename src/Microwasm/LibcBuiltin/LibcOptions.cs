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
    private char[] _chars = new char[256];

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

    public void Write(ReadOnlySpan<byte> bytes)
    {
        lock (_lock)
        {
            if (_stream is not null)
            {
                _stream.Write(bytes);
                _stream.Flush();
                return;
            }
            var needed = _decoder!.GetCharCount(bytes, flush: false);
            if (needed > _chars.Length)
            {
                _chars = new char[Math.Max(needed, _chars.Length * 2)];
            }
            var n = _decoder.GetChars(bytes, _chars, flush: false);
            _writer!.Write(_chars, 0, n);
            _writer.Flush();
        }
    }
}
