using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Microwasm.AppFramework.AttrContainer;

/// <summary>
/// One typed attribute value: a number, boolean, string or byte array. Immutable; byte arrays are
/// copied in. <c>default</c> is an <see cref="AttrType.Int8"/> 0. Equality compares the type and the
/// exact value (floats by their bits, so a NaN equals the same NaN; byte arrays by content).
/// </summary>
public readonly struct AttrValue : IEquatable<AttrValue>
{
    private readonly ulong _bits;          // fixed-size values, zero-extended raw bits
    private readonly object? _reference;   // string, or byte[] owned by this value

    private AttrValue(AttrType type, ulong bits, object? reference = null)
    {
        Type = type;
        _bits = bits;
        _reference = reference;
    }

    /// <summary>The attribute's type.</summary>
    public AttrType Type { get; }

    public static AttrValue FromInt8(sbyte value) => new(AttrType.Int8, (byte)value);

    public static AttrValue FromInt16(short value) => new(AttrType.Int16, (ushort)value);

    public static AttrValue FromInt32(int value) => new(AttrType.Int32, (uint)value);

    public static AttrValue FromInt64(long value) => new(AttrType.Int64, (ulong)value);

    public static AttrValue FromUInt8(byte value) => new(AttrType.UInt8, value);

    public static AttrValue FromUInt16(ushort value) => new(AttrType.UInt16, value);

    public static AttrValue FromUInt32(uint value) => new(AttrType.UInt32, value);

    public static AttrValue FromUInt64(ulong value) => new(AttrType.UInt64, value);

    public static AttrValue FromFloat(float value) => new(AttrType.Float, BitConverter.SingleToUInt32Bits(value));

    public static AttrValue FromDouble(double value) => new(AttrType.Double, BitConverter.DoubleToUInt64Bits(value));

    public static AttrValue FromBoolean(bool value) => new(AttrType.Boolean, value ? 1UL : 0UL);

    /// <summary>
    /// A string value. It is stored as UTF-8 plus a NUL with a 16-bit length, as WAMR does, so it must
    /// not contain U+0000 or lone surrogates, and must be at most 65,534 UTF-8 bytes.
    /// </summary>
    /// <exception cref="ArgumentException">The string cannot be stored.</exception>
    public static AttrValue FromString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        AttrText.Validate(value, nameof(value), "A string value");
        return new AttrValue(AttrType.String, 0, value);
    }

    /// <summary>A byte array value (a copy of <paramref name="value"/>).</summary>
    public static AttrValue FromByteArray(ReadOnlySpan<byte> value) => new(AttrType.ByteArray, 0, value.ToArray());

    // Takes ownership of an array nobody else holds (used by the reader).
    internal static AttrValue FromOwnedByteArray(byte[] value) => new(AttrType.ByteArray, 0, value);

    // A string already known to be storable (used by the reader).
    internal static AttrValue FromCheckedString(string value) => new(AttrType.String, 0, value);

    // A fixed-size value from its raw little-endian bits (used by the reader).
    internal static AttrValue FromBits(AttrType type, ulong bits) => new(type, bits);

    internal ulong Bits => _bits;

    public sbyte AsInt8() => (sbyte)(byte)Expect(AttrType.Int8);

    public short AsInt16() => (short)(ushort)Expect(AttrType.Int16);

    public int AsInt32() => (int)(uint)Expect(AttrType.Int32);

    public long AsInt64() => (long)Expect(AttrType.Int64);

    public byte AsUInt8() => (byte)Expect(AttrType.UInt8);

    public ushort AsUInt16() => (ushort)Expect(AttrType.UInt16);

    public uint AsUInt32() => (uint)Expect(AttrType.UInt32);

    public ulong AsUInt64() => Expect(AttrType.UInt64);

    public float AsFloat() => BitConverter.UInt32BitsToSingle((uint)Expect(AttrType.Float));

    public double AsDouble() => BitConverter.UInt64BitsToDouble(Expect(AttrType.Double));

    public bool AsBoolean() => Expect(AttrType.Boolean) != 0;

    public string AsString()
    {
        Expect(AttrType.String);
        return (string)_reference!;
    }

    /// <summary>The bytes of a <see cref="AttrType.ByteArray"/> value (read-only; the value owns them).</summary>
    public ReadOnlyMemory<byte> AsByteArray()
    {
        Expect(AttrType.ByteArray);
        return (byte[])_reference!;
    }

    /// <summary>
    /// The value of any integer type (Int8 … UInt64) widened to <see cref="long"/>; false for other
    /// types and for a UInt64 above <see cref="long.MaxValue"/>.
    /// </summary>
    public bool TryGetInt64(out long value)
    {
        switch (Type)
        {
            case AttrType.Int8: value = AsInt8(); return true;
            case AttrType.Int16: value = AsInt16(); return true;
            case AttrType.Int32: value = AsInt32(); return true;
            case AttrType.Int64: value = AsInt64(); return true;
            case AttrType.UInt8:
            case AttrType.UInt16:
            case AttrType.UInt32:
                value = (long)_bits;
                return true;
            case AttrType.UInt64 when _bits <= long.MaxValue:
                value = (long)_bits;
                return true;
            default:
                value = 0;
                return false;
        }
    }

    /// <summary>
    /// The value of any numeric type (integers, Float, Double) as a <see cref="double"/> (64-bit
    /// integers may round); false for Boolean, String and ByteArray.
    /// </summary>
    public bool TryGetDouble(out double value)
    {
        switch (Type)
        {
            case AttrType.Float: value = AsFloat(); return true;
            case AttrType.Double: value = AsDouble(); return true;
            case AttrType.UInt64: value = _bits; return true;
            default:
                if (TryGetInt64(out long integer))
                {
                    value = integer;
                    return true;
                }

                value = 0;
                return false;
        }
    }

    public bool Equals(AttrValue other)
    {
        if (Type != other.Type || _bits != other._bits)
        {
            return false;
        }

        return Type switch
        {
            AttrType.String => string.Equals((string?)_reference, (string?)other._reference, StringComparison.Ordinal),
            AttrType.ByteArray => ((byte[]?)_reference ?? []).AsSpan().SequenceEqual((byte[]?)other._reference ?? []),
            _ => true,
        };
    }

    public override bool Equals(object? obj) => obj is AttrValue other && Equals(other);

    public override int GetHashCode() => Type switch
    {
        AttrType.String => HashCode.Combine(Type, StringComparer.Ordinal.GetHashCode((string)_reference!)),
        AttrType.ByteArray => HashCode.Combine(Type, ((byte[])_reference!).Length),
        _ => HashCode.Combine(Type, _bits),
    };

    public static bool operator ==(AttrValue left, AttrValue right) => left.Equals(right);

    public static bool operator !=(AttrValue left, AttrValue right) => !left.Equals(right);

    /// <summary>A short text: the type and the value, e.g. <c>Int32 -5</c>, <c>String "hi"</c>, <c>ByteArray [1, 2]</c>.</summary>
    public override string ToString()
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        return Type switch
        {
            AttrType.Float => $"Float {AsFloat().ToString("R", inv)}",
            AttrType.Double => $"Double {AsDouble().ToString("R", inv)}",
            AttrType.Boolean => AsBoolean() ? "Boolean true" : "Boolean false",
            AttrType.String => $"String \"{AsString()}\"",
            AttrType.ByteArray => $"ByteArray [{string.Join(", ", (byte[])_reference!)}]",
            AttrType.UInt64 => $"UInt64 {_bits.ToString(inv)}",
            _ => $"{Type} {(TryGetInt64(out long v) ? v : 0).ToString(inv)}",
        };
    }

    // Returns the raw bits after checking the type; a wrong type is the caller's mistake.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong Expect(AttrType type)
    {
        if (Type != type)
        {
            ThrowWrongType(type);
        }

        return _bits;
    }

    private void ThrowWrongType(AttrType wanted) =>
        throw new InvalidOperationException($"The attribute is {Type}, not {wanted}.");
}

