using System.Globalization;
using System.Text;
using Microwasm.Binary;
using Microwasm.Host;
using Microwasm.Model;
using Microwasm.Runtime;
using Microwasm.TestSupport;
using Microwasm.Validation;

namespace Microwasm.Tests.Runtime;

/// <summary>
/// Names a module supplies reach messages escaped (defect 8 of issue 18): no control character, no
/// bidirectional override, and a bounded length, whatever the module names its imports, exports and
/// functions.
/// </summary>
public sealed class NameEscapingTests
{
    /// <summary>ESC (a terminal escape sequence), BEL, CR (overwrites the line), NUL and U+202E (reverses the text).</summary>
    private const string Hostile = "a\u001b[2Jb\u0007c\rd\0e\u202Ef";

    private const string HostileEscaped = "a\\u{1b}[2Jb\\u{7}c\\rd\\u{0}e\\u{202e}f";

    private static readonly string Megabyte = new('x', 1 << 20);

    /// <summary>Fails unless <paramref name="text"/> is safe to print: no control or format character, line breaks aside.</summary>
    internal static void AssertPrintable(string text)
    {
        foreach (var c in text)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            Assert.False(
                c != '\n' && category is UnicodeCategory.Control or UnicodeCategory.Format,
                $"U+{(int)c:X4} in: {WasmName.Escape(text)}");
        }
    }

    [Theory]
    [InlineData("memory", "memory")]
    [InlineData("", "")]
    [InlineData("wasi_snapshot_preview1", "wasi_snapshot_preview1")]
    [InlineData("grüße 日本 😀", "grüße 日本 😀")]
    [InlineData(Hostile, HostileEscaped)]
    [InlineData("tab\there\nnew", "tab\\there\\nnew")]
    [InlineData("quote\" and back\\slash", "quote\\\" and back\\\\slash")]
    [InlineData("del\u007f c1\u0085\u009b", "del\\u{7f} c1\\u{85}\\u{9b}")]
    [InlineData("bidi\u2066\u2069 zw\u200b\u200d bom\ufeff", "bidi\\u{2066}\\u{2069} zw\\u{200b}\\u{200d} bom\\u{feff}")]
    [InlineData("lines\u2028\u2029", "lines\\u{2028}\\u{2029}")]
    [InlineData("unassigned\U000e0080", "unassigned\\u{e0080}")]
    public void EscapeShowsControlAndFormatCharactersAndKeepsPrintableUnicode(string name, string expected)
    {
        Assert.Equal(expected, WasmName.Escape(name));
        Assert.Equal(expected != name, WasmName.NeedsEscaping(name));
        AssertPrintable(WasmName.Escape(name));
    }

    [Fact]
    public void EscapeShowsLoneSurrogates()
    {
        // not from a module (names are checked UTF-8) but from host strings, which need not be well formed
        var name = "lone\ud800 low\udfff pair\ud83d\ude00";
        Assert.Equal("lone\\u{d800} low\\u{dfff} pair😀", WasmName.Escape(name));
        Assert.True(WasmName.NeedsEscaping(name));
    }

    [Fact]
    public void EscapeReturnsAPrintableNameItself()
    {
        const string name = "fib";
        Assert.Same(name, WasmName.Escape(name));
        Assert.Equal("\"fib\"", WasmName.Quote(name));
        Assert.Equal("", WasmName.Escape((string?)null));
    }

    [Fact]
    public void EscapeCutsLongNamesWithAnEllipsis()
    {
        Assert.Equal(new string('x', WasmName.DefaultMaxLength) + WasmName.Ellipsis, WasmName.Escape(Megabyte));
        Assert.Equal("abcd", WasmName.Escape("abcd", maxLength: 4));
        Assert.Equal("abc…", WasmName.Escape("abcde", maxLength: 3));
        // an escape is never cut in the middle
        Assert.Equal("ab…", WasmName.Escape("ab\u001bcd", maxLength: 5));
        Assert.Equal("ab\\u{1b}…", WasmName.Escape("ab\u001bcd", maxLength: 8));
        // a surrogate pair is never split
        Assert.Equal("a…", WasmName.Escape("a😀", maxLength: 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => WasmName.Escape("a", maxLength: 0));
    }

    [Fact]
    public void EscapeOfBytesShowsInvalidUtf8AsHex()
    {
        Assert.Equal("ok é", WasmName.Escape("ok é"u8));
        Assert.Equal("a\\xffb\\xc3", WasmName.Escape([0x61, 0xFF, 0x62, 0xC3]));
        // an encoded surrogate (ED A0 80) and an overlong slash (C0 AF) are not UTF-8
        Assert.Equal("\\xed\\xa0\\x80 \\xc0\\xaf", WasmName.Escape([0xED, 0xA0, 0x80, 0x20, 0xC0, 0xAF]));
        Assert.Equal(HostileEscaped, WasmName.Escape(Encoding.UTF8.GetBytes(Hostile)));
        Assert.Equal("ab…", WasmName.Escape([0x61, 0x62, 0xFF], maxLength: 5));
    }

    private static CompiledModule Compile(byte[] bytes) => HardeningModules.Compile(bytes);

    [Fact]
    public void UnknownImportNamesAreEscaped()
    {
        var module = Compile(NamedModule.Build(importModule: Hostile, importName: Hostile + "2"));
        var e = Assert.Throws<WasmLinkException>(() => new Linker().Instantiate(new Store(), module));
        Assert.Equal($"unknown import: \"{HostileEscaped}\" \"{HostileEscaped}2\"", e.Message);
        AssertPrintable(e.Message);
    }

    [Fact]
    public void IncompatibleImportNamesAreEscaped()
    {
        var module = Compile(NamedModule.Build(importModule: Hostile, importName: "f"));
        var linker = new Linker().Define(Hostile, "f", new HostFunction(new FuncType([ValueType.I32], []), (_, _) => { }));
        var e = Assert.Throws<WasmLinkException>(() => linker.Instantiate(new Store(), module));
        Assert.StartsWith($"incompatible import type: \"{HostileEscaped}\" \"f\"", e.Message);
        AssertPrintable(e.Message);

        // the embedding API's linker checks a typed delegate against the import
        var loaded = new WasmRuntime().Load(NamedModule.Build(importModule: Hostile, importName: "f"));
        var typed = new WasmLinker().DefineFunction(Hostile, "f", (int x) => { });
        e = Assert.Throws<WasmLinkException>(() => loaded.Instantiate(typed));
        Assert.StartsWith($"incompatible import type: \"{HostileEscaped}\" \"f\"", e.Message);
        AssertPrintable(e.Message);
    }

    [Fact]
    public void AMegabyteImportNameMakesAShortMessage()
    {
        var module = Compile(NamedModule.Build(importModule: "env", importName: Megabyte));
        var e = Assert.Throws<WasmLinkException>(() => new Linker().Instantiate(new Store(), module));
        Assert.Equal($"unknown import: \"env\" \"{new string('x', WasmName.DefaultMaxLength)}…\"", e.Message);
    }

    [Fact]
    public void DuplicateExportNamesAreEscaped()
    {
        var e = Assert.Throws<WasmValidationException>(() => ModuleLoader.Load(NamedModule.Build(exports: [Hostile, Hostile])));
        Assert.Contains($"duplicate export name \"{HostileEscaped}\"", e.Message);
        AssertPrintable(e.Message);

        e = Assert.Throws<WasmValidationException>(() => ModuleLoader.Load(NamedModule.Build(exports: [Megabyte, Megabyte])));
        Assert.True(e.Message.Length < 2 * WasmName.DefaultMaxLength, e.Message.Length.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void TrapStacksEscapeFunctionAndModuleNames()
    {
        var instance = HardeningModules.Instantiate(NamedModule.Build(functionName: Hostile, moduleName: "m\u001b]0;title\u0007"));
        var trap = Assert.Throws<WasmTrap>(() => instance.GetFunction("_start")!.Invoke(instance.Store));
        Assert.Equal([$"m\\u{{1b}}]0;title\\u{{7}}!{HostileEscaped}"], trap.WasmStack);
        AssertPrintable(trap.ToString());
    }

    [Fact]
    public void TrapStacksCutAMegabyteFunctionName()
    {
        var instance = HardeningModules.Instantiate(NamedModule.Build(functionName: Megabyte));
        var trap = Assert.Throws<WasmTrap>(() => instance.GetFunction("_start")!.Invoke(instance.Store));
        Assert.Equal([new string('x', WasmName.DefaultMaxLength) + WasmName.Ellipsis], trap.WasmStack);
    }

    [Fact]
    public void HostFunctionNamesAndTheirExceptionMessagesAreEscapedInTraps()
    {
        var bytes = NamedModule.Build(importModule: Hostile, importName: "f");
        var loaded = new WasmRuntime().Load(bytes);

        var raw = new WasmLinker().DefineFunction(Hostile, "f", new FuncType([], []), (_, _) => throw new IOException("no file \u001b[31mred"));
        var trap = Assert.Throws<WasmTrap>(() => loaded.Instantiate(raw).Invoke("_start"));
        Assert.Equal($"host function {HostileEscaped}.f threw IOException: no file \\u{{1b}}[31mred", trap.Message);
        AssertPrintable(trap.ToString());

        var typed = new WasmLinker().DefineFunction(Hostile, "f", () => throw new IOException("bell\u0007"));
        trap = Assert.Throws<WasmTrap>(() => loaded.Instantiate(typed).Invoke("_start"));
        Assert.Equal($"host function {HostileEscaped}.f threw IOException: bell\\u{{7}}", trap.Message);
        AssertPrintable(trap.ToString());
    }

    [Fact]
    public void TypedLookupsEscapeTheNameAsked()
    {
        var instance = new WasmRuntime().Load(NamedModule.Build(exports: [Hostile])).Instantiate();
        var e = Assert.Throws<WasmLinkException>(() => instance.GetFunction<int>(Hostile + "?"));
        Assert.Equal($"the instance has no export named \"{HostileEscaped}?\"", e.Message);
        e = Assert.Throws<WasmLinkException>(() => instance.GetFunction<int>(Hostile));
        Assert.StartsWith($"exported function \"{HostileEscaped}\" is func", e.Message);
        AssertPrintable(e.Message);
    }

    [Fact]
    public void InvalidUtf8InAnImportNameIsMalformedWithoutTheBytesInTheMessage()
    {
        var bytes = NamedModule.BuildUtf8(importModule: "env"u8.ToArray(), importName: [0x1B, 0xFF, 0x07]);
        var e = Assert.Throws<WasmDecodeException>(() => ModuleLoader.Load(bytes));
        Assert.Contains("malformed UTF-8 encoding", e.Message);
        AssertPrintable(e.Message);
    }

    [Fact]
    public void InvalidUtf8InTheNameSectionIsIgnored()
    {
        // a malformed name section is debug information lost, not a malformed module
        var module = Compile(NamedModule.BuildUtf8(functionName: [0x1B, 0xC0, 0xAF], moduleName: [0xFF]));
        Assert.Null(module.Module.GetFunctionName(0));
        var instance = new Linker().Instantiate(new Store(), module);
        var trap = Assert.Throws<WasmTrap>(() => instance.GetFunction("_start")!.Invoke(instance.Store));
        Assert.Equal(["func[0]"], trap.WasmStack);
    }
}
