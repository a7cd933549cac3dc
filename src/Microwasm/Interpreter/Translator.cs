using Microwasm.Binary;
using Microwasm.Model;
using Microwasm.Runtime;
using Microwasm.Validation;

namespace Microwasm.Interpreter;

/// <summary>
/// Translates one validated function body from wasm bytes into <see cref="Op"/> code. The module
/// is valid, so nothing is re-checked: the translator only tracks the operand stack's types and
/// slots and the control stack's labels.
/// </summary>
/// <remarks>
/// Every operand stack entry has a home slot fixed by its height. An entry may instead be read
/// from a local's slot (after <c>local.get</c>/<c>local.tee</c>) until that local is written: this
/// removes the copy a stack machine would make. At every structured-control boundary all entries
/// are in their homes, so every path into a label agrees on where values are.
/// </remarks>
internal sealed partial class Translator
{
    private readonly Module _module;
    private readonly FunctionFacts _facts;
    private readonly FunctionBody _body;
    private readonly FuncType _type;

    private int[] _code = new int[256];
    private int _count;

    // The operand stack: type, the slot a consumer reads, and the entry's own slot.
    private ValueType[] _types;
    private int[] _source;
    private int[] _home;
    private int _height;

    // The entries read from a local's slot instead of their home, ascending, and how many entries
    // read each local slot: so a local.set, a block entry or a branch finds the entries it must
    // materialise without walking the whole stack (which made deep stacks quadratic).
    private int[] _virtual = new int[16];
    private int _virtualCount;
    private readonly int[] _slotReaders;

    private readonly int[] _localSlot;
    private readonly int _localSlots;
    private int _maxSlot;

    private Control[] _controls = new Control[16];
    private int _controlCount;
    private int _nextBlock;

    // The last instruction, if a following one may fuse with it or retarget its destination.
    private int _lastOp = -1;
    private int _lastOpEnd = -1;
    // Where the last instruction keeps its destination slot (a following local.set may retarget
    // it), or -1; for a fused pair that is the second half's destination.
    private int _lastDestination = -1;
    // The start of the last standalone I32AddImm or Load8U, which a following instruction of the
    // same kind may join (I32AddImm2, Load8U2), or -1.
    private int _pairableStart = -1;
    // The instruction with a result just before the last one, if nothing came between, or -1.
    private int _prevOp = -1;

    // For jump threading after translation: every unconditional br (with the single-slot copy
    // just before it, or -1), and every position some branch jumps to.
    private readonly List<(int Branch, int Copy)> _jumps = [];
    private readonly HashSet<int> _targets = [];
    private int _lastCopyStart = -1;
    // False once a label is placed after the last copy: a copy there cannot join it.
    private bool _lastCopyFusable;

    private struct Control
    {
        public Opcode Kind;
        public FuncType Type;
        public int Height;
        public int BaseSlot;
        public int LoopStart;
        // a loop whose header is an Op.TierLoop (at LoopStart)
        public bool Tiered;
        public List<int>? Patches;
        public int ElsePatch;
        public int Else;
        public int End;
        public bool InElse;
        public bool Unreachable;
        // The br_table (its table's position) that last got a stub for this label, and the stub:
        // all its entries for this label share one.
        public int StubTable;
        public int Stub;
    }

    /// <summary>
    /// Branches that carry more values than this move them with one <see cref="Op.CopyRange"/> after
    /// materialising them (on every path), so their code does not grow with the arity; smaller
    /// ones (nearly all) keep their per-value copies, which fuse with what follows.
    /// </summary>
    private const int SmallArity = 2;

    /// <summary>Instructions translated between two polls of the interrupt flag.</summary>
    private const int PollInterval = 4096;

    private readonly ExecutionEnvironment? _context;

    // False when the module's own functions may be run by another engine (the compiler's
    // per-function fallback): every call then goes through the function table, as imports do.
    private readonly bool _directCalls;

    // Set when translating for tier-up: the function starts with Op.TierEntry and each loop entered
    // with an empty operand stack with Op.TierLoop, counting down from these.
    private readonly TierCounters? _tier;

    private Translator(Module module, FunctionFacts facts, FunctionBody body, FuncType type, ExecutionEnvironment? context, bool directCalls = true, TierCounters? tier = null)
    {
        _module = module;
        _context = context;
        _directCalls = directCalls;
        _tier = tier;
        _facts = facts;
        _body = body;
        _type = type;
        var localTypes = facts.LocalTypes;
        _localSlot = new int[localTypes.Length];
        var slot = 0;
        for (var i = 0; i < localTypes.Length; i++)
        {
            _localSlot[i] = slot;
            slot += WasmValue.SlotCount(localTypes[i]);
        }
        _localSlots = slot;
        _slotReaders = new int[slot];
        _maxSlot = slot;
        var capacity = Math.Max(facts.MaxStackHeight, 8) + 1;
        _types = new ValueType[capacity];
        _source = new int[capacity];
        _home = new int[capacity];
    }

    /// <summary>Translates defined function <paramref name="definedIndex"/> of <paramref name="module"/>.</summary>
    /// <param name="module">The validated module.</param>
    /// <param name="definedIndex">The function's index among the module's defined functions.</param>
    /// <param name="context">The context whose call needs the code: an interrupt requested on it ends the translation with a trap.</param>
    /// <param name="directCalls">False if the module's own functions may be run by another engine: calls to them then go through the instance's function table.</param>
    /// <param name="tier">The counters' start values when the code is translated for tier-up (the calls and loop iterations before a promotion), else null.</param>
    public static FunctionCode Translate(ValidatedModule module, int definedIndex, ExecutionEnvironment? context = null, bool directCalls = true, TierCounters? tier = null)
    {
        var m = module.Module;
        var type = m.Types[m.Functions[definedIndex]];
        var translator = new Translator(m, module.Functions[definedIndex], m.Codes[definedIndex], type, context, directCalls, tier);
        return translator.Run();
    }

