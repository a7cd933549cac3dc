using System.Runtime.CompilerServices;
using Microwasm.Model;
using Microwasm.Runtime;

namespace Microwasm.Host;

/// <summary>
/// An exported function checked against a typed delegate's CLR types, with everything a call needs
/// precomputed: argument slot offsets, the slot count to stack-allocate, the store's guard.
/// </summary>
internal sealed class TypedTarget
{
    private readonly FunctionInstance _function;
    private readonly StoreGuard _guard;
    private readonly int[] _slots;

    private TypedTarget(FunctionInstance function, Store store, int[] slots)
    {
        _function = function;
        Store = store;
        _guard = StoreGuard.For(store);
        _slots = slots;
        SlotCount = Math.Max(Math.Max(function.ParameterSlots, function.ResultSlots), 1);
        ResultType = function.Type.Results.Length > 0 ? function.Type.Results[0] : default;
    }

    public Store Store { get; }

    /// <summary>Slots a call needs: max(parameter slots, result slots, 1).</summary>
    public int SlotCount { get; }

    /// <summary>The wasm type of the single result, if any.</summary>
    public ValueType ResultType { get; }

    /// <summary>The slot offset of parameter <paramref name="index"/>.</summary>
    public int Slot(int index) => _slots[index];

    /// <summary>Runs the function on the calling thread's context, holding the store for the call.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Run(Span<ulong> slots)
    {
        var claimed = _guard.Enter();
        try
        {
            _function.Invoke(ExecutionEnvironment.ForCurrentThread(Store), slots);
        }
        finally
        {
            _guard.Exit(claimed);
        }
    }

    /// <summary>Finds export <paramref name="name"/> and checks its type against the delegate's CLR types.</summary>
    /// <exception cref="WasmLinkException">No such function, or its type differs.</exception>
    public static TypedTarget Create(Instance instance, string name, Type[] parameters, Type? result)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(name);
        var function = FindFunction(instance, name);
        var type = function.Type;
        var ok = type.Parameters.Length == parameters.Length && type.Results.Length == (result is null ? 0 : 1);
        var slots = new int[parameters.Length];
        var slot = 0;
        for (var i = 0; i < parameters.Length && ok; i++)
        {
            ok = Matches(parameters[i], type.Parameters[i]);
            slots[i] = slot;
            slot += WasmValue.SlotCount(type.Parameters[i]);
        }
        if (ok && result is not null)
        {
            ok = Matches(result, type.Results[0]);
        }
        if (!ok)
        {
            throw new WasmLinkException(
                $"exported function {WasmName.Quote(name)} is func {type}; {DelegateName(parameters, result)} calls it as func {Describe(parameters, result)}");
        }
        return new TypedTarget(function, instance.Store, slots);
    }

    /// <summary>The exported function <paramref name="name"/>, or a link error saying what the export is instead.</summary>
    internal static FunctionInstance FindFunction(Instance instance, string name) => instance.GetExport(name) switch
    {
        FunctionInstance f => f,
        null => throw new WasmLinkException($"the instance has no export named {WasmName.Quote(name)}"),
        var other => throw new WasmLinkException($"export {WasmName.Quote(name)} is a {other.Kind.ToString().ToLowerInvariant()}, not a function"),
    };

    private static bool Matches(Type clr, ValueType wasm) =>
        HostValues.TryGetValueType(clr, out var expected) && (expected is null || expected == wasm);

    private static string Describe(Type[] parameters, Type? result)
    {
        static string Wasm(Type t) => HostValues.TryGetValueType(t, out var v) ? v?.Name() ?? "any" : t.Name + "?";
        var results = result is null ? "" : Wasm(result);
        return $"({string.Join(" ", parameters.Select(Wasm))}) -> ({results})";
    }

    private static string DelegateName(Type[] parameters, Type? result)
    {
        var arguments = parameters.Select(CSharpName).ToList();
        if (result is not null)
        {
            arguments.Add(CSharpName(result));
        }
        var kind = result is null ? "Action" : "Func";
        return arguments.Count == 0 ? kind : $"{kind}<{string.Join(", ", arguments)}>";
    }

    private static string CSharpName(Type t) =>
        t == typeof(int) ? "int" : t == typeof(uint) ? "uint" : t == typeof(long) ? "long" : t == typeof(ulong) ? "ulong" :
        t == typeof(float) ? "float" : t == typeof(double) ? "double" : t.Name;
}
