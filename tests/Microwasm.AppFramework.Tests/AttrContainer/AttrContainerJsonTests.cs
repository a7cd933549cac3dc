using System.Buffers.Binary;
using System.Text.Json;

namespace Microwasm.AppFramework.Tests.AttrContainer;

using Microwasm.AppFramework.AttrContainer;

public class AttrContainerJsonTests
{
    [Fact]
    public void TheRequestHandlerPayloadPrintsLikeHostTool()
    {
        // host_tool prints "{\n\t\"key1\":\t\"value1\",\n\t\"key2\":\t\"value2\"\n}" (cJSON_Print); the
        // only difference is the space System.Text.Json puts after the colon.
        AttrContainer c = AttrContainer.Parse(AttrContainerGoldenTests.WamrRequestHandler);
        Assert.Equal("{\n\t\"key1\": \"value1\",\n\t\"key2\": \"value2\"\n}", c.ToJson());
        Assert.Equal("{\"key1\":\"value1\",\"key2\":\"value2\"}", c.ToJson(indented: false));
    }

    [Fact]
    public void EveryTypeRenders()
    {
        // host_tool (attr2json + cJSON_Print, run on wamr-all-types.bin) prints the same values, except
        // "u64": 1.8e+19 (cJSON goes through a double) and "\t" after each colon.
        AttrContainer c = AttrContainer.Parse(AttrContainerGoldenTests.WamrAllTypes);
        string expected =
            "{\n" +
            "\t\"i8\": -5,\n" +
            "\t\"i16\": -300,\n" +
            "\t\"i32\": 123456,\n" +
            "\t\"i64\": -5000000000,\n" +
            "\t\"u8\": 200,\n" +
            "\t\"u16\": 60000,\n" +
            "\t\"u32\": 4000000000,\n" +
            "\t\"u64\": 18000000000000000000,\n" +
            "\t\"f\": 1.5,\n" +
            "\t\"d\": -0.1,\n" +
            "\t\"b\": true,\n" +
            "\t\"s\": \"héllo\",\n" +
            "\t\"bytes\": [1, -1, 0, 127, -128]\n" +
            "}";
        Assert.Equal(expected, c.ToJson());
        Assert.Equal(
            "{\"i8\":-5,\"i16\":-300,\"i32\":123456,\"i64\":-5000000000,\"u8\":200,\"u16\":60000,\"u32\":4000000000," +
            "\"u64\":18000000000000000000,\"f\":1.5,\"d\":-0.1,\"b\":true,\"s\":\"héllo\",\"bytes\":[1,-1,0,127,-128]}",
            c.ToJson(indented: false));
    }

    [Fact]
    public void SpecialValuesRender()
    {
        var c = new AttrContainer("not printed");
        c.SetFloat("fnan", float.NaN);
        c.SetDouble("inf", double.PositiveInfinity);
        c.SetDouble("ninf", double.NegativeInfinity);
        c.SetFloat("tenth", 0.1f);        // shortest float text, not cJSON's 0.100000001490116
        c.SetDouble("big", 1e300);
        c.SetBoolean("no", false);
        c.SetString("quote \"q\"", "tab\t nl\n \\ é 🐢 <&>");
        c.SetByteArray("empty", []);
        c.SetInt64("min", long.MinValue);
        Assert.Equal(
            "{\"fnan\":null,\"inf\":null,\"ninf\":null,\"tenth\":0.1,\"big\":1E+300,\"no\":false," +
            "\"quote \\\"q\\\"\":\"tab\\t nl\\n \\\\ é \\uD83D\\uDC22 <&>\",\"empty\":[],\"min\":-9223372036854775808}",
            c.ToJson(indented: false));
        Assert.Equal("{}", new AttrContainer("t").ToJson(indented: false));
        Assert.Equal("{}", new AttrContainer("t").ToJson());

        // What it prints reads back (except the non-finite numbers, which are null).
        AttrContainer back = AttrContainer.FromJson(c.ToJson().Replace("null", "0", StringComparison.Ordinal));
        Assert.Equal("tab\t nl\n \\ é 🐢 <&>", back["quote \"q\""].AsString());
        Assert.Equal(0.1, back["tenth"].AsDouble());   // the float's shortest text, read as a double
        Assert.Equal(long.MinValue, back["min"].AsDouble());
        Assert.Empty(back["empty"].AsByteArray().ToArray());
    }

