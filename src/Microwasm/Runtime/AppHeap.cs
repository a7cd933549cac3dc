using System.Numerics;
using Microwasm.Model;

namespace Microwasm.Runtime;

/// <summary>
/// A malloc/free/realloc allocator for a region of an instance's linear memory (WAMR's "app heap",
/// what the libc-builtin <c>malloc</c> and the embedding API's module malloc hand out).
/// </summary>
/// <remarks>
/// The bookkeeping lives in managed memory, never inside the linear memory it manages, so a guest
/// that scribbles over its heap (or over a block header a C allocator would keep there) can corrupt
/// only its own data, never the allocator. Blocks are 8-byte aligned and sized; free blocks are kept
/// coalesced, indexed by both ends for O(1) merging, and binned by power-of-two size class for the
/// fit search (lowest address first inside a class, which keeps fragmentation low and the results
/// deterministic). Address 0 is never handed out, because 0 means "failed" to C.
/// All members are thread-safe.
/// </remarks>
public sealed class AppHeap
{
    /// <summary>iwasm's default <c>--heap-size</c> (16 KiB).</summary>
    public const uint DefaultSize = 16 * 1024;

    /// <summary>Allocation granularity and alignment.</summary>
    public const uint Alignment = 8;

    private const int BinCount = 33;
    private const string InsertFailed = "failed to insert app heap into linear memory, try using `--heap-size=0` option";

    private readonly object _lock = new();
    private readonly Dictionary<uint, uint> _used = new();
    private readonly Dictionary<uint, uint> _freeByStart = new();
    private readonly Dictionary<uint, uint> _freeByEnd = new();
    private readonly SortedSet<uint>[] _bins = new SortedSet<uint>[BinCount];
    private ulong _usedBytes;

    /// <summary>
    /// Manages [<paramref name="offset"/>, +<paramref name="size"/>) of <paramref name="memory"/>.
    /// The region is trimmed to 8-byte boundaries and never includes address 0.
    /// </summary>
    public AppHeap(MemoryInstance memory, uint offset, uint size)
    {
        ArgumentNullException.ThrowIfNull(memory);
        if (!memory.InBounds(offset, size))
        {
            throw new ArgumentOutOfRangeException(nameof(size), $"heap [{offset}, +{size}) is outside the memory of {memory.Length} bytes");
        }
        ulong start = AlignUp(offset);
        ulong end = ((ulong)offset + size) & ~(ulong)(Alignment - 1);
        if (start == 0)
        {
            start = Alignment;
        }
        Memory = memory;
        Offset = (uint)Math.Min(start, end);
        Size = end > start ? (uint)(end - start) : 0;
        for (var i = 0; i < _bins.Length; i++)
        {
            _bins[i] = new SortedSet<uint>();
        }
        if (Size > 0)
        {
            AddFree(Offset, Size);
        }
    }

    /// <summary>The memory the heap lives in.</summary>
    public MemoryInstance Memory { get; }

    /// <summary>First address of the heap region (8-byte aligned, never 0).</summary>
    public uint Offset { get; }

    /// <summary>Size of the heap region in bytes.</summary>
    public uint Size { get; }

    /// <summary>Bytes currently allocated (rounded up to the alignment).</summary>
    public ulong UsedBytes
    {
        get
        {
            lock (_lock)
            {
                return _usedBytes;
            }
        }
    }

    /// <summary>Bytes currently free.</summary>
    public ulong FreeBytes
    {
        get
        {
            lock (_lock)
            {
                return Size - _usedBytes;
            }
        }
    }

    /// <summary>Number of live allocations.</summary>
    public int AllocationCount
    {
        get
        {
            lock (_lock)
            {
                return _used.Count;
            }
        }
    }

    /// <summary>
    /// Allocates <paramref name="size"/> bytes (at least one alignment unit) and returns the block's
    /// address, or 0 when no free block is large enough. The block's contents are not cleared.
    /// </summary>
    public uint Malloc(uint size)
    {
        lock (_lock)
        {
            return MallocLocked(size);
        }
    }

    /// <summary>
    /// Frees the block at <paramref name="address"/>. Returns false, changing nothing, when it is
    /// not the start of a live block (a null, foreign, interior or already freed pointer).
    /// </summary>
    public bool Free(uint address)
    {
        lock (_lock)
        {
            return FreeLocked(address);
        }
    }

