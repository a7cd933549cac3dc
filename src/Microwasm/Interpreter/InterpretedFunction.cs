using Microwasm.Model;
using Microwasm.Runtime;

namespace Microwasm.Interpreter;

/// <summary>A function defined by a module instance and run by the interpreter.</summary>
internal sealed class InterpretedFunction : FunctionInstance
{
    private string? _displayName;

    public InterpretedFunction(Instance instance, InterpretedModule module, int definedIndex)
        : base(module.Module.Types[module.Module.Functions[definedIndex]])
    {
        Instance = instance;
        Module = module;
        DefinedIndex = definedIndex;
    }

    public Instance Instance { get; }

    public InterpretedModule Module { get; }

    public int DefinedIndex { get; }

    /// <summary>The translated code once known; the loop reads this field on every call.</summary>
    internal FunctionCode? Code;

    /// <summary>
    /// The compiled function this one was promoted to by tier-up (<see cref="Compiler.TieredEngine"/>), else null.
    /// Once set, <see cref="Code"/> is a stub (<see cref="Op.TierCall"/>) that runs it.
    /// </summary>
    internal FunctionInstance? Promoted;

    public override string DisplayName => _displayName ??= MakeDisplayName();

    /// <summary>
    /// Translates (or fetches the module's translation) and caches it. An interrupt requested on
    /// <paramref name="context"/> ends the translation with <see cref="TrapKind.Interrupted"/>.
    /// </summary>
    internal FunctionCode Translate(ExecutionEnvironment context) => Code = Module.GetCode(DefinedIndex, context);

    internal override void Invoke(ExecutionEnvironment context, Span<ulong> slots)
    {
        if (Promoted is { } promoted)
        {
            promoted.Invoke(context, slots);
        }
        else
        {
            InterpreterLoop.Invoke(context, this, slots);
        }
    }

    private string MakeDisplayName()
    {
        var module = Module.Module;
        var index = (uint)(module.ImportedFunctionCount + DefinedIndex);
        // both names may come from the module's name section: escaped, as every printed name is
        var name = module.GetFunctionName(index) is { } functionName ? WasmName.Escape(functionName) : $"func[{index}]";
        return Instance.Name is { } instanceName ? $"{WasmName.Escape(instanceName)}!{name}" : name;
    }
}

/// <summary>One active interpreted call: the callee, and where the caller continues.</summary>
internal unsafe struct InterpreterFrame
{
    public InterpretedFunction Function;
    public int* ReturnIp;
    public ulong* ReturnFp;
    /// <summary>True if the callee belongs to another instance than the caller, so returning reloads the instance state.</summary>
    public bool SwitchesInstance;
}
