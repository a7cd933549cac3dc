using System.Text;

namespace Microwasm.TestSupport;

/// <summary>
/// Builds the binary of a module whose names are chosen by a test (hostile ones: control characters,
/// bidirectional overrides, invalid UTF-8, a megabyte long), to check that every message and every
/// printed line escapes them. Compiled into each test project that needs it (linked from tests/Shared).
/// </summary>
/// <remarks>
/// The module: <c>(type (func))</c>, an optional function import, one function that calls the import
/// if there is one and then runs <c>unreachable</c>, exported under each export name and as <c>_start</c>, a name section giving
/// the module and the function a name, and an optional custom section.
/// </remarks>
internal static class NamedModule
{
    public static byte[] Build(
        string? importModule = null,
        string? importName = null,
        string[]? exports = null,
        string? functionName = null,
        string? moduleName = null,
        string? customSection = null) =>
        BuildUtf8(
            Utf8(importModule),
            Utf8(importName),
            exports?.Select(e => Utf8(e)!).ToArray(),
            Utf8(functionName),
            Utf8(moduleName),
            Utf8(customSection));

    /// <summary><see cref="Build"/> from the names' bytes, which need not be UTF-8.</summary>
    public static byte[] BuildUtf8(
        byte[]? importModule = null,
        byte[]? importName = null,
        byte[][]? exports = null,
        byte[]? functionName = null,
        byte[]? moduleName = null,
        byte[]? customSection = null)
    {
        var module = new List<byte> { 0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00 };
        Section(module, 1, [0x01, 0x60, 0x00, 0x00]);
        var imported = importModule is not null || importName is not null;
        if (imported)
        {
            Section(module, 2, [0x01, .. Name(importModule ?? []), .. Name(importName ?? []), 0x00, 0x00]);
        }
        var function = imported ? (byte)1 : (byte)0;
        Section(module, 3, [0x01, 0x00]);
        var exportEntries = new List<byte>();
        var exportNames = (exports ?? []).Append("_start"u8.ToArray()).ToArray();
        Leb(exportEntries, (uint)exportNames.Length);
        foreach (var name in exportNames)
        {
            exportEntries.AddRange([.. Name(name), 0x00, function]);
        }
        Section(module, 7, [.. exportEntries]);
        // (call $import) first if there is one, so a test can make the host function throw
        Section(module, 10, imported ? [0x01, 0x05, 0x00, 0x10, 0x00, 0x00, 0x0b] : [0x01, 0x03, 0x00, 0x00, 0x0b]);
        var names = new List<byte>();
        if (moduleName is not null)
        {
            Section(names, 0, Name(moduleName));
        }
        if (functionName is not null)
        {
            Section(names, 1, [0x01, function, .. Name(functionName)]);
        }
        if (names.Count > 0)
        {
            Section(module, 0, [.. Name("name"u8.ToArray()), .. names]);
        }
        if (customSection is not null)
        {
            Section(module, 0, [.. Name(customSection), 0x2a]);
        }
        return [.. module];
    }

    private static byte[]? Utf8(string? text) => text is null ? null : Encoding.UTF8.GetBytes(text);

    private static byte[] Name(byte[] bytes)
    {
        var name = new List<byte>();
        Leb(name, (uint)bytes.Length);
        name.AddRange(bytes);
        return [.. name];
    }

    private static void Section(List<byte> module, byte id, byte[] content)
    {
        module.Add(id);
        Leb(module, (uint)content.Length);
        module.AddRange(content);
    }

    private static void Leb(List<byte> bytes, uint value) => bytes.AddRange(Leb128.Unsigned(value));
}