    /// <summary>
    /// C realloc: resizes the block at <paramref name="address"/> in place when it can, else moves it
    /// (copying the old contents). 0 acts as malloc; a size of 0 frees and returns 0. Returns 0 and
    /// leaves the old block intact when there is no room, or when the address is not a live block.
    /// </summary>
    public unsafe uint Realloc(uint address, uint size)
    {
        lock (_lock)
        {
            if (address == 0)
            {
                return MallocLocked(size);
            }
            if (!_used.TryGetValue(address, out var oldSize))
            {
                return 0;
            }
            if (size == 0)
            {
                FreeLocked(address);
                return 0;
            }
            var need = AlignUp(Math.Max(size, 1));
            if (need <= oldSize)
            {
                if (oldSize - need >= Alignment)
                {
                    _used[address] = (uint)need;
                    _usedBytes -= oldSize - need;
                    AddFreeCoalescing(address + (uint)need, oldSize - (uint)need);
                }
                return address;
            }
            var end = address + oldSize;
            if (_freeByStart.TryGetValue(end, out var nextSize) && oldSize + (ulong)nextSize >= need)
            {
                RemoveFree(end, nextSize);
                var total = oldSize + nextSize;
                _used[address] = (uint)need;
                _usedBytes += need - oldSize;
                if (total - need > 0)
                {
                    // the block after the old free neighbour is in use (free blocks never touch), so no merge
                    AddFree(address + (uint)need, total - (uint)need);
                }
                return address;
            }
            var moved = MallocLocked(size);
            if (moved == 0)
            {
                return 0;
            }
            // both blocks lie inside the heap region, which lies inside the memory (memories never shrink)
            // the host may call this outside any wasm call: hold the memory mapped for the copy
            using var lease = Memory.Lease();
            var b = Memory.Base;
            Buffer.MemoryCopy(b + address, b + moved, oldSize, oldSize);
            FreeLocked(address);
            return moved;
        }
    }

    /// <summary>The size of the live block at <paramref name="address"/>, or null when there is none.</summary>
    public uint? GetBlockSize(uint address)
    {
        lock (_lock)
        {
            return _used.TryGetValue(address, out var size) ? size : null;
        }
    }

    /// <summary>True if <paramref name="address"/> lies inside the heap region.</summary>
    public bool Contains(uint address) => address >= Offset && address - Offset < Size;

    /// <summary>The largest block a <see cref="Malloc"/> could return now.</summary>
    public uint LargestFreeBlock
    {
        get
        {
            lock (_lock)
            {
                uint largest = 0;
                foreach (var size in _freeByStart.Values)
                {
                    largest = Math.Max(largest, size);
                }
                return largest;
            }
        }
    }

    /// <summary>
    /// Creates the app heap of <paramref name="instance"/> in its default memory, as WAMR's
    /// <c>memory_instantiate</c> places it (see LibcBuiltin/RATIONALE.md), and sets
    /// <see cref="Instance.Heap"/>. Call it right after instantiation, before any guest code that
    /// uses <c>__heap_base</c> runs. Returns null (no heap) when <paramref name="heapSize"/> is 0,
    /// the instance has no memory, or the module exports its own malloc and free.
    /// </summary>
    /// <exception cref="WasmLinkException">The memory cannot grow to hold the heap.</exception>
    public static AppHeap? Attach(Instance instance, uint heapSize)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (instance.Heap is not null)
        {
            throw new InvalidOperationException("the instance already has an app heap");
        }
        var memory = instance.Memory;
        if (heapSize == 0 || memory is null || ExportsMallocAndFree(instance.Module))
        {
            return null;
        }

