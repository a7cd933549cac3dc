using System.Reflection;
using System.Reflection.Emit;
using Microwasm.Binary;
using Microwasm.Model;
using Microwasm.Runtime;
using Microwasm.Validation;
using Module = Microwasm.Model.Module;

namespace Microwasm.Compiler;

/// <summary>
/// Translates a module's functions to <see cref="DynamicMethod"/>s. The calling convention of a
/// compiled function of type (p0..pn) -> (r0..rk):
/// <c>r0 F(Instance instance, p0, ..., pn, ExecutionEnvironment context, int depth, out r1, ..., out rk)</c>,
/// where <c>depth</c> counts the active wasm frames including this one. The instance comes first
/// so that a delegate bound to it calls the method without a shuffle thunk.
/// </summary>
[System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("AOT", "IL3050", Justification = "The compiler runs only where dynamic code is supported: CompilerEngine.Compile checks RuntimeFeature.IsDynamicCodeSupported.")]
[System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2055", Justification = "Func and Action over primitive value types: their Invoke is made by the runtime.")]
[System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "Func and Action over primitive value types: their Invoke is made by the runtime.")]
[System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2060", Justification = "Func and Action over primitive value types.")]
[System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "The type is made here, with its methods.")]
internal static unsafe class ModuleCompiler
{
    /// <summary>The most parameters a function may have to get a typed delegate (Func and Action take 16, two are the context and depth).</summary>
    internal const int MaxDelegateParameters = 14;

    /// <summary>
    /// Emits into one dynamic assembly per module instead of one DynamicMethod per function when the
    /// environment variable MICROWASM_COMPILER_EMIT is "assembly": kept to measure the two (RATIONALE.md).
    /// </summary>
    private static readonly bool s_assembly = Environment.GetEnvironmentVariable("MICROWASM_COMPILER_EMIT") == "assembly";

