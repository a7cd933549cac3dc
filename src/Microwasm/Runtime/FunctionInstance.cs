using Microwasm.Model;

namespace Microwasm.Runtime;

/// <summary>A function: defined by a wasm module (run by an engine) or by the host.</summary>
public abstract class FunctionInstance : Extern
{
    protected FunctionInstance(FuncType type)
    {
        Type = type;
        ParameterSlots = WasmValue.SlotCount(type.Parameters);
        ResultSlots = WasmValue.SlotCount(type.Results);
    }

    public override ExternalKind Kind => ExternalKind.Function;

    public FuncType Type { get; }

    /// <summary>The funcref handle in <see cref="Extern.Store"/> (0 until the store registers the function).</summary>
    internal ulong Handle;

    /// <summary>
    /// The compiler's <c>call_indirect</c> fast path (see Compiler/RATIONALE.md): the signature key
    /// of <see cref="IndirectTarget"/>, 0 until the compiler's slow path caches a typed delegate
    /// that calls this function. Written after <see cref="IndirectTarget"/>, read before it.
    /// </summary>
    internal long IndirectKey;

    /// <summary>The typed delegate compiled code calls this function through; set with <see cref="IndirectKey"/>.</summary>
    internal object? IndirectTarget;

    internal int ParameterSlots { get; }

    internal int ResultSlots { get; }

    /// <summary>A name for stack traces.</summary>
    public virtual string DisplayName => "host function";

    /// <summary>
    /// The engines' calling convention: <paramref name="slots"/> holds the arguments on entry and
    /// receives the results from index 0; it is at least max(parameter slots, result slots) long.
    /// </summary>
    internal abstract void Invoke(ExecutionEnvironment context, Span<ulong> slots);

    /// <summary>
    /// Calls the function with typed arguments on the calling thread's execution context of
    /// <paramref name="store"/> (needed for references); traps surface as <see cref="WasmTrap"/>.
    /// </summary>
    /// <exception cref="WasmLinkException">The function, or a funcref argument, belongs to another store.</exception>
    public WasmValue[] Invoke(Store store, params WasmValue[] args)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (Store is { } owner && !ReferenceEquals(owner, store))
        {
            throw ForeignStore($"function {DisplayName}");
        }
        var parameters = Type.Parameters;
        if (args.Length != parameters.Length)
        {
            throw new ArgumentException($"expected {parameters.Length} arguments for {Type}, got {args.Length}");
        }
        Span<ulong> slots = stackalloc ulong[Math.Max(Math.Max(ParameterSlots, ResultSlots), 1)];
        var at = 0;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].Type != parameters[i])
            {
                throw new ArgumentException($"argument {i} is {args[i].Type.Name()}, expected {parameters[i].Name()}");
            }
            at += args[i].ToSlots(store, slots[at..]);
        }
        Invoke(ExecutionEnvironment.ForCurrentThread(store), slots);
        var results = new WasmValue[Type.Results.Length];
        at = 0;
        for (var i = 0; i < results.Length; i++)
        {
            var t = Type.Results[i];
            results[i] = WasmValue.FromSlots(store, t, slots[at..]);
            at += WasmValue.SlotCount(t);
        }
        return results;
    }
}
