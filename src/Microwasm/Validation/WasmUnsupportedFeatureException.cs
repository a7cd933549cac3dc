namespace Microwasm.Validation;

/// <summary>
/// The module may well be valid, but it uses a feature Microwasm does not implement (one outside
/// WebAssembly 2.0, which is complete). Kept apart from <see cref="WasmValidationException"/> so
/// tools can tell "unsupported" from "invalid".
/// </summary>
/// <remarks>
/// The decoder and validator raise it only where the bytes are that feature's encoding (a 64-bit
/// memory's limits flag, a GC type form, a tail call's opcode, ...); bytes that are malformed or
/// invalid in WebAssembly 3.0 as well keep their malformed or invalid error.
/// </remarks>
public sealed class WasmUnsupportedFeatureException : WasmException
{
    public WasmUnsupportedFeatureException(string message)
        : base(message)
    {
        Feature = message;
    }

    /// <summary>A module that uses <paramref name="feature"/>; <paramref name="wasm20Error"/> is what WebAssembly 2.0 makes of the same bytes.</summary>
    internal WasmUnsupportedFeatureException(string feature, WasmException wasm20Error, int? offset)
        : base(offset is { } at ? $"unsupported: {feature} (at byte 0x{at:X})" : $"unsupported: {feature}")
    {
        Feature = feature;
        Offset = offset;
        Wasm20Error = wasm20Error;
    }

    /// <summary>
    /// The feature, by its proposal's name: <c>memory64</c>, <c>multi-memory</c>, <c>gc</c>,
    /// <c>function-references</c>, <c>exception-handling</c>, <c>tail-call</c>,
    /// <c>extended-const</c>, <c>relaxed-simd</c>, <c>threads</c>, <c>wide-arithmetic</c>,
    /// <c>custom-page-sizes</c>, <c>custom-descriptors</c>, <c>stack-switching</c>.
    /// </summary>
    public string Feature { get; }

    /// <summary>Byte offset in the module where the feature's encoding starts, if known.</summary>
    public int? Offset { get; }

    /// <summary>The memory index of a <c>multi-memory</c> instruction, for the decoder that knows how many memories there are.</summary>
    internal uint MemoryIndex { get; init; }
}