/// <summary>Checks and encodes the strings a container stores: tag, keys and string values.</summary>
internal static class AttrText
{
    /// <summary>The most UTF-8 bytes a tag, key or string can hold: its u16 length counts a NUL.</summary>
    public const int MaxUtf8Bytes = ushort.MaxValue - 1;

    private static readonly UTF8Encoding s_strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The UTF-8 length of a string already validated.</summary>
    public static int Utf8Length(string s) => s_strict.GetByteCount(s);

    public static int Encode(string s, Span<byte> destination) => s_strict.GetBytes(s, destination);

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="s"/> can be stored as a C string with a u16 length.</summary>
    public static void Validate(string s, string paramName, string what)
    {
        if (s.Contains('\0'))
        {
            throw new ArgumentException($"{what} cannot contain U+0000: WAMR stores it NUL-terminated.", paramName);
        }

        int length;
        try
        {
            length = s_strict.GetByteCount(s);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException($"{what} is not valid UTF-16 (a lone surrogate), so it has no UTF-8 form.", paramName, e);
        }

        if (length > MaxUtf8Bytes)
        {
            throw new ArgumentException($"{what} is {length} UTF-8 bytes; at most {MaxUtf8Bytes} fit in a 16-bit length with the NUL.", paramName);
        }
    }
}