    private FunctionCode Run()
    {
        var reader = new WasmReader(_body.Code.Span, _body.CodeOffset);
        ref var function = ref PushControl(Opcode.Block, _type, 0);
        function.End = _body.Code.Length - 1;
        if (_tier is { } tier)
        {
            Emit(Op.TierEntry, tier.Calls);
            ClearLast();
        }
        // the first instruction polls, so a request made before the call is seen at once
        var untilPoll = 1;
        while (_controlCount > 0)
        {
            if (--untilPoll == 0)
            {
                untilPoll = PollInterval;
                PollInterrupt();
            }
            var position = reader.Position;
            var instruction = InstructionReader.Read(ref reader);
            var opcode = instruction.Opcode;
            switch (opcode)
            {
            case Opcode.Unreachable:
                Emit(Op.Unreachable);
                SkipUnreachable(ref reader);
                break;
            case Opcode.Nop:
                break;
            case Opcode.Block:
            case Opcode.Loop:
            case Opcode.If:
                EnterBlock(opcode, position);
                break;
            case Opcode.Else:
                Else();
                break;
            case Opcode.End:
                End();
                break;
            case Opcode.Br:
                Branch((int)instruction.Index);
                SkipUnreachable(ref reader);
                break;
            case Opcode.BrIf:
                BranchIf((int)instruction.Index);
                break;
            case Opcode.BrTable:
                BranchTable(in reader, instruction, position);
                SkipUnreachable(ref reader);
                break;
            case Opcode.Return:
                Return();
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
                break;
            case Opcode.Select:
                Select(_types[_height - 2]);
                break;
            case Opcode.SelectTyped:
                Select(instruction.ValueType);
                break;
            case Opcode.LocalGet:
            {
                var local = (int)instruction.Index;
                PushVirtual(_facts.LocalTypes[local], _localSlot[local]);
                break;
            }
            case Opcode.LocalSet:
                SetLocal((int)instruction.Index, tee: false);
                break;
            case Opcode.LocalTee:
                SetLocal((int)instruction.Index, tee: true);
                break;
            case Opcode.GlobalGet:
            {
                var index = (int)instruction.Index;
                var type = _module.GetGlobalType((uint)index).ValueType;
                var d = Push(type);
                EmitResult(type == ValueType.V128 ? Op.GlobalGet128 : Op.GlobalGet, d, index);
                break;
            }
            case Opcode.GlobalSet:
            {
                var index = (int)instruction.Index;
                var type = _types[_height - 1];
                var a = Pop();
                Emit(type == ValueType.V128 ? Op.GlobalSet128 : Op.GlobalSet, index, a);
                break;
            }
            case Opcode.TableGet:
            {
                var table = (int)instruction.Index;
                var i = Pop();
                var d = Push(_module.GetTableType((uint)table).ElementType);
                EmitResult(Op.TableGet, d, i, table);
                break;
            }
            case Opcode.TableSet:
            {
                var table = (int)instruction.Index;
                var v = Pop();
                var i = Pop();
                Emit(Op.TableSet, table, i, v);
                break;
            }
            case Opcode.I32Load:
            case Opcode.F32Load:
            case Opcode.I64Load32U:
                Load(instruction.Memory.Offset, Op.Load32U, opcode == Opcode.I32Load ? ValueType.I32 : opcode == Opcode.F32Load ? ValueType.F32 : ValueType.I64);
                break;
            case Opcode.I64Load:
                Load(instruction.Memory.Offset, Op.Load64, ValueType.I64);
                break;
            case Opcode.F64Load:
                Load(instruction.Memory.Offset, Op.Load64, ValueType.F64);
                break;
            case Opcode.I32Load8S:
                Load(instruction.Memory.Offset, Op.I32Load8S, ValueType.I32);
                break;
            case Opcode.I32Load8U:
                Load(instruction.Memory.Offset, Op.Load8U, ValueType.I32);
                break;
            case Opcode.I32Load16S:
                Load(instruction.Memory.Offset, Op.I32Load16S, ValueType.I32);
                break;
            case Opcode.I32Load16U:
                Load(instruction.Memory.Offset, Op.Load16U, ValueType.I32);
                break;
            case Opcode.I64Load8S:
                Load(instruction.Memory.Offset, Op.I64Load8S, ValueType.I64);
                break;
            case Opcode.I64Load8U:
                Load(instruction.Memory.Offset, Op.Load8U, ValueType.I64);
                break;
            case Opcode.I64Load16S:
                Load(instruction.Memory.Offset, Op.I64Load16S, ValueType.I64);
                break;
            case Opcode.I64Load16U:
                Load(instruction.Memory.Offset, Op.Load16U, ValueType.I64);
                break;
            case Opcode.I64Load32S:
                Load(instruction.Memory.Offset, Op.I64Load32S, ValueType.I64);
                break;
            case Opcode.I32Store8:
            case Opcode.I64Store8:
                Store(instruction.Memory.Offset, Op.Store8);
                break;
            case Opcode.I32Store16:
            case Opcode.I64Store16:
                Store(instruction.Memory.Offset, Op.Store16);
                break;
            case Opcode.I32Store:
            case Opcode.F32Store:
            case Opcode.I64Store32:
                Store(instruction.Memory.Offset, Op.Store32);
                break;
            case Opcode.I64Store:
            case Opcode.F64Store:
                Store(instruction.Memory.Offset, Op.Store64);
                break;
            case Opcode.MemorySize:
                EmitResult(Op.MemorySize, Push(ValueType.I32));
                break;
            case Opcode.MemoryGrow:
            {
                var a = Pop();
                EmitResult(Op.MemoryGrow, Push(ValueType.I32), a);
                break;
            }
            case Opcode.I32Const:
                EmitResult(Op.I32Const, Push(ValueType.I32), instruction.I32);
                break;
            case Opcode.I64Const:
            {
                var value = instruction.I64;
                EmitResult(Op.I64Const, Push(ValueType.I64), (int)value, (int)(value >> 32));
                break;
            }
            case Opcode.F32Const:
                EmitResult(Op.I32Const, Push(ValueType.F32), (int)instruction.F32Bits);
                break;
            case Opcode.F64Const:
            {
                var value = instruction.F64Bits;
                EmitResult(Op.I64Const, Push(ValueType.F64), (int)value, (int)(value >> 32));
                break;
            }
            case Opcode.RefNull:
                EmitResult(Op.I32Const, Push(instruction.ValueType), 0);
                break;
            case Opcode.RefIsNull:
            {
                var a = Pop();
                EmitResult(Op.RefIsNull, Push(ValueType.I32), a);
                break;
            }
            case Opcode.RefFunc:
                EmitResult(Op.RefFunc, Push(ValueType.FuncRef), (int)instruction.Index);
                break;
            case Opcode.PrefixFC:
                Prefixed(instruction, _body.CodeOffset + position);
                break;
            case Opcode.PrefixSimd:
                Simd(in reader, instruction);
                break;
            case >= Opcode.I32Eqz and <= Opcode.I64Extend32S:
                Numeric(opcode);
                break;
            default:
                throw new InvalidOperationException($"unexpected opcode 0x{(byte)opcode:X2} at byte 0x{_body.CodeOffset + position:X}");
            }
        }
        ThreadJumps();
        return new FunctionCode(_code.AsSpan(0, _count), WasmValue.SlotCount(_type.Parameters),
            _localSlots, Math.Max(_maxSlot, _localSlots));
    }

    /// <summary>Marks the numeric instructions that only retype their operand's slot (reinterpretations, zero extension).</summary>
    private const Op RetypeOnly = (Op)(-1);

