using System.Runtime.CompilerServices;
using Microwasm.Model;
using Microwasm.Runtime;

namespace Microwasm.Compiler;

/// <summary>A function defined by a module instance and compiled to CIL.</summary>
[System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("AOT", "IL3050", Justification = "The compiler runs only where dynamic code is supported: CompilerEngine.Compile checks RuntimeFeature.IsDynamicCodeSupported.")]
[System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2055", Justification = "Func and Action over primitive value types: their Invoke is made by the runtime.")]
[System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "Func and Action over primitive value types: their Invoke is made by the runtime.")]
[System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2060", Justification = "Func and Action over primitive value types.")]
internal sealed unsafe class CompiledFunction : FunctionInstance
{
    private string? _displayName;
    private object? _typed;
    private EntryThunk? _entry;

    public CompiledFunction(Instance instance, CompiledWasmModule module, int definedIndex)
        : base(module.Module.Types[module.Module.Functions[definedIndex]])
    {
        Instance = instance;
        Module = module;
        DefinedIndex = definedIndex;
    }

    public Instance Instance { get; }

    public CompiledWasmModule Module { get; }

    public int DefinedIndex { get; }

    public override string DisplayName => _displayName ??= MakeDisplayName();

    /// <summary>
    /// A delegate of the function's own signature bound to its instance, through which compiled
    /// code calls it directly (imports, <c>call_indirect</c>); null where the signature has no
    /// delegate type (several results, many parameters), and such calls go through slots.
    /// </summary>
    public object? TypedDelegate
    {
        get
        {
            var typed = Volatile.Read(ref _typed);
            if (typed is null && Module.BindTypedDelegate(DefinedIndex, Instance) is { } bound)
            {
                // two threads may both make one; either serves
                typed = bound;
                Volatile.Write(ref _typed, typed);
            }
            return typed;
        }
    }

    /// <summary>The entry from outside compiled code: the same guards as the interpreter's entry.</summary>
    internal override void Invoke(ExecutionEnvironment context, Span<ulong> slots)
    {
        var depth = context.CallDepth;
        if (depth >= context.Store.Options.MaxCallDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new WasmTrap(TrapKind.CallStackExhausted);
        }
        if (context.InterruptRequested)
        {
            throw new WasmTrap(TrapKind.Interrupted);
        }
        context.EnsureInterpreterStacks();
        var entry = _entry ??= Module.Entry(DefinedIndex);
        var savedCaller = context.CallerInstance;
        var savedTop = context.StackTop;
        // a thread's outermost entry keeps the store's memories mapped (see Store.EnterExecution)
        var store = depth == 0 ? context.Store : null;
        store?.EnterExecution(context);
        try
        {
            fixed (ulong* p = slots)
            {
                entry(Instance, context, depth + 1, p);
            }
        }
        catch (WasmTrap trap) when (RecordFrame(trap))
        {
            // never entered: the filter adds this function to the wasm stack and declines
        }
        finally
        {
            context.CallDepth = depth;
            context.CallerInstance = savedCaller;
            context.StackTop = savedTop;
            store?.ExitExecution(context);
        }
    }

    /// <summary>Adds the compiled frames the trap passed on its way to this entry to its wasm stack, and declines.</summary>
    private bool RecordFrame(WasmTrap trap)
    {
        CompiledFrames.Record(trap, this);
        return false;
    }

    private string MakeDisplayName()
    {
        var module = Module.Module;
        var index = (uint)(module.ImportedFunctionCount + DefinedIndex);
        var name = module.GetFunctionName(index) is { } functionName ? WasmName.Escape(functionName) : $"func[{index}]";
        return Instance.Name is { } instanceName ? $"{WasmName.Escape(instanceName)}!{name}" : name;
    }
}
