using Microwasm.Cli.Run;
using Microwasm.Model;
using Microwasm.Runtime;

namespace Microwasm.Cli.Tests;

public class WasmValueTextTests
{
    [Theory]
    [InlineData(ValueType.I32, "42", 42ul)]
    [InlineData(ValueType.I32, "-1", 0xFFFF_FFFFul)]
    [InlineData(ValueType.I32, "4294967295", 0xFFFF_FFFFul)]
    [InlineData(ValueType.I32, "0x7fffffff", 0x7FFF_FFFFul)]
    [InlineData(ValueType.I64, "-1", ulong.MaxValue)]
    [InlineData(ValueType.I64, "18446744073709551615", ulong.MaxValue)]
    [InlineData(ValueType.I64, "0x10", 16ul)]
    [InlineData(ValueType.F32, "1.5", 0x3FC0_0000ul)]
    [InlineData(ValueType.F32, "-inf", 0xFF80_0000ul)]
    [InlineData(ValueType.F64, "inf", 0x7FF0_0000_0000_0000ul)]
    [InlineData(ValueType.F64, "0.5", 0x3FE0_0000_0000_0000ul)]
    public void ParsesArgumentsByType(ValueType type, string text, ulong bits)
    {
        var value = WasmValueText.ParseValue(type, text);
        Assert.NotNull(value);
        Assert.Equal(type, value.Value.Type);
        Assert.Equal(bits, value.Value.Bits);
    }

    [Theory]
    [InlineData(ValueType.I32, "4294967296")]
    [InlineData(ValueType.I32, "0x100000000")]
    [InlineData(ValueType.I32, "1.5")]
    [InlineData(ValueType.F64, "one")]
    [InlineData(ValueType.FuncRef, "1")]
    public void RejectsArgumentsThatDoNotFit(ValueType type, string text) =>
        Assert.Null(WasmValueText.ParseValue(type, text));

    [Fact]
    public void NaNArgumentsAreNaN()
    {
        Assert.Equal(0x7FC0_0000ul, WasmValueText.ParseValue(ValueType.F32, "nan")!.Value.Bits);
        Assert.Equal(0x7FF8_0000_0000_0000ul, WasmValueText.ParseValue(ValueType.F64, "nan")!.Value.Bits);
        Assert.Equal(0xFFF8_0000_0000_0000ul, WasmValueText.ParseValue(ValueType.F64, "-nan")!.Value.Bits);
    }

    [Fact]
    public void ArgumentCountMustMatchTheSignature()
    {
        var type = new FuncType([ValueType.I32, ValueType.I32], [ValueType.I32]);
        Assert.Throws<FormatException>(() => WasmValueText.ParseArguments(type, ["1"]));
        Assert.Equal(2, WasmValueText.ParseArguments(type, ["1", "2"]).Length);
    }

    [Fact]
    public void ResultsAreFormattedAsValueColonType()
    {
        Assert.Equal("0x2a:i32", WasmValueText.FormatResult(WasmValue.I32(42)));
        Assert.Equal("0xffffffff:i32", WasmValueText.FormatResult(WasmValue.I32(-1)));
        Assert.Equal("0xffffffffffffffff:i64", WasmValueText.FormatResult(WasmValue.I64(-1)));
        Assert.Equal("1.5:f32", WasmValueText.FormatResult(WasmValue.F32(1.5f)));
        Assert.Equal("0.1:f64", WasmValueText.FormatResult(WasmValue.F64(0.1)));
        Assert.Equal("nan:f64", WasmValueText.FormatResult(WasmValue.F64Bits(0x7FF8_0000_0000_0000)));
        Assert.Equal("-nan:f32", WasmValueText.FormatResult(WasmValue.F32Bits(0xFFC0_0000)));
        Assert.Equal("-inf:f32", WasmValueText.FormatResult(WasmValue.F32(float.NegativeInfinity)));
        Assert.Equal("null:funcref", WasmValueText.FormatResult(WasmValue.Null(ValueType.FuncRef)));
    }
}
