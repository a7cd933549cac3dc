using Microwasm.Text;

namespace Microwasm.Tests.Text;

public class WatNumbersTests
{
    [Theory]
    [InlineData("0", 32, 0ul)]
    [InlineData("4294967295", 32, 0xFFFF_FFFFul)]
    [InlineData("-1", 32, 0xFFFF_FFFFul)]
    [InlineData("-2147483648", 32, 0x8000_0000ul)]
    [InlineData("+2147483647", 32, 0x7FFF_FFFFul)]
    [InlineData("0xFFFF_FFFF", 32, 0xFFFF_FFFFul)]
    [InlineData("-0x8000_0000", 32, 0x8000_0000ul)]
    [InlineData("1_000_000", 32, 1_000_000ul)]
    [InlineData("18446744073709551615", 64, ulong.MaxValue)]
    [InlineData("-9223372036854775808", 64, 0x8000_0000_0000_0000ul)]
    [InlineData("0x7fff_ffff_ffff_ffff", 64, 0x7FFF_FFFF_FFFF_FFFFul)]
    [InlineData("255", 8, 255ul)]
    [InlineData("-128", 8, 0x80ul)]
    public void IntegersAreSignedOrUnsigned(string text, int bits, ulong expected)
    {
        Assert.Equal(NumberError.None, WatNumbers.ParseInteger(text, bits, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("4294967296", 32)]
    [InlineData("-2147483649", 32)]
    [InlineData("0x1_0000_0000", 32)]
    [InlineData("18446744073709551616", 64)]
    [InlineData("-9223372036854775809", 64)]
    [InlineData("99999999999999999999999999", 64)]
    [InlineData("256", 8)]
    [InlineData("-129", 8)]
    public void IntegersOutOfRangeAreRejected(string text, int bits) =>
        Assert.Equal(NumberError.OutOfRange, WatNumbers.ParseInteger(text, bits, out _));

    [Theory]
    [InlineData("")]
    [InlineData("_1")]
    [InlineData("1_")]
    [InlineData("1__0")]
    [InlineData("0x")]
    [InlineData("0x_1")]
    [InlineData("+")]
    [InlineData("--1")]
    [InlineData("1e3")]
    [InlineData("0xg")]
    [InlineData("nan")]
    public void MalformedIntegersAreRejected(string text) =>
        Assert.Equal(NumberError.Malformed, WatNumbers.ParseInteger(text, 32, out _));

    [Fact]
    public void UnsignedNumbersHaveNoSign()
    {
        Assert.Equal(NumberError.Malformed, WatNumbers.ParseUnsigned("+1", 32, out _));
        Assert.Equal(NumberError.Malformed, WatNumbers.ParseUnsigned("-0", 32, out _));
        Assert.Equal(NumberError.OutOfRange, WatNumbers.ParseUnsigned("4294967296", 32, out _));
        Assert.Equal(NumberError.None, WatNumbers.ParseUnsigned("0x10", 32, out var value));
        Assert.Equal(16ul, value);
    }

    [Theory]
    [InlineData("0", 0x0000_0000u)]
    [InlineData("-0", 0x8000_0000u)]
    [InlineData("1", 0x3F80_0000u)]
    [InlineData("1.5", 0x3FC0_0000u)]
    [InlineData("1.", 0x3F80_0000u)]
    [InlineData("1e1", 0x4120_0000u)]
    [InlineData("1E+1", 0x4120_0000u)]
    [InlineData("1_0.0_1e0_1", 0x42C8_3333u)] // 10.01e1 = 100.1
    [InlineData("0x1p0", 0x3F80_0000u)]
    [InlineData("0x1.8p1", 0x4040_0000u)]
    [InlineData("0x1.fffffep127", 0x7F7F_FFFFu)]
    [InlineData("0x1p-149", 0x0000_0001u)]
    [InlineData("0x1p-150", 0x0000_0000u)] // ties to even: half the smallest subnormal rounds to zero
    [InlineData("0x1.000001p-149", 0x0000_0001u)] // a little above the smallest subnormal: rounds down to it
    [InlineData("0x1.8p-150", 0x0000_0001u)] // three quarters of the smallest subnormal: rounds up to it
    [InlineData("0x1.000001p0", 0x3F80_0000u)] // tie between 1 and 1+ulp: to even (1)
    [InlineData("0x1.000003p0", 0x3F80_0002u)] // tie between odd and even: to even (up)
    [InlineData("0x1.00000100000000000001p0", 0x3F80_0001u)] // a far sticky bit breaks the tie
    [InlineData("0x0.00000100000000000001p0", 0x3380_0000u)]
    [InlineData("0x1.fffffefffffffp127", 0x7F7F_FFFFu)] // below the rounding point to infinity
    [InlineData("inf", 0x7F80_0000u)]
    [InlineData("-inf", 0xFF80_0000u)]
    [InlineData("nan", 0x7FC0_0000u)]
    [InlineData("-nan", 0xFFC0_0000u)]
    [InlineData("nan:0x1", 0x7F80_0001u)]
    [InlineData("+nan:0x7f_ffff", 0x7FFF_FFFFu)]
    [InlineData("3.4028234663852886e38", 0x7F7F_FFFFu)]
    [InlineData("1.401298464324817e-45", 0x0000_0001u)]
    public void F32LiteralsRoundToNearestEven(string text, uint expected)
    {
        Assert.Equal(NumberError.None, WatNumbers.ParseF32(text, out var bits));
        Assert.Equal(expected.ToString("X8"), bits.ToString("X8"));
    }

    [Theory]
    [InlineData("1", 0x3FF0_0000_0000_0000ul)]
    [InlineData("0x1.fffffffffffffp1023", 0x7FEF_FFFF_FFFF_FFFFul)]
    [InlineData("0x1p-1074", 0x0000_0000_0000_0001ul)]
    [InlineData("0x1.0000000000000cp0", 0x3FF0_0000_0000_0001ul)] // above the tie: up
    [InlineData("0x1.00000000000008p0", 0x3FF0_0000_0000_0000ul)] // tie: to even
    [InlineData("0x0.0000000000001p-1022", 0x0000_0000_0000_0001ul)]
    [InlineData("nan:0xf_ffff_ffff_ffff", 0x7FFF_FFFF_FFFF_FFFFul)]
    [InlineData("2.2250738585072014e-308", 0x0010_0000_0000_0000ul)]
    [InlineData("1.7976931348623157e308", 0x7FEF_FFFF_FFFF_FFFFul)]
    public void F64Literals(string text, ulong expected)
    {
        Assert.Equal(NumberError.None, WatNumbers.ParseF64(text, out var bits));
        Assert.Equal(expected.ToString("X16"), bits.ToString("X16"));
    }

    [Theory]
    [InlineData("0x1p128")]
    [InlineData("0x1.ffffffp127")] // rounds up to 2^128
    [InlineData("1e39")]
    [InlineData("-3.4028236e38")]
    [InlineData("nan:0x0")]
    [InlineData("nan:0x80_0000")]
    [InlineData("0x1p1000000000000000000000")]
    public void F32OutOfRange(string text) =>
        Assert.Equal(NumberError.OutOfRange, WatNumbers.ParseF32(text, out _));

    [Theory]
    [InlineData("1e309")]
    [InlineData("0x1p1024")]
    [InlineData("0x1.fffffffffffff8p1023")]
    [InlineData("nan:0x10_0000_0000_0000")]
    public void F64OutOfRange(string text) =>
        Assert.Equal(NumberError.OutOfRange, WatNumbers.ParseF64(text, out _));

    [Theory]
    [InlineData(".5")]
    [InlineData("0x.8p1")]
    [InlineData("1e")]
    [InlineData("1e+")]
    [InlineData("1._5")]
    [InlineData("1_.5")]
    [InlineData("0x1p")]
    [InlineData("0x1.g")]
    [InlineData("infinity")]
    [InlineData("nan:1")]
    [InlineData("nan:0x")]
    [InlineData("nan:canonical")]
    [InlineData("1.0f")]
    public void MalformedFloats(string text) =>
        Assert.Equal(NumberError.Malformed, WatNumbers.ParseF32(text, out _));

    [Fact]
    public void HugeExponentsOfZeroAndTinyValuesAreZero()
    {
        Assert.Equal(NumberError.None, WatNumbers.ParseF64("0x0p1000000000", out var zero));
        Assert.Equal(0ul, zero);
        Assert.Equal(NumberError.None, WatNumbers.ParseF64("0x1p-100000000000", out var tiny));
        Assert.Equal(0ul, tiny);
        Assert.Equal(NumberError.None, WatNumbers.ParseF64("-0x1p-100000000000", out var negativeTiny));
        Assert.Equal(0x8000_0000_0000_0000ul, negativeTiny);
    }

    [Fact]
    public void VeryLongLiteralsAreExact()
    {
        // 1 followed by 400 zero digits of fraction, then a 1: the sticky digit breaks the tie.
        var hex = "0x1." + new string('0', 5) + "1" + new string('0', 400) + "1p0";
        Assert.Equal(NumberError.None, WatNumbers.ParseF32(hex, out var bits));
        Assert.Equal(0x3F80_0001u, bits);
        var dec = "1." + new string('0', 1000) + "1";
        Assert.Equal(NumberError.None, WatNumbers.ParseF64(dec, out var d));
        Assert.Equal(0x3FF0_0000_0000_0000ul, d);
    }
}
