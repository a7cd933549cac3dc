using Microwasm.Model;

namespace Microwasm.Runtime;

/// <summary>
/// A table of references. Elements are reference handles as engines keep them in value slots:
/// 0 is null; a funcref is a function handle and an externref an extern handle of the
/// <see cref="Store"/> (see <see cref="Store.GetFunction"/> and <see cref="Store.GetExtern"/>).
/// </summary>
public sealed class TableInstance : Extern
{
    // The backing array is the table's capacity; only [0, _size) are elements. It grows
    // geometrically (see GrowLocked), so growing by one n times costs O(n), not O(n^2).
    private ulong[] _elements;
    private uint _size;
    private readonly uint _max;

    public TableInstance(TableType type, ulong initialValue = 0, uint maxElementsLimit = 10_000_000)
    {
        Type = type;
        _max = Math.Min(type.Limits.Max ?? uint.MaxValue, maxElementsLimit);
        if (type.Limits.Min > _max)
        {
            throw new WasmLinkException($"table of {type.Limits.Min} elements exceeds the limit of {_max} elements");
        }
        _elements = new ulong[type.Limits.Min];
        _size = type.Limits.Min;
        if (initialValue != 0)
        {
            Array.Fill(_elements, initialValue);
        }
    }

    public override ExternalKind Kind => ExternalKind.Table;

    /// <summary>The store whose table budget growth draws on (see <see cref="RuntimeOptions.MaxStoreTableElements"/>); null for a table the host made.</summary>
    internal Store? Store { get; init; }

    /// <summary>The type the table was created with.</summary>
    public TableType Type { get; }

    /// <summary>The table type with the current size as minimum (what import matching compares).</summary>
    public TableType CurrentType => new(Type.ElementType, new Limits(Size, Type.Limits.Max));

    /// <summary>The number of elements.</summary>
    public uint Size => Volatile.Read(ref _size);

    /// <summary>
    /// The backing array, at least <see cref="Size"/> long: bounds checks compare against
    /// <see cref="Size"/>, never the array's length. Replaced on grow, so not kept across calls.
    /// </summary>
    internal ulong[] Elements => Volatile.Read(ref _elements);

    /// <summary>The backing array's length (elements the table holds room for).</summary>
    internal int Capacity => _elements.Length;

    /// <summary><c>table.get</c>: traps when out of bounds.</summary>
    public ulong Get(uint index)
    {
        if (index >= Size)
        {
            throw new WasmTrap(TrapKind.OutOfBoundsTableAccess);
        }
        return Elements[index];
    }

    /// <summary><c>table.set</c>: traps when out of bounds.</summary>
    public void Set(uint index, ulong value)
    {
        if (index >= Size)
        {
            throw new WasmTrap(TrapKind.OutOfBoundsTableAccess);
        }
        Elements[index] = value;
    }

    /// <summary><c>table.grow</c>: returns the old size, or -1 if the table cannot grow that much.</summary>
    /// <remarks>Serialised, as <see cref="MemoryInstance.Grow"/> is: concurrent grows on the raw invoke path lost elements.</remarks>
    public int Grow(uint delta, ulong initialValue)
    {
        lock (_growLock)
        {
            return GrowLocked(delta, initialValue);
        }
    }

    private readonly object _growLock = new();

    private int GrowLocked(uint delta, ulong initialValue)
    {
        var oldSize = _size;
        var newSize = (ulong)oldSize + delta;
        if (newSize > _max)
        {
            return -1;
        }
        if (delta == 0)
        {
            return (int)oldSize;
        }
        if (Store is not null && !Store.TryTakeTableElements(delta))
        {
            return -1;
        }
        var elements = _elements;
        if (newSize > (ulong)elements.Length)
        {
            // Double, as lists do, within the table's maximum: the store's budget counts the size,
            // so the slack costs at most as much again as the elements in use.
            var capacity = Math.Max(newSize, Math.Min((ulong)elements.Length * 2, _max));
            capacity = Math.Max(capacity, Math.Min(16ul, _max));
            var grown = new ulong[capacity];
            elements.AsSpan(0, (int)oldSize).CopyTo(grown);
            elements = grown;
        }
        elements.AsSpan((int)oldSize, (int)delta).Fill(initialValue);
        // the array before the size: a reader that sees the new size sees an array that long
        Volatile.Write(ref _elements, elements);
        Volatile.Write(ref _size, (uint)newSize);
        return (int)oldSize;
    }

    /// <summary><c>table.fill</c>: traps if the range is out of bounds.</summary>
    public void Fill(uint start, ulong value, uint count)
    {
        if ((ulong)start + count > Size)
        {
            throw new WasmTrap(TrapKind.OutOfBoundsTableAccess);
        }
        Elements.AsSpan((int)start, (int)count).Fill(value);
    }

    /// <summary><c>table.copy</c> (overlap-safe): traps if either range is out of bounds.</summary>
    public static void Copy(TableInstance destination, uint dstIndex, TableInstance source, uint srcIndex, uint count)
    {
        if ((ulong)dstIndex + count > destination.Size || (ulong)srcIndex + count > source.Size)
        {
            throw new WasmTrap(TrapKind.OutOfBoundsTableAccess);
        }
        source.Elements.AsSpan((int)srcIndex, (int)count).CopyTo(destination.Elements.AsSpan((int)dstIndex, (int)count));
    }

    /// <summary><c>table.init</c> from an element segment's resolved handles: traps if either range is out of bounds.</summary>
    public void Init(uint dstIndex, ReadOnlySpan<ulong> segment, uint srcIndex, uint count)
    {
        if ((ulong)srcIndex + count > (ulong)segment.Length || (ulong)dstIndex + count > Size)
        {
            throw new WasmTrap(TrapKind.OutOfBoundsTableAccess);
        }
        segment.Slice((int)srcIndex, (int)count).CopyTo(Elements.AsSpan((int)dstIndex, (int)count));
    }
}
