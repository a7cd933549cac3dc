using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microwasm.Model;

namespace Microwasm.Runtime;

/// <summary>
/// A linear memory: unmanaged bytes addressed by a raw pointer. On 64-bit Linux the memory
/// reserves 4 GiB of address space up front and commits pages as it grows, so <see cref="Base"/>
/// never moves (<see cref="BaseIsStable"/>). Elsewhere, or if the reservation fails, the bytes are
/// reallocated on growth and the base can move: engines reload <see cref="Base"/> after anything
/// that can grow memory (a call or <c>memory.grow</c>).
/// </summary>
public sealed unsafe class MemoryInstance : Extern, IDisposable
{
    // The whole 32-bit address space: what any memory can reach, even after WAMR's app-heap
    // insertion raises its maximum. Reserved, not committed: it costs address space only.
    private const ulong ReservationBytes = (ulong)MemoryType.MaxPages * MemoryType.PageSize;

    private byte* _base;
    private ulong _length;
    private uint _maxPages;
    private bool _reserved;

    /// <param name="type">The memory type (limits in pages).</param>
    /// <param name="maxPagesLimit">An embedder's cap on pages, applied on top of the type's maximum.</param>
    public MemoryInstance(MemoryType type, uint maxPagesLimit = MemoryType.MaxPages)
    {
        Type = type;
        var max = type.Limits.Max ?? MemoryType.MaxPages;
        _maxPages = Math.Min(Math.Min(max, maxPagesLimit), MemoryType.MaxPages);
        if (type.Limits.Min > _maxPages)
        {
            throw new WasmLinkException($"memory of {type.Limits.Min} pages exceeds the limit of {_maxPages} pages");
        }
        _length = (ulong)type.Limits.Min * MemoryType.PageSize;
        if (VirtualMemory.IsSupported && (_base = VirtualMemory.Reserve(ReservationBytes)) != null)
        {
            _reserved = true;
            if (!VirtualMemory.Commit(_base, _length))
            {
                VirtualMemory.Release(_base, ReservationBytes);
                _base = null;
                throw new OutOfMemoryException($"cannot commit {type.Limits.Min} pages of linear memory");
            }
        }
        else
        {
            // always allocate at least one byte so Base is never null
            _base = (byte*)NativeMemory.AllocZeroed((nuint)Math.Max(_length, 1));
        }
    }

    /// <summary>True when <see cref="Base"/> never moves for the life of this memory.</summary>
    public bool BaseIsStable => _reserved;

    ~MemoryInstance() => Free();

    public override ExternalKind Kind => ExternalKind.Memory;

    /// <summary>The type the memory was created with; <see cref="CurrentType"/> has today's minimum.</summary>
    public MemoryType Type { get; }

    /// <summary>The memory type with the current size as minimum (what import matching compares).</summary>
    public MemoryType CurrentType => new(new Limits(Pages, Type.Limits.Max));

    /// <summary>Start of the linear memory. Moves on <see cref="Grow"/> unless <see cref="BaseIsStable"/>.</summary>
    public byte* Base
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _base;
    }

    /// <summary>Size in bytes.</summary>
    public ulong Length
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _length;
    }

    /// <summary>Size in 64 KiB pages.</summary>
    public uint Pages => (uint)(_length / MemoryType.PageSize);

    /// <summary>The largest size in pages this memory may reach.</summary>
    public uint MaxPages => _maxPages;

    /// <summary>Raises the page limit by <paramref name="deltaPages"/> (capped at 4 GiB): WAMR's app heap insertion adds its pages to the maximum too.</summary>
    internal void RaiseMaxPages(uint deltaPages) => _maxPages = (uint)Math.Min((ulong)_maxPages + deltaPages, MemoryType.MaxPages);

    /// <summary>The memory's bytes as a span (valid until the next grow unless <see cref="BaseIsStable"/>).</summary>
    public Span<byte> Span => new(_base, checked((int)Math.Min(_length, int.MaxValue)));

    /// <summary>
    /// Grows by <paramref name="deltaPages"/> pages. Returns the old size in pages, or -1 if the
    /// memory cannot grow that much (as <c>memory.grow</c> does).
    /// </summary>
    /// <remarks>
    /// Serialised: two threads growing at once (through the raw <see cref="FunctionInstance.Invoke(Store, WasmValue[])"/>
    /// path, which does not refuse a second thread) both saw the same old size and both succeeded,
    /// and where the memory reallocates they would both have reallocated the same block.
    /// </remarks>
    public int Grow(uint deltaPages)
    {
        lock (_growLock)
        {
            return GrowLocked(deltaPages);
        }
    }

    private readonly object _growLock = new();

    private int GrowLocked(uint deltaPages)
    {
        var oldPages = Pages;
        var newPages = (ulong)oldPages + deltaPages;
        if (newPages > _maxPages)
        {
            return -1;
        }
        if (deltaPages == 0)
        {
            return (int)oldPages;
        }
        var newLength = newPages * MemoryType.PageSize;
        if (_reserved)
        {
            // fresh pages of an anonymous mapping read as zero
            if (!VirtualMemory.Commit(_base + _length, newLength - _length))
            {
                return -1;
            }
            Volatile.Write(ref _length, newLength);
            return (int)oldPages;
        }
        var p = (byte*)NativeMemory.Realloc(_base, (nuint)newLength);
        if (p == null)
        {
            return -1;
        }
        NativeMemory.Clear(p + _length, (nuint)(newLength - _length));
        _base = p;
        _length = newLength;
        return (int)oldPages;
    }

    /// <summary>True if [<paramref name="address"/>, +<paramref name="size"/>) lies inside the memory.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool InBounds(ulong address, ulong size) => address + size <= _length && address + size >= address;

    /// <summary>A checked span over [address, address + length); traps when out of bounds.</summary>
    public Span<byte> GetSpan(ulong address, int length)
    {
        if (length < 0 || !InBounds(address, (ulong)length))
        {
            throw new WasmTrap(TrapKind.OutOfBoundsMemoryAccess);
        }
        return new Span<byte>(_base + address, length);
    }

    /// <summary><c>memory.fill</c>: traps if the range is out of bounds.</summary>
    public void Fill(ulong destination, byte value, ulong count)
    {
        if (!InBounds(destination, count))
        {
            throw new WasmTrap(TrapKind.OutOfBoundsMemoryAccess);
        }
        NativeMemory.Fill(_base + destination, (nuint)count, value);
    }

    /// <summary><c>memory.copy</c> within this memory (overlap-safe); traps if either range is out of bounds.</summary>
    public void Copy(ulong destination, ulong source, ulong count)
    {
        if (!InBounds(destination, count) || !InBounds(source, count))
        {
            throw new WasmTrap(TrapKind.OutOfBoundsMemoryAccess);
        }
        Buffer.MemoryCopy(_base + source, _base + destination, count, count);
    }

    /// <summary><c>memory.init</c>: copies from a data segment; traps if either range is out of bounds.</summary>
    public void Init(ulong destination, ReadOnlySpan<byte> segment, ulong source, ulong count)
    {
        if (source + count > (ulong)segment.Length || !InBounds(destination, count))
        {
            throw new WasmTrap(TrapKind.OutOfBoundsMemoryAccess);
        }
        segment.Slice((int)source, (int)count).CopyTo(new Span<byte>(_base + destination, (int)count));
    }

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private void Free()
    {
        if (_base != null)
        {
            if (_reserved)
            {
                VirtualMemory.Release(_base, ReservationBytes);
            }
            else
            {
                NativeMemory.Free(_base);
            }
            _base = null;
            _length = 0;
        }
    }
}
