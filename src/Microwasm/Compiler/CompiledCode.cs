using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Microwasm.Model;
using Microwasm.Runtime;

namespace Microwasm.Compiler;

/// <summary>
/// The helpers compiled code calls: the rare paths (traps, the stack guard), calls that leave
/// compiled code (host functions, interpreted functions, other engines), and the table and bulk
/// memory instructions. Their instance-like parameters come last, so the emitted code pushes them
/// after the operands that are already on the evaluation stack.
/// </summary>
internal static unsafe class CompiledCode
{
    /// <summary>The trap a compiled <c>throw</c> raises.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Exception Trap(TrapKind kind) => new WasmTrap(kind);

    /// <summary>
    /// The slow path of a function's entry: an interrupt is requested, the call depth passed the
    /// limit, or it is time (every few frames, or every frame for large ones) to check the native stack.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void EntryCheck(ExecutionEnvironment context, int depth)
    {
        if (context.InterruptRequested)
        {
            throw new WasmTrap(TrapKind.Interrupted);
        }
        if (depth > context.Store.Options.MaxCallDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new WasmTrap(TrapKind.CallStackExhausted);
        }
    }

    /// <summary>f32 from its bits without constant folding, which could quiet a signalling NaN.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static float F32FromBits(int bits) => BitConverter.Int32BitsToSingle(bits);

    /// <summary>f64 from its bits without constant folding, which could quiet a signalling NaN.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double F64FromBits(long bits) => BitConverter.Int64BitsToDouble(bits);

    /// <summary>f64 to f32 without the JIT folding it with a promotion just before (which would let a signalling NaN through unquieted).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static float F32DemoteF64(double value) => (float)value;

    // Float constants the JIT would fold as identities (x - 0.0, x * 1.0, x / 1.0 become x, which
    // must quiet a signalling NaN in wasm): compiled code reads them from these fields instead.
    // Not readonly, so the JIT cannot see their values; written again by KeepConstantsUnknown.
#pragma warning disable CA2211 // read by emitted code
    public static float F32PositiveZero = 0f;
    public static float F32NegativeZero = -0f;
    public static float F32One = 1f;
    public static float F32MinusOne = -1f;
    public static double F64PositiveZero = 0d;
    public static double F64NegativeZero = -0d;
    public static double F64One = 1d;
    public static double F64MinusOne = -1d;
#pragma warning restore CA2211

    /// <summary>
    /// Writes the identity constants (their own values) and <see cref="OpaqueZero"/>'s zeros, from code
    /// that every program running compiled code reaches (<see cref="CompiledFrames.Register"/>).
    /// NativeAOT's compiler (ILC) sees the whole program and treats a static field that no reachable
    /// code writes (but its static constructor) as a constant: in a <c>microwasm compile --native</c>
    /// executable it folded these fields into the module's precompiled code, so <c>x * 1.0</c> let a
    /// signalling NaN through (float_exprs.wast) and the <c>or</c> with the opaque zero vanished,
    /// bringing both RyuJIT bugs back (fuzz seeds 884, 1101 and 1833; Fuzz/Regressions'
    /// rotate-zero-flag.wast and narrow-load-reinterpret.wast). Found by tools/native-diff.
    /// </summary>
    public static void KeepConstantsUnknown()
    {
        Volatile.Write(ref F32PositiveZero, 0f);
        Volatile.Write(ref F32NegativeZero, -0f);
        Volatile.Write(ref F32One, 1f);
        Volatile.Write(ref F32MinusOne, -1f);
        Volatile.Write(ref F64PositiveZero, 0d);
        Volatile.Write(ref F64NegativeZero, -0d);
        Volatile.Write(ref F64One, 1d);
        Volatile.Write(ref F64MinusOne, -1d);
        Volatile.Write(ref OpaqueZero.Int32, 0);
        Volatile.Write(ref OpaqueZero.Int64, 0);
    }

    /// <summary>
    /// Room for <paramref name="count"/> slots at the top of the context's value stack, where a call
    /// that leaves compiled code passes its arguments and receives its results.
    /// </summary>
    public static ulong* ArgumentSlots(ExecutionEnvironment context, int count)
    {
        context.EnsureInterpreterStacks();
        var slots = context.StackTop;
        if (count > context.StackEnd - slots)
        {
            throw new WasmTrap(TrapKind.CallStackExhausted);
        }
        return slots;
    }

    /// <summary>
    /// Calls <paramref name="function"/> (host, interpreted, or compiled without a typed delegate)
    /// with the engines' slot convention. A trap unwinds to the entry wrapper, which restores the
    /// context's stack top, depth and caller.
    /// </summary>
    public static void InvokeSlots(Instance caller, FunctionInstance function, ExecutionEnvironment context, int depth, ulong* slots, int count)
    {
        context.CallerInstance = caller;
        context.CallDepth = depth;
        context.StackTop = slots + count;
        function.Invoke(context, new Span<ulong>(slots, count));
        context.StackTop = slots;
    }

    /// <summary>
    /// The callee of a <c>call_indirect</c> that missed the inline fast path (see
    /// FunctionCompiler.CallIndirect): traps as the interpreter does; a callee that has a typed
    /// delegate gets it cached with its signature key, so its next calls take the fast path.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static FunctionInstance ResolveIndirect(uint index, Instance instance, int tableIndex, int typeIndex)
    {
        var callee = ResolveIndirectChecked(index, instance, tableIndex, typeIndex);
        if (Volatile.Read(ref callee.IndirectKey) == 0 && TypedDelegate(callee) is { } typed)
        {
            // the delegate first, then the key that makes the fast path use it
            callee.IndirectTarget = typed;
            Volatile.Write(ref callee.IndirectKey, SignatureKey(callee.Type));
        }
        return callee;
    }

