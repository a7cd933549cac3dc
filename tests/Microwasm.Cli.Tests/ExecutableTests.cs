using System.Text.RegularExpressions;
using Microwasm.Cli.Run;
using Microwasm.TestSupport;

namespace Microwasm.Cli.Tests;

/// <summary>
/// The <c>microwasm</c> executable as a user runs it: one command of each kind, as a real process.
/// With <c>MICROWASM_EXE</c> set these run against that executable (the NativeAOT build:
/// <c>tools/aot.sh --test</c>), so they check what must hold in every build kind.
/// </summary>
[Trait("Category", CliProcess.Category)]
public sealed class ExecutableTests
{
    private static readonly string Hello = Path.Combine(TestPrograms.RepositoryRoot, "samples", "hello", "hello.wasm");

    /// <summary>What samples/hello prints; the buffer's address depends on the length of argv[0], the module's path, in the app heap.</summary>
    private const string HelloOutput = @"^Hello world!\nbuf ptr: 0x[0-9a-f]+\nbuf: 1234\n$";

    private static string SpecSuite => Path.GetFullPath(Path.Combine(TestPrograms.RepositoryRoot, "..", "shared", "spec-testsuite"));

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>"JIT" or "NativeAOT", from the first line of <c>--version</c>.</summary>
    private static string BuildKind()
    {
        var (status, output, _) = CliProcess.Run("--version");
        Assert.Equal(0, status);
        var match = Regex.Match(Lines(output)[0], @"^microwasm \d+\.\d+\.\d+ \((JIT|NativeAOT), \.NET \d+\.\d+\.\d+\)$");
        Assert.True(match.Success, $"first line of --version: {Lines(output)[0]}");
        return match.Groups[1].Value;
    }

    [Fact]
    public void HelloPrintsItsThreeLines()
    {
        var (status, output, error) = CliProcess.Run("run", Hello);
        Assert.Equal("", error);
        Assert.Matches(HelloOutput, output);
        Assert.Equal(0, status);
    }

    [Fact]
    public void VersionNamesTheBuildKindAndTheEnginesItHas()
    {
        var kind = BuildKind();
        if (CliProcess.Executable is null)
        {
            Assert.Equal("JIT", kind);   // this test build's CLI runs on the .NET runtime
        }
        var engines = Lines(CliProcess.Run("--version").Out).Single(line => line.StartsWith("engines: ", StringComparison.Ordinal));
        Assert.Equal(kind == "JIT"
            ? "engines: interp, compiler, auto (default auto; auto = interp, tiering up to compiler)"
            : "engines: interp, auto (default auto; auto = interp only, no run-time code generation); not in this NativeAOT build: compiler (needs run-time code generation)", engines);
    }

    [Fact]
    public void TheCompilerEngineRunsOrIsRefusedWithOneLine()
    {
        var (status, output, error) = CliProcess.Run("run", "--engine", "compiler", Hello);
        if (BuildKind() == "JIT")
        {
            Assert.Equal("", error);
            Assert.Matches(HelloOutput, output);
            Assert.Equal(0, status);
        }
        else
        {
            // no silent fall-back to the interpreter: a bad command line for this build
            Assert.Equal(2, status);
            Assert.Equal("", output);
            Assert.Equal(
                "microwasm: the compiler engine is not part of this NativeAOT build (it needs run-time code generation): " +
                "use --engine interp, or the JIT build of microwasm (see: microwasm run --help)",
                Assert.Single(Lines(error)));
        }
    }

