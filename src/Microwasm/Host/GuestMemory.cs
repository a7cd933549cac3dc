using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Microwasm.Runtime;

namespace Microwasm.Host;

/// <summary>
/// A linear memory seen through guest pointers: the one place where an address and a length a
/// guest supplied are checked before the host touches a byte. The builtin libc, WASI, the
/// embedding API (<see cref="InstanceMemory"/>, pointer parameters of host functions) and
/// embedders' own natives all check through it.
/// </summary>
/// <remarks>
/// <para>
/// Ranges are computed in 64 bits, so an address plus a length that wraps past 2^32 is out of
/// bounds, never small. A C string's NUL is searched only up to the end of memory (or a bound the
/// caller gives), so an unterminated string at the top of memory fails instead of reading on.
/// </para>
/// <para>
/// The caller chooses what a failure means. The plain methods throw <see cref="WasmTrap"/> of
/// kind <see cref="TrapKind.OutOfBoundsMemoryAccess"/>, the trap a wasm caller sees when a host
/// function gets a bad pointer (a layer that reports errors instead, as WASI does with
/// <c>EFAULT</c>, catches that kind); the <c>Try</c> methods return false and change nothing.
/// A range inside memory but of 2 GiB or more cannot be one span: <see cref="GetSpan"/> traps
/// with kind <see cref="TrapKind.Host"/> and <see cref="TryGetSpan"/> returns false.
/// </para>
/// <para>
/// Integers are little-endian, as in wasm. Spans are valid until the memory grows (wasm's
/// <c>memory.grow</c>, or a call into wasm that may grow it): fetch them again after such a call.
/// Spans are handed out only while the memory cannot be unmapped: on a thread running wasm in the
/// memory's store (a host function called by wasm) or inside <see cref="MemoryInstance.Access{TState}"/>;
/// elsewhere every member that reads or writes throws <see cref="InvalidOperationException"/>, and
/// after <see cref="MemoryInstance.Dispose"/> <see cref="ObjectDisposedException"/>.
/// </para>
/// </remarks>
public readonly struct GuestMemory
{
    /// <summary>Views <paramref name="memory"/> through checked guest pointers.</summary>
    public GuestMemory(MemoryInstance memory)
    {
        ArgumentNullException.ThrowIfNull(memory);
        Memory = memory;
    }

    /// <summary>The memory the pointers refer to.</summary>
    public MemoryInstance Memory { get; }

    /// <summary>The memory's size in bytes.</summary>
    public ulong Length => Memory.Length;

    /// <summary>True if [<paramref name="address"/>, +<paramref name="length"/>) lies inside the memory.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool InBounds(ulong address, ulong length) => Memory.InBounds(address, length);

    /// <summary>Traps unless [<paramref name="address"/>, +<paramref name="length"/>) lies inside the memory.</summary>
    /// <exception cref="WasmTrap">Out of bounds (kind <see cref="TrapKind.OutOfBoundsMemoryAccess"/>).</exception>
    /// <exception cref="ObjectDisposedException">The memory is disposed.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void CheckRange(ulong address, ulong length)
    {
        if (!Memory.InBounds(address, length))
        {
            // a disposed memory has no bytes: say so rather than out of bounds
            Memory.ThrowIfDisposed();
            throw OutOfBounds();
        }
    }

    /// <summary>The bytes [<paramref name="address"/>, +<paramref name="length"/>), checked.</summary>
    /// <exception cref="WasmTrap">
    /// Out of bounds (kind <see cref="TrapKind.OutOfBoundsMemoryAccess"/>), or 2 GiB or more (kind <see cref="TrapKind.Host"/>).
    /// </exception>
    public Span<byte> GetSpan(ulong address, ulong length)
    {
        CheckRange(address, length);
        if (length > int.MaxValue)
        {
            throw TooLongForASpan();
        }
        return Memory.GetHeldSpan(address, (int)length);
    }

    /// <summary>The bytes [<paramref name="address"/>, +<paramref name="length"/>) if they lie inside the memory and are fewer than 2 GiB.</summary>
    public bool TryGetSpan(ulong address, ulong length, out Span<byte> span)
    {
        if (length > int.MaxValue || !Memory.InBounds(address, length))
        {
            Memory.ThrowIfDisposed();
            span = default;
            return false;
        }
        span = Memory.GetHeldSpan(address, (int)length);
        return true;
    }

    /// <summary>Reads the byte at <paramref name="address"/>, checked.</summary>
    public byte ReadByte(ulong address) => GetSpan(address, 1)[0];

    /// <summary>Reads a little-endian 16-bit integer at <paramref name="address"/>, checked.</summary>
    public ushort ReadUInt16(ulong address) => BinaryPrimitives.ReadUInt16LittleEndian(GetSpan(address, 2));

    /// <summary>Reads a little-endian 32-bit integer at <paramref name="address"/>, checked.</summary>
    public uint ReadUInt32(ulong address) => BinaryPrimitives.ReadUInt32LittleEndian(GetSpan(address, 4));

    /// <summary>Reads a little-endian 64-bit integer at <paramref name="address"/>, checked.</summary>
    public ulong ReadUInt64(ulong address) => BinaryPrimitives.ReadUInt64LittleEndian(GetSpan(address, 8));

    /// <summary>Writes the byte at <paramref name="address"/>, checked.</summary>
    public void WriteByte(ulong address, byte value) => GetSpan(address, 1)[0] = value;

    /// <summary>Writes a little-endian 16-bit integer at <paramref name="address"/>, checked.</summary>
    public void WriteUInt16(ulong address, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(GetSpan(address, 2), value);

    /// <summary>Writes a little-endian 32-bit integer at <paramref name="address"/>, checked.</summary>
    public void WriteUInt32(ulong address, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(GetSpan(address, 4), value);

    /// <summary>Writes a little-endian 64-bit integer at <paramref name="address"/>, checked.</summary>
    public void WriteUInt64(ulong address, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(GetSpan(address, 8), value);

    /// <summary>Reads an unmanaged <typeparamref name="T"/> at <paramref name="address"/> (unaligned, in the host's byte order, which is wasm's on every supported host), checked.</summary>
    public unsafe T Read<T>(ulong address) where T : unmanaged => MemoryMarshal.Read<T>(GetSpan(address, (ulong)sizeof(T)));

    /// <summary>Writes an unmanaged <typeparamref name="T"/> at <paramref name="address"/> (unaligned, host byte order), checked.</summary>
    public unsafe void Write<T>(ulong address, T value) where T : unmanaged => MemoryMarshal.Write(GetSpan(address, (ulong)sizeof(T)), in value);

    /// <summary>
    /// strnlen, bounded by the memory: the length of the C string at <paramref name="address"/>, or
    /// <paramref name="maxLength"/> if no NUL comes first. False when the memory ends before both
    /// the NUL and <paramref name="maxLength"/> bytes, because C would read past it.
    /// </summary>
    public bool TryGetCStringLength(ulong address, ulong maxLength, out ulong length)
    {
        length = 0;
        if (maxLength == 0)
        {
            return true;
        }
        var memoryLength = Memory.Length;
        if (address >= memoryLength)
        {
            return false;
        }
        var limit = Math.Min(memoryLength - address, maxLength);
        ulong scanned = 0;
        while (scanned < limit)
        {
            // memories above 2 GiB are searched a span at a time
            var chunk = (int)Math.Min(limit - scanned, int.MaxValue);
            var at = Memory.GetHeldSpan(address + scanned, chunk).IndexOf((byte)0);
            if (at >= 0)
            {
                length = scanned + (ulong)at;
                return true;
            }
            scanned += (ulong)chunk;
        }
        length = limit;
        return limit == maxLength;
    }

    /// <summary>strlen, checked: the length of the C string at <paramref name="address"/>.</summary>
    /// <exception cref="WasmTrap">No NUL lies between <paramref name="address"/> and the end of memory (kind <see cref="TrapKind.OutOfBoundsMemoryAccess"/>).</exception>
    public ulong GetCStringLength(ulong address)
    {
        if (!TryGetCStringLength(address, ulong.MaxValue, out var length))
        {
            throw OutOfBounds();
        }
        return length;
    }

    /// <summary>strnlen, checked: see <see cref="TryGetCStringLength"/>.</summary>
    /// <exception cref="WasmTrap">The memory ends before both the NUL and <paramref name="maxLength"/> bytes.</exception>
    public ulong GetCStringLength(ulong address, ulong maxLength)
    {
        if (!TryGetCStringLength(address, maxLength, out var length))
        {
            throw OutOfBounds();
        }
        return length;
    }

    /// <summary>The bytes of the C string at <paramref name="address"/>, without its NUL, if the NUL lies inside memory (and within 2 GiB).</summary>
    public bool TryGetCString(ulong address, out ReadOnlySpan<byte> bytes)
    {
        if (!TryGetCStringLength(address, ulong.MaxValue, out var length) || length > int.MaxValue)
        {
            bytes = default;
            return false;
        }
        bytes = Memory.GetHeldSpan(address, (int)length);
        return true;
    }

    /// <summary>The bytes of the C string at <paramref name="address"/>, without its NUL, checked.</summary>
    /// <exception cref="WasmTrap">No NUL lies inside memory, or the string is 2 GiB or longer.</exception>
    public ReadOnlySpan<byte> GetCString(ulong address) => GetSpan(address, GetCStringLength(address));

    /// <summary>The bytes of the string at <paramref name="address"/> up to its NUL or <paramref name="maxLength"/> bytes, checked as <see cref="TryGetCStringLength"/>.</summary>
    public ReadOnlySpan<byte> GetCString(ulong address, ulong maxLength) => GetSpan(address, GetCStringLength(address, maxLength));

    /// <summary>Reads the NUL-terminated UTF-8 string at <paramref name="address"/> (invalid sequences become U+FFFD), checked.</summary>
    public string ReadCString(ulong address) => Encoding.UTF8.GetString(GetCString(address));

    /// <summary>Reads <paramref name="length"/> bytes at <paramref name="address"/> as UTF-8 (invalid sequences become U+FFFD), checked.</summary>
    public string ReadUtf8(ulong address, ulong length) => Encoding.UTF8.GetString(GetSpan(address, length));

    /// <summary>
    /// Writes <paramref name="value"/> as UTF-8 and a NUL at <paramref name="address"/>, checked before
    /// any byte is written. Returns the bytes written without the NUL.
    /// </summary>
    public ulong WriteCString(ulong address, ReadOnlySpan<char> value)
    {
        var length = (ulong)Encoding.UTF8.GetByteCount(value);
        var span = GetSpan(address, length + 1);
        Encoding.UTF8.GetBytes(value, span);
        span[(int)length] = 0;
        return length;
    }

    /// <summary>
    /// The guest address of <paramref name="span"/> if it lies inside the memory (WAMR's
    /// <c>wasm_runtime_addr_native_to_app</c>); false for a span elsewhere.
    /// </summary>
    public bool TryGetAddress(ReadOnlySpan<byte> span, out ulong address)
    {
        ref var start = ref MemoryMarshal.GetReference(Memory.GetHeldSpan(0, 0));
        var offset = Unsafe.ByteOffset(ref start, ref MemoryMarshal.GetReference(span));
        address = (ulong)(long)offset;
        if (offset < 0 || !Memory.InBounds(address, (ulong)span.Length))
        {
            address = 0;
            return false;
        }
        return true;
    }

    /// <summary>The trap a failed check throws.</summary>
    public static WasmTrap OutOfBounds() => new(TrapKind.OutOfBoundsMemoryAccess);

    private static WasmTrap TooLongForASpan() => new(TrapKind.Host, "a range of 2 GiB or more cannot be handled as one span");
}