    /// <summary>The internal instruction of each numeric opcode from <c>i32.eqz</c> to <c>i64.extend32_s</c>.</summary>
    private static readonly Op[] NumericOps =
    [
        Op.I32Eqz, Op.I32Eq, Op.I32Ne, Op.I32LtS,
        Op.I32LtU, Op.I32GtS, Op.I32GtU, Op.I32LeS,
        Op.I32LeU, Op.I32GeS, Op.I32GeU, Op.I64Eqz,
        Op.I64Eq, Op.I64Ne, Op.I64LtS, Op.I64LtU,
        Op.I64GtS, Op.I64GtU, Op.I64LeS, Op.I64LeU,
        Op.I64GeS, Op.I64GeU, Op.F32Eq, Op.F32Ne,
        Op.F32Lt, Op.F32Gt, Op.F32Le, Op.F32Ge,
        Op.F64Eq, Op.F64Ne, Op.F64Lt, Op.F64Gt,
        Op.F64Le, Op.F64Ge, Op.I32Clz, Op.I32Ctz,
        Op.I32Popcnt, Op.I32Add, Op.I32Sub, Op.I32Mul,
        Op.I32DivS, Op.I32DivU, Op.I32RemS, Op.I32RemU,
        Op.I32And, Op.I32Or, Op.I32Xor, Op.I32Shl,
        Op.I32ShrS, Op.I32ShrU, Op.I32Rotl, Op.I32Rotr,
        Op.I64Clz, Op.I64Ctz, Op.I64Popcnt, Op.I64Add,
        Op.I64Sub, Op.I64Mul, Op.I64DivS, Op.I64DivU,
        Op.I64RemS, Op.I64RemU, Op.I64And, Op.I64Or,
        Op.I64Xor, Op.I64Shl, Op.I64ShrS, Op.I64ShrU,
        Op.I64Rotl, Op.I64Rotr, Op.F32Abs, Op.F32Neg,
        Op.F32Ceil, Op.F32Floor, Op.F32Trunc, Op.F32Nearest,
        Op.F32Sqrt, Op.F32Add, Op.F32Sub, Op.F32Mul,
        Op.F32Div, Op.F32Min, Op.F32Max, Op.F32Copysign,
        Op.F64Abs, Op.F64Neg, Op.F64Ceil, Op.F64Floor,
        Op.F64Trunc, Op.F64Nearest, Op.F64Sqrt, Op.F64Add,
        Op.F64Sub, Op.F64Mul, Op.F64Div, Op.F64Min,
        Op.F64Max, Op.F64Copysign, Op.I32WrapI64, Op.I32TruncF32S,
        Op.I32TruncF32U, Op.I32TruncF64S, Op.I32TruncF64U, Op.I64ExtendI32S,
        RetypeOnly, Op.I64TruncF32S, Op.I64TruncF32U, Op.I64TruncF64S,
        Op.I64TruncF64U, Op.F32ConvertI32S, Op.F32ConvertI32U, Op.F32ConvertI64S,
        Op.F32ConvertI64U, Op.F32DemoteF64, Op.F64ConvertI32S, Op.F64ConvertI32U,
        Op.F64ConvertI64S, Op.F64ConvertI64U, Op.F64PromoteF32, RetypeOnly,
        RetypeOnly, RetypeOnly, RetypeOnly, Op.I32Extend8S,
        Op.I32Extend16S, Op.I64Extend8S, Op.I64Extend16S, Op.I64Extend32S,
    ];

    /// <summary>
    /// A numeric instruction: its operand and result types are the validator's table
    /// (<see cref="NumericShapes"/>), its internal instruction this class's.
    /// </summary>
    private void Numeric(Opcode opcode)
    {
        var shape = NumericShapes.Of(opcode);
        var op = NumericOps[opcode - Opcode.I32Eqz];
        if (op == RetypeOnly)
        {
            // the slot's bits are already the result's
            Retype(shape.Result);
        }
        else if (shape.IsUnary)
        {
            Unary(op, shape.Result);
        }
        else
        {
            Binary(op, shape.Result);
        }
    }

    /// <summary>
    /// Translation runs lazily inside a call, so a deadline or interrupt must end a long one as it
    /// ends a running loop: with <see cref="TrapKind.Interrupted"/>.
    /// </summary>
    private void PollInterrupt()
    {
        if (_context is { InterruptRequested: true })
        {
            throw new WasmTrap(TrapKind.Interrupted);
        }
    }

    private void Prefixed(Instruction instruction, int offset)
    {
        var sub = instruction.PrefixedOpcode;
        switch (sub)
        {
        case PrefixedOpcode.MemoryInit:
        {
            var segment = (int)instruction.Index;
            var n = Pop();
            var s = Pop();
            var d = Pop();
            Emit(Op.MemoryInit, segment, d, s, n);
            break;
        }
        case PrefixedOpcode.DataDrop:
            Emit(Op.DataDrop, (int)instruction.Index);
            break;
        case PrefixedOpcode.MemoryCopy:
        {
            var n = Pop();
            var s = Pop();
            var d = Pop();
            Emit(Op.MemoryCopy, d, s, n);
            break;
        }
        case PrefixedOpcode.MemoryFill:
        {
            var n = Pop();
            var v = Pop();
            var d = Pop();
            Emit(Op.MemoryFill, d, v, n);
            break;
        }
        case PrefixedOpcode.TableInit:
        {
            var segment = (int)instruction.Index;
            var table = (int)instruction.SecondIndex;
            var n = Pop();
            var s = Pop();
            var d = Pop();
            Emit(Op.TableInit, table, segment, d, s, n);
            break;
        }
        case PrefixedOpcode.ElemDrop:
            Emit(Op.ElemDrop, (int)instruction.Index);
            break;
        case PrefixedOpcode.TableCopy:
        {
            var destination = (int)instruction.Index;
            var source = (int)instruction.SecondIndex;
            var n = Pop();
            var s = Pop();
            var d = Pop();
            Emit(Op.TableCopy, destination, source, d, s, n);
            break;
        }
        case PrefixedOpcode.TableGrow:
        {
            var table = (int)instruction.Index;
            var n = Pop();
            var v = Pop();
            EmitResult(Op.TableGrow, Push(ValueType.I32), v, n, table);
            break;
        }
        case PrefixedOpcode.TableSize:
            EmitResult(Op.TableSize, Push(ValueType.I32), (int)instruction.Index);
            break;
        case PrefixedOpcode.TableFill:
        {
            var table = (int)instruction.Index;
            var n = Pop();
            var v = Pop();
            var i = Pop();
            Emit(Op.TableFill, table, i, v, n);
            break;
        }
        case PrefixedOpcode.I32TruncSatF32S:
            Unary(Op.I32TruncSatF32S, ValueType.I32);
            break;
        case PrefixedOpcode.I32TruncSatF32U:
            Unary(Op.I32TruncSatF32U, ValueType.I32);
            break;
        case PrefixedOpcode.I32TruncSatF64S:
            Unary(Op.I32TruncSatF64S, ValueType.I32);
            break;
        case PrefixedOpcode.I32TruncSatF64U:
            Unary(Op.I32TruncSatF64U, ValueType.I32);
            break;
        case PrefixedOpcode.I64TruncSatF32S:
            Unary(Op.I64TruncSatF32S, ValueType.I64);
            break;
        case PrefixedOpcode.I64TruncSatF32U:
            Unary(Op.I64TruncSatF32U, ValueType.I64);
            break;
        case PrefixedOpcode.I64TruncSatF64S:
            Unary(Op.I64TruncSatF64S, ValueType.I64);
            break;
        case PrefixedOpcode.I64TruncSatF64U:
            Unary(Op.I64TruncSatF64U, ValueType.I64);
            break;
        default:
            throw new InvalidOperationException($"unexpected prefixed opcode 0xFC {(uint)sub} at byte 0x{offset:X}");
        }
    }

    // ---- operand stack ---------------------------------------------------------------------

    private int NextHome() => _height == 0 ? _localSlots : _home[_height - 1] + WasmValue.SlotCount(_types[_height - 1]);

    /// <summary>Pushes an entry that lives in its home; returns the home slot.</summary>
    private int Push(ValueType type)
    {
        var home = NextHome();
        if (_height == _types.Length)
        {
            Array.Resize(ref _types, _height * 2);
            Array.Resize(ref _source, _height * 2);
            Array.Resize(ref _home, _height * 2);
        }
        _types[_height] = type;
        _home[_height] = home;
        _source[_height] = home;
        _height++;
        _maxSlot = Math.Max(_maxSlot, home + WasmValue.SlotCount(type));
        return home;
    }

    /// <summary>Pushes entries that live in their homes, in one pass (calls and blocks may push thousands).</summary>
    private void PushAll(ValueType[] types)
    {
        var needed = _height + types.Length;
        if (needed > _types.Length)
        {
            var size = Math.Max(needed, _types.Length * 2);
            Array.Resize(ref _types, size);
            Array.Resize(ref _source, size);
            Array.Resize(ref _home, size);
        }
        var home = NextHome();
        foreach (var type in types)
        {
            _types[_height] = type;
            _home[_height] = home;
            _source[_height] = home;
            _height++;
            home += WasmValue.SlotCount(type);
        }
        _maxSlot = Math.Max(_maxSlot, home);
    }

