namespace Microwasm.Text;

/// <summary>A growable byte array with the binary format's LEB128 writers.</summary>
internal sealed class ByteBuffer
{
    private byte[] _data;

    public ByteBuffer(int capacity = 64)
    {
        _data = new byte[Math.Max(capacity, 16)];
    }

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Span => _data.AsSpan(0, Length);

    public void Clear() => Length = 0;

    /// <summary>Drops everything after the first <paramref name="length"/> bytes.</summary>
    public void Truncate(int length) => Length = Math.Min(Length, length);

    private void Reserve(int extra)
    {
        if (Length + extra > _data.Length)
        {
            Array.Resize(ref _data, Math.Max(_data.Length * 2, Length + extra));
        }
    }

    public void Byte(byte value)
    {
        Reserve(1);
        _data[Length++] = value;
    }

    public void Bytes(ReadOnlySpan<byte> bytes)
    {
        Reserve(bytes.Length);
        bytes.CopyTo(_data.AsSpan(Length));
        Length += bytes.Length;
    }

    public void Append(ByteBuffer other) => Bytes(other.Span);

    public void U32(uint value) => U64(value);

    public void U64(ulong value)
    {
        Reserve(10);
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            if (value != 0)
            {
                b |= 0x80;
            }
            _data[Length++] = b;
        }
        while (value != 0);
    }

    public void S64(long value)
    {
        Reserve(10);
        while (true)
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            var done = (value == 0 && (b & 0x40) == 0) || (value == -1 && (b & 0x40) != 0);
            _data[Length++] = done ? b : (byte)(b | 0x80);
            if (done)
            {
                return;
            }
        }
    }

    public void S32(int value) => S64(value);

    public void Fixed32(uint value)
    {
        Reserve(4);
        for (var i = 0; i < 4; i++)
        {
            _data[Length++] = (byte)(value >> (8 * i));
        }
    }

    public void Fixed64(ulong value)
    {
        Reserve(8);
        for (var i = 0; i < 8; i++)
        {
            _data[Length++] = (byte)(value >> (8 * i));
        }
    }

    /// <summary>A length-prefixed byte string (names, data).</summary>
    public void Name(ReadOnlySpan<byte> bytes)
    {
        U32((uint)bytes.Length);
        Bytes(bytes);
    }

    /// <summary>A section: id, size, then <paramref name="content"/>, preceded by its item count when <paramref name="count"/> is not negative.</summary>
    public void Section(byte id, ByteBuffer content, int count = -1)
    {
        var prefix = new ByteBuffer(8);
        if (count >= 0)
        {
            prefix.U32((uint)count);
        }
        Byte(id);
        U32((uint)(prefix.Length + content.Length));
        Append(prefix);
        Append(content);
    }

    public byte[] ToArray() => Span.ToArray();
}
