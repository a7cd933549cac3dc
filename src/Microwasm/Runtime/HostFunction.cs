using Microwasm.Model;

namespace Microwasm.Runtime;

/// <summary>
/// The raw form of a host function: arguments arrive in <paramref name="slots"/> (engine slot
/// format) and results are written from index 0.
/// </summary>
public delegate void HostCallback(ExecutionEnvironment context, Span<ulong> slots);

/// <summary>A function implemented by the host (C#).</summary>
public sealed class HostFunction : FunctionInstance
{
    private readonly HostCallback _callback;

    public HostFunction(FuncType type, HostCallback callback, string? name = null) : base(type)
    {
        _callback = callback;
        Name = name;
    }

    /// <summary>A convenient (allocating) form taking and returning typed values.</summary>
    public HostFunction(FuncType type, Func<WasmValue[], WasmValue[]> function, string? name = null)
        : this(type, Adapt(type, function), name)
    {
    }

    public string? Name { get; }

    public override string DisplayName => Name ?? "host function";

    /// <remarks>
    /// An exception other than a <see cref="WasmException"/> becomes a <see cref="WasmTrap"/> of kind
    /// <see cref="TrapKind.Host"/> with the exception inside, as the embedding API's adapters do: the
    /// wasm caller sees a trap with its wasm stack, never a raw .NET exception passing through frames
    /// that do not expect it.
    /// </remarks>
    internal override void Invoke(ExecutionEnvironment context, Span<ulong> slots)
    {
        // Called by the host rather than by wasm: the call is an execution of the store (its
        // memories stay mapped and GuestMemory hands out spans) as a wasm caller's would be.
        var outermost = context.Executions == 0;
        if (outermost)
        {
            context.Store.EnterExecution(context);
        }
        try
        {
            _callback(context, slots);
        }
        catch (Exception e) when (e is not WasmException)
        {
            throw new WasmTrap(TrapKind.Host, $"host function {DisplayName} threw {e.GetType().Name}: {WasmName.Escape(e.Message, WasmName.MessageMaxLength)}", e);
        }
        finally
        {
            if (outermost)
            {
                context.Store.ExitExecution(context);
            }
        }
    }

    private static HostCallback Adapt(FuncType type, Func<WasmValue[], WasmValue[]> function) => (context, slots) =>
    {
        var store = context.Store;
        var args = new WasmValue[type.Parameters.Length];
        var at = 0;
        for (var i = 0; i < args.Length; i++)
        {
            args[i] = WasmValue.FromSlots(store, type.Parameters[i], slots[at..]);
            at += WasmValue.SlotCount(type.Parameters[i]);
        }
        var results = function(args);
        if (results.Length != type.Results.Length)
        {
            throw new WasmTrap(TrapKind.Host, $"host function returned {results.Length} values, expected {type.Results.Length}");
        }
        at = 0;
        for (var i = 0; i < results.Length; i++)
        {
            if (results[i].Type != type.Results[i])
            {
                throw new WasmTrap(TrapKind.Host, $"host function result {i} is {results[i].Type.Name()}, expected {type.Results[i].Name()}");
            }
            at += results[i].ToSlots(store, slots[at..]);
        }
    };
}
