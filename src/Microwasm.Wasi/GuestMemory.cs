using System.Buffers.Binary;
using System.Text;
using Microwasm.Runtime;

namespace Microwasm.Wasi;

/// <summary>
/// The caller's linear memory as WASI sees it: every guest pointer and length is checked here
/// before any byte is touched, and a range outside memory is EFAULT (the call fails; the guest
/// is not trapped). Ranges are computed in 64 bits, so a pointer plus length that wraps around
/// 2^32 is simply out of bounds.
/// </summary>
internal readonly struct GuestMemory(MemoryInstance memory)
{
    public MemoryInstance Instance { get; } = memory;

    public Span<byte> Span(ulong address, ulong length)
    {
        if (length > int.MaxValue || !Instance.InBounds(address, length))
        {
            throw new WasiErrnoException(Errno.Fault);
        }
        return Instance.GetSpan(address, (int)length);
    }

    public void Check(ulong address, ulong length)
    {
        if (!Instance.InBounds(address, length))
        {
            throw new WasiErrnoException(Errno.Fault);
        }
    }

    public byte ReadU8(ulong address) => Span(address, 1)[0];

    public ushort ReadU16(ulong address) => BinaryPrimitives.ReadUInt16LittleEndian(Span(address, 2));

    public uint ReadU32(ulong address) => BinaryPrimitives.ReadUInt32LittleEndian(Span(address, 4));

    public ulong ReadU64(ulong address) => BinaryPrimitives.ReadUInt64LittleEndian(Span(address, 8));

    public void WriteU8(ulong address, byte value) => Span(address, 1)[0] = value;

    public void WriteU16(ulong address, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Span(address, 2), value);

    public void WriteU32(ulong address, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Span(address, 4), value);

    public void WriteU64(ulong address, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Span(address, 8), value);

    /// <summary>A guest string (not NUL-terminated); invalid UTF-8 is EILSEQ.</summary>
    public string ReadString(ulong address, ulong length)
    {
        if (length > WasiPathResolver.MaxPathLength)
        {
            Check(address, length);
            throw new WasiErrnoException(Errno.NameTooLong);
        }
        try
        {
            return StrictUtf8.GetString(Span(address, length));
        }
        catch (DecoderFallbackException)
        {
            throw new WasiErrnoException(Errno.Ilseq);
        }
    }

    /// <summary>
    /// Reads and checks an iovec array: the array itself and every buffer it names must lie in
    /// memory. A buffer longer than int.MaxValue is clamped (a short read or write is legal).
    /// </summary>
    public (uint Address, int Length)[] ReadIovecs(ulong address, ulong count)
    {
        var table = Span(address, count * WasiConstants.IovecSize);
        var result = new (uint, int)[count];
        long total = 0;
        for (var i = 0; i < (int)count; i++)
        {
            var buffer = BinaryPrimitives.ReadUInt32LittleEndian(table[(i * 8)..]);
            var length = BinaryPrimitives.ReadUInt32LittleEndian(table[(i * 8 + 4)..]);
            Check(buffer, length);
            // The total is reported in a u32: stop before it could overflow.
            var usable = (int)Math.Min(length, (ulong)(int.MaxValue - total));
            total += usable;
            result[i] = (buffer, usable);
        }
        return result;
    }

    public static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
