using Microwasm.Model;

namespace Microwasm.Validation;

/// <summary>The validation algorithm of the WebAssembly specification.</summary>
public static class Validator
{
    /// <summary>Validates a decoded module and records the facts engines need.</summary>
    /// <exception cref="WasmValidationException">The module breaks a validation rule.</exception>
    /// <exception cref="Binary.WasmDecodeException">An instruction is malformed (normally caught by the decoder first).</exception>
    public static ValidatedModule Validate(Module module) => throw new NotImplementedException("validator: in progress");
}