        const ulong page = MemoryType.PageSize;
        ulong initPages = memory.Pages;
        ulong heapOffset;
        ulong size = heapSize;
        ulong incPages;
        if (initPages == 1 && memory.MaxPages == 1)
        {
            // WAMR widens the single page by heap_size; pages here are always 64 KiB, so whole pages are appended
            heapOffset = page;
            incPages = (size + page - 1) / page;
        }
        else if (initPages == 0 && memory.MaxPages == 0)
        {
            heapOffset = 0;
            incPages = (size + page - 1) / page;
        }
        else if (FindHeapBase(instance) is { } heapBaseGlobal && heapBaseGlobal.Base < initPages * page)
        {
            // Insert the heap at __heap_base and move __heap_base past it (and past 1 KiB of slack
            // when the heap ends that close to a page end), growing by the pages this takes.
            var heapBase = heapBaseGlobal.Base;
            var bytesToPageEnd = page - LastPageBytes(heapBase);
            incPages = size > bytesToPageEnd ? (size - bytesToPageEnd + page - 1) / page : 0;
            heapOffset = heapBase;
            var newHeapBase = heapBase + size;
            if (page - LastPageBytes(newHeapBase) < 1024)
            {
                newHeapBase += 1024;
                incPages++;
            }
            if (initPages + incPages > MemoryType.MaxPages)
            {
                throw new WasmLinkException(InsertFailed);
            }
            heapBaseGlobal.Global.Value = (uint)newHeapBase;
        }
        else
        {
            // append whole pages after the current end; the heap leaves their last 1 KiB unused
            incPages = (size + page - 1) / page;
            heapOffset = initPages * page;
            size = incPages * page - 1024;
        }

