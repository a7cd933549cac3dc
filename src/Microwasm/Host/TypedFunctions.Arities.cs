// Typed calls of exported functions for 0 to 8 parameters (one pattern per arity): the signature
// is checked once at lookup; each call converts its arguments into stack-allocated slots.
using System.Runtime.CompilerServices;
using Microwasm.Runtime;

namespace Microwasm.Host;

public static partial class TypedFunctions
{
    /// <summary>Looks up exported function <paramref name="name"/> and checks once that its type is () -> TResult; the delegate calls it without allocating.</summary>
    /// <exception cref="WasmLinkException">There is no such exported function, or its type differs (the message shows both).</exception>
    public static Func<TResult> GetFunction<TResult>(this Instance instance, string name) =>
        new TypedFunc<TResult>(TypedTarget.Create(instance, name, [], typeof(TResult))).Invoke;

    /// <summary>Looks up exported function <paramref name="name"/> and checks once that its type is () -> (); the delegate calls it without allocating.</summary>
    /// <exception cref="WasmLinkException">There is no such exported function, or its type differs (the message shows both).</exception>
    public static Action GetAction(this Instance instance, string name) =>
        new TypedAction(TypedTarget.Create(instance, name, [], null)).Invoke;

    /// <summary>Looks up exported function <paramref name="name"/> and checks once that its type is (T1) -> TResult; the delegate calls it without allocating.</summary>
    /// <exception cref="WasmLinkException">There is no such exported function, or its type differs (the message shows both).</exception>
    public static Func<T1, TResult> GetFunction<T1, TResult>(this Instance instance, string name) =>
        new TypedFunc<T1, TResult>(TypedTarget.Create(instance, name, [typeof(T1)], typeof(TResult))).Invoke;

    /// <summary>Looks up exported function <paramref name="name"/> and checks once that its type is (T1) -> (); the delegate calls it without allocating.</summary>
    /// <exception cref="WasmLinkException">There is no such exported function, or its type differs (the message shows both).</exception>
    public static Action<T1> GetAction<T1>(this Instance instance, string name) =>
        new TypedAction<T1>(TypedTarget.Create(instance, name, [typeof(T1)], null)).Invoke;

    /// <summary>Looks up exported function <paramref name="name"/> and checks once that its type is (T1, T2) -> TResult; the delegate calls it without allocating.</summary>
    /// <exception cref="WasmLinkException">There is no such exported function, or its type differs (the message shows both).</exception>
    public static Func<T1, T2, TResult> GetFunction<T1, T2, TResult>(this Instance instance, string name) =>
        new TypedFunc<T1, T2, TResult>(TypedTarget.Create(instance, name, [typeof(T1), typeof(T2)], typeof(TResult))).Invoke;

    /// <summary>Looks up exported function <paramref name="name"/> and checks once that its type is (T1, T2) -> (); the delegate calls it without allocating.</summary>
    /// <exception cref="WasmLinkException">There is no such exported function, or its type differs (the message shows both).</exception>
    public static Action<T1, T2> GetAction<T1, T2>(this Instance instance, string name) =>
        new TypedAction<T1, T2>(TypedTarget.Create(instance, name, [typeof(T1), typeof(T2)], null)).Invoke;

    /// <summary>Looks up exported function <paramref name="name"/> and checks once that its type is (T1, T2, T3) -> TResult; the delegate calls it without allocating.</summary>
    /// <exception cref="WasmLinkException">There is no such exported function, or its type differs (the message shows both).</exception>
    public static Func<T1, T2, T3, TResult> GetFunction<T1, T2, T3, TResult>(this Instance instance, string name) =>
        new TypedFunc<T1, T2, T3, TResult>(TypedTarget.Create(instance, name, [typeof(T1), typeof(T2), typeof(T3)], typeof(TResult))).Invoke;

    /// <summary>Looks up exported function <paramref name="name"/> and checks once that its type is (T1, T2, T3) -> (); the delegate calls it without allocating.</summary>
    /// <exception cref="WasmLinkException">There is no such exported function, or its type differs (the message shows both).</exception>
    public static Action<T1, T2, T3> GetAction<T1, T2, T3>(this Instance instance, string name) =>
        new TypedAction<T1, T2, T3>(TypedTarget.Create(instance, name, [typeof(T1), typeof(T2), typeof(T3)], null)).Invoke;

