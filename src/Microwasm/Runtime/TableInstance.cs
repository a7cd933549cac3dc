using Microwasm.Model;

namespace Microwasm.Runtime;

/// <summary>
/// A table of references. Elements are reference handles as engines keep them in value slots:
/// 0 is null; a funcref is a function handle and an externref an extern handle of the
/// <see cref="Store"/> (see <see cref="Store.GetFunction"/> and <see cref="Store.GetExtern"/>).
/// </summary>
public sealed class TableInstance : Extern
{
    private ulong[] _elements;
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

    public uint Size => (uint)_elements.Length;

    /// <summary>The element handles; the array is replaced on grow, so do not keep it across calls.</summary>
    public ulong[] Elements => _elements;

    /// <summary><c>table.get</c>: traps when out of bounds.</summary>
    public ulong Get(uint index)
    {
        if (index >= (uint)_elements.Length)
        {
            throw new WasmTrap(TrapKind.OutOfBoundsTableAccess);
        }
        return _elements[index];
    }

    /// <summary><c>table.set</c>: traps when out of bounds.</summary>
    public void Set(uint index, ulong value)
    {
        if (index >= (uint)_elements.Length)
        {
            throw new WasmTrap(TrapKind.OutOfBoundsTableAccess);
        }
        _elements[index] = value;
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
        var oldSize = (uint)_elements.Length;
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
        var grown = new ulong[newSize];
        _elements.CopyTo(grown, 0);
        grown.AsSpan((int)oldSize).Fill(initialValue);
        _elements = grown;
        return (int)oldSize;
    }

    /// <summary><c>table.fill</c>: traps if the range is out of bounds.</summary>
    public void Fill(uint start, ulong value, uint count)
    {
        if ((ulong)start + count > (ulong)_elements.Length)
        {
            throw new WasmTrap(TrapKind.OutOfBoundsTableAccess);
        }
        _elements.AsSpan((int)start, (int)count).Fill(value);
    }

    /// <summary><c>table.copy</c> (overlap-safe): traps if either range is out of bounds.</summary>
    public static void Copy(TableInstance destination, uint dstIndex, TableInstance source, uint srcIndex, uint count)
    {
        if ((ulong)dstIndex + count > destination.Size || (ulong)srcIndex + count > source.Size)
        {
            throw new WasmTrap(TrapKind.OutOfBoundsTableAccess);
        }
        source._elements.AsSpan((int)srcIndex, (int)count).CopyTo(destination._elements.AsSpan((int)dstIndex, (int)count));
    }

    /// <summary><c>table.init</c> from an element segment's resolved handles: traps if either range is out of bounds.</summary>
    public void Init(uint dstIndex, ReadOnlySpan<ulong> segment, uint srcIndex, uint count)
    {
        if ((ulong)srcIndex + count > (ulong)segment.Length || (ulong)dstIndex + count > (ulong)_elements.Length)
        {
            throw new WasmTrap(TrapKind.OutOfBoundsTableAccess);
        }
        segment.Slice((int)srcIndex, (int)count).CopyTo(_elements.AsSpan((int)dstIndex, (int)count));
    }
}
