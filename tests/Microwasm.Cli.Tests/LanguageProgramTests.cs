using System.Diagnostics;
using System.Text;
using Microwasm.Cli.Run;

namespace Microwasm.Cli.Tests;

/// <summary>
/// samples/cpp (C++ on libc++ for wasm32-wasi, clang++-14) and samples/rust (Rust std for
/// wasm32-wasi, Debian's rustc), each rebuilt from source by its build.sh at test time and run by
/// <c>microwasm run</c> with a pre-opened directory: arguments, environment, files, clocks and
/// memory growth, with the outputs asserted line by line.
/// </summary>
public sealed class LanguageProgramTests
{
    private static readonly Lazy<string> s_cpp = new(() => Build("cpp"));
    private static readonly Lazy<string> s_rust = new(() => Build("rust"));

    private static string Build(string sample)
    {
        // rebuilt on every run (so the toolchain is exercised each time) beside the test assembly
        var directory = Path.Combine(AppContext.BaseDirectory, "languages-wasm", sample);
        Directory.CreateDirectory(directory);
        var output = Path.Combine(directory, "main.wasm");
        File.Delete(output);
        var start = new ProcessStartInfo("sh") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(Path.Combine(TestPrograms.RepositoryRoot, "samples", sample, "build.sh"));
        start.ArgumentList.Add(output);
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var log = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"samples/{sample}/build.sh failed ({process.ExitCode}):\n{log}{errors.Result}");
        }
        return output;
    }

    private static (int Status, string[] Out, string Err) Run(params string[] args)
    {
        var output = new MemoryStream();
        var error = new MemoryStream();
        var status = Program.Invoke(["run", .. args], new RunConsole(new MemoryStream(), output, error));
        return (status, Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries), Encoding.UTF8.GetString(error.ToArray()));
    }

    [Fact]
    public void CppProgramUsesContainersStreamsMemoryGrowthAndAFile()
    {
        var directory = Directory.CreateTempSubdirectory("microwasm-cpp-run-");
        try
        {
            var dir = directory.FullName;
            var (status, lines, err) = Run("--dir", dir, s_cpp.Value, dir, "pear", "apple", "fig", "apple", "banana");
            Assert.Equal("", err);
            Assert.Equal(0, status);
            Assert.Equal(
            [
                "sorted: apple,banana,fig,pear",
                "counts: apple=2 banana=1 fig=1 pear=1",
                "letters: 23",
                "upper: APPLE,BANANA,FIG,PEAR",
                "ok   string transform and find",
                "grew 8 MiB, checksum 204",
                "ok   memory growth",
                $"ok   write {dir}/cpp-words.txt",
                "read back 4 lines",
                "ok   read back what was written",
                "ok   missing file fails to open",
                "all checks passed",
            ], lines);
            Assert.Equal("apple\nbanana\nfig\npear\n", File.ReadAllText(Path.Combine(dir, "cpp-words.txt")));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void CppProgramWithoutThePreopenedDirectoryFailsItsFileChecks()
    {
        var directory = Directory.CreateTempSubdirectory("microwasm-cpp-run-");
        try
        {
            // the directory exists on the host but is not pre-opened: the guest cannot write there
            var (status, lines, _) = Run(s_cpp.Value, directory.FullName, "x");
            Assert.Equal(1, status);
            Assert.Contains($"FAIL write {directory.FullName}/cpp-words.txt", lines);
            Assert.Equal("FAILED", lines[^1]);
            Assert.Empty(directory.GetFiles());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void RustProgramUsesArgsEnvFilesClocksAndMemoryGrowth()
    {
        var directory = Directory.CreateTempSubdirectory("microwasm-rust-run-");
        try
        {
            var dir = directory.FullName;
            var (status, lines, err) = Run("--dir", dir, "--env", "ZETA=last", "--env", "ALPHA=first one",
                s_rust.Value, dir, "alpha", "be ta", "--gamma");
            Assert.Equal("", err);
            Assert.Equal(0, status);
            Assert.Equal(
            [
                "args: alpha be ta --gamma",
                "env ALPHA=first one",
                "env ZETA=last",
                "ok   wall clock after 2020",
                "grew 16 MiB, checksum 376",
                "ok   memory growth",
                $"ok   write {dir}/rust-words.txt",
                "read back 3 lines",
                "ok   read back what was written",
                "ok   the directory lists the file",
                "ok   a missing file is an error",
                "ok   a path outside the pre-opened directory is refused",
                "ok   monotonic clock",
                "all checks passed",
            ], lines);
            Assert.Equal("0 alpha\n1 be ta\n2 --gamma\n", File.ReadAllText(Path.Combine(dir, "rust-words.txt")));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void RustProgramStopsAtTheMemoryLimit()
    {
        var directory = Directory.CreateTempSubdirectory("microwasm-rust-run-");
        try
        {
            // 16 MiB of vectors cannot fit in 8 MiB: Rust's allocation failure aborts (a trap), status non-zero
            var (status, lines, err) = Run("--max-memory-pages", "128", "--dir", directory.FullName, s_rust.Value, directory.FullName);
            Assert.NotEqual(0, status);
            Assert.DoesNotContain("all checks passed", lines);
            Assert.Contains("memory allocation of 1048576 bytes failed", err);   // Rust's message, then its abort's trap
            Assert.Contains("unreachable", err);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