    /// <summary>Looks up exported function <paramref name="name"/> and checks once that its type is (T1, T2, T3, T4) -> TResult; the delegate calls it without allocating.</summary>
    /// <exception cref="WasmLinkException">There is no such exported function, or its type differs (the message shows both).</exception>
    public static Func<T1, T2, T3, T4, TResult> GetFunction<T1, T2, T3, T4, TResult>(this Instance instance, string name) =>
        new TypedFunc<T1, T2, T3, T4, TResult>(TypedTarget.Create(instance, name, [typeof(T1), typeof(T2), typeof(T3), typeof(T4)], typeof(TResult))).Invoke;

    /// <summary>Looks up exported function <paramref name="name"/> and checks once that its type is (T1, T2, T3, T4) -> (); the delegate calls it without allocating.</summary>
    /// <exception cref="WasmLinkException">There is no such exported function, or its type differs (the message shows both).</exception>
    public static Action<T1, T2, T3, T4> GetAction<T1, T2, T3, T4>(this Instance instance, string name) =>
        new TypedAction<T1, T2, T3, T4>(TypedTarget.Create(instance, name, [typeof(T1), typeof(T2), typeof(T3), typeof(T4)], null)).Invoke;

    /// <summary>Looks up exported function <paramref name="name"/> and checks once that its type is (T1, T2, T3, T4, T5) -> TResult; the delegate calls it without allocating.</summary>
    /// <exception cref="WasmLinkException">There is no such exported function, or its type differs (the message shows both).</exception>
    public static Func<T1, T2, T3, T4, T5, TResult> GetFunction<T1, T2, T3, T4, T5, TResult>(this Instance instance, string name) =>
        new TypedFunc<T1, T2, T3, T4, T5, TResult>(TypedTarget.Create(instance, name, [typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5)], typeof(TResult))).Invoke;

    /// <summary>Looks up exported function <paramref name="name"/> and checks once that its type is (T1, T2, T3, T4, T5) -> (); the delegate calls it without allocating.</summary>
    /// <exception cref="WasmLinkException">There is no such exported function, or its type differs (the message shows both).</exception>
    public static Action<T1, T2, T3, T4, T5> GetAction<T1, T2, T3, T4, T5>(this Instance instance, string name) =>
        new TypedAction<T1, T2, T3, T4, T5>(TypedTarget.Create(instance, name, [typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5)], null)).Invoke;

    /// <summary>Looks up exported function <paramref name="name"/> and checks once that its type is (T1, T2, T3, T4, T5, T6) -> TResult; the delegate calls it without allocating.</summary>
    /// <exception cref="WasmLinkException">There is no such exported function, or its type differs (the message shows both).</exception>
    public static Func<T1, T2, T3, T4, T5, T6, TResult> GetFunction<T1, T2, T3, T4, T5, T6, TResult>(this Instance instance, string name) =>
        new TypedFunc<T1, T2, T3, T4, T5, T6, TResult>(TypedTarget.Create(instance, name, [typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5), typeof(T6)], typeof(TResult))).Invoke;

    /// <summary>Looks up exported function <paramref name="name"/> and checks once that its type is (T1, T2, T3, T4, T5, T6) -> (); the delegate calls it without allocating.</summary>
    /// <exception cref="WasmLinkException">There is no such exported function, or its type differs (the message shows both).</exception>
    public static Action<T1, T2, T3, T4, T5, T6> GetAction<T1, T2, T3, T4, T5, T6>(this Instance instance, string name) =>
        new TypedAction<T1, T2, T3, T4, T5, T6>(TypedTarget.Create(instance, name, [typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5), typeof(T6)], null)).Invoke;

    /// <summary>Looks up exported function <paramref name="name"/> and checks once that its type is (T1, T2, T3, T4, T5, T6, T7) -> TResult; the delegate calls it without allocating.</summary>
    /// <exception cref="WasmLinkException">There is no such exported function, or its type differs (the message shows both).</exception>
    public static Func<T1, T2, T3, T4, T5, T6, T7, TResult> GetFunction<T1, T2, T3, T4, T5, T6, T7, TResult>(this Instance instance, string name) =>
        new TypedFunc<T1, T2, T3, T4, T5, T6, T7, TResult>(TypedTarget.Create(instance, name, [typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5), typeof(T6), typeof(T7)], typeof(TResult))).Invoke;

    /// <summary>Looks up exported function <paramref name="name"/> and checks once that its type is (T1, T2, T3, T4, T5, T6, T7) -> (); the delegate calls it without allocating.</summary>
    /// <exception cref="WasmLinkException">There is no such exported function, or its type differs (the message shows both).</exception>
    public static Action<T1, T2, T3, T4, T5, T6, T7> GetAction<T1, T2, T3, T4, T5, T6, T7>(this Instance instance, string name) =>
        new TypedAction<T1, T2, T3, T4, T5, T6, T7>(TypedTarget.Create(instance, name, [typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5), typeof(T6), typeof(T7)], null)).Invoke;

    /// <summary>Looks up exported function <paramref name="name"/> and checks once that its type is (T1, T2, T3, T4, T5, T6, T7, T8) -> TResult; the delegate calls it without allocating.</summary>
    /// <exception cref="WasmLinkException">There is no such exported function, or its type differs (the message shows both).</exception>
    public static Func<T1, T2, T3, T4, T5, T6, T7, T8, TResult> GetFunction<T1, T2, T3, T4, T5, T6, T7, T8, TResult>(this Instance instance, string name) =>
        new TypedFunc<T1, T2, T3, T4, T5, T6, T7, T8, TResult>(TypedTarget.Create(instance, name, [typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5), typeof(T6), typeof(T7), typeof(T8)], typeof(TResult))).Invoke;

    /// <summary>Looks up exported function <paramref name="name"/> and checks once that its type is (T1, T2, T3, T4, T5, T6, T7, T8) -> (); the delegate calls it without allocating.</summary>
    /// <exception cref="WasmLinkException">There is no such exported function, or its type differs (the message shows both).</exception>
    public static Action<T1, T2, T3, T4, T5, T6, T7, T8> GetAction<T1, T2, T3, T4, T5, T6, T7, T8>(this Instance instance, string name) =>
        new TypedAction<T1, T2, T3, T4, T5, T6, T7, T8>(TypedTarget.Create(instance, name, [typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5), typeof(T6), typeof(T7), typeof(T8)], null)).Invoke;
}

