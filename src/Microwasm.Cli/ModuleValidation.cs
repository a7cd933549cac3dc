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

    /// <summary>True when <paramref name="ex"/> says the module uses a feature Microwasm does not implement (one beyond WebAssembly 2.0).</summary>
    public static bool IsUnsupportedFeature(Exception ex) => ex is WasmUnsupportedFeatureException;
}
