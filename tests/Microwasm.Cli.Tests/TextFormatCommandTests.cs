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

    /// <summary>A 3.0 script: what uses a feature Microwasm lacks is "unsupported: FEATURE", and so is what depends on it.</summary>
    private const string Wasm30Script = """
        (module $M (memory (export "mem") 1) (func (export "read") (param i32) (result i32) (i32.load8_u (local.get 0))))
        (register "M" $M)
        (module $W (memory i64 1) (func (export "f") (result i32) (i32.const 1)))
        (register "W" $W)
        (assert_return (invoke $W "f") (i32.const 1))
        (module (import "W" "f" (func (result i32))))
        (assert_invalid (module (memory i64 1) (func (drop (i32.load (i32.const 0))))) "type mismatch")
        (assert_malformed (module binary "\00asm" "\01\00\00\00" "\05\02\01\10") "malformed limits flags")
        (module (memory (import "M" "mem") 1) (memory 1) (data (memory 0) (i32.const 0) "\2a"))
        (assert_return (invoke $M "read" (i32.const 0)) (i32.const 42))
        (assert_return (invoke $M "read" (i32.const 1)) (i32.const 0))
        (module (func (export "g") (result i32) (return_call 1)) (func (result i32) (i32.const 7)))
        (assert_invalid (module (memory 1) (memory 1)) "multiple memories")
        """;

    [Fact]
    public void WastCountsWhatA30ScriptUsesAsUnsupportedByFeature()
    {
        var script = WriteText("w.wast", Wasm30Script);
        var output = new StringWriter();
        Assert.Equal(0, WastRunCommand.Run([script], verbose: true, output, table: true));
        var lines = output.ToString().Split(Environment.NewLine);
        // passed: module $M, its register, the malformed limits flag; the rest is unsupported, including
        // what imports from the memory64 module and what reads a memory a multi-memory module writes
        Assert.Equal("w.wast: 3 passed, 0 failed, 10 skipped", lines[0]);
        Assert.Equal("  unsupported: memory64 5, multi-memory 4, tail-call 1", lines[1]);
        Assert.Contains("unsupported: 10 (memory64 5, multi-memory 4, tail-call 1)", lines);
        Assert.Contains("| unsupported: memory64 | 5 |", lines);
        Assert.Contains("| failed | 0 |", lines);
    }

    [Fact]
    public void WastJudgesA20ScriptAs20Does()
    {
        // WebAssembly 2.0: a second memory is invalid and a 64-bit limits flag malformed
        var script = WriteText("v.wast", """
            (assert_invalid (module (memory 1) (memory 1)) "multiple memories")
            (assert_malformed (module binary "\00asm" "\01\00\00\00" "\05\03\01\04\01") "integer too large")
            (assert_malformed (module quote "(memory 0x1_0000_0000)") "i32 constant out of range")
            """);
        var output = new StringWriter();
        Assert.Equal(0, WastRunCommand.Run([script], verbose: true, output, wasm20: true));
        Assert.StartsWith("v.wast: 3 passed, 0 failed, 0 skipped", output.ToString());

        output = new StringWriter();
        Assert.Equal(1, WastRunCommand.Run([script], verbose: true, output));
        Assert.StartsWith("v.wast: 0 passed, 1 failed, 2 skipped", output.ToString());
    }
}
