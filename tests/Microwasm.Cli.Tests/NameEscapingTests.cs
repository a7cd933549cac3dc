using System.Globalization;
using System.Text;
using Microwasm.Cli.Run;
using Microwasm.TestSupport;

namespace Microwasm.Cli.Tests;

/// <summary>
/// Every line the commands print about a module with hostile names (issue 18, defect 8) is free of
/// control and format characters and of bounded length: the names show escaped.
/// </summary>
public sealed class NameEscapingTests() : TempFolderTests("microwasm-names-")
{
    /// <summary>ESC (clear screen), BEL, CR (overwrites the line), NUL and U+202E (reverses the text).</summary>
    private const string Hostile = "a\u001b[2Jb\u0007c\rd\0e\u202Ef";

    private const string HostileEscaped = "a\\u{1b}[2Jb\\u{7}c\\rd\\u{0}e\\u{202e}f";

    private static readonly string Megabyte = new('x', 1 << 20);

    private string Write(byte[] bytes) => WriteFile("names.wasm", bytes);

    private static (int Status, string Out, string Err) Invoke(string stdin, params string[] args)
    {
        var output = new MemoryStream();
        var error = new MemoryStream();
        var status = Program.Invoke(args, new RunConsole(new MemoryStream(Encoding.UTF8.GetBytes(stdin)), output, error));
        var (text, errorText) = (Encoding.UTF8.GetString(output.ToArray()), Encoding.UTF8.GetString(error.ToArray()));
        AssertPrintable(text);
        AssertPrintable(errorText);
        return (status, text, errorText);
    }

    private static void AssertPrintable(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            Assert.True(line.Length < 4096, $"a line of {line.Length} characters");
            foreach (var c in line)
            {
                Assert.False(
                    CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format,
                    $"U+{(int)c:X4} in: {line}");
            }
        }
    }

    // Every name the module has (import module and field, export, function, module, custom section) is name.
    private string Inspect(string name)
    {
        var file = Write(NamedModule.Build(
            importModule: name, importName: name, exports: [name], functionName: name, moduleName: name, customSection: name));
        var (status, output, _) = Invoke("", "inspect", file);
        Assert.Equal(0, status);
        return output;
    }

    [Fact]
    public void InspectEscapesImportsExportsTheNameSectionAndCustomSections() =>
        InspectCommandTests.AssertContainsAll(
            Inspect(Hostile),
            $" - func[0] sig=0 () -> () <- {HostileEscaped}.{HostileEscaped}",
            $" - func[1] sig=0 <{HostileEscaped}> () -> () size=4",
            $" - func[1] <{HostileEscaped}> -> \"{HostileEscaped}\"",
            " - \"name\" size=",
            $" module name: \"{HostileEscaped}\"",
            $" - \"{HostileEscaped}\" size=1",
            $"(size=0x00000012) \"{HostileEscaped}\"");

    [Fact]
    public void InspectCutsMegabyteNames() =>
        Assert.Contains($"\"{new string('x', 256)}…\" size=1", Inspect(Megabyte));

    [Fact]
    public void RunEscapesUnknownImports()
    {
        var file = Write(NamedModule.Build(importModule: Hostile, importName: Megabyte));
        var (status, _, error) = Invoke("", "run", file);
        Assert.Equal(1, status);
        Assert.StartsWith($"error: {file}: unknown import: \"{HostileEscaped}\" \"xxx", error);
    }

    [Fact]
    public void RunEscapesFunctionNamesInTheTrapStack()
    {
        var file = Write(NamedModule.Build(functionName: Hostile));
        var (status, _, error) = Invoke("", "run", file);
        Assert.NotEqual(0, status);
        Assert.Contains($"    at names!{HostileEscaped}", error);
    }

    [Fact]
    public void ValidateEscapesDuplicateExports()
    {
        var file = Write(NamedModule.Build(exports: [Hostile, Hostile]));
        var (status, output, _) = Invoke("", "validate", file);
        Assert.Equal(1, status);
        Assert.Contains($"duplicate export name \"{HostileEscaped}\"", output);
    }

    [Fact]
    public void ReplEscapesExportNames()
    {
        var file = Write(NamedModule.Build(exports: [Hostile]));
        // the line read is split at CR, so the name typed holds the other control characters only
        var (status, output, error) = Invoke("help\n\u001b[31mnope\u0007\n", "run", "--repl", file);
        Assert.Equal(0, status);
        Assert.Contains($"{HostileEscaped} () -> ()", output);
        Assert.Contains("error: no exported function \"\\u{1b}[31mnope\\u{7}\"", error);
    }

    [Fact]
    public void TerminalWriterShowsControlCharactersAndKeepsLineBreaks()
    {
        var inner = new StringWriter { NewLine = "\n" };
        var writer = new TerminalWriter(inner);
        writer.Write("a\u001bb\r\nc\rd\te\u202Ef 😀");
        writer.Write('\u0007');
        writer.WriteLine("end\u0085");
        writer.WriteLine();
        Assert.Equal("a\\u{1b}b\r\nc\\u{d}d\te\\u{202e}f 😀\\u{7}end\\u{85}\n\n", inner.ToString());
    }
}
