using Microwasm.Runtime;
using static Microwasm.Tests.Runtime.WastFloat;

namespace Microwasm.Tests.Runtime;

/// <summary>
/// Values and boundaries from the spec suite (i32, i64, f32, f64, conversions, float_misc .wast),
/// written in the suite's notation. Float results are compared bit for bit; "nan:canonical" and
/// "nan:arithmetic" expect a NaN of that class, as the suite does.
/// </summary>
public class NumericsTests
{
    private static void AssertF32(string expected, float actual)
    {
        switch (expected)
        {
            case "nan:canonical":
                Assert.True(Numerics.IsCanonicalNaN(actual), $"expected a canonical NaN, got 0x{BitConverter.SingleToUInt32Bits(actual):X8}");
                break;
            case "nan:arithmetic":
                Assert.True(Numerics.IsArithmeticNaN(actual), $"expected an arithmetic NaN, got 0x{BitConverter.SingleToUInt32Bits(actual):X8}");
                break;
            default:
                Assert.Equal($"0x{BitConverter.SingleToUInt32Bits(F32(expected)):X8}", $"0x{BitConverter.SingleToUInt32Bits(actual):X8}");
                break;
        }
    }

    private static void AssertF64(string expected, double actual)
    {
        switch (expected)
        {
            case "nan:canonical":
                Assert.True(Numerics.IsCanonicalNaN(actual), $"expected a canonical NaN, got 0x{BitConverter.DoubleToUInt64Bits(actual):X16}");
                break;
            case "nan:arithmetic":
                Assert.True(Numerics.IsArithmeticNaN(actual), $"expected an arithmetic NaN, got 0x{BitConverter.DoubleToUInt64Bits(actual):X16}");
                break;
            default:
                Assert.Equal($"0x{BitConverter.DoubleToUInt64Bits(F64(expected)):X16}", $"0x{BitConverter.DoubleToUInt64Bits(actual):X16}");
                break;
        }
    }

    private static void AssertTrap(TrapKind kind, Action action) => Assert.Equal(kind, Assert.Throws<WasmTrap>(action).Kind);

    // ---- the test helper itself ----------------------------------------------------------------

    [Fact]
    public void WastFloatParsesTheSuiteNotation()
    {
        Assert.Equal(0x5EFF_FFFFu, BitConverter.SingleToUInt32Bits(F32("0x1.fffffep+62")));
        Assert.Equal(0x0000_0001u, BitConverter.SingleToUInt32Bits(F32("0x1p-149")));
        Assert.Equal(0xFFA0_0000u, BitConverter.SingleToUInt32Bits(F32("-nan:0x200000")));
        Assert.Equal(0x8000_0000u, BitConverter.SingleToUInt32Bits(F32("-0x0p+0")));
        Assert.Equal(0x0000_0000_0000_0001ul, BitConverter.DoubleToUInt64Bits(F64("0x0.0000000000001p-1022")));
        Assert.Equal(0x43EF_FFFF_FFFF_FFFFul, BitConverter.DoubleToUInt64Bits(F64("0x1.fffffffffffffp+63")));
        Assert.Equal(0xFFF8_0000_0000_0000ul, BitConverter.DoubleToUInt64Bits(F64("-nan")));
    }