    public static void Compile(CompiledWasmModule compiled, MethodInfo?[] methods, Type?[] delegateTypes, string?[] fallbackReasons)
    {
        TypeBuilder? typeBuilder = null;
        if (s_assembly)
        {
            var assembly = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName($"wasm_{compiled.Id}"), AssemblyBuilderAccess.Run);
            typeBuilder = DefineModuleType(assembly);
        }
        EmitAll(compiled.Validated, compiled.Id, typeBuilder, methods, delegateTypes, fallbackReasons);
        if (typeBuilder is not null)
        {
            var created = typeBuilder.CreateType();
            for (var i = 0; i < methods.Length; i++)
            {
                if (methods[i] is { } builder)
                {
                    methods[i] = created.GetMethod(builder.Name, BindingFlags.Public | BindingFlags.Static)!;
                }
            }
        }
    }

    /// <summary>The name of the type that holds a module's methods in an assembly (dynamic, or saved ahead of time).</summary>
    public const string ModuleTypeName = "WasmModule";

    /// <summary>Defines the type that holds the methods, in an assembly that may use this one's internals.</summary>
    public static TypeBuilder DefineModuleType(AssemblyBuilder assembly)
    {
        assembly.SetCustomAttribute(new CustomAttributeBuilder(
            typeof(System.Runtime.CompilerServices.IgnoresAccessChecksToAttribute).GetConstructor([typeof(string)])!,
            [typeof(ModuleCompiler).Assembly.GetName().Name!]));
        return assembly.DefineDynamicModule("wasm").DefineType(ModuleTypeName, TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed);
    }

    /// <summary>
    /// Declares a method for each function the compiler handles (a DynamicMethod, or a static method
    /// of <paramref name="typeBuilder"/>) named for module <paramref name="moduleId"/>, then emits their bodies.
    /// </summary>
    public static void EmitAll(ValidatedModule validated, int moduleId, TypeBuilder? typeBuilder, MethodInfo?[] methods, Type?[] delegateTypes, string?[] fallbackReasons)
    {
        var module = validated.Module;
        var owner = typeof(ModuleCompiler).Module;
        var generators = new ILGenerator?[methods.Length];
        for (var i = 0; i < methods.Length; i++)
        {
            var reason = FunctionScanner.Unsupported(validated, i);
            if (reason is not null)
            {
                fallbackReasons[i] = reason;
                continue;
            }
            var type = module.Types[module.Functions[i]];
            var name = CompiledFrames.MethodName(moduleId, module.ImportedFunctionCount + i);
            if (typeBuilder is not null)
            {
                var builder = typeBuilder.DefineMethod(name, MethodAttributes.Public | MethodAttributes.Static, ReturnType(type), ParameterTypes(type));
                // not tiered: the first call runs optimised code, as a DynamicMethod's does
                builder.SetImplementationFlags(MethodImplAttributes.AggressiveOptimization);
                methods[i] = builder;
                generators[i] = builder.GetILGenerator();
            }
            else
            {
                var method = new DynamicMethod(name, ReturnType(type), ParameterTypes(type), owner, skipVisibility: true);
                methods[i] = method;
                generators[i] = method.GetILGenerator(Math.Max(64, module.Codes[i].Code.Length * 4));
            }
            delegateTypes[i] = DelegateType(type);
        }
        // all signatures first: a body calls the methods of functions defined after it
        for (var i = 0; i < methods.Length; i++)
        {
            if (generators[i] is { } il)
            {
                new FunctionCompiler(validated, i, il, methods).Emit();
            }
        }
    }

    public static Type ReturnType(FuncType type) => type.Results.Length == 0 ? typeof(void) : CompiledCode.ClrType(type.Results[0]);

    public static Type[] ParameterTypes(FuncType type)
    {
        var types = new List<Type> { typeof(Instance) };
        foreach (var p in type.Parameters)
        {
            types.Add(CompiledCode.ClrType(p));
        }
        types.Add(typeof(ExecutionEnvironment));
        types.Add(typeof(int));
        for (var i = 1; i < type.Results.Length; i++)
        {
            types.Add(CompiledCode.ClrType(type.Results[i]).MakeByRefType());
        }
        return [.. types];
    }

    private static readonly Type[] s_funcs =
    [
        typeof(Func<>), typeof(Func<,>), typeof(Func<,,>), typeof(Func<,,,>), typeof(Func<,,,,>), typeof(Func<,,,,,>),
        typeof(Func<,,,,,,>), typeof(Func<,,,,,,,>), typeof(Func<,,,,,,,,>), typeof(Func<,,,,,,,,,>),
        typeof(Func<,,,,,,,,,,>), typeof(Func<,,,,,,,,,,,>), typeof(Func<,,,,,,,,,,,,>), typeof(Func<,,,,,,,,,,,,,>),
        typeof(Func<,,,,,,,,,,,,,,>), typeof(Func<,,,,,,,,,,,,,,,>), typeof(Func<,,,,,,,,,,,,,,,,>),
    ];

    private static readonly Type[] s_actions =
    [
        typeof(Action), typeof(Action<>), typeof(Action<,>), typeof(Action<,,>), typeof(Action<,,,>), typeof(Action<,,,,>),
        typeof(Action<,,,,,>), typeof(Action<,,,,,,>), typeof(Action<,,,,,,,>), typeof(Action<,,,,,,,,>),
        typeof(Action<,,,,,,,,,>), typeof(Action<,,,,,,,,,,>), typeof(Action<,,,,,,,,,,,>), typeof(Action<,,,,,,,,,,,,>),
        typeof(Action<,,,,,,,,,,,,,>), typeof(Action<,,,,,,,,,,,,,,>), typeof(Action<,,,,,,,,,,,,,,,>),
    ];

    /// <summary>The delegate type of a function bound to its instance, or null if it has none (see <see cref="CompiledFunction.TypedDelegate"/>).</summary>
    public static Type? DelegateType(FuncType type)
    {
        if (type.Results.Length > 1 || type.Parameters.Length > MaxDelegateParameters)
        {
            return null;
        }
        var arguments = new List<Type>();
        foreach (var p in type.Parameters)
        {
            arguments.Add(CompiledCode.ClrType(p));
        }
        arguments.Add(typeof(ExecutionEnvironment));
        arguments.Add(typeof(int));
        if (type.Results.Length == 1)
        {
            arguments.Add(CompiledCode.ClrType(type.Results[0]));
            return s_funcs[arguments.Count - 1].MakeGenericType([.. arguments]);
        }
        return s_actions[arguments.Count].MakeGenericType([.. arguments]);
    }

    /// <summary>Makes the thunk that unpacks slots into arguments, calls the method and packs the results.</summary>
    public static EntryThunk CreateEntryThunk(Module module, int definedIndex, MethodInfo target) =>
        (EntryThunk)CreateEntryThunk(module, definedIndex, target, osr: false);

    /// <summary>
    /// Makes an <see cref="EntryThunk"/>, or with <paramref name="osr"/> an <see cref="OsrThunk"/>,
    /// which also passes the slots and the loop to the on-stack-replacement entry <paramref name="target"/>.
    /// </summary>
    public static Delegate CreateEntryThunk(Module module, int definedIndex, MethodInfo target, bool osr)
    {
        var type = module.Types[module.Functions[definedIndex]];
        var method = new DynamicMethod(
            EntryThunkName(module.ImportedFunctionCount + definedIndex, osr), typeof(void),
            osr ? [typeof(Instance), typeof(ExecutionEnvironment), typeof(int), typeof(ulong*), typeof(int)] : EntryThunkParameters,
            typeof(ModuleCompiler).Module, skipVisibility: true);
        EmitEntryThunk(method.GetILGenerator(), type, target, osr);
        return osr ? method.CreateDelegate<OsrThunk>() : method.CreateDelegate<EntryThunk>();
    }

    /// <summary>The parameters of an <see cref="EntryThunk"/>'s method.</summary>
    public static Type[] EntryThunkParameters => [typeof(Instance), typeof(ExecutionEnvironment), typeof(int), typeof(ulong*)];

    /// <summary>The name of the entry thunk (or on-stack-replacement thunk) of function <paramref name="functionIndex"/>; not a wasm frame's name (see CompiledFrames).</summary>
    public static string EntryThunkName(int functionIndex, bool osr = false) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"wasm_{(osr ? "osr" : "entry")}_{functionIndex}");

    /// <summary>
    /// Emits the body of an entry thunk: unpacks the slots (argument 3) into the arguments of
    /// <paramref name="target"/>, calls it and packs its results into the slots from slot 0. One
    /// routine for the thunks made at run time (a DynamicMethod) and those saved ahead of time
    /// (<see cref="EmitEntryTable"/>).
    /// </summary>
    public static void EmitEntryThunk(ILGenerator il, FuncType type, MethodInfo target, bool osr)
    {
        il.Emit(OpCodes.Ldarg_0);
        var slot = 0;
        foreach (var p in type.Parameters)
        {
            il.Emit(OpCodes.Ldarg_3);
            if (slot != 0)
            {
                il.Emit(OpCodes.Ldc_I4, slot * 8);
                il.Emit(OpCodes.Add);
            }
            EmitLoadSlot(il, p);
            slot += WasmValue.SlotCount(p);
        }
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldarg_2);
        var outs = new LocalBuilder[type.Results.Length];
        for (var i = 1; i < type.Results.Length; i++)
        {
            outs[i] = il.DeclareLocal(CompiledCode.ClrType(type.Results[i]));
            il.Emit(OpCodes.Ldloca, outs[i]);
        }
        if (osr)
        {
            il.Emit(OpCodes.Ldarg_3);
            il.Emit(OpCodes.Ldarg, (short)4);
        }
        il.Emit(OpCodes.Call, target);
        if (type.Results.Length > 0)
        {
            outs[0] = il.DeclareLocal(CompiledCode.ClrType(type.Results[0]));
            il.Emit(OpCodes.Stloc, outs[0]);
        }
        for (int i = 0, resultSlot = 0; i < type.Results.Length; resultSlot += WasmValue.SlotCount(type.Results[i]), i++)
        {
            il.Emit(OpCodes.Ldarg_3);
            if (resultSlot != 0)
            {
                il.Emit(OpCodes.Ldc_I4, resultSlot * 8);
                il.Emit(OpCodes.Add);
            }
            il.Emit(OpCodes.Ldloc, outs[i]);
            EmitStoreSlot(il, type.Results[i]);
        }
        il.Emit(OpCodes.Ret);
    }

    /// <summary>The method of a saved module's type that returns its entry thunks (see <see cref="EmitEntryTable"/>).</summary>
    public const string EntriesMethodName = "wasm_entries";

    /// <summary>The method of a saved module's type that binds a function's typed delegate (see <see cref="EmitEntryTable"/>).</summary>
    public const string BindMethodName = "wasm_bind";

    /// <summary>
    /// For a module saved ahead of time: emits into <paramref name="typeBuilder"/> an entry thunk
    /// (<see cref="EmitEntryThunk"/>) for every compiled function, and two methods that let a loader
    /// bind the module without reflection over its methods and without generating code (NativeAOT):
    /// <c>EntryThunk?[] wasm_entries()</c>, the thunks by defined index (null where the function is
    /// interpreted), and <c>Delegate? wasm_bind(int definedIndex, Instance instance)</c>, the
    /// function's typed delegate (<see cref="DelegateType(FuncType)"/>) bound to the instance, null
    /// where the function has none.
    /// </summary>
    public static void EmitEntryTable(ValidatedModule validated, TypeBuilder typeBuilder, MethodInfo?[] methods)
    {
        var module = validated.Module;
        var entryConstructor = typeof(EntryThunk).GetConstructor([typeof(object), typeof(IntPtr)])!;
        var entries = typeBuilder.DefineMethod(EntriesMethodName, MethodAttributes.Public | MethodAttributes.Static, typeof(EntryThunk[]), Type.EmptyTypes);
        var table = entries.GetILGenerator();
        table.Emit(OpCodes.Ldc_I4, methods.Length);
        table.Emit(OpCodes.Newarr, typeof(EntryThunk));
        var bind = typeBuilder.DefineMethod(BindMethodName, MethodAttributes.Public | MethodAttributes.Static, typeof(Delegate), [typeof(int), typeof(Instance)]);
        var binder = bind.GetILGenerator();
        var cases = new Label[methods.Length];
        var none = binder.DefineLabel();
        for (var i = 0; i < methods.Length; i++)
        {
            cases[i] = methods[i] is not null && DelegateType(module.Types[module.Functions[i]]) is not null ? binder.DefineLabel() : none;
        }
        binder.Emit(OpCodes.Ldarg_0);
        binder.Emit(OpCodes.Switch, cases);
        binder.Emit(OpCodes.Br, none);
        for (var i = 0; i < methods.Length; i++)
        {
            if (methods[i] is not { } target)
            {
                continue;
            }
            var type = module.Types[module.Functions[i]];
            var thunk = typeBuilder.DefineMethod(EntryThunkName(module.ImportedFunctionCount + i), MethodAttributes.Public | MethodAttributes.Static, typeof(void), EntryThunkParameters);
            EmitEntryThunk(thunk.GetILGenerator(), type, target, osr: false);
            table.Emit(OpCodes.Dup);
            table.Emit(OpCodes.Ldc_I4, i);
            table.Emit(OpCodes.Ldnull);
            table.Emit(OpCodes.Ldftn, thunk);
            table.Emit(OpCodes.Newobj, entryConstructor);
            table.Emit(OpCodes.Stelem_Ref);
            if (DelegateType(type) is { } delegateType)
            {
                // a delegate closed over the instance, the static method's first parameter (as C# makes for an extension method)
                binder.MarkLabel(cases[i]);
                binder.Emit(OpCodes.Ldarg_1);
                binder.Emit(OpCodes.Ldftn, target);
                binder.Emit(OpCodes.Newobj, delegateType.GetConstructor([typeof(object), typeof(IntPtr)])!);
                binder.Emit(OpCodes.Ret);
            }
        }
        table.Emit(OpCodes.Ret);
        binder.MarkLabel(none);
        binder.Emit(OpCodes.Ldnull);
        binder.Emit(OpCodes.Ret);
    }

    /// <summary>Loads a value of <paramref name="type"/> from the slot whose address is on the stack.</summary>
    public static void EmitLoadSlot(ILGenerator il, ValueType type)
    {
        switch (type)
        {
            case ValueType.I32:
                il.Emit(OpCodes.Ldind_I4);
                break;
            case ValueType.F32:
                il.Emit(OpCodes.Ldind_R4);
                break;
            case ValueType.F64:
                il.Emit(OpCodes.Ldind_R8);
                break;
            case ValueType.V128:
                // two slots, low half first: the vector's memory order
                il.Emit(OpCodes.Ldobj, typeof(System.Runtime.Intrinsics.Vector128<byte>));
                break;
            default:
                il.Emit(OpCodes.Ldind_I8);
                break;
        }
    }

    /// <summary>Stores the value on the stack (above the slot's address) as the slot format wants it: i32 and f32 zero-extended.</summary>
    public static void EmitStoreSlot(ILGenerator il, ValueType type)
    {
        switch (type)
        {
            case ValueType.I32:
                il.Emit(OpCodes.Conv_U8);
                il.Emit(OpCodes.Stind_I8);
                break;
            case ValueType.F32:
                il.Emit(OpCodes.Call, s_singleToUInt32Bits);
                il.Emit(OpCodes.Conv_U8);
                il.Emit(OpCodes.Stind_I8);
                break;
            case ValueType.F64:
                il.Emit(OpCodes.Stind_R8);
                break;
            case ValueType.V128:
                il.Emit(OpCodes.Stobj, typeof(System.Runtime.Intrinsics.Vector128<byte>));
                break;
            default:
                il.Emit(OpCodes.Stind_I8);
                break;
        }
    }

    private static readonly MethodInfo s_singleToUInt32Bits = typeof(BitConverter).GetMethod(nameof(BitConverter.SingleToUInt32Bits))!;
}

/// <summary>Decides which functions the compiler handles: every function whose frame fits the native stack guard and whose SIMD instructions it emits (all the validator accepts).</summary>
internal static class FunctionScanner
{
    /// <summary>Why defined function <paramref name="definedIndex"/> is not compiled, or null if it is.</summary>
    public static string? Unsupported(ValidatedModule validated, int definedIndex)
    {
        if (FunctionCompiler.FrameTooLarge(validated.Functions[definedIndex]) is { } frame)
        {
            return frame;
        }
        var body = validated.Module.Codes[definedIndex];
        var reader = new WasmReader(body.Code.Span, body.CodeOffset);
        while (reader.Position < body.Code.Length)
        {
            var instruction = InstructionReader.Read(ref reader);
            if (instruction.Opcode == Opcode.PrefixSimd && !FunctionCompiler.CompilesSimd(instruction.SimdOpcode))
            {
                return $"SIMD instruction 0x{(uint)instruction.SimdOpcode:X2}";
            }
        }
        return null;
    }
}
