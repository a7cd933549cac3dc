using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text;
using Microwasm.Model;
using Microwasm.Runtime;

namespace Microwasm.Host;

/// <summary>
/// Conversions between CLR values and the engines' slots for the typed embedding API. Every method
/// is generic over the CLR type and branches on <c>typeof(T)</c>, which the JIT folds for value
/// types, so a typed call or host adapter compiles to straight-line loads and stores.
/// </summary>
internal static unsafe class HostValues
{
    /// <summary>The wasm type a CLR type stands for; null for <see cref="WasmValue"/> (any type).</summary>
    public static bool TryGetValueType(Type type, out ValueType? valueType)
    {
        valueType = null;
        if (type == typeof(int) || type == typeof(uint))
        {
            valueType = ValueType.I32;
        }
        else if (type == typeof(long) || type == typeof(ulong))
        {
            valueType = ValueType.I64;
        }
        else if (type == typeof(float))
        {
            valueType = ValueType.F32;
        }
        else if (type == typeof(double))
        {
            valueType = ValueType.F64;
        }
        else if (type != typeof(WasmValue))
        {
            return false;
        }
        return true;
    }

    /// <summary>Writes <paramref name="value"/> at <paramref name="slot"/>; returns the slots used.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ToSlots<T>(T value, Span<ulong> slots, int slot, Store store)
    {
        if (typeof(T) == typeof(int))
        {
            slots[slot] = (uint)Unsafe.As<T, int>(ref value);
        }
        else if (typeof(T) == typeof(uint))
        {
            slots[slot] = Unsafe.As<T, uint>(ref value);
        }
        else if (typeof(T) == typeof(long) || typeof(T) == typeof(ulong))
        {
            slots[slot] = Unsafe.As<T, ulong>(ref value);
        }
        else if (typeof(T) == typeof(float))
        {
            slots[slot] = BitConverter.SingleToUInt32Bits(Unsafe.As<T, float>(ref value));
        }
        else if (typeof(T) == typeof(double))
        {
            slots[slot] = BitConverter.DoubleToUInt64Bits(Unsafe.As<T, double>(ref value));
        }
        else if (typeof(T) == typeof(WasmValue))
        {
            Unsafe.As<T, WasmValue>(ref value).ToSlots(store, slots[slot..]);
        }
        else
        {
            throw new NotSupportedException(typeof(T).Name);
        }
    }

    /// <summary>Reads a <typeparamref name="T"/> of wasm type <paramref name="type"/> from <paramref name="slot"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T FromSlots<T>(Span<ulong> slots, int slot, ValueType type, Store store)
    {
        if (typeof(T) == typeof(int) || typeof(T) == typeof(uint))
        {
            var v = (uint)slots[slot];
            return Unsafe.As<uint, T>(ref v);
        }
        if (typeof(T) == typeof(long) || typeof(T) == typeof(ulong))
        {
            var v = slots[slot];
            return Unsafe.As<ulong, T>(ref v);
        }
        if (typeof(T) == typeof(float))
        {
            var v = BitConverter.UInt32BitsToSingle((uint)slots[slot]);
            return Unsafe.As<float, T>(ref v);
        }
        if (typeof(T) == typeof(double))
        {
            var v = BitConverter.UInt64BitsToDouble(slots[slot]);
            return Unsafe.As<double, T>(ref v);
        }
        if (typeof(T) == typeof(WasmValue))
        {
            var v = WasmValue.FromSlots(store, type, slots[slot..]);
            return Unsafe.As<WasmValue, T>(ref v);
        }
        throw new NotSupportedException(typeof(T).Name);
    }

