namespace Microwasm.Binary;

/// <summary>The module's bytes are malformed: they do not follow the binary format.</summary>
public sealed class WasmDecodeException : WasmException
{
    public WasmDecodeException(int offset, string message)
        : base($"malformed module at byte 0x{offset:X}: {message}")
    {
        Offset = offset;
        Reason = message;
    }

    /// <summary>Byte offset in the module where decoding failed.</summary>
    public int Offset { get; }

    /// <summary>What was expected, without the offset.</summary>
    public string Reason { get; }
}
