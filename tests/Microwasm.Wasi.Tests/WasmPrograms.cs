using System.Collections.Concurrent;
using System.Diagnostics;

namespace Microwasm.Wasi.Tests;

/// <summary>
/// Compiles the C programs under programs/ to wasm32-wasi on first use, caching the result next to
/// the test assembly until the source changes. Needs Debian's clang-14, lld-14, wasi-libc and
/// libclang-rt-14-dev-wasm32 (or CLANG pointing at a clang with a wasm32-wasi sysroot).
/// </summary>
internal static class WasmPrograms
{
    private static readonly ConcurrentDictionary<string, Lazy<byte[]>> s_cache = new(StringComparer.Ordinal);

    public static string[] Names => [.. Directory.GetFiles(SourceDirectory, "*.c").Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal)];

    private static string SourceDirectory => Path.Combine(AppContext.BaseDirectory, "programs");

    public static byte[] Get(string name) => s_cache.GetOrAdd(name, n => new Lazy<byte[]>(() => Compile(n))).Value;

    private static byte[] Compile(string name)
    {
        var source = Path.Combine(SourceDirectory, name + ".c");
        var outputDirectory = Path.Combine(AppContext.BaseDirectory, "programs-wasm");
        Directory.CreateDirectory(outputDirectory);
        var output = Path.Combine(outputDirectory, name + ".wasm");
        if (File.Exists(output) && File.GetLastWriteTimeUtc(output) >= File.GetLastWriteTimeUtc(source))
        {
            return File.ReadAllBytes(output);
        }
        var clang = Environment.GetEnvironmentVariable("CLANG") ?? "clang-14";
        var sysroot = Environment.GetEnvironmentVariable("WASI_SYSROOT") ?? "/usr";
        var temporary = output + "." + Environment.ProcessId + ".tmp";
        var start = new ProcessStartInfo(clang)
        {
            ArgumentList = { "--target=wasm32-wasi", "--sysroot=" + sysroot, "-O1", "-o", temporary, source },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
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
        return File.ReadAllBytes(output);
    }
}