    /// <summary>
    /// A number that identifies a signature that has a typed delegate (<see cref="ModuleCompiler.DelegateType"/>),
    /// the same in every process (so <c>.mwasm</c> code can hold it as a constant); 0 for one that has none.
    /// A leading 1, then three bits per parameter and three for the result (0: none): at most
    /// 1 + 14 * 3 + 3 bits.
    /// </summary>
    public static long SignatureKey(FuncType type)
    {
        if (type.Results.Length > 1 || type.Parameters.Length > ModuleCompiler.MaxDelegateParameters)
        {
            return 0;
        }
        var key = 1L;
        foreach (var p in type.Parameters)
        {
            key = key << 3 | Code(p);
        }
        return key << 3 | (type.Results.Length == 0 ? 0 : Code(type.Results[0]));

        static long Code(ValueType type) => type switch
        {
            ValueType.I32 => 1,
            ValueType.I64 => 2,
            ValueType.F32 => 3,
            ValueType.F64 => 4,
            ValueType.V128 => 5,
            ValueType.FuncRef => 6,
            ValueType.ExternRef => 7,
            _ => throw new NotSupportedException($"{type.Name()} is not compiled"),
        };
    }

    private static FunctionInstance ResolveIndirectChecked(uint index, Instance instance, int tableIndex, int typeIndex)
    {
        var table = instance.Tables[tableIndex];
        if (index >= table.Size)
        {
            throw new WasmTrap(TrapKind.UndefinedElement);
        }
        var handle = table.Elements[index];
        if (handle == 0)
        {
            throw new WasmTrap(TrapKind.UninitializedElement);
        }
        var callee = instance.Store.GetFunction(handle)!;
        var expected = instance.Module.Types[typeIndex];
        if (!ReferenceEquals(callee.Type, expected) && !callee.Type.Equals(expected))
        {
            throw new WasmTrap(TrapKind.IndirectCallTypeMismatch);
        }
        return callee;
    }

    /// <summary>The typed delegate of a compiled function (bound to its instance), or of the compiled twin of a function tier-up promoted; else null, to call through slots.</summary>
    public static object? TypedDelegate(FunctionInstance function) => function switch
    {
        CompiledFunction compiled => compiled.TypedDelegate,
        Interpreter.InterpretedFunction { Promoted: CompiledFunction promoted } => promoted.TypedDelegate,
        _ => null,
    };

    public static int MemoryGrow(int delta, MemoryInstance memory) => memory.GrowFromWasm((uint)delta);

    public static void MemoryFill(int destination, int value, int count, MemoryInstance memory) =>
        memory.Fill((uint)destination, (byte)value, (uint)count);

    public static void MemoryCopy(int destination, int source, int count, MemoryInstance memory) =>
        memory.Copy((uint)destination, (uint)source, (uint)count);

    public static void MemoryInit(int destination, int source, int count, Instance instance, int segment) =>
        instance.Memories[0].Init((uint)destination, instance.DataSegments[segment].Span, (uint)source, (uint)count);

    public static void DataDrop(Instance instance, int segment) => instance.DataSegments[segment] = ReadOnlyMemory<byte>.Empty;

    public static ulong TableGet(int index, Instance instance, int table) => instance.Tables[table].Get((uint)index);

    public static void TableSet(int index, ulong value, Instance instance, int table) => instance.Tables[table].Set((uint)index, value);

    public static int TableSize(Instance instance, int table) => (int)instance.Tables[table].Size;

    public static int TableGrow(ulong value, int delta, Instance instance, int table) => instance.Tables[table].Grow((uint)delta, value);

    public static void TableFill(int start, ulong value, int count, Instance instance, int table) =>
        instance.Tables[table].Fill((uint)start, value, (uint)count);

    public static void TableCopy(int destination, int source, int count, Instance instance, int destinationTable, int sourceTable) =>
        TableInstance.Copy(instance.Tables[destinationTable], (uint)destination, instance.Tables[sourceTable], (uint)source, (uint)count);

    public static void TableInit(int destination, int source, int count, Instance instance, int table, int segment) =>
        instance.Tables[table].Init((uint)destination, instance.ElementSegments[segment], (uint)source, (uint)count);

    public static void ElemDrop(Instance instance, int segment) => instance.ElementSegments[segment] = [];

    public static ulong RefFunc(Instance instance, int function) => instance.Store.HandleOf(instance.Functions[function]);

    /// <summary>The CLR type a wasm value has in compiled code (references are store handles).</summary>
    public static Type ClrType(ValueType type) => type switch
    {
        ValueType.I32 => typeof(int),
        ValueType.I64 => typeof(long),
        ValueType.F32 => typeof(float),
        ValueType.F64 => typeof(double),
        ValueType.FuncRef or ValueType.ExternRef => typeof(ulong),
        ValueType.V128 => typeof(System.Runtime.Intrinsics.Vector128<byte>),
        _ => throw new NotSupportedException($"{type.Name()} is not compiled"),
    };
}

/// <summary>
/// Zeros the JIT cannot see (not readonly, written at run time by
/// <see cref="CompiledCode.KeepConstantsUnknown"/>): compiled code or-s a value with one to keep
/// RyuJIT from a transformation that is wrong in .NET 10 (see FunctionCompiler.Rotate and
/// f32.reinterpret_i32). A class of their own, without a static constructor, so reading them needs
/// no class-initialisation check.
/// </summary>
internal static class OpaqueZero
{
#pragma warning disable CA2211 // read by emitted code, written by CompiledCode.KeepConstantsUnknown
    public static int Int32;
    public static long Int64;
#pragma warning restore CA2211
}
