using Microwasm.Runtime;
using Microwasm.Validation;

namespace Microwasm.Interpreter;

/// <summary>
/// The interpreter: each function is translated once, on its first call, into compact internal
/// code run by a single dispatch loop over a slot stack. Needs no code generation at run time.
/// </summary>
public sealed class InterpreterEngine : IEngine
{
    /// <summary>A shared instance; the engine has no state of its own.</summary>
    public static InterpreterEngine Default { get; } = new();

    public string Name => "interpreter";

    public CompiledModule Compile(ValidatedModule module)
    {
        return new InterpretedModule(this, module);
    }
}

/// <summary>A module prepared for the interpreter: its functions' code, translated on first use and shared by all instances.</summary>
internal sealed class InterpretedModule : CompiledModule
{
    private readonly FunctionCode?[] _codes;

    private readonly bool _directCalls;

    /// <param name="engine">The interpreter.</param>
    /// <param name="module">The validated module.</param>
    /// <param name="directCalls">
    /// False when some of the module's functions are run by another engine (the compiler's fallback
    /// for what it cannot compile): calls between the module's functions then go through the instance.
    /// </param>
    /// <param name="tiered">The tier-up module this one interprets for, whose counters its code carries; null for the plain interpreter.</param>
    public InterpretedModule(InterpreterEngine engine, ValidatedModule module, bool directCalls = true, Compiler.TieredModule? tiered = null) : base(engine, module)
    {
        _codes = new FunctionCode?[module.Functions.Length];
        _directCalls = directCalls;
        Tiered = tiered;
    }

    /// <summary>The tier-up module whose functions this one interprets until they are promoted; null for the plain interpreter.</summary>
    public Compiler.TieredModule? Tiered { get; }

    internal override FunctionInstance CreateFunction(Instance instance, int definedIndex) =>
        new InterpretedFunction(instance, this, definedIndex);

    /// <summary>
    /// The code of defined function <paramref name="definedIndex"/>, translating it on first use;
    /// the translation polls <paramref name="context"/>'s interrupt flag.
    /// </summary>
    public FunctionCode GetCode(int definedIndex, ExecutionEnvironment? context = null)
    {
        var code = Volatile.Read(ref _codes[definedIndex]);
        if (code is null)
        {
            // Two threads may translate the same function; both results are equal and one wins.
            code = Translator.Translate(Validated, definedIndex, context, _directCalls, Tiered?.Counters);
            code = Interlocked.CompareExchange(ref _codes[definedIndex], code, null) ?? code;
        }
        return code;
    }
}
