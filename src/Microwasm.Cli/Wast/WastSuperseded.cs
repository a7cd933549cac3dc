namespace Microwasm.Cli.Wast;

/// <summary>
/// Assertions of the 2026 suite that its own core scripts contradict: the threads proposal's
/// scripts (<c>proposals/threads/</c>) were written against WebAssembly 1.0, and a few of their
/// assertions are what 1.0 said and 2.0 or 3.0 changed. No engine can pass both them and the core
/// scripts, so they are counted apart as "superseded" (never as passed), each with its reason.
/// Matched by script and expected text, not by line, so an edit of the script does not move them.
/// </summary>
public static class WastSuperseded
{
    private static readonly (string Script, string Type, string Text, string Reason)[] s_assertions =
    [
        ("proposals/threads/imports.wast", "assert_invalid", "multiple tables",
            "superseded: WebAssembly 1.0's single table (2.0 allows several; the threads proposal predates it)"),
        ("proposals/threads/memory.wast", "assert_malformed", "i32 constant out of range",
            "superseded: 2.0's 32-bit limits in the text format (3.0 reads them as u64: invalid, as core memory.wast says)"),
    ];

    /// <summary>The reason <paramref name="command"/> of the script at <paramref name="scriptPath"/> is superseded, or null.</summary>
    public static string? Reason(string scriptPath, WastCommand command)
    {
        var path = scriptPath.Replace('\\', '/');
        foreach (var (script, type, text, reason) in s_assertions)
        {
            if (command.Type == type && command.Text == text && path.EndsWith("/" + script, StringComparison.Ordinal))
            {
                return reason;
            }
        }
        return null;
    }
}
