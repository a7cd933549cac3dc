using System.Diagnostics;

namespace Microwasm.Cli.Tests;

/// <summary>
/// samples/emscripten, rebuilt by its build.sh with Debian's emscripten 3.1.6 at test time: the
/// side module (<c>-s SIDE_MODULE=1</c>, dylink.0) and the standalone WASI program
/// (<c>-s STANDALONE_WASM</c>) run by <c>microwasm run</c> on both engines; the committed builds
/// must be what the sources give.
/// </summary>
public sealed class EmscriptenTests
{
    private static readonly Lazy<string> s_built = new(Build);

    private static string Sample(string file) => Path.Combine(TestPrograms.RepositoryRoot, "samples", "emscripten", file);

    private static string Build()
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "languages-wasm", "emscripten");
        Directory.CreateDirectory(directory);
        foreach (var file in Directory.GetFiles(directory, "*.wasm"))
        {
            File.Delete(file);
        }
        var start = new ProcessStartInfo("sh") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(Sample("build.sh"));
        start.ArgumentList.Add(directory);
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var log = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"samples/emscripten/build.sh failed ({process.ExitCode}):\n{log}{errors.Result}");
        }
        return directory;
    }

    [Theory]
    [InlineData("side.wasm")]
    [InlineData("standalone.wasm")]
    public void TheCommittedBuildIsWhatTheSourceGives(string file)
    {
        Assert.Equal(File.ReadAllBytes(Path.Combine(s_built.Value, file)), File.ReadAllBytes(Sample(file)));
    }

    [Theory]
    [InlineData("interp")]
    [InlineData("compiler")]
    public void TheSideModuleRunsItsConstructorsRelocationsAndMain(string engine)
    {
        var side = Path.Combine(s_built.Value, "side.wasm");
        Assert.Equal((0, "3 args, earth is the third planet\napply(0, 2, 3) = 50, apply(1, 2, 3) = 60, longest = 7, counter = 1\n", ""),
            CliProcess.InProcess("run", "--engine", engine, side, "x", "y"));
        Assert.Equal((0, "0x1a4:i32\n", ""), CliProcess.InProcess("run", "--engine", engine, "-f", "apply", side, "1", "6", "7"));
    }

    [Fact]
    public void TheStandaloneProgramRunsUnderWasi()
    {
        var program = Path.Combine(s_built.Value, "standalone.wasm");
        Assert.Equal((0, "argc = 3\nargv[1] = a\nargv[2] = b\nGREETING = hello\nclock after 2020: yes\nsum of squares = 332833500.0, mean = 332833.500\n", ""),
            CliProcess.InProcess("run", "--env", "GREETING=hello", program, "a", "b"));
        var status = CliProcess.InProcess("run", program, "1", "2", "3");
        Assert.Equal(3, status.Status);
        Assert.Contains("GREETING = (unset)", status.Out);
    }
}
