using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Microwasm.Cli.Tests;

/// <summary>
/// One program compiled once by <c>microwasm compile --native</c> (a NativeAOT publish, 10-30 s), with
/// <c>--dir</c>, <c>--map-dir</c> and <c>--env</c> baked in; the tests run the executable it wrote.
/// </summary>
public sealed class NativeProgramFixture : IDisposable
{
    public NativeProgramFixture()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("microwasm-native-test-");
        Data = System.IO.Directory.CreateDirectory(Path.Combine(Directory.FullName, "data")).FullName;
        File.WriteAllText(Path.Combine(Data, "inside.txt"), "in the pre-opened directory\n");
        var mapped = System.IO.Directory.CreateDirectory(Path.Combine(Directory.FullName, "mapped")).FullName;
        File.WriteAllText(Path.Combine(mapped, "guest.txt"), "under a guest name\n");
        File.WriteAllText(Path.Combine(Directory.FullName, "outside.txt"), "not for the guest\n");
        Wasm = TestPrograms.Get("wasi-native");
        Executable = Path.Combine(Directory.FullName, "program");
        Compile = CliProcess.InProcess("compile", "--native", "-v", "--dir", Data, "--map-dir", "/guest::" + mapped,
            "--env", "GREETING=baked in", Wasm, "-o", Executable);
    }

    public DirectoryInfo Directory { get; }

    /// <summary>The directory pre-opened with <c>--dir</c> (under its own, absolute, name).</summary>
    public string Data { get; }

    public string Wasm { get; }

    public string Executable { get; }

    /// <summary>What <c>compile --native</c> said.</summary>
    public (int Status, string Out, string Err) Compile { get; }

    public void Dispose() => Directory.Delete(recursive: true);
}

/// <summary><c>microwasm compile --native</c>: the executable behaves as <c>microwasm run</c> with the baked options.</summary>
public sealed class NativeCompileTests(NativeProgramFixture fixture) : IClassFixture<NativeProgramFixture>
{
    /// <summary>Runs the compiled program (at most 60 s); its exit status and output.</summary>
    private (int Status, string Out, string Err) Run(params string[] arguments)
    {
        Assert.True(fixture.Compile.Status == 0, $"compile --native failed: {fixture.Compile.Err}");
        var start = new ProcessStartInfo(fixture.Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = fixture.Directory.FullName,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        return CliProcess.RunToEnd(start, "the compiled program");
    }

    private string Expected(string lines, params string[] arguments) =>
        string.Concat(new[] { fixture.Executable }.Concat(arguments).Select((a, i) => $"argv[{i}]={a}\n")) + "GREETING=baked in\n" + lines;

    [Fact]
    public void CompilingSaysWhatItWroteAndTheExecutableIsSmall()
    {
        var (status, stdout, stderr) = fixture.Compile;
        Assert.Equal("", stderr);
        Assert.Equal(0, status);
        Assert.Matches($@"^{Regex.Escape(fixture.Wasm)} \(\d+ bytes\) -> {Regex.Escape(fixture.Executable)} \(\d+ bytes\): CIL \d+ bytes in \d+ ms, dotnet publish with NativeAOT \(ILC\) in [\d.]+ s\n$", stdout);
        // the runtime, run's code and .NET: about 3.7 MB. Much more would mean the command line
        // (System.CommandLine, the application framework) came along: see Program.IsCommandLine
        var size = new FileInfo(fixture.Executable).Length;
        Assert.InRange(size, 1_000_000, 4_500_000);
        // no temp folder left behind (kept only with --keep-temp or after a failure)
        Assert.DoesNotContain("kept in", stderr);
    }

    [Fact]
    public void ItRunsWithItsArgumentsAndTheBakedEnvironment()
    {
        var result = Run("one", "two words", "--three");
        Assert.Equal((0, Expected("", "one", "two words", "--three"), ""), result);
    }

    [Fact]
    public void ExitAndMainsReturnValueAreTheStatus()
    {
        Assert.Equal((7, Expected("", "exit", "7"), ""), Run("exit", "7"));
        Assert.Equal((5, Expected("", "return", "5"), ""), Run("return", "5"));
    }

    [Fact]
    public void ATrapPrintsItsMessageAndWasmStackAsRunDoes()
    {
        var (status, stdout, stderr) = Run("trap");
        Assert.Equal(1, status);
        Assert.Equal(Expected("", "trap"), stdout);
        var lines = stderr.TrimEnd('\n').Split('\n');
        Assert.Equal("Exception: integer divide by zero", lines[0]);
        Assert.True(lines.Length >= 3, stderr);
        Assert.All(lines[1..], line => Assert.Matches(@"^    at wasi-native!func\[\d+\]$", line));

        // the same trap under `run` on the compiler (the same code, JIT-compiled): the same message and innermost frame
        var run = CliProcess.InProcess("run", "--engine", "compiler", "--dir", fixture.Data, "--env", "GREETING=baked in", fixture.Wasm, "trap");
        Assert.Equal(1, run.Status);
        Assert.Equal(run.Err.Split('\n')[..2], lines[..2]);
    }

    [Fact]
    public void TheBakedDirectoriesArePreOpenedAndNothingElse()
    {
        var inside = Path.Combine(fixture.Data, "inside.txt");
        Assert.Equal((0, Expected($"read {inside}: in the pre-opened directory\n", "read", inside), ""), Run("read", inside));
        Assert.Equal((0, Expected("read /guest/guest.txt: under a guest name\n", "read", "/guest/guest.txt"), ""), Run("read", "/guest/guest.txt"));

        var outside = Path.Combine(fixture.Directory.FullName, "outside.txt");
        var (status, stdout, stderr) = Run("read", outside);
        Assert.Equal(4, status);
        Assert.StartsWith(Expected($"cannot open {outside}: ", "read", outside), stdout);
        Assert.Equal("", stderr);
    }
}

/// <summary><c>compile --native</c>'s refusals, which come before any publish.</summary>
public sealed class NativeCompileErrorTests : IDisposable
{
    private static readonly string Hello = Path.Combine(TestPrograms.RepositoryRoot, "samples", "hello", "hello.wasm");

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("microwasm-native-error-");

