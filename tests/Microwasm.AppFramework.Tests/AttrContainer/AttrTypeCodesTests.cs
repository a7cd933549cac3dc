namespace Microwasm.AppFramework.Tests.AttrContainer;

// Inside the namespace, so that AttrContainer names the type and not the namespace
// Microwasm.AppFramework.AttrContainer (found first from any Microwasm.AppFramework.* namespace).
using Microwasm.AppFramework.AttrContainer;

public class AttrTypeCodesTests
{
    // ../shared/wamr-app-framework.md §3.2
    [Theory]
    [InlineData(AttrType.Int8, 0, 4)]
    [InlineData(AttrType.Int16, 1, 1)]
    [InlineData(AttrType.Int32, 2, 2)]
    [InlineData(AttrType.Int64, 3, 3)]
    [InlineData(AttrType.UInt8, 4, -1)]
    [InlineData(AttrType.UInt16, 5, 5)]
    [InlineData(AttrType.UInt32, 6, -1)]
    [InlineData(AttrType.UInt64, 7, -1)]
    [InlineData(AttrType.Float, 10, 6)]
    [InlineData(AttrType.Double, 11, 7)]
    [InlineData(AttrType.Boolean, 12, 8)]
    [InlineData(AttrType.String, 13, 9)]
    [InlineData(AttrType.ByteArray, 14, 10)]
    public void BothNumberingsMapLikeWamr(AttrType type, int current, int legacy)
    {
        Assert.Equal(current, (int)type);
        Assert.Equal((byte)current, AttrTypeCodes.GetCode(type, AttrNumbering.Current));
        Assert.True(AttrTypeCodes.TryGetType((byte)current, AttrNumbering.Current, out AttrType back));
        Assert.Equal(type, back);
        if (legacy < 0)
        {
            Assert.False(AttrTypeCodes.TryGetCode(type, AttrNumbering.Legacy, out _));
            NotSupportedException e = Assert.Throws<NotSupportedException>(() => AttrTypeCodes.GetCode(type, AttrNumbering.Legacy));
            Assert.Contains(type.ToString(), e.Message);
        }
        else
        {
            Assert.Equal((byte)legacy, AttrTypeCodes.GetCode(type, AttrNumbering.Legacy));
            Assert.True(AttrTypeCodes.TryGetType((byte)legacy, AttrNumbering.Legacy, out back));
            Assert.Equal(type, back);
        }
    }

    [Fact]
    public void FixedSizesFollowWamrsTypeAndThreeRuleInBothNumberings()
    {
        foreach (AttrNumbering numbering in new[] { AttrNumbering.Current, AttrNumbering.Legacy })
        {
            for (int code = 0; code < 256; code++)
            {
                if (AttrTypeCodes.TryGetType((byte)code, numbering, out AttrType type) && type is not (AttrType.String or AttrType.ByteArray))
                {
                    // WAMR sizes every fixed-size value as 1 << (code & 3), in both numberings.
                    Assert.Equal(1 << (code & 3), AttrTypeCodes.GetFixedSize(type));
                }
            }
        }
    }

    [Fact]
    public void UndefinedCodesAreRefused()
    {
        int[] currentUndefined = [8, 9, 15, 16, 255];
        foreach (int code in currentUndefined)
        {
            Assert.False(AttrTypeCodes.TryGetType((byte)code, AttrNumbering.Current, out _));
        }

        int[] legacyUndefined = [0, 11, 12, 13, 14, 255];
        foreach (int code in legacyUndefined)
        {
            Assert.False(AttrTypeCodes.TryGetType((byte)code, AttrNumbering.Legacy, out _));
        }

        int defined = 0;
        for (int code = 0; code < 256; code++)
        {
            defined += AttrTypeCodes.TryGetType((byte)code, AttrNumbering.Current, out _) ? 1 : 0;
            defined += AttrTypeCodes.TryGetType((byte)code, AttrNumbering.Legacy, out _) ? 100 : 0;
        }

        Assert.Equal(13 + (10 * 100), defined);
    }
}