        if (initPages + incPages > MemoryType.MaxPages)
        {
            throw new WasmLinkException(InsertFailed);
        }
        if (incPages > 0)
        {
            memory.RaiseMaxPages((uint)incPages);
            if (memory.Grow((uint)incPages) < 0)
            {
                throw new WasmLinkException(InsertFailed);
            }
        }
        size = Math.Min(size, memory.Length - heapOffset);
        var heap = new AppHeap(memory, (uint)heapOffset, (uint)Math.Min(size, uint.MaxValue));
        instance.Heap = heap;
        return heap;
    }

    /// <summary>Checks the allocator's invariants; throws <see cref="InvalidOperationException"/> on the first broken one.</summary>
    internal void CheckInvariants()
    {
        lock (_lock)
        {
            var blocks = new List<(uint Start, uint Size, bool Free)>();
            foreach (var (start, size) in _used)
            {
                blocks.Add((start, size, false));
            }
            foreach (var (start, size) in _freeByStart)
            {
                blocks.Add((start, size, true));
                if (!_freeByEnd.TryGetValue(start + size, out var s) || s != start)
                {
                    throw new InvalidOperationException($"free block {start} is missing from the end index");
                }
                if (!_bins[BinOf(size)].Contains(start))
                {
                    throw new InvalidOperationException($"free block {start} is missing from its bin");
                }
            }
            if (_freeByEnd.Count != _freeByStart.Count || _bins.Sum(b => b.Count) != _freeByStart.Count)
            {
                throw new InvalidOperationException("the free indexes disagree");
            }
            blocks.Sort((a, b) => a.Start.CompareTo(b.Start));
            ulong at = Offset;
            ulong used = 0;
            var previousFree = false;
            foreach (var (start, size, free) in blocks)
            {
                if (start != at || size == 0 || start % Alignment != 0 || size % Alignment != 0)
                {
                    throw new InvalidOperationException($"block [{start}, +{size}) does not tile the heap at {at}");
                }
                if (free && previousFree)
                {
                    throw new InvalidOperationException($"free block {start} follows another free block");
                }
                previousFree = free;
                used += free ? 0 : size;
                at += size;
            }
            if (at != (ulong)Offset + Size || used != _usedBytes)
            {
                throw new InvalidOperationException("the blocks do not cover the heap exactly");
            }
        }
    }

    private uint MallocLocked(uint size)
    {
        var need = AlignUp(Math.Max(size, 1));
        if (need > Size)
        {
            return 0;
        }
        var bin = BinOf(need);
        uint found = 0;
        uint foundSize = 0;
        // the request's own class holds blocks both smaller and larger than it: first fit by address
        foreach (var start in _bins[bin])
        {
            var s = _freeByStart[start];
            if (s >= need)
            {
                found = start;
                foundSize = s;
                break;
            }
        }
        if (foundSize == 0)
        {
            // every block of a higher class is large enough: take the lowest address of the first non-empty one
            for (var b = bin + 1; b < _bins.Length; b++)
            {
                if (_bins[b].Count > 0)
                {
                    found = _bins[b].Min;
                    foundSize = _freeByStart[found];
                    break;
                }
            }
        }
        if (foundSize == 0)
        {
            return 0;
        }
        RemoveFree(found, foundSize);
        if (foundSize > need)
        {
            AddFree(found + (uint)need, foundSize - (uint)need);
        }
        _used.Add(found, (uint)need);
        _usedBytes += need;
        return found;
    }

    private bool FreeLocked(uint address)
    {
        if (!_used.Remove(address, out var size))
        {
            return false;
        }
        _usedBytes -= size;
        AddFreeCoalescing(address, size);
        return true;
    }

    private void AddFreeCoalescing(uint start, uint size)
    {
        var end = start + size;
        if (_freeByEnd.TryGetValue(start, out var previous))
        {
            RemoveFree(previous, start - previous);
            start = previous;
        }
        if (_freeByStart.TryGetValue(end, out var nextSize))
        {
            RemoveFree(end, nextSize);
            end += nextSize;
        }
        AddFree(start, end - start);
    }

    private void AddFree(uint start, uint size)
    {
        _freeByStart.Add(start, size);
        _freeByEnd.Add(start + size, start);
        _bins[BinOf(size)].Add(start);
    }

    private void RemoveFree(uint start, uint size)
    {
        _freeByStart.Remove(start);
        _freeByEnd.Remove(start + size);
        _bins[BinOf(size)].Remove(start);
    }

    private static int BinOf(ulong size) => BitOperations.Log2(size);

    private static ulong AlignUp(ulong value) => (value + Alignment - 1) & ~(ulong)(Alignment - 1);

    /// <summary>Bytes of <paramref name="address"/>'s page below it, counting a page boundary as a full page (WAMR's bytes_of_last_page).</summary>
    private static ulong LastPageBytes(ulong address)
    {
        var bytes = address % MemoryType.PageSize;
        return bytes == 0 ? MemoryType.PageSize : bytes;
    }

    /// <summary>
    /// WAMR's loader accepts <c>__heap_base</c> only as an exported, defined, immutable i32 global
    /// initialised by <c>i32.const</c>, and only together with such a <c>__data_end</c> not above it.
    /// </summary>
    private static (GlobalInstance Global, ulong Base)? FindHeapBase(Instance instance)
    {
        var module = instance.Module;
        GlobalInstance? heapBase = null;
        GlobalInstance? dataEnd = null;
        foreach (var export in module.Exports)
        {
            if (export.Kind != ExternalKind.Global || export.Index < module.ImportedGlobalCount)
            {
                continue;
            }
            var global = module.Globals[export.Index - module.ImportedGlobalCount];
            var code = global.Init.Code.Span;
            if (global.Type.Mutable || global.Type.ValueType != ValueType.I32 || code.Length == 0 || code[0] != (byte)Opcode.I32Const)
            {
                continue;
            }
            if (export.Name == "__heap_base")
            {
                heapBase = instance.Globals[export.Index];
            }
            else if (export.Name == "__data_end")
            {
                dataEnd = instance.Globals[export.Index];
            }
        }
        if (heapBase is null || dataEnd is null)
        {
            return null;
        }
        var baseValue = (ulong)(uint)heapBase.Value;
        var dataEndValue = AlignUp16((uint)dataEnd.Value);
        return dataEndValue <= baseValue ? (heapBase, baseValue) : null;
    }

    private static ulong AlignUp16(uint value) => ((ulong)value + 15) & ~15UL;

    /// <summary>WAMR leaves the app heap unused when the module exports its own malloc(i32)→i32 and free(i32).</summary>
    private static bool ExportsMallocAndFree(Module module)
    {
        bool malloc = false, free = false;
        var i32 = ValueType.I32;
        foreach (var export in module.Exports)
        {
            if (export.Kind != ExternalKind.Function || export.Index < module.ImportedFunctionCount)
            {
                continue;
            }
            var type = module.GetFunctionType(export.Index);
            if (export.Name == "malloc" && type.Parameters is [var p] && p == i32 && type.Results is [var r] && r == i32)
            {
                malloc = true;
            }
            else if (export.Name == "free" && type.Parameters is [var q] && q == i32 && type.Results.Length == 0)
            {
                free = true;
            }
        }
        return malloc && free;
    }
}
