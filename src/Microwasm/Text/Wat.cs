namespace Microwasm.Text;

/// <summary>
/// The WebAssembly text format (<c>.wat</c>): turns a text module into the module's binary, which
/// the rest of Microwasm loads like any <c>.wasm</c> file.
/// </summary>
public static class Wat
{
    /// <summary>
    /// Parses a text module, <c>(module $name? field*)</c> or its fields alone, and returns its
    /// binary encoding. The module is not validated: load the bytes to validate it.
    /// </summary>
    /// <exception cref="WatParseException">The text is malformed; the exception says where and what was expected.</exception>
    public static byte[] ToBinary(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return ModuleParser.ParseText(text);
    }
}
