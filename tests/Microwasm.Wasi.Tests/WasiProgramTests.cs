using System.Text;
using Microwasm.Binary;
using Microwasm.Interpreter;
using Microwasm.Runtime;
using Microwasm.Validation;

namespace Microwasm.Wasi.Tests;

/// <summary>Real C programs (wasi-libc) run by the interpreter against WASI.</summary>
public sealed class WasiProgramTests
{
    private static (int ExitCode, string Stdout, string Stderr) Run(string program, WasiHarness h, params string[] args)
    {
        var compiled = InterpreterEngine.Default.Compile(Validator.Validate(ModuleReader.Read(WasmPrograms.Get(program))));
        var config = new WasiConfiguration { StandardInput = h.Stdin, StandardOutput = h.Stdout, StandardError = h.Stderr };
        config.WithArguments([program, .. args]).WithEnvironment("GREETING", "hi").WithMappedDirectory("/sandbox", h.SandboxPath);
        using var wasi = new WasiPreview1(config);
        var linker = new Linker();
        wasi.Define((module, name, value) => linker.Define(module, name, value));
        var store = new Store();
        var instance = linker.Instantiate(store, compiled, program);
        var exitCode = 0;
        try
        {
            instance.GetFunction("_start")!.Invoke(store);
        }
        catch (WasmExitException e)
        {
            exitCode = e.ExitCode;
        }
        return (exitCode, Encoding.UTF8.GetString(h.Stdout.ToArray()), Encoding.UTF8.GetString(h.Stderr.ToArray()));
    }

    [Fact]
    public void HelloSeesArgumentsEnvironmentAndExitsWithItsCode()
    {
        using var h = new WasiHarness();
        var (exit, stdout, stderr) = Run("hello", h, "3", "two words");
        Assert.Equal(3, exit);
        Assert.Equal("argc=3\nargv[0]=hello\nargv[1]=3\nargv[2]=two words\nenv GREETING=hi\nGREETING=hi\n", stdout);
        Assert.Equal("to stderr\n", stderr);
    }

    [Fact]
    public void ReturningZeroFromMainIsExitCodeZero()
    {
        using var h = new WasiHarness();
        Assert.Equal(0, Run("hello", h).ExitCode);
    }

    [Fact]
    public void FilesDirectoriesLinksAndEscapes()
    {
        using var h = new WasiHarness();
        var (exit, stdout, _) = Run("files", h);
        Assert.DoesNotContain("FAIL", stdout);
        Assert.Equal(29, stdout.Split("\n").Count(l => l.StartsWith("ok ", StringComparison.Ordinal)));
        Assert.Contains("failures=0", stdout);
        Assert.Equal(0, exit);
        Assert.Equal("hello, file\n", File.ReadAllText(h.InSandbox("hello.txt")));
        h.AssertOutsideUntouched();
    }

    [Fact]
    public void TrailingSlashSymlinksDotDotAboveADescriptorAndHardLinkInodes()
    {
        using var h = new WasiHarness();
        var (exit, stdout, _) = Run("capabilities", h);
        Assert.Equal("", string.Join("\n", stdout.Split("\n").Where(l => l.StartsWith("FAIL", StringComparison.Ordinal))));
        Assert.Equal(17, stdout.Split("\n").Count(l => l.StartsWith("ok ", StringComparison.Ordinal)));
        Assert.Equal(0, exit);
        Assert.False(File.Exists(h.InSandbox("sub/target")), "a symlink named target/ was created");
        h.AssertOutsideUntouched();
    }

    [Fact]
    public void ClocksSleepAndRandomness()
    {
        using var h = new WasiHarness();
        var (exit, stdout, _) = Run("clocks", h);
        Assert.Equal(7, exit);
        Assert.Equal("nanosleep=0 slept_enough=1\nrealtime_after_2020=1\nres=1\ncputime=1\ngetentropy=0 nonzero=1\n", stdout);
    }
}
