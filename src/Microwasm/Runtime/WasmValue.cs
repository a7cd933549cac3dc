using System.Runtime.CompilerServices;
using Microwasm.Model;

namespace Microwasm.Runtime;

/// <summary>
/// A typed WebAssembly value as the embedding API passes it: a number, a v128 or a reference
/// (a <see cref="FunctionInstance"/> for funcref, any host object for externref, null for ref.null).
/// </summary>
public readonly struct WasmValue : IEquatable<WasmValue>
{
    private WasmValue(ValueType type, ulong bits, ulong high = 0, object? reference = null)
    {
        Type = type;
        Bits = bits;
        High = high;
        Reference = reference;
    }

    public ValueType Type { get; }

    /// <summary>Raw bits of a number (i32 zero-extended), or the low half of a v128.</summary>
    public ulong Bits { get; }

    /// <summary>High half of a v128.</summary>
    public ulong High { get; }

    /// <summary>The referenced object for funcref/externref; null for a null reference.</summary>
    public object? Reference { get; }

    public static WasmValue I32(int value) => new(ValueType.I32, (uint)value);
    public static WasmValue I64(long value) => new(ValueType.I64, (ulong)value);
    public static WasmValue F32(float value) => new(ValueType.F32, BitConverter.SingleToUInt32Bits(value));
    public static WasmValue F64(double value) => new(ValueType.F64, BitConverter.DoubleToUInt64Bits(value));
    public static WasmValue F32Bits(uint bits) => new(ValueType.F32, bits);
    public static WasmValue F64Bits(ulong bits) => new(ValueType.F64, bits);
    public static WasmValue V128(ulong low, ulong high) => new(ValueType.V128, low, high);
    public static WasmValue FuncRef(FunctionInstance? function) => new(ValueType.FuncRef, 0, 0, function);
    public static WasmValue ExternRef(object? value) => new(ValueType.ExternRef, 0, 0, value);
    public static WasmValue Null(ValueType referenceType) => new(referenceType, 0);

    /// <summary>The default (zero or null) value of a type.</summary>
    public static WasmValue Default(ValueType type) => new(type, 0);

    public int AsI32() => (int)(uint)Bits;
    public long AsI64() => (long)Bits;
    public float AsF32() => BitConverter.UInt32BitsToSingle((uint)Bits);
    public double AsF64() => BitConverter.UInt64BitsToDouble(Bits);
    public bool IsNull => Type.IsReference() && Reference is null;

    /// <summary>Number of 64-bit slots a value of <paramref name="type"/> occupies in engines.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SlotCount(ValueType type) => type == ValueType.V128 ? 2 : 1;

    /// <summary>Total slots of a sequence of types.</summary>
    public static int SlotCount(ReadOnlySpan<ValueType> types)
    {
        var n = 0;
        foreach (var t in types)
        {
            n += SlotCount(t);
        }
        return n;
    }

    /// <summary>Writes this value into engine slots; references become store handles.</summary>
    public int ToSlots(Store store, Span<ulong> slots)
    {
        switch (Type)
        {
            case ValueType.V128:
                slots[0] = Bits;
                slots[1] = High;
                return 2;
            case ValueType.FuncRef:
                slots[0] = Reference is FunctionInstance f ? store.HandleOf(f) : 0;
                return 1;
            case ValueType.ExternRef:
                slots[0] = store.InternExtern(Reference);
                return 1;
            default:
                slots[0] = Bits;
                return 1;
        }
    }

    /// <summary>Reads a value of <paramref name="type"/> from engine slots.</summary>
    public static WasmValue FromSlots(Store store, ValueType type, ReadOnlySpan<ulong> slots) => type switch
    {
        ValueType.V128 => V128(slots[0], slots[1]),
        ValueType.FuncRef => FuncRef(store.GetFunction(slots[0])),
        ValueType.ExternRef => ExternRef(store.GetExtern(slots[0])),
        ValueType.I32 => I32((int)(uint)slots[0]),
        _ => new WasmValue(type, slots[0]),
    };

    public bool Equals(WasmValue other) =>
        Type == other.Type && Bits == other.Bits && High == other.High && Equals(Reference, other.Reference);

    public override bool Equals(object? obj) => obj is WasmValue v && Equals(v);

    public override int GetHashCode() => HashCode.Combine(Type, Bits, High, Reference);

    public override string ToString() => Type switch
    {
        ValueType.I32 => $"i32:{AsI32()}",
        ValueType.I64 => $"i64:{AsI64()}",
        ValueType.F32 => $"f32:{AsF32()}",
        ValueType.F64 => $"f64:{AsF64()}",
        ValueType.V128 => $"v128:0x{High:X16}{Bits:X16}",
        _ => Reference is null ? $"{Type.Name()}:null" : $"{Type.Name()}:{Reference}",
    };
}