internal sealed class TypedFunc<TResult>(TypedTarget target)
{
    private readonly Store _store = target.Store;
    private readonly ValueType _result = target.ResultType;

    [SkipLocalsInit]
    public TResult Invoke()
    {
        Span<ulong> slots = stackalloc ulong[target.SlotCount];
        target.Run(slots);
        return HostValues.FromSlots<TResult>(slots, 0, _result, _store);
    }
}

internal sealed class TypedAction(TypedTarget target)
{
    private readonly Store _store = target.Store;

    [SkipLocalsInit]
    public void Invoke()
    {
        Span<ulong> slots = stackalloc ulong[target.SlotCount];
        target.Run(slots);
    }
}

internal sealed class TypedFunc<T1, TResult>(TypedTarget target)
{
    private readonly Store _store = target.Store;
    private readonly int _s1 = target.Slot(0);
    private readonly ValueType _result = target.ResultType;

    [SkipLocalsInit]
    public TResult Invoke(T1 a1)
    {
        Span<ulong> slots = stackalloc ulong[target.SlotCount];
        HostValues.ToSlots(a1, slots, _s1, _store);
        target.Run(slots);
        return HostValues.FromSlots<TResult>(slots, 0, _result, _store);
    }
}

internal sealed class TypedAction<T1>(TypedTarget target)
{
    private readonly Store _store = target.Store;
    private readonly int _s1 = target.Slot(0);

    [SkipLocalsInit]
    public void Invoke(T1 a1)
    {
        Span<ulong> slots = stackalloc ulong[target.SlotCount];
        HostValues.ToSlots(a1, slots, _s1, _store);
        target.Run(slots);
    }
}

internal sealed class TypedFunc<T1, T2, TResult>(TypedTarget target)
{
    private readonly Store _store = target.Store;
    private readonly int _s1 = target.Slot(0);
    private readonly int _s2 = target.Slot(1);
    private readonly ValueType _result = target.ResultType;

    [SkipLocalsInit]
    public TResult Invoke(T1 a1, T2 a2)
    {
        Span<ulong> slots = stackalloc ulong[target.SlotCount];
        HostValues.ToSlots(a1, slots, _s1, _store);
        HostValues.ToSlots(a2, slots, _s2, _store);
        target.Run(slots);
        return HostValues.FromSlots<TResult>(slots, 0, _result, _store);
    }
}

