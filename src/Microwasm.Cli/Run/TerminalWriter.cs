using System.Globalization;
using System.Text;

namespace Microwasm.Cli.Run;

/// <summary>
/// The writer for everything the command itself prints (not the guest's output): a last line of
/// defence that shows a control character as <c>\u{hex}</c> instead of passing it to the terminal.
/// </summary>
/// <remarks>
/// Names a module supplies are escaped where messages are built (<see cref="Microwasm.Model.WasmName"/>);
/// this writer catches whatever text reaches the terminal without passing there, such as a host
/// library's exception message quoting a guest path. Line breaks and tabs are the command's own layout
/// and pass; so does everything printable, surrogate pairs included.
/// </remarks>
internal sealed class TerminalWriter(TextWriter inner) : TextWriter(CultureInfo.InvariantCulture)
{
    public override Encoding Encoding => inner.Encoding;

    public override string NewLine
    {
        get => inner.NewLine;
#pragma warning disable CS8765 // the base accepts null as "the default"
        set => inner.NewLine = value;
#pragma warning restore CS8765
    }

    public override void Write(char value) => Write(new ReadOnlySpan<char>(in value));

    public override void Write(string? value) => Write(value.AsSpan());

    public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

    public override void Write(ReadOnlySpan<char> buffer)
    {
        var start = 0;
        for (var i = 0; i < buffer.Length; i++)
        {
            // a CR only as part of a CRLF line break: alone it would return to the start of the line
            if (IsSafe(buffer[i]) || buffer[i] == '\r' && i + 1 < buffer.Length && buffer[i + 1] == '\n')
            {
                continue;
            }
            inner.Write(buffer[start..i]);
            inner.Write($"\\u{{{(int)buffer[i]:x}}}");
            start = i + 1;
        }
        inner.Write(buffer[start..]);
    }

    // The line break is the inner writer's own, so "\r\n" stays whole where that is the convention.
    public override void WriteLine() => inner.WriteLine();

    public override void WriteLine(string? value)
    {
        Write(value);
        inner.WriteLine();
    }

    public override void WriteLine(ReadOnlySpan<char> buffer)
    {
        Write(buffer);
        inner.WriteLine();
    }

    public override void Flush() => inner.Flush();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }

    private static bool IsSafe(char c)
    {
        if (c < 0x80)
        {
            return c is >= ' ' and < (char)0x7F or '\n' or '\t';
        }
        return CharUnicodeInfo.GetUnicodeCategory(c) is not (UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator);
    }
}
