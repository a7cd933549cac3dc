using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microwasm.Model;

namespace Microwasm.Runtime;

/// <summary>Works on [address, +length) of a linear memory during <see cref="MemoryInstance.Access{TState}"/>.</summary>
/// <remarks>The span is valid only during the call, and cannot leave it.</remarks>
public delegate void MemoryAction<in TState>(Span<byte> bytes, TState state)
    where TState : allows ref struct;

/// <summary>Works on [address, +length) of a linear memory during <see cref="MemoryInstance.Access{TState, TResult}"/> and returns a result.</summary>
/// <remarks>The span is valid only during the call, and cannot leave it.</remarks>
public delegate TResult MemoryFunc<in TState, out TResult>(Span<byte> bytes, TState state)
    where TState : allows ref struct;

/// <summary>
/// A linear memory: unmanaged bytes. On 64-bit Linux the memory reserves 4 GiB of address space up
/// front and commits pages as it grows, so its bytes never move. Elsewhere, or if the reservation
/// fails, the bytes are reallocated on growth.
/// </summary>
/// <remarks>
/// <para>
/// The host reaches the bytes only through calls that hold the memory mapped while they run:
/// <see cref="Read(ulong, Span{byte})"/>, <see cref="Write(ulong, ReadOnlySpan{byte})"/>, the typed
/// <see cref="Read{T}"/> and <see cref="Write{T}"/>, and <see cref="Access{TState}"/>, whose callback
/// receives a span that cannot outlive the call. No public member hands out a pointer or a span, so
/// no host code can touch the bytes after they are unmapped.
/// </para>
/// <para>
/// <see cref="Dispose"/> marks the memory disposed at once (every public member then throws
/// <see cref="ObjectDisposedException"/>) and unmaps it when nothing uses it any more: no host
/// access in progress and no wasm running in its store (see <c>Runtime/RATIONALE.md</c>).
/// </para>
/// </remarks>
public sealed unsafe class MemoryInstance : Extern, IDisposable
{
    // The whole 32-bit address space: what any memory can reach, even after WAMR's app-heap
    // insertion raises its maximum. Reserved, not committed: it costs address space only.
    private const ulong ReservationBytes = (ulong)MemoryType.MaxPages * MemoryType.PageSize;

    private byte* _base;
    private ulong _length;
    private uint _maxPages;
    private readonly bool _reserved;

    // Host accesses in progress (public accessors and internal leases), whether Dispose was called,
    // and whether the bytes were given back; see Acquire, Dispose and ReleaseIfUnused.
    private int _uses;
    private int _disposed;
    private int _freed;