internal sealed class TypedAction<T1, T2>(TypedTarget target)
{
    private readonly Store _store = target.Store;
    private readonly int _s1 = target.Slot(0);
    private readonly int _s2 = target.Slot(1);

    [SkipLocalsInit]
    public void Invoke(T1 a1, T2 a2)
    {
        Span<ulong> slots = stackalloc ulong[target.SlotCount];
        HostValues.ToSlots(a1, slots, _s1, _store);
        HostValues.ToSlots(a2, slots, _s2, _store);
        target.Run(slots);
    }
}

internal sealed class TypedFunc<T1, T2, T3, TResult>(TypedTarget target)
{
    private readonly Store _store = target.Store;
    private readonly int _s1 = target.Slot(0);
    private readonly int _s2 = target.Slot(1);
    private readonly int _s3 = target.Slot(2);
    private readonly ValueType _result = target.ResultType;

    [SkipLocalsInit]
    public TResult Invoke(T1 a1, T2 a2, T3 a3)
    {
        Span<ulong> slots = stackalloc ulong[target.SlotCount];
        HostValues.ToSlots(a1, slots, _s1, _store);
        HostValues.ToSlots(a2, slots, _s2, _store);
        HostValues.ToSlots(a3, slots, _s3, _store);
        target.Run(slots);
        return HostValues.FromSlots<TResult>(slots, 0, _result, _store);
    }
}

internal sealed class TypedAction<T1, T2, T3>(TypedTarget target)
{
    private readonly Store _store = target.Store;
    private readonly int _s1 = target.Slot(0);
    private readonly int _s2 = target.Slot(1);
    private readonly int _s3 = target.Slot(2);

    [SkipLocalsInit]
    public void Invoke(T1 a1, T2 a2, T3 a3)
    {
        Span<ulong> slots = stackalloc ulong[target.SlotCount];
        HostValues.ToSlots(a1, slots, _s1, _store);
        HostValues.ToSlots(a2, slots, _s2, _store);
        HostValues.ToSlots(a3, slots, _s3, _store);
        target.Run(slots);
    }
}

internal sealed class TypedFunc<T1, T2, T3, T4, TResult>(TypedTarget target)
{
    private readonly Store _store = target.Store;
    private readonly int _s1 = target.Slot(0);
    private readonly int _s2 = target.Slot(1);
    private readonly int _s3 = target.Slot(2);
    private readonly int _s4 = target.Slot(3);
    private readonly ValueType _result = target.ResultType;

    [SkipLocalsInit]
    public TResult Invoke(T1 a1, T2 a2, T3 a3, T4 a4)
    {
        Span<ulong> slots = stackalloc ulong[target.SlotCount];
        HostValues.ToSlots(a1, slots, _s1, _store);
        HostValues.ToSlots(a2, slots, _s2, _store);
        HostValues.ToSlots(a3, slots, _s3, _store);
        HostValues.ToSlots(a4, slots, _s4, _store);
        target.Run(slots);
        return HostValues.FromSlots<TResult>(slots, 0, _result, _store);
    }
}

internal sealed class TypedAction<T1, T2, T3, T4>(TypedTarget target)
{
    private readonly Store _store = target.Store;
    private readonly int _s1 = target.Slot(0);
    private readonly int _s2 = target.Slot(1);
    private readonly int _s3 = target.Slot(2);
    private readonly int _s4 = target.Slot(3);

    [SkipLocalsInit]
    public void Invoke(T1 a1, T2 a2, T3 a3, T4 a4)
    {
        Span<ulong> slots = stackalloc ulong[target.SlotCount];
        HostValues.ToSlots(a1, slots, _s1, _store);
        HostValues.ToSlots(a2, slots, _s2, _store);
        HostValues.ToSlots(a3, slots, _s3, _store);
        HostValues.ToSlots(a4, slots, _s4, _store);
        target.Run(slots);
    }
}

internal sealed class TypedFunc<T1, T2, T3, T4, T5, TResult>(TypedTarget target)
{
    private readonly Store _store = target.Store;
    private readonly int _s1 = target.Slot(0);
    private readonly int _s2 = target.Slot(1);
    private readonly int _s3 = target.Slot(2);
    private readonly int _s4 = target.Slot(3);
    private readonly int _s5 = target.Slot(4);
    private readonly ValueType _result = target.ResultType;

