using Microwasm.Runtime;
using static Microwasm.Tests.Simd.V128;

namespace Microwasm.Tests.Simd;

/// <summary>Float lanes: NaN, signed zero, rounding. Values from simd_f32x4*.wast, simd_f64x2*.wast, simd_conversions.wast.</summary>
public class SimdFloatTests
{
    private const uint NegZero32 = 0x8000_0000;
    private const uint CanonicalNaN32 = 0x7FC0_0000;
    private const uint SignallingNaN32 = 0x7FA0_0000; // nan:0x200000
    private const ulong NegZero64 = 0x8000_0000_0000_0000;
    private const ulong SignallingNaN64 = 0x7FF4_0000_0000_0000; // nan:0x4000000000000

    [Fact]
    public void MinAndMaxOrderNegativeZeroBelowPositiveZero()
    {
        // simd_f32x4.wast: (f32x4.min -0 0) = -0, (f32x4.max -0 0) = 0, in both operand orders.
        var negZero = F32Bits(NegZero32, 0, NegZero32, 0);
        var posZero = F32Bits(0, NegZero32, 0, NegZero32);
        Assert.Equal(I32Splat(NegZero32), SimdOps.F32x4Min(negZero, posZero));
        Assert.Equal(I32Splat(0), SimdOps.F32x4Max(negZero, posZero));
        Assert.Equal(F64Bits(NegZero64, NegZero64), SimdOps.F64x2Min(F64Bits(NegZero64, 0), F64Bits(0, NegZero64)));
        Assert.Equal(F64Bits(0, 0), SimdOps.F64x2Max(F64Bits(NegZero64, 0), F64Bits(0, NegZero64)));
    }

    [Fact]
    public void MinAndMaxPropagateNaNFromEitherOperand()
    {
        var nan = F32Bits(CanonicalNaN32, 0, CanonicalNaN32, CanonicalNaN32);
        var numbers = F32(-0f, float.NaN, float.NegativeInfinity, float.PositiveInfinity);
        foreach (var result in new[] { SimdOps.F32x4Min(nan, numbers), SimdOps.F32x4Max(numbers, nan) })
        {
            for (var lane = 0; lane < 4; lane++)
            {
                Assert.True(IsCanonicalNaN32(F32Lane(result, lane)), $"lane {lane}: 0x{F32Lane(result, lane):X8}");
            }
        }
    }

    [Fact]
    public void MinAndMaxOfASignallingNaNGiveAnArithmeticNaN()
    {
        // simd_f32x4.wast: (f32x4.min (nan:0x200000) 0) = nan:arithmetic; hardware without AVX2
        // and the managed fallback return the signalling NaN unchanged.
        var snan = F32Bits(SignallingNaN32, 0, SignallingNaN32, 0x3F80_0000);
        var other = F32Bits(0, SignallingNaN32, 0xFF80_0000, SignallingNaN32);
        foreach (var result in new[] { SimdOps.F32x4Min(snan, other), SimdOps.F32x4Max(snan, other) })
        {
            for (var lane = 0; lane < 4; lane++)
            {
                Assert.True(IsArithmeticNaN32(F32Lane(result, lane)), $"lane {lane}: 0x{F32Lane(result, lane):X8}");
            }
        }
        var result64 = SimdOps.F64x2Min(F64Bits(SignallingNaN64, 0), F64Bits(0, SignallingNaN64));
        Assert.True(IsArithmeticNaN64(F64Lane(result64, 0)));
        Assert.True(IsArithmeticNaN64(F64Lane(result64, 1)));
    }

    [Fact]
    public void PminAndPmaxAreDefinedByLessThan()
    {
        // simd_f32x4_pmin_pmax.wast: pmin(a, b) = b < a ? b : a, so a NaN first operand is kept,
        // a NaN second operand is never chosen, and equal zeros give the first operand.
        var a = F32Bits(CanonicalNaN32, 0, NegZero32, 0x3F80_0000);
        var b = F32Bits(0, CanonicalNaN32, 0, NegZero32);
        Assert.Equal(F32Bits(CanonicalNaN32, 0, NegZero32, NegZero32), SimdOps.F32x4Pmin(a, b));
        Assert.Equal(F32Bits(CanonicalNaN32, 0, NegZero32, 0x3F80_0000), SimdOps.F32x4Pmax(a, b));
        Assert.Equal(F64Bits(NegZero64, 0), SimdOps.F64x2Pmin(F64Bits(NegZero64, 0), F64Bits(0, NegZero64)));
        Assert.Equal(F64Bits(NegZero64, 0), SimdOps.F64x2Pmax(F64Bits(NegZero64, 0), F64Bits(0, NegZero64)));
    }

