using System.Buffers.Binary;
using System.Text;
using Microwasm.Host;

namespace Microwasm.Wasi;

/// <summary>
/// WASI's reading of guest memory on top of the core's checks (<see cref="GuestMemory"/>): a range
/// outside memory traps there with <see cref="Runtime.TrapKind.OutOfBoundsMemoryAccess"/>, which
/// the call wrapper turns into <c>EFAULT</c> (the call fails; the guest is not trapped). Here are
/// only WASI's own rules: strings are UTF-8 of bounded length, iovec arrays name buffers that
/// must all lie in memory.
/// </summary>
internal static class WasiGuestMemory
{
    /// <summary>A guest string (not NUL-terminated); longer than a path may be is ENAMETOOLONG, invalid UTF-8 is EILSEQ.</summary>
    public static string ReadString(this GuestMemory memory, ulong address, ulong length)
    {
        if (length > WasiPathResolver.MaxPathLength)
        {
            memory.CheckRange(address, length);
            throw new WasiErrnoException(Errno.NameTooLong);
        }
        try
        {
            return StrictUtf8.GetString(memory.GetSpan(address, length));
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
    public static (uint Address, int Length)[] ReadIovecs(this GuestMemory memory, ulong address, ulong count)
    {
        var table = memory.GetSpan(address, count * WasiConstants.IovecSize);
        var result = new (uint, int)[count];
        long total = 0;
        for (var i = 0; i < (int)count; i++)
        {
            var buffer = BinaryPrimitives.ReadUInt32LittleEndian(table[(i * 8)..]);
            var length = BinaryPrimitives.ReadUInt32LittleEndian(table[(i * 8 + 4)..]);
            memory.CheckRange(buffer, length);
            // The total is reported in a u32: stop before it could overflow.
            var usable = (int)Math.Min(length, (ulong)(int.MaxValue - total));
            total += usable;
            result[i] = (buffer, usable);
        }
        return result;
    }

    public static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
