namespace Microwasm.Model;

/// <summary>What follows a 0xFD-prefixed (SIMD) sub-opcode in the binary.</summary>
public enum SimdImmediate : byte
{
    /// <summary>Not a WebAssembly 2.0 SIMD opcode.</summary>
    Unknown,
    None,
    MemArg,
    MemArgLane,
    Lane,
    /// <summary>16 raw bytes: v128.const value or i8x16.shuffle lanes.</summary>
    Bytes16,
}

/// <summary>The immediate layout of each SIMD sub-opcode, for decoders that must skip over them.</summary>
public static class SimdImmediates
{
    public static SimdImmediate Of(uint op) => op switch
    {
        <= 0x0B => SimdImmediate.MemArg,
        0x0C or 0x0D => SimdImmediate.Bytes16,
        >= 0x15 and <= 0x22 => SimdImmediate.Lane,
        >= 0x54 and <= 0x5B => SimdImmediate.MemArgLane,
        0x5C or 0x5D => SimdImmediate.MemArg,
        0x9A or 0xA2 or 0xA5 or 0xA6 or 0xAF or 0xB0 or 0xB2 or 0xB3 or 0xB4 or 0xBB
            or 0xC2 or 0xC5 or 0xC6 or 0xCF or 0xD0 or 0xD2 or 0xD3 or 0xD4 or 0xE2 or 0xEE => SimdImmediate.Unknown,
        <= 0xFF => SimdImmediate.None,
        _ => SimdImmediate.Unknown,
    };
}
