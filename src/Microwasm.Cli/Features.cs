using Microwasm.Runtime;

namespace Microwasm.Cli;

/// <summary>What <c>microwasm --version</c> reports: the version, the proposals and the host APIs.</summary>
internal static class Features
{
    /// <summary>The finished proposals that make up WebAssembly 2.0; the decoder, validator and engines implement each.</summary>
    private static readonly string[] Proposals =
    [
        "mutable-globals",
        "nontrapping-float-to-int",
        "sign-extension",
        "multi-value",
        "bulk-memory",
        "reference-types",
        "simd",
    ];

    private static readonly string[] NotSupported = ["threads", "exception-handling", "tail-call", "memory64", "multi-memory", "gc", "extended-const", "relaxed-simd"];

    /// <summary>The version text, one item a line.</summary>
    public static string Describe()
    {
        var version = typeof(Features).Assembly.GetName().Version ?? new Version(0, 0);
        return string.Join(Environment.NewLine,
            $"microwasm {version.ToString(3)} (.NET {Environment.Version})",
            $"proposals: {string.Join(", ", Proposals)}",
            $"not supported: {string.Join(", ", NotSupported)}",
            $"host APIs: WASI preview 1 (wasi_snapshot_preview1, wasi_unstable), WAMR's builtin libc (env)",
            $"engines: {string.Join(", ", Engines.Names)} (default {Engines.Default})");
    }
}
