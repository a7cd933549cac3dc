using System.Collections.Concurrent;

namespace Microwasm.TestSupport;

/// <summary>
/// Test modules written in the WebAssembly text format, assembled by Microwasm's own parser
/// (<see cref="Microwasm.Text.Wat"/>) on first use, so a test shows the module it runs and no
/// hand-copied bytes can drift from it. Compiled into each test project that needs it (linked from
/// tests/Shared).
/// </summary>
internal static class Wat
{
    private static readonly ConcurrentDictionary<(string Text, bool DebugNames), byte[]> s_modules = new();

    /// <summary>The binary of module <paramref name="text"/>; with <paramref name="debugNames"/>, a name section from its $names.</summary>
    /// <exception cref="InvalidOperationException">The text does not parse: the message says where.</exception>
    public static byte[] ToWasm(string text, bool debugNames = false) =>
        s_modules.GetOrAdd((text, debugNames), key => Assemble(key.Text, key.DebugNames));

    private static byte[] Assemble(string text, bool debugNames)
    {
        try
        {
            return Microwasm.Text.Wat.ToBinary(text, debugNames);
        }
        catch (Microwasm.Text.WatParseException ex)
        {
            throw new InvalidOperationException($"a test module does not parse: {ex.Message}\n{text}", ex);
        }
    }
}