    [Fact]
    public void FromJsonFollowsHostToolsRules()
    {
        string json = "{\"num\": 1, \"neg\": -2.5, \"t\": true, \"f\": false, \"s\": \"str\", \"arr\": [1, -1, 127, -128], \"num\": 3}";
        AttrContainer c = AttrContainer.FromJson(json);
        Assert.Equal("", c.Tag);
        Assert.Equal(["num", "neg", "t", "f", "s", "arr"], c.Keys);
        Assert.Equal(AttrValue.FromDouble(3), c["num"]);   // a repeated key keeps its place, takes the last value
        Assert.Equal(AttrValue.FromDouble(-2.5), c["neg"]);
        Assert.Equal(AttrValue.FromBoolean(true), c["t"]);
        Assert.Equal(AttrValue.FromBoolean(false), c["f"]);
        Assert.Equal(AttrValue.FromString("str"), c["s"]);
        Assert.Equal(AttrValue.FromByteArray([1, 0xFF, 0x7F, 0x80]), c["arr"]);

        // host_tool's json2attr (WAMR b9db23b, with cJSON) made these bytes from the same JSON; its
        // container ends in 30 bytes of slack, left out here with total_length reduced to match.
        byte[] hostTool =
        [
            0x00, 0x00, 0x4D, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x06, 0x00, 0x04, 0x00, 0x6E, 0x75, 0x6D,
            0x00, 0x0B, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x08, 0x40, 0x04, 0x00, 0x6E, 0x65, 0x67, 0x00,
            0x0B, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0xC0, 0x02, 0x00, 0x74, 0x00, 0x0C, 0x01, 0x02,
            0x00, 0x66, 0x00, 0x0C, 0x00, 0x02, 0x00, 0x73, 0x00, 0x0D, 0x04, 0x00, 0x73, 0x74, 0x72, 0x00,
            0x04, 0x00, 0x61, 0x72, 0x72, 0x00, 0x0E, 0x04, 0x00, 0x00, 0x00, 0x01, 0xFF, 0x7F, 0x80,
        ];
        Assert.Equal((uint)hostTool.Length - 2, BinaryPrimitives.ReadUInt32LittleEndian(hostTool.AsSpan(2)));
        Assert.Equal(hostTool, c.Serialize());
    }

    [Fact]
    public void FromJsonTakesBytesFromMinus128To255()
    {
        AttrContainer c = AttrContainer.FromJson("{\"a\": [0, 255, 128, -128, 1.0, -0], \"e\": []}");
        Assert.Equal([0, 255, 128, 128, 1, 0], c["a"].AsByteArray().ToArray());
        Assert.Empty(c["e"].AsByteArray().ToArray());
        Assert.Equal(1e308, AttrContainer.FromJson("{\"x\": 1e308}")["x"].AsDouble());
    }

    [Theory]
    [InlineData("[1, 2]", "must be an object, not an array")]
    [InlineData("\"text\"", "must be an object, not a string")]
    [InlineData("{\"o\": {\"a\": 1}}", "Key 'o' has a nested object")]
    [InlineData("{\"n\": null}", "Key 'n' has null")]
    [InlineData("{\"a\": [1, \"x\"]}", "The array of key 'a' has a string at index 1")]
    [InlineData("{\"a\": [1, [2]]}", "The array of key 'a' has an array at index 1")]
    [InlineData("{\"a\": [256]}", "has 256 at index 0; a byte must be an integer from -128 to 255")]
    [InlineData("{\"a\": [-129]}", "has -129 at index 0")]
    [InlineData("{\"a\": [1.5]}", "has 1.5 at index 0")]
    [InlineData("{\"x\": 1e400}", "The number 1e400 of key 'x' is beyond the range of a double")]
    [InlineData("{\"\": 1}", "Key '' cannot be stored: An attribute key cannot be empty")]
    [InlineData("{\"k\\u0000\": 1}", "cannot contain U+0000")]
    [InlineData("{\"k\": \"a\\u0000b\"}", "The string of key 'k' cannot be stored")]
    public void FromJsonRefusesWhatItCannotStore(string json, string message)
    {
        JsonException e = Assert.Throws<JsonException>(() => AttrContainer.FromJson(json));
        Assert.Contains(message, e.Message);
        Assert.False(AttrContainer.TryFromJson(json, out AttrContainer? none, out string? error));
        Assert.Null(none);
        Assert.Equal(e.Message, error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{\"a\": 1,}")]
    [InlineData("{\"a\": 1} // c")]
    [InlineData("{'a': 1}")]
    public void MalformedJsonIsAJsonException(string json)
    {
        Assert.ThrowsAny<JsonException>(() => AttrContainer.FromJson(json));
        Assert.False(AttrContainer.TryFromJson(json, out _, out string? error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void LongTextFromJsonIsRefused()
    {
        string longString = new('a', 65535);
        JsonException e = Assert.Throws<JsonException>(() => AttrContainer.FromJson("{\"k\": \"" + longString + "\"}"));
        Assert.Contains("65535 UTF-8 bytes", e.Message);
        Assert.Equal(65534, AttrContainer.FromJson("{\"k\": \"" + longString[1..] + "\"}")["k"].AsString().Length);
    }
}
