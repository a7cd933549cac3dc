using System.Runtime.Intrinsics;
using Microwasm.Runtime;
using static Microwasm.Tests.Simd.V128;

namespace Microwasm.Tests.Simd;

/// <summary>Lanes, shuffles, masks and the value part of loads. Values from simd_lane.wast, simd_boolean.wast, simd_load_*.wast.</summary>
public class SimdLaneTests
{
    [Fact]
    public void ExtractLaneSignOrZeroExtends()
    {
        var v = I8(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -128);
        Assert.Equal(-128, SimdOps.I8x16ExtractLaneS(v, 15));
        Assert.Equal(128, SimdOps.I8x16ExtractLaneU(v, 15));
        var w = I16(0, 0, 0, 0, 0, 0, 0, -32768);
        Assert.Equal(-32768, SimdOps.I16x8ExtractLaneS(w, 7));
        Assert.Equal(32768, SimdOps.I16x8ExtractLaneU(w, 7));
        Assert.Equal(-1, SimdOps.I32x4ExtractLane(I32(0, 0, 0, -1), 3));
        Assert.Equal(long.MinValue, SimdOps.I64x2ExtractLane(I64(0, long.MinValue), 1));
        Assert.Equal(0x7FA0_0000u, SimdOps.F32x4ExtractLane(F32Bits(0, 0x7FA0_0000, 0, 0), 1));
        Assert.Equal(BitConverter.DoubleToUInt64Bits(-0.0), SimdOps.F64x2ExtractLane(F64(1, -0.0), 1));
    }

    [Fact]
    public void ReplaceLaneTruncatesTheScalarAndLeavesOtherLanes()
    {
        Assert.Equal(I8(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x34), SimdOps.I8x16ReplaceLane(I8Splat(0), 15, 0x1234));
        Assert.Equal(I16(1, 0x5678, 1, 1, 1, 1, 1, 1), SimdOps.I16x8ReplaceLane(I16Splat(1), 1, 0x12345678));
        Assert.Equal(I32(7, 7, -1, 7), SimdOps.I32x4ReplaceLane(I32Splat(7), 2, -1));
        Assert.Equal(I64(long.MaxValue, 3), SimdOps.I64x2ReplaceLane(I64(3, 3), 0, long.MaxValue));
        Assert.Equal(F32Bits(0, 0, 0, 0x7FA0_0000), SimdOps.F32x4ReplaceLane(I32Splat(0), 3, 0x7FA0_0000u));
        Assert.Equal(F64(1, 2.5), SimdOps.F64x2ReplaceLane(F64(1, 1), 1, BitConverter.DoubleToUInt64Bits(2.5)));
    }

    [Fact]
    public void SwizzleSelectsZeroForIndexesFromSixteen()
    {
        // simd_lane.wast: v8x16_swizzle with out-of-range indexes
        var a = I8(0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f, 0x70, 0x71, 0x72, 0x73);
        var s = I8(-1, 1, -2, 2, -3, 3, -4, 4, -5, 5, -6, 6, -7, 7, -8, 8);
        Assert.Equal(I8(0, 0x65, 0, 0x66, 0, 0x67, 0, 0x68, 0, 0x69, 0, 0x6a, 0, 0x6b, 0, 0x6c), SimdOps.I8x16Swizzle(a, s));
        Assert.Equal(I8Splat(0), SimdOps.I8x16Swizzle(a, I8(16, 17, 32, 64, 128, 255, 100, 16, 16, 16, 16, 16, 16, 16, 16, 16)));
        Assert.Equal(I8(0x73, 0x72, 0x71, 0x70, 0x6f, 0x6e, 0x6d, 0x6c, 0x6b, 0x6a, 0x69, 0x68, 0x67, 0x66, 0x65, 0x64),
            SimdOps.I8x16Swizzle(a, I8(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)));
    }

    [Fact]
    public void ShuffleSelectsFromBothOperands()
    {
        var a = I8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        var b = I8(16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31);
        var lanes = I8(31, 0, 30, 2, 29, 4, 28, 6, 27, 8, 26, 10, 25, 12, 24, 16);
        Assert.Equal(lanes, SimdOps.I8x16Shuffle(a, b, lanes));
        Assert.Equal(I8Splat(16), SimdOps.I8x16Shuffle(a, b, I8Splat(16)));
        Assert.Equal(I8Splat(15), SimdOps.I8x16Shuffle(a, b, I8Splat(15)));
    }

    [Fact]
    public void BitmaskTakesTheTopBitOfEachLane()
    {
        Assert.Equal(0x8001, SimdOps.I8x16Bitmask(I8(-1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0x7F, 0x80)));
        Assert.Equal(0xFFFF, SimdOps.I8x16Bitmask(I8Splat(-1)));
        Assert.Equal(0b1000_0101, SimdOps.I16x8Bitmask(I16(-1, 1, -32768, 0x7FFF, 0, 0, 0, -2)));
        Assert.Equal(0b1010, SimdOps.I32x4Bitmask(I32(0x7FFFFFFF, -2147483648, 0, -1)));
        Assert.Equal(0b10, SimdOps.I64x2Bitmask(I64(long.MaxValue, long.MinValue)));
    }

