using System.Runtime.CompilerServices;
using Microwasm.Runtime;

namespace Microwasm.LibcBuiltin;

/// <summary>
/// The pointer checks every libc native makes before touching linear memory: a range must lie
/// inside the memory (computed in 64 bits, so a length cannot wrap past 2^32) and a C string must
/// find its NUL before the end of the memory. A failed check traps with
/// <see cref="TrapKind.OutOfBoundsMemoryAccess"/> before any byte is read or written.
/// </summary>
internal static unsafe class GuestMemory
{
    /// <summary>Traps unless [<paramref name="address"/>, +<paramref name="length"/>) lies inside <paramref name="memory"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CheckRange(MemoryInstance memory, uint address, ulong length)
    {
        if (!memory.InBounds(address, length))
        {
            throw OutOfBounds();
        }
    }

    /// <summary>A checked span (for ranges below 2 GiB, which every caller here guarantees or checks).</summary>
    public static Span<byte> Span(MemoryInstance memory, uint address, uint length)
    {
        CheckRange(memory, address, length);
        if (length > int.MaxValue)
        {
            throw new WasmTrap(TrapKind.Host, "libc: a range of 2 GiB or more cannot be handled as one span");
        }
        return new Span<byte>(memory.Base + address, (int)length);
    }

    /// <summary>A raw pointer to a range checked in bounds.</summary>
    public static byte* Pointer(MemoryInstance memory, uint address, ulong length)
    {
        CheckRange(memory, address, length);
        return memory.Base + address;
    }

    /// <summary>strlen with a bound check: traps when no NUL lies between <paramref name="address"/> and the end of memory.</summary>
    public static uint StrLen(MemoryInstance memory, uint address)
    {
        var length = StrNLen(memory, address, uint.MaxValue, out var terminated);
        if (!terminated)
        {
            throw OutOfBounds();
        }
        return length;
    }

    /// <summary>
    /// strnlen with a bound check: the length of the string at <paramref name="address"/> up to
    /// <paramref name="max"/> bytes. Traps when the memory ends before both the NUL and
    /// <paramref name="max"/> bytes, because C would read past it.
    /// </summary>
    public static uint StrNLen(MemoryInstance memory, uint address, uint max) => StrNLen(memory, address, max, out _);

    private static uint StrNLen(MemoryInstance memory, uint address, uint max, out bool terminated)
    {
        terminated = false;
        if (max == 0)
        {
            return 0;
        }
        if (address >= memory.Length)
        {
            throw OutOfBounds();
        }
        var available = memory.Length - address;
        var limit = Math.Min(available, max);
        var p = memory.Base + address;
        ulong scanned = 0;
        while (scanned < limit)
        {
            var chunk = (int)Math.Min(limit - scanned, int.MaxValue);
            var at = new ReadOnlySpan<byte>(p + scanned, chunk).IndexOf((byte)0);
            if (at >= 0)
            {
                terminated = true;
                return (uint)(scanned + (ulong)at);
            }
            scanned += (ulong)chunk;
        }
        if (limit < max)
        {
            // the memory ended first: C would read the next byte, which does not exist
            throw OutOfBounds();
        }
        return max;
    }

    /// <summary>The bytes of the checked C string at <paramref name="address"/>, without its NUL.</summary>
    public static ReadOnlySpan<byte> String(MemoryInstance memory, uint address)
    {
        var length = StrLen(memory, address);
        return new ReadOnlySpan<byte>(memory.Base + address, checked((int)length));
    }

    public static uint ReadU32(MemoryInstance memory, uint address) =>
        Unsafe.ReadUnaligned<uint>(Pointer(memory, address, 4));

    public static ulong ReadU64(MemoryInstance memory, uint address) =>
        Unsafe.ReadUnaligned<ulong>(Pointer(memory, address, 8));

    public static void WriteU32(MemoryInstance memory, uint address, uint value) =>
        Unsafe.WriteUnaligned(Pointer(memory, address, 4), value);

    public static void WriteU64(MemoryInstance memory, uint address, ulong value) =>
        Unsafe.WriteUnaligned(Pointer(memory, address, 8), value);

    public static WasmTrap OutOfBounds() => new(TrapKind.OutOfBoundsMemoryAccess);
}
