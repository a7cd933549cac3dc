using Microwasm.Binary;

namespace Microwasm.Tests;

public class WasmReaderTests
{
    [Theory]
    [InlineData(new byte[] { 0x00 }, 0u)]
    [InlineData(new byte[] { 0x7F }, 127u)]
    [InlineData(new byte[] { 0x80, 0x01 }, 128u)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F }, uint.MaxValue)]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x00 }, 0u)]
    public void ReadsU32(byte[] bytes, uint expected)
    {
        var r = new WasmReader(bytes);
        Assert.Equal(expected, r.ReadVarU32());
        Assert.True(r.AtEnd);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x1F }, "integer too large")]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x00 }, "integer representation too long")]
    [InlineData(new byte[] { 0x80 }, "unexpected end")]
    public void RejectsBadU32(byte[] bytes, string reason)
    {
        var ex = Assert.Throws<WasmDecodeException>(() => new WasmReader(bytes).ReadVarU32());
        Assert.Equal(reason, ex.Reason);
    }

    [Theory]
    [InlineData(new byte[] { 0x7F }, -1)]
    [InlineData(new byte[] { 0x3F }, 63)]
    [InlineData(new byte[] { 0x40 }, -64)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x07 }, int.MaxValue)]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x78 }, int.MinValue)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x7F }, -1)]
    public void ReadsS32(byte[] bytes, int expected)
    {
        var r = new WasmReader(bytes);
        Assert.Equal(expected, r.ReadVarS32());
        Assert.True(r.AtEnd);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x4F }, "integer too large")]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x70 }, "integer too large")]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F }, "integer representation too long")]
    public void RejectsBadS32(byte[] bytes, string reason)
    {
        var ex = Assert.Throws<WasmDecodeException>(() => new WasmReader(bytes).ReadVarS32());
        Assert.Equal(reason, ex.Reason);
    }

    [Fact]
    public void ReadsS64Extremes()
    {
        var min = new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F };
        Assert.Equal(long.MinValue, new WasmReader(min).ReadVarS64());
        var max = new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00 };
        Assert.Equal(long.MaxValue, new WasmReader(max).ReadVarS64());
        var bad = new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x41 };
        Assert.Equal("integer too large", Assert.Throws<WasmDecodeException>(() => new WasmReader(bad).ReadVarS64()).Reason);
    }

    [Fact]
    public void RejectsInvalidUtf8Name()
    {
        var bytes = new byte[] { 0x02, 0xC0, 0x80 };
        Assert.Equal("malformed UTF-8 encoding", Assert.Throws<WasmDecodeException>(() => new WasmReader(bytes).ReadName()).Reason);
    }
}