    /// <summary>Pushes an entry read from a local's slot until it must be materialised.</summary>
    private void PushVirtual(ValueType type, int slot)
    {
        Push(type);
        _source[_height - 1] = slot;
        _slotReaders[slot]++;
        if (_virtualCount == _virtual.Length)
        {
            Array.Resize(ref _virtual, _virtualCount * 2);
        }
        _virtual[_virtualCount++] = _height - 1;
    }

    /// <summary>Pops an entry; returns the slot to read it from.</summary>
    private int Pop()
    {
        var i = --_height;
        var source = _source[i];
        if (source != _home[i])
        {
            // a virtual entry on top is the last in _virtual
            _virtualCount--;
            _slotReaders[source]--;
        }
        return source;
    }

    /// <summary>Pops entries down to <paramref name="height"/>.</summary>
    private void Truncate(int height)
    {
        while (_virtualCount > 0 && _virtual[_virtualCount - 1] >= height)
        {
            _slotReaders[_source[_virtual[--_virtualCount]]]--;
        }
        _height = height;
    }

    private void Retype(ValueType type) => _types[_height - 1] = type;

    /// <summary>Copies entries from <paramref name="from"/> up that are read from elsewhere into their homes.</summary>
    private void Materialize(int from)
    {
        var first = _virtualCount;
        while (first > 0 && _virtual[first - 1] >= from)
        {
            first--;
        }
        for (var k = first; k < _virtualCount; k++)
        {
            var i = _virtual[k];
            EmitCopy(_home[i], _source[i], _types[i]);
            _slotReaders[_source[i]]--;
            _source[i] = _home[i];
        }
        _virtualCount = first;
    }

    private void EmitCopy(int destination, int source, ValueType type)
    {
        if (_lastCopyStart >= 0 && _lastCopyStart == _count - 3 && _lastCopyFusable && (Op)_code[_lastCopyStart] == Op.Copy)
        {
            // Runs of copies (a loop rotating its variables, arguments put in place) go two per dispatch.
            _code[_lastCopyStart] = (int)Op.Copy2;
            EmitOperand(destination);
            EmitOperand(source);
            _lastCopyStart = -1;
            _lastOp = -1;
            _lastDestination = -1;
        }
        else
        {
            Emit(Op.Copy, destination, source);
            _lastCopyStart = _count - 3;
            _lastCopyFusable = true;
        }
        if (type == ValueType.V128)
        {
            Emit(Op.Copy, destination + 1, source + 1);
        }
    }

    private void SetLocal(int local, bool tee)
    {
        var slot = _localSlot[local];
        var type = _facts.LocalTypes[local];
        var source = Pop();
        // Entries still reading the old value must get their own copy before it is overwritten.
        if (_slotReaders[slot] > 0)
        {
            Materialize(0);
        }
        else if (source != slot && _lastOpEnd == _count && _lastDestination >= 0 && _code[_lastDestination] == source && source >= _localSlots)
        {
            // The value was just computed into its home: compute it into the local instead.
            _code[_lastDestination] = slot;
            source = slot;
        }
        if (source != slot)
        {
            EmitCopy(slot, source, type);
        }
        if (tee)
        {
            PushVirtual(type, slot);
        }
    }

    private void Select(ValueType type)
    {
        var c = Pop();
        var b = Pop();
        var a = Pop();
        var d = Push(type);
        EmitResult(Op.Select, d, a, b, c);
        if (type == ValueType.V128)
        {
            Emit(Op.Select, d + 1, a + 1, b + 1, c);
        }
    }

    private void Load(uint memoryOffset, Op op, ValueType type)
    {
        // the alignment is only a hint
        var offset = (int)memoryOffset;
        var a = Pop();
        if (op is Op.Load32U or Op.Load64 or Op.Load8U && LastResultIs(a) && (Op)_code[_lastOp] is Op.I32AddImm or Op.I32Add)
        {
            // The address was just computed by an addition: the load does it. Not folded into the
            // offset, which is added without the 32-bit wrap-around of i32.add.
            var add = (Op)_code[_lastOp];
            var left = _code[_lastOp + 2];
            var right = _code[_lastOp + 3];
            DropLast();
            var fused = (add, op) switch
            {
                (Op.I32AddImm, Op.Load32U) => Op.Load32UAddImm,
                (Op.I32AddImm, Op.Load64) => Op.Load64AddImm,
                (Op.I32AddImm, _) => Op.Load8UAddImm,
                (_, Op.Load32U) => Op.Load32UAdd,
                (_, Op.Load64) => Op.Load64Add,
                _ => Op.Load8UAdd,
            };
            EmitResult(fused, Push(type), left, right, offset);
            return;
        }
        if (op is Op.Load32U or Op.Load8U && _lastOpEnd == _count && _lastOp >= 0 && (Op)_code[_lastOp] == Op.I32AddImm
            && _code[_lastOp + 1] == a)
        {
            // `p += k` into a local (local.tee / local.set), then a load from p: both in one
            // dispatch; the local is still written. A following local.set retargets the load.
            var source = _code[_lastOp + 2];
            var immediate = _code[_lastOp + 3];
            var start = _lastOp;
            _count = start;
            Emit(op == Op.Load32U ? Op.Load32UAfterAddImm : Op.Load8UAfterAddImm, a, source, immediate, Push(type), offset);
            _lastOpEnd = _count;
            _lastDestination = start + 4;
            _pairableStart = -1;
            return;
        }
        if (op == Op.Load8U)
        {
            // a byte of each of two strings (strcmp): both loads in one dispatch
            EmitPairable(Op.Load8U, Op.Load8U2, Push(type), a, offset);
            return;
        }
        EmitResult(op, Push(type), a, offset);
    }

    private void Store(uint memoryOffset, Op op)
    {
        // the alignment is only a hint
        var offset = (int)memoryOffset;
        var v = Pop();
        var a = Pop();
        if (op is Op.Store64 or Op.Store32 && LastResultIs(v) && (Op)_code[_lastOp] is Op.F64AddLoad or Op.F32AddLoad
            && (op == Op.Store64) == ((Op)_code[_lastOp] == Op.F64AddLoad))
        {
            // c[i] += x: the addition with its load and the store of the sum in one dispatch; the
            // load's bounds are checked before the store's, as the unfused code traps
            var add = (Op)_code[_lastOp];
            var x = _code[_lastOp + 2];
            var loadAddress = _code[_lastOp + 3];
            var loadOffset = _code[_lastOp + 4];
            DropLast();
            Emit(add == Op.F64AddLoad ? Op.F64AddLoadStore : Op.F32AddLoadStore, x, loadAddress, loadOffset, a, offset);
            return;
        }
        if (op == Op.Store8 && LastResultIs(v) && (Op)_code[_lastOp] == Op.I32Const)
        {
            // storing a constant byte (memset-like loops): the constant is an immediate
            var immediate = _code[_lastOp + 2];
            DropLast();
            Emit(Op.Store8Imm, a, immediate, offset);
            return;
        }
        Emit(op, a, v, offset);
    }

