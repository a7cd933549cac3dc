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
    /// A module compiled ahead of time: its methods are those of <paramref name="loaded"/> (the type
    /// <see cref="ModuleCompiler.ModuleTypeName"/> of an assembly from a .mwasm file), nothing is translated.
    /// </summary>
    /// <exception cref="PrecompiledFileException">A method is missing or has another signature than the function's.</exception>
    public CompiledWasmModule(CompilerEngine engine, ValidatedModule module, [System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicMethods)] Type loaded) : base(engine, module)
    {
        Id = CompiledFrames.Register(this);
        CompiledFrames.RegisterAssembly(loaded.Assembly, this);
        var count = module.Functions.Length;
        _methods = new MethodInfo?[count];
        _delegateTypes = new Type?[count];
        _entries = new EntryThunk?[count];
        FallbackReasons = new string?[count];
        var m = module.Module;
        // one pass over the type's methods: a lookup by name would scan them all each time
        var byName = loaded.GetMethods(BindingFlags.Public | BindingFlags.Static).ToDictionary(method => method.Name, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var type = m.Types[m.Functions[i]];
            var name = CompiledFrames.MethodName(PrecompiledModule.ModuleId, m.ImportedFunctionCount + i);
            var method = byName.GetValueOrDefault(name);
            if (method is null)
            {
                // the same build decided at compile time (the file is refused on another build)
                FallbackReasons[i] = "not compiled ahead of time (the compiler left it to the interpreter)";
                continue;
            }
            if (method.ReturnType != ModuleCompiler.ReturnType(type)
                || !method.GetParameters().Select(p => p.ParameterType).SequenceEqual(ModuleCompiler.ParameterTypes(type)))
            {
                throw new PrecompiledFileException($"the compiled code has no method of the right type for function {m.ImportedFunctionCount + i}");
            }
            _methods[i] = method;
            _delegateTypes[i] = ModuleCompiler.DelegateType(type);
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
        _methods[definedIndex] is null
            ? new InterpretedFunction(instance, _fallback!, definedIndex)
            : new CompiledFunction(instance, this, definedIndex);

    internal MethodInfo Method(int definedIndex) => _methods[definedIndex]!;

    /// <summary>The methods of the compiled functions, null where a function is interpreted.</summary>
    internal MethodInfo?[] Methods => _methods;

    internal Type? DelegateType(int definedIndex) => _delegateTypes[definedIndex];

    /// <summary>The thunk that calls defined function <paramref name="definedIndex"/> with arguments and results in slots, made on first use.</summary>
    internal EntryThunk Entry(int definedIndex)
    {
        var entry = Volatile.Read(ref _entries[definedIndex]);
        if (entry is null)
        {
            entry = System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported
                ? ModuleCompiler.CreateEntryThunk(Module, definedIndex, _methods[definedIndex]!)
                : ReflectionEntry(definedIndex, _methods[definedIndex]!);
            entry = Interlocked.CompareExchange(ref _entries[definedIndex], entry, null) ?? entry;
        }
        return entry;
    }

    /// <summary>
    /// Where no code can be generated (a module's assembly compiled into a NativeAOT executable by
    /// <c>microwasm compile --native</c>), the entry from outside calls the method by reflection; one
    /// result at most, numeric values only. Only the host's calls into wasm pay for it (a program's
    /// <c>_start</c> or <c>main</c> once; calls inside the module and into imports do not).
    /// </summary>
    private unsafe EntryThunk ReflectionEntry(int definedIndex, MethodInfo method)
    {
        var type = Module.Types[Module.Functions[definedIndex]];
        if (type.Results.Length > 1)
        {
            throw new NotSupportedException("an entry with several results needs run-time code generation");
        }
        return (instance, context, depth, slots) =>
        {
            var arguments = new object?[type.Parameters.Length + 3];
            arguments[0] = instance;
            for (var i = 0; i < type.Parameters.Length; i++)
            {
                arguments[i + 1] = type.Parameters[i] switch
                {
                    ValueType.I32 => (object)(int)slots[i],
                    ValueType.I64 => (long)slots[i],
                    ValueType.F32 => BitConverter.Int32BitsToSingle((int)slots[i]),
                    ValueType.F64 => BitConverter.Int64BitsToDouble((long)slots[i]),
                    _ => throw new NotSupportedException($"an entry with a {type.Parameters[i].Name()} parameter needs run-time code generation"),
                };
            }
            arguments[^2] = context;
            arguments[^1] = depth;
            var result = method.Invoke(null, BindingFlags.DoNotWrapExceptions, null, arguments, null);
            if (type.Results.Length == 1)
            {
                slots[0] = result switch
                {
                    int v => (uint)v,
                    long v => (ulong)v,
                    float v => (uint)BitConverter.SingleToInt32Bits(v),
                    double v => (ulong)BitConverter.DoubleToInt64Bits(v),
                    _ => throw new NotSupportedException("an entry with this result needs run-time code generation"),
                };
            }
        };
    }
}

/// <summary>Calls a compiled function with its arguments in slots, writing its results back from slot 0.</summary>
internal unsafe delegate void EntryThunk(Instance instance, ExecutionEnvironment context, int depth, ulong* slots);
