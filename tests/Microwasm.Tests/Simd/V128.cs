using System.Runtime.Intrinsics;

namespace Microwasm.Tests.Simd;

/// <summary>Builds v128 values lane by lane, as the spec tests' <c>v128.const</c> shapes do.</summary>
internal static class V128
{
    public static Vector128<byte> I8(params int[] lanes) => Vector128.Create(lanes.Select(x => (byte)x).ToArray());

    public static Vector128<byte> I16(params int[] lanes) => Vector128.Create(lanes.Select(x => (ushort)x).ToArray()).AsByte();

    public static Vector128<byte> I32(params long[] lanes) => Vector128.Create(lanes.Select(x => (uint)x).ToArray()).AsByte();

    public static Vector128<byte> I64(long a, long b) => Vector128.Create(a, b).AsByte();

    public static Vector128<byte> F32(float a, float b, float c, float d) => Vector128.Create(a, b, c, d).AsByte();

    public static Vector128<byte> F32Bits(uint a, uint b, uint c, uint d) => Vector128.Create(a, b, c, d).AsByte();

    public static Vector128<byte> F64(double a, double b) => Vector128.Create(a, b).AsByte();

    public static Vector128<byte> F64Bits(ulong a, ulong b) => Vector128.Create(a, b).AsByte();

    public static Vector128<byte> I8Splat(int x) => Vector128.Create((byte)x);

    public static Vector128<byte> I16Splat(int x) => Vector128.Create((ushort)x).AsByte();

    public static Vector128<byte> I32Splat(long x) => Vector128.Create((uint)x).AsByte();

    public static uint F32Lane(Vector128<byte> v, int lane) => v.AsUInt32().GetElement(lane);

    public static ulong F64Lane(Vector128<byte> v, int lane) => v.AsUInt64().GetElement(lane);

    /// <summary>The spec's nan:canonical: any sign, quiet bit only.</summary>
    public static bool IsCanonicalNaN32(uint bits) => (bits & 0x7FFF_FFFF) == 0x7FC0_0000;

    /// <summary>The spec's nan:arithmetic: any sign and payload, quiet bit set.</summary>
    public static bool IsArithmeticNaN32(uint bits) => (bits & 0x7FC0_0000) == 0x7FC0_0000;

    public static bool IsCanonicalNaN64(ulong bits) => (bits & 0x7FFF_FFFF_FFFF_FFFF) == 0x7FF8_0000_0000_0000;

    public static bool IsArithmeticNaN64(ulong bits) => (bits & 0x7FF8_0000_0000_0000) == 0x7FF8_0000_0000_0000;
}