    private void Unary(Op op, ValueType type)
    {
        var a = Pop();
        if (op is Op.I32Eqz && LastResultIs(a) && (Op)_code[_lastOp] is var compare && IsIntegerCompare(compare))
        {
            // eqz of a comparison just computed into a temporary is the negated comparison
            // (what C's `!(a < b)` and `if (a != b)` compile to); the NaN rules make it wrong for floats.
            _code[_lastOp] = (int)NegateCompare(compare);
            Push(type);
            return;
        }
        EmitResult(op, Push(type), a);
    }

    /// <summary>True if <paramref name="slot"/> is a temporary that the last emitted instruction just wrote.</summary>
    private bool LastResultIs(int slot) => _lastOpEnd == _count && _lastOp >= 0 && _code[_lastOp + 1] == slot && slot >= _localSlots;

    private static bool IsIntegerCompare(Op op) =>
        op is >= Op.I32Eq and <= Op.I32GeU or >= Op.I64Eq and <= Op.I64GeU or >= Op.I32EqImm and <= Op.I32GeUImm or >= Op.I64EqImm and <= Op.I64GeUImm;

    /// <summary>The comparison that holds exactly when the integer comparison <paramref name="op"/> does not.</summary>
    private static Op NegateCompare(Op op)
    {
        var first = op switch
        {
            >= Op.I32Eq and <= Op.I32GeU => Op.I32Eq,
            >= Op.I64Eq and <= Op.I64GeU => Op.I64Eq,
            >= Op.I32EqImm and <= Op.I32GeUImm => Op.I32EqImm,
            _ => Op.I64EqImm,
        };
        return first + Negate(op - first);
    }

    private void Binary(Op op, ValueType type)
    {
        var b = Pop();
        var a = Pop();
        if (op is Op.I32Add or Op.I32Sub or Op.I32And or Op.I32Or or Op.I32Xor or Op.I32Mul or Op.I32Shl or Op.I32ShrS
            or Op.I32ShrU or Op.I32Rotl or Op.I32Rotr || (op >= Op.I32Eq && op <= Op.I32GeU))
        {
            if (_lastOpEnd == _count && _lastOp >= 0 && (Op)_code[_lastOp] == Op.I32Const && _code[_lastOp + 1] == b && b >= _localSlots)
            {
                // The right operand is the constant just emitted: fold it into an immediate form.
                var immediate = _code[_lastOp + 2];
                DropLast();
                var fused = op switch
                {
                    Op.I32Add => Op.I32AddImm,
                    Op.I32Sub => Op.I32AddImm,
                    Op.I32And => Op.I32AndImm,
                    Op.I32Or => Op.I32OrImm,
                    Op.I32Xor => Op.I32XorImm,
                    Op.I32Mul => Op.I32MulImm,
                    Op.I32Shl => Op.I32ShlImm,
                    Op.I32ShrS => Op.I32ShrSImm,
                    Op.I32ShrU => Op.I32ShrUImm,
                    Op.I32Rotl => Op.I32RotlImm,
                    Op.I32Rotr => Op.I32RotrImm,
                    _ => Op.I32EqImm + (op - Op.I32Eq),
                };
                var value = op == Op.I32Sub ? unchecked(-immediate) : immediate;
                if (fused == Op.I32AddImm)
                {
                    EmitPairable(Op.I32AddImm, Op.I32AddImm2, Push(type), a, value);
                    return;
                }
                EmitResult(fused, Push(type), a, value);
                return;
            }
        }
        else if (op is Op.I64Add or Op.I64Sub or Op.I64Mul or Op.I64And or Op.I64Or or Op.I64Xor or Op.I64Shl or Op.I64ShrS
            or Op.I64ShrU || (op >= Op.I64Eq && op <= Op.I64GeU))
        {
            if (LastResultIs(b) && (Op)_code[_lastOp] == Op.I64Const)
            {
                // The same for a 64-bit constant, kept as two operands (low, high).
                var immediate = (long)(uint)_code[_lastOp + 2] | (long)_code[_lastOp + 3] << 32;
                DropLast();
                var fused = op switch
                {
                    Op.I64Add => Op.I64AddImm,
                    Op.I64Sub => Op.I64AddImm,
                    Op.I64Mul => Op.I64MulImm,
                    Op.I64And => Op.I64AndImm,
                    Op.I64Or => Op.I64OrImm,
                    Op.I64Xor => Op.I64XorImm,
                    Op.I64Shl => Op.I64ShlImm,
                    Op.I64ShrS => Op.I64ShrSImm,
                    Op.I64ShrU => Op.I64ShrUImm,
                    _ => Op.I64EqImm + (op - Op.I64Eq),
                };
                if (op == Op.I64Sub)
                {
                    immediate = unchecked(-immediate);
                }
                EmitResult(fused, Push(type), a, (int)immediate, (int)(immediate >> 32));
                return;
            }
        }
        else if (op == Op.I32Add && _lastOp >= 0 && (Op)_code[_lastOp] == Op.I32ShlImm && (LastResultIs(b) || LastResultIs(a)))
        {
            // An array index: base + (index << scale).
            var shifted = _code[_lastOp + 1];
            var index = _code[_lastOp + 2];
            var scale = _code[_lastOp + 3] & 31;
            var other = shifted == b ? a : b;
            DropLast();
            EmitResult(Op.I32AddShlImm, Push(type), other, index, scale);
            return;
        }
        if (TryFuseWithLast(op, type, a, b))
        {
            return;
        }
        EmitResult(op, Push(type), a, b);
    }

    /// <summary>
    /// Emits <paramref name="single"/> <c>(d, a, operand)</c>, or, when the instruction just before it is
    /// a standalone one of the same kind, turns that one into <paramref name="pair"/> with this one as
    /// its second half (the two run in order, so the second may read what the first wrote).
    /// </summary>
    private void EmitPairable(Op single, Op pair, int d, int a, int operand)
    {
        var previous = _pairableStart;
        if (previous >= 0 && previous + 4 == _count && (Op)_code[previous] == single)
        {
            _code[previous] = (int)pair;
            EmitOperand(d);
            EmitOperand(a);
            EmitOperand(operand);
            // a following local.set retargets the second destination; nothing fuses with the pair
            _lastOp = -1;
            _lastOpEnd = _count;
            _lastDestination = _count - 3;
            _pairableStart = -1;
            return;
        }
        EmitResult(single, d, a, operand);
        _pairableStart = _lastOp;
    }

