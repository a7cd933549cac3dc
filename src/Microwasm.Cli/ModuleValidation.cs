using Microwasm.Binary;
using Microwasm.Validation;

namespace Microwasm.Cli;

/// <summary>
/// Decoding plus validation, the way the commands and the spec harness check a module, and how
/// they recognise a module that uses a feature Microwasm does not support.
/// </summary>
public static class ModuleValidation
{
    /// <summary>Decodes and validates <paramref name="bytes"/>.</summary>
    /// <exception cref="WasmDecodeException">The bytes are malformed.</exception>
    /// <exception cref="WasmValidationException">The module is invalid.</exception>
    /// <exception cref="WasmException">The module uses a feature Microwasm does not support (see <see cref="IsUnsupportedFeature"/>).</exception>
    public static ValidatedModule DecodeAndValidate(ReadOnlyMemory<byte> bytes) => Validator.Validate(ModuleReader.Read(bytes));

    /// <summary>True when <paramref name="ex"/> says the module uses a feature Microwasm does not implement (SIMD).</summary>
    public static bool IsUnsupportedFeature(Exception ex) =>
        // Microwasm.Validation.WasmUnsupportedFeatureException is being added on the validator's
        // branch; matching the name keeps this branch building until both meet in main, after
        // which this can become `ex is WasmUnsupportedFeatureException`.
        ex is WasmException && ex.GetType().Name == "WasmUnsupportedFeatureException";
}
