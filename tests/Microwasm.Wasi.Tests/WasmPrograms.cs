using System.Collections.Concurrent;
using Microwasm.TestSupport;

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

    public static byte[] Get(string name) => s_cache.GetOrAdd(name, n => new Lazy<byte[]>(() => File.ReadAllBytes(ClangWasm.Build(n, ClangWasm.WasiArguments)))).Value;
}
