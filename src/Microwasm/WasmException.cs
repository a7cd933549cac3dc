namespace Microwasm;

/// <summary>Base of every error Microwasm raises about a module or its execution.</summary>
public abstract class WasmException : Exception
{
    protected WasmException(string message, Exception? inner = null) : base(message, inner)
    {
    }

    /// <summary>
    /// Where WebAssembly 3.0 and 2.0 disagree about bytes that are an error in both (a 3.0 feature
    /// Microwasm lacks, or a limit or offset beyond 32 bits: invalid in 3.0, malformed in 2.0), the
    /// error WebAssembly 2.0 gives for them; null where the two agree. The spec harness uses it to
    /// run the 2.0 test suite as 2.0 (see <c>WastRunner.Wasm20</c>).
    /// </summary>
    internal WasmException? Wasm20Error { get; init; }

    /// <summary>This error as WebAssembly 2.0 classifies the same bytes.</summary>
    internal WasmException AsWasm20 => Wasm20Error ?? this;
}