    [Fact]
    public void AWasiProgramGetsItsArgumentsEnvironmentAndDirectoryAndExitStatus()
    {
        var directory = Directory.CreateTempSubdirectory("microwasm-exe-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "input.txt"), "from the host");
            var (status, output, error) = CliProcess.Run(
                "run", "--map-dir", "/data::" + directory.FullName, "--env", "GREETING=hi there", "--env", "IN=/data/input.txt",
                "--env", "OUT=/data/output.txt", "--env", "STATUS=7", TestPrograms.Get("wasi-echo"), "one", "--two");
            Assert.Equal("", error);
            Assert.Equal(
                "argv[1]=one\nargv[2]=--two\nGREETING=hi there\nread /data/input.txt: from the host\nwrote /data/output.txt\n", output);
            Assert.Equal(7, status);
            Assert.Equal("written by the guest\n", File.ReadAllText(Path.Combine(directory.FullName, "output.txt")));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void ATrapPrintsTheExceptionAndTheWasmStack()
    {
        var (status, output, error) = CliProcess.Run("run", "-f", "divide", TestPrograms.Get("libc-calc"), "1", "0");
        Assert.Equal(1, status);
        Assert.Equal("", output);
        var lines = Lines(error);
        Assert.Equal("Exception: integer divide by zero", lines[0]);
        Assert.Matches(@"^    at libc-calc!(divide|func\[\d+\])$", lines[1]);
    }

    [Fact]
    public void TimeoutStopsARunawayLoop()
    {
        var (status, _, error) = CliProcess.Run("run", "--timeout", "300", "-f", "spin", TestPrograms.Get("libc-calc"));
        Assert.Equal(ModuleRunner.TimeoutExitCode, status);
        Assert.Equal("Exception: timed out after 300 ms (--timeout)", Lines(error)[0]);
    }

    [Fact]
    public void ValidateInspectAndWat2WasmWork()
    {
        var directory = Directory.CreateTempSubdirectory("microwasm-exe-");
        try
        {
            var wat = Path.Combine(directory.FullName, "add.wat");
            var wasm = Path.Combine(directory.FullName, "add.wasm");
            var bad = Path.Combine(directory.FullName, "bad.wasm");
            File.WriteAllText(wat, """(module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))""");
            File.WriteAllBytes(bad, [0x00, 0x61, 0x73, 0x6d, 0x02, 0x00, 0x00, 0x00]);

            Assert.Equal(0, CliProcess.Run("wat2wasm", wat, "-o", wasm).Status);
            Assert.Equal(Wat.ToWasm(File.ReadAllText(wat)), File.ReadAllBytes(wasm));   // byte-identical to wabt's

            var (status, output, _) = CliProcess.Run("validate", wasm, bad);
            Assert.Equal(1, status);
            var lines = Lines(output);
            Assert.Equal($"{wasm}: OK", lines[0]);
            Assert.StartsWith($"{bad}: ", lines[1]);
            Assert.NotEqual($"{bad}: OK", lines[1]);

            (status, output, _) = CliProcess.Run("inspect", wasm);
            Assert.Equal(0, status);
            Assert.Contains(Lines(output), line => line.Contains("\"add\"", StringComparison.Ordinal) && line.Contains("func[0]", StringComparison.Ordinal));

            (status, output, _) = CliProcess.Run("run", "-f", "add", wasm, "40", "2");
            Assert.Equal(0, status);
            Assert.Equal("0x2a:i32\n", output);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void SpecScriptsPass()
    {
        // a few of the spec suite's scripts: integer, float, SIMD, tables, memory and names
        string[] names = ["i32", "f64", "conversions", "call_indirect", "memory_grow", "bulk", "ref_func", "names", "simd_f32x4_arith", "simd_lane"];
        var scripts = names.Select(name => Path.Combine(SpecSuite, name + ".wast")).ToArray();
        Assert.All(scripts, script => Assert.True(File.Exists(script), $"{script} is missing (../shared/spec-testsuite)"));
        // the 2022 suite is WebAssembly 2.0's: judged as 2.0
        var (status, output, _) = CliProcess.Run(["wast", "--spec", "2.0", .. scripts]);
        var total = Lines(output).Single(line => line.StartsWith("total: ", StringComparison.Ordinal));
        Assert.Matches(@"^total: [1-9]\d* passed, 0 failed, 0 skipped$", total);
        Assert.Equal(0, status);
    }

    [Fact]
    public void ABadCommandLineIsExitStatus2WithOneLine()
    {
        var (status, output, error) = CliProcess.Run("run", "--stack-size", "lots", Hello);
        Assert.Equal(2, status);
        Assert.Equal("", output);
        Assert.StartsWith("microwasm: ", Assert.Single(Lines(error)));
        Assert.EndsWith("(see: microwasm run --help)", error.TrimEnd('\n'));
    }
}
