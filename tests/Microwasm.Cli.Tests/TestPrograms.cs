using System.Collections.Concurrent;
using System.Diagnostics;

namespace Microwasm.Cli.Tests;

/// <summary>
/// The C programs under programs/, compiled on first use and cached next to the test assembly
/// until the source changes: <c>wasi-*.c</c> for wasm32-wasi (Debian's wasi-libc),
/// <c>libc-*.c</c> against the builtin libc's headers the way samples/hello is built. Needs
/// clang-14, lld-14, wasi-libc and libclang-rt-14-dev-wasm32 (.ci/run installs them; CLANG and
/// WASI_SYSROOT override the defaults).
/// </summary>
internal static class TestPrograms
{
    private static readonly ConcurrentDictionary<string, Lazy<string>> s_paths = new(StringComparer.Ordinal);

    /// <summary>The repository's root (where Microwasm.slnx is).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The path of the compiled <c>programs/NAME.c</c>.</summary>
    public static string Get(string name) => s_paths.GetOrAdd(name, n => new Lazy<string>(() => Compile(n))).Value;

    private static string Compile(string name)
    {
        var source = Path.Combine(AppContext.BaseDirectory, "programs", name + ".c");
        var outputDirectory = Path.Combine(AppContext.BaseDirectory, "programs-wasm");
        Directory.CreateDirectory(outputDirectory);
        var output = Path.Combine(outputDirectory, name + ".wasm");
        if (File.Exists(output) && File.GetLastWriteTimeUtc(output) >= File.GetLastWriteTimeUtc(source))
        {
            return output;
        }
        var clang = Environment.GetEnvironmentVariable("CLANG") ?? "clang-14";
        var temporary = output + "." + Environment.ProcessId + ".tmp";
        var start = new ProcessStartInfo(clang)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        if (name.StartsWith("wasi-", StringComparison.Ordinal))
        {
            var sysroot = Environment.GetEnvironmentVariable("WASI_SYSROOT") ?? "/usr";
            foreach (var argument in (string[])["--target=wasm32-wasi", "--sysroot=" + sysroot, "-O1"])
            {
                start.ArgumentList.Add(argument);
            }
        }
        else
        {
            // as samples/hello/build.sh builds a builtin-libc program
            foreach (var argument in (string[])[
                "--target=wasm32", "-O2", "-nostdlib",
                "-I" + Path.Combine(RepositoryRoot, "app-sdk", "libc-builtin", "include"),
                "-z", "stack-size=4096", "-Wl,--initial-memory=65536",
                "-Wl,--no-entry", "-Wl,--allow-undefined",
                // clang names main(int, char **) __main_argc_argv on wasm32
                "-Wl,--export=__main_argc_argv,--export=add,--export=count,--export=divide,--export=spin",
                "-Wl,--export=__heap_base,--export=__data_end"])
            {
                start.ArgumentList.Add(argument);
            }
        }
        start.ArgumentList.Add("-o");
        start.ArgumentList.Add(temporary);
        start.ArgumentList.Add(source);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException(
                $"cannot run '{clang}' to build {name}.c: install clang-14 lld-14 wasi-libc libclang-rt-14-dev-wasm32 (or set CLANG)", e);
        }
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{clang} failed to build {name}.c:\n{errors.Result}");
        }
        File.Move(temporary, output, overwrite: true);
        return output;
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Microwasm.slnx")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"no Microwasm.slnx above {AppContext.BaseDirectory}");
    }
}
