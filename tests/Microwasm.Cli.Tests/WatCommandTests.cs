using Microwasm.Cli.Commands;
using Microwasm.Text;

namespace Microwasm.Cli.Tests;

/// <summary><c>microwasm wat FILE.wasm [-o FILE.wat]</c>.</summary>
public sealed class WatCommandTests() : TempFolderTests("microwasm-wat-")
{
    private static readonly byte[] Module = Wat.ToBinary("""
        (module
          (memory (export "memory") 1)
          (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))
        """);

    [Fact]
    public void PrintsTheTextOnStandardOutput()
    {
        var input = WriteFile("m.wasm", Module);
        var (status, output, error) = CliProcess.InProcess("wat", input);
        Assert.Equal("", error);
        Assert.Equal(0, status);
        Assert.Equal(WatPrinter.Print(Module), output);
        Assert.Contains("i32.add", output);
        Assert.Equal(Module, Wat.ToBinary(output));
    }

    [Fact]
    public void WritesTheTextToTheOutputFileAndWat2WasmGivesTheBytesBack()
    {
        var input = WriteFile("m.wasm", Module);
        var text = Path.Combine(Dir, "m.wat");
        var (status, output, error) = CliProcess.InProcess("wat", input, "-o", text);
        Assert.Equal((0, "", ""), (status, output, error));
        Assert.Equal(WatPrinter.Print(Module), File.ReadAllText(text));
        var back = Path.Combine(Dir, "back.wasm");
        Assert.Equal(0, Wat2WasmCommand.Run(text, back, new StringWriter()));
        Assert.Equal(Module, File.ReadAllBytes(back));
    }

    [Fact]
    public void AMalformedModuleIsExitStatus1WithTheOffset()
    {
        var input = WriteFile("bad.wasm", [.. Module[..^3]]);
        var (status, output, error) = CliProcess.InProcess("wat", input);
        Assert.Equal(1, status);
        Assert.Equal("", output);
        Assert.Matches($"^{System.Text.RegularExpressions.Regex.Escape(input)}: malformed module at byte 0x[0-9A-F]+: .+\n$", error);
    }

    [Fact]
    public void AMissingFileIsExitStatus1()
    {
        var (status, output, error) = CliProcess.InProcess("wat", Path.Combine(Dir, "none.wasm"));
        Assert.Equal(1, status);
        Assert.Equal("", output);
        Assert.StartsWith(Path.Combine(Dir, "none.wasm") + ": ", error);
    }

    [Fact]
    public void ATextFileIsPrintedInThePrintersLayout()
    {
        var input = WriteFile("m.wat", "(module (func (export \"f\") (result i32) (i32.const 42)))");
        var (status, output, _) = CliProcess.InProcess("wat", input);
        Assert.Equal(0, status);
        Assert.Contains("  (func (;0;) (type 0) (result i32)\n    i32.const 42)\n  (export \"f\" (func 0)))\n", output);
    }

    [Fact]
    public void ABadCommandLineIsExitStatus2()
    {
        var (status, _, error) = CliProcess.InProcess("wat");
        Assert.Equal(2, status);
        Assert.StartsWith("microwasm: ", error);
        Assert.Contains("microwasm wat --help", error);
    }
}
