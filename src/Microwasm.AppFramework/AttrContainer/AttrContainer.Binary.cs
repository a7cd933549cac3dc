using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace Microwasm.AppFramework.AttrContainer;

// The binary form: WAMR's buffer layout, every integer little-endian (WAMR memcpy's host order, and
// every target it supports is little-endian):
//   flags u16 | total_length u32 | tag_len u16 | tag + NUL | attr_num u16 |
//   attr_num × (key_len u16 | key + NUL | type u8 | value) | slack up to total_length
// total_length counts itself and everything after it, but not the flags.
public sealed partial class AttrContainer
{
    // flags + total_length + tag_len + attr_num (the tag and its NUL come on top).
    private const int HeaderSize = 2 + 4 + 2 + 2;

    /// <summary>
    /// Reads a container from its binary form, as WAMR's applets, runtime and host_tool send it.
    /// </summary>
    /// <param name="data">
    /// The container, starting at its flags. Bytes past <c>2 + total_length</c> are ignored (WAMR's
    /// readers never look there), and so is the slack between the last attribute and total_length,
    /// whatever it holds (WAMR's in-place replacement can leave old bytes there).
    /// </param>
    /// <param name="numbering">The type numbering of the type bytes; see <see cref="AttrNumbering"/>.</param>
    /// <remarks>
    /// <para>
    /// Every length is checked against the input and against total_length before it is used, and
    /// nothing larger than the input is allocated, so any byte string yields a container or an
    /// <see cref="AttrContainerFormatException"/> naming the offset and the fault.
    /// </para>
    /// <para>
    /// Refused: a total_length below the header or beyond the input; a tag, key or string that is not
    /// NUL-terminated at its length, that has a NUL before its end (WAMR's C-string getters would see a
    /// shorter string), or that is not valid UTF-8 (this library stores text as .NET strings and so
    /// does not guess an encoding: invalid bytes are an error, never replaced, so whatever is accepted
    /// serializes back to the same attribute bytes); an empty or duplicate key (WAMR never writes either; its
    /// lookups see only the first of duplicates); a type byte the numbering does not define; a boolean
    /// byte other than 0 or 1; fewer attributes within total_length than attr_num says.
    /// </para>
    /// </remarks>
    /// <exception cref="AttrContainerFormatException">The bytes are not a well-formed container.</exception>
    public static AttrContainer Parse(ReadOnlySpan<byte> data, AttrNumbering numbering = AttrNumbering.Current)
    {
        CheckNumbering(numbering);
        AttrContainer? container = ParseCore(data, numbering, out string? reason, out long offset);
        return container ?? throw new AttrContainerFormatException(reason!, offset);
    }

    /// <summary>
    /// Reads a container like <see cref="Parse"/>, returning false with the same message
    /// <see cref="AttrContainerFormatException"/> would carry instead of throwing.
    /// </summary>
    public static bool TryParse(
        ReadOnlySpan<byte> data,
        AttrNumbering numbering,
        [NotNullWhen(true)] out AttrContainer? container,
        [NotNullWhen(false)] out string? error)
    {
        CheckNumbering(numbering);
        container = ParseCore(data, numbering, out string? reason, out long offset);
        error = container is null ? new AttrContainerFormatException(reason!, offset).Message : null;
        return container is not null;
    }

    /// <inheritdoc cref="TryParse(ReadOnlySpan{byte}, AttrNumbering, out AttrContainer?, out string?)"/>
    public static bool TryParse(
        ReadOnlySpan<byte> data,
        [NotNullWhen(true)] out AttrContainer? container,
        [NotNullWhen(false)] out string? error) =>
        TryParse(data, AttrNumbering.Current, out container, out error);