    [SkipLocalsInit]
    public TResult Invoke(T1 a1, T2 a2, T3 a3, T4 a4, T5 a5)
    {
        Span<ulong> slots = stackalloc ulong[target.SlotCount];
        HostValues.ToSlots(a1, slots, _s1, _store);
        HostValues.ToSlots(a2, slots, _s2, _store);
        HostValues.ToSlots(a3, slots, _s3, _store);
        HostValues.ToSlots(a4, slots, _s4, _store);
        HostValues.ToSlots(a5, slots, _s5, _store);
        target.Run(slots);
        return HostValues.FromSlots<TResult>(slots, 0, _result, _store);
    }
}

internal sealed class TypedAction<T1, T2, T3, T4, T5>(TypedTarget target)
{
    private readonly Store _store = target.Store;
    private readonly int _s1 = target.Slot(0);
    private readonly int _s2 = target.Slot(1);
    private readonly int _s3 = target.Slot(2);
    private readonly int _s4 = target.Slot(3);
    private readonly int _s5 = target.Slot(4);

    [SkipLocalsInit]
    public void Invoke(T1 a1, T2 a2, T3 a3, T4 a4, T5 a5)
    {
        Span<ulong> slots = stackalloc ulong[target.SlotCount];
        HostValues.ToSlots(a1, slots, _s1, _store);
        HostValues.ToSlots(a2, slots, _s2, _store);
        HostValues.ToSlots(a3, slots, _s3, _store);
        HostValues.ToSlots(a4, slots, _s4, _store);
        HostValues.ToSlots(a5, slots, _s5, _store);
        target.Run(slots);
    }
}

internal sealed class TypedFunc<T1, T2, T3, T4, T5, T6, TResult>(TypedTarget target)
{
    private readonly Store _store = target.Store;
    private readonly int _s1 = target.Slot(0);
    private readonly int _s2 = target.Slot(1);
    private readonly int _s3 = target.Slot(2);
    private readonly int _s4 = target.Slot(3);
    private readonly int _s5 = target.Slot(4);
    private readonly int _s6 = target.Slot(5);
    private readonly ValueType _result = target.ResultType;

    [SkipLocalsInit]
    public TResult Invoke(T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6)
    {
        Span<ulong> slots = stackalloc ulong[target.SlotCount];
        HostValues.ToSlots(a1, slots, _s1, _store);
        HostValues.ToSlots(a2, slots, _s2, _store);
        HostValues.ToSlots(a3, slots, _s3, _store);
        HostValues.ToSlots(a4, slots, _s4, _store);
        HostValues.ToSlots(a5, slots, _s5, _store);
        HostValues.ToSlots(a6, slots, _s6, _store);
        target.Run(slots);
        return HostValues.FromSlots<TResult>(slots, 0, _result, _store);
    }
}

internal sealed class TypedAction<T1, T2, T3, T4, T5, T6>(TypedTarget target)
{
    private readonly Store _store = target.Store;
    private readonly int _s1 = target.Slot(0);
    private readonly int _s2 = target.Slot(1);
    private readonly int _s3 = target.Slot(2);
    private readonly int _s4 = target.Slot(3);
    private readonly int _s5 = target.Slot(4);
    private readonly int _s6 = target.Slot(5);

    [SkipLocalsInit]
    public void Invoke(T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6)
    {
        Span<ulong> slots = stackalloc ulong[target.SlotCount];
        HostValues.ToSlots(a1, slots, _s1, _store);
        HostValues.ToSlots(a2, slots, _s2, _store);
        HostValues.ToSlots(a3, slots, _s3, _store);
        HostValues.ToSlots(a4, slots, _s4, _store);
        HostValues.ToSlots(a5, slots, _s5, _store);
        HostValues.ToSlots(a6, slots, _s6, _store);
        target.Run(slots);
    }
}

internal sealed class TypedFunc<T1, T2, T3, T4, T5, T6, T7, TResult>(TypedTarget target)
{
    private readonly Store _store = target.Store;
    private readonly int _s1 = target.Slot(0);
    private readonly int _s2 = target.Slot(1);
    private readonly int _s3 = target.Slot(2);
    private readonly int _s4 = target.Slot(3);
    private readonly int _s5 = target.Slot(4);
    private readonly int _s6 = target.Slot(5);
    private readonly int _s7 = target.Slot(6);
    private readonly ValueType _result = target.ResultType;

