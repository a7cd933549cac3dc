using Microwasm.Runtime;

namespace Microwasm.Cli;

/// <summary>What <c>microwasm --version</c> reports: the version, the proposals and the host APIs.</summary>
internal static class Features
{
    /// <summary>The finished proposals that make up WebAssembly 2.0 besides SIMD; the decoder, validator and engines implement each.</summary>
    private static readonly string[] Proposals =
    [
        "mutable-globals",
        "nontrapping-float-to-int",
        "sign-extension",
        "multi-value",
        "bulk-memory",
        "reference-types",
    ];

    private static readonly string[] NotSupported = ["threads", "exception-handling", "tail-call", "memory64", "multi-memory", "gc", "extended-const", "relaxed-simd"];

    // (module (func (export "f") (result v128) v128.const i64x2 0 0))
    private static readonly byte[] SimdProbe =
    [
        0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00,
        0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7B,
        0x03, 0x02, 0x01, 0x00,
        0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00,
        0x0A, 0x16, 0x01, 0x14, 0x00, 0xFD, 0x0C, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0B,
    ];

    /// <summary>The version text, one item a line.</summary>
    public static string Describe()
    {
        var version = typeof(Features).Assembly.GetName().Version ?? new Version(0, 0);
        var proposals = new List<string>(Proposals);
        var missing = new List<string>();
        (SupportsSimd() ? proposals : missing).Add("simd");
        missing.AddRange(NotSupported);
        return string.Join(Environment.NewLine,
            $"microwasm {version.ToString(3)} (.NET {Environment.Version})",
            $"proposals: {string.Join(", ", proposals)}",
            $"not supported: {string.Join(", ", missing)}",
            $"host APIs: WASI preview 1 (wasi_snapshot_preview1, wasi_unstable), WAMR's builtin libc (env)",
            $"engines: {string.Join(", ", Engines.Names)} (default {Engines.Default})");
    }

    /// <summary>
    /// SIMD counts as supported once a v128 function gets through the validator and runs on the
    /// default engine, so the listing stays true while SIMD lands piece by piece.
    /// </summary>
    private static bool SupportsSimd()
    {
        try
        {
            if (Engines.TryCreate(Engines.Default) is not { } engine)
            {
                return false;
            }
            var store = new Store();
            var instance = new Linker().Instantiate(store, engine.Compile(ModuleLoader.Load(SimdProbe)));
            return instance.GetFunction("f")?.Invoke(store) is [{ Type: ValueType.V128 }];
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // a half-landed SIMD may fail anywhere from the validator to the engine's dispatch
            return false;
        }
    }
}