    /// <summary>
    /// Fuses a binary operator with the instruction just emitted when that instruction computed one
    /// of its operands into a temporary (which nothing else reads): a float operator with the load of
    /// its operand, or one of the operator pairs the bench kernels run most (sha256's additions and
    /// rotations, the multiply-adds of float loops).
    /// </summary>
    private bool TryFuseWithLast(Op op, ValueType type, int a, int b)
    {
        if (_lastOp < 0 || _lastOpEnd != _count)
        {
            return false;
        }
        var commutative = op is Op.I32Add or Op.I32Xor or Op.I64Xor or Op.I64Add or Op.F64Add or Op.F64Mul or Op.F32Add or Op.F32Mul;
        int other;
        if (LastResultIs(a) && a != b)
        {
            other = b;
        }
        else if (commutative && LastResultIs(b) && a != b)
        {
            other = a;
        }
        else
        {
            return false;
        }
        var last = (Op)_code[_lastOp];
        var fused = (last, op) switch
        {
            (Op.Load64, Op.F64Add) => Op.F64AddLoad,
            (Op.Load64, Op.F64Mul) => Op.F64MulLoad,
            (Op.Load32U, Op.F32Add) => Op.F32AddLoad,
            (Op.Load32U, Op.F32Mul) => Op.F32MulLoad,
            (Op.I32Add, Op.I32Add) => Op.I32AddAdd,
            (Op.I32Xor, Op.I32Add) => Op.I32XorAdd,
            (Op.I32RotlImm, Op.I32Xor) => Op.I32RotlImmXor,
            (Op.F64Mul, Op.F64Add) => Op.F64MulAdd,
            (Op.F64Add, Op.F64Mul) => Op.F64AddMul,
            (Op.F64Mul, Op.F64Mul) => Op.F64MulMul,
            (Op.F64Sub, Op.F64Mul) => Op.F64SubMul,
            (Op.I64ShrUImm, Op.I64Xor) => Op.I64XorShrUImm,
            (Op.I64ShlImm, Op.I64Xor) => Op.I64XorShlImm,
            (Op.Load8UAddImm, Op.I64Add) => Op.I64AddLoad8UAddImm,
            _ => (Op)(-1),
        };
        if ((int)fused < 0)
        {
            return false;
        }
        var x = _code[_lastOp + 2];
        var y = _code[_lastOp + 3];
        var z = fused == Op.I64AddLoad8UAddImm ? _code[_lastOp + 4] : 0;
        if (fused == Op.I32RotlImmXor && _prevOp >= 0 && _prevOp + 4 == _lastOp && (Op)_code[_prevOp] == Op.I32RotlImm
            && _code[_prevOp + 1] == other && other >= _localSlots)
        {
            // rotl(e, k1) ^ rotl(e, k2): both rotations and the xor in one (sha256's Σ functions)
            var rotated = _code[_prevOp + 2];
            var k2 = _code[_prevOp + 3];
            _count = _prevOp;
            EmitResult(Op.I32RotlXorRotl, Push(type), x, y, rotated, k2);
            return true;
        }
        DropLast();
        if (fused == Op.I64AddLoad8UAddImm)
        {
            // (d, the other operand, the load's address slot, its immediate, its offset)
            EmitResult(fused, Push(type), other, x, y, z);
            return true;
        }
        if (fused is Op.F64AddLoad or Op.F64MulLoad or Op.F32AddLoad or Op.F32MulLoad)
        {
            // (d, the other operand, the load's address slot, its offset)
            EmitResult(fused, Push(type), other, x, y);
        }
        else
        {
            EmitResult(fused, Push(type), x, y, other);
        }
        return true;
    }

    // ---- calls -----------------------------------------------------------------------------

    private void Call(uint functionIndex)
    {
        var type = _module.GetFunctionType(functionIndex);
        var argument = PrepareCall(type);
        Emit(functionIndex < _module.ImportedFunctionCount || !_directCalls ? Op.CallImport : Op.Call, (int)functionIndex, argument);
    }

    private void CallIndirect(uint typeIndex, uint tableIndex)
    {
        var element = Pop();
        var argument = PrepareCall(_module.Types[typeIndex]);
        Emit(Op.CallIndirect, (int)typeIndex, (int)tableIndex, argument, element);
    }

    /// <summary>
    /// Puts the arguments in their homes, where they become the callee's first locals, and
    /// replaces them with the results, which the callee leaves in the same place.
    /// </summary>
    private int PrepareCall(FuncType type)
    {
        var parameters = type.Parameters.Length;
        Materialize(_height - parameters);
        Truncate(_height - parameters);
        var argument = NextHome();
        // host functions get a span of max(parameters, results) slots from here
        _maxSlot = Math.Max(_maxSlot, argument + WasmValue.SlotCount(type.Parameters));
        PushAll(type.Results);
        return argument;
    }

    // ---- control ---------------------------------------------------------------------------

    private ref Control PushControl(Opcode kind, FuncType type, int height)
    {
        if (_controlCount == _controls.Length)
        {
            Array.Resize(ref _controls, _controlCount * 2);
        }
        ref var c = ref _controls[_controlCount++];
        c = default;
        c.Kind = kind;
        c.Type = type;
        c.Height = height;
        c.BaseSlot = height == 0 ? _localSlots : _home[height - 1] + WasmValue.SlotCount(_types[height - 1]);
        c.ElsePatch = -1;
        c.Else = -1;
        return ref c;
    }

    private void EnterBlock(Opcode kind, int position)
    {
        var facts = _facts.Blocks[_nextBlock++];
        if (facts.Start != position)
        {
            throw new InvalidOperationException($"block facts out of step at byte 0x{_body.CodeOffset + position:X}");
        }
        // the block type is the validator's, in the facts
        var type = facts.Type;
        var condition = kind == Opcode.If ? Pop() : 0;
        Materialize(0);
        ref var c = ref PushControl(kind, type, _height - type.Parameters.Length);
        c.Else = facts.Else;
        c.End = facts.End;
        if (kind == Opcode.Loop)
        {
            c.LoopStart = _count;
            // only a loop entered with nothing on the operand stack can continue in compiled code
            if (_tier is { } tier && _height == 0)
            {
                // the nearest enclosing loop that counts too, to which a hot loop defers once
                var parent = 0;
                for (var i = _controlCount - 2; i >= 0; i--)
                {
                    if (_controls[i].Tiered)
                    {
                        parent = _controls[i].LoopStart - _count;
                        break;
                    }
                }
                c.Tiered = true;
                Emit(Op.TierLoop, tier.Loops, _nextBlock - 1, parent, 0);
            }
        }
        else if (kind == Opcode.If)
        {
            // The parameters are in their homes: the jump to the else-arm skips the then-arm, so
            // the else-arm finds them there untouched.
            c.ElsePatch = EmitConditionalJump(condition, jumpIfTrue: false);
        }
        ClearLast();
    }

    private void Else()
    {
        ref var c = ref _controls[_controlCount - 1];
        if (!c.Unreachable)
        {
            Materialize(c.Height);
            _jumps.Add((_count, _lastCopyStart == _count - 3 ? _lastCopyStart : -1));
            Emit(Op.Br, 0);
            AddPatch(ref c, _count - 1);
        }
        SetTarget(c.ElsePatch, _count);
        c.ElsePatch = -1;
        c.InElse = true;
        c.Unreachable = false;
        ClearLast();
        Truncate(c.Height);
        PushAll(c.Type.Parameters);
    }

    private void End()
    {
        ref var c = ref _controls[_controlCount - 1];
        if (_controlCount == 1)
        {
            if (!c.Unreachable)
            {
                Return();
            }
            _controlCount = 0;
            return;
        }
        var reachable = !c.Unreachable;
        if (reachable)
        {
            // the results are on top, as validated: materialised, they are the entries that follow
            Materialize(c.Height);
        }
        if (c.ElsePatch >= 0)
        {
            SetTarget(c.ElsePatch, _count);
        }
        if (c.Patches is { } patches)
        {
            foreach (var p in patches)
            {
                SetTarget(p, _count);
            }
        }
        ClearLast();
        if (!reachable)
        {
            Truncate(c.Height);
            PushAll(c.Type.Results);
        }
        _controlCount--;
    }

    /// <summary>After an unconditional transfer: skip the dead code to the block's else or end.</summary>
    private void SkipUnreachable(ref WasmReader reader)
    {
        ref var c = ref _controls[_controlCount - 1];
        c.Unreachable = true;
        Truncate(c.Height);
        var target = c.Kind == Opcode.If && !c.InElse && c.Else >= 0 ? c.Else : c.End;
        reader.Position = target;
        var blocks = _facts.Blocks;
        while (_nextBlock < blocks.Length && blocks[_nextBlock].Start < target)
        {
            _nextBlock++;
        }
    }

