namespace Microwasm.AppFramework.AttrContainer;

/// <summary>Maps <see cref="AttrType"/> to and from the type byte of either numbering.</summary>
public static class AttrTypeCodes
{
    // Legacy code -> type; -1 where the code means nothing. Index = code.
    private static readonly sbyte[] s_legacyToType =
    [
        -1,                       // 0: unused (the old ATTR_TYPE_BEGIN was 1)
        (sbyte)AttrType.Int16,    // 1: ATTR_TYPE_SHORT
        (sbyte)AttrType.Int32,    // 2: ATTR_TYPE_INT
        (sbyte)AttrType.Int64,    // 3: ATTR_TYPE_INT64
        (sbyte)AttrType.Int8,     // 4: ATTR_TYPE_BYTE
        (sbyte)AttrType.UInt16,   // 5: ATTR_TYPE_UINT16
        (sbyte)AttrType.Float,    // 6: ATTR_TYPE_FLOAT
        (sbyte)AttrType.Double,   // 7: ATTR_TYPE_DOUBLE
        (sbyte)AttrType.Boolean,  // 8: ATTR_TYPE_BOOLEAN
        (sbyte)AttrType.String,   // 9: ATTR_TYPE_STRING
        (sbyte)AttrType.ByteArray, // 10: ATTR_TYPE_BYTEARRAY
    ];

    /// <summary>
    /// The type a type byte stands for in <paramref name="numbering"/>, or false for a code that
    /// numbering does not define. (WAMR's current reader would walk the undefined codes 8 and 9 as
    /// fixed-size values of 1 and 2 bytes, since they lie between BYTE and BOOLEAN; this library
    /// refuses them.)
    /// </summary>
    public static bool TryGetType(byte code, AttrNumbering numbering, out AttrType type)
    {
        if (numbering == AttrNumbering.Legacy)
        {
            if (code < s_legacyToType.Length && s_legacyToType[code] >= 0)
            {
                type = (AttrType)s_legacyToType[code];
                return true;
            }
        }
        else
        {
            ThrowIfInvalid(numbering);
            if (code <= (byte)AttrType.UInt64 || (code >= (byte)AttrType.Float && code <= (byte)AttrType.ByteArray))
            {
                type = (AttrType)code;
                return true;
            }
        }

        type = default;
        return false;
    }

    /// <summary>
    /// The type byte for <paramref name="type"/> in <paramref name="numbering"/>, or false when that
    /// numbering has no code for it (UInt8, UInt32 and UInt64 in <see cref="AttrNumbering.Legacy"/>).
    /// </summary>
    public static bool TryGetCode(AttrType type, AttrNumbering numbering, out byte code)
    {
        ThrowIfInvalid(numbering);
        if (!IsDefined(type))
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, "Not an attribute type.");
        }

        if (numbering == AttrNumbering.Current)
        {
            code = (byte)type;
            return true;
        }

        code = type switch
        {
            AttrType.Int16 => 1,
            AttrType.Int32 => 2,
            AttrType.Int64 => 3,
            AttrType.Int8 => 4,
            AttrType.UInt16 => 5,
            AttrType.Float => 6,
            AttrType.Double => 7,
            AttrType.Boolean => 8,
            AttrType.String => 9,
            AttrType.ByteArray => 10,
            _ => 0,
        };
        return code != 0;
    }

    /// <summary>
    /// The type byte for <paramref name="type"/> in <paramref name="numbering"/>.
    /// </summary>
    /// <exception cref="NotSupportedException">The numbering has no code for the type.</exception>
    public static byte GetCode(AttrType type, AttrNumbering numbering)
    {
        if (!TryGetCode(type, numbering, out byte code))
        {
            throw new NotSupportedException($"The {numbering} attribute type numbering has no code for {type}.");
        }

        return code;
    }

    /// <summary>
    /// The value size of a fixed-size type (1, 2, 4 or 8 bytes; WAMR's <c>1 &lt;&lt; (type &amp; 3)</c>),
    /// or 0 for <see cref="AttrType.String"/> and <see cref="AttrType.ByteArray"/>, whose values carry a length.
    /// </summary>
    public static int GetFixedSize(AttrType type) => type switch
    {
        AttrType.Int8 or AttrType.UInt8 or AttrType.Boolean => 1,
        AttrType.Int16 or AttrType.UInt16 => 2,
        AttrType.Int32 or AttrType.UInt32 or AttrType.Float => 4,
        AttrType.Int64 or AttrType.UInt64 or AttrType.Double => 8,
        AttrType.String or AttrType.ByteArray => 0,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not an attribute type."),
    };

    internal static bool IsDefined(AttrType type) =>
        type <= AttrType.UInt64 || (type >= AttrType.Float && type <= AttrType.ByteArray);

    private static void ThrowIfInvalid(AttrNumbering numbering)
    {
        if (numbering is not (AttrNumbering.Current or AttrNumbering.Legacy))
        {
            throw new ArgumentOutOfRangeException(nameof(numbering), numbering, "Not an attribute type numbering.");
        }
    }
}
