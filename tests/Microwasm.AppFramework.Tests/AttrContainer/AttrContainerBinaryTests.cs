using System.Buffers.Binary;

namespace Microwasm.AppFramework.Tests.AttrContainer;

using Microwasm.AppFramework.AttrContainer;

public class AttrContainerBinaryTests
{
    public static TheoryData<AttrNumbering, AttrValue> EveryTypeInEachNumbering()
    {
        var data = new TheoryData<AttrNumbering, AttrValue>();
        foreach (AttrNumbering numbering in new[] { AttrNumbering.Current, AttrNumbering.Legacy })
        {
            foreach (AttrValue value in SampleValues())
            {
                if (numbering == AttrNumbering.Legacy && value.Type is AttrType.UInt8 or AttrType.UInt32 or AttrType.UInt64)
                {
                    continue;
                }

                data.Add(numbering, value);
            }
        }

        return data;
    }

    internal static IEnumerable<AttrValue> SampleValues() =>
    [
        AttrValue.FromInt8(sbyte.MinValue), AttrValue.FromInt8(-1), AttrValue.FromInt8(sbyte.MaxValue),
        AttrValue.FromInt16(short.MinValue), AttrValue.FromInt16(short.MaxValue),
        AttrValue.FromInt32(int.MinValue), AttrValue.FromInt32(int.MaxValue),
        AttrValue.FromInt64(long.MinValue), AttrValue.FromInt64(long.MaxValue),
        AttrValue.FromUInt8(0), AttrValue.FromUInt8(byte.MaxValue),
        AttrValue.FromUInt16(ushort.MaxValue),
        AttrValue.FromUInt32(uint.MaxValue),
        AttrValue.FromUInt64(ulong.MaxValue),
        AttrValue.FromFloat(float.Epsilon), AttrValue.FromFloat(float.NaN), AttrValue.FromFloat(float.NegativeInfinity), AttrValue.FromFloat(-0.0f),
        AttrValue.FromDouble(Math.PI), AttrValue.FromDouble(double.NaN), AttrValue.FromDouble(double.MaxValue),
        AttrValue.FromBoolean(false), AttrValue.FromBoolean(true),
        AttrValue.FromString(""), AttrValue.FromString("hello"), AttrValue.FromString("żółw 🐢"),
        AttrValue.FromByteArray([]), AttrValue.FromByteArray([0, 1, 0x80, 0xFF]),
    ];

