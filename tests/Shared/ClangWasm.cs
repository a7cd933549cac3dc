using System.Diagnostics;

namespace Microwasm.TestSupport;

/// <summary>
/// Builds a test's C program to wasm with clang (<c>CLANG</c>, default clang-14) on first use and
/// keeps the result next to the test assembly until the source changes. Compiled into each test
/// project that builds C programs (linked from tests/Shared).
/// </summary>
internal static class ClangWasm
{
    /// <summary>The arguments for a wasm32-wasi program against the sysroot in <c>WASI_SYSROOT</c> (default Debian's /usr).</summary>
    public static string[] WasiArguments =>
        ["--target=wasm32-wasi", "--sysroot=" + (Environment.GetEnvironmentVariable("WASI_SYSROOT") ?? "/usr"), "-O1"];

    /// <summary>
    /// Compiles <c>programs/NAME.c</c> beside the test assembly with <paramref name="arguments"/>
    /// into <c>programs-wasm/NAME.wasm</c>, unless that is newer than the source; returns its path.
    /// </summary>
    public static string Build(string name, IEnumerable<string> arguments)
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
        // written under a temporary name and moved, so a concurrent reader never sees half a file
        var temporary = output + "." + Environment.ProcessId + ".tmp";
        var start = new ProcessStartInfo(clang)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
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
}
