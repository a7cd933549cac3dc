using System.Runtime.Intrinsics;
using Microwasm.Runtime;
using static Microwasm.Tests.Simd.V128;

namespace Microwasm.Tests.Simd;

/// <summary>Integer lanes: wrapping, saturation, lane edges. Values from the simd_i*.wast files.</summary>
public class SimdIntegerTests
{
    [Fact]
    public void Q15mulrSaturatesTheOneOverflowingProduct()
    {
        // simd_i16x8_q15mulr_sat_s.wast
        Assert.Equal(I16Splat(32767), SimdOps.I16x8Q15mulrSatS(I16Splat(-32768), I16Splat(-32768)));
        Assert.Equal(I16Splat(8192), SimdOps.I16x8Q15mulrSatS(I16Splat(16383), I16Splat(16384)));
        Assert.Equal(I16Splat(8193), SimdOps.I16x8Q15mulrSatS(I16Splat(-16385), I16Splat(-16384)));
        Assert.Equal(I16Splat(1), SimdOps.I16x8Q15mulrSatS(I16Splat(32765), I16Splat(1)));
        // -32768 * 32767 legitimately rounds to -32767 and must not be flipped.
        Assert.Equal(I16(-32767, 32767, 0, -1, 32766, -32766, 1, 0), SimdOps.I16x8Q15mulrSatS(
            I16(-32768, -32768, 0, -32768, 32767, 32767, 1, 1),
            I16(32767, -32768, 5, 1, 32767, -32767, 32767, 1)));
    }

    [Fact]
    public void DotWrapsTwiceTheSquareOfTheMinimum()
    {
        // simd_i32x4_dot_i16x8.wast: 2 × (-32768)² = 2^31 wraps to -2^31.
        Assert.Equal(I32Splat(-2147483648), SimdOps.I32x4DotI16x8S(I16Splat(-32768), I16Splat(-32768)));
        Assert.Equal(I32(2, 7, 2147418113, 0), SimdOps.I32x4DotI16x8S(
            I16(1, 1, 3, 1, 32767, -32768, 0, 0),
            I16(1, 1, 2, 1, 32767, -32768, 0, 0)));
    }

    [Fact]
    public void NarrowSaturatesSignedInputToTheTargetRange()
    {
        // simd_int_to_int_extend.wast / simd_i8x16_arith2.wast
        Assert.Equal(I8(127, -128, 0, -1, 127, -128, 1, 0, 127, 127, 127, 127, -128, -128, -128, -128),
            SimdOps.I8x16NarrowI16x8S(I16(128, -129, 0, -1, 32767, -32768, 1, 0), I16(127, 128, 255, 256, -128, -129, -256, -32768)));
        Assert.Equal(I8(255, 0, 0, 0, 255, 0, 1, 0, 127, 128, 255, 255, 0, 0, 0, 0),
            SimdOps.I8x16NarrowI16x8U(I16(256, -129, 0, -1, 32767, -32768, 1, 0), I16(127, 128, 255, 256, -128, -129, -256, -32768)));
        Assert.Equal(I16(32767, -32768, -1, 0, 0, 32767, 32767, -1),
            SimdOps.I16x8NarrowI32x4S(I32(32768, -32769, -1, 0), I32(0, 65535, 65536, -1)));
        Assert.Equal(I16(0, 0, 32767, 32768, 65535, 65535, 0, 1),
            SimdOps.I16x8NarrowI32x4U(I32(-1, -2147483648, 32767, 32768), I32(65535, 65536, 0, 1)));
    }

    [Fact]
    public void SaturatingArithmeticClampsAtTheLaneEdges()
    {
        // simd_i8x16_sat_arith.wast / simd_i16x8_sat_arith.wast
        Assert.Equal(I8Splat(127), SimdOps.I8x16AddSatS(I8Splat(127), I8Splat(1)));
        Assert.Equal(I8Splat(-128), SimdOps.I8x16SubSatS(I8Splat(-128), I8Splat(1)));
        Assert.Equal(I8Splat(255), SimdOps.I8x16AddSatU(I8Splat(255), I8Splat(1)));
        Assert.Equal(I8Splat(0), SimdOps.I8x16SubSatU(I8Splat(0), I8Splat(1)));
        Assert.Equal(I16Splat(32767), SimdOps.I16x8AddSatS(I16Splat(32767), I16Splat(1)));
        Assert.Equal(I16Splat(-32768), SimdOps.I16x8SubSatS(I16Splat(-32768), I16Splat(1)));
        Assert.Equal(I16Splat(65535), SimdOps.I16x8AddSatU(I16Splat(65535), I16Splat(1)));
        Assert.Equal(I16Splat(0), SimdOps.I16x8SubSatU(I16Splat(1), I16Splat(2)));
    }

