using System.Diagnostics;

namespace Microwasm.Cli.Tests;

/// <summary>
/// A second program compiled once by <c>microwasm compile --native</c>, with <c>-f check</c> baked in:
/// a module whose entry points the NativeAOT program can only call through the entry thunks saved
/// with its code (ModuleCompiler.EmitEntryTable), as it generates none: references as parameters, a
/// v128 and references among several results, an interpreted function (its frame is above the
/// compiler's limit) calling a compiled one with two results, and a call_indirect through a table.
/// </summary>
public sealed class NativeEntryFixture : IDisposable
{
    /// <summary>The module (text format, which the CLI accepts).</summary>
    public static readonly string Module =
        $$"""
        (module
          (table $t 1 funcref)
          (elem (table $t) (i32.const 0) func $twice)
          (func $twice (param i32) (result i32) (i32.shl (local.get 0) (i32.const 1)))
          ;; compiled, two results; called by the interpreted $big only
          (func $helper (param i32) (result i32 i64) (i32.mul (local.get 0) (i32.const 7)) (i64.extend_i32_s (local.get 0)))
          ;; a frame above the compiler's limit (80 KB of locals): left to the interpreter
          (func $big (param $x i32) (result i64)
            (local {{string.Join(" ", Enumerable.Repeat("i64", 10_000))}})
            (call $helper (local.get $x))
            (local.set 9999)
            (i64.add (i64.extend_i32_u) (local.get 9999)))
          (func (export "check") (param $x i32) (param $e externref) (param $f funcref) (result v128 funcref i64 i32 externref)
            (i32x4.add (i32x4.splat (local.get $x)) (v128.const i32x4 1 2 3 4))
            (table.get $t (i32.const 0))
            (call $big (local.get $x))
            (i32.add
              (i32.add (ref.is_null (local.get $e)) (i32.shl (ref.is_null (local.get $f)) (i32.const 1)))
              (call_indirect (param i32) (result i32) (local.get $x) (i32.const 0)))
            (local.get $e)))
        """;

    public NativeEntryFixture()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("microwasm-native-entry-test-");
        Wat = Path.Combine(Directory.FullName, "entries.wat");
        File.WriteAllText(Wat, Module);
        Executable = Path.Combine(Directory.FullName, "entries");
        Compile = CliProcess.InProcess("compile", "--native", "-f", "check", Wat, "-o", Executable);
    }

    public DirectoryInfo Directory { get; }

    public string Wat { get; }

    public string Executable { get; }

    /// <summary>What <c>compile --native</c> said.</summary>
    public (int Status, string Out, string Err) Compile { get; }

    public void Dispose() => Directory.Delete(recursive: true);
}

/// <summary>The baked <c>-f</c> of a function <c>run</c>'s old reflection entry could not call: the same results as <c>microwasm run</c>.</summary>
public sealed class NativeEntryTests(NativeEntryFixture fixture) : IClassFixture<NativeEntryFixture>
{
    private (int Status, string Out, string Err) Run(params string[] arguments)
    {
        Assert.True(fixture.Compile.Status == 0, $"compile --native failed: {fixture.Compile.Err}");
        var start = new ProcessStartInfo(fixture.Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        return CliProcess.RunToEnd(start, "the compiled program");
    }

    [Fact]
    public void SeveralResultsVectorsAndReferencesPassThroughTheSavedThunk()
    {
        // v128: 5 + (1 2 3 4); funcref: the table's; i64: $big(5) = 35 + 5 (through $helper's two results);
        // i32: both references null (1 + 2) + call_indirect $twice(5); externref: null back
        const string expected = "0x00000009000000080000000700000006:v128\nfunc:funcref\n0x28:i64\n0xd:i32\nnull:externref\n";
        Assert.Equal((0, expected, ""), Run("5", "null", "null"));
        // the same as `microwasm run` on the compiler (JIT, thunks made at run time) and on the interpreter
        Assert.Equal((0, expected, ""), CliProcess.InProcess("run", "--engine", "compiler", "-f", "check", fixture.Wat, "5", "null", "null"));
        Assert.Equal((0, expected, ""), CliProcess.InProcess("run", "--engine", "interpreter", "-f", "check", fixture.Wat, "5", "null", "null"));
    }

    [Fact]
    public void ANegativeArgumentIsSignExtendedWhereTheModuleSaysSo()
    {
        // v128: -1 + (1 2 3 4); i64: (u32)(-1 * 7) + (-1), $helper's i64 sign-extended; i32: 3 + $twice(-1)
        Assert.Equal((0, "0x00000003000000020000000100000000:v128\nfunc:funcref\n0xfffffff8:i64\n0x1:i32\nnull:externref\n", ""),
            Run("-1", "null", "null"));
    }

    [Fact]
    public void AWrongArgumentCountIsRunsError()
    {
        var (status, stdout, stderr) = Run("5", "null");
        Assert.Equal(1, status);
        Assert.Equal("", stdout);
        Assert.Equal("error: check: the function takes 3 arguments (i32 externref funcref) -> (v128 funcref i64 i32 externref), got 2\n", stderr);
    }
}
