using Microwasm.Model;

namespace Microwasm.Runtime;

/// <summary>
/// A global variable. Engines keep the value as raw bits in their slot format (i32 zero-extended
/// to 64 bits, f32/f64 as their IEEE bits, references as handles of the global's store, v128 in two
/// halves); the host reads and writes it as a <see cref="WasmValue"/> through
/// <see cref="GetValue"/> and <see cref="SetValue"/>, which check the type and the store.
/// </summary>
public sealed class GlobalInstance : Extern
{
    /// <summary>Creates a global holding a number or v128 from its raw bits, or a null reference.</summary>
    /// <param name="type">The global's type.</param>
    /// <param name="value">The raw bits (i32 zero-extended, f32/f64 as IEEE bits, the low half of a v128); 0 for a reference type.</param>
    /// <param name="high">The high half of a v128 value.</param>
    /// <exception cref="ArgumentException">A non-null raw reference: references belong to a store (use <see cref="GlobalInstance(Store, GlobalType, WasmValue)"/>).</exception>
    public GlobalInstance(GlobalType type, ulong value = 0, ulong high = 0)
    {
        if (type.ValueType.IsReference() && value != 0)
        {
            throw new ArgumentException("a reference global's value is a WasmValue of its store: use GlobalInstance(Store, GlobalType, WasmValue)", nameof(value));
        }
        Type = type;
        Value = value;
        High = high;
    }

    /// <summary>Creates a global of <paramref name="store"/> holding <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentException">The value's type is not the global's.</exception>
    /// <exception cref="WasmLinkException">The value is a function of another store.</exception>
    public GlobalInstance(Store store, GlobalType type, WasmValue value)
    {
        ArgumentNullException.ThrowIfNull(store);
        Type = type;
        TryBind(store);
        Write(value);
    }

    /// <summary>A global instantiation made, with raw bits already in <paramref name="store"/>'s format.</summary>
    internal GlobalInstance(GlobalType type, ulong value, ulong high, Store store)
    {
        Type = type;
        Value = value;
        High = high;
        TryBind(store);
    }

    public override ExternalKind Kind => ExternalKind.Global;

    public GlobalType Type { get; }

    /// <summary>The raw bits (low 64 bits of a v128). Engines read and write it directly.</summary>
    internal ulong Value;

    /// <summary>The high 64 bits of a v128 value; unused for other types.</summary>
    internal ulong High;

    /// <summary>The current value.</summary>
    public WasmValue GetValue()
    {
        var type = Type.ValueType;
        if (type.IsReference() && Store is null)
        {
            // a global no store has used yet holds only null
            return WasmValue.Null(type);
        }
        return WasmValue.FromSlots(Store!, type, [Value, High]);
    }

    /// <summary>Sets the value of a mutable global, as <c>global.set</c> does.</summary>
    /// <exception cref="InvalidOperationException">The global is immutable.</exception>
    /// <exception cref="ArgumentException">The value's type is not the global's.</exception>
    /// <exception cref="WasmLinkException">The value is a function of another store.</exception>
    public void SetValue(WasmValue value)
    {
        if (!Type.Mutable)
        {
            throw new InvalidOperationException("the global is immutable");
        }
        Write(value);
    }

    private void Write(WasmValue value)
    {
        var type = Type.ValueType;
        if (value.Type != type)
        {
            throw new ArgumentException($"the value is {value.Type.Name()}, the global holds {type.Name()}", nameof(value));
        }
        Span<ulong> slots = [0, 0];
        if (type.IsReference() && !value.IsNull)
        {
            value.ToSlots(StoreForReference(this, value), slots);
        }
        else if (!type.IsReference())
        {
            value.ToSlots(null!, slots);
        }
        // v128 halves: a reader on another thread may see a torn value, as wasm's own globals may
        High = slots[1];
        Value = slots[0];
    }

    /// <summary>
    /// The store a reference stored in <paramref name="owner"/> (a table or global) is a handle of:
    /// the owner's, or, for an owner no store has used yet, the referenced function's, which it then joins.
    /// </summary>
    /// <exception cref="WasmLinkException">The function belongs to another store than the owner.</exception>
    /// <exception cref="InvalidOperationException">Neither belongs to a store yet.</exception>
    internal static Store StoreForReference(Extern owner, WasmValue value)
    {
        if (owner.Store is { } store)
        {
            return store;
        }
        if (value.Reference is FunctionInstance { Store: { } functionStore } && owner.TryBind(functionStore))
        {
            return functionStore;
        }
        return owner.Store ?? throw new InvalidOperationException(
            $"the {owner.Kind.ToString().ToLowerInvariant()} belongs to no store yet, so it cannot hold this reference: import it into an instance first");
    }
}