    [Fact]
    public void AbsOfTheMinimumWraps_NegWraps()
    {
        Assert.Equal(I8Splat(-128), SimdOps.I8x16Abs(I8Splat(-128)));
        Assert.Equal(I16Splat(-32768), SimdOps.I16x8Abs(I16Splat(-32768)));
        Assert.Equal(I32(-2147483648, 1, 1, 0), SimdOps.I32x4Abs(I32(-2147483648, -1, 1, 0)));
        Assert.Equal(I64(long.MinValue, 5), SimdOps.I64x2Abs(I64(long.MinValue, -5)));
        Assert.Equal(I8Splat(-128), SimdOps.I8x16Neg(I8Splat(-128)));
        Assert.Equal(I64(long.MinValue, 1), SimdOps.I64x2Neg(I64(long.MinValue, -1)));
    }

    [Fact]
    public void ShiftCountsAreTakenModuloTheLaneWidth()
    {
        // simd_bit_shift.wast: shl by 9 on i8 is shl by 1; shr by the lane width is no shift.
        var v = I8(1, -128, 0x40, 3, 1, -128, 0x40, 3, 1, -128, 0x40, 3, 1, -128, 0x40, 3);
        Assert.Equal(SimdOps.I8x16Shl(v, 1), SimdOps.I8x16Shl(v, 9));
        Assert.Equal(I8Splat(-64), SimdOps.I8x16ShrS(I8Splat(-128), 1));
        Assert.Equal(I8Splat(0x40), SimdOps.I8x16ShrU(I8Splat(-128), 1));
        Assert.Equal(I8Splat(-128), SimdOps.I8x16ShrS(I8Splat(-128), 8));
        Assert.Equal(I16Splat(-1), SimdOps.I16x8ShrS(I16Splat(-32768), 15));
        Assert.Equal(I16Splat(2), SimdOps.I16x8Shl(I16Splat(1), 17));
        Assert.Equal(I32Splat(-1073741824), SimdOps.I32x4ShrS(I32Splat(-2147483648), 33));
        Assert.Equal(I32Splat(0x40000000), SimdOps.I32x4ShrU(I32Splat(-2147483648), -31));
        Assert.Equal(I64(long.MinValue, 1), SimdOps.I64x2ShrU(I64(long.MinValue, 1), 64));
        Assert.Equal(I64(long.MinValue, long.MinValue), SimdOps.I64x2Shl(I64(1, 1), 127));
        Assert.Equal(I64(-2, 0x3FFF_FFFF_FFFF_FFFF), SimdOps.I64x2ShrS(I64(-3, long.MaxValue), 65));
    }

    [Fact]
    public void AvgrRoundsUpWithoutOverflow()
    {
        Assert.Equal(I8(255, 1, 255, 128, 0, 2, 128, 128, 255, 1, 255, 128, 0, 2, 128, 128),
            SimdOps.I8x16AvgrU(I8(255, 0, 254, 255, 0, 1, 0, 128, 255, 0, 254, 255, 0, 1, 0, 128), I8(255, 1, 255, 0, 0, 2, 255, 128, 255, 1, 255, 0, 0, 2, 255, 128)));
        Assert.Equal(I16(65535, 1, 32768, 0, 2, 32768, 65535, 1),
            SimdOps.I16x8AvgrU(I16(65535, 0, 65535, 0, 1, 0, 65534, 1), I16(65535, 1, 0, 0, 2, 65535, 65535, 0)));
    }

