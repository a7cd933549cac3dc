using System.Text;

namespace Microwasm.AppFramework.Applets;

/// <summary>
/// A writer that passes whole lines to another writer, each prefixed (e.g. <c>[timer] </c>), so the
/// output of applets running at once stays readable. A line is held until its newline (or until it
/// reaches 4,096 characters, so an applet that never ends a line cannot hold memory).
/// </summary>
public sealed class PrefixedLineWriter : TextWriter
{
    private const int MaxLine = 4096;
    private readonly TextWriter _inner;
    private readonly string _prefix;
    private readonly StringBuilder _line = new();

    public PrefixedLineWriter(TextWriter inner, string prefix)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _prefix = prefix;
    }

    public override Encoding Encoding => _inner.Encoding;

    public override void Write(char value)
    {
        lock (_line)
        {
            if (value == '\n')
            {
                EmitLine();
                return;
            }
            if (value != '\r')
            {
                _line.Append(value);
            }
            if (_line.Length >= MaxLine)
            {
                EmitLine();
            }
        }
    }

    public override void Write(ReadOnlySpan<char> buffer)
    {
        lock (_line)
        {
            foreach (var c in buffer)
            {
                Write(c);
            }
        }
    }

    public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

    public override void Write(string? value) => Write(value.AsSpan());

    /// <summary>Flushes the inner writer; a line without its newline yet stays held (the builtin libc flushes after every printf).</summary>
    public override void Flush() => _inner.Flush();

    /// <summary>Writes out a held partial line, if any (an applet's last words before it stops).</summary>
    public void FlushPartialLine()
    {
        lock (_line)
        {
            if (_line.Length > 0)
            {
                EmitLine();
            }
        }
        _inner.Flush();
    }

    private void EmitLine()
    {
        var text = _prefix + _line.ToString();
        _line.Clear();
        lock (_inner)
        {
            _inner.WriteLine(text);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            FlushPartialLine();
        }
        base.Dispose(disposing);
    }
}
