using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Microwasm.Cli.Tests;

/// <summary><c>--engine interp|interpreter|compiler|auto</c> on <c>run</c> and <c>wast</c>, and tier-up as <c>run -v</c> reports it.</summary>
public sealed class EngineOptionTests
{
    private static readonly string Hello = Path.Combine(TestPrograms.RepositoryRoot, "samples", "hello", "hello.wasm");

    private const string HelloOutput = @"^Hello world!\nbuf ptr: 0x[0-9a-f]+\nbuf: 1234\n$";

    [Theory]
    [InlineData("interp")]
    [InlineData("interpreter")]
    [InlineData("compiler")]
    [InlineData("auto")]
    public void HelloRunsTheSameOnEveryEngine(string engine)
    {
        var (status, output, error) = CliProcess.InProcess("run", "--engine", engine, Hello);
        Assert.Equal("", error);
        Assert.Matches(HelloOutput, output);
        Assert.Equal(0, status);
    }

    [Fact]
    public void RunVerboseNamesTheEngineAndWhatTierUpPromoted()
    {
        // thresholds 0: promote at the first call, compiling on the calling thread (a measurement knob)
        var (status, output, error) = RunWithTierUp("0,0,sync", "run", "-v", "--engine", "auto", Hello);
        Assert.Equal(0, status);
        Assert.Matches(HelloOutput, output);
        Assert.Contains("[microwasm] compiled for the auto engine at ", error);
        // _start is promoted at its first call; what it calls directly runs compiled from there
        Assert.Matches(@"\[microwasm\] tier-up: [1-9]\d* functions promoted, 0 calls continued from a loop in compiled code\n", error);
    }

    [Fact]
    public void ShortRunsStayInTheInterpreterWithTheDefaultThresholds()
    {
        var (status, output, error) = RunWithTierUp(null, "run", "-v", "--engine", "auto", Hello);
        Assert.Equal(0, status);
        Assert.Matches(HelloOutput, output);
        Assert.Contains("[microwasm] tier-up: 0 functions promoted, 0 calls continued from a loop in compiled code\n", error);
    }

    /// <summary>Runs microwasm as a process with MICROWASM_TIER_UP set to <paramref name="tierUp"/> (unset if null).</summary>
    private static (int Status, string Out, string Err) RunWithTierUp(string? tierUp, params string[] arguments)
    {
        var start = CliProcess.StartInfo(arguments);
        if (tierUp is null)
        {
            start.Environment.Remove("MICROWASM_TIER_UP");
        }
        else
        {
            start.Environment["MICROWASM_TIER_UP"] = tierUp;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("microwasm ran for more than 60 s");
        }
        return (process.ExitCode, output.Result, error);
    }

    [Theory]
    [InlineData("interp")]
    [InlineData("compiler")]
    [InlineData("auto")]
    public void WastRunsOnTheEngineItIsGiven(string engine)
    {
        var script = Path.Combine(Path.GetTempPath(), $"microwasm-engine-{engine}-{Environment.ProcessId}.wast");
        File.WriteAllText(script,
            """
            (module
              (func (export "count") (param $n i32) (result i32) (local $i i32)
                (loop (local.set $i (i32.add (local.get $i) (i32.const 1)))
                      (br_if 0 (i32.lt_u (local.get $i) (local.get $n))))
                (local.get $i))
              (func (export "div") (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0))))
            (assert_return (invoke "count" (i32.const 100000)) (i32.const 100000))
            (assert_return (invoke "count" (i32.const 0)) (i32.const 1))
            (assert_trap (invoke "div" (i32.const 0)) "integer divide by zero")
            """);
        try
        {
            var (status, output, error) = CliProcess.InProcess("wast", "--engine", engine, script);
            Assert.Equal("", error);
            // the module, the two returns and the trap
            Assert.Contains("total: 4 passed, 0 failed, 0 skipped", output);
            Assert.Equal(0, status);
        }
        finally
        {
            File.Delete(script);
        }
    }

    [Fact]
    public void AnUnknownEngineIsABadCommandLine()
    {
        var (status, output, error) = CliProcess.InProcess("run", "--engine", "turbo", Hello);
        Assert.Equal(2, status);
        Assert.Equal("", output);
        Assert.Contains("turbo", error);
        Assert.True(RuntimeFeature.IsDynamicCodeSupported);
    }
}