    [Fact]
    public void ExtaddPairwiseAndExtmulWidenBeforeTheyAdd()
    {
        // simd_i16x8_extadd_pairwise_i8x16.wast, simd_*_extmul_*.wast
        Assert.Equal(I16Splat(-256), SimdOps.I16x8ExtaddPairwiseI8x16S(I8Splat(-128)));
        Assert.Equal(I16Splat(510), SimdOps.I16x8ExtaddPairwiseI8x16U(I8Splat(255)));
        Assert.Equal(I32Splat(-65536), SimdOps.I32x4ExtaddPairwiseI16x8S(I16Splat(-32768)));
        Assert.Equal(I32Splat(131070), SimdOps.I32x4ExtaddPairwiseI16x8U(I16Splat(65535)));
        Assert.Equal(I16(1, 2, 3, 4, 5, 6, 7, -1), SimdOps.I16x8ExtaddPairwiseI8x16S(I8(0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 0, -1)));

        Assert.Equal(I16Splat(16384), SimdOps.I16x8ExtmulLowI8x16S(I8Splat(-128), I8Splat(-128)));
        Assert.Equal(I16Splat(65025), SimdOps.I16x8ExtmulHighI8x16U(I8Splat(255), I8Splat(255)));
        Assert.Equal(I32Splat(1073741824), SimdOps.I32x4ExtmulHighI16x8S(I16Splat(-32768), I16Splat(-32768)));
        Assert.Equal(I32Splat(4294836225), SimdOps.I32x4ExtmulLowI16x8U(I16Splat(65535), I16Splat(65535)));
        Assert.Equal(I64(1L << 62, 1L << 62), SimdOps.I64x2ExtmulLowI32x4S(I32Splat(-2147483648), I32Splat(-2147483648)));
        Assert.Equal(I64(-8589934591, -8589934591), SimdOps.I64x2ExtmulHighI32x4U(I32Splat(-1), I32Splat(-1)));
        // low and high pick different halves
        var halves = I32(1, 2, 3, 4);
        Assert.Equal(I64(1, 4), SimdOps.I64x2ExtmulLowI32x4S(halves, halves));
        Assert.Equal(I64(9, 16), SimdOps.I64x2ExtmulHighI32x4U(halves, halves));
    }

    [Fact]
    public void ExtendTakesTheRightHalfWithTheRightSign()
    {
        var v = I8(-1, 2, -3, 4, -5, 6, -7, 8, -128, 127, 0, 1, 2, 3, 4, -1);
        Assert.Equal(I16(-1, 2, -3, 4, -5, 6, -7, 8), SimdOps.I16x8ExtendLowI8x16S(v));
        Assert.Equal(I16(128, 127, 0, 1, 2, 3, 4, 255), SimdOps.I16x8ExtendHighI8x16U(v));
        Assert.Equal(I32(65535, 2, 65533, 4), SimdOps.I32x4ExtendLowI16x8U(I16(-1, 2, -3, 4, 0, 0, 0, 0)));
        Assert.Equal(I64(-1, 7), SimdOps.I64x2ExtendHighI32x4S(I32(0, 0, -1, 7)));
        Assert.Equal(I64(4294967295, 7), SimdOps.I64x2ExtendHighI32x4U(I32(0, 0, -1, 7)));
    }

    [Fact]
    public void PopcntCountsEachByte()
    {
        Assert.Equal(I8(0, 1, 8, 4, 4, 1, 7, 2, 0, 1, 8, 4, 4, 1, 7, 2),
            SimdOps.I8x16Popcnt(I8(0, 1, 255, 0x55, 0xAA, 0x80, 0x7F, 0x81, 0, 1, 255, 0x55, 0xAA, 0x80, 0x7F, 0x81)));
    }

    [Fact]
    public void MinMaxAndComparisonsDistinguishSignedFromUnsigned()
    {
        Assert.Equal(I8Splat(-128), SimdOps.I8x16MinS(I8Splat(-128), I8Splat(127)));
        Assert.Equal(I8Splat(127), SimdOps.I8x16MinU(I8Splat(-128), I8Splat(127)));
        Assert.Equal(I32Splat(-1), SimdOps.I32x4MaxU(I32Splat(-1), I32Splat(1)));
        Assert.Equal(I16Splat(-1), SimdOps.I16x8LtS(I16Splat(-1), I16Splat(0)));
        Assert.Equal(I16Splat(0), SimdOps.I16x8LtU(I16Splat(-1), I16Splat(0)));
        Assert.Equal(I64(-1, 0), SimdOps.I64x2LtS(I64(long.MinValue, long.MaxValue), I64(long.MaxValue, long.MinValue)));
        Assert.Equal(I64(0, -1), SimdOps.I64x2GeS(I64(long.MinValue, long.MaxValue), I64(long.MaxValue, long.MinValue)));
        Assert.Equal(I32(-1, 0, -1, 0), SimdOps.I32x4GeU(I32(-1, 0, 5, 4), I32(0, 1, 5, 5)));
    }

    [Fact]
    public void MultiplicationWraps()
    {
        Assert.Equal(I16Splat(1), SimdOps.I16x8Mul(I16Splat(-1), I16Splat(-1)));
        Assert.Equal(I16Splat(0), SimdOps.I16x8Mul(I16Splat(256), I16Splat(256)));
        Assert.Equal(I32Splat(2147483647), SimdOps.I32x4Mul(I32Splat(-2147483647), I32Splat(-1)));
        Assert.Equal(I32Splat(-2147483648), SimdOps.I32x4Mul(I32Splat(-2147483648), I32Splat(-1)));
        Assert.Equal(I64(0, 1), SimdOps.I64x2Mul(I64(1L << 32, -1), I64(1L << 32, -1)));
    }
}
