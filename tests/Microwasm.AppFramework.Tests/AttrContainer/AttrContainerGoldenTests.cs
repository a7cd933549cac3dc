using System.Buffers.Binary;

namespace Microwasm.AppFramework.Tests.AttrContainer;

using Microwasm.AppFramework.AttrContainer;

/// <summary>
/// Bytes made by WAMR's own attr_container.c (b9db23b), with Golden/make-golden.c (how to build and run
/// it is in its header; gcc is needed only to regenerate, never by these tests).
/// </summary>
public class AttrContainerGoldenTests
{
    // make-golden.c: attr_container_create("golden"), one attribute of each type, i32 set twice, then
    // attr_container_serialize (flags 0x0004, the read-only bit). total_length 226: the 161 bytes
    // below (flags included), then 67 zero bytes of slack (what is left of the re-allocation's reserve).
    internal static readonly byte[] WamrAllTypesUsed =
    [
        0x04, 0x00, 0xE2, 0x00, 0x00, 0x00, 0x07, 0x00, 0x67, 0x6F, 0x6C, 0x64, 0x65, 0x6E, 0x00, 0x0D,
        0x00, 0x03, 0x00, 0x69, 0x38, 0x00, 0x00, 0xFB, 0x04, 0x00, 0x69, 0x31, 0x36, 0x00, 0x01, 0xD4,
        0xFE, 0x04, 0x00, 0x69, 0x33, 0x32, 0x00, 0x02, 0x40, 0xE2, 0x01, 0x00, 0x04, 0x00, 0x69, 0x36,
        0x34, 0x00, 0x03, 0x00, 0x0E, 0xFA, 0xD5, 0xFE, 0xFF, 0xFF, 0xFF, 0x03, 0x00, 0x75, 0x38, 0x00,
        0x04, 0xC8, 0x04, 0x00, 0x75, 0x31, 0x36, 0x00, 0x05, 0x60, 0xEA, 0x04, 0x00, 0x75, 0x33, 0x32,
        0x00, 0x06, 0x00, 0x28, 0x6B, 0xEE, 0x04, 0x00, 0x75, 0x36, 0x34, 0x00, 0x07, 0x00, 0x00, 0x08,
        0xC5, 0xA1, 0xD8, 0xCC, 0xF9, 0x02, 0x00, 0x66, 0x00, 0x0A, 0x00, 0x00, 0xC0, 0x3F, 0x02, 0x00,
        0x64, 0x00, 0x0B, 0x9A, 0x99, 0x99, 0x99, 0x99, 0x99, 0xB9, 0xBF, 0x02, 0x00, 0x62, 0x00, 0x0C,
        0x01, 0x02, 0x00, 0x73, 0x00, 0x0D, 0x07, 0x00, 0x68, 0xC3, 0xA9, 0x6C, 0x6C, 0x6F, 0x00, 0x06,
        0x00, 0x62, 0x79, 0x74, 0x65, 0x73, 0x00, 0x0E, 0x05, 0x00, 0x00, 0x00, 0x01, 0xFF, 0x00, 0x7F,
        0x80,
    ];

    // make-golden.c: what samples/simple/wasm-apps/request_handler.c answers on /url1 — the container
    // itself (flags 0), tag "wasm app response payload", key1=value1, key2=value2. total_length 132:
    // the 70 bytes below (flags included), then 64 zero bytes of slack.
    internal static readonly byte[] WamrRequestHandlerUsed =
    [
        0x00, 0x00, 0x84, 0x00, 0x00, 0x00, 0x1A, 0x00, 0x77, 0x61, 0x73, 0x6D, 0x20, 0x61, 0x70, 0x70,
        0x20, 0x72, 0x65, 0x73, 0x70, 0x6F, 0x6E, 0x73, 0x65, 0x20, 0x70, 0x61, 0x79, 0x6C, 0x6F, 0x61,
        0x64, 0x00, 0x02, 0x00, 0x05, 0x00, 0x6B, 0x65, 0x79, 0x31, 0x00, 0x0D, 0x07, 0x00, 0x76, 0x61,
        0x6C, 0x75, 0x65, 0x31, 0x00, 0x05, 0x00, 0x6B, 0x65, 0x79, 0x32, 0x00, 0x0D, 0x07, 0x00, 0x76,
        0x61, 0x6C, 0x75, 0x65, 0x32, 0x00,
    ];

    internal static byte[] WithSlack(byte[] used) =>
        [.. used, .. new byte[2 + BinaryPrimitives.ReadUInt32LittleEndian(used.AsSpan(2)) - used.Length]];

    internal static byte[] WamrAllTypes => WithSlack(WamrAllTypesUsed);

    internal static byte[] WamrRequestHandler => WithSlack(WamrRequestHandlerUsed);

