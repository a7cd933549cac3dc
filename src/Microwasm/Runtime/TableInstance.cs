using Microwasm.Model;

namespace Microwasm.Runtime;

/// <summary>
/// A table of references. Engines keep elements as reference handles in their slot format: 0 is
/// null; a funcref is a function handle and an externref an extern handle of the table's
/// <see cref="Extern.Store"/>. The host reads and writes elements as <see cref="WasmValue"/>s through
/// <see cref="GetValue"/> and <see cref="SetValue"/>, which check the type and the store.
/// </summary>
public sealed class TableInstance : Extern
{
    // The backing array is the table's capacity; only [0, _size) are elements. It grows
    // geometrically (see GrowLocked), so growing by one n times costs O(n), not O(n^2).
    private ulong[] _elements;
    private uint _size;
    private readonly uint _max;

    /// <summary>Creates a table of null references.</summary>
    /// <param name="type">The table type.</param>
    /// <param name="maxElementsLimit">An embedder's cap on the size, on top of the type's maximum.</param>
    /// <exception cref="WasmLinkException">The minimum exceeds the cap.</exception>
    public TableInstance(TableType type, uint maxElementsLimit = 10_000_000)
    {
        Type = type;
        _max = MaxFor(type, maxElementsLimit);
        if (type.Limits.Min > _max)
        {
            throw new WasmLinkException($"table of {type.Limits.Min} elements exceeds the limit of {_max} elements");
        }
        _elements = new ulong[type.Limits.Min];
        _size = type.Limits.Min;
    }

    /// <summary>
    /// The most elements any table holds, whatever the embedder's limit: a .NET array's largest
    /// length, so that a table of 2^32-1 elements or a grow to it is refused instead of failing
    /// inside the allocator.
    /// </summary>
    internal const uint MaxElements = 0x7FFFFFC7;

    /// <summary>The size a table of <paramref name="type"/> may reach under <paramref name="limit"/>.</summary>
    internal static uint MaxFor(TableType type, uint limit) => Math.Min(Math.Min(type.Limits.Max ?? uint.MaxValue, limit), MaxElements);

    /// <summary>A table instantiation made for <paramref name="store"/>, whose budget its growth draws on.</summary>
    internal TableInstance(TableType type, uint maxElementsLimit, Store store) : this(type, maxElementsLimit)
    {
        TryBind(store);
    }

    public override ExternalKind Kind => ExternalKind.Table;

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

    /// <summary>The element at <paramref name="index"/>.</summary>
    /// <exception cref="WasmTrap">Out of bounds (<see cref="TrapKind.OutOfBoundsTableAccess"/>).</exception>
    public WasmValue GetValue(uint index)
    {
        var handle = Get(index);
        var type = Type.ElementType;
        // a table no store has used yet holds only null
        return Store is { } store ? WasmValue.FromSlots(store, type, [handle]) : WasmValue.Null(type);
    }

    /// <summary>Sets the element at <paramref name="index"/>, as <c>table.set</c> does.</summary>
    /// <exception cref="ArgumentException">The value's type is not the table's element type.</exception>
    /// <exception cref="WasmLinkException">The value is a function of another store.</exception>
    /// <exception cref="WasmTrap">Out of bounds (<see cref="TrapKind.OutOfBoundsTableAccess"/>).</exception>
    public void SetValue(uint index, WasmValue value) => Set(index, ToHandle(value));

    /// <summary><c>table.grow</c> with <paramref name="initialValue"/> in the new elements: returns the old size, or -1 if the table cannot grow that much.</summary>
    /// <exception cref="ArgumentException">The value's type is not the table's element type.</exception>
    /// <exception cref="WasmLinkException">The value is a function of another store.</exception>
    public int Grow(uint delta, WasmValue initialValue) => Grow(delta, ToHandle(initialValue));

    private ulong ToHandle(WasmValue value)
    {
        if (value.Type != Type.ElementType)
        {
            throw new ArgumentException($"the value is {value.Type.Name()}, the table holds {Type.ElementType.Name()}", nameof(value));
        }
        if (value.IsNull)
        {
            return 0;
        }
        Span<ulong> slot = [0];
        value.ToSlots(GlobalInstance.StoreForReference(this, value), slot);
        return slot[0];
    }

    /// <summary><c>table.get</c> of the raw handle: traps when out of bounds.</summary>
    internal ulong Get(uint index)
    {
        if (index >= Size)
        {
            throw new WasmTrap(TrapKind.OutOfBoundsTableAccess);
        }
        return Elements[index];
    }

    /// <summary><c>table.set</c> of a raw handle of the table's store: traps when out of bounds.</summary>
    internal void Set(uint index, ulong value)
    {
        if (index >= Size)
        {
            throw new WasmTrap(TrapKind.OutOfBoundsTableAccess);
        }
        Elements[index] = value;
    }

    /// <summary><c>table.grow</c> with a raw handle: returns the old size, or -1 if the table cannot grow that much.</summary>
    /// <remarks>Serialised, as <see cref="MemoryInstance.Grow"/> is: concurrent grows on the raw invoke path lost elements.</remarks>
    internal int Grow(uint delta, ulong initialValue)
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
            ulong[] grown;
            try
            {
                grown = new ulong[capacity];
            }
            catch (OutOfMemoryException)
            {
                // an embedder's raised limits can ask for more than the process has: table.grow fails
                Store?.ReturnTableElements(delta);
                return -1;
            }
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
    internal void Fill(uint start, ulong value, uint count)
    {
        if ((ulong)start + count > Size)
        {
            throw new WasmTrap(TrapKind.OutOfBoundsTableAccess);
        }
        Elements.AsSpan((int)start, (int)count).Fill(value);
    }

    /// <summary><c>table.copy</c> (overlap-safe): traps if either range is out of bounds.</summary>
    internal static void Copy(TableInstance destination, uint dstIndex, TableInstance source, uint srcIndex, uint count)
    {
        if ((ulong)dstIndex + count > destination.Size || (ulong)srcIndex + count > source.Size)
        {
            throw new WasmTrap(TrapKind.OutOfBoundsTableAccess);
        }
        source.Elements.AsSpan((int)srcIndex, (int)count).CopyTo(destination.Elements.AsSpan((int)dstIndex, (int)count));
    }

    /// <summary><c>table.init</c> from an element segment's resolved handles: traps if either range is out of bounds.</summary>
    internal void Init(uint dstIndex, ReadOnlySpan<ulong> segment, uint srcIndex, uint count)
    {
        if ((ulong)srcIndex + count > (ulong)segment.Length || (ulong)dstIndex + count > Size)
        {
            throw new WasmTrap(TrapKind.OutOfBoundsTableAccess);
        }
        segment.Slice((int)srcIndex, (int)count).CopyTo(Elements.AsSpan((int)dstIndex, (int)count));
    }
}
