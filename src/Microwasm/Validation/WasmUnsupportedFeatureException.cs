namespace Microwasm.Validation;

/// <summary>
/// The module may well be valid, but it uses a feature Microwasm does not implement yet
/// (for now: SIMD, the <c>v128</c> type and the 0xFD-prefixed instructions). Kept apart from
/// <see cref="WasmValidationException"/> so tools can tell "unsupported" from "invalid".
/// </summary>
public sealed class WasmUnsupportedFeatureException : WasmException
{
    public const string SimdMessage = "SIMD (v128) is not supported yet";

    public WasmUnsupportedFeatureException(string message = SimdMessage)
        : base(message)
    {
    }
}