    private static void AddPatch(ref Control c, int position) => (c.Patches ??= []).Add(position);

    private static ValueType[] LabelTypes(ref Control c) => c.Kind == Opcode.Loop ? c.Type.Parameters : c.Type.Results;

    /// <summary>The number of values a branch to depth <paramref name="depth"/> carries.</summary>
    private int Arity(int depth) =>
        depth == _controlCount - 1 ? _type.Results.Length : LabelTypes(ref _controls[_controlCount - 1 - depth]).Length;

    /// <summary>True if branching to <paramref name="c"/> needs copies of the carried values.</summary>
    private bool NeedsCopies(ref Control c)
    {
        var types = LabelTypes(ref c);
        if (types.Length > SmallArity)
        {
            // materialised by the caller: the values are in consecutive homes
            return _home[_height - types.Length] != c.BaseSlot;
        }
        var slot = c.BaseSlot;
        var first = _height - types.Length;
        for (var i = 0; i < types.Length; i++)
        {
            if (_source[first + i] != slot)
            {
                return true;
            }
            slot += WasmValue.SlotCount(types[i]);
        }
        return false;
    }

    /// <summary>Copies the carried values into the label's slots (ascending order is overlap-safe: sources are never below destinations).</summary>
    private void EmitCopies(ref Control c)
    {
        var types = LabelTypes(ref c);
        var first = _height - types.Length;
        if (types.Length > SmallArity)
        {
            Materialize(first);
            var source = _home[first];
            if (source != c.BaseSlot)
            {
                Emit(Op.CopyRange, c.BaseSlot, source, NextHome() - source);
            }
            return;
        }
        var slot = c.BaseSlot;
        for (var i = 0; i < types.Length; i++)
        {
            if (_source[first + i] != slot)
            {
                EmitCopy(slot, _source[first + i], types[i]);
            }
            slot += WasmValue.SlotCount(types[i]);
        }
    }

    /// <summary>Emits the jump part of a branch to <paramref name="c"/>: its target operand, patched later for forward labels.</summary>
    private void EmitTarget(ref Control c)
    {
        if (c.Kind == Opcode.Loop)
        {
            _targets.Add(c.LoopStart);
            EmitOperand(c.LoopStart - _count);
        }
        else
        {
            EmitOperand(0);
            AddPatch(ref c, _count - 1);
        }
    }

    private void Branch(int depth)
    {
        if (depth == _controlCount - 1)
        {
            Return();
            return;
        }
        ref var c = ref _controls[_controlCount - 1 - depth];
        EmitCopies(ref c);
        _jumps.Add((_count, _lastCopyStart == _count - 3 ? _lastCopyStart : -1));
        Emit(Op.Br);
        EmitTarget(ref c);
    }

    private void BranchIf(int depth)
    {
        var condition = Pop();
        var arity = Arity(depth);
        if (arity > SmallArity)
        {
            // on both paths, so that the taken one moves the values with one instruction and the
            // next br_if finds them in place
            Materialize(_height - arity);
        }
        ref var c = ref _controls[_controlCount - 1 - depth];
        if (depth == _controlCount - 1 || NeedsCopies(ref c))
        {
            var skip = EmitConditionalJump(condition, jumpIfTrue: false);
            Branch(depth);
            SetTarget(skip, _count);
            ClearLast();
            return;
        }
        var target = EmitConditionalJump(condition, jumpIfTrue: true);
        if (c.Kind == Opcode.Loop)
        {
            SetTarget(target, c.LoopStart);
        }
        else
        {
            AddPatch(ref c, target);
        }
    }

    private void BranchTable(in WasmReader reader, Instruction instruction, int position)
    {
        var count = (int)instruction.TargetCount;
        var depths = new int[count + 1];
        var targets = InstructionReader.Targets(in reader, position);
        for (var i = 0; i < count; i++)
        {
            depths[i] = (int)targets.Next();
        }
        depths[count] = (int)instruction.Index;
        var index = Pop();
        var arity = Arity(depths[count]);
        if (arity > SmallArity)
        {
            // before the table, so every stub finds the values in their homes
            Materialize(_height - arity);
        }
        Emit(Op.BrTable, index, count);
        var table = _count;
        for (var i = 0; i <= count; i++)
        {
            EmitOperand(0);
        }
        // Labels that need copies (or a return) get a stub after the table, one per label; the
        // others are jumped to directly.
        for (var i = 0; i <= count; i++)
        {
            var depth = depths[i];
            ref var c = ref _controls[_controlCount - 1 - depth];
            if (depth == _controlCount - 1 || NeedsCopies(ref c))
            {
                if (c.StubTable == table)
                {
                    SetTarget(table + i, c.Stub);
                    continue;
                }
                c.StubTable = table;
                c.Stub = _count;
                SetTarget(table + i, _count);
                Branch(depth);
            }
            else if (c.Kind == Opcode.Loop)
            {
                SetTarget(table + i, c.LoopStart);
            }
            else
            {
                AddPatch(ref c, table + i);
            }
        }
    }

    private void Return()
    {
        var results = _type.Results;
        var first = _height - results.Length;
        if (results.Length > SmallArity)
        {
            // materialised on every path first (a br_if or br_table did so before branching)
            Materialize(first);
            Emit(Op.ReturnN, _home[first], NextHome() - _home[first]);
            return;
        }
        var slots = WasmValue.SlotCount(results);
        if (slots == 0)
        {
            Emit(Op.Return0);
        }
        else if (slots == 1)
        {
            Emit(Op.Return1, _source[first]);
        }
        else
        {
            // Copy into the homes without marking them so: this may be one path of a br_if.
            for (var i = first; i < _height; i++)
            {
                if (_source[i] != _home[i])
                {
                    EmitCopy(_home[i], _source[i], _types[i]);
                }
            }
            Emit(Op.ReturnN, _home[first], slots);
        }
    }

