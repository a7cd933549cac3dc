using System.Numerics;
using System.Reflection;
using System.Reflection.Emit;
using Microwasm.Binary;
using Microwasm.Model;
using Microwasm.Runtime;
using Microwasm.Validation;
using Module = Microwasm.Model.Module;

namespace Microwasm.Compiler;

/// <summary>
/// Emits the CIL of one function. The wasm operand stack is the CIL evaluation stack: the emitter
/// tracks its types, and where a branch leaves values below the ones it carries, it parks the
/// carried values in temporaries, pops the rest and reloads them, so every label sees the one
/// stack shape CIL requires. Wasm locals are CIL arguments and locals.
/// </summary>
[System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("AOT", "IL3050", Justification = "The compiler runs only where dynamic code is supported: CompilerEngine.Compile checks RuntimeFeature.IsDynamicCodeSupported.")]
[System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2055", Justification = "Func and Action over primitive value types: their Invoke is made by the runtime.")]
[System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "Func and Action over primitive value types: their Invoke is made by the runtime.")]
[System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2060", Justification = "Func and Action over primitive value types.")]
internal sealed unsafe partial class FunctionCompiler
{
    private readonly Module _module;
    private readonly FunctionFacts _facts;
    private readonly FunctionBody _body;
    private readonly FuncType _type;
    private readonly MethodInfo?[] _methods;
    private readonly ILGenerator _il;
    private readonly int _parameterCount;
    private readonly LocalBuilder?[] _locals;
    private readonly short _contextArg;
    private readonly short _depthArg;

    private readonly List<ValueType> _stack = [];
    private readonly List<Control> _controls = [];
    private int _nextBlock;

    private readonly Dictionary<Type, Stack<LocalBuilder>> _temps = [];

    // cached in locals by the setup block at the end of the method
    private readonly bool _usesMemory;
    private LocalBuilder? _memory;
    private LocalBuilder? _memoryBase;
    private LocalBuilder? _memoryLength;
    // length - size for the access sizes 1, 2, 4 and 8, signed (negative when the memory is
    // shorter): a bounds check compares the address with one of them (see EffectiveAddress)
    private readonly LocalBuilder?[] _memoryLimits = new LocalBuilder?[9];
    private readonly Dictionary<uint, LocalBuilder> _globals = [];
    private readonly Dictionary<uint, LocalBuilder> _tables = [];

    // An on-stack-replacement entry (tier-up, OsrEntry.cs): the loops it can enter at, by block index, and their labels.
    private readonly List<(int Block, Label Label)>? _osrLoops;
    private readonly int _osrLoop;

    private sealed class Control
    {
        public Opcode Kind;
        public required FuncType Type;
        public int Height;
        public Label Label;
        public Label ElseLabel;
        public bool HasElse;
        public int ElsePosition = -1;
        public int EndPosition;
    }

    /// <param name="validated">The module.</param>
    /// <param name="definedIndex">The function, among the module's defined ones.</param>
    /// <param name="il">Where the body goes.</param>
    /// <param name="methods">The methods of the module's compiled functions, which the body calls directly.</param>
    /// <param name="osrLoop">
    /// If not -1, emit an on-stack-replacement entry instead of the function, entering at the loop
    /// with this block index: two more parameters after the usual ones, the interpreter's frame
    /// (every local in its slot) and the entry's loop number (see OsrEntry).
    /// </param>
    public FunctionCompiler(ValidatedModule validated, int definedIndex, ILGenerator il, MethodInfo?[] methods, int osrLoop = -1)
    {
        _osrLoops = osrLoop >= 0 ? [] : null;
        _osrLoop = osrLoop;
        _module = validated.Module;
        _facts = validated.Functions[definedIndex];
        _body = _module.Codes[definedIndex];
        _type = _module.Types[_module.Functions[definedIndex]];
        _methods = methods;
        _il = il;
        _parameterCount = _type.Parameters.Length;
        _contextArg = (short)(_parameterCount + 1);
        _depthArg = (short)(_parameterCount + 2);
        var localTypes = _facts.LocalTypes;
        _locals = new LocalBuilder?[localTypes.Length];
        for (var i = _parameterCount; i < localTypes.Length; i++)
        {
            _locals[i] = _il.DeclareLocal(CompiledCode.ClrType(localTypes[i]));
        }
        _usesMemory = _module.TotalMemoryCount > 0 && UsesMemory(_body);
    }

    /// <summary>
    /// The largest native frame a compiled function may need, estimated from its locals (8 bytes
    /// each, 16 for a v128) and its deepest operand stack (16 bytes a value, what the JIT spills).
    /// A frame is allocated (and zeroed) before the function's own entry check runs, so it must fit
    /// in the 128 KiB that the caller's <c>TryEnsureSufficientExecutionStack</c> left (64-bit); half
    /// of that leaves room for the JIT's own temporaries and the helpers a function calls.
    /// </summary>
    public const int MaxFrameBytes = 64 * 1024;

    /// <summary>Why a function's frame is too large to compile (it is interpreted, whose frames live on its own value stack), or null.</summary>
    public static string? FrameTooLarge(FunctionFacts facts)
    {
        long bytes = 16L * facts.MaxStackHeight;
        foreach (var type in facts.LocalTypes)
        {
            bytes += type == ValueType.V128 ? 16 : 8;
        }
        return bytes > MaxFrameBytes
            ? $"frame of about {bytes / 1024} KiB ({facts.LocalTypes.Length} locals, operand stack {facts.MaxStackHeight} deep) is above the compiler's {MaxFrameBytes / 1024} KiB"
            : null;
    }

    /// <summary>True if the body reads, writes or resizes the memory: only then does it cache its base and length.</summary>
    private static bool UsesMemory(FunctionBody body)
    {
        var reader = new WasmReader(body.Code.Span, body.CodeOffset);
        while (reader.Position < body.Code.Length)
        {
            var instruction = InstructionReader.Read(ref reader);
            switch (instruction.Opcode)
            {
                case >= Opcode.I32Load and <= Opcode.MemoryGrow:
                    return true;
                case Opcode.PrefixFC when instruction.PrefixedOpcode is PrefixedOpcode.MemoryInit or PrefixedOpcode.MemoryCopy or PrefixedOpcode.MemoryFill:
                    return true;
                case Opcode.PrefixSimd when IsSimdMemoryAccess(instruction):
                    return true;
            }
        }
        return false;
    }

    /// <summary>Emits an on-stack-replacement entry (see the constructor's osr); returns the block indexes of the loops it enters at, in the order it numbers them.</summary>
    public int[] EmitOsr()
    {
        Emit();
        return [.. _osrLoops!.Select(l => l.Block)];
    }

    public void Emit()
    {
        var il = _il;
        var body = il.DefineLabel();
        var setup = il.DefineLabel();
        var slowEntry = il.DefineLabel();
        // TryEnsureSufficientExecutionStack leaves at least 128 KiB (64-bit) below a frame that
        // passes it: 32 frames of up to 64 values and their spills fit in that many times over
        var bigFrame = _facts.LocalTypes.Length + _facts.MaxStackHeight > 64;

        // Entry: one compare covers the depth limit and an interrupt request (the limit is -1
        // then); every 32nd frame (every frame for large ones) the native stack is checked too.
        il.Emit(OpCodes.Ldarg, _depthArg);
        il.Emit(OpCodes.Ldarg, _contextArg);
        il.Emit(OpCodes.Volatile);
        il.Emit(OpCodes.Ldfld, s_depthLimit);
        il.Emit(OpCodes.Bgt, slowEntry);
        if (!bigFrame)
        {
            il.Emit(OpCodes.Ldarg, _depthArg);
            il.Emit(OpCodes.Ldc_I4, 31);
            il.Emit(OpCodes.And);
            il.Emit(OpCodes.Brtrue, setup);
        }
        il.MarkLabel(slowEntry);
        il.Emit(OpCodes.Ldarg, _contextArg);
        il.Emit(OpCodes.Ldarg, _depthArg);
        il.Emit(OpCodes.Call, s_entryCheck);
        il.Emit(OpCodes.Br, setup);
        il.MarkLabel(body);

        if (_usesMemory)
        {
            _memory = il.DeclareLocal(typeof(MemoryInstance));
            _memoryBase = il.DeclareLocal(typeof(byte*));
            _memoryLength = il.DeclareLocal(typeof(ulong));
            // the JIT drops the ones a function never reads
            foreach (var size in (int[])[1, 2, 4, 8])
            {
                _memoryLimits[size] = il.DeclareLocal(typeof(long));
            }
        }

        var function = new Control { Kind = Opcode.Block, Type = _type, Height = 0, Label = il.DefineLabel() };
        function.EndPosition = _body.Code.Length - 1;
        _controls.Add(function);
        var reader = new WasmReader(_body.Code.Span, _body.CodeOffset);
        while (_controls.Count > 0)
        {
            var position = reader.Position;
            var instruction = InstructionReader.Read(ref reader);
            EmitInstruction(ref reader, instruction, position);
        }

        // the setup block: caches what the body reads often, then enters the body
        il.MarkLabel(setup);
        if (_usesMemory)
        {
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldfld, s_memories);
            il.Emit(OpCodes.Ldc_I4_0);
            il.Emit(OpCodes.Ldelem_Ref);
            il.Emit(OpCodes.Stloc, _memory!);
            ReloadMemory();
        }
        if (_opaqueZero32 is not null)
        {
            il.Emit(OpCodes.Ldsfld, s_opaqueZero32);
            il.Emit(OpCodes.Stloc, _opaqueZero32);
        }
        if (_opaqueZero64 is not null)
        {
            il.Emit(OpCodes.Ldsfld, s_opaqueZero64);
            il.Emit(OpCodes.Stloc, _opaqueZero64);
        }
        foreach (var (index, local) in _tables)
        {
            CacheInstanceElement(s_tables, index, local);
        }
        foreach (var (index, local) in _globals)
        {
            CacheInstanceElement(s_globals, index, local);
        }
        if (_osrLoops is not null)
        {
            OsrEntry.EmitPrologue(il, _facts.LocalTypes, _parameterCount, _locals, _osrLoops, (short)(_depthArg + 1 + Math.Max(0, _type.Results.Length - 1)));
        }
        il.Emit(OpCodes.Br, body);
    }

    // local = instance.<array field>[index]: a table or global instance cached for the whole body
    private void CacheInstanceElement(FieldInfo arrayField, uint index, LocalBuilder local)
    {
        var il = _il;
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldfld, arrayField);
        il.Emit(OpCodes.Ldc_I4, (int)index);
        il.Emit(OpCodes.Ldelem_Ref);
        il.Emit(OpCodes.Stloc, local);
    }

    private static FieldInfo? IdentityConstant32(uint bits) => bits switch
    {
        0x0000_0000 => typeof(CompiledCode).GetField(nameof(CompiledCode.F32PositiveZero)),
        0x8000_0000 => typeof(CompiledCode).GetField(nameof(CompiledCode.F32NegativeZero)),
        0x3F80_0000 => typeof(CompiledCode).GetField(nameof(CompiledCode.F32One)),
        0xBF80_0000 => typeof(CompiledCode).GetField(nameof(CompiledCode.F32MinusOne)),
        _ => null,
    };

    private static FieldInfo? IdentityConstant64(ulong bits) => bits switch
    {
        0x0000_0000_0000_0000 => typeof(CompiledCode).GetField(nameof(CompiledCode.F64PositiveZero)),
        0x8000_0000_0000_0000 => typeof(CompiledCode).GetField(nameof(CompiledCode.F64NegativeZero)),
        0x3FF0_0000_0000_0000 => typeof(CompiledCode).GetField(nameof(CompiledCode.F64One)),
        0xBFF0_0000_0000_0000 => typeof(CompiledCode).GetField(nameof(CompiledCode.F64MinusOne)),
        _ => null,
    };

    // the previous instruction, for the one peephole that needs it (see F32DemoteF64)
    private Opcode _previous;

    private void EmitInstruction(ref WasmReader reader, Instruction instruction, int position)
    {
        var previous = _previous;
        _previous = instruction.Opcode;
        var il = _il;
        var opcode = instruction.Opcode;
        switch (opcode)
        {
            case Opcode.Unreachable:
                EmitTrap(TrapKind.Unreachable);
                SkipUnreachable(ref reader);
                break;
            case Opcode.Nop:
                break;
            case Opcode.Block:
            case Opcode.Loop:
            case Opcode.If:
                EnterBlock(opcode, reader.Position);
                break;
            case Opcode.Else:
                Else();
                break;
            case Opcode.End:
                End();
                break;
            case Opcode.Br:
                EmitBranch(ControlAt((int)instruction.Index));
                SkipUnreachable(ref reader);
                break;
            case Opcode.BrIf:
                BranchIf(ControlAt((int)instruction.Index));
                break;
            case Opcode.BrTable:
                BranchTable(in reader, instruction, position);
                SkipUnreachable(ref reader);
                break;
            case Opcode.Return:
                EmitBranch(_controls[0]);
                SkipUnreachable(ref reader);
                break;
            case Opcode.Call:
                Call(instruction.Index);
                break;
            case Opcode.CallIndirect:
                CallIndirect(instruction.Index, instruction.SecondIndex);
                break;
            case Opcode.Drop:
                Pop();
                il.Emit(OpCodes.Pop);
                break;
            case Opcode.Select:
            case Opcode.SelectTyped:
                Select();
                break;
            case Opcode.LocalGet:
                LoadLocal((int)instruction.Index);
                Push(_facts.LocalTypes[instruction.Index]);
                break;
            case Opcode.LocalSet:
                Pop();
                StoreLocal((int)instruction.Index);
                break;
            case Opcode.LocalTee:
                il.Emit(OpCodes.Dup);
                StoreLocal((int)instruction.Index);
                break;
            case Opcode.GlobalGet:
                GlobalGet(instruction.Index);
                break;
            case Opcode.GlobalSet:
                GlobalSet(instruction.Index);
                break;
            case Opcode.TableGet:
                Pop();
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Ldc_I4, (int)instruction.Index);
                CallHelper(nameof(CompiledCode.TableGet));
                Push(_module.GetTableType(instruction.Index).ElementType);
                break;
            case Opcode.TableSet:
                Pop();
                Pop();
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Ldc_I4, (int)instruction.Index);
                CallHelper(nameof(CompiledCode.TableSet));
                break;
            case >= Opcode.I32Load and <= Opcode.I64Load32U:
                Load(opcode, instruction.Memory.Offset);
                break;
            case >= Opcode.I32Store and <= Opcode.I64Store32:
                Store(opcode, instruction.Memory.Offset);
                break;
            case Opcode.MemorySize:
                il.Emit(OpCodes.Ldloc, _memoryLength!);
                il.Emit(OpCodes.Ldc_I4, 16);
                il.Emit(OpCodes.Shr_Un);
                il.Emit(OpCodes.Conv_I4);
                Push(ValueType.I32);
                break;
            case Opcode.MemoryGrow:
                il.Emit(OpCodes.Ldloc, _memory!);
                CallHelper(nameof(CompiledCode.MemoryGrow));
                ReloadMemory();
                break;
            case Opcode.I32Const:
                il.Emit(OpCodes.Ldc_I4, instruction.I32);
                Push(ValueType.I32);
                break;
            case Opcode.I64Const:
                il.Emit(OpCodes.Ldc_I8, instruction.I64);
                Push(ValueType.I64);
                break;
            case Opcode.F32Const:
            {
                var value = BitConverter.UInt32BitsToSingle(instruction.F32Bits);
                if (IdentityConstant32(instruction.F32Bits) is { } field)
                {
                    il.Emit(OpCodes.Ldsfld, field);
                }
                else if (float.IsNaN(value))
                {
                    il.Emit(OpCodes.Ldc_I4, (int)instruction.F32Bits);
                    il.Emit(OpCodes.Call, s_f32FromBits);
                }
                else
                {
                    il.Emit(OpCodes.Ldc_R4, value);
                }
                Push(ValueType.F32);
                break;
            }
            case Opcode.F64Const:
            {
                var value = BitConverter.UInt64BitsToDouble(instruction.F64Bits);
                if (IdentityConstant64(instruction.F64Bits) is { } field)
                {
                    il.Emit(OpCodes.Ldsfld, field);
                }
                else if (double.IsNaN(value))
                {
                    il.Emit(OpCodes.Ldc_I8, (long)instruction.F64Bits);
                    il.Emit(OpCodes.Call, s_f64FromBits);
                }
                else
                {
                    il.Emit(OpCodes.Ldc_R8, value);
                }
                Push(ValueType.F64);
                break;
            }
            case Opcode.RefNull:
                il.Emit(OpCodes.Ldc_I4_0);
                il.Emit(OpCodes.Conv_U8);
                Push(instruction.ValueType);
                break;
            case Opcode.RefIsNull:
                Pop();
                il.Emit(OpCodes.Ldc_I4_0);
                il.Emit(OpCodes.Conv_U8);
                il.Emit(OpCodes.Ceq);
                Push(ValueType.I32);
                break;
            case Opcode.RefFunc:
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Ldc_I4, (int)instruction.Index);
                CallHelper(nameof(CompiledCode.RefFunc));
                Push(ValueType.FuncRef);
                break;
            case Opcode.PrefixFC:
                Prefixed(instruction);
                break;
            case Opcode.PrefixSimd:
                Simd(in reader, instruction);
                break;
            case Opcode.F32DemoteF64 when previous == Opcode.F64PromoteF32:
                Pop();
                il.Emit(OpCodes.Call, typeof(CompiledCode).GetMethod(nameof(CompiledCode.F32DemoteF64))!);
                Push(ValueType.F32);
                break;
            default:
                Numeric(opcode);
                break;
        }
    }

    // ---- the operand stack model ------------------------------------------------------------

    private void Push(ValueType type) => _stack.Add(type);

    private ValueType Pop()
    {
        var type = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        return type;
    }

    private void Truncate(int height) => _stack.RemoveRange(height, _stack.Count - height);

    private LocalBuilder RentTemp(Type type)
    {
        if (_temps.TryGetValue(type, out var free) && free.Count > 0)
        {
            return free.Pop();
        }
        return _il.DeclareLocal(type);
    }

    private void ReturnTemp(LocalBuilder local)
    {
        if (!_temps.TryGetValue(local.LocalType, out var free))
        {
            _temps[local.LocalType] = free = new Stack<LocalBuilder>();
        }
        free.Push(local);
    }

    /// <summary>Stores the top <paramref name="count"/> values (not popped from the model) into temporaries, bottom one first in the result.</summary>
    private LocalBuilder[] SpillTop(int count)
    {
        var temps = new LocalBuilder[count];
        for (var i = count - 1; i >= 0; i--)
        {
            temps[i] = RentTemp(CompiledCode.ClrType(_stack[_stack.Count - count + i]));
            _il.Emit(OpCodes.Stloc, temps[i]);
        }
        return temps;
    }

    private void Reload(LocalBuilder[] temps, bool release = true)
    {
        foreach (var t in temps)
        {
            _il.Emit(OpCodes.Ldloc, t);
            if (release)
            {
                ReturnTemp(t);
            }
        }
    }

    // ---- locals and globals -----------------------------------------------------------------

    private void LoadLocal(int index)
    {
        if (index < _parameterCount)
        {
            _il.Emit(OpCodes.Ldarg, (short)(index + 1));
        }
        else
        {
            _il.Emit(OpCodes.Ldloc, _locals[index]!);
        }
    }

    private void StoreLocal(int index)
    {
        if (index < _parameterCount)
        {
            _il.Emit(OpCodes.Starg, (short)(index + 1));
        }
        else
        {
            _il.Emit(OpCodes.Stloc, _locals[index]!);
        }
    }

    private LocalBuilder GlobalLocal(uint index)
    {
        if (!_globals.TryGetValue(index, out var local))
        {
            _globals[index] = local = _il.DeclareLocal(typeof(GlobalInstance));
        }
        return local;
    }

    private void GlobalGet(uint index)
    {
        var type = _module.GetGlobalType(index).ValueType;
        _il.Emit(OpCodes.Ldloc, GlobalLocal(index));
        if (type == ValueType.V128)
        {
            _il.Emit(OpCodes.Call, s_v128GlobalGet);
            Push(type);
            return;
        }
        _il.Emit(OpCodes.Ldfld, s_globalValue);
        switch (type)
        {
            case ValueType.I32:
                _il.Emit(OpCodes.Conv_I4);
                break;
            case ValueType.F32:
                _il.Emit(OpCodes.Conv_I4);
                _il.Emit(OpCodes.Call, s_int32BitsToSingle);
                break;
            case ValueType.F64:
                _il.Emit(OpCodes.Call, s_int64BitsToDouble);
                break;
        }
        Push(type);
    }

    private void GlobalSet(uint index)
    {
        var type = Pop();
        var temp = RentTemp(CompiledCode.ClrType(type));
        _il.Emit(OpCodes.Stloc, temp);
        _il.Emit(OpCodes.Ldloc, GlobalLocal(index));
        _il.Emit(OpCodes.Ldloc, temp);
        ReturnTemp(temp);
        if (type == ValueType.V128)
        {
            _il.Emit(OpCodes.Call, s_v128GlobalSet);
            return;
        }
        switch (type)
        {
            case ValueType.I32:
                _il.Emit(OpCodes.Conv_U8);
                break;
            case ValueType.F32:
                _il.Emit(OpCodes.Call, s_singleToInt32Bits);
                _il.Emit(OpCodes.Conv_U8);
                break;
            case ValueType.F64:
                _il.Emit(OpCodes.Call, s_doubleToInt64Bits);
                break;
        }
        _il.Emit(OpCodes.Stfld, s_globalValue);
    }

    // ---- memory -----------------------------------------------------------------------------

    private void ReloadMemory()
    {
        if (!_usesMemory)
        {
            return;
        }
        _il.Emit(OpCodes.Ldloc, _memory!);
        _il.Emit(OpCodes.Call, s_memoryBase);
        _il.Emit(OpCodes.Stloc, _memoryBase!);
        _il.Emit(OpCodes.Ldloc, _memory!);
        _il.Emit(OpCodes.Call, s_memoryLength);
        _il.Emit(OpCodes.Stloc, _memoryLength!);
        foreach (var size in (int[])[1, 2, 4, 8])
        {
            if (_memoryLimits[size] is { } limit)
            {
                _il.Emit(OpCodes.Ldloc, _memoryLength!);
                _il.Emit(OpCodes.Ldc_I8, (long)size);
                _il.Emit(OpCodes.Sub);
                _il.Emit(OpCodes.Stloc, limit);
            }
        }
    }

    /// <summary>
    /// Pops the i32 address and leaves the effective native address on the stack after the bounds
    /// check: one 64-bit compare of address + offset with the cached length minus the access size
    /// (sizes up to 8), or of address + offset + size with the length (v128 accesses).
    /// </summary>
    private void EffectiveAddress(uint offset, int size)
    {
        var il = _il;
        var address = RentTemp(typeof(ulong));
        il.Emit(OpCodes.Conv_U8);
        il.Emit(OpCodes.Stloc, address);
        il.Emit(OpCodes.Ldloc, address);
        var ok = il.DefineLabel();
        if (size <= 8 && _memoryLimits[size] is { } limit)
        {
            // address + offset <= length - size, signed (both sides fit in 34 bits): one compare
            // with a register when the offset is 0, where address + offset + size <= length took
            // an lea more (sieve 0.90 -> 0.84 s, strings 1.74 -> 1.46 s, nbody 0.60 -> 0.56 s)
            if (offset != 0)
            {
                il.Emit(OpCodes.Ldc_I8, (long)offset);
                il.Emit(OpCodes.Add);
            }
            il.Emit(OpCodes.Ldloc, limit);
            il.Emit(OpCodes.Ble, ok);
        }
        else
        {
            il.Emit(OpCodes.Ldc_I8, (long)offset + size);
            il.Emit(OpCodes.Add);
            il.Emit(OpCodes.Ldloc, _memoryLength!);
            il.Emit(OpCodes.Ble_Un, ok);
        }
        // a throw in the IL, not a call that throws: the JIT then knows the path ends there and
        // keeps the loop's values in registers across it
        EmitTrap(TrapKind.OutOfBoundsMemoryAccess);
        il.MarkLabel(ok);
        il.Emit(OpCodes.Ldloc, _memoryBase!);
        il.Emit(OpCodes.Ldloc, address);
        il.Emit(OpCodes.Conv_U);
        il.Emit(OpCodes.Add);
        if (offset != 0)
        {
            il.Emit(OpCodes.Ldc_I8, (long)offset);
            il.Emit(OpCodes.Conv_U);
            il.Emit(OpCodes.Add);
        }
        ReturnTemp(address);
    }

    private void Load(Opcode opcode, uint offset)
    {
        Pop();
        var il = _il;
        var (size, type) = opcode switch
        {
            Opcode.I32Load => (4, ValueType.I32),
            Opcode.I64Load => (8, ValueType.I64),
            Opcode.F32Load => (4, ValueType.F32),
            Opcode.F64Load => (8, ValueType.F64),
            Opcode.I32Load8S or Opcode.I32Load8U => (1, ValueType.I32),
            Opcode.I32Load16S or Opcode.I32Load16U => (2, ValueType.I32),
            Opcode.I64Load8S or Opcode.I64Load8U => (1, ValueType.I64),
            Opcode.I64Load16S or Opcode.I64Load16U => (2, ValueType.I64),
            _ => (4, ValueType.I64),
        };
        EffectiveAddress(offset, size);
        switch (opcode)
        {
            case Opcode.I32Load: il.Emit(OpCodes.Ldind_I4); break;
            case Opcode.I64Load: il.Emit(OpCodes.Ldind_I8); break;
            case Opcode.F32Load: il.Emit(OpCodes.Ldind_R4); break;
            case Opcode.F64Load: il.Emit(OpCodes.Ldind_R8); break;
            case Opcode.I32Load8S: il.Emit(OpCodes.Ldind_I1); break;
            case Opcode.I32Load8U: il.Emit(OpCodes.Ldind_U1); break;
            case Opcode.I32Load16S: il.Emit(OpCodes.Ldind_I2); break;
            case Opcode.I32Load16U: il.Emit(OpCodes.Ldind_U2); break;
            case Opcode.I64Load8S: il.Emit(OpCodes.Ldind_I1); il.Emit(OpCodes.Conv_I8); break;
            case Opcode.I64Load8U: il.Emit(OpCodes.Ldind_U1); il.Emit(OpCodes.Conv_U8); break;
            case Opcode.I64Load16S: il.Emit(OpCodes.Ldind_I2); il.Emit(OpCodes.Conv_I8); break;
            case Opcode.I64Load16U: il.Emit(OpCodes.Ldind_U2); il.Emit(OpCodes.Conv_U8); break;
            case Opcode.I64Load32S: il.Emit(OpCodes.Ldind_I4); il.Emit(OpCodes.Conv_I8); break;
            default: il.Emit(OpCodes.Ldind_U4); il.Emit(OpCodes.Conv_U8); break;
        }
        Push(type);
    }

    private void Store(Opcode opcode, uint offset)
    {
        var valueType = Pop();
        Pop();
        var il = _il;
        var value = RentTemp(CompiledCode.ClrType(valueType));
        il.Emit(OpCodes.Stloc, value);
        var size = opcode switch
        {
            Opcode.I32Store or Opcode.F32Store or Opcode.I64Store32 => 4,
            Opcode.I64Store or Opcode.F64Store => 8,
            Opcode.I32Store8 or Opcode.I64Store8 => 1,
            _ => 2,
        };
        EffectiveAddress(offset, size);
        il.Emit(OpCodes.Ldloc, value);
        ReturnTemp(value);
        switch (opcode)
        {
            case Opcode.I32Store: il.Emit(OpCodes.Stind_I4); break;
            case Opcode.I64Store: il.Emit(OpCodes.Stind_I8); break;
            case Opcode.F32Store: il.Emit(OpCodes.Stind_R4); break;
            case Opcode.F64Store: il.Emit(OpCodes.Stind_R8); break;
            case Opcode.I32Store8: il.Emit(OpCodes.Stind_I1); break;
            case Opcode.I32Store16: il.Emit(OpCodes.Stind_I2); break;
            case Opcode.I64Store8: il.Emit(OpCodes.Conv_I4); il.Emit(OpCodes.Stind_I1); break;
            case Opcode.I64Store16: il.Emit(OpCodes.Conv_I4); il.Emit(OpCodes.Stind_I2); break;
            default: il.Emit(OpCodes.Conv_I4); il.Emit(OpCodes.Stind_I4); break;
        }
    }

    // ---- control ----------------------------------------------------------------------------

    private Control ControlAt(int depth) => _controls[_controls.Count - 1 - depth];

    private static ValueType[] LabelTypes(Control c) => c.Kind == Opcode.Loop ? c.Type.Parameters : c.Type.Results;

    private void EmitTrap(TrapKind kind)
    {
        _il.Emit(OpCodes.Ldc_I4, (int)kind);
        _il.Emit(OpCodes.Call, s_trap);
        _il.Emit(OpCodes.Throw);
    }

    private void SkipUnreachable(ref WasmReader reader)
    {
        var c = _controls[^1];
        var target = c.Kind == Opcode.If && !c.HasElse && c.ElsePosition >= 0 ? c.ElsePosition : c.EndPosition;
        reader.Position = target;
        var blocks = _facts.Blocks;
        while (_nextBlock < blocks.Length && blocks[_nextBlock].Start < target)
        {
            _nextBlock++;
        }
    }

    private void EnterBlock(Opcode kind, int bodyStart)
    {
        var il = _il;
        var facts = _facts.Blocks[_nextBlock++];
        if (kind == Opcode.If)
        {
            Pop();
        }
        var c = new Control
        {
            Kind = kind,
            Type = facts.Type,
            Height = _stack.Count - facts.Type.Parameters.Length,
            Label = il.DefineLabel(),
            ElsePosition = facts.Else,
            EndPosition = facts.End,
        };
        _controls.Add(c);
        switch (kind)
        {
            case Opcode.Loop:
            {
                il.MarkLabel(c.Label);
                // one loop only: an edge from the entry into any other loop would make it irreducible
                if (_osrLoops is not null && _stack.Count == 0 && _nextBlock - 1 == _osrLoop)
                {
                    _osrLoops.Add((_nextBlock - 1, c.Label));
                }
                // the loop header polls for an interrupt: every back-edge lands here (unless
                // every iteration calls a compiled function, whose entry check sees the interrupt)
                if (CallsCompiledFunctionFirst(bodyStart))
                {
                    break;
                }
                var go = il.DefineLabel();
                il.Emit(OpCodes.Ldarg, _contextArg);
                il.Emit(OpCodes.Volatile);
                il.Emit(OpCodes.Ldfld, s_interruptRequested);
                il.Emit(OpCodes.Brfalse, go);
                EmitTrap(TrapKind.Interrupted);
                il.MarkLabel(go);
                break;
            }
            case Opcode.If:
                c.ElseLabel = il.DefineLabel();
                il.Emit(OpCodes.Brfalse, c.ElseLabel);
                break;
        }
    }

    /// <summary>
    /// True if the code from <paramref name="position"/> (a loop's body) calls a function this
    /// module compiles before any instruction that could branch, start a block or end one: then
    /// every iteration runs that function's entry check, which traps on an interrupt (the context's
    /// depth limit is -1 then), and the loop header need not poll. Only plain instructions may
    /// come first (locals, globals, constants, numerics, memory and table accesses, other calls,
    /// which return or trap); anything else ends the search with false.
    /// </summary>
    private bool CallsCompiledFunctionFirst(int position)
    {
        var reader = new WasmReader(_body.Code.Span, _body.CodeOffset) { Position = position };
        while (reader.Position < _body.Code.Length)
        {
            var instruction = InstructionReader.Read(ref reader);
            switch (instruction.Opcode)
            {
                case Opcode.Call:
                    var defined = (int)instruction.Index - _module.ImportedFunctionCount;
                    if (defined >= 0 && _methods[defined] is not null)
                    {
                        return true;
                    }
                    break;
                case Opcode.CallIndirect:
                case Opcode.Nop:
                case Opcode.Drop:
                case Opcode.Select:
                case Opcode.SelectTyped:
                case >= Opcode.LocalGet and <= Opcode.I64Extend32S:
                case Opcode.RefNull or Opcode.RefIsNull or Opcode.RefFunc:
                case Opcode.PrefixFC or Opcode.PrefixSimd:
                    break;
                default:
                    return false;
            }
        }
        return false;
    }

    private void Else()
    {
        var c = _controls[^1];
        _il.Emit(OpCodes.Br, c.Label);
        _il.MarkLabel(c.ElseLabel);
        c.HasElse = true;
        Truncate(c.Height);
        foreach (var p in c.Type.Parameters)
        {
            Push(p);
        }
    }

    private void End()
    {
        var c = _controls[^1];
        _controls.RemoveAt(_controls.Count - 1);
        if (c.Kind == Opcode.If && !c.HasElse)
        {
            _il.MarkLabel(c.ElseLabel);
        }
        if (c.Kind != Opcode.Loop)
        {
            _il.MarkLabel(c.Label);
        }
        Truncate(c.Height);
        foreach (var r in c.Type.Results)
        {
            Push(r);
        }
        if (_controls.Count == 0)
        {
            EmitReturn();
        }
    }

    private void EmitReturn()
    {
        var results = _type.Results;
        for (var i = results.Length - 1; i >= 1; i--)
        {
            var temp = RentTemp(CompiledCode.ClrType(results[i]));
            _il.Emit(OpCodes.Stloc, temp);
            _il.Emit(OpCodes.Ldarg, (short)(_depthArg + i));
            _il.Emit(OpCodes.Ldloc, temp);
            ReturnTemp(temp);
            EmitStoreIndirect(results[i]);
        }
        _il.Emit(OpCodes.Ret);
    }

    private void EmitStoreIndirect(ValueType type)
    {
        if (type == ValueType.V128)
        {
            _il.Emit(OpCodes.Stobj, typeof(System.Runtime.Intrinsics.Vector128<byte>));
            return;
        }
        _il.Emit(type switch
        {
            ValueType.I32 => OpCodes.Stind_I4,
            ValueType.F32 => OpCodes.Stind_R4,
            ValueType.F64 => OpCodes.Stind_R8,
            _ => OpCodes.Stind_I8,
        });
    }

    /// <summary>
    /// Branches to <paramref name="c"/> without changing the model: values between the label's
    /// height and the carried ones are dropped first, so the label sees its own stack shape.
    /// </summary>
    private void EmitBranch(Control c)
    {
        var arity = LabelTypes(c).Length;
        var extras = _stack.Count - arity - c.Height;
        if (extras > 0)
        {
            var temps = SpillTop(arity);
            for (var i = 0; i < extras; i++)
            {
                _il.Emit(OpCodes.Pop);
            }
            Reload(temps);
        }
        _il.Emit(OpCodes.Br, c.Label);
    }

    private void BranchIf(Control c)
    {
        Pop();
        var arity = LabelTypes(c).Length;
        if (_stack.Count - arity - c.Height == 0)
        {
            _il.Emit(OpCodes.Brtrue, c.Label);
            return;
        }
        var skip = _il.DefineLabel();
        _il.Emit(OpCodes.Brfalse, skip);
        EmitBranch(c);
        _il.MarkLabel(skip);
    }

    private void BranchTable(in WasmReader reader, Instruction instruction, int position)
    {
        Pop();
        var il = _il;
        var targets = InstructionReader.Targets(in reader, position);
        var count = (int)targets.Remaining;
        var depths = new int[count];
        for (var i = 0; i < count; i++)
        {
            depths[i] = (int)targets.Next();
        }
        // one label per distinct depth: the label itself when no values need dropping, else a stub
        var stubs = new Dictionary<int, Label>();
        Label LabelFor(int depth)
        {
            if (!stubs.TryGetValue(depth, out var label))
            {
                var c = ControlAt(depth);
                label = _stack.Count - LabelTypes(c).Length - c.Height == 0 ? c.Label : il.DefineLabel();
                stubs[depth] = label;
            }
            return label;
        }
        var labels = new Label[count];
        for (var i = 0; i < count; i++)
        {
            labels[i] = LabelFor(depths[i]);
        }
        var defaultLabel = LabelFor((int)instruction.Index);
        if (count > 0)
        {
            il.Emit(OpCodes.Switch, labels);
        }
        else
        {
            il.Emit(OpCodes.Pop);
        }
        il.Emit(OpCodes.Br, defaultLabel);
        foreach (var (depth, label) in stubs)
        {
            var c = ControlAt(depth);
            if (!label.Equals(c.Label))
            {
                il.MarkLabel(label);
                EmitBranch(c);
            }
        }
    }

    private void Select()
    {
        var il = _il;
        Pop();
        var type = Pop();
        var condition = RentTemp(typeof(int));
        var second = RentTemp(CompiledCode.ClrType(type));
        il.Emit(OpCodes.Stloc, condition);
        il.Emit(OpCodes.Stloc, second);
        var done = il.DefineLabel();
        il.Emit(OpCodes.Ldloc, condition);
        il.Emit(OpCodes.Brtrue, done);
        il.Emit(OpCodes.Pop);
        il.Emit(OpCodes.Ldloc, second);
        il.MarkLabel(done);
        ReturnTemp(condition);
        ReturnTemp(second);
    }

    // ---- calls ------------------------------------------------------------------------------

    private void Call(uint functionIndex)
    {
        var type = _module.GetFunctionType(functionIndex);
        var defined = (int)functionIndex - _module.ImportedFunctionCount;
        if (defined >= 0 && _methods[defined] is { } method)
        {
            var il = _il;
            var arguments = SpillTop(type.Parameters.Length);
            il.Emit(OpCodes.Ldarg_0);
            Reload(arguments);
            il.Emit(OpCodes.Ldarg, _contextArg);
            il.Emit(OpCodes.Ldarg, _depthArg);
            il.Emit(OpCodes.Ldc_I4_1);
            il.Emit(OpCodes.Add);
            var outs = new LocalBuilder[type.Results.Length];
            for (var i = 1; i < outs.Length; i++)
            {
                outs[i] = RentTemp(CompiledCode.ClrType(type.Results[i]));
                il.Emit(OpCodes.Ldloca, outs[i]);
            }
            il.Emit(OpCodes.Call, method);
            for (var i = 1; i < outs.Length; i++)
            {
                il.Emit(OpCodes.Ldloc, outs[i]);
                ReturnTemp(outs[i]);
            }
            Truncate(_stack.Count - type.Parameters.Length);
            foreach (var r in type.Results)
            {
                Push(r);
            }
            ReloadMemory();
            return;
        }
        // an import, or a function the interpreter runs: through the instance's function table
        var function = RentTemp(typeof(FunctionInstance));
        var args = SpillTop(type.Parameters.Length);
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Ldfld, s_functions);
        _il.Emit(OpCodes.Ldc_I4, (int)functionIndex);
        _il.Emit(OpCodes.Ldelem_Ref);
        _il.Emit(OpCodes.Stloc, function);
        CallFunctionInstance(type, function, args);
        ReturnTemp(function);
    }

    /// <summary>
    /// <c>call_indirect</c>. The fast path is inline: the element's handle from the table (size
    /// and backing array read as the interpreter reads them), the store's function, and one compare
    /// of the function's cached signature key (<see cref="FunctionInstance.IndirectKey"/>) with
    /// this site's, which is equal only if the function has a typed delegate of this very
    /// signature; then a call of that delegate. Everything else (out of bounds, null, a signature
    /// mismatch, host and interpreted functions, a function's first indirect call, which caches its
    /// delegate) goes to <see cref="CompiledCode.ResolveIndirect"/>, which traps as the
    /// interpreter does, then through the typed delegate or slots.
    /// </summary>
    private void CallIndirect(uint typeIndex, uint tableIndex)
    {
        var il = _il;
        var type = _module.Types[typeIndex];
        Pop();
        var function = RentTemp(typeof(FunctionInstance));
        var index = RentTemp(typeof(int));
        il.Emit(OpCodes.Stloc, index);
        var args = SpillTop(type.Parameters.Length);
        var key = CompiledCode.SignatureKey(type);
        var done = il.DefineLabel();
        var slow = il.DefineLabel();
        if (key != 0)
        {
            var table = TableLocal(tableIndex);
            var handle = RentTemp(typeof(ulong));
            il.Emit(OpCodes.Ldloc, index);
            il.Emit(OpCodes.Ldloc, table);
            il.Emit(OpCodes.Call, s_tableSize);
            il.Emit(OpCodes.Bge_Un, slow);
            il.Emit(OpCodes.Ldloc, table);
            il.Emit(OpCodes.Call, s_tableElements);
            il.Emit(OpCodes.Ldloc, index);
            il.Emit(OpCodes.Ldelem_I8);
            il.Emit(OpCodes.Stloc, handle);
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Call, s_instanceStore);
            il.Emit(OpCodes.Ldloc, handle);
            il.Emit(OpCodes.Call, s_getFunction);
            ReturnTemp(handle);
            il.Emit(OpCodes.Dup);
            il.Emit(OpCodes.Stloc, function);
            il.Emit(OpCodes.Brfalse, slow);
            il.Emit(OpCodes.Ldloc, function);
            il.Emit(OpCodes.Volatile);
            il.Emit(OpCodes.Ldfld, s_indirectKey);
            il.Emit(OpCodes.Ldc_I8, key);
            il.Emit(OpCodes.Bne_Un, slow);
            var delegateType = ModuleCompiler.DelegateType(type)!;
            il.Emit(OpCodes.Ldloc, function);
            il.Emit(OpCodes.Ldfld, s_indirectTarget);
            il.Emit(OpCodes.Castclass, delegateType);
            InvokeTypedDelegate(delegateType.GetMethod("Invoke")!, args, done);
        }
        il.MarkLabel(slow);
        il.Emit(OpCodes.Ldloc, index);
        ReturnTemp(index);
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldc_I4, (int)tableIndex);
        il.Emit(OpCodes.Ldc_I4, (int)typeIndex);
        il.Emit(OpCodes.Call, s_resolveIndirect);
        il.Emit(OpCodes.Stloc, function);
        CallFunctionInstance(type, function, args, done);
        ReturnTemp(function);
    }

    /// <summary>
    /// With the callee's typed delegate on the stack: pushes the arguments, the context and
    /// depth + 1, calls the delegate's <paramref name="invoke"/> and branches to <paramref name="done"/>.
    /// </summary>
    private void InvokeTypedDelegate(MethodInfo invoke, LocalBuilder[] args, Label done)
    {
        var il = _il;
        Reload(args, release: false);
        il.Emit(OpCodes.Ldarg, _contextArg);
        il.Emit(OpCodes.Ldarg, _depthArg);
        il.Emit(OpCodes.Ldc_I4_1);
        il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Callvirt, invoke);
        il.Emit(OpCodes.Br, done);
    }

    /// <summary>The local the setup block loads table <paramref name="tableIndex"/> of the instance into (a table object never changes; its size and elements do).</summary>
    private LocalBuilder TableLocal(uint tableIndex)
    {
        if (!_tables.TryGetValue(tableIndex, out var local))
        {
            local = _il.DeclareLocal(typeof(TableInstance));
            _tables.Add(tableIndex, local);
        }
        return local;
    }

    /// <summary>
    /// Calls the function in <paramref name="function"/> with the arguments in <paramref name="args"/>
    /// (their values are still in the model, and this pops them): through its typed delegate when it
    /// is compiled, else through slots.
    /// </summary>
    private void CallFunctionInstance(FuncType type, LocalBuilder function, LocalBuilder[] args, Label? join = null)
    {
        var il = _il;
        var done = join ?? il.DefineLabel();
        var delegateType = ModuleCompiler.DelegateType(type);
        if (delegateType is not null)
        {
            var slow = il.DefineLabel();
            var typed = RentTemp(typeof(object));
            il.Emit(OpCodes.Ldloc, function);
            il.Emit(OpCodes.Call, s_typedDelegate);
            il.Emit(OpCodes.Stloc, typed);
            il.Emit(OpCodes.Ldloc, typed);
            il.Emit(OpCodes.Brfalse, slow);
            il.Emit(OpCodes.Ldloc, typed);
            ReturnTemp(typed);
            InvokeTypedDelegate(delegateType.GetMethod("Invoke")!, args, done);
            il.MarkLabel(slow);
        }

        // through slots at the top of the context's value stack
        var span = Math.Max(Math.Max(WasmValue.SlotCount(type.Parameters), WasmValue.SlotCount(type.Results)), 1);
        var slots = RentTemp(typeof(ulong*));
        il.Emit(OpCodes.Ldarg, _contextArg);
        il.Emit(OpCodes.Ldc_I4, span);
        il.Emit(OpCodes.Call, s_argumentSlots);
        il.Emit(OpCodes.Stloc, slots);
        // a v128 takes two slots
        for (int i = 0, slot = 0; i < args.Length; slot += WasmValue.SlotCount(type.Parameters[i]), i++)
        {
            SlotAddress(slots, slot);
            il.Emit(OpCodes.Ldloc, args[i]);
            ModuleCompiler.EmitStoreSlot(il, type.Parameters[i]);
            ReturnTemp(args[i]);
        }
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldloc, function);
        il.Emit(OpCodes.Ldarg, _contextArg);
        il.Emit(OpCodes.Ldarg, _depthArg);
        il.Emit(OpCodes.Ldloc, slots);
        il.Emit(OpCodes.Ldc_I4, span);
        il.Emit(OpCodes.Call, s_invokeSlots);
        for (int i = 0, slot = 0; i < type.Results.Length; slot += WasmValue.SlotCount(type.Results[i]), i++)
        {
            SlotAddress(slots, slot);
            ModuleCompiler.EmitLoadSlot(il, type.Results[i]);
        }
        ReturnTemp(slots);
        il.MarkLabel(done);
        Truncate(_stack.Count - type.Parameters.Length);
        foreach (var r in type.Results)
        {
            Push(r);
        }
        ReloadMemory();
    }

    private void SlotAddress(LocalBuilder slots, int index)
    {
        _il.Emit(OpCodes.Ldloc, slots);
        if (index != 0)
        {
            _il.Emit(OpCodes.Ldc_I4, index * 8);
            _il.Emit(OpCodes.Add);
        }
    }

    // ---- 0xFC: saturating conversions, bulk memory, tables ----------------------------------

    private void Prefixed(Instruction instruction)
    {
        var il = _il;
        switch (instruction.PrefixedOpcode)
        {
            case PrefixedOpcode.I32TruncSatF32S: Convert(nameof(Runtime.Numerics.I32TruncSatF32S), ValueType.I32); break;
            case PrefixedOpcode.I32TruncSatF32U: Convert(nameof(Runtime.Numerics.I32TruncSatF32U), ValueType.I32); break;
            case PrefixedOpcode.I32TruncSatF64S: Convert(nameof(Runtime.Numerics.I32TruncSatF64S), ValueType.I32); break;
            case PrefixedOpcode.I32TruncSatF64U: Convert(nameof(Runtime.Numerics.I32TruncSatF64U), ValueType.I32); break;
            case PrefixedOpcode.I64TruncSatF32S: Convert(nameof(Runtime.Numerics.I64TruncSatF32S), ValueType.I64); break;
            case PrefixedOpcode.I64TruncSatF32U: Convert(nameof(Runtime.Numerics.I64TruncSatF32U), ValueType.I64); break;
            case PrefixedOpcode.I64TruncSatF64S: Convert(nameof(Runtime.Numerics.I64TruncSatF64S), ValueType.I64); break;
            case PrefixedOpcode.I64TruncSatF64U: Convert(nameof(Runtime.Numerics.I64TruncSatF64U), ValueType.I64); break;
            case PrefixedOpcode.MemoryInit:
                PopN(3);
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Ldc_I4, (int)instruction.Index);
                CallHelper(nameof(CompiledCode.MemoryInit));
                break;
            case PrefixedOpcode.DataDrop:
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Ldc_I4, (int)instruction.Index);
                CallHelper(nameof(CompiledCode.DataDrop));
                break;
            case PrefixedOpcode.MemoryCopy:
                PopN(3);
                il.Emit(OpCodes.Ldloc, _memory!);
                CallHelper(nameof(CompiledCode.MemoryCopy));
                break;
            case PrefixedOpcode.MemoryFill:
                PopN(3);
                il.Emit(OpCodes.Ldloc, _memory!);
                CallHelper(nameof(CompiledCode.MemoryFill));
                break;
            case PrefixedOpcode.TableInit:
                // immediates: element segment, then table
                PopN(3);
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Ldc_I4, (int)instruction.SecondIndex);
                il.Emit(OpCodes.Ldc_I4, (int)instruction.Index);
                CallHelper(nameof(CompiledCode.TableInit));
                break;
            case PrefixedOpcode.ElemDrop:
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Ldc_I4, (int)instruction.Index);
                CallHelper(nameof(CompiledCode.ElemDrop));
                break;
            case PrefixedOpcode.TableCopy:
                // immediates: destination, then source
                PopN(3);
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Ldc_I4, (int)instruction.Index);
                il.Emit(OpCodes.Ldc_I4, (int)instruction.SecondIndex);
                CallHelper(nameof(CompiledCode.TableCopy));
                break;
            case PrefixedOpcode.TableGrow:
                PopN(2);
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Ldc_I4, (int)instruction.Index);
                CallHelper(nameof(CompiledCode.TableGrow));
                Push(ValueType.I32);
                break;
            case PrefixedOpcode.TableSize:
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Ldc_I4, (int)instruction.Index);
                CallHelper(nameof(CompiledCode.TableSize));
                Push(ValueType.I32);
                break;
            case PrefixedOpcode.TableFill:
                PopN(3);
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Ldc_I4, (int)instruction.Index);
                CallHelper(nameof(CompiledCode.TableFill));
                break;
            default:
                throw new NotSupportedException($"0xFC {instruction.SubOpcode} is not compiled");
        }
    }

    private void PopN(int count)
    {
        for (var i = 0; i < count; i++)
        {
            Pop();
        }
    }

    private void CallHelper(string name) => _il.Emit(OpCodes.Call, typeof(CompiledCode).GetMethod(name)!);

    // ---- numeric instructions ---------------------------------------------------------------

    private void Convert(string numericsMethod, ValueType result)
    {
        Pop();
        _il.Emit(OpCodes.Call, NumericsMethod(numericsMethod));
        Push(result);
    }

    private static MethodInfo NumericsMethod(string name) => typeof(Numerics).GetMethod(name)
        ?? throw new InvalidOperationException($"Numerics.{name} is missing");

    private void Binary(OpCode op, ValueType result)
    {
        Pop();
        Pop();
        _il.Emit(op);
        Push(result);
    }

    private void BinaryCall(string numericsMethod, ValueType result)
    {
        Pop();
        Pop();
        _il.Emit(OpCodes.Call, NumericsMethod(numericsMethod));
        Push(result);
    }

    /// <summary>
    /// A rotate, or-ed with a zero the JIT cannot see: RyuJIT on x64 (.NET 10) believes a rotate by
    /// a count it knows is non-zero sets the zero flag and drops the <c>test</c> of a following
    /// compare with zero, but <c>ror</c>/<c>rol</c> leave ZF alone, so <c>(x rotr 31) == 0</c>
    /// branched on a stale flag (found by the differential fuzzer; dotnet/runtime#129288, fixed
    /// after .NET 10). The compare then tests the <c>or</c>, which does set ZF: one cheap instruction.
    /// </summary>
    private void Rotate(string numericsMethod, bool wide)
    {
        BinaryCall(numericsMethod, wide ? ValueType.I64 : ValueType.I32);
        LoadOpaqueZero(wide);
        _il.Emit(OpCodes.Or);
    }

    /// <summary>
    /// A trailing zero count, or-ed with a zero the JIT cannot see, as a rotate is: where x64 has no
    /// BMI1 (ILC's default target, so every <c>microwasm compile --native</c> executable) RyuJIT counts
    /// with <c>bsf</c>, whose zero flag says whether the operand was zero, and a following branch on
    /// the count being zero tested that flag: <c>(if (i32.ctz x) ...)</c> took the wrong arm for odd x
    /// (tools/native-diff, fuzz seeds 1101 and 1833; gone with <c>IlcInstructionSet=x86-64-v3</c>'s
    /// <c>tzcnt</c>). The compare then tests the <c>or</c>. Leading zero counts passed the same tests
    /// (Fuzz/Regressions/count-zeros-flag.wast) and are left alone.
    /// </summary>
    private void TrailingZeroCount(string numericsMethod, bool wide)
    {
        Convert(numericsMethod, wide ? ValueType.I64 : ValueType.I32);
        LoadOpaqueZero(wide);
        _il.Emit(OpCodes.Or);
    }

    /// <summary>
    /// Pushes the opaque zero (<see cref="OpaqueZero"/>), from a local the setup block loads once:
    /// read from the static at each use it cost a 64-bit address constant, a load and often a
    /// spilled register per rotate (sha256 150: 1.27 -> 1.19 s user; now one <c>or</c> of two registers).
    /// </summary>
    private void LoadOpaqueZero(bool wide)
    {
        ref var local = ref wide ? ref _opaqueZero64 : ref _opaqueZero32;
        local ??= _il.DeclareLocal(wide ? typeof(long) : typeof(int));
        _il.Emit(OpCodes.Ldloc, local);
    }

    private LocalBuilder? _opaqueZero32;
    private LocalBuilder? _opaqueZero64;

    private static readonly FieldInfo s_opaqueZero32 = typeof(OpaqueZero).GetField(nameof(OpaqueZero.Int32))!;
    private static readonly FieldInfo s_opaqueZero64 = typeof(OpaqueZero).GetField(nameof(OpaqueZero.Int64))!;

    private void Compare(OpCode op, bool negate)
    {
        Pop();
        Pop();
        _il.Emit(op);
        if (negate)
        {
            _il.Emit(OpCodes.Ldc_I4_0);
            _il.Emit(OpCodes.Ceq);
        }
        Push(ValueType.I32);
    }

    private void Shift(OpCode op, bool wide)
    {
        Pop();
        Pop();
        if (wide)
        {
            _il.Emit(OpCodes.Conv_I4);
            _il.Emit(OpCodes.Ldc_I4, 63);
        }
        else
        {
            _il.Emit(OpCodes.Ldc_I4, 31);
        }
        _il.Emit(OpCodes.And);
        _il.Emit(op);
        Push(wide ? ValueType.I64 : ValueType.I32);
    }

    private void Numeric(Opcode opcode)
    {
        var il = _il;
        switch (opcode)
        {
            case Opcode.I32Eqz:
                Pop();
                il.Emit(OpCodes.Ldc_I4_0);
                il.Emit(OpCodes.Ceq);
                Push(ValueType.I32);
                break;
            case Opcode.I64Eqz:
                Pop();
                il.Emit(OpCodes.Ldc_I4_0);
                il.Emit(OpCodes.Conv_I8);
                il.Emit(OpCodes.Ceq);
                Push(ValueType.I32);
                break;
            case Opcode.I32Eq or Opcode.I64Eq or Opcode.F32Eq or Opcode.F64Eq: Compare(OpCodes.Ceq, false); break;
            case Opcode.I32Ne or Opcode.I64Ne or Opcode.F32Ne or Opcode.F64Ne: Compare(OpCodes.Ceq, true); break;
            case Opcode.I32LtS or Opcode.I64LtS or Opcode.F32Lt or Opcode.F64Lt: Compare(OpCodes.Clt, false); break;
            case Opcode.I32LtU or Opcode.I64LtU: Compare(OpCodes.Clt_Un, false); break;
            case Opcode.I32GtS or Opcode.I64GtS or Opcode.F32Gt or Opcode.F64Gt: Compare(OpCodes.Cgt, false); break;
            case Opcode.I32GtU or Opcode.I64GtU: Compare(OpCodes.Cgt_Un, false); break;
            case Opcode.I32LeS or Opcode.I64LeS: Compare(OpCodes.Cgt, true); break;
            case Opcode.I32LeU or Opcode.I64LeU or Opcode.F32Le or Opcode.F64Le: Compare(OpCodes.Cgt_Un, true); break;
            case Opcode.I32GeS or Opcode.I64GeS: Compare(OpCodes.Clt, true); break;
            case Opcode.I32GeU or Opcode.I64GeU or Opcode.F32Ge or Opcode.F64Ge: Compare(OpCodes.Clt_Un, true); break;

            case Opcode.I32Clz: Convert(nameof(Runtime.Numerics.I32Clz), ValueType.I32); break;
            case Opcode.I32Ctz: TrailingZeroCount(nameof(Runtime.Numerics.I32Ctz), wide: false); break;
            case Opcode.I32Popcnt: Convert(nameof(Runtime.Numerics.I32Popcnt), ValueType.I32); break;
            case Opcode.I32Add: Binary(OpCodes.Add, ValueType.I32); break;
            case Opcode.I32Sub: Binary(OpCodes.Sub, ValueType.I32); break;
            case Opcode.I32Mul: Binary(OpCodes.Mul, ValueType.I32); break;
            case Opcode.I32DivS: BinaryCall(nameof(Runtime.Numerics.I32DivS), ValueType.I32); break;
            case Opcode.I32DivU: BinaryCall(nameof(Runtime.Numerics.I32DivU), ValueType.I32); break;
            case Opcode.I32RemS: BinaryCall(nameof(Runtime.Numerics.I32RemS), ValueType.I32); break;
            case Opcode.I32RemU: BinaryCall(nameof(Runtime.Numerics.I32RemU), ValueType.I32); break;
            case Opcode.I32And: Binary(OpCodes.And, ValueType.I32); break;
            case Opcode.I32Or: Binary(OpCodes.Or, ValueType.I32); break;
            case Opcode.I32Xor: Binary(OpCodes.Xor, ValueType.I32); break;
            case Opcode.I32Shl: Shift(OpCodes.Shl, false); break;
            case Opcode.I32ShrS: Shift(OpCodes.Shr, false); break;
            case Opcode.I32ShrU: Shift(OpCodes.Shr_Un, false); break;
            case Opcode.I32Rotl: Rotate(nameof(Runtime.Numerics.I32Rotl), false); break;
            case Opcode.I32Rotr: Rotate(nameof(Runtime.Numerics.I32Rotr), false); break;

            case Opcode.I64Clz: Convert(nameof(Runtime.Numerics.I64Clz), ValueType.I64); break;
            case Opcode.I64Ctz: TrailingZeroCount(nameof(Runtime.Numerics.I64Ctz), wide: true); break;
            case Opcode.I64Popcnt: Convert(nameof(Runtime.Numerics.I64Popcnt), ValueType.I64); break;
            case Opcode.I64Add: Binary(OpCodes.Add, ValueType.I64); break;
            case Opcode.I64Sub: Binary(OpCodes.Sub, ValueType.I64); break;
            case Opcode.I64Mul: Binary(OpCodes.Mul, ValueType.I64); break;
            case Opcode.I64DivS: BinaryCall(nameof(Runtime.Numerics.I64DivS), ValueType.I64); break;
            case Opcode.I64DivU: BinaryCall(nameof(Runtime.Numerics.I64DivU), ValueType.I64); break;
            case Opcode.I64RemS: BinaryCall(nameof(Runtime.Numerics.I64RemS), ValueType.I64); break;
            case Opcode.I64RemU: BinaryCall(nameof(Runtime.Numerics.I64RemU), ValueType.I64); break;
            case Opcode.I64And: Binary(OpCodes.And, ValueType.I64); break;
            case Opcode.I64Or: Binary(OpCodes.Or, ValueType.I64); break;
            case Opcode.I64Xor: Binary(OpCodes.Xor, ValueType.I64); break;
            case Opcode.I64Shl: Shift(OpCodes.Shl, true); break;
            case Opcode.I64ShrS: Shift(OpCodes.Shr, true); break;
            case Opcode.I64ShrU: Shift(OpCodes.Shr_Un, true); break;
            case Opcode.I64Rotl: Rotate(nameof(Runtime.Numerics.I64Rotl), true); break;
            case Opcode.I64Rotr: Rotate(nameof(Runtime.Numerics.I64Rotr), true); break;

            case Opcode.F32Abs: Convert(nameof(Runtime.Numerics.F32Abs), ValueType.F32); break;
            case Opcode.F32Neg: Convert(nameof(Runtime.Numerics.F32Neg), ValueType.F32); break;
            case Opcode.F32Ceil: Convert(nameof(Runtime.Numerics.F32Ceil), ValueType.F32); break;
            case Opcode.F32Floor: Convert(nameof(Runtime.Numerics.F32Floor), ValueType.F32); break;
            case Opcode.F32Trunc: Convert(nameof(Runtime.Numerics.F32Trunc), ValueType.F32); break;
            case Opcode.F32Nearest: Convert(nameof(Runtime.Numerics.F32Nearest), ValueType.F32); break;
            case Opcode.F32Sqrt: Convert(nameof(Runtime.Numerics.F32Sqrt), ValueType.F32); break;
            case Opcode.F32Add: Binary(OpCodes.Add, ValueType.F32); break;
            case Opcode.F32Sub: Binary(OpCodes.Sub, ValueType.F32); break;
            case Opcode.F32Mul: Binary(OpCodes.Mul, ValueType.F32); break;
            case Opcode.F32Div: Binary(OpCodes.Div, ValueType.F32); break;
            case Opcode.F32Min: BinaryCall(nameof(Runtime.Numerics.F32Min), ValueType.F32); break;
            case Opcode.F32Max: BinaryCall(nameof(Runtime.Numerics.F32Max), ValueType.F32); break;
            case Opcode.F32Copysign: BinaryCall(nameof(Runtime.Numerics.F32Copysign), ValueType.F32); break;

            case Opcode.F64Abs: Convert(nameof(Runtime.Numerics.F64Abs), ValueType.F64); break;
            case Opcode.F64Neg: Convert(nameof(Runtime.Numerics.F64Neg), ValueType.F64); break;
            case Opcode.F64Ceil: Convert(nameof(Runtime.Numerics.F64Ceil), ValueType.F64); break;
            case Opcode.F64Floor: Convert(nameof(Runtime.Numerics.F64Floor), ValueType.F64); break;
            case Opcode.F64Trunc: Convert(nameof(Runtime.Numerics.F64Trunc), ValueType.F64); break;
            case Opcode.F64Nearest: Convert(nameof(Runtime.Numerics.F64Nearest), ValueType.F64); break;
            case Opcode.F64Sqrt: Convert(nameof(Runtime.Numerics.F64Sqrt), ValueType.F64); break;
            case Opcode.F64Add: Binary(OpCodes.Add, ValueType.F64); break;
            case Opcode.F64Sub: Binary(OpCodes.Sub, ValueType.F64); break;
            case Opcode.F64Mul: Binary(OpCodes.Mul, ValueType.F64); break;
            case Opcode.F64Div: Binary(OpCodes.Div, ValueType.F64); break;
            case Opcode.F64Min: BinaryCall(nameof(Runtime.Numerics.F64Min), ValueType.F64); break;
            case Opcode.F64Max: BinaryCall(nameof(Runtime.Numerics.F64Max), ValueType.F64); break;
            case Opcode.F64Copysign: BinaryCall(nameof(Runtime.Numerics.F64Copysign), ValueType.F64); break;

            case Opcode.I32WrapI64:
                Pop();
                il.Emit(OpCodes.Conv_I4);
                Push(ValueType.I32);
                break;
            case Opcode.I64ExtendI32S:
                Pop();
                il.Emit(OpCodes.Conv_I8);
                Push(ValueType.I64);
                break;
            case Opcode.I64ExtendI32U:
                Pop();
                il.Emit(OpCodes.Conv_U8);
                Push(ValueType.I64);
                break;
            case Opcode.I32TruncF32S: Convert(nameof(Runtime.Numerics.I32TruncF32S), ValueType.I32); break;
            case Opcode.I32TruncF32U: Convert(nameof(Runtime.Numerics.I32TruncF32U), ValueType.I32); break;
            case Opcode.I32TruncF64S: Convert(nameof(Runtime.Numerics.I32TruncF64S), ValueType.I32); break;
            case Opcode.I32TruncF64U: Convert(nameof(Runtime.Numerics.I32TruncF64U), ValueType.I32); break;
            case Opcode.I64TruncF32S: Convert(nameof(Runtime.Numerics.I64TruncF32S), ValueType.I64); break;
            case Opcode.I64TruncF32U: Convert(nameof(Runtime.Numerics.I64TruncF32U), ValueType.I64); break;
            case Opcode.I64TruncF64S: Convert(nameof(Runtime.Numerics.I64TruncF64S), ValueType.I64); break;
            case Opcode.I64TruncF64U: Convert(nameof(Runtime.Numerics.I64TruncF64U), ValueType.I64); break;
            case Opcode.F32ConvertI32S: Convert(nameof(Runtime.Numerics.F32ConvertI32S), ValueType.F32); break;
            case Opcode.F32ConvertI32U: Convert(nameof(Runtime.Numerics.F32ConvertI32U), ValueType.F32); break;
            case Opcode.F32ConvertI64S: Convert(nameof(Runtime.Numerics.F32ConvertI64S), ValueType.F32); break;
            case Opcode.F32ConvertI64U: Convert(nameof(Runtime.Numerics.F32ConvertI64U), ValueType.F32); break;
            case Opcode.F32DemoteF64: Convert(nameof(Runtime.Numerics.F32DemoteF64), ValueType.F32); break;
            case Opcode.F64ConvertI32S: Convert(nameof(Runtime.Numerics.F64ConvertI32S), ValueType.F64); break;
            case Opcode.F64ConvertI32U: Convert(nameof(Runtime.Numerics.F64ConvertI32U), ValueType.F64); break;
            case Opcode.F64ConvertI64S: Convert(nameof(Runtime.Numerics.F64ConvertI64S), ValueType.F64); break;
            case Opcode.F64ConvertI64U: Convert(nameof(Runtime.Numerics.F64ConvertI64U), ValueType.F64); break;
            case Opcode.F64PromoteF32: Convert(nameof(Runtime.Numerics.F64PromoteF32), ValueType.F64); break;
            case Opcode.I32ReinterpretF32:
                Pop();
                il.Emit(OpCodes.Call, s_singleToInt32Bits);
                Push(ValueType.I32);
                break;
            case Opcode.I64ReinterpretF64:
                Pop();
                il.Emit(OpCodes.Call, s_doubleToInt64Bits);
                Push(ValueType.I64);
                break;
            case Opcode.F32ReinterpretI32:
                // or-ed with an opaque zero: RyuJIT (.NET 10) turns the bit cast of a narrow load
                // (i32.load8/16) into a 4-byte float load, reading the bytes after it (fuzz seed 10423;
                // dotnet/runtime#133580, fixed after .NET 10)
                Pop();
                LoadOpaqueZero(wide: false);
                il.Emit(OpCodes.Or);
                il.Emit(OpCodes.Call, s_int32BitsToSingle);
                Push(ValueType.F32);
                break;
            case Opcode.F64ReinterpretI64:
                // the same guard as f32.reinterpret_i32, for i64.load8/16/32
                Pop();
                LoadOpaqueZero(wide: true);
                il.Emit(OpCodes.Or);
                il.Emit(OpCodes.Call, s_int64BitsToDouble);
                Push(ValueType.F64);
                break;
            case Opcode.I32Extend8S:
                Pop();
                il.Emit(OpCodes.Conv_I1);
                Push(ValueType.I32);
                break;
            case Opcode.I32Extend16S:
                Pop();
                il.Emit(OpCodes.Conv_I2);
                Push(ValueType.I32);
                break;
            case Opcode.I64Extend8S:
                Pop();
                il.Emit(OpCodes.Conv_I1);
                il.Emit(OpCodes.Conv_I8);
                Push(ValueType.I64);
                break;
            case Opcode.I64Extend16S:
                Pop();
                il.Emit(OpCodes.Conv_I2);
                il.Emit(OpCodes.Conv_I8);
                Push(ValueType.I64);
                break;
            case Opcode.I64Extend32S:
                Pop();
                il.Emit(OpCodes.Conv_I4);
                il.Emit(OpCodes.Conv_I8);
                Push(ValueType.I64);
                break;
            default:
                throw new NotSupportedException($"opcode 0x{(byte)opcode:X2} is not compiled");
        }
    }

    private static readonly FieldInfo s_depthLimit = typeof(ExecutionEnvironment).GetField(nameof(ExecutionEnvironment.CompiledDepthLimit), BindingFlags.NonPublic | BindingFlags.Instance)!;
    private static readonly FieldInfo s_interruptRequested = typeof(ExecutionEnvironment).GetField(nameof(ExecutionEnvironment.InterruptRequested), BindingFlags.NonPublic | BindingFlags.Instance)!;
    private static readonly FieldInfo s_memories = typeof(Instance).GetField(nameof(Instance.Memories), BindingFlags.NonPublic | BindingFlags.Instance)!;
    private static readonly FieldInfo s_globals = typeof(Instance).GetField(nameof(Instance.Globals), BindingFlags.NonPublic | BindingFlags.Instance)!;
    private static readonly FieldInfo s_functions = typeof(Instance).GetField(nameof(Instance.Functions), BindingFlags.NonPublic | BindingFlags.Instance)!;
    private static readonly FieldInfo s_globalValue = typeof(GlobalInstance).GetField(nameof(GlobalInstance.Value), BindingFlags.NonPublic | BindingFlags.Instance)!;
    private static readonly MethodInfo s_memoryBase = typeof(MemoryInstance).GetProperty(nameof(MemoryInstance.Base), BindingFlags.NonPublic | BindingFlags.Instance)!.GetMethod!;
    private static readonly MethodInfo s_memoryLength = typeof(MemoryInstance).GetProperty(nameof(MemoryInstance.ByteLength), BindingFlags.NonPublic | BindingFlags.Instance)!.GetMethod!;
    private static readonly MethodInfo s_entryCheck = typeof(CompiledCode).GetMethod(nameof(CompiledCode.EntryCheck))!;
    private static readonly MethodInfo s_trap = typeof(CompiledCode).GetMethod(nameof(CompiledCode.Trap))!;
    private static readonly MethodInfo s_f32FromBits = typeof(CompiledCode).GetMethod(nameof(CompiledCode.F32FromBits))!;
    private static readonly MethodInfo s_f64FromBits = typeof(CompiledCode).GetMethod(nameof(CompiledCode.F64FromBits))!;
    private static readonly MethodInfo s_argumentSlots = typeof(CompiledCode).GetMethod(nameof(CompiledCode.ArgumentSlots))!;
    private static readonly MethodInfo s_invokeSlots = typeof(CompiledCode).GetMethod(nameof(CompiledCode.InvokeSlots))!;
    private static readonly MethodInfo s_resolveIndirect = typeof(CompiledCode).GetMethod(nameof(CompiledCode.ResolveIndirect))!;
    private static readonly FieldInfo s_tables = typeof(Instance).GetField(nameof(Instance.Tables), BindingFlags.NonPublic | BindingFlags.Instance)!;
    private static readonly MethodInfo s_tableSize = typeof(TableInstance).GetProperty(nameof(TableInstance.Size))!.GetMethod!;
    private static readonly MethodInfo s_tableElements = typeof(TableInstance).GetProperty(nameof(TableInstance.Elements), BindingFlags.NonPublic | BindingFlags.Instance)!.GetMethod!;
    private static readonly MethodInfo s_instanceStore = typeof(Instance).GetProperty(nameof(Instance.Store))!.GetMethod!;
    private static readonly MethodInfo s_getFunction = typeof(Runtime.Store).GetMethod(nameof(Runtime.Store.GetFunction))!;
    private static readonly FieldInfo s_indirectKey = typeof(FunctionInstance).GetField(nameof(FunctionInstance.IndirectKey), BindingFlags.NonPublic | BindingFlags.Instance)!;
    private static readonly FieldInfo s_indirectTarget = typeof(FunctionInstance).GetField(nameof(FunctionInstance.IndirectTarget), BindingFlags.NonPublic | BindingFlags.Instance)!;
    private static readonly MethodInfo s_typedDelegate = typeof(CompiledCode).GetMethod(nameof(CompiledCode.TypedDelegate))!;
    private static readonly MethodInfo s_singleToInt32Bits = typeof(BitConverter).GetMethod(nameof(BitConverter.SingleToInt32Bits))!;
    private static readonly MethodInfo s_doubleToInt64Bits = typeof(BitConverter).GetMethod(nameof(BitConverter.DoubleToInt64Bits))!;
    private static readonly MethodInfo s_int32BitsToSingle = typeof(BitConverter).GetMethod(nameof(BitConverter.Int32BitsToSingle))!;
    private static readonly MethodInfo s_int64BitsToDouble = typeof(BitConverter).GetMethod(nameof(BitConverter.Int64BitsToDouble))!;
}
