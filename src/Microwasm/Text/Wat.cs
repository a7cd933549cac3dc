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

    /// <summary>
    /// As <see cref="ToBinary(string)"/>; with <paramref name="nameSection"/>, the binary ends with a
    /// "name" custom section of the text's function and local <c>$ids</c> (as <c>wat2wasm
    /// --debug-names</c> writes it), so traps and the printer can show them.
    /// </summary>
    /// <exception cref="WatParseException">The text is malformed; the exception says where and what was expected.</exception>
    public static byte[] ToBinary(string text, bool nameSection)
    {
        ArgumentNullException.ThrowIfNull(text);
        return ModuleParser.ParseText(text, nameSection);
    }
}
