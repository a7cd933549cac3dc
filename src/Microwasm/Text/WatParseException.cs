namespace Microwasm.Text;

/// <summary>
/// The text is not well-formed WebAssembly text (<c>.wat</c> or <c>.wast</c>): a bad token, a number
/// out of range, an unknown name or an unexpected token. Carries the position and what was expected.
/// </summary>
public sealed class WatParseException : WasmException
{
    public WatParseException(int line, int column, string reason)
        : base($"{line}:{column}: {reason}")
    {
        Line = line;
        Column = column;
        Reason = reason;
    }

    /// <summary>The 1-based line of the offending token.</summary>
    public int Line { get; }

    /// <summary>The 1-based column (in UTF-16 characters) of the offending token.</summary>
    public int Column { get; }

    /// <summary>What was wrong or expected, without the position.</summary>
    public string Reason { get; }
}