    [Fact]
    public void NearestRoundsHalfToEven()
    {
        // simd_f32x4_rounding.wast / simd_f64x2_rounding.wast
        Assert.Equal(F32(0, 2, 2, -0f), SimdOps.F32x4Nearest(F32(0.5f, 1.5f, 2.5f, -0.5f)));
        Assert.Equal(F32Bits(NegZero32, 0xC000_0000, 0x4B80_0000, 0), SimdOps.F32x4Nearest(F32(-0.5f, -1.5f, 16777216f, 0.49999997f)));
        Assert.Equal(F64(-2, 4), SimdOps.F64x2Nearest(F64(-2.5, 3.5)));
        Assert.Equal(F64Bits(NegZero64, 0), SimdOps.F64x2Nearest(F64(-0.5, 0.5)));
    }

    [Fact]
    public void CeilFloorTruncKeepTheSignOfZero()
    {
        Assert.Equal(F32Bits(NegZero32, 0xBF80_0000, NegZero32, 0x3F80_0000), SimdOps.F32x4Ceil(F32(-0.5f, -1f, -0f, 0.5f)));
        Assert.Equal(F32Bits(0xBF80_0000, 0, NegZero32, 0), SimdOps.F32x4Floor(F32(-0.5f, 0.5f, -0f, 0.9f)));
        Assert.Equal(F32Bits(NegZero32, 0, 0xBF80_0000, 0x3F80_0000), SimdOps.F32x4Trunc(F32(-0.5f, 0.5f, -1.5f, 1.5f)));
        Assert.Equal(F64Bits(NegZero64, 0), SimdOps.F64x2Ceil(F64(-0.5, 0.0)));
        Assert.Equal(F64(-1, 0), SimdOps.F64x2Floor(F64(-0.5, 0.5)));
        Assert.Equal(F64Bits(NegZero64, 0), SimdOps.F64x2Trunc(F64(-0.9, 0.9)));
        var nan = SimdOps.F32x4Nearest(F32Bits(CanonicalNaN32, SignallingNaN32, CanonicalNaN32, CanonicalNaN32));
        Assert.True(IsCanonicalNaN32(F32Lane(nan, 0)));
        Assert.True(IsArithmeticNaN32(F32Lane(nan, 1)));
    }

    [Fact]
    public void AbsAndNegTouchOnlyTheSignBit()
    {
        // simd_f32x4.wast: abs/neg of a NaN keep its payload (they are bit operations).
        Assert.Equal(F32Bits(0x7FA0_0000, 0x7FC0_0000, 0, 0x7F80_0000), SimdOps.F32x4Abs(F32Bits(0xFFA0_0000, 0x7FC0_0000, NegZero32, 0xFF80_0000)));
        Assert.Equal(F32Bits(0xFFA0_0000, 0xFFC0_0000, 0, NegZero32), SimdOps.F32x4Neg(F32Bits(0x7FA0_0000, 0x7FC0_0000, NegZero32, 0)));
        Assert.Equal(F64Bits(0x7FF4_0000_0000_0000, 0), SimdOps.F64x2Abs(F64Bits(0xFFF4_0000_0000_0000, NegZero64)));
        Assert.Equal(F64Bits(0xFFF4_0000_0000_0000, NegZero64), SimdOps.F64x2Neg(F64Bits(0x7FF4_0000_0000_0000, 0)));
    }

    [Fact]
    public void ComparisonsAreFalseForNaNExceptNe()
    {
        var a = F32(float.NaN, 1, -0f, float.NaN);
        var b = F32(float.NaN, float.NaN, 0, 1);
        Assert.Equal(I32(0, 0, -1, 0), SimdOps.F32x4Eq(a, b));
        Assert.Equal(I32(-1, -1, 0, -1), SimdOps.F32x4Ne(a, b));
        Assert.Equal(I32(0, 0, 0, 0), SimdOps.F32x4Lt(a, b));
        Assert.Equal(I32(0, 0, -1, 0), SimdOps.F32x4Ge(a, b));
        Assert.Equal(I64(0, -1), SimdOps.F64x2Le(F64(double.NaN, -0.0), F64(1, 0)));
        Assert.Equal(I64(-1, 0), SimdOps.F64x2Ne(F64(double.NaN, -0.0), F64(double.NaN, 0)));
    }

    [Fact]
    public void SqrtAndArithmeticGiveCanonicalNaNForCanonicalInputs()
    {
        var sqrt = SimdOps.F32x4Sqrt(F32(-1, float.NaN, 4, -0f));
        Assert.True(IsCanonicalNaN32(F32Lane(sqrt, 0)));
        Assert.True(IsCanonicalNaN32(F32Lane(sqrt, 1)));
        Assert.Equal(0x4000_0000u, F32Lane(sqrt, 2));
        Assert.Equal(NegZero32, F32Lane(sqrt, 3));
        var sum = SimdOps.F64x2Add(F64(double.PositiveInfinity, 1), F64(double.NegativeInfinity, double.NaN));
        Assert.True(IsCanonicalNaN64(F64Lane(sum, 0)));
        Assert.True(IsCanonicalNaN64(F64Lane(sum, 1)));
    }