    /// <summary>
    /// Emits a jump taken when the i32 in <paramref name="condition"/> is (or is not) zero, fused
    /// with the comparison that just produced it when there is one. Returns the target operand's position.
    /// </summary>
    private int EmitConditionalJump(int condition, bool jumpIfTrue)
    {
        if (_lastOpEnd == _count && _lastOp >= 0 && _code[_lastOp + 1] == condition && (Op)_code[_lastOp] == Op.I32AddImm)
        {
            // `local.tee $n (i32.sub $n 1)` then br_if: the addition stays (its destination may be a
            // local) and the branch tests what it wrote.
            var a = _code[_lastOp + 2];
            var immediate = _code[_lastOp + 3];
            DropLast();
            Emit(jumpIfTrue ? Op.BrIfAddImm : Op.BrIfNotAddImm, condition, a, immediate, 0);
            return _count - 1;
        }
        if (_lastOpEnd == _count && _lastOp >= 0 && (Op)_code[_lastOp] == Op.I32AddImm && _code[_lastOp + 1] != condition)
        {
            // a loop's last statement is often `i -= 2` after its condition was computed into a
            // local: the addition runs first, then the branch tests the condition, as unfused
            var d = _code[_lastOp + 1];
            var a = _code[_lastOp + 2];
            var immediate = _code[_lastOp + 3];
            DropLast();
            Emit(jumpIfTrue ? Op.BrIfAfterAddImm : Op.BrIfNotAfterAddImm, d, a, immediate, condition, 0);
            return _count - 1;
        }
        if (_lastOpEnd == _count && _lastOp >= 0 && _code[_lastOp + 1] == condition && condition >= _localSlots)
        {
            var op = (Op)_code[_lastOp];
            var a = _code[_lastOp + 2];
            if (op == Op.I32Eqz)
            {
                if (_prevOp >= 0 && _prevOp + 4 == _lastOp && _code[_prevOp + 1] == a && a >= _localSlots
                    && (Op)_code[_prevOp] is Op.Load8U or Op.I32AndImm)
                {
                    // `if (*p == 0)` (i32.load8_u, i32.eqz, br_if) and `if ((x & mask) == 0)`
                    // (i32.and, i32.eqz, br_if): the operand and the test in one instruction, whose
                    // two operands are the load's address and offset, or x and the mask
                    var load = (Op)_code[_prevOp] == Op.Load8U;
                    var first = _code[_prevOp + 2];
                    var second = _code[_prevOp + 3];
                    _count = _prevOp;
                    var fused = load
                        ? jumpIfTrue ? Op.BrIfLoad8UZero : Op.BrIfLoad8UNonZero
                        : jumpIfTrue ? Op.BrIfNotAndImm : Op.BrIfAndImm;
                    Emit(fused, first, second, 0);
                    return _count - 1;
                }
                DropLast();
                Emit(jumpIfTrue ? Op.BrIfNot : Op.BrIf, a, 0);
                return _count - 1;
            }
            if (op == Op.Load8U)
            {
                var offset = _code[_lastOp + 3];
                DropLast();
                Emit(jumpIfTrue ? Op.BrIfLoad8UNonZero : Op.BrIfLoad8UZero, a, offset, 0);
                return _count - 1;
            }
            if (op >= Op.I32Eq && op <= Op.I32GeU)
            {
                var b = _code[_lastOp + 3];
                var compare = op - Op.I32Eq;
                DropLast();
                Emit(Op.BrIfI32Eq + (jumpIfTrue ? compare : Negate(compare)), a, b, 0);
                return _count - 1;
            }
            if (op >= Op.I32EqImm && op <= Op.I32GeUImm)
            {
                var immediate = _code[_lastOp + 3];
                var compare = op - Op.I32EqImm;
                DropLast();
                Emit(Op.BrIfI32EqImm + (jumpIfTrue ? compare : Negate(compare)), a, immediate, 0);
                return _count - 1;
            }
            if (op == Op.I32AndImm)
            {
                var immediate = _code[_lastOp + 3];
                DropLast();
                Emit(jumpIfTrue ? Op.BrIfAndImm : Op.BrIfNotAndImm, a, immediate, 0);
                return _count - 1;
            }
            if (op == Op.I64Eqz)
            {
                DropLast();
                Emit(jumpIfTrue ? Op.BrIfI64Eqz : Op.BrIfI64Nez, a, 0);
                return _count - 1;
            }
            if (op >= Op.I64Eq && op <= Op.I64GeU)
            {
                var b = _code[_lastOp + 3];
                var compare = op - Op.I64Eq;
                DropLast();
                Emit(Op.BrIfI64Eq + (jumpIfTrue ? compare : Negate(compare)), a, b, 0);
                return _count - 1;
            }
            if (op >= Op.I64EqImm && op <= Op.I64GeUImm)
            {
                var low = _code[_lastOp + 3];
                var high = _code[_lastOp + 4];
                var compare = op - Op.I64EqImm;
                DropLast();
                Emit(Op.BrIfI64EqImm + (jumpIfTrue ? compare : Negate(compare)), a, low, high, 0);
                return _count - 1;
            }
            if (op >= Op.F64Eq && op <= Op.F64Ge)
            {
                // A float comparison negates only as a whole (NaN makes every ordered one false).
                var b = _code[_lastOp + 3];
                DropLast();
                Emit((jumpIfTrue ? Op.BrIfF64Eq : Op.BrIfNotF64Eq) + (op - Op.F64Eq), a, b, 0);
                return _count - 1;
            }
        }
        Emit(jumpIfTrue ? Op.BrIf : Op.BrIfNot, condition, 0);
        return _count - 1;
    }

    /// <summary>The negation of comparison <paramref name="compare"/> (in the order Eq, Ne, LtS, LtU, GtS, GtU, LeS, LeU, GeS, GeU).</summary>
    private static int Negate(int compare) => compare switch
    {
        0 => 1,
        1 => 0,
        2 => 8,
        3 => 9,
        4 => 6,
        5 => 7,
        6 => 4,
        7 => 5,
        8 => 2,
        _ => 3,
    };

    /// <summary>
    /// Replaces a br that lands on a return by the return itself (and a br that lands on a br by
    /// a jump to its end), so a function's early exits cost one instruction. A single-slot copy
    /// into the returned slot just before such a br, with no label in between, becomes the return.
    /// </summary>
    private void ThreadJumps()
    {
        foreach (var (branch, copy) in _jumps)
        {
            var target = branch + 1 + _code[branch + 1];
            for (var hops = 0; hops < 8 && (Op)_code[target] == Op.Br; hops++)
            {
                target = target + 1 + _code[target + 1];
            }
            switch ((Op)_code[target])
            {
            case Op.Return0:
                // the operand after it is never read
                _code[branch] = (int)Op.Return0;
                break;
            case Op.Return1:
                var slot = _code[target + 1];
                _code[branch] = (int)Op.Return1;
                _code[branch + 1] = slot;
                if (copy >= 0 && (Op)_code[copy] == Op.Copy && _code[copy + 1] == slot && !_targets.Contains(branch))
                {
                    _code[copy] = (int)Op.Return1;
                    _code[copy + 1] = _code[copy + 2];
                }
                break;
            default:
                _code[branch + 1] = target - (branch + 1);
                break;
            }
        }
    }

    // ---- emission --------------------------------------------------------------------------

    /// <summary>
    /// Removes the last instruction (a fusion replaces it); the one before it, if it had a result
    /// and nothing came between, becomes the last again, so a chain of fusions sees it.
    /// </summary>
    private void DropLast()
    {
        _count = _lastOp;
        _lastOp = _prevOp;
        _lastOpEnd = _prevOp >= 0 ? _count : -1;
        _lastDestination = _prevOp >= 0 ? _prevOp + 1 : -1;
        _prevOp = -1;
    }

    /// <summary>A label is placed here: nothing after it may fuse with what came before.</summary>
    private void ClearLast()
    {
        _lastOp = -1;
        _lastDestination = -1;
        _pairableStart = -1;
        _lastCopyFusable = false;
    }

    /// <summary>Branch targets are relative to the operand that holds them, so the loop needs no code base pointer.</summary>
    private void SetTarget(int operand, int target)
    {
        if (target == _count)
        {
            _lastCopyFusable = false;
        }
        _code[operand] = target - operand;
        _targets.Add(target);
    }

    private void EmitOperand(int value)
    {
        if (_count == _code.Length)
        {
            Array.Resize(ref _code, _count * 2);
        }
        _code[_count++] = value;
    }

    private void Emit(Op op, params ReadOnlySpan<int> operands)
    {
        EmitOperand((int)op);
        foreach (var operand in operands)
        {
            EmitOperand(operand);
        }
        _lastOp = -1;
        _lastDestination = -1;
    }

    /// <summary>Emits an instruction whose first operand is its destination slot, which a following local.set may retarget.</summary>
    private void EmitResult(Op op, params ReadOnlySpan<int> operands)
    {
        var start = _count;
        _prevOp = _lastOp >= 0 && _lastOpEnd == start ? _lastOp : -1;
        Emit(op, operands);
        _lastOp = start;
        _lastOpEnd = _count;
        _lastDestination = start + 1;
    }
}
