using System.Diagnostics;
using System.Text;
using Microwasm.Cli.Run;

namespace Microwasm.Cli.Tests;

/// <summary>
/// <c>microwasm run</c> end to end, through the same entry point as the executable (argument
/// parsing included), with the guest's standard streams captured.
/// </summary>
public class RunCommandTests
{
    private static readonly string Hello = Path.Combine(TestPrograms.RepositoryRoot, "samples", "hello", "hello.wasm");

    private sealed record Result(int Status, string Out, string Err)
    {
        public string[] OutLines => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        public string[] ErrLines => Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private static Result RunWithInput(string stdin, params string[] args)
    {
        var output = new MemoryStream();
        var error = new MemoryStream();
        var console = new RunConsole(new MemoryStream(Encoding.UTF8.GetBytes(stdin)), output, error);
        var status = Program.Invoke(["run", .. args], console);
        return new Result(status, Encoding.UTF8.GetString(output.ToArray()), Encoding.UTF8.GetString(error.ToArray()));
    }

    private static Result Run(params string[] args) => RunWithInput("", args);

    [Fact]
    public void HelloPrintsTheSeedsThreeLines()
    {
        var result = Run(Hello);
        Assert.Equal(0, result.Status);
        Assert.Equal("", result.Err);
        Assert.Equal(3, result.OutLines.Length);
        Assert.Equal("Hello world!", result.OutLines[0]);
        Assert.Matches("^buf ptr: 0x[0-9a-f]+$", result.OutLines[1]);
        Assert.Equal("buf: 1234", result.OutLines[2]);
    }

    [Fact]
    public void WasiProgramGetsArgumentsAndEnvironment()
    {
        // words after FILE belong to the program, even those that look like options
        var result = Run("--env", "GREETING=hello there", "--env=UNUSED=1", TestPrograms.Get("wasi-echo"), "one", "--two", "-v", "--env");
        Assert.Equal(0, result.Status);
        Assert.Equal(["argv[1]=one", "argv[2]=--two", "argv[3]=-v", "argv[4]=--env", "GREETING=hello there"], result.OutLines);
    }

    [Theory]
    [InlineData("STATUS=7", 7)]
    [InlineData("RETURN=5", 5)]
    [InlineData("STATUS=0", 0)]
    public void WasiExitStatusIsTheProgramsStatus(string variable, int status)
    {
        var result = Run("--env", variable, TestPrograms.Get("wasi-echo"));
        Assert.Equal(status, result.Status);
        Assert.Equal("", result.Err);
    }

