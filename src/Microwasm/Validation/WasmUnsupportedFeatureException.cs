namespace Microwasm.Validation;

/// <summary>
/// The module may well be valid, but it uses a feature Microwasm does not implement (one outside
/// WebAssembly 2.0, which is complete). Kept apart from <see cref="WasmValidationException"/> so
/// tools can tell "unsupported" from "invalid".
/// </summary>
public sealed class WasmUnsupportedFeatureException : WasmException
{
    public WasmUnsupportedFeatureException(string message)
        : base(message)
    {
    }
}