    [Fact]
    public void TruncSatF32x4SaturatesAndSendsNaNToZero()
    {
        // simd_i32x4_trunc_sat_f32x4.wast
        Assert.Equal(I32(0, 2147483647, -2147483648, -1), SimdOps.I32x4TruncSatF32x4S(F32(float.NaN, 3e9f, float.NegativeInfinity, -1.9f)));
        Assert.Equal(I32(2147483647, -2147483648, 0, 0), SimdOps.I32x4TruncSatF32x4S(F32(2147483648f, -2147483648f, -0f, 0.9f)));
        Assert.Equal(I32(0, 0xFFFFFFFF, 0, 4294967040), SimdOps.I32x4TruncSatF32x4U(F32(float.NaN, 4294967296f, -1f, 4294967040f)));
        Assert.Equal(I32(0, 0, 2147483648, 0xFFFFFFFF), SimdOps.I32x4TruncSatF32x4U(F32(-0.9f, -float.Epsilon, 2147483648f, float.PositiveInfinity)));
    }

    [Fact]
    public void TruncSatF64x2ZerosTheHighLanes()
    {
        // simd_i32x4_trunc_sat_f64x2.wast
        Assert.Equal(I32(0, 2147483647, 0, 0), SimdOps.I32x4TruncSatF64x2SZero(F64(double.NaN, 2147483648.0)));
        Assert.Equal(I32(-2147483648, -2147483648, 0, 0), SimdOps.I32x4TruncSatF64x2SZero(F64(-2147483648.9, double.NegativeInfinity)));
        Assert.Equal(I32(4294967294, 0, 0, 0), SimdOps.I32x4TruncSatF64x2UZero(F64(4294967294.0, -4294967294.0)));
        Assert.Equal(I32(0xFFFFFFFF, 0, 0, 0), SimdOps.I32x4TruncSatF64x2UZero(F64(4294967296.0, double.NaN)));
    }

    [Fact]
    public void ConvertUnsignedRoundsOnceToNearestEven()
    {
        // simd_conversions.wast: -1 → 4294967295.0 (= 2^32 as f32), 0x12345678 → 0x1.234568p+28
        Assert.Equal(F32(4294967296f, 2147483648f, 2147483648f, 1f), SimdOps.F32x4ConvertI32x4U(I32(-1, 2147483647, -2147483648, 1)));
        Assert.Equal(F32Bits(0x4D91_A2B4, 0x4F00_0001, 0x4F00_0000, 0x4B80_0000), SimdOps.F32x4ConvertI32x4U(I32(0x12345678, 0x80000081, 0x80000080, 16777217)));
        Assert.Equal(F32(-1, -2147483648f, 2147483648f, 16777216f), SimdOps.F32x4ConvertI32x4S(I32(-1, -2147483648, 2147483647, 16777217)));
        Assert.Equal(F64(4294967295.0, 2147483648.0), SimdOps.F64x2ConvertLowI32x4U(I32(-1, -2147483648, 7, 7)));
        Assert.Equal(F64(-1, -2147483648.0), SimdOps.F64x2ConvertLowI32x4S(I32(-1, -2147483648, 7, 7)));
    }

    [Fact]
    public void DemoteRoundsAndZerosTheHighLanes_PromoteIsExact()
    {
        // simd_conversions.wast: 0x1.0000000000001p+0 → 1.0; 0x1.0000010000001p+0 → 0x1.000002p+0; huge → inf
        Assert.Equal(F32(1, 1.00000012f, 0, 0), SimdOps.F32x4DemoteF64x2Zero(F64Bits(0x3FF0_0000_0000_0001, 0x3FF0_0000_1000_0001)));
        Assert.Equal(F32(float.PositiveInfinity, -0f, 0, 0), SimdOps.F32x4DemoteF64x2Zero(F64(1e300, -0.0)));
        var nan = SimdOps.F32x4DemoteF64x2Zero(F64(double.NaN, 1));
        Assert.True(IsCanonicalNaN32(F32Lane(nan, 0)));
        Assert.Equal(F64(1.5, float.MaxValue), SimdOps.F64x2PromoteLowF32x4(F32(1.5f, float.MaxValue, 9, 9)));
        var promoted = SimdOps.F64x2PromoteLowF32x4(F32Bits(CanonicalNaN32, SignallingNaN32, 0, 0));
        Assert.True(IsCanonicalNaN64(F64Lane(promoted, 0)));
        Assert.True(IsArithmeticNaN64(F64Lane(promoted, 1)));
    }
}