    [Fact]
    public void WasiProgramReadsAndWritesAPreopenedDirectory()
    {
        var directory = Directory.CreateTempSubdirectory("microwasm-run-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "input.txt"), "from the host");
            var dir = directory.FullName;
            var result = Run("--dir", dir, "--env", $"IN={dir}/input.txt", "--env", $"OUT={dir}/output.txt", TestPrograms.Get("wasi-echo"));
            Assert.Equal(0, result.Status);
            Assert.Contains($"read {dir}/input.txt: from the host", result.OutLines);
            Assert.Equal("written by the guest\n", File.ReadAllText(Path.Combine(dir, "output.txt")));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void WasiProgramSeesAMappedDirectoryUnderItsGuestName()
    {
        var directory = Directory.CreateTempSubdirectory("microwasm-run-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "input.txt"), "mapped");
            var result = Run("--map-dir", "/data::" + directory.FullName, "--env", "IN=/data/input.txt", "--env", "OUT=/data/new.txt", TestPrograms.Get("wasi-echo"));
            Assert.Equal(0, result.Status);
            Assert.Contains("read /data/input.txt: mapped", result.OutLines);
            Assert.True(File.Exists(Path.Combine(directory.FullName, "new.txt")));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void WasiProgramCannotOpenWhatWasNotPreopened()
    {
        var result = Run("--env", "IN=/etc/hostname", TestPrograms.Get("wasi-echo"));
        Assert.Equal(2, result.Status);
        Assert.StartsWith("/etc/hostname: ", result.Err);
    }

    [Fact]
    public void MissingPreopenedDirectoryIsOneLineError()
    {
        var result = Run("--dir", "/no/such/directory", TestPrograms.Get("wasi-echo"));
        Assert.Equal(1, result.Status);
        Assert.Equal(["error: cannot pre-open '/no/such/directory': no such directory"], result.ErrLines);
    }

    [Fact]
    public void BuiltinLibcMainGetsArgvFromTheAppHeapAndItsResultIsTheStatus()
    {
        var result = Run(TestPrograms.Get("libc-calc"), "x", "y z");
        Assert.Equal(3, result.Status);
        Assert.Equal(["argc=3", "argv[1]=x", "argv[2]=y z", "argv[argc]=NULL"], result.OutLines);
    }

    [Fact]
    public void MainNeedsAnAppHeapForArgv()
    {
        var result = Run("--heap-size", "0", TestPrograms.Get("libc-calc"));
        Assert.Equal(1, result.Status);
        Assert.Single(result.ErrLines);
        Assert.Contains("argv", result.Err);
    }

    [Theory]
    [InlineData("-f")]
    [InlineData("--function")]
    [InlineData("--invoke")]
    public void FunctionIsCalledWithParsedArgumentsAndItsResultPrinted(string option)
    {
        var result = Run(option, "add", TestPrograms.Get("libc-calc"), "40", "-38");
        Assert.Equal(0, result.Status);
        Assert.Equal("0x2:i32\n", result.Out);
    }

    [Fact]
    public void FunctionArgumentsThatDoNotFitAreAnError()
    {
        var result = Run("-f", "add", TestPrograms.Get("libc-calc"), "1");
        Assert.Equal(1, result.Status);
        Assert.Single(result.ErrLines);
        Assert.StartsWith("error: add: the function takes 2 arguments", result.Err);
    }

    [Fact]
    public void MissingFunctionIsAnError()
    {
        var result = Run("-f", "nosuch", TestPrograms.Get("libc-calc"));
        Assert.Equal(1, result.Status);
        Assert.Single(result.ErrLines);
        Assert.Contains("exports no function \"nosuch\"", result.Err);
    }

    [Fact]
    public void TrapExitsWithOneAndPrintsTheExceptionAndWasmStack()
    {
        var result = Run("-f", "divide", TestPrograms.Get("libc-calc"), "1", "0");
        Assert.Equal(1, result.Status);
        Assert.Equal("Exception: integer divide by zero", result.ErrLines[0]);
        Assert.True(result.ErrLines.Length >= 2);
        // by name when the module keeps its name section (clang runs wasm-opt, which drops it, when installed)
        Assert.Matches(@"^    at libc-calc!(divide|func\[\d+\])$", result.ErrLines[1]);
    }

    [Fact]
    public void MissingFileIsOneLineError()
    {
        var result = Run("no-such-file.wasm");
        Assert.Equal(1, result.Status);
        Assert.Equal(["error: cannot read no-such-file.wasm: no such file"], result.ErrLines);
    }

    [Fact]
    public void MalformedModuleIsOneLineError()
    {
        var path = WriteTemporary([0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x01, 0x7F]);
        try
        {
            var result = Run(path);
            Assert.Equal(1, result.Status);
            var line = Assert.Single(result.ErrLines);
            Assert.StartsWith($"error: {path}: malformed module", line);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void InvalidModuleIsOneLineError()
    {
        // (func (result i32)) with an empty body: the result is missing
        var path = WriteTemporary([
            0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00,
            0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7F,
            0x03, 0x02, 0x01, 0x00,
            0x0A, 0x04, 0x01, 0x02, 0x00, 0x0B,
        ]);
        try
        {
            var result = Run(path);
            Assert.Equal(1, result.Status);
            var line = Assert.Single(result.ErrLines);
            Assert.StartsWith($"error: {path}: invalid module", line);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void UnresolvableImportIsOneLineError()
    {
        // (import "env" "nosuch" (func))
        var path = WriteTemporary([
            0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00,
            0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
            0x02, 0x0E, 0x01, 0x03, (byte)'e', (byte)'n', (byte)'v', 0x06, (byte)'n', (byte)'o', (byte)'s', (byte)'u', (byte)'c', (byte)'h', 0x00, 0x00,
        ]);
        try
        {
            var result = Run(path);
            Assert.Equal(1, result.Status);
            var line = Assert.Single(result.ErrLines);
            Assert.Contains("unknown import: \"env\" \"nosuch\"", line);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TimeoutStopsARunawayLoop()
    {
        var clock = Stopwatch.StartNew();
        var result = Run("--timeout", "200", "-f", "spin", TestPrograms.Get("libc-calc"));
        Assert.Equal(ModuleRunner.TimeoutExitCode, result.Status);
        Assert.Equal("Exception: timed out after 200 ms (--timeout)", result.ErrLines[0]);
        Assert.Matches(@"^    at libc-calc!(spin_forever|func\[\d+\])$", result.ErrLines[1]);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }

    [Fact]
    public void TimeoutLeavesAQuickProgramAlone()
    {
        var result = Run("--timeout", "60000", Hello);
        Assert.Equal(0, result.Status);
        Assert.Equal("Hello world!", result.OutLines[0]);
    }

    [Fact]
    public void ReplCallsExportsLineByLineOnOneInstance()
    {
        var input = "add 1 2\ncount\n\ncount\nnosuch 1\nadd 1\ndivide 7 0\ndivide 7 2\nexit\nadd 5 5\n";
        var result = RunWithInput(input, "--repl", TestPrograms.Get("libc-calc"));
        Assert.Equal(0, result.Status);
        // state persists between lines; errors and traps end the line, not the session; nothing runs after exit
        Assert.Equal(["0x3:i32", "0x1:i32", "0x2:i32", "0x3:i32"], result.OutLines);
        Assert.Contains(result.ErrLines, line => line.Contains("no exported function \"nosuch\""));
        Assert.Contains(result.ErrLines, line => line.StartsWith("error: add: the function takes 2 arguments", StringComparison.Ordinal));
        Assert.Contains("Exception: integer divide by zero", result.ErrLines);
    }

    [Fact]
    public void ReplEndsAtTheEndOfInput()
    {
        var result = RunWithInput("count\n", "--repl", TestPrograms.Get("libc-calc"));
        Assert.Equal(0, result.Status);
        Assert.Equal(["0x1:i32"], result.OutLines);
    }

    [Fact]
    public void VersionListsTheProposals()
    {
        var output = new MemoryStream();
        var status = Program.Invoke(["--version"], new RunConsole(new MemoryStream(), output, new MemoryStream()));
        Assert.Equal(0, status);
        var text = Encoding.UTF8.GetString(output.ToArray());
        Assert.StartsWith("microwasm ", text);
        Assert.Contains("proposals: mutable-globals", text);
        Assert.Contains("WASI preview 1", text);
    }

    [Fact]
    public void StackSizeBoundsTheCallDepth()
    {
        var options = new RunOptions { File = "x.wasm", StackSize = 64 * 1024 };
        var runtime = options.CreateRuntimeOptions();
        Assert.Equal(8192, runtime.ValueStackSlots);
        Assert.Equal(1024, runtime.MaxCallDepth);
    }

    [Theory]
    [InlineData(new[] { "run", "a.wasm", "x", "--y" }, new[] { "run", "a.wasm", "--", "x", "--y" })]
    [InlineData(new[] { "run", "-f", "add", "--env", "A=1", "a.wasm", "1" }, new[] { "run", "-f", "add", "--env", "A=1", "a.wasm", "--", "1" })]
    [InlineData(new[] { "run", "--repl", "-v", "--heap-size=0", "a.wasm", "-1" }, new[] { "run", "--repl", "-v", "--heap-size=0", "a.wasm", "--", "-1" })]
    [InlineData(new[] { "run", "a.wasm" }, new[] { "run", "a.wasm" })]
    [InlineData(new[] { "validate", "a.wasm", "b.wasm" }, new[] { "validate", "a.wasm", "b.wasm" })]
    public void WordsAfterTheFileGoToTheProgram(string[] args, string[] expected)
    {
        var run = Commands.RunCommand.Create(new RunConsole(Stream.Null, Stream.Null, Stream.Null));
        Assert.Equal(expected, Commands.RunCommand.SeparateGuestArguments(run, args));
    }

    [Fact]
    [Trait("Category", CliProcess.Category)]
    public void TheExecutableExitsWithTheGuestsStatus()
    {
        var start = CliProcess.StartInfo("run", TestPrograms.Get("libc-calc"), "a", "b", "c", "d");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(5, process.ExitCode);
        Assert.StartsWith("argc=5\n", output);
    }

    private static string WriteTemporary(byte[] bytes)
    {
        var path = Path.Combine(Path.GetTempPath(), $"microwasm-run-{Guid.NewGuid():N}.wasm");
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