    [Theory]
    [MemberData(nameof(EveryTypeInEachNumbering))]
    public void EveryTypeRoundTrips(AttrNumbering numbering, AttrValue value)
    {
        var c = new AttrContainer("tag");
        c.Set("k", value);
        byte[] bytes = c.Serialize(numbering);
        AttrContainer back = AttrContainer.Parse(bytes, numbering);
        Assert.Equal("tag", back.Tag);
        Assert.Equal(value, Assert.Single(back).Value);
        Assert.Equal(bytes, back.Serialize(numbering));

        // Layout: flags, total_length, tag_len 4, "tag\0", attr_num 1, key_len 2, "k\0", type byte.
        Assert.Equal((uint)(bytes.Length - 2), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(2)));
        Assert.Equal([4, 0, (byte)'t', (byte)'a', (byte)'g', 0, 1, 0, 2, 0, (byte)'k', 0], bytes[6..18]);
        Assert.Equal(AttrTypeCodes.GetCode(value.Type, numbering), bytes[18]);
    }

    [Theory]
    [InlineData(AttrNumbering.Current)]
    [InlineData(AttrNumbering.Legacy)]
    public void AllTypesTogetherRoundTrip(AttrNumbering numbering)
    {
        var c = new AttrContainer("many") { Flags = 4 };
        int i = 0;
        foreach ((AttrNumbering n, AttrValue v) in EveryTypeInEachNumbering().Select(row => ((AttrNumbering)row[0], (AttrValue)row[1])))
        {
            if (n == numbering)
            {
                c.Set("key" + i++, v);
            }
        }

        byte[] bytes = c.Serialize(numbering);
        AttrContainer back = AttrContainer.Parse(bytes, numbering);
        Assert.Equal(4, back.Flags);
        Assert.Equal(c.ToList(), back.ToList());
        Assert.Equal(bytes, back.Serialize(numbering));

        // The other numbering reads the same bytes differently or not at all, never silently equal.
        AttrNumbering other = numbering == AttrNumbering.Current ? AttrNumbering.Legacy : AttrNumbering.Current;
        if (AttrContainer.TryParse(bytes, other, out AttrContainer? misread, out _))
        {
            Assert.NotEqual(c.ToList(), misread.ToList());
        }
    }

    [Fact]
    public void LegacyBytesOfASmallContainer()
    {
        var c = new AttrContainer("x");
        c.SetInt8("b", -2);
        c.SetFloat("f", 1.0f);
        c.SetBoolean("z", true);
        c.SetString("s", "v");
        c.SetByteArray("a", [7]);
        byte[] expected =
        [
            0, 0, 50, 0, 0, 0,            // flags, total_length 50
            2, 0, (byte)'x', 0,           // tag
            5, 0,                         // attr_num
            2, 0, (byte)'b', 0, 4, 0xFE,  // legacy ATTR_TYPE_BYTE = 4
            2, 0, (byte)'f', 0, 6, 0, 0, 0x80, 0x3F, // legacy FLOAT = 6
            2, 0, (byte)'z', 0, 8, 1,     // legacy BOOLEAN = 8
            2, 0, (byte)'s', 0, 9, 2, 0, (byte)'v', 0, // legacy STRING = 9, length counts the NUL
            2, 0, (byte)'a', 0, 10, 1, 0, 0, 0, 7,     // legacy BYTEARRAY = 10, u32 length
        ];
        Assert.Equal(expected, c.Serialize(AttrNumbering.Legacy));
        Assert.Equal(c.ToList(), AttrContainer.Parse(expected, AttrNumbering.Legacy).ToList());

        byte[] current = c.Serialize();
        Assert.Equal([0, 10, 12, 13, 14], new[] { current[16], current[22], current[31], current[37], current[46] });
    }

    [Theory]
    [InlineData(AttrType.UInt8)]
    [InlineData(AttrType.UInt32)]
    [InlineData(AttrType.UInt64)]
    public void WritingATypeTheLegacyNumberingLacksIsAnError(AttrType type)
    {
        var c = new AttrContainer();
        c.SetInt32("ok", 1);
        c.Set("bad", type switch
        {
            AttrType.UInt8 => AttrValue.FromUInt8(1),
            AttrType.UInt32 => AttrValue.FromUInt32(1),
            _ => AttrValue.FromUInt64(1),
        });
        NotSupportedException e = Assert.Throws<NotSupportedException>(() => c.Serialize(AttrNumbering.Legacy));
        Assert.Contains("'bad'", e.Message);
        Assert.Contains(type.ToString(), e.Message);
        Assert.Throws<NotSupportedException>(() => c.SerializeTo(new byte[100], AttrNumbering.Legacy));
    }

    [Fact]
    public void AnEmptyContainerGetsOneByteOfSlackForWamrsReader()
    {
        var c = new AttrContainer("e");
        // flags, total_length 11, tag_len 2, "e\0", attr_num 0, one zero byte: WAMR's
        // attr_container_get_attr_begin refuses a list that starts at total_length.
        Assert.Equal([0, 0, 11, 0, 0, 0, 2, 0, (byte)'e', 0, 0, 0, 0], c.Serialize());
        Assert.Equal(13, c.GetSerializedLength());
        AttrContainer back = AttrContainer.Parse(c.Serialize());
        Assert.Equal("e", back.Tag);
        Assert.Empty(back);

        // And the form without it reads too (this reader is not stricter than it must be).
        Assert.Empty(AttrContainer.Parse([0, 0, 10, 0, 0, 0, 2, 0, (byte)'e', 0, 0, 0]));
    }

    [Fact]
    public void SerializeIntoASpan()
    {
        AttrContainer c = AttrContainerGoldenTests.AllTypes();
        byte[] expected = c.Serialize();
        byte[] buffer = Enumerable.Repeat((byte)0xAA, expected.Length + 5).ToArray();
        Assert.Equal(expected.Length, c.SerializeTo(buffer));
        Assert.Equal(expected, buffer[..expected.Length]);
        Assert.Equal(0xAA, buffer[^1]);
        ArgumentException e = Assert.Throws<ArgumentException>(() => c.SerializeTo(new byte[expected.Length - 1]));
        Assert.Contains($"needs {expected.Length} bytes", e.Message);

        byte[] empty = Enumerable.Repeat((byte)0xAA, 20).ToArray();
        Assert.Equal(12, new AttrContainer().SerializeTo(empty));
        Assert.Equal(0, empty[11]);   // the slack byte is cleared
        Assert.Equal(0xAA, empty[12]);
    }

    [Fact]
    public void SlackAndTrailingBytesAreIgnored()
    {
        byte[] wamr = AttrContainerGoldenTests.WamrRequestHandler;
        wamr[^1] = 0x5A;   // slack holds whatever WAMR's in-place replacement left behind
        byte[] longer = [.. wamr, 1, 2, 3];
        Assert.Equal("value2", AttrContainer.Parse(longer)["key2"].AsString());
    }

    // Each malformed input and the offset and reason expected. Base: tag "t", attributes as given.
    public static TheoryData<string, byte[], long, string> MalformedInputs() => new()
    {
        { "empty input", [], 0, "0 bytes is too short" },
        { "five bytes", [0, 0, 9, 0, 0], 5, "5 bytes is too short" },
        { "total_length beyond input", [0, 0, 100, 0, 0, 0, 2, 0, (byte)'t', 0, 0, 0], 2, "total_length 100 needs 102 bytes but only 12 are given" },
        { "total_length huge", [0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 2, 0, (byte)'t', 0, 0, 0], 2, "total_length 4294967295 needs 4294967297 bytes" },
        { "total_length too small", [0, 0, 8, 0, 0, 0, 0, 0, 0, 0], 2, "smaller than the smallest container's 9" },
        { "tag length 0", [0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0], 6, "length of the tag is 0" },
        { "tag beyond total", [0, 0, 9, 0, 0, 0, 9, 0, (byte)'t', 0, 0], 6, "the tag has length 9 but only 3 bytes remain" },
        { "tag without NUL", [0, 0, 10, 0, 0, 0, 2, 0, (byte)'t', (byte)'u', 0, 0], 9, "the tag is not NUL-terminated at its length 2" },
        { "tag with inner NUL", [0, 0, 11, 0, 0, 0, 3, 0, 0, (byte)'u', 0, 0, 0], 8, "the tag has a NUL at 0 before its end" },
        { "tag not UTF-8", [0, 0, 10, 0, 0, 0, 2, 0, 0xC3, 0, 0, 0], 8, "the tag is not valid UTF-8" },
        { "attr_num beyond total", [0, 0, 9, 0, 0, 0, 2, 0, (byte)'t', 0, 0], 10, "attr_num lies beyond total_length" },
        { "attr_num says more", Container(1, [2, 0, (byte)'k', 0, 2, 1, 0, 0, 0], extraCount: 1), 21, "length of the key of attribute 2 of 2 lies beyond total_length" },
        { "key length 0", Container(1, [0, 0, 2, 1, 0, 0, 0]), 12, "length of the key of attribute 1 of 1 is 0" },
        { "empty key", Container(1, [1, 0, 0, 2, 1, 0, 0, 0]), 12, "key of attribute 1 of 1 is empty" },
        { "key without NUL", Container(1, [2, 0, (byte)'k', (byte)'k', 2, 1, 0, 0, 0]), 15, "the key of attribute 1 of 1 is not NUL-terminated" },
        { "key not UTF-8", Container(1, [2, 0, 0xFF, 0, 2, 1, 0, 0, 0]), 14, "the key of attribute 1 of 1 is not valid UTF-8" },
        { "type beyond total", Container(1, [2, 0, (byte)'k', 0]), 16, "type of attribute 1 of 1 ('k') lies beyond total_length" },
        { "current type 8", Container(1, [2, 0, (byte)'k', 0, 8, 1]), 16, "type code 8 of attribute 1 of 1 ('k') is not defined in the Current numbering" },
        { "type 15", Container(1, [2, 0, (byte)'k', 0, 15, 1]), 16, "type code 15" },
        { "int32 cut short", Container(1, [2, 0, (byte)'k', 0, 2, 1, 0, 0]), 17, "Int32 value of attribute 1 of 1 ('k') needs 4 bytes but only 3 remain" },
        { "boolean 2", Container(1, [2, 0, (byte)'k', 0, 12, 2]), 17, "boolean value of attribute 1 of 1 ('k') is 2, not 0 or 1" },
        { "string length 0", Container(1, [2, 0, (byte)'k', 0, 13, 0, 0]), 17, "length of the string value of attribute 1 of 1 ('k') is 0" },
        { "string beyond total", Container(1, [2, 0, (byte)'k', 0, 13, 0xFF, 0xFF, (byte)'v', 0]), 17, "has length 65535 but only 2 bytes remain" },
        { "string without NUL", Container(1, [2, 0, (byte)'k', 0, 13, 2, 0, (byte)'v', (byte)'w']), 20, "string value of attribute 1 of 1 ('k') is not NUL-terminated" },
        { "string with inner NUL", Container(1, [2, 0, (byte)'k', 0, 13, 3, 0, 0, (byte)'w', 0]), 19, "has a NUL at 0 before its end" },
        { "string not UTF-8", Container(1, [2, 0, (byte)'k', 0, 13, 3, 0, 0xED, 0xA0, 0]), 19, "string value of attribute 1 of 1 ('k') is not valid UTF-8" },
        { "byte array length cut", Container(1, [2, 0, (byte)'k', 0, 14, 1, 0]), 17, "byte array length of attribute 1 of 1 ('k') lies beyond" },
        { "byte array huge", Container(1, [2, 0, (byte)'k', 0, 14, 0xFF, 0xFF, 0xFF, 0xFF, 1, 2]), 17, "has length 4294967295 but only 2 bytes remain" },
        { "byte array past total into trailing bytes", [.. Container(1, [2, 0, (byte)'k', 0, 14, 3, 0, 0, 0, 1, 2]), 3], 17, "has length 3 but only 2 bytes remain within total_length" },
        { "duplicate key", Container(2, [2, 0, (byte)'k', 0, 0, 1, 2, 0, (byte)'k', 0, 0, 2]), 18, "key of attribute 2 of 2 ('k') appears twice" },
    };

    // flags 0, total_length to fit, tag "t", attr_num (+ extraCount), then the attribute bytes.
    private static byte[] Container(int count, byte[] attributes, int extraCount = 0)
    {
        byte[] head = [0, 0, 0, 0, 0, 0, 2, 0, (byte)'t', 0, (byte)(count + extraCount), 0];
        byte[] all = [.. head, .. attributes];
        BinaryPrimitives.WriteUInt32LittleEndian(all.AsSpan(2), (uint)(all.Length - 2));
        return all;
    }

    [Theory]
    [MemberData(nameof(MalformedInputs))]
    public void MalformedInputIsACleanError(string name, byte[] input, long offset, string reason)
    {
        AttrContainerFormatException e = Assert.Throws<AttrContainerFormatException>(() => AttrContainer.Parse(input));
        Assert.True(e.Reason.Contains(reason, StringComparison.Ordinal), $"{name}: '{e.Reason}' lacks '{reason}'");
        Assert.Equal(offset, e.Offset);
        Assert.Equal($"Malformed attr_container at byte {offset}: {e.Reason}", e.Message);
        Assert.IsAssignableFrom<FormatException>(e);

        Assert.False(AttrContainer.TryParse(input, out AttrContainer? none, out string? error));
        Assert.Null(none);
        Assert.Equal(e.Message, error);
    }

    [Fact]
    public void LegacyCodesOutsideItsTableAreRefused()
    {
        byte[] bytes = Container(1, [2, 0, (byte)'k', 0, 0, 1]);
        Assert.Equal(1, AttrContainer.Parse(bytes)["k"].AsInt8());
        AttrContainerFormatException e = Assert.Throws<AttrContainerFormatException>(() => AttrContainer.Parse(bytes, AttrNumbering.Legacy));
        Assert.Equal("type code 0 of attribute 1 of 1 ('k') is not defined in the Legacy numbering", e.Reason);
        bytes[16] = 11;
        // 11 is Double in the current numbering (8 bytes, not there) and nothing in the legacy one.
        Assert.Contains("Double value of attribute 1 of 1 ('k') needs 8 bytes", Assert.Throws<AttrContainerFormatException>(() => AttrContainer.Parse(bytes)).Reason);
        Assert.Contains("type code 11", Assert.Throws<AttrContainerFormatException>(() => AttrContainer.Parse(bytes, AttrNumbering.Legacy)).Reason);
    }

    [Fact]
    public void KeysInMessagesAreEscapedAndCut()
    {
        byte[] control = Container(1, [4, 0, (byte)'a', (byte)'\n', (byte)'b', 0, 9, 1]);
        Assert.Contains("('a\\u000ab')", Assert.Throws<AttrContainerFormatException>(() => AttrContainer.Parse(control)).Reason);

        byte[] key = [.. Enumerable.Repeat((byte)'k', 1000), 0];
        byte[] longKey = Container(1, [.. BitConverter.GetBytes((ushort)key.Length), .. key, 9, 1]);
        string reason = Assert.Throws<AttrContainerFormatException>(() => AttrContainer.Parse(longKey)).Reason;
        Assert.Contains("('" + new string('k', 40) + "'…)", reason);
        Assert.True(reason.Length < 200, reason);
    }

    [Fact]
    public void AnInvalidNumberingIsAnArgumentError()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AttrContainer.Parse(new byte[20], (AttrNumbering)7));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AttrContainer().Serialize((AttrNumbering)7));
    }
}
