using Microwasm.Cli.Wast;
using Microwasm.Runtime;

namespace Microwasm.Cli.Tests;

public class WastV128Tests
{
    private static WastValue V128(string laneType, params string[] lanes) => new("v128") { LaneType = laneType, Lanes = lanes };

    [Fact]
    public void LanesAreLittleEndianInMemoryOrder()
    {
        var value = WastV128.Parse(V128("i8", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "255"));
        Assert.Equal(0x0807_0605_0403_0201ul, value.Bits);
        Assert.Equal(0xFF0F_0E0D_0C0B_0A09ul, value.High);

        value = WastV128.Parse(V128("i16", "1", "0", "0", "0", "0", "0", "0", "65535"));
        Assert.Equal(1ul, value.Bits);
        Assert.Equal(0xFFFF_0000_0000_0000ul, value.High);

        value = WastV128.Parse(V128("i64", "18446744073709551615", "2"));
        Assert.Equal(ulong.MaxValue, value.Bits);
        Assert.Equal(2ul, value.High);
    }

    [Fact]
    public void NegativeLanesAreAccepted()
    {
        var value = WastV128.Parse(V128("i32", "-1", "0", "0", "-2"));
        Assert.Equal(0xFFFF_FFFFul, value.Bits);
        Assert.Equal(0xFFFF_FFFE_0000_0000ul, value.High);
    }

    [Fact]
    public void FloatLanesMatchBitsOrNaNPatterns()
    {
        // lanes: 1.0, canonical NaN, arithmetic NaN with a payload, -0.0
        var actual = WasmValue.V128(0x7FC0_0000_3F80_0000ul, 0x8000_0000_FFC0_0001ul);
        Assert.True(WastV128.Matches(actual, V128("f32", "1065353216", "nan:canonical", "nan:arithmetic", "2147483648")));
        Assert.True(WastV128.Matches(actual, V128("f32", "1065353216", "nan:arithmetic", "nan:arithmetic", "2147483648")));
        Assert.False(WastV128.Matches(actual, V128("f32", "1065353216", "nan:canonical", "nan:canonical", "2147483648")));
        Assert.False(WastV128.Matches(actual, V128("f32", "1065353216", "nan:canonical", "nan:arithmetic", "0")));

        var doubles = WasmValue.V128(0xFFF8_0000_0000_0000ul, 0x7FF4_0000_0000_0000ul);
        Assert.True(WastV128.Matches(doubles, V128("f64", "nan:canonical", "9219994337134247936")));
        Assert.False(WastV128.Matches(doubles, V128("f64", "nan:canonical", "nan:arithmetic")));
    }

    [Fact]
    public void OnlyV128ValuesMatch()
    {
        Assert.False(WastV128.Matches(WasmValue.I64(0), V128("i64", "0", "0")));
        Assert.True(WastV128.Matches(WasmValue.V128(0, 0), V128("i64", "0", "0")));
    }

    [Fact]
    public void FormatUsesTheExpectedLaneType()
    {
        var value = WasmValue.V128(0x0000_0002_0000_0001ul, 0xFFFF_FFFF_0000_0003ul);
        Assert.Equal("v128:i32[1 2 3 4294967295]", WastV128.Format(value, "i32"));
        Assert.Equal("v128:i64[8589934593 18446744069414584323]", WastV128.Format(value, "i64"));
    }

    [Fact]
    public void WrongLaneCountIsAFormatError()
    {
        Assert.Throws<FormatException>(() => WastV128.Parse(V128("i32", "1", "2")));
        Assert.Throws<FormatException>(() => WastV128.Parse(V128("u32", "1", "2", "3", "4")));
    }
}