    // The same container built with this library.
    internal static AttrContainer AllTypes()
    {
        var c = new AttrContainer("golden") { Flags = 4 };
        c.SetInt8("i8", -5);
        c.SetInt16("i16", -300);
        c.SetInt32("i32", -70000);
        c.SetInt64("i64", -5000000000L);
        c.SetUInt8("u8", 200);
        c.SetUInt16("u16", 60000);
        c.SetUInt32("u32", 4000000000u);
        c.SetUInt64("u64", 18000000000000000000ul);
        c.SetFloat("f", 1.5f);
        c.SetDouble("d", -0.1);
        c.SetBoolean("b", true);
        c.SetString("s", "héllo");
        c.SetByteArray("bytes", [1, 0xFF, 0, 0x7F, 0x80]);
        c.SetInt32("i32", 123456);
        return c;
    }

    [Fact]
    public void TheGoldenFilesHoldTheEmbeddedBytes()
    {
        string dir = Path.Combine(FindRepositoryRoot(), "tests", "Microwasm.AppFramework.Tests", "AttrContainer", "Golden");
        Assert.Equal(WamrAllTypes, File.ReadAllBytes(Path.Combine(dir, "wamr-all-types.bin")));
        Assert.Equal(WamrRequestHandler, File.ReadAllBytes(Path.Combine(dir, "wamr-request-handler.bin")));
        Assert.Equal(228, WamrAllTypes.Length);
        Assert.Equal(134, WamrRequestHandler.Length);
    }

    [Fact]
    public void WamrsAllTypesContainerParses()
    {
        AttrContainer c = AttrContainer.Parse(WamrAllTypes);
        Assert.Equal("golden", c.Tag);
        Assert.Equal(4, c.Flags);
        Assert.Equal(["i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "f", "d", "b", "s", "bytes"], c.Keys);
        Assert.Equal((sbyte)-5, c["i8"].AsInt8());
        Assert.Equal((short)-300, c["i16"].AsInt16());
        Assert.Equal(123456, c["i32"].AsInt32());
        Assert.Equal(-5000000000L, c["i64"].AsInt64());
        Assert.Equal((byte)200, c["u8"].AsUInt8());
        Assert.Equal((ushort)60000, c["u16"].AsUInt16());
        Assert.Equal(4000000000u, c["u32"].AsUInt32());
        Assert.Equal(18000000000000000000ul, c["u64"].AsUInt64());
        Assert.Equal(1.5f, c["f"].AsFloat());
        Assert.Equal(-0.1, c["d"].AsDouble());
        Assert.True(c["b"].AsBoolean());
        Assert.Equal("héllo", c["s"].AsString());
        Assert.Equal([1, 0xFF, 0, 0x7F, 0x80], c["bytes"].AsByteArray().ToArray());
    }

    [Fact]
    public void SerializingGivesWamrsBytesWithoutTheSlack()
    {
        byte[] ours = AllTypes().Serialize();

        // WAMR's blob minus its 67 bytes of slack, total_length reduced by as much.
        byte[] expected = (byte[])WamrAllTypesUsed.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(expected.AsSpan(2), (uint)(expected.Length - 2));
        Assert.Equal(expected, ours);
        Assert.Equal(ours.Length, AllTypes().GetSerializedLength());
    }

    [Fact]
    public void TheRequestHandlerSamplesPayloadParses()
    {
        AttrContainer c = AttrContainer.Parse(WamrRequestHandler);
        Assert.Equal("wasm app response payload", c.Tag);
        Assert.Equal(0, c.Flags);
        Assert.Equal(2, c.Count);
        Assert.Equal("value1", c["key1"].AsString());
        Assert.Equal("value2", c["key2"].AsString());

        var ours = new AttrContainer("wasm app response payload");
        ours.SetString("key1", "value1");
        ours.SetString("key2", "value2");
        byte[] expected = (byte[])WamrRequestHandlerUsed.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(expected.AsSpan(2), (uint)(expected.Length - 2));
        Assert.Equal(expected, ours.Serialize());
    }

    [Fact]
    public void DumpLooksLikeWamrsAttrContainerDump()
    {
        // As printed by make-golden.c --read wamr-all-types.bin (WAMR's attr_container_dump), except
        // that WAMR labels the UInt64 "int64".
        string expected =
            "Attribute container dump:\n" +
            "Tag: golden\n" +
            "Attribute list:\n" +
            "  key: i8, type: byte, value: 0xfb\n" +
            "  key: i16, type: short, value: 0xfed4\n" +
            "  key: i32, type: int, value: 0x1e240\n" +
            "  key: i64, type: int64, value: 0xfffffffed5fa0e00\n" +
            "  key: u8, type: uint8, value: 0xc8\n" +
            "  key: u16, type: uint16, value: 0xea60\n" +
            "  key: u32, type: uint32, value: 0xee6b2800\n" +
            "  key: u64, type: uint64, value: 0xf9ccd8a1c5080000\n" +
            "  key: f, type: float, value: 1.500000\n" +
            "  key: d, type: double, value: -0.100000\n" +
            "  key: b, type: bool, value: 0x1\n" +
            "  key: s, type: string, value: héllo\n" +
            "  key: bytes, type: byte array, length: 5\n" +
            "\n";
        Assert.Equal(expected, AttrContainer.Parse(WamrAllTypes).Dump());
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Microwasm.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("no Microwasm.slnx above " + AppContext.BaseDirectory);
    }
}
