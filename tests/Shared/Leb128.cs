namespace Microwasm.TestSupport;

/// <summary>
/// LEB128, the variable-length integers of the wasm binary format, for code that builds modules by
/// hand (tests and benchmarks; linked from tests/Shared).
/// </summary>
internal static class Leb128
{
    /// <summary>The unsigned LEB128 of <paramref name="value"/>: seven bits a byte, low first, the top bit saying more follow.</summary>
    public static byte[] Unsigned(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);
        return [.. bytes];
    }

    /// <summary>The signed LEB128 of <paramref name="value"/>: as unsigned, ending once the rest is all sign bits.</summary>
    public static byte[] Signed(long value)
    {
        var bytes = new List<byte>();
        while (true)
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            if ((value == 0 && (b & 0x40) == 0) || (value == -1 && (b & 0x40) != 0))
            {
                bytes.Add(b);
                return [.. bytes];
            }
            bytes.Add((byte)(b | 0x80));
        }
    }
}