    /// <summary>
    /// The length of <see cref="Serialize(AttrNumbering)"/>'s output: 2 + total_length (WAMR's
    /// <c>attr_container_get_serialize_length</c>).
    /// </summary>
    /// <exception cref="InvalidOperationException">The container is too large for one .NET array.</exception>
    public int GetSerializedLength()
    {
        long length = HeaderSize + AttrText.Utf8Length(_tag) + 1;
        foreach (KeyValuePair<string, AttrValue> item in _items)
        {
            length += 2 + AttrText.Utf8Length(item.Key) + 1 + 1 + ValueLength(item.Value);
        }

        if (_items.Count == 0)
        {
            length += EmptySlack;
        }

        if (length > Array.MaxLength)
        {
            throw new InvalidOperationException($"The attribute container would be {length} bytes, more than one array can hold.");
        }

        return (int)length;
    }

    /// <summary>
    /// Writes the container in WAMR's binary layout with <see cref="Flags"/> as they are.
    /// </summary>
    /// <remarks>
    /// WAMR's own blobs end in slack: <c>attr_container_create</c> reserves 100 bytes and every
    /// re-allocation another 100. This writer emits none, with one exception: a container without
    /// attributes gets one zero byte after its attribute count. WAMR's readers walk attr_num
    /// attributes and never read the slack, but its <c>attr_container_get_attr_begin</c> refuses a
    /// container whose attribute list starts exactly at total_length, which would make WAMR's
    /// host_tool print nothing for it and WAMR's setters refuse to add to it. (Checked with WAMR's
    /// <c>attr_container.c</c> of b9db23b reading this writer's output; see the golden tests.)
    /// </remarks>
    /// <param name="numbering">The type numbering of the type bytes.</param>
    /// <exception cref="NotSupportedException"><paramref name="numbering"/> is Legacy and an attribute is UInt8, UInt32 or UInt64.</exception>
    /// <exception cref="InvalidOperationException">The container is too large for one .NET array.</exception>
    public byte[] Serialize(AttrNumbering numbering = AttrNumbering.Current)
    {
        CheckNumbering(numbering);
        CheckTypes(numbering);
        byte[] buffer = new byte[GetSerializedLength()];
        WriteCore(buffer, numbering);
        return buffer;
    }

    /// <summary>
    /// Writes the same bytes as <see cref="Serialize(AttrNumbering)"/> into <paramref name="destination"/>
    /// and returns how many were written.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="GetSerializedLength"/>.</exception>
    /// <exception cref="NotSupportedException"><paramref name="numbering"/> is Legacy and an attribute is UInt8, UInt32 or UInt64.</exception>
    public int SerializeTo(Span<byte> destination, AttrNumbering numbering = AttrNumbering.Current)
    {
        CheckNumbering(numbering);
        CheckTypes(numbering);
        int length = GetSerializedLength();
        if (destination.Length < length)
        {
            throw new ArgumentException($"The container needs {length} bytes; the destination has {destination.Length}.", nameof(destination));
        }

        WriteCore(destination[..length], numbering);
        return length;
    }

    // One zero byte after attr_num when there are no attributes; see Serialize's remarks.
    private const int EmptySlack = 1;

    private static long ValueLength(AttrValue value) => value.Type switch
    {
        AttrType.String => 2 + AttrText.Utf8Length(value.AsString()) + 1,
        AttrType.ByteArray => 4L + value.AsByteArray().Length,
        _ => AttrTypeCodes.GetFixedSize(value.Type),
    };

    private void CheckTypes(AttrNumbering numbering)
    {
        foreach (KeyValuePair<string, AttrValue> item in _items)
        {
            if (!AttrTypeCodes.TryGetCode(item.Value.Type, numbering, out _))
            {
                throw new NotSupportedException(
                    $"Attribute '{item.Key}' is {item.Value.Type}, which the {numbering} attribute type numbering (WAMR before 2023) cannot encode.");
            }
        }
    }

