using Microwasm.Model;

namespace Microwasm.Binary;

/// <summary>Decodes the WebAssembly 2.0 binary format into a <see cref="Module"/>.</summary>
public static class ModuleReader
{
    /// <summary>
    /// Decodes a module. The returned module keeps slices of <paramref name="bytes"/> (code, data,
    /// custom sections): the caller must not change them afterwards.
    /// </summary>
    /// <exception cref="WasmDecodeException">The bytes are malformed.</exception>
    public static Module Read(ReadOnlyMemory<byte> bytes) => throw new NotImplementedException("decoder: in progress");
}
