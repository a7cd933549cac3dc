namespace Microwasm.AppFramework.Tests.AttrContainer;

using Microwasm.AppFramework.AttrContainer;

public class AttrContainerModelTests
{
    [Fact]
    public void SettingAnExistingKeyReplacesItInPlaceLikeWamr()
    {
        var c = new AttrContainer("t");
        c.SetInt32("a", 1);
        c.SetString("b", "x");
        c.SetBoolean("c", true);
        c.SetDouble("b", 2.5);   // another type, same position

        Assert.Equal(3, c.Count);
        Assert.Equal(["a", "b", "c"], c.Keys);
        Assert.Equal(AttrType.Double, c["b"].Type);
        Assert.Equal(2.5, c.Get("b").AsDouble());
        Assert.Equal(["a", "b", "c"], c.Select(kv => kv.Key));
    }

    [Fact]
    public void GetTryGetContainsAndRemove()
    {
        var c = new AttrContainer();
        c.SetUInt16("port", 8888);
        Assert.True(c.TryGet("port", out AttrValue v));
        Assert.Equal((ushort)8888, v.AsUInt16());
        Assert.False(c.TryGet("nope", out _));
        Assert.True(c.ContainsKey("port"));
        KeyNotFoundException e = Assert.Throws<KeyNotFoundException>(() => c.Get("nope"));
        Assert.Contains("'nope'", e.Message);

        c.SetInt8("x", -1);
        c.SetInt8("y", -2);
        Assert.True(c.Remove("x"));
        Assert.False(c.Remove("x"));
        Assert.Equal(["port", "y"], c.Keys);
        Assert.Equal((sbyte)-2, c["y"].AsInt8());
        c.SetInt8("x", 5);
        Assert.Equal(["port", "y", "x"], c.Keys);
        Assert.Equal(1, c.Keys.ToList().IndexOf("y"));
    }

    [Fact]
    public void AccessorsRefuseAnotherType()
    {
        AttrValue v = AttrValue.FromInt32(7);
        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => v.AsInt64());
        Assert.Equal("The attribute is Int32, not Int64.", e.Message);
        Assert.Throws<InvalidOperationException>(() => v.AsString());
        Assert.Throws<InvalidOperationException>(() => v.AsUInt32());
        Assert.True(v.TryGetInt64(out long widened));
        Assert.Equal(7, widened);
        Assert.True(AttrValue.FromUInt64(ulong.MaxValue).TryGetDouble(out double d));
        Assert.Equal(18446744073709551615.0, d);
        Assert.False(AttrValue.FromUInt64(ulong.MaxValue).TryGetInt64(out _));
        Assert.False(AttrValue.FromString("1").TryGetDouble(out _));
    }

    [Fact]
    public void ValuesCompareByTypeAndExactValue()
    {
        Assert.Equal(AttrValue.FromInt32(1), AttrValue.FromInt32(1));
        Assert.NotEqual(AttrValue.FromInt32(1), AttrValue.FromUInt32(1));
        Assert.Equal(AttrValue.FromDouble(double.NaN), AttrValue.FromDouble(double.NaN));
        Assert.NotEqual(AttrValue.FromDouble(0.0), AttrValue.FromDouble(-0.0));
        Assert.Equal(AttrValue.FromByteArray([1, 2]), AttrValue.FromByteArray([1, 2]));
        Assert.NotEqual(AttrValue.FromByteArray([1, 2]), AttrValue.FromByteArray([1, 3]));
        Assert.Equal(AttrValue.FromString("é"), AttrValue.FromString("é"));
        Assert.Equal(AttrType.Int8, default(AttrValue).Type);
        Assert.Equal("ByteArray [1, 255]", AttrValue.FromByteArray([1, 255]).ToString());
        Assert.Equal("UInt64 18446744073709551615", AttrValue.FromUInt64(ulong.MaxValue).ToString());
    }

    [Fact]
    public void ByteArraysAreCopiedIn()
    {
        byte[] source = [1, 2, 3];
        var c = new AttrContainer();
        c.SetByteArray("b", source);
        source[0] = 99;
        Assert.Equal([1, 2, 3], c["b"].AsByteArray().ToArray());
    }

    [Theory]
    [InlineData("", "cannot be empty")]
    [InlineData("a\0b", "U+0000")]
    public void BadKeysAreRefused(string key, string message)
    {
        var c = new AttrContainer();
        ArgumentException e = Assert.Throws<ArgumentException>(() => c.SetInt32(key, 1));
        Assert.Contains(message, e.Message);
        Assert.Empty(c);
    }

    [Fact]
    public void TextWithALoneSurrogateIsRefused()
    {
        // Not in BadKeysAreRefused: xUnit's theory serialization would mangle the lone surrogate.
        string lone = "a\ud800";
        var c = new AttrContainer();
        Assert.Contains("lone surrogate", Assert.Throws<ArgumentException>(() => c.SetInt32(lone, 1)).Message);
        Assert.Contains("lone surrogate", Assert.Throws<ArgumentException>(() => c.SetString("k", lone)).Message);
        Assert.Throws<ArgumentException>(() => c.Tag = lone);
        Assert.Empty(c);
    }

    [Fact]
    public void TextLongerThanAU16LengthIsRefused()
    {
        var c = new AttrContainer();
        string fits = new('a', 65534);
        c.SetString(fits, fits);
        c.Tag = fits;
        Assert.Equal(65534, c["a".PadRight(65534, 'a')].AsString().Length);

        string tooLong = new('a', 65535);
        Assert.Contains("65535 UTF-8 bytes", Assert.Throws<ArgumentException>(() => c.SetString("k", tooLong)).Message);
        Assert.Throws<ArgumentException>(() => c.SetInt8(tooLong, 1));
        Assert.Throws<ArgumentException>(() => c.Tag = tooLong);
        // 'é' is two UTF-8 bytes: the limit is on bytes, not characters.
        Assert.Throws<ArgumentException>(() => c.SetString("k", new string('é', 32768)));
        Assert.Throws<ArgumentException>(() => c.SetString("k", "nul\0inside"));
        Assert.Throws<ArgumentException>(() => new AttrContainer("t\0"));
    }

    [Fact]
    public void AContainerHoldsAtMostAU16CountOfAttributes()
    {
        var c = new AttrContainer();
        for (int i = 0; i < AttrContainer.MaxAttributes; i++)
        {
            c.SetUInt8(i.ToString(System.Globalization.CultureInfo.InvariantCulture), 1);
        }

        Assert.Throws<InvalidOperationException>(() => c.SetUInt8("one more", 1));
        c.SetUInt8("0", 2);   // replacing is still fine
        Assert.Equal(65535, c.Count);
        AttrContainer back = AttrContainer.Parse(c.Serialize());
        Assert.Equal(65535, back.Count);
        Assert.Equal((byte)2, back["0"].AsUInt8());
    }
}
