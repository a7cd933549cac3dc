using Microwasm.Runtime;

namespace Microwasm.Cli;

/// <summary>What <c>microwasm --version</c> reports: the version and build kind, the proposals, the host APIs and the engines.</summary>
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

    // as WasmUnsupportedFeatureException.Feature names them
    private static readonly string[] NotSupported =
    [
        "threads", "exception-handling", "tail-call", "memory64", "multi-memory", "gc", "function-references", "extended-const",
        "relaxed-simd", "wide-arithmetic", "custom-page-sizes", "custom-descriptors", "stack-switching",
    ];

    /// <summary>The version text, one item a line.</summary>
    public static string Describe()
    {
        var version = typeof(Features).Assembly.GetName().Version ?? new Version(0, 0);
        return string.Join(Environment.NewLine,
            $"microwasm {version.ToString(3)} ({Engines.BuildKind}, .NET {Environment.Version})",
            $"proposals: {string.Join(", ", Proposals)}",
            $"not supported: {string.Join(", ", NotSupported)}",
            $"host APIs: WASI preview 1 (wasi_snapshot_preview1, wasi_unstable), WAMR's builtin libc (env)",
            $"engines: {string.Join(", ", Engines.Available)} (default {Engines.Default}; {Engines.AutoDescription})" + NotInThisBuild())
            + LeftOut();
    }

    /// <summary>A last line naming the features this build was published without (feature switches), else empty.</summary>
    private static string LeftOut()
    {
        var missing = new List<string>();
        if (!Microwasm.AppFramework.Transports.RemoteManagerServer.IsTlsSupported)
        {
            missing.Add("TLS (serve --tls-cert, app --tls)");
        }
        if (!Serve.AppFrameworkSwitch.IsSupported)
        {
            missing.Add("the application framework (serve, app, run --display)");
        }
        return missing.Count == 0 ? "" : $"{Environment.NewLine}not in this build: {string.Join(", ", missing)}";
    }

    /// <summary>"; not in this build: compiler (...)" for the engines a NativeAOT build lacks, else empty.</summary>
    private static string NotInThisBuild()
    {
        var missing = Engines.Names.Except(Engines.Available).ToArray();
        return missing.Length == 0 ? "" : $"; not in this {Engines.BuildKind} build: {string.Join(", ", missing)} (needs run-time code generation)";
    }
}
