using Microwasm.Binary;
using Microwasm.Validation;

namespace Microwasm.Runtime;

/// <summary>
/// The front door for modules: decode and validate once, then hand the result to an
/// <see cref="IEngine"/> and instantiate it with a <see cref="Linker"/>:
/// <code>
/// var validated = ModuleLoader.LoadFile("app.wasm");
/// var compiled = engine.Compile(validated);
/// var instance = new Linker().Instantiate(new Store(), compiled);
/// </code>
/// </summary>
public static class ModuleLoader
{
    /// <summary>Decodes and validates a module binary.</summary>
    /// <remarks>The module keeps slices of <paramref name="bytes"/>; do not change them afterwards.</remarks>
    /// <exception cref="WasmDecodeException">The bytes are malformed.</exception>
    /// <exception cref="WasmValidationException">The module breaks a validation rule (a feature Microwasm does not support raises a subclass-specific exception).</exception>
    public static ValidatedModule Load(ReadOnlyMemory<byte> bytes) => Validator.Validate(ModuleReader.Read(bytes));

    /// <summary>Reads <paramref name="stream"/> to its end, then decodes and validates the bytes.</summary>
    public static ValidatedModule Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        // The module keeps slices of the array, which nothing else references.
        return Load(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
    }

    /// <summary>Reads a <c>.wasm</c> file, then decodes and validates it.</summary>
    public static ValidatedModule LoadFile(string path) => Load(File.ReadAllBytes(path));
}