    public void Dispose() => _directory.Delete(recursive: true);

    private string PathOf(string name) => Path.Combine(_directory.FullName, name);

    /// <summary>Runs <c>microwasm ARGUMENTS</c> as a process with PATH set to <paramref name="path"/>.</summary>
    private static (int Status, string Out, string Err) RunWithPath(string path, params string[] arguments)
    {
        var start = CliProcess.StartInfo(arguments);
        if (CliProcess.Executable is null)
        {
            // the CLI through dotnet, found by its full path: PATH is the one under test
            // (the runtime's files are in DOTNET_ROOT/shared/Microsoft.NETCore.App/VERSION)
            start.FileName = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", "..", "dotnet"));
        }
        start.Environment["PATH"] = path;
        return CliProcess.RunToEnd(start, "microwasm");
    }

    [Fact]
    [Trait("Category", CliProcess.Category)]
    public void WithoutTheSdkOnPathItSaysSoInOneLine()
    {
        var (status, stdout, stderr) = RunWithPath(_directory.FullName, "compile", "--native", Hello, "-o", PathOf("hello"));
        Assert.Equal(1, status);
        Assert.Equal("", stdout);
        if (CliProcess.Executable is null)
        {
            Assert.Matches(@"^error: compile --native needs the \.NET SDK: no `dotnet` on PATH \(install the \.NET \d+\.\d+ SDK, https://dot\.net\)\n$", stderr);
        }
        else
        {
            // the NativeAOT build has no compiler: refused whatever PATH holds
            Assert.StartsWith("error: compile --native needs the JIT build of microwasm", stderr);
        }
        Assert.False(File.Exists(PathOf("hello")));
    }

    [Fact]
    public void AFailedPublishGivesOneErrorLineTheLogsErrorsAndKeepsTheProject()
    {
        if (OperatingSystem.IsWindows())
        {
            return;   // the fake dotnet is a shell script
        }
        // a dotnet that fails as a publish without the SDK or the ILCompiler package would
        var bin = Directory.CreateDirectory(PathOf("bin")).FullName;
        var fake = Path.Combine(bin, "dotnet");
        File.WriteAllText(fake, "#!/bin/sh\necho 'restoring...'\necho 'MSB0000: error NETSDK1234: pretend there is no ILCompiler package' >&2\nexit 1\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var (status, stdout, stderr) = RunWithPath(bin, "compile", "--native", Hello, "-o", PathOf("hello"));
        Assert.Equal(1, status);
        Assert.Equal("", stdout);
        var match = Regex.Match(stderr, @"^error: dotnet publish \(NativeAOT\) failed with exit status 1; its log: (?<log>\S+)\n"
            + @"  MSB0000: error NETSDK1234: pretend there is no ILCompiler package\n"
            + @"microwasm: the generated project and its publish log are kept in (?<dir>\S+)\n$");
        Assert.True(match.Success, stderr);
        var kept = match.Groups["dir"].Value;
        try
        {
            Assert.Equal(Path.Combine(kept, "publish.log"), match.Groups["log"].Value);
            Assert.True(File.Exists(Path.Combine(kept, "Program.cs")));
            Assert.True(File.Exists(Path.Combine(kept, "module.wasm")));
            Assert.False(File.Exists(PathOf("hello")));
        }
        finally
        {
            Directory.Delete(kept, recursive: true);
        }
    }

    [Fact]
    public void RunOptionsWithoutNativeAreABadCommandLine()
    {
        var (status, stdout, stderr) = CliProcess.InProcess("compile", "--dir", _directory.FullName, "--env", "A=1", Hello, "-o", PathOf("hello.mwasm"));
        Assert.Equal((2, ""), (status, stdout));
        Assert.Equal("microwasm: --env, --dir apply only with --native (see: microwasm compile --help)\n", stderr);
        Assert.Equal((2, "", "microwasm: --keep-temp applies only with --native (see: microwasm compile --help)\n"),
            CliProcess.InProcess("compile", "--keep-temp", Hello, "-o", PathOf("hello.mwasm")));
    }

    [Fact]
    public void BadSettingsAndModulesAreRefusedBeforeAnyPublish()
    {
        Assert.Equal((1, "", "error: --env expects NAME=VALUE, got 'NOVALUE'\n"),
            CliProcess.InProcess("compile", "--native", "--env", "NOVALUE", Hello, "-o", PathOf("hello")));
        Assert.Equal(1, CliProcess.InProcess("compile", "--native", "--map-dir", "nocolons", Hello, "-o", PathOf("hello")).Status);

        File.WriteAllBytes(PathOf("bad.wasm"), [0, 0x61, 0x73, 0x6D, 2, 0, 0, 0]);
        var (status, stdout, stderr) = CliProcess.InProcess("compile", "--native", PathOf("bad.wasm"));
        Assert.Equal((1, ""), (status, stdout));
        Assert.StartsWith($"error: {PathOf("bad.wasm")}: ", stderr);
        Assert.False(File.Exists(PathOf("bad")));

        // the default output is FILE without its extension: a file without one would be replaced
        File.Copy(Hello, PathOf("noext"));
        Assert.Equal((2, "", "microwasm: the output would replace the module: name it with -o (see: microwasm compile --help)\n"),
            CliProcess.InProcess("compile", "--native", PathOf("noext")));
    }
}