    [SkipLocalsInit]
    public TResult Invoke(T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7)
    {
        Span<ulong> slots = stackalloc ulong[target.SlotCount];
        HostValues.ToSlots(a1, slots, _s1, _store);
        HostValues.ToSlots(a2, slots, _s2, _store);
        HostValues.ToSlots(a3, slots, _s3, _store);
        HostValues.ToSlots(a4, slots, _s4, _store);
        HostValues.ToSlots(a5, slots, _s5, _store);
        HostValues.ToSlots(a6, slots, _s6, _store);
        HostValues.ToSlots(a7, slots, _s7, _store);
        target.Run(slots);
        return HostValues.FromSlots<TResult>(slots, 0, _result, _store);
    }
}

internal sealed class TypedAction<T1, T2, T3, T4, T5, T6, T7>(TypedTarget target)
{
    private readonly Store _store = target.Store;
    private readonly int _s1 = target.Slot(0);
    private readonly int _s2 = target.Slot(1);
    private readonly int _s3 = target.Slot(2);
    private readonly int _s4 = target.Slot(3);
    private readonly int _s5 = target.Slot(4);
    private readonly int _s6 = target.Slot(5);
    private readonly int _s7 = target.Slot(6);

    [SkipLocalsInit]
    public void Invoke(T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7)
    {
        Span<ulong> slots = stackalloc ulong[target.SlotCount];
        HostValues.ToSlots(a1, slots, _s1, _store);
        HostValues.ToSlots(a2, slots, _s2, _store);
        HostValues.ToSlots(a3, slots, _s3, _store);
        HostValues.ToSlots(a4, slots, _s4, _store);
        HostValues.ToSlots(a5, slots, _s5, _store);
        HostValues.ToSlots(a6, slots, _s6, _store);
        HostValues.ToSlots(a7, slots, _s7, _store);
        target.Run(slots);
    }
}

internal sealed class TypedFunc<T1, T2, T3, T4, T5, T6, T7, T8, TResult>(TypedTarget target)
{
    private readonly Store _store = target.Store;
    private readonly int _s1 = target.Slot(0);
    private readonly int _s2 = target.Slot(1);
    private readonly int _s3 = target.Slot(2);
    private readonly int _s4 = target.Slot(3);
    private readonly int _s5 = target.Slot(4);
    private readonly int _s6 = target.Slot(5);
    private readonly int _s7 = target.Slot(6);
    private readonly int _s8 = target.Slot(7);
    private readonly ValueType _result = target.ResultType;

    [SkipLocalsInit]
    public TResult Invoke(T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7, T8 a8)
    {
        Span<ulong> slots = stackalloc ulong[target.SlotCount];
        HostValues.ToSlots(a1, slots, _s1, _store);
        HostValues.ToSlots(a2, slots, _s2, _store);
        HostValues.ToSlots(a3, slots, _s3, _store);
        HostValues.ToSlots(a4, slots, _s4, _store);
        HostValues.ToSlots(a5, slots, _s5, _store);
        HostValues.ToSlots(a6, slots, _s6, _store);
        HostValues.ToSlots(a7, slots, _s7, _store);
        HostValues.ToSlots(a8, slots, _s8, _store);
        target.Run(slots);
        return HostValues.FromSlots<TResult>(slots, 0, _result, _store);
    }
}

internal sealed class TypedAction<T1, T2, T3, T4, T5, T6, T7, T8>(TypedTarget target)
{
    private readonly Store _store = target.Store;
    private readonly int _s1 = target.Slot(0);
    private readonly int _s2 = target.Slot(1);
    private readonly int _s3 = target.Slot(2);
    private readonly int _s4 = target.Slot(3);
    private readonly int _s5 = target.Slot(4);
    private readonly int _s6 = target.Slot(5);
    private readonly int _s7 = target.Slot(6);
    private readonly int _s8 = target.Slot(7);

    [SkipLocalsInit]
    public void Invoke(T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7, T8 a8)
    {
        Span<ulong> slots = stackalloc ulong[target.SlotCount];
        HostValues.ToSlots(a1, slots, _s1, _store);
        HostValues.ToSlots(a2, slots, _s2, _store);
        HostValues.ToSlots(a3, slots, _s3, _store);
        HostValues.ToSlots(a4, slots, _s4, _store);
        HostValues.ToSlots(a5, slots, _s5, _store);
        HostValues.ToSlots(a6, slots, _s6, _store);
        HostValues.ToSlots(a7, slots, _s7, _store);
        HostValues.ToSlots(a8, slots, _s8, _store);
        target.Run(slots);
    }
}
