using System.Collections.Concurrent;
using Microwasm.TestSupport;

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

    private static string Compile(string name) => ClangWasm.Build(name, name.StartsWith("wasi-", StringComparison.Ordinal)
        ? ClangWasm.WasiArguments
        :
        [
            // as samples/hello/build.sh builds a builtin-libc program
            "--target=wasm32", "-O2", "-nostdlib",
            "-I" + Path.Combine(RepositoryRoot, "app-sdk", "libc-builtin", "include"),
            "-z", "stack-size=4096", "-Wl,--initial-memory=65536",
            "-Wl,--no-entry", "-Wl,--allow-undefined",
            // clang names main(int, char **) __main_argc_argv on wasm32
            "-Wl,--export=__main_argc_argv,--export=add,--export=count,--export=divide,--export=spin",
            "-Wl,--export=__heap_base,--export=__data_end",
        ]);

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
