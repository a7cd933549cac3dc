using System.Text;
using Microwasm.Cli.Commands;
using Microwasm.Cli.Run;
using Microwasm.Cli.Wast;

namespace Microwasm.Cli.Tests;

/// <summary>The commands on text: <c>wat2wasm</c>, <c>validate</c>/<c>inspect</c>/<c>run</c> of a <c>.wat</c>, and <c>wast</c> of a <c>.wast</c> script.</summary>
public sealed class TextFormatCommandTests() : TempFolderTests("microwasm-text-")
{
    private const string Module = """
        (module
          (memory (export "memory") 1)
          (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
          (func (export "_start")))
        """;

    private string WriteText(string name, string text) => WriteFile(name, text);

    [Fact]
    public void Wat2WasmWritesTheBinary()
    {
        var input = WriteText("m.wat", Module);
        var error = new StringWriter();
        Assert.Equal(0, Wat2WasmCommand.Run(input, null, error));
        Assert.Equal("", error.ToString());
        var bytes = File.ReadAllBytes(Path.ChangeExtension(input, ".wasm"));
        Assert.Equal(Microwasm.Text.Wat.ToBinary(Module), bytes);
        var module = Microwasm.Runtime.ModuleLoader.Load(bytes).Module;
        Assert.Equal(["memory", "add", "_start"], module.Exports.Select(e => e.Name));
    }

    [Fact]
    public void Wat2WasmReportsTheErrorPosition()
    {
        var input = WriteText("bad.wat", "(module\n  (func (i32.const 0x)))");
        var error = new StringWriter();
        Assert.Equal(1, Wat2WasmCommand.Run(input, Path.Combine(Path.GetDirectoryName(input)!, "out.wasm"), error));
        Assert.Equal($"{input}:2:20: unexpected \"0x\", expected an i32 literal", error.ToString().TrimEnd());
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(input)!, "out.wasm")));
    }

    [Fact]
    public void ValidateAndInspectAcceptText()
    {
        var input = WriteText("m.wat", Module);
        var output = new StringWriter();
        Assert.Equal(0, ValidateCommand.Run([input], output));
        Assert.Equal($"{input}: OK", output.ToString().TrimEnd());
        var inspected = new StringWriter();
        Assert.Equal(0, InspectCommand.Run(input, inspected, new StringWriter()));
        Assert.StartsWith("m.wat: ", inspected.ToString());
        Assert.Contains("add", inspected.ToString());
    }

    [Fact]
    public void RunAcceptsText()
    {
        var input = WriteText("m.wat", Module);
        var output = new MemoryStream();
        var error = new MemoryStream();
        var status = Program.Invoke(["run", "--invoke", "add", input, "40", "2"], new RunConsole(new MemoryStream(), output, error));
        Assert.Equal("", Encoding.UTF8.GetString(error.ToArray()));
        Assert.Equal(0, status);
        Assert.Equal("0x2a:i32", Encoding.UTF8.GetString(output.ToArray()).Trim());
    }

    [Fact]
    public void WastRunsAScriptFromText()
    {
        var script = WriteText("s.wast", Module.Replace("(module", "(module $M") + """

            (assert_return (invoke "add" (i32.const 1) (i32.const 2)) (i32.const 3))
            (assert_return (invoke $M "add" (i32.const -1) (i32.const 1)) (i32.const 0))
            (assert_malformed (module quote "(func (i32.const nan))") "unexpected token")
            (assert_invalid (module (func (result i32))) "type mismatch")
            (assert_trap (invoke "add" (i32.const 0) (i32.const 0)) "unreachable")
            """);
        var output = new StringWriter();
        Assert.Equal(1, WastRunCommand.Run([script], verbose: true, output));
        var text = output.ToString();
        Assert.Contains("s.wast: 5 passed, 1 failed, 0 skipped", text);
        Assert.Contains("line 9: assert_trap: invoke \"add\"(i32:0, i32:0) returned i32:0; expected trap \"unreachable\"", text);
    }
}