    // ---- integer division and remainder ---------------------------------------------------------

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(0, 1, 0)]
    [InlineData(int.MinValue, 2, -1073741824)]
    [InlineData(int.MinValue + 1, -1, int.MaxValue)]
    [InlineData(7, 3, 2)]
    [InlineData(-7, 3, -2)]
    [InlineData(7, -3, -2)]
    [InlineData(-7, -3, 2)]
    [InlineData(5, 2, 2)]
    [InlineData(-5, 2, -2)]
    public void I32DivS(int a, int b, int expected) => Assert.Equal(expected, Numerics.I32DivS(a, b));

    [Fact]
    public void I32DivSTraps()
    {
        AssertTrap(TrapKind.IntegerDivideByZero, () => Numerics.I32DivS(1, 0));
        AssertTrap(TrapKind.IntegerDivideByZero, () => Numerics.I32DivS(0, 0));
        AssertTrap(TrapKind.IntegerDivideByZero, () => Numerics.I32DivS(int.MinValue, 0));
        AssertTrap(TrapKind.IntegerOverflow, () => Numerics.I32DivS(int.MinValue, -1));
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(int.MinValue, -1, 0)]
    [InlineData(int.MinValue, 2, 0x40000000)]
    [InlineData(unchecked((int)0x8FF00FF0), 0x10001, 0x8FEF)]
    [InlineData(unchecked((int)0x80000001), 1000, 0x20C49B)]
    [InlineData(-5, 2, 0x7FFFFFFD)]
    [InlineData(5, -2, 0)]
    [InlineData(-1, -1, 1)]
    public void I32DivU(int a, int b, int expected) => Assert.Equal(expected, Numerics.I32DivU(a, b));

    [Fact]
    public void I32DivUTraps()
    {
        AssertTrap(TrapKind.IntegerDivideByZero, () => Numerics.I32DivU(1, 0));
        AssertTrap(TrapKind.IntegerDivideByZero, () => Numerics.I32DivU(0, 0));
    }

    [Theory]
    [InlineData(int.MaxValue, -1, 0)]
    [InlineData(1, 1, 0)]
    [InlineData(int.MinValue, -1, 0)]
    [InlineData(int.MinValue, 2, 0)]
    [InlineData(int.MinValue, 3, -2)]
    [InlineData(7, 3, 1)]
    [InlineData(-7, 3, -1)]
    [InlineData(7, -3, 1)]
    [InlineData(-7, -3, -1)]
    [InlineData(-5, 2, -1)]
    public void I32RemS(int a, int b, int expected) => Assert.Equal(expected, Numerics.I32RemS(a, b));

    [Theory]
    [InlineData(int.MinValue, -1, int.MinValue)]
    [InlineData(int.MinValue, 2, 0)]
    [InlineData(unchecked((int)0x8FF00FF0), 0x10001, 0x8001)]
    [InlineData(unchecked((int)0x80000001), 1000, 649)]
    [InlineData(-5, 2, 1)]
    [InlineData(5, -2, 5)]
    [InlineData(-1, -1, 0)]
    public void I32RemU(int a, int b, int expected) => Assert.Equal(expected, Numerics.I32RemU(a, b));

    [Fact]
    public void I32RemTrapsOnlyOnZero()
    {
        AssertTrap(TrapKind.IntegerDivideByZero, () => Numerics.I32RemS(1, 0));
        AssertTrap(TrapKind.IntegerDivideByZero, () => Numerics.I32RemS(int.MinValue, 0));
        AssertTrap(TrapKind.IntegerDivideByZero, () => Numerics.I32RemU(1, 0));
        AssertTrap(TrapKind.IntegerDivideByZero, () => Numerics.I32RemU(0, 0));
    }

    [Theory]
    [InlineData(long.MinValue + 1, -1, long.MaxValue)]
    [InlineData(long.MinValue, 2, -0x4000000000000000)]
    [InlineData(-7, 3, -2)]
    [InlineData(7, -3, -2)]
    [InlineData(-7, -3, 2)]
    public void I64DivS(long a, long b, long expected) => Assert.Equal(expected, Numerics.I64DivS(a, b));

    [Theory]
    [InlineData(long.MinValue, -1, 0)]
    [InlineData(long.MinValue, 2, 0x4000000000000000)]
    [InlineData(unchecked((long)0x8FF00FF00FF00FF0), 0x100000001, 0x8FF00FEF)]
    [InlineData(unchecked((long)0x8000000000000001), 1000, 0x20C49BA5E353F7)]
    [InlineData(-5, 2, 0x7FFFFFFFFFFFFFFD)]
    [InlineData(-1, -1, 1)]
    public void I64DivU(long a, long b, long expected) => Assert.Equal(expected, Numerics.I64DivU(a, b));

    [Theory]
    [InlineData(long.MaxValue, -1, 0)]
    [InlineData(long.MinValue, -1, 0)]
    [InlineData(long.MinValue, 3, -2)]
    [InlineData(-7, 3, -1)]
    [InlineData(7, -3, 1)]
    public void I64RemS(long a, long b, long expected) => Assert.Equal(expected, Numerics.I64RemS(a, b));

    [Theory]
    [InlineData(long.MinValue, -1, long.MinValue)]
    [InlineData(unchecked((long)0x8FF00FF00FF00FF0), 0x100000001, 0x80000001)]
    [InlineData(unchecked((long)0x8000000000000001), 1000, 809)]
    [InlineData(-5, 2, 1)]
    [InlineData(5, -2, 5)]
    public void I64RemU(long a, long b, long expected) => Assert.Equal(expected, Numerics.I64RemU(a, b));

    [Fact]
    public void I64DivRemTraps()
    {
        AssertTrap(TrapKind.IntegerDivideByZero, () => Numerics.I64DivS(1, 0));
        AssertTrap(TrapKind.IntegerDivideByZero, () => Numerics.I64DivS(long.MinValue, 0));
        AssertTrap(TrapKind.IntegerOverflow, () => Numerics.I64DivS(long.MinValue, -1));
        AssertTrap(TrapKind.IntegerDivideByZero, () => Numerics.I64DivU(1, 0));
        AssertTrap(TrapKind.IntegerDivideByZero, () => Numerics.I64RemS(1, 0));
        AssertTrap(TrapKind.IntegerDivideByZero, () => Numerics.I64RemS(long.MinValue, 0));
        AssertTrap(TrapKind.IntegerDivideByZero, () => Numerics.I64RemU(1, 0));
    }

    // ---- shifts, rotates, bit counts, sign extension ----------------------------------------------

    [Fact]
    public void I32ShiftsTakeTheCountModulo32()
    {
        Assert.Equal(2, Numerics.I32Shl(1, 33));
        Assert.Equal(int.MinValue, Numerics.I32Shl(1, -1));
        Assert.Equal(1, Numerics.I32Shl(1, 32));
        Assert.Equal(int.MinValue, Numerics.I32Shl(1, int.MaxValue));
        Assert.Equal(-1, Numerics.I32ShrS(int.MinValue, 31));
        Assert.Equal(int.MinValue, Numerics.I32ShrS(int.MinValue, 32));
        Assert.Equal(-0x40000000, Numerics.I32ShrS(int.MinValue, 33));
        Assert.Equal(-1, Numerics.I32ShrS(-1, -1));
        Assert.Equal(1, Numerics.I32ShrU(int.MinValue, 31));
        Assert.Equal(0x40000000, Numerics.I32ShrU(int.MinValue, 33));
        Assert.Equal(1, Numerics.I32ShrU(-1, -1));
        Assert.Equal(-1, Numerics.I32ShrU(-1, 32));
    }

    [Fact]
    public void I64ShiftsTakeTheCountModulo64()
    {
        Assert.Equal(2L, Numerics.I64Shl(1, 65));
        Assert.Equal(long.MinValue, Numerics.I64Shl(1, -1));
        Assert.Equal(long.MinValue, Numerics.I64Shl(1, long.MaxValue));
        Assert.Equal(1L, Numerics.I64Shl(1, 64));
        // A count whose low 32 bits alone would give another answer: 0x1_0000_0001 mod 64 = 1.
        Assert.Equal(2L, Numerics.I64Shl(1, 0x1_0000_0001));
        Assert.Equal(long.MinValue, Numerics.I64ShrS(long.MinValue, 64));
        Assert.Equal(-0x4000000000000000L, Numerics.I64ShrS(long.MinValue, 65));
        Assert.Equal(-1L, Numerics.I64ShrS(-1, -1));
        Assert.Equal(1L, Numerics.I64ShrU(long.MinValue, 63));
        Assert.Equal(0x4000000000000000L, Numerics.I64ShrU(long.MinValue, 65));
        Assert.Equal(1L, Numerics.I64ShrU(-1, -1));
        Assert.Equal(-1L, Numerics.I64ShrU(-1, 64));
    }

    [Theory]
    [InlineData(1, 1, 2, unchecked((int)0x80000000))]
    [InlineData(1, 0, 1, 1)]
    [InlineData(-1, 1, -1, -1)]
    [InlineData(1, 32, 1, 1)]
    [InlineData(unchecked((int)0xB0C1D2E3), 5, 0x183A5C76, 0x1D860E97)]
    [InlineData(unchecked((int)0xB0C1D2E3), 0xFF05, 0x183A5C76, 0x1D860E97)]
    [InlineData(0x00008000, 37, 0x00100000, 0x00000400)]
    [InlineData(0x769ABCDF, unchecked((int)0xFFFFFFED), 0x579BEED3, unchecked((int)0xE6FBB4D5))]
    [InlineData(0x769ABCDF, unchecked((int)0x8000000D), 0x579BEED3, unchecked((int)0xE6FBB4D5))]
    [InlineData(1, 31, unchecked((int)0x80000000), 2)]
    public void I32Rotates(int a, int count, int rotl, int rotr)
    {
        Assert.Equal(rotl, Numerics.I32Rotl(a, count));
        Assert.Equal(rotr, Numerics.I32Rotr(a, count));
    }

    [Theory]
    [InlineData(1L, 1L, 2L, unchecked((long)0x8000000000000000))]
    [InlineData(1L, 64L, 1L, 1L)]
    [InlineData(-1L, 1L, -1L, -1L)]
    [InlineData(unchecked((long)0xABCD987602468ACE), 1L, 0x579B30EC048D159DL, 0x55E6CC3B01234567L)]
    [InlineData(unchecked((long)0xABCD1234EF567809), 53L, 0x013579A2469DEACFL, 0x6891A77AB3C04D5EL)]
    [InlineData(unchecked((long)0xABCD1234EF567809), 0xF5L, 0x013579A2469DEACFL, 0x6891A77AB3C04D5EL)]
    [InlineData(unchecked((long)0xABCD7294EF567809), unchecked((long)0xFFFFFFFFFFFFFFED), unchecked((long)0xCF013579AE529DEA), unchecked((long)0x94A77AB3C04D5E6B))]
    [InlineData(unchecked((long)0xABD1234EF567809C), unchecked((long)0x800000000000003F), 0x55E891A77AB3C04EL, 0x57A2469DEACF0139L)]
    [InlineData(1L, 63L, unchecked((long)0x8000000000000000), 2L)]
    public void I64Rotates(long a, long count, long rotl, long rotr)
    {
        Assert.Equal(rotl, Numerics.I64Rotl(a, count));
        Assert.Equal(rotr, Numerics.I64Rotr(a, count));
    }

    [Fact]
    public void BitCounts()
    {
        Assert.Equal(0, Numerics.I32Clz(-1));
        Assert.Equal(32, Numerics.I32Clz(0));
        Assert.Equal(16, Numerics.I32Clz(0x00008000));
        Assert.Equal(24, Numerics.I32Clz(0xFF));
        Assert.Equal(0, Numerics.I32Clz(int.MinValue));
        Assert.Equal(31, Numerics.I32Clz(1));
        Assert.Equal(1, Numerics.I32Clz(int.MaxValue));
        Assert.Equal(0, Numerics.I32Ctz(-1));
        Assert.Equal(32, Numerics.I32Ctz(0));
        Assert.Equal(15, Numerics.I32Ctz(0x00008000));
        Assert.Equal(16, Numerics.I32Ctz(0x00010000));
        Assert.Equal(31, Numerics.I32Ctz(int.MinValue));
        Assert.Equal(32, Numerics.I32Popcnt(-1));
        Assert.Equal(0, Numerics.I32Popcnt(0));
        Assert.Equal(1, Numerics.I32Popcnt(0x00008000));
        Assert.Equal(2, Numerics.I32Popcnt(unchecked((int)0x80008000)));
        Assert.Equal(31, Numerics.I32Popcnt(int.MaxValue));
        Assert.Equal(16, Numerics.I32Popcnt(unchecked((int)0xAAAAAAAA)));
        Assert.Equal(24, Numerics.I32Popcnt(unchecked((int)0xDEADBEEF)));

        Assert.Equal(0L, Numerics.I64Clz(-1));
        Assert.Equal(64L, Numerics.I64Clz(0));
        Assert.Equal(48L, Numerics.I64Clz(0x00008000));
        Assert.Equal(56L, Numerics.I64Clz(0xFF));
        Assert.Equal(0L, Numerics.I64Clz(long.MinValue));
        Assert.Equal(63L, Numerics.I64Clz(1));
        Assert.Equal(0L, Numerics.I64Ctz(-1));
        Assert.Equal(64L, Numerics.I64Ctz(0));
        Assert.Equal(15L, Numerics.I64Ctz(0x00008000));
        Assert.Equal(16L, Numerics.I64Ctz(0x00010000));
        Assert.Equal(63L, Numerics.I64Ctz(long.MinValue));
        Assert.Equal(64L, Numerics.I64Popcnt(-1));
        Assert.Equal(0L, Numerics.I64Popcnt(0));
        Assert.Equal(4L, Numerics.I64Popcnt(unchecked((long)0x8000800080008000)));
        Assert.Equal(63L, Numerics.I64Popcnt(long.MaxValue));
        Assert.Equal(32L, Numerics.I64Popcnt(unchecked((long)0x99999999AAAAAAAA)));
        Assert.Equal(48L, Numerics.I64Popcnt(unchecked((long)0xDEADBEEFDEADBEEF)));
    }

    [Fact]
    public void SignExtension()
    {
        Assert.Equal(0, Numerics.I32Extend8S(0));
        Assert.Equal(0x7F, Numerics.I32Extend8S(0x7F));
        Assert.Equal(-128, Numerics.I32Extend8S(0x80));
        Assert.Equal(-1, Numerics.I32Extend8S(0xFF));
        Assert.Equal(0, Numerics.I32Extend8S(0x01234500));
        Assert.Equal(-0x80, Numerics.I32Extend8S(unchecked((int)0xFEDCBA80)));
        Assert.Equal(-1, Numerics.I32Extend8S(-1));
        Assert.Equal(0x7FFF, Numerics.I32Extend16S(0x7FFF));
        Assert.Equal(-32768, Numerics.I32Extend16S(0x8000));
        Assert.Equal(-1, Numerics.I32Extend16S(0xFFFF));
        Assert.Equal(0, Numerics.I32Extend16S(0x01230000));
        Assert.Equal(-0x8000, Numerics.I32Extend16S(unchecked((int)0xFEDC8000)));

        Assert.Equal(0x7FL, Numerics.I64Extend8S(0x7F));
        Assert.Equal(-128L, Numerics.I64Extend8S(0x80));
        Assert.Equal(0L, Numerics.I64Extend8S(0x0123456789ABCD00));
        Assert.Equal(-0x80L, Numerics.I64Extend8S(unchecked((long)0xFEDCBA9876543280)));
        Assert.Equal(-32768L, Numerics.I64Extend16S(0x8000));
        Assert.Equal(0L, Numerics.I64Extend16S(0x0123456789AB0000));
        Assert.Equal(-0x8000L, Numerics.I64Extend16S(unchecked((long)0xFEDCBA9876548000)));
        Assert.Equal(0x7FFFFFFFL, Numerics.I64Extend32S(0x7FFFFFFF));
        Assert.Equal(-2147483648L, Numerics.I64Extend32S(0x80000000));
        Assert.Equal(-1L, Numerics.I64Extend32S(0xFFFFFFFF));
        Assert.Equal(0L, Numerics.I64Extend32S(0x0123456700000000));
        Assert.Equal(-0x80000000L, Numerics.I64Extend32S(unchecked((long)0xFEDCBA9880000000)));

        Assert.Equal(-1L, Numerics.I64ExtendI32S(-1));
        Assert.Equal(0xFFFFFFFFL, Numerics.I64ExtendI32U(-1));
        Assert.Equal(0x80000000L, Numerics.I64ExtendI32U(int.MinValue));
        Assert.Equal(-0x80000000L, Numerics.I64ExtendI32S(int.MinValue));
        Assert.Equal(0x12345678, Numerics.I32WrapI64(unchecked((long)0xFFFFFFFF12345678)));
    }

    // ---- abs, neg, copysign: the sign bit only, NaNs included -------------------------------------

    [Theory]
    [InlineData(0x7FA0_0000u)] // signalling NaN: must not be quieted
    [InlineData(0xFFA0_0000u)]
    [InlineData(0x7FC0_0000u)]
    [InlineData(0xFFC0_0001u)]
    [InlineData(0x7F80_0001u)]
    [InlineData(0x0000_0000u)]
    [InlineData(0x8000_0000u)]
    [InlineData(0x7F80_0000u)]
    [InlineData(0xBF80_0000u)]
    [InlineData(0x8000_0001u)]
    public void F32SignOperationsTouchOnlyTheSignBit(uint bits)
    {
        var a = BitConverter.UInt32BitsToSingle(bits);
        Assert.Equal(bits & 0x7FFF_FFFF, BitConverter.SingleToUInt32Bits(Numerics.F32Abs(a)));
        Assert.Equal(bits ^ 0x8000_0000, BitConverter.SingleToUInt32Bits(Numerics.F32Neg(a)));
        Assert.Equal(bits | 0x8000_0000, BitConverter.SingleToUInt32Bits(Numerics.F32Copysign(a, -0.0f)));
        Assert.Equal(bits & 0x7FFF_FFFF, BitConverter.SingleToUInt32Bits(Numerics.F32Copysign(a, 0.0f)));
        Assert.Equal(bits | 0x8000_0000, BitConverter.SingleToUInt32Bits(Numerics.F32Copysign(a, F32("-nan:0x200000"))));
        Assert.Equal(bits & 0x7FFF_FFFF, BitConverter.SingleToUInt32Bits(Numerics.F32Copysign(a, F32("nan"))));
    }

    [Theory]
    [InlineData(0x7FF4_0000_0000_0000ul)]
    [InlineData(0xFFF4_0000_0000_0000ul)]
    [InlineData(0x7FF8_0000_0000_0000ul)]
    [InlineData(0xFFF8_0000_0000_0001ul)]
    [InlineData(0x7FF0_0000_0000_0001ul)]
    [InlineData(0x0000_0000_0000_0000ul)]
    [InlineData(0x8000_0000_0000_0000ul)]
    [InlineData(0xFFF0_0000_0000_0000ul)]
    [InlineData(0x3FF0_0000_0000_0000ul)]
    [InlineData(0x0000_0000_0000_0001ul)]
    public void F64SignOperationsTouchOnlyTheSignBit(ulong bits)
    {
        var a = BitConverter.UInt64BitsToDouble(bits);
        const ulong sign = 0x8000_0000_0000_0000;
        Assert.Equal(bits & ~sign, BitConverter.DoubleToUInt64Bits(Numerics.F64Abs(a)));
        Assert.Equal(bits ^ sign, BitConverter.DoubleToUInt64Bits(Numerics.F64Neg(a)));
        Assert.Equal(bits | sign, BitConverter.DoubleToUInt64Bits(Numerics.F64Copysign(a, -0.0)));
        Assert.Equal(bits & ~sign, BitConverter.DoubleToUInt64Bits(Numerics.F64Copysign(a, 0.0)));
        Assert.Equal(bits | sign, BitConverter.DoubleToUInt64Bits(Numerics.F64Copysign(a, F64("-nan:0x4000000000000"))));
        Assert.Equal(bits & ~sign, BitConverter.DoubleToUInt64Bits(Numerics.F64Copysign(a, F64("nan"))));
    }

    // ---- min, max ---------------------------------------------------------------------------------

    [Theory]
    [InlineData("-0x0p+0", "0x0p+0", "-0x0p+0", "0x0p+0")]
    [InlineData("0x0p+0", "-0x0p+0", "-0x0p+0", "0x0p+0")]
    [InlineData("-0x0p+0", "-0x0p+0", "-0x0p+0", "-0x0p+0")]
    [InlineData("0x0p+0", "0x0p+0", "0x0p+0", "0x0p+0")]
    [InlineData("-0x1p-149", "0x0p+0", "-0x1p-149", "0x0p+0")]
    [InlineData("0x1p-149", "-0x0p+0", "-0x0p+0", "0x1p-149")]
    [InlineData("-inf", "inf", "-inf", "inf")]
    [InlineData("-0x1.fffffep+127", "0x1.fffffep+127", "-0x1.fffffep+127", "0x1.fffffep+127")]
    [InlineData("0x1p+0", "0x1.000002p+0", "0x1p+0", "0x1.000002p+0")]
    [InlineData("-inf", "-nan", "nan:canonical", "nan:canonical")]
    [InlineData("nan", "0x0p+0", "nan:canonical", "nan:canonical")]
    [InlineData("-0x0p+0", "nan", "nan:canonical", "nan:canonical")]
    [InlineData("-nan", "nan", "nan:canonical", "nan:canonical")]
    [InlineData("nan:0x200000", "inf", "nan:arithmetic", "nan:arithmetic")]
    [InlineData("-0x1p+0", "-nan:0x200000", "nan:arithmetic", "nan:arithmetic")]
    [InlineData("nan:0x200000", "-nan", "nan:arithmetic", "nan:arithmetic")]
    [InlineData("-nan", "nan:0x200000", "nan:arithmetic", "nan:arithmetic")]
    [InlineData("nan:0x1", "0x1p+0", "nan:arithmetic", "nan:arithmetic")] // signalling NaN in, quiet NaN out
    [InlineData("0x1p+0", "-nan:0x1", "nan:arithmetic", "nan:arithmetic")]
    public void F32MinMax(string a, string b, string min, string max)
    {
        AssertF32(min, Numerics.F32Min(F32(a), F32(b)));
        AssertF32(max, Numerics.F32Max(F32(a), F32(b)));
    }

    [Theory]
    [InlineData("-0x0p+0", "0x0p+0", "-0x0p+0", "0x0p+0")]
    [InlineData("0x0p+0", "-0x0p+0", "-0x0p+0", "0x0p+0")]
    [InlineData("-0x0p+0", "-0x0p+0", "-0x0p+0", "-0x0p+0")]
    [InlineData("-0x0.0000000000001p-1022", "0x0p+0", "-0x0.0000000000001p-1022", "0x0p+0")]
    [InlineData("-inf", "inf", "-inf", "inf")]
    [InlineData("0x1p+0", "0x1.0000000000001p+0", "0x1p+0", "0x1.0000000000001p+0")]
    [InlineData("-inf", "-nan", "nan:canonical", "nan:canonical")]
    [InlineData("nan", "-0x0p+0", "nan:canonical", "nan:canonical")]
    [InlineData("-nan", "nan", "nan:canonical", "nan:canonical")]
    [InlineData("nan:0x4000000000000", "inf", "nan:arithmetic", "nan:arithmetic")]
    [InlineData("0x1p+0", "-nan:0x4000000000000", "nan:arithmetic", "nan:arithmetic")]
    [InlineData("nan:0x1", "0x1p+0", "nan:arithmetic", "nan:arithmetic")]
    public void F64MinMax(string a, string b, string min, string max)
    {
        AssertF64(min, Numerics.F64Min(F64(a), F64(b)));
        AssertF64(max, Numerics.F64Max(F64(a), F64(b)));
    }

    // ---- rounding and sqrt ------------------------------------------------------------------------

    [Theory]
    [InlineData("-0x0p+0", "-0x0p+0", "-0x0p+0", "-0x0p+0", "-0x0p+0")]
    [InlineData("0x0p+0", "0x0p+0", "0x0p+0", "0x0p+0", "0x0p+0")]
    [InlineData("-0x1p-149", "-0x0p+0", "-0x1p+0", "-0x0p+0", "-0x0p+0")]
    [InlineData("0x1p-149", "0x1p+0", "0x0p+0", "0x0p+0", "0x0p+0")]
    [InlineData("-0x1p-1", "-0x0p+0", "-0x1p+0", "-0x0p+0", "-0x0p+0")]
    [InlineData("0x1p-1", "0x1p+0", "0x0p+0", "0x0p+0", "0x0p+0")]
    [InlineData("-0x1p+0", "-0x1p+0", "-0x1p+0", "-0x1p+0", "-0x1p+0")]
    [InlineData("-0x1.921fb6p+2", "-0x1.8p+2", "-0x1.cp+2", "-0x1.8p+2", "-0x1.8p+2")]
    [InlineData("0x1.921fb6p+2", "0x1.cp+2", "0x1.8p+2", "0x1.8p+2", "0x1.8p+2")]
    [InlineData("0x1.fffffep+127", "0x1.fffffep+127", "0x1.fffffep+127", "0x1.fffffep+127", "0x1.fffffep+127")]
    [InlineData("-inf", "-inf", "-inf", "-inf", "-inf")]
    [InlineData("1.5", "2", "1", "1", "2")]
    [InlineData("2.5", "3", "2", "2", "2")]
    [InlineData("-2.5", "-2", "-3", "-2", "-2")]
    [InlineData("4.5", "5", "4", "4", "4")]
    [InlineData("-4.5", "-4", "-5", "-4", "-4")]
    [InlineData("-3.5", "-3", "-4", "-3", "-4")]
    [InlineData("0x1.000002p+23", "0x1.000002p+23", "0x1.000002p+23", "0x1.000002p+23", "0x1.000002p+23")]
    [InlineData("0x1.fffffep-2", "0x1p+0", "0x0p+0", "0x0p+0", "0x0p+0")]
    [InlineData("0x1.fffffep+22", "0x1p+23", "0x1.fffffcp+22", "0x1.fffffcp+22", "0x1p+23")]
    [InlineData("-0x1.fffffep+22", "-0x1.fffffcp+22", "-0x1p+23", "-0x1.fffffcp+22", "-0x1p+23")]
    [InlineData("nan", "nan:canonical", "nan:canonical", "nan:canonical", "nan:canonical")]
    [InlineData("-nan", "nan:canonical", "nan:canonical", "nan:canonical", "nan:canonical")]
    [InlineData("nan:0x200000", "nan:arithmetic", "nan:arithmetic", "nan:arithmetic", "nan:arithmetic")]
    [InlineData("-nan:0x1", "nan:arithmetic", "nan:arithmetic", "nan:arithmetic", "nan:arithmetic")]
    public void F32Rounding(string a, string ceil, string floor, string trunc, string nearest)
    {
        AssertF32(ceil, Numerics.F32Ceil(F32(a)));
        AssertF32(floor, Numerics.F32Floor(F32(a)));
        AssertF32(trunc, Numerics.F32Trunc(F32(a)));
        AssertF32(nearest, Numerics.F32Nearest(F32(a)));
    }

    [Theory]
    [InlineData("-0x0p+0", "-0x0p+0", "-0x0p+0", "-0x0p+0", "-0x0p+0")]
    [InlineData("-0x0.0000000000001p-1022", "-0x0p+0", "-0x1p+0", "-0x0p+0", "-0x0p+0")]
    [InlineData("-0x1p-1", "-0x0p+0", "-0x1p+0", "-0x0p+0", "-0x0p+0")]
    [InlineData("0x1p-1", "0x1p+0", "0x0p+0", "0x0p+0", "0x0p+0")]
    [InlineData("-0x1.921fb54442d18p+2", "-0x1.8p+2", "-0x1.cp+2", "-0x1.8p+2", "-0x1.8p+2")]
    [InlineData("2.5", "3", "2", "2", "2")]
    [InlineData("-4.5", "-4", "-5", "-4", "-4")]
    [InlineData("-3.5", "-3", "-4", "-3", "-4")]
    [InlineData("0x1.0000000000001p+52", "0x1.0000000000001p+52", "0x1.0000000000001p+52", "0x1.0000000000001p+52", "0x1.0000000000001p+52")]
    [InlineData("0x1.fffffffffffffp-2", "0x1p+0", "0x0p+0", "0x0p+0", "0x0p+0")]
    [InlineData("0x1.fffffffffffffp+51", "0x1p+52", "0x1.ffffffffffffep+51", "0x1.ffffffffffffep+51", "0x1p+52")]
    [InlineData("-0x1.fffffffffffffp+51", "-0x1.ffffffffffffep+51", "-0x1p+52", "-0x1.ffffffffffffep+51", "-0x1p+52")]
    [InlineData("0x1.fffffffffffffp+105", "0x1.fffffffffffffp+105", "0x1.fffffffffffffp+105", "0x1.fffffffffffffp+105", "0x1.fffffffffffffp+105")]
    [InlineData("inf", "inf", "inf", "inf", "inf")]
    [InlineData("-nan", "nan:canonical", "nan:canonical", "nan:canonical", "nan:canonical")]
    [InlineData("nan:0x4000000000000", "nan:arithmetic", "nan:arithmetic", "nan:arithmetic", "nan:arithmetic")]
    [InlineData("nan:0x1", "nan:arithmetic", "nan:arithmetic", "nan:arithmetic", "nan:arithmetic")]
    public void F64Rounding(string a, string ceil, string floor, string trunc, string nearest)
    {
        AssertF64(ceil, Numerics.F64Ceil(F64(a)));
        AssertF64(floor, Numerics.F64Floor(F64(a)));
        AssertF64(trunc, Numerics.F64Trunc(F64(a)));
        AssertF64(nearest, Numerics.F64Nearest(F64(a)));
    }

    [Theory]
    [InlineData("-0x0p+0", "-0x0p+0")]
    [InlineData("0x0p+0", "0x0p+0")]
    [InlineData("0x1p-149", "0x1.6a09e6p-75")]
    [InlineData("0x1.921fb6p+2", "0x1.40d932p+1")]
    [InlineData("0x1.fffffep+127", "0x1.fffffep+63")]
    [InlineData("inf", "inf")]
    [InlineData("-0x1p-149", "nan:canonical")]
    [InlineData("-inf", "nan:canonical")]
    [InlineData("-nan", "nan:canonical")]
    [InlineData("nan:0x200000", "nan:arithmetic")]
    public void F32Sqrt(string a, string expected) => AssertF32(expected, Numerics.F32Sqrt(F32(a)));

    [Theory]
    [InlineData("-0x0p+0", "-0x0p+0")]
    [InlineData("0x1.fffffffffffffp+1023", "0x1.fffffffffffffp+511")]
    [InlineData("0x1.921fb54442d18p+2", "0x1.40d931ff62705p+1")]
    [InlineData("-0x1p+0", "nan:canonical")]
    [InlineData("nan:0x4000000000000", "nan:arithmetic")]
    public void F64Sqrt(string a, string expected) => AssertF64(expected, Numerics.F64Sqrt(F64(a)));

    // ---- demote, promote --------------------------------------------------------------------------

    [Theory]
    [InlineData("0x0p+0", "0x0p+0")]
    [InlineData("-0x0p+0", "-0x0p+0")]
    [InlineData("0x0.0000000000001p-1022", "0x0p+0")]
    [InlineData("-0x0.0000000000001p-1022", "-0x0p+0")]
    [InlineData("0x1.fffffe0000000p-127", "0x1p-126")]
    [InlineData("-0x1.fffffe0000000p-127", "-0x1p-126")]
    [InlineData("0x1.fffffdfffffffp-127", "0x1.fffffcp-127")]
    [InlineData("0x1p-149", "0x1p-149")]
    [InlineData("0x1.0000000000001p-150", "0x1p-149")] // just above half the smallest subnormal
    [InlineData("0x1p-150", "0x0p+0")] // exactly half: ties to even, which is zero
    [InlineData("0x1.fffffefffffffp+127", "0x1.fffffep+127")]
    [InlineData("0x1.ffffffp+127", "inf")]
    [InlineData("0x1.00000100000000000p+0", "0x1p+0")] // tie, rounds to even
    [InlineData("0x1.00000300000000000p+0", "0x1.000004p+0")] // tie, rounds to even (up)
    [InlineData("0x1.0000010000001p+0", "0x1.000002p+0")]
    [InlineData("inf", "inf")]
    [InlineData("-inf", "-inf")]
    [InlineData("nan", "nan:canonical")]
    [InlineData("-nan", "nan:canonical")]
    [InlineData("nan:0x4000000000000", "nan:arithmetic")]
    [InlineData("-nan:0x4000000000000", "nan:arithmetic")]
    [InlineData("nan:0x1", "nan:arithmetic")] // payload entirely below f32's: must still be a NaN, not inf
    [InlineData("nan:0x8000000000000", "nan:canonical")]
    public void F32DemoteF64(string a, string expected) => AssertF32(expected, Numerics.F32DemoteF64(F64(a)));

    [Theory]
    [InlineData("0x0p+0", "0x0p+0")]
    [InlineData("-0x0p+0", "-0x0p+0")]
    [InlineData("0x1p-149", "0x1p-149")]
    [InlineData("-0x1p-149", "-0x1p-149")]
    [InlineData("0x1.fffffep+127", "0x1.fffffep+127")]
    [InlineData("-inf", "-inf")]
    [InlineData("nan", "nan:canonical")]
    [InlineData("-nan", "nan:canonical")]
    [InlineData("nan:0x200000", "nan:arithmetic")]
    [InlineData("-nan:0x200000", "nan:arithmetic")]
    [InlineData("nan:0x1", "nan:arithmetic")]
    public void F64PromoteF32(string a, string expected) => AssertF64(expected, Numerics.F64PromoteF32(F32(a)));

    // ---- trapping truncation ------------------------------------------------------------------------

    [Theory]
    [InlineData("0.0", 0)]
    [InlineData("-0.0", 0)]
    [InlineData("0x1p-149", 0)]
    [InlineData("-0x1p-149", 0)]
    [InlineData("1.0", 1)]
    [InlineData("0x1.19999ap+0", 1)]
    [InlineData("1.5", 1)]
    [InlineData("-1.0", -1)]
    [InlineData("-0x1.19999ap+0", -1)]
    [InlineData("-1.5", -1)]
    [InlineData("-1.9", -1)]
    [InlineData("-2.0", -2)]
    [InlineData("2147483520.0", 2147483520)]
    [InlineData("-2147483648.0", int.MinValue)]
    public void I32TruncF32S(string a, int expected) => Assert.Equal(expected, Numerics.I32TruncF32S(F32(a)));

    [Theory]
    [InlineData("0.0", 0)]
    [InlineData("-0.0", 0)]
    [InlineData("-0x1p-149", 0)]
    [InlineData("1.9", 1)]
    [InlineData("2147483648", int.MinValue)]
    [InlineData("4294967040.0", -256)]
    [InlineData("-0x1.ccccccp-1", 0)]
    [InlineData("-0x1.fffffep-1", 0)]
    public void I32TruncF32U(string a, int expected) => Assert.Equal(expected, Numerics.I32TruncF32U(F32(a)));

    [Theory]
    [InlineData("-0x0.0000000000001p-1022", 0)]
    [InlineData("-1.9", -1)]
    [InlineData("2147483647.0", int.MaxValue)]
    [InlineData("-2147483648.0", int.MinValue)]
    [InlineData("-2147483648.9", int.MinValue)]
    [InlineData("2147483647.9", int.MaxValue)]
    public void I32TruncF64S(string a, int expected) => Assert.Equal(expected, Numerics.I32TruncF64S(F64(a)));

    [Theory]
    [InlineData("-0.0", 0)]
    [InlineData("2147483648", int.MinValue)]
    [InlineData("4294967295.0", -1)]
    [InlineData("4294967295.9", -1)]
    [InlineData("-0x1.ccccccccccccdp-1", 0)]
    [InlineData("-0x1.fffffffffffffp-1", 0)]
    [InlineData("-0.9", 0)]
    [InlineData("-0.99", 0)]
    [InlineData("1e8", 100000000)]
    public void I32TruncF64U(string a, int expected) => Assert.Equal(expected, Numerics.I32TruncF64U(F64(a)));

    [Theory]
    [InlineData("-0x1p-149", 0L)]
    [InlineData("-1.5", -1L)]
    [InlineData("4294967296", 4294967296L)]
    [InlineData("-4294967296", -4294967296L)]
    [InlineData("9223371487098961920.0", 9223371487098961920L)]
    [InlineData("-9223372036854775808.0", long.MinValue)]
    public void I64TruncF32S(string a, long expected) => Assert.Equal(expected, Numerics.I64TruncF32S(F32(a)));

    [Theory]
    [InlineData("-0x1p-149", 0L)]
    [InlineData("1.9", 1L)]
    [InlineData("4294967296", 4294967296L)]
    [InlineData("18446742974197923840.0", unchecked((long)0xFFFFFF0000000000))]
    [InlineData("-0x1.ccccccp-1", 0L)]
    [InlineData("-0x1.fffffep-1", 0L)]
    public void I64TruncF32U(string a, long expected) => Assert.Equal(expected, Numerics.I64TruncF32U(F32(a)));

    [Theory]
    [InlineData("-0x0.0000000000001p-1022", 0L)]
    [InlineData("-1.9", -1L)]
    [InlineData("4294967296", 4294967296L)]
    [InlineData("-4294967296", -4294967296L)]
    [InlineData("9223372036854774784.0", 9223372036854774784L)]
    [InlineData("-9223372036854775808.0", long.MinValue)]
    public void I64TruncF64S(string a, long expected) => Assert.Equal(expected, Numerics.I64TruncF64S(F64(a)));

    [Theory]
    [InlineData("-0.0", 0L)]
    [InlineData("4294967295", 0xFFFFFFFFL)]
    [InlineData("4294967296", 0x100000000L)]
    [InlineData("18446744073709549568.0", -2048L)]
    [InlineData("-0x1.ccccccccccccdp-1", 0L)]
    [InlineData("-0x1.fffffffffffffp-1", 0L)]
    [InlineData("-0.99", 0L)]
    [InlineData("1e8", 100000000L)]
    [InlineData("1e16", 10000000000000000L)]
    [InlineData("9223372036854775808", long.MinValue)]
    public void I64TruncF64U(string a, long expected) => Assert.Equal(expected, Numerics.I64TruncF64U(F64(a)));

    public static TheoryData<string, string, TrapKind> TruncTraps => new()
    {
        { "i32.trunc_f32_s", "2147483648.0", TrapKind.IntegerOverflow },
        { "i32.trunc_f32_s", "-2147483904.0", TrapKind.IntegerOverflow },
        { "i32.trunc_f32_s", "inf", TrapKind.IntegerOverflow },
        { "i32.trunc_f32_s", "-inf", TrapKind.IntegerOverflow },
        { "i32.trunc_f32_s", "nan", TrapKind.InvalidConversionToInteger },
        { "i32.trunc_f32_s", "-nan:0x200000", TrapKind.InvalidConversionToInteger },
        { "i32.trunc_f32_s", "nan:0x1", TrapKind.InvalidConversionToInteger },
        { "i32.trunc_f32_u", "4294967296.0", TrapKind.IntegerOverflow },
        { "i32.trunc_f32_u", "-1.0", TrapKind.IntegerOverflow },
        { "i32.trunc_f32_u", "-inf", TrapKind.IntegerOverflow },
        { "i32.trunc_f32_u", "-nan", TrapKind.InvalidConversionToInteger },
        { "i32.trunc_f64_s", "2147483648.0", TrapKind.IntegerOverflow },
        { "i32.trunc_f64_s", "-2147483649.0", TrapKind.IntegerOverflow },
        { "i32.trunc_f64_s", "inf", TrapKind.IntegerOverflow },
        { "i32.trunc_f64_s", "nan:0x4000000000000", TrapKind.InvalidConversionToInteger },
        { "i32.trunc_f64_u", "4294967296.0", TrapKind.IntegerOverflow },
        { "i32.trunc_f64_u", "-1.0", TrapKind.IntegerOverflow },
        { "i32.trunc_f64_u", "1e16", TrapKind.IntegerOverflow },
        { "i32.trunc_f64_u", "1e30", TrapKind.IntegerOverflow },
        { "i32.trunc_f64_u", "9223372036854775808", TrapKind.IntegerOverflow },
        { "i32.trunc_f64_u", "-nan", TrapKind.InvalidConversionToInteger },
        { "i64.trunc_f32_s", "9223372036854775808.0", TrapKind.IntegerOverflow },
        { "i64.trunc_f32_s", "-9223373136366403584.0", TrapKind.IntegerOverflow },
        { "i64.trunc_f32_s", "-inf", TrapKind.IntegerOverflow },
        { "i64.trunc_f32_s", "nan", TrapKind.InvalidConversionToInteger },
        { "i64.trunc_f32_u", "18446744073709551616.0", TrapKind.IntegerOverflow },
        { "i64.trunc_f32_u", "-1.0", TrapKind.IntegerOverflow },
        { "i64.trunc_f32_u", "inf", TrapKind.IntegerOverflow },
        { "i64.trunc_f32_u", "-nan:0x200000", TrapKind.InvalidConversionToInteger },
        { "i64.trunc_f64_s", "9223372036854775808.0", TrapKind.IntegerOverflow },
        { "i64.trunc_f64_s", "-9223372036854777856.0", TrapKind.IntegerOverflow },
        { "i64.trunc_f64_s", "inf", TrapKind.IntegerOverflow },
        { "i64.trunc_f64_s", "-nan", TrapKind.InvalidConversionToInteger },
        { "i64.trunc_f64_u", "18446744073709551616.0", TrapKind.IntegerOverflow },
        { "i64.trunc_f64_u", "-1.0", TrapKind.IntegerOverflow },
        { "i64.trunc_f64_u", "-inf", TrapKind.IntegerOverflow },
        { "i64.trunc_f64_u", "nan", TrapKind.InvalidConversionToInteger },
    };

    [Theory]
    [MemberData(nameof(TruncTraps))]
    public void TruncTrapsOutOfRangeAndNaN(string instruction, string operand, TrapKind kind)
    {
        Action action = instruction switch
        {
            "i32.trunc_f32_s" => () => Numerics.I32TruncF32S(F32(operand)),
            "i32.trunc_f32_u" => () => Numerics.I32TruncF32U(F32(operand)),
            "i32.trunc_f64_s" => () => Numerics.I32TruncF64S(F64(operand)),
            "i32.trunc_f64_u" => () => Numerics.I32TruncF64U(F64(operand)),
            "i64.trunc_f32_s" => () => Numerics.I64TruncF32S(F32(operand)),
            "i64.trunc_f32_u" => () => Numerics.I64TruncF32U(F32(operand)),
            "i64.trunc_f64_s" => () => Numerics.I64TruncF64S(F64(operand)),
            "i64.trunc_f64_u" => () => Numerics.I64TruncF64U(F64(operand)),
            _ => throw new ArgumentOutOfRangeException(nameof(instruction)),
        };
        AssertTrap(kind, action);
    }

    // ---- saturating truncation ----------------------------------------------------------------------

    [Theory]
    [InlineData("-0x1.19999ap+0", -1)]
    [InlineData("2147483520.0", 2147483520)]
    [InlineData("-2147483648.0", int.MinValue)]
    [InlineData("2147483648.0", int.MaxValue)]
    [InlineData("-2147483904.0", int.MinValue)]
    [InlineData("inf", int.MaxValue)]
    [InlineData("-inf", int.MinValue)]
    [InlineData("nan", 0)]
    [InlineData("-nan:0x200000", 0)]
    public void I32TruncSatF32S(string a, int expected) => Assert.Equal(expected, Numerics.I32TruncSatF32S(F32(a)));

    [Theory]
    [InlineData("-0x1.fffffep-1", 0)]
    [InlineData("2147483648", int.MinValue)]
    [InlineData("4294967040.0", -256)]
    [InlineData("4294967296.0", -1)]
    [InlineData("-1.0", 0)]
    [InlineData("inf", -1)]
    [InlineData("-inf", 0)]
    [InlineData("nan", 0)]
    [InlineData("-nan", 0)]
    public void I32TruncSatF32U(string a, int expected) => Assert.Equal(expected, Numerics.I32TruncSatF32U(F32(a)));

    [Theory]
    [InlineData("-2147483648.9", int.MinValue)]
    [InlineData("2147483647.9", int.MaxValue)]
    [InlineData("2147483648.0", int.MaxValue)]
    [InlineData("-2147483649.0", int.MinValue)]
    [InlineData("inf", int.MaxValue)]
    [InlineData("-inf", int.MinValue)]
    [InlineData("nan:0x4000000000000", 0)]
    [InlineData("-nan", 0)]
    public void I32TruncSatF64S(string a, int expected) => Assert.Equal(expected, Numerics.I32TruncSatF64S(F64(a)));

    [Theory]
    [InlineData("-0.9", 0)]
    [InlineData("4294967295.9", -1)]
    [InlineData("4294967296.0", -1)]
    [InlineData("-1.0", 0)]
    [InlineData("1e16", -1)]
    [InlineData("1e30", -1)]
    [InlineData("9223372036854775808", -1)]
    [InlineData("inf", -1)]
    [InlineData("-inf", 0)]
    [InlineData("nan", 0)]
    public void I32TruncSatF64U(string a, int expected) => Assert.Equal(expected, Numerics.I32TruncSatF64U(F64(a)));

    [Theory]
    [InlineData("4294967296", 4294967296L)]
    [InlineData("-4294967296", -4294967296L)]
    [InlineData("9223371487098961920.0", 9223371487098961920L)]
    [InlineData("-9223372036854775808.0", long.MinValue)]
    [InlineData("9223372036854775808.0", long.MaxValue)]
    [InlineData("-9223373136366403584.0", long.MinValue)]
    [InlineData("inf", long.MaxValue)]
    [InlineData("-inf", long.MinValue)]
    [InlineData("nan", 0L)]
    [InlineData("-nan:0x200000", 0L)]
    public void I64TruncSatF32S(string a, long expected) => Assert.Equal(expected, Numerics.I64TruncSatF32S(F32(a)));

    [Theory]
    [InlineData("18446742974197923840.0", unchecked((long)0xFFFFFF0000000000))]
    [InlineData("-0x1.fffffep-1", 0L)]
    [InlineData("18446744073709551616.0", -1L)]
    [InlineData("-1.0", 0L)]
    [InlineData("inf", -1L)]
    [InlineData("-inf", 0L)]
    [InlineData("nan", 0L)]
    public void I64TruncSatF32U(string a, long expected) => Assert.Equal(expected, Numerics.I64TruncSatF32U(F32(a)));

    [Theory]
    [InlineData("9223372036854774784.0", 9223372036854774784L)]
    [InlineData("-9223372036854775808.0", long.MinValue)]
    [InlineData("9223372036854775808.0", long.MaxValue)]
    [InlineData("-9223372036854777856.0", long.MinValue)]
    [InlineData("inf", long.MaxValue)]
    [InlineData("-inf", long.MinValue)]
    [InlineData("nan", 0L)]
    [InlineData("-nan:0x4000000000000", 0L)]
    public void I64TruncSatF64S(string a, long expected) => Assert.Equal(expected, Numerics.I64TruncSatF64S(F64(a)));

    [Theory]
    [InlineData("18446744073709549568.0", -2048L)]
    [InlineData("-0.99", 0L)]
    [InlineData("1e16", 10000000000000000L)]
    [InlineData("9223372036854775808", long.MinValue)]
    [InlineData("18446744073709551616.0", -1L)]
    [InlineData("-1.0", 0L)]
    [InlineData("inf", -1L)]
    [InlineData("-inf", 0L)]
    [InlineData("nan", 0L)]
    public void I64TruncSatF64U(string a, long expected) => Assert.Equal(expected, Numerics.I64TruncSatF64U(F64(a)));

    // ---- integer to float: one rounding, ties to even -----------------------------------------------

    [Theory]
    [InlineData(1, "1.0")]
    [InlineData(-1, "-1.0")]
    [InlineData(0, "0.0")]
    [InlineData(int.MaxValue, "2147483648")]
    [InlineData(int.MinValue, "-2147483648")]
    [InlineData(1234567890, "0x1.26580cp+30")]
    [InlineData(16777217, "16777216.0")]
    [InlineData(-16777217, "-16777216.0")]
    [InlineData(16777219, "16777220.0")]
    [InlineData(-16777219, "-16777220.0")]
    public void F32ConvertI32S(int a, string expected) => AssertF32(expected, Numerics.F32ConvertI32S(a));

    [Theory]
    [InlineData(1, "1.0")]
    [InlineData(int.MaxValue, "2147483648")]
    [InlineData(int.MinValue, "2147483648")]
    [InlineData(0x12345678, "0x1.234568p+28")]
    [InlineData(unchecked((int)0xFFFFFFFF), "4294967296.0")]
    [InlineData(unchecked((int)0x80000080), "0x1.000000p+31")]
    [InlineData(unchecked((int)0x80000081), "0x1.000002p+31")]
    [InlineData(unchecked((int)0x80000082), "0x1.000002p+31")]
    [InlineData(unchecked((int)0xFFFFFE80), "0x1.fffffcp+31")]
    [InlineData(unchecked((int)0xFFFFFE81), "0x1.fffffep+31")]
    [InlineData(unchecked((int)0xFFFFFE82), "0x1.fffffep+31")]
    [InlineData(16777217, "16777216.0")]
    [InlineData(16777219, "16777220.0")]
    public void F32ConvertI32U(int a, string expected) => AssertF32(expected, Numerics.F32ConvertI32U(a));

    [Theory]
    [InlineData(1L, "1.0")]
    [InlineData(-1L, "-1.0")]
    [InlineData(long.MaxValue, "9223372036854775807")]
    [InlineData(long.MinValue, "-9223372036854775808")]
    [InlineData(314159265358979L, "0x1.1db9e8p+48")]
    [InlineData(16777217L, "16777216.0")]
    [InlineData(-16777217L, "-16777216.0")]
    [InlineData(16777219L, "16777220.0")]
    [InlineData(-16777219L, "-16777220.0")]
    // The double-rounding traps: via f64 these would round to the even neighbour instead.
    [InlineData(0x7FFFFF4000000001L, "0x1.fffffep+62")]
    [InlineData(unchecked((long)0x8000004000000001), "-0x1.fffffep+62")]
    [InlineData(0x0020000020000001L, "0x1.000002p+53")]
    [InlineData(unchecked((long)0xFFDFFFFFDFFFFFFF), "-0x1.000002p+53")]
    public void F32ConvertI64S(long a, string expected) => AssertF32(expected, Numerics.F32ConvertI64S(a));

    [Theory]
    [InlineData(1L, "1.0")]
    [InlineData(0L, "0.0")]
    [InlineData(long.MaxValue, "9223372036854775807")]
    [InlineData(long.MinValue, "9223372036854775808")]
    [InlineData(-1L, "18446744073709551616.0")]
    [InlineData(16777217L, "16777216.0")]
    [InlineData(16777219L, "16777220.0")]
    [InlineData(9007199791611905L, "0x1.000002p+53")] // 0x0020000020000001: 2^53 + 2^29 + 1, above the tie
    [InlineData(0x7FFFFFBFFFFFFFFFL, "0x1.fffffep+62")]
    [InlineData(unchecked((long)0x8000008000000001), "0x1.000002p+63")]
    [InlineData(unchecked((long)0xFFFFFE8000000001), "0x1.fffffep+63")]
    [InlineData(unchecked((long)0x8000008000000000), "0x1p+63")] // exact tie, rounds to even
    [InlineData(unchecked((long)0x8000018000000000), "0x1.000004p+63")] // exact tie, rounds to even (up)
    public void F32ConvertI64U(long a, string expected) => AssertF32(expected, Numerics.F32ConvertI64U(a));

    [Theory]
    [InlineData(1, "1.0")]
    [InlineData(-1, "-1.0")]
    [InlineData(int.MaxValue, "2147483647")]
    [InlineData(int.MinValue, "-2147483648")]
    [InlineData(987654321, "987654321")]
    public void F64ConvertI32S(int a, string expected) => AssertF64(expected, Numerics.F64ConvertI32S(a));

    [Theory]
    [InlineData(int.MaxValue, "2147483647")]
    [InlineData(int.MinValue, "2147483648")]
    [InlineData(-1, "4294967295.0")]
    [InlineData(unchecked((int)0x80000001), "0x1.00000002p+31")]
    public void F64ConvertI32U(int a, string expected) => AssertF64(expected, Numerics.F64ConvertI32U(a));

    [Theory]
    [InlineData(long.MaxValue, "9223372036854775807")]
    [InlineData(long.MinValue, "-9223372036854775808")]
    [InlineData(4669201609102990L, "4669201609102990")]
    [InlineData(9007199254740993L, "9007199254740992")]
    [InlineData(-9007199254740993L, "-9007199254740992")]
    [InlineData(9007199254740995L, "9007199254740996")]
    [InlineData(-9007199254740995L, "-9007199254740996")]
    public void F64ConvertI64S(long a, string expected) => AssertF64(expected, Numerics.F64ConvertI64S(a));

    [Theory]
    [InlineData(long.MaxValue, "9223372036854775807")]
    [InlineData(long.MinValue, "9223372036854775808")]
    [InlineData(-1L, "18446744073709551616.0")]
    [InlineData(unchecked((long)0x8000000000000400), "0x1.0000000000000p+63")]
    [InlineData(unchecked((long)0x8000000000000401), "0x1.0000000000001p+63")]
    [InlineData(unchecked((long)0x8000000000000402), "0x1.0000000000001p+63")]
    [InlineData(unchecked((long)0xFFFFFFFFFFFFF400), "0x1.ffffffffffffep+63")]
    [InlineData(unchecked((long)0xFFFFFFFFFFFFF401), "0x1.fffffffffffffp+63")]
    [InlineData(unchecked((long)0xFFFFFFFFFFFFF402), "0x1.fffffffffffffp+63")]
    [InlineData(9007199254740993L, "9007199254740992")]
    [InlineData(9007199254740995L, "9007199254740996")]
    public void F64ConvertI64U(long a, string expected) => AssertF64(expected, Numerics.F64ConvertI64U(a));

    // ---- reinterpret, NaN classes -------------------------------------------------------------------

    // Operands come through theory parameters on purpose: with a literal, RyuJIT folds
    // Int32BitsToSingle into a float constant and quiets an f32 signalling NaN (see Numerics).
    [Theory]
    [InlineData(0x7FA0_0001)]
    [InlineData(unchecked((int)0xFFA0_0001))]
    [InlineData(0x7F80_0001)]
    [InlineData(unchecked((int)0x8000_0000))]
    [InlineData(0x3F80_0000)]
    public void F32ReinterpretKeepsEveryBit(int bits)
    {
        Assert.Equal(bits, Numerics.I32ReinterpretF32(Numerics.F32ReinterpretI32(bits)));
        Assert.Equal((uint)bits, BitConverter.SingleToUInt32Bits(Numerics.F32ReinterpretI32(bits)));
    }

    [Theory]
    [InlineData(0x7FF4_0000_0000_0001L)]
    [InlineData(unchecked((long)0xFFF4_0000_0000_0001))]
    [InlineData(0x7FF0_0000_0000_0001L)]
    [InlineData(unchecked((long)0x8000_0000_0000_0000))]
    [InlineData(0x3FF0_0000_0000_0000L)]
    public void F64ReinterpretKeepsEveryBit(long bits)
    {
        Assert.Equal(bits, Numerics.I64ReinterpretF64(Numerics.F64ReinterpretI64(bits)));
        Assert.Equal((ulong)bits, BitConverter.DoubleToUInt64Bits(Numerics.F64ReinterpretI64(bits)));
    }

    [Theory]
    [InlineData(0x7FC0_0000u, true, true)]
    [InlineData(0xFFC0_0000u, true, true)]
    [InlineData(0x7FC0_0001u, false, true)]
    [InlineData(0xFFE0_0000u, false, true)]
    [InlineData(0x7FA0_0000u, false, false)]
    [InlineData(0x7F80_0001u, false, false)]
    [InlineData(0x7F80_0000u, false, false)]
    [InlineData(0x3F80_0000u, false, false)]
    public void F32NaNClasses(uint bits, bool canonical, bool arithmetic)
    {
        Assert.Equal(canonical, Numerics.IsCanonicalNaN(BitConverter.UInt32BitsToSingle(bits)));
        Assert.Equal(arithmetic, Numerics.IsArithmeticNaN(BitConverter.UInt32BitsToSingle(bits)));
    }

    [Theory]
    [InlineData(0x7FF8_0000_0000_0000ul, true, true)]
    [InlineData(0xFFF8_0000_0000_0000ul, true, true)]
    [InlineData(0x7FF8_0000_0000_0001ul, false, true)]
    [InlineData(0xFFFC_0000_0000_0000ul, false, true)]
    [InlineData(0x7FF4_0000_0000_0000ul, false, false)]
    [InlineData(0x7FF0_0000_0000_0001ul, false, false)]
    [InlineData(0xFFF0_0000_0000_0000ul, false, false)]
    [InlineData(0x3FF8_0000_0000_0000ul, false, false)]
    public void F64NaNClasses(ulong bits, bool canonical, bool arithmetic)
    {
        Assert.Equal(canonical, Numerics.IsCanonicalNaN(BitConverter.UInt64BitsToDouble(bits)));
        Assert.Equal(arithmetic, Numerics.IsArithmeticNaN(BitConverter.UInt64BitsToDouble(bits)));
    }
}
