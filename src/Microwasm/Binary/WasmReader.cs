using System.Runtime.CompilerServices;
using System.Text;

namespace Microwasm.Binary;

/// <summary>
/// A forward reader over a module's bytes. Every read checks the bytes left and throws
/// <see cref="WasmDecodeException"/> with the absolute offset; LEB128 reads are exact about
/// overlong and out-of-range encodings as the binary format requires.
/// </summary>
public ref struct WasmReader
{
    private readonly ReadOnlySpan<byte> _bytes;
    private readonly int _baseOffset;
    private int _pos;

    /// <param name="bytes">The bytes to read.</param>
    /// <param name="baseOffset">The offset of <paramref name="bytes"/>[0] in the module, for error messages.</param>
    public WasmReader(ReadOnlySpan<byte> bytes, int baseOffset = 0)
    {
        _bytes = bytes;
        _baseOffset = baseOffset;
        _pos = 0;
    }

    /// <summary>Position relative to the start of the span.</summary>
    public int Position
    {
        readonly get => _pos;
        set => _pos = value;
    }

    /// <summary>The absolute position in the module.</summary>
    public readonly int Offset => _baseOffset + _pos;

    public readonly int Remaining => _bytes.Length - _pos;

    public readonly bool AtEnd => _pos >= _bytes.Length;

    public readonly ReadOnlySpan<byte> Span => _bytes;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public readonly WasmDecodeException Error(string message) => new(Offset, message);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public readonly WasmDecodeException ErrorAt(int relativePosition, string message) => new(_baseOffset + relativePosition, message);

    public byte ReadByte()
    {
        if (_pos >= _bytes.Length)
        {
            throw Error("unexpected end");
        }
        return _bytes[_pos++];
    }

    public readonly byte PeekByte()
    {
        if (_pos >= _bytes.Length)
        {
            throw Error("unexpected end");
        }
        return _bytes[_pos];
    }

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        if (count < 0 || count > Remaining)
        {
            throw Error("unexpected end");
        }
        var s = _bytes.Slice(_pos, count);
        _pos += count;
        return s;
    }

    public uint ReadFixedU32()
    {
        var s = ReadBytes(4);
        return (uint)(s[0] | s[1] << 8 | s[2] << 16 | s[3] << 24);
    }

    public ulong ReadFixedU64()
    {
        var s = ReadBytes(8);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(s);
    }

    /// <summary>Unsigned LEB128, at most 5 bytes, value below 2^32.</summary>
    public uint ReadVarU32()
    {
        // fast path: one byte
        if (_pos < _bytes.Length && _bytes[_pos] < 0x80)
        {
            return _bytes[_pos++];
        }
        return (uint)ReadLeb(32, signed: false);
    }

    /// <summary>Unsigned LEB128, at most 10 bytes, value below 2^64.</summary>
    public ulong ReadVarU64() => ReadLeb(64, signed: false);

    /// <summary>Signed LEB128 of 32 bits.</summary>
    public int ReadVarS32() => (int)ReadLeb(32, signed: true);

    /// <summary>Signed LEB128 of 33 bits (block types).</summary>
    public long ReadVarS33() => (long)ReadLeb(33, signed: true);

    /// <summary>Signed LEB128 of 64 bits.</summary>
    public long ReadVarS64() => (long)ReadLeb(64, signed: true);

    // Signed and unsigned LEB128 differ only in what the unused bits of the last permitted byte may
    // hold and in the sign extension at the end.
    private ulong ReadLeb(int bits, bool signed)
    {
        ulong result = 0;
        var shift = 0;
        var start = _pos;
        while (true)
        {
            if (_pos >= _bytes.Length)
            {
                throw Error("unexpected end");
            }
            var b = _bytes[_pos++];
            var remainingBits = bits - shift;
            if (remainingBits < 7)
            {
                // last permitted byte: continuation bit must be clear, the unused bits zero (unsigned)
                // or all equal to the sign bit of the value (signed)
                if ((b & 0x80) != 0)
                {
                    throw ErrorAt(start, "integer representation too long");
                }
                var unused = b >> (signed ? remainingBits - 1 : remainingBits);
                if (unused != 0 && !(signed && unused == 0x7F >> (remainingBits - 1)))
                {
                    throw ErrorAt(start, "integer too large");
                }
            }
            result |= (ulong)(b & 0x7F) << shift;
            shift += 7;
            if ((b & 0x80) == 0)
            {
                return signed && shift < 64 && (b & 0x40) != 0 ? result | (ulong.MaxValue << shift) : result;
            }
            if (shift >= bits)
            {
                throw ErrorAt(start, "integer representation too long");
            }
        }
    }

    /// <summary>A name: a length-prefixed UTF-8 string, checked to be valid UTF-8.</summary>
    public string ReadName()
    {
        var length = ReadVarU32();
        if (length > Remaining)
        {
            throw Error("unexpected end");
        }
        var start = _pos;
        var bytes = ReadBytes((int)length);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw ErrorAt(start, "malformed UTF-8 encoding");
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