    [Fact]
    public void AllTrueChecksEveryLaneAtItsWidth_AnyTrueAnyBit()
    {
        // simd_boolean.wast: a 16-bit lane of 0x0100 is true although its low byte is 0.
        Assert.Equal(0, SimdOps.I8x16AllTrue(I16Splat(0x0100)));
        Assert.Equal(1, SimdOps.I16x8AllTrue(I16Splat(0x0100)));
        Assert.Equal(0, SimdOps.I16x8AllTrue(I16(1, 1, 1, 1, 1, 1, 1, 0)));
        Assert.Equal(1, SimdOps.I32x4AllTrue(I32(0x10000, 1, -1, 0x80000000)));
        Assert.Equal(0, SimdOps.I32x4AllTrue(I32(1, 1, 0, 1)));
        Assert.Equal(1, SimdOps.I64x2AllTrue(I64(1L << 40, -1)));
        Assert.Equal(0, SimdOps.I64x2AllTrue(I64(0, 1)));
        Assert.Equal(0, SimdOps.V128AnyTrue(I8Splat(0)));
        Assert.Equal(1, SimdOps.V128AnyTrue(I8(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x80)));
    }

    [Fact]
    public void BitwiseOperatorsTakeTheirOperandsInSpecOrder()
    {
        var a = I32(0b1100, -1, 0, 0x0F0F0F0F);
        var b = I32(0b1010, 0, -1, 0x00FF00FF);
        Assert.Equal(I32(0b0100, -1, 0, 0x0F000F00), SimdOps.V128Andnot(a, b));
        Assert.Equal(I32(0b1000, 0, 0, 0x000F000F), SimdOps.V128And(a, b));
        Assert.Equal(I32(0b0110, -1, -1, 0x0FF00FF0), SimdOps.V128Xor(a, b));
        Assert.Equal(I32(~0b1100, 0, -1, unchecked((int)0xF0F0F0F0)), SimdOps.V128Not(a));
        // simd_bitwise.wast: bitselect takes bits of the first operand where the mask is 1
        Assert.Equal(I32Splat(0xABCD4321), SimdOps.V128Bitselect(I32Splat(0xABCD1234), I32Splat(0x12344321), I32Splat(0xFFFF0000)));
    }

    [Fact]
    public void SplatsAndLoadValuesFillTheRightLanes()
    {
        Assert.Equal(I8Splat(0x34), SimdOps.I8x16Splat(0x1234));
        Assert.Equal(I16Splat(0x5678), SimdOps.I16x8Splat(0x12345678));
        Assert.Equal(I64(-5, -5), SimdOps.I64x2Splat(-5));
        Assert.Equal(F32(1.5f, 1.5f, 1.5f, 1.5f), SimdOps.F32x4Splat(1.5f));
        Assert.Equal(F64(-0.0, -0.0), SimdOps.F64x2Splat(-0.0));

        // simd_load_extend.wast: memory bytes 0x80 0x81 ... read little-endian
        const ulong bytes = 0x8786_8584_8382_8180;
        Assert.Equal(I16(-128, -127, -126, -125, -124, -123, -122, -121), SimdOps.V128Load8x8S(bytes));
        Assert.Equal(I16(128, 129, 130, 131, 132, 133, 134, 135), SimdOps.V128Load8x8U(bytes));
        Assert.Equal(I32(-32384, -31870, -31356, -30842), SimdOps.V128Load16x4S(bytes));
        Assert.Equal(I32(0x8180, 0x8382, 0x8584, 0x8786), SimdOps.V128Load16x4U(bytes));
        Assert.Equal(I64(unchecked((int)0x83828180), unchecked((int)0x87868584)), SimdOps.V128Load32x2S(bytes));
        Assert.Equal(I64(0x83828180, 0x87868584), SimdOps.V128Load32x2U(bytes));
        Assert.Equal(I32(0x03020100, 0, 0, 0), SimdOps.V128Load32Zero(0x03020100));
        Assert.Equal(I64(unchecked((long)bytes), 0), SimdOps.V128Load64Zero(bytes));
    }

    [Fact]
    public unsafe void SlotsHoldTheLowHalfFirst()
    {
        var slots = stackalloc ulong[2];
        var v = I64(0x0706050403020100, 0x0F0E0D0C0B0A0908);
        SimdOps.Write(slots, v);
        Assert.Equal(0x0706050403020100ul, slots[0]);
        Assert.Equal(0x0F0E0D0C0B0A0908ul, slots[1]);
        Assert.Equal(v, SimdOps.Read(slots));
        Assert.Equal(v, SimdOps.FromHalves(slots[0], slots[1]));
        Assert.Equal(slots[0], SimdOps.Low(v));
        Assert.Equal(slots[1], SimdOps.High(v));
        Assert.Equal((byte)0, v.GetElement(0));
    }
}