    /// <param name="type">The memory type (limits in pages).</param>
    /// <param name="maxPagesLimit">An embedder's cap on pages, applied on top of the type's maximum.</param>
    /// <exception cref="WasmLinkException">The minimum exceeds the cap.</exception>
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
                _freed = 1;
                GC.SuppressFinalize(this);
                throw new OutOfMemoryException($"cannot commit {type.Limits.Min} pages of linear memory");
            }
        }
        else
        {
            // always allocate at least one byte so Base is never null
            _base = (byte*)NativeMemory.AllocZeroed((nuint)Math.Max(_length, 1));
        }
    }

    /// <summary>
    /// Gives the bytes back only if no host access holds the memory: a finalizer runs once nothing
    /// references the memory, so no wasm code runs in it either.
    /// </summary>
    ~MemoryInstance()
    {
        if (Volatile.Read(ref _uses) == 0)
        {
            FreeOnce();
        }
    }

    /// <summary>True where the bytes never move for the life of the memory (64-bit Linux).</summary>
    public bool BaseIsStable => _reserved;

    public override ExternalKind Kind => ExternalKind.Memory;

    /// <summary>The type the memory was created with; <see cref="CurrentType"/> has today's minimum.</summary>
    public MemoryType Type { get; }

    /// <summary>The memory type with the current size as minimum (what import matching compares).</summary>
    public MemoryType CurrentType => new(new Limits((uint)(_length / MemoryType.PageSize), Type.Limits.Max));

    /// <summary>True once <see cref="Dispose"/> was called.</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>Size in bytes.</summary>
    /// <exception cref="ObjectDisposedException">The memory is disposed.</exception>
    public ulong Length
    {
        get
        {
            ThrowIfDisposed();
            return _length;
        }
    }

    /// <summary>Size in 64 KiB pages.</summary>
    /// <exception cref="ObjectDisposedException">The memory is disposed.</exception>
    public uint Pages => (uint)(Length / MemoryType.PageSize);

    /// <summary>The largest size in pages this memory may reach.</summary>
    public uint MaxPages => _maxPages;

    /// <summary>Start of the linear memory, for engines and the host-call paths, which use it while a call runs in the memory's store.</summary>
    /// <remarks>Moves on growth unless <see cref="BaseIsStable"/>; null once the memory is unmapped.</remarks>
    internal byte* Base
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _base;
    }

    /// <summary>Size in bytes without the disposed check, for engines (0 once the memory is unmapped).</summary>
    internal ulong ByteLength
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _length;
    }

    /// <summary>Raises the page limit by <paramref name="deltaPages"/> (capped at 4 GiB): WAMR's app heap insertion adds its pages to the maximum too.</summary>
    internal void RaiseMaxPages(uint deltaPages) => _maxPages = (uint)Math.Min((ulong)_maxPages + deltaPages, MemoryType.MaxPages);

    /// <summary>The memory's bytes as a span, for code running in a call that keeps the memory mapped (valid until the next grow unless <see cref="BaseIsStable"/>).</summary>
    internal Span<byte> Span => new(_base, checked((int)Math.Min(_length, int.MaxValue)));

    /// <summary>True if [<paramref name="address"/>, +<paramref name="size"/>) lies inside the memory (never once it is unmapped).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool InBounds(ulong address, ulong size) => address + size <= _length && address + size >= address;

    /// <summary>
    /// A checked span over [address, address + length), for code running in a call that keeps the
    /// memory mapped (a host function called by wasm, or inside a <see cref="Lease"/>); traps when out of bounds.
    /// </summary>
    internal Span<byte> GetSpan(ulong address, int length)
    {
        if (length < 0 || !InBounds(address, (ulong)length))
        {
            throw new WasmTrap(TrapKind.OutOfBoundsMemoryAccess);
        }
        return new Span<byte>(_base + address, length);
    }

    /// <summary>
    /// <see cref="GetSpan"/> for a span a public type hands to a host (<see cref="Host.GuestMemory"/>):
    /// only on a thread that keeps the memory mapped, that is one running wasm in the memory's store
    /// (a host function called by wasm) or holding a use of the memory (<see cref="Access{TState}"/>,
    /// <see cref="Lease"/>). Elsewhere a span could outlive a <see cref="Dispose"/> on another thread.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The memory is disposed.</exception>
    /// <exception cref="InvalidOperationException">This thread neither runs wasm in the memory's store nor holds a use of it.</exception>
    internal Span<byte> GetHeldSpan(ulong address, int length)
    {
        ThrowIfDisposed();
        if (!IsHeldByCurrentThread())
        {
            ThrowNotHeld();
        }
        return GetSpan(address, length);
    }

    private bool IsHeldByCurrentThread()
    {
        if (Store is { } store && store.IsExecutingOnCurrentThread())
        {
            return true;
        }
        var held = t_held;
        for (var i = t_heldCount - 1; i >= 0; i--)
        {
            if (ReferenceEquals(held![i], this))
            {
                return true;
            }
        }
        return false;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNotHeld() => throw new InvalidOperationException(
        "a span of linear memory is handed out only while it cannot be unmapped: in a host function called by wasm, or inside MemoryInstance.Access; elsewhere use MemoryInstance.Read, Write or Access");

    /// <summary>
    /// Runs <paramref name="action"/> on [<paramref name="address"/>, +<paramref name="length"/>)
    /// while holding the memory mapped; the span cannot leave the call.
    /// </summary>
    /// <exception cref="WasmTrap">The range is out of bounds (<see cref="TrapKind.OutOfBoundsMemoryAccess"/>).</exception>
    /// <exception cref="ObjectDisposedException">The memory is disposed.</exception>
    public void Access<TState>(ulong address, int length, TState state, MemoryAction<TState> action)
        where TState : allows ref struct
    {
        ArgumentNullException.ThrowIfNull(action);
        Acquire();
        try
        {
            action(GetSpan(address, length), state);
        }
        finally
        {
            Release();
        }
    }

    /// <summary>
    /// Runs <paramref name="function"/> on [<paramref name="address"/>, +<paramref name="length"/>)
    /// while holding the memory mapped, and returns its result; the span cannot leave the call.
    /// </summary>
    /// <exception cref="WasmTrap">The range is out of bounds (<see cref="TrapKind.OutOfBoundsMemoryAccess"/>).</exception>
    /// <exception cref="ObjectDisposedException">The memory is disposed.</exception>
    public TResult Access<TState, TResult>(ulong address, int length, TState state, MemoryFunc<TState, TResult> function)
        where TState : allows ref struct
    {
        ArgumentNullException.ThrowIfNull(function);
        Acquire();
        try
        {
            return function(GetSpan(address, length), state);
        }
        finally
        {
            Release();
        }
    }

    /// <summary>Copies [<paramref name="address"/>, +destination length) into <paramref name="destination"/>.</summary>
    /// <exception cref="WasmTrap">The range is out of bounds.</exception>
    /// <exception cref="ObjectDisposedException">The memory is disposed.</exception>
    public void Read(ulong address, Span<byte> destination)
    {
        Acquire();
        try
        {
            GetSpan(address, destination.Length).CopyTo(destination);
        }
        finally
        {
            Release();
        }
    }

    /// <summary>Copies <paramref name="source"/> to [<paramref name="address"/>, +source length).</summary>
    /// <exception cref="WasmTrap">The range is out of bounds.</exception>
    /// <exception cref="ObjectDisposedException">The memory is disposed.</exception>
    public void Write(ulong address, ReadOnlySpan<byte> source)
    {
        Acquire();
        try
        {
            source.CopyTo(GetSpan(address, source.Length));
        }
        finally
        {
            Release();
        }
    }

    /// <summary>A copy of [<paramref name="address"/>, +<paramref name="length"/>).</summary>
    /// <exception cref="WasmTrap">The range is out of bounds.</exception>
    /// <exception cref="ObjectDisposedException">The memory is disposed.</exception>
    public byte[] ReadBytes(ulong address, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var bytes = new byte[length];
        Read(address, bytes);
        return bytes;
    }

    /// <summary>Reads a little-endian value (wasm's byte order) at <paramref name="address"/>.</summary>
    /// <exception cref="WasmTrap">The value does not lie inside the memory.</exception>
    /// <exception cref="ObjectDisposedException">The memory is disposed.</exception>
    public T Read<T>(ulong address)
        where T : unmanaged
    {
        T value = default;
        Read(address, MemoryMarshal.AsBytes(new Span<T>(ref value)));
        return BitConverter.IsLittleEndian ? value : ReverseEndianness(value);
    }

    /// <summary>Writes a little-endian value (wasm's byte order) at <paramref name="address"/>.</summary>
    /// <exception cref="WasmTrap">The value does not lie inside the memory.</exception>
    /// <exception cref="ObjectDisposedException">The memory is disposed.</exception>
    public void Write<T>(ulong address, T value)
        where T : unmanaged
    {
        if (!BitConverter.IsLittleEndian)
        {
            value = ReverseEndianness(value);
        }
        Write(address, MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value)));
    }

    private static T ReverseEndianness<T>(T value)
        where T : unmanaged
    {
        MemoryMarshal.AsBytes(new Span<T>(ref value)).Reverse();
        return value;
    }

    /// <summary>
    /// Grows by <paramref name="deltaPages"/> pages. Returns the old size in pages, or -1 if the
    /// memory cannot grow that much (as <c>memory.grow</c> does).
    /// </summary>
    /// <exception cref="ObjectDisposedException">The memory is disposed.</exception>
    /// <remarks>
    /// Serialised: two threads growing at once (through the raw <see cref="FunctionInstance.Invoke(Store, WasmValue[])"/>
    /// path, which does not refuse a second thread) both saw the same old size and both succeeded,
    /// and where the memory reallocates they would both have reallocated the same block.
    /// </remarks>
    public int Grow(uint deltaPages)
    {
        Acquire();
        try
        {
            lock (_growLock)
            {
                // this call's own use is not a host access that growth could strand
                return GrowLocked(deltaPages, ownUses: 1);
            }
        }
        finally
        {
            Release();
        }
    }

    /// <summary><c>memory.grow</c> for engines, which hold the memory mapped by running in its store: -1 once disposed.</summary>
    internal int GrowFromWasm(uint deltaPages)
    {
        lock (_growLock)
        {
            return IsDisposed ? -1 : GrowLocked(deltaPages, ownUses: 0);
        }
    }

    private readonly object _growLock = new();

    private int GrowLocked(uint deltaPages, int ownUses)
    {
        var oldPages = (uint)(_length / MemoryType.PageSize);
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
        // Where the bytes move, a host access in progress (an Access callback that calls back into
        // wasm, say) would be left with a span over freed bytes: growth fails instead.
        if (Volatile.Read(ref _uses) > ownUses)
        {
            return -1;
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

    /// <summary><c>memory.fill</c>: traps if the range is out of bounds.</summary>
    internal void Fill(ulong destination, byte value, ulong count)
    {
        if (!InBounds(destination, count))
        {
            throw new WasmTrap(TrapKind.OutOfBoundsMemoryAccess);
        }
        NativeMemory.Fill(_base + destination, (nuint)count, value);
    }

    /// <summary><c>memory.copy</c> within this memory (overlap-safe); traps if either range is out of bounds.</summary>
    internal void Copy(ulong destination, ulong source, ulong count)
    {
        if (!InBounds(destination, count) || !InBounds(source, count))
        {
            throw new WasmTrap(TrapKind.OutOfBoundsMemoryAccess);
        }
        Buffer.MemoryCopy(_base + source, _base + destination, count, count);
    }

    /// <summary><c>memory.init</c>: copies from a data segment; traps if either range is out of bounds.</summary>
    internal void Init(ulong destination, ReadOnlySpan<byte> segment, ulong source, ulong count)
    {
        if (source + count > (ulong)segment.Length || source + count < source || !InBounds(destination, count))
        {
            throw new WasmTrap(TrapKind.OutOfBoundsMemoryAccess);
        }
        segment.Slice((int)source, (int)count).CopyTo(new Span<byte>(_base + destination, (int)count));
    }

    /// <summary>
    /// Holds the memory mapped until the lease is disposed, for internal host paths that work on
    /// the bytes outside a wasm call (the app heap's allocator, say).
    /// </summary>
    /// <exception cref="ObjectDisposedException">The memory is disposed.</exception>
    internal MemoryLease Lease()
    {
        Acquire();
        return new MemoryLease(this);
    }

    /// <summary>A use of the memory (see <see cref="Lease"/>).</summary>
    internal readonly ref struct MemoryLease(MemoryInstance memory)
    {
        public void Dispose() => memory.Release();
    }

    /// <summary>
    /// Marks the memory disposed: every public member throws <see cref="ObjectDisposedException"/>
    /// from now on, and wasm code sees a memory that can no longer grow. The bytes are unmapped at
    /// once if nothing uses them, else when the last host access ends or wasm stops running in the
    /// memory's store, whichever is later.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            ReleaseIfUnused();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void ThrowIfDisposed()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            ThrowDisposed();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowDisposed() => throw new ObjectDisposedException(nameof(MemoryInstance), "the linear memory is disposed");

    // Acquire and Dispose each write their own flag with a full fence and then read the other's,
    // so at least one of them sees the other: either the access fails, or Dispose sees the use and
    // leaves the unmapping to Release.
    private void Acquire()
    {
        Interlocked.Increment(ref _uses);
        if (Volatile.Read(ref _disposed) != 0)
        {
            Interlocked.Decrement(ref _uses);
            ReleaseIfUnused();
            ThrowDisposed();
        }
        // the thread's holds, so that GetHeldSpan knows which memories this thread keeps mapped
        var held = t_held ??= new MemoryInstance[4];
        if (t_heldCount == held.Length)
        {
            Array.Resize(ref t_held, held.Length * 2);
        }
        t_held![t_heldCount++] = this;
    }

    private void Release()
    {
        // holds end in the reverse order of their start (each is a using or a try/finally)
        t_held![--t_heldCount] = null;
        if (Interlocked.Decrement(ref _uses) == 0 && Volatile.Read(ref _disposed) != 0)
        {
            ReleaseIfUnused();
        }
    }

    [ThreadStatic]
    private static MemoryInstance?[]? t_held;

    [ThreadStatic]
    private static int t_heldCount;

    /// <summary>Unmaps a disposed memory no host access uses, once wasm is not running in its store.</summary>
    private void ReleaseIfUnused()
    {
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _uses) != 0)
        {
            return;
        }
        if (Store is { } store)
        {
            store.FreeWhenIdle(this);
        }
        else
        {
            FreeOnce();
        }
    }

    /// <summary>Gives the bytes back, once; called when nothing can be using them.</summary>
    internal void FreeOnce()
    {
        if (Volatile.Read(ref _uses) != 0 || Interlocked.Exchange(ref _freed, 1) != 0)
        {
            return;
        }
        var memory = _base;
        _base = null;
        _length = 0;
        if (memory != null)
        {
            if (_reserved)
            {
                VirtualMemory.Release(memory, ReservationBytes);
            }
            else
            {
                NativeMemory.Free(memory);
            }
        }
        GC.SuppressFinalize(this);
    }
}