    private void WriteCore(Span<byte> buffer, AttrNumbering numbering)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(buffer, Flags);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer[2..], (uint)(buffer.Length - 2));
        int p = 6;
        p = WriteCString(buffer, p, _tag);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer[p..], (ushort)_items.Count);
        p += 2;
        foreach (KeyValuePair<string, AttrValue> item in _items)
        {
            p = WriteCString(buffer, p, item.Key);
            AttrValue value = item.Value;
            buffer[p++] = AttrTypeCodes.GetCode(value.Type, numbering);
            switch (value.Type)
            {
                case AttrType.String:
                    p = WriteCString(buffer, p, value.AsString());
                    break;
                case AttrType.ByteArray:
                    ReadOnlySpan<byte> bytes = value.AsByteArray().Span;
                    BinaryPrimitives.WriteUInt32LittleEndian(buffer[p..], (uint)bytes.Length);
                    bytes.CopyTo(buffer[(p + 4)..]);
                    p += 4 + bytes.Length;
                    break;
                default:
                    int size = AttrTypeCodes.GetFixedSize(value.Type);
                    ulong bits = value.Bits;
                    for (int i = 0; i < size; i++)
                    {
                        buffer[p + i] = (byte)(bits >> (8 * i));
                    }

                    p += size;
                    break;
            }
        }

        // The rest (the empty container's slack byte) is already zero in a new array; a caller's span may not be.
        buffer[p..].Clear();
    }

    // u16 length counting the NUL, the UTF-8 bytes, the NUL.
    private static int WriteCString(Span<byte> buffer, int p, string s)
    {
        int length = AttrText.Encode(s, buffer[(p + 2)..]);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer[p..], (ushort)(length + 1));
        buffer[p + 2 + length] = 0;
        return p + 2 + length + 1;
    }

    private static void CheckNumbering(AttrNumbering numbering)
    {
        if (numbering is not (AttrNumbering.Current or AttrNumbering.Legacy))
        {
            throw new ArgumentOutOfRangeException(nameof(numbering), numbering, "Not an attribute type numbering.");
        }
    }

    // Returns the container, or null with the reason and the offset (from the flags) of the bad field.
    private static AttrContainer? ParseCore(ReadOnlySpan<byte> data, AttrNumbering numbering, out string? reason, out long offset)
    {
        reason = null;
        offset = 0;
        if (data.Length < 6)
        {
            return Fail($"{data.Length} bytes is too short for the flags and total_length (6 bytes)", data.Length, out reason, out offset);
        }

        ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(data);
        uint totalLength = BinaryPrimitives.ReadUInt32LittleEndian(data[2..]);
        if (totalLength > data.Length - 2)
        {
            return Fail($"total_length {totalLength} needs {2L + totalLength} bytes but only {data.Length} are given", 2, out reason, out offset);
        }

        if (totalLength < HeaderSize - 2 + 1)  // an empty tag still has its NUL
        {
            return Fail($"total_length {totalLength} is smaller than the smallest container's 9", 2, out reason, out offset);
        }

        // From here on only the total_length bytes count; positions are still offsets from the flags.
        ReadOnlySpan<byte> c = data[..(int)(2 + totalLength)];
        int p = 6;

        if (!ReadCString(c, ref p, "tag", out string? tag, out reason, out offset))
        {
            return null;
        }

        if (c.Length - p < 2)
        {
            return Fail("attr_num lies beyond total_length", p, out reason, out offset);
        }

        int count = BinaryPrimitives.ReadUInt16LittleEndian(c[p..]);
        p += 2;

        var container = new AttrContainer(tag!) { Flags = flags };
        for (int i = 0; i < count; i++)
        {
            int start = p;
            string where = $"attribute {i + 1} of {count}";
            if (!ReadCString(c, ref p, $"key of {where}", out string? key, out reason, out offset))
            {
                return null;
            }

            if (key!.Length == 0)
            {
                return Fail($"key of {where} is empty", start, out reason, out offset);
            }

            if (p >= c.Length)
            {
                return Fail($"type of {where} ({Quote(key)}) lies beyond total_length", p, out reason, out offset);
            }

            byte code = c[p];
            if (!AttrTypeCodes.TryGetType(code, numbering, out AttrType type))
            {
                return Fail($"type code {code} of {where} ({Quote(key)}) is not defined in the {numbering} numbering", p, out reason, out offset);
            }

            p++;
            AttrValue value;
            switch (type)
            {
                case AttrType.String:
                    if (!ReadCString(c, ref p, $"string value of {where} ({Quote(key)})", out string? text, out reason, out offset))
                    {
                        return null;
                    }

                    value = AttrValue.FromCheckedString(text!);
                    break;

                case AttrType.ByteArray:
                    if (c.Length - p < 4)
                    {
                        return Fail($"byte array length of {where} ({Quote(key)}) lies beyond total_length", p, out reason, out offset);
                    }

                    uint arrayLength = BinaryPrimitives.ReadUInt32LittleEndian(c[p..]);
                    if (arrayLength > (uint)(c.Length - p - 4))
                    {
                        return Fail($"byte array of {where} ({Quote(key)}) has length {arrayLength} but only {c.Length - p - 4} bytes remain within total_length", p, out reason, out offset);
                    }

                    value = AttrValue.FromOwnedByteArray(c.Slice(p + 4, (int)arrayLength).ToArray());
                    p += 4 + (int)arrayLength;
                    break;

                default:
                    int size = AttrTypeCodes.GetFixedSize(type);
                    if (c.Length - p < size)
                    {
                        return Fail($"{type} value of {where} ({Quote(key)}) needs {size} bytes but only {c.Length - p} remain within total_length", p, out reason, out offset);
                    }

                    ulong bits = 0;
                    for (int b = 0; b < size; b++)
                    {
                        bits |= (ulong)c[p + b] << (8 * b);
                    }

                    if (type == AttrType.Boolean && bits > 1)
                    {
                        return Fail($"boolean value of {where} ({Quote(key)}) is {bits}, not 0 or 1", p, out reason, out offset);
                    }

                    value = AttrValue.FromBits(type, bits);
                    p += size;
                    break;
            }

            if (!container.TryAddParsed(key, value))
            {
                return Fail($"key of {where} ({Quote(key)}) appears twice", start, out reason, out offset);
            }
        }

        return container;
    }

    // Reads u16 length (counting the NUL), bytes, NUL; the text must be UTF-8 without inner NULs.
    private static bool ReadCString(ReadOnlySpan<byte> c, ref int p, string what, out string? text, out string? reason, out long offset)
    {
        text = null;
        if (c.Length - p < 2)
        {
            Fail($"length of the {what} lies beyond total_length", p, out reason, out offset);
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16LittleEndian(c[p..]);
        if (length == 0)
        {
            Fail($"length of the {what} is 0, but it must count the NUL", p, out reason, out offset);
            return false;
        }

        if (length > c.Length - p - 2)
        {
            Fail($"the {what} has length {length} but only {c.Length - p - 2} bytes remain within total_length", p, out reason, out offset);
            return false;
        }

        ReadOnlySpan<byte> bytes = c.Slice(p + 2, length - 1);
        if (c[p + 2 + length - 1] != 0)
        {
            Fail($"the {what} is not NUL-terminated at its length {length}", p + 2 + length - 1, out reason, out offset);
            return false;
        }

        int nul = bytes.IndexOf((byte)0);
        if (nul >= 0)
        {
            Fail($"the {what} has a NUL at {nul} before its end (length {length})", p + 2 + nul, out reason, out offset);
            return false;
        }

        if (!Utf8.IsValid(bytes))
        {
            Fail($"the {what} is not valid UTF-8", p + 2, out reason, out offset);
            return false;
        }

        text = Encoding.UTF8.GetString(bytes);
        p += 2 + length;
        reason = null;
        offset = 0;
        return true;
    }

    // A key as error messages show it: quoted, control characters escaped, long keys cut, so that a
    // hostile key cannot flood or garble a log.
    private static string Quote(string key)
    {
        const int Max = 40;
        var text = new StringBuilder("'");
        foreach (char ch in key.Length > Max ? key[..Max] : key)
        {
            if (char.IsControl(ch))
            {
                text.Append(CultureInfo.InvariantCulture, $"\\u{(int)ch:x4}");
            }
            else
            {
                text.Append(ch);
            }
        }

        return text.Append(key.Length > Max ? "'…" : "'").ToString();
    }

    private static AttrContainer? Fail(string why, long at, out string? reason, out long offset)
    {
        reason = why;
        offset = at;
        return null;
    }
}
