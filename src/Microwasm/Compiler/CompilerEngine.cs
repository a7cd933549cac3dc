using System.Reflection;
using System.Reflection.Emit;
using Microwasm.Interpreter;
using Microwasm.Model;
using Microwasm.Runtime;
using Microwasm.Validation;

namespace Microwasm.Compiler;

/// <summary>
/// The compiler: each function of a module is translated to CIL (one <see cref="DynamicMethod"/>
/// per function) and run as native code made by the .NET JIT. A function using a feature the
/// compiler leaves alone (a frame above 64 KiB of locals and operands) is run by the interpreter instead; compiled and interpreted
/// functions call each other freely. Needs run-time code generation (not NativeAOT).
/// </summary>
public sealed class CompilerEngine : IEngine
{
    /// <summary>A shared instance; the engine has no state of its own.</summary>
    public static CompilerEngine Default { get; } = new();

    /// <summary>The engine's name, as <c>--engine</c> takes it.</summary>
    public string Name => "compiler";

    /// <summary>Translates every function of <paramref name="module"/> to CIL (the JIT compiles each on its first call).</summary>
    /// <exception cref="PlatformNotSupportedException">The runtime cannot generate code (NativeAOT).</exception>
    public CompiledModule Compile(ValidatedModule module)
    {
        ArgumentNullException.ThrowIfNull(module);
        if (!System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported)
        {
            throw new PlatformNotSupportedException("the compiler needs run-time code generation, which this build (NativeAOT) lacks: use the interpreter");
        }
        return new CompiledWasmModule(this, module);
    }
}

/// <summary>A module translated to CIL; functions the compiler does not handle are interpreted.</summary>
internal sealed unsafe class CompiledWasmModule : CompiledModule
{
    private readonly MethodInfo?[] _methods;
    private readonly Type?[] _delegateTypes;
    private readonly EntryThunk?[] _entries;
    private readonly InterpretedModule? _fallback;

    // a module compiled ahead of time: binds a function's typed delegate (ModuleCompiler.EmitEntryTable)
    private readonly Func<int, Instance, Delegate?>? _bind;

    public CompiledWasmModule(CompilerEngine engine, ValidatedModule module) : base(engine, module)
    {
        Id = CompiledFrames.Register(this);
        var count = module.Functions.Length;
        _methods = new MethodInfo?[count];
        _delegateTypes = new Type?[count];
        _entries = new EntryThunk?[count];
        FallbackReasons = new string?[count];
        ModuleCompiler.Compile(this, _methods, _delegateTypes, FallbackReasons);
        if (FallbackReasons.Any(r => r is not null))
        {
            _fallback = new InterpretedModule(InterpreterEngine.Default, module, directCalls: false);
        }
    }

    /// <summary>
    /// A module compiled ahead of time: its code is that of <paramref name="loaded"/> (the type
    /// <see cref="ModuleCompiler.ModuleTypeName"/> of an assembly from a .mwasm file, or compiled into
    /// a native executable), nothing is translated or generated. The type's entry table
    /// (<see cref="ModuleCompiler.EmitEntryTable"/>) gives the entry thunks and the typed delegates:
    /// two reflection calls, not one per function.
    /// </summary>
    /// <exception cref="PrecompiledFileException">The type has no entry table, or one of another size than the module's functions.</exception>
    public CompiledWasmModule(CompilerEngine engine, ValidatedModule module, [System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicMethods)] Type loaded) : base(engine, module)
    {
        var count = module.Functions.Length;
        var entries = loaded.GetMethod(ModuleCompiler.EntriesMethodName, BindingFlags.Public | BindingFlags.Static, Type.EmptyTypes);
        var bind = loaded.GetMethod(ModuleCompiler.BindMethodName, BindingFlags.Public | BindingFlags.Static, [typeof(int), typeof(Instance)]);
        if (entries is null || entries.ReturnType != typeof(EntryThunk[]) || bind is null || bind.ReturnType != typeof(Delegate))
        {
            throw new PrecompiledFileException("its compiled code has no entry table (made by an older build of Microwasm?): compile it again");
        }
        var table = (EntryThunk?[]?)entries.Invoke(null, BindingFlags.DoNotWrapExceptions, null, null, null);
        if (table is null || table.Length != count)
        {
            throw new PrecompiledFileException($"its compiled code's entry table has {table?.Length ?? 0} functions, the module {count}: the compiled code is not the module's");
        }
        Id = CompiledFrames.Register(this);
        CompiledFrames.RegisterAssembly(loaded.Assembly, this);
        _methods = new MethodInfo?[count];
        _delegateTypes = new Type?[count];
        _entries = table;
        _bind = bind.CreateDelegate<Func<int, Instance, Delegate?>>();
        FallbackReasons = new string?[count];
        for (var i = 0; i < count; i++)
        {
            if (table[i] is null)
            {
                // the same build decided at compile time (the file is refused on another build)
                FallbackReasons[i] = "not compiled ahead of time (the compiler left it to the interpreter)";
            }
        }
        if (FallbackReasons.Any(r => r is not null))
        {
            _fallback = new InterpretedModule(InterpreterEngine.Default, module, directCalls: false);
        }
        Precompiled = true;
    }

    /// <summary>True if the code was loaded from a .mwasm file, compiled ahead of time.</summary>
    public bool Precompiled { get; }

    /// <summary>The number in the names of this module's methods, by which a trap's .NET stack finds the module.</summary>
    public int Id { get; }

    /// <summary>Why each defined function is interpreted instead of compiled; null where it is compiled.</summary>
    public string?[] FallbackReasons { get; }

    internal override FunctionInstance CreateFunction(Instance instance, int definedIndex) =>
        FallbackReasons[definedIndex] is not null
            ? new InterpretedFunction(instance, _fallback!, definedIndex)
            : new CompiledFunction(instance, this, definedIndex);

    /// <summary>The methods of the compiled functions, null where a function is interpreted (and all null in a module compiled ahead of time).</summary>
    internal MethodInfo?[] Methods => _methods;

    /// <summary>
    /// Defined function <paramref name="definedIndex"/>'s typed delegate bound to <paramref name="instance"/>,
    /// or null if its signature has none (see <see cref="CompiledFunction.TypedDelegate"/>).
    /// </summary>
    internal Delegate? BindTypedDelegate(int definedIndex, Instance instance) =>
        _bind is not null
            ? _bind(definedIndex, instance)
            : _delegateTypes[definedIndex] is { } type ? _methods[definedIndex]!.CreateDelegate(type, instance) : null;

    /// <summary>
    /// The thunk that calls defined function <paramref name="definedIndex"/> with arguments and
    /// results in slots: saved with the code ahead of time, or made on first use (a DynamicMethod).
    /// </summary>
    internal EntryThunk Entry(int definedIndex)
    {
        var entry = Volatile.Read(ref _entries[definedIndex]);
        if (entry is null)
        {
            entry = ModuleCompiler.CreateEntryThunk(Module, definedIndex, _methods[definedIndex]!);
            entry = Interlocked.CompareExchange(ref _entries[definedIndex], entry, null) ?? entry;
        }
        return entry;
    }
}

/// <summary>Calls a compiled function with its arguments in slots, writing its results back from slot 0.</summary>
internal unsafe delegate void EntryThunk(Instance instance, ExecutionEnvironment context, int depth, ulong* slots);