    /// <summary>Converts the wasm argument(s) described by <paramref name="parameter"/> into a host delegate's argument.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Argument<T>(ExecutionEnvironment context, Span<ulong> slots, in HostParameter parameter)
        where T : allows ref struct
    {
        if (typeof(T) == typeof(int) || typeof(T) == typeof(uint))
        {
            var v = (uint)slots[parameter.Slot];
            return Unsafe.As<uint, T>(ref v);
        }
        if (typeof(T) == typeof(long) || typeof(T) == typeof(ulong))
        {
            var v = slots[parameter.Slot];
            return Unsafe.As<ulong, T>(ref v);
        }
        if (typeof(T) == typeof(float))
        {
            var v = BitConverter.UInt32BitsToSingle((uint)slots[parameter.Slot]);
            return Unsafe.As<float, T>(ref v);
        }
        if (typeof(T) == typeof(double))
        {
            var v = BitConverter.UInt64BitsToDouble(slots[parameter.Slot]);
            return Unsafe.As<double, T>(ref v);
        }
        if (typeof(T) == typeof(Caller))
        {
            var v = new Caller(context);
            return Unsafe.As<Caller, T>(ref v);
        }
        if (typeof(T) == typeof(WasmValue))
        {
            var v = WasmValue.FromSlots(context.Store, parameter.Type, slots[parameter.Slot..]);
            return Unsafe.As<WasmValue, T>(ref v);
        }
        if (typeof(T) == typeof(Span<byte>))
        {
            var v = PointerArgument(context, slots, parameter);
            return Unsafe.As<Span<byte>, T>(ref v);
        }
        if (typeof(T) == typeof(ReadOnlySpan<byte>))
        {
            var v = StringArgument(context, (uint)slots[parameter.Slot]);
            return Unsafe.As<ReadOnlySpan<byte>, T>(ref v);
        }
        if (typeof(T) == typeof(string))
        {
            var v = Encoding.UTF8.GetString(StringArgument(context, (uint)slots[parameter.Slot]));
            return Unsafe.As<string, T>(ref v);
        }
        if (typeof(T) == typeof(object))
        {
            var v = context.Store.GetExtern(slots[parameter.Slot]);
            return Unsafe.As<object?, T>(ref v);
        }
        throw new NotSupportedException(typeof(T).Name);
    }

    /// <summary>Writes a host delegate's result into slot 0 as wasm type <paramref name="type"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Result<T>(ExecutionEnvironment context, Span<ulong> slots, T value, ValueType type)
    {
        if (typeof(T) == typeof(WasmValue))
        {
            var v = Unsafe.As<T, WasmValue>(ref value);
            if (v.Type != type)
            {
                throw new WasmTrap(TrapKind.Host, $"host function returned {v.Type.Name()}, expected {type.Name()}");
            }
            v.ToSlots(context.Store, slots);
        }
        else if (typeof(T) == typeof(object))
        {
            slots[0] = context.Store.InternExtern(Unsafe.As<T, object?>(ref value));
        }
        else
        {
            ToSlots(value, slots, 0, context.Store);
        }
    }

    /// <summary>The memory a host function's pointers refer to: the calling instance's default memory.</summary>
    public static MemoryInstance CallerMemory(ExecutionEnvironment context) =>
        context.CallerInstance?.Memory ?? throw new WasmTrap(TrapKind.Host, "a pointer argument needs a calling instance with a memory");

    /// <summary>The span for a <c>*</c> or <c>*~</c> argument, checked before the host delegate runs.</summary>
    private static Span<byte> PointerArgument(ExecutionEnvironment context, Span<ulong> slots, in HostParameter parameter)
    {
        var memory = new GuestMemory(CallerMemory(context));
        ulong address = (uint)slots[parameter.Slot];
        if (parameter.Kind == HostParameterKind.PointerWithLength)
        {
            return memory.GetSpan(address, (uint)slots[parameter.Slot + 1]);
        }
        // WAMR checks one byte for a pointer without a length; the native may read on to the end of
        // memory, so the span does too (capped at what a span can hold).
        memory.CheckRange(address, 1);
        return memory.GetSpan(address, Math.Min(memory.Length - address, int.MaxValue));
    }

    /// <summary>The bytes of the NUL-terminated string at <paramref name="address"/> (without the NUL); traps unless the NUL lies inside memory.</summary>
    public static ReadOnlySpan<byte> StringArgument(ExecutionEnvironment context, uint address) => new GuestMemory(CallerMemory(context)).GetCString(address);

    /// <summary>Turns an exception thrown by host code into a trap the wasm caller sees, keeping the original as the inner exception.</summary>
    [DoesNotReturn]
    public static void ThrowHostException(Exception exception, string name) =>
        throw new WasmTrap(TrapKind.Host, $"host function {name} threw {exception.GetType().Name}: {WasmName.Escape(exception.Message, WasmName.MessageMaxLength)}", exception);
}
