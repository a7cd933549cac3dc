using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microwasm.Binary;
using Microwasm.Model;

namespace Microwasm.Validation;

/// <summary>
/// Validates function bodies with the algorithm of the specification's appendix: an operand
/// stack of value types, where <see cref="Unknown"/> stands for a value of the polymorphic stack
/// below unreachable code, and a stack of control frames. One instance validates every body of a
/// module in turn and reuses its stacks, so an instruction never allocates.
/// </summary>
internal sealed partial class FunctionValidator
{
    /// <summary>A value whose type the polymorphic stack leaves open (not a wasm value type).</summary>
    private const ValueType Unknown = 0;

    private static readonly FuncType[] SingleResultTypes = CreateSingleResultTypes();

    private readonly ModuleContext _context;
    private readonly Module _module;

    private ValueType[] _values = new ValueType[64];
    private int _valueCount;
    private int _maxValueCount;

    private ControlFrame[] _frames = new ControlFrame[16];
    private int _frameCount;

    private BlockFacts[] _blocks = new BlockFacts[16];
    private int _blockCount;

    // br_table moves each target's values off and back onto the stack (keeping Unknowns unknown)
    private ValueType[] _scratch = new ValueType[16];

    // The br_table (by its count in the module) that last checked each label types array; the
    // arrays are the module's, so this holds at most one entry per type.
    private readonly Dictionary<ValueType[], int> _checkedLabelTypes = new(ReferenceEqualityComparer.Instance);
    private int _brTableCount;

    private ValueType[] _locals = [];
    private int _functionIndex;
    private int _codeOffset;
    private int _instructionStart;

    public FunctionValidator(ModuleContext context)
    {
        _context = context;
        _module = context.Module;
    }

    /// <summary>Validates the body of defined function <paramref name="definedIndex"/> (code-section order).</summary>
    public FunctionFacts Validate(int definedIndex)
    {
        var body = _module.Codes[definedIndex];
        _functionIndex = _context.ImportedFunctionCount + definedIndex;
        _codeOffset = body.CodeOffset;
        _instructionStart = 0;
        var type = _context.FunctionTypes[_functionIndex];
        _locals = BuildLocals(type, body);

        _valueCount = 0;
        _maxValueCount = 0;
        _frameCount = 0;
        _blockCount = 0;

        var reader = new WasmReader(body.Code.Span, body.CodeOffset);
        // The function's own frame: its label is the function's results; parameters are locals,
        // not operands, so nothing is pushed.
        PushFrame(FrameKind.Function, type, blockIndex: -1, _valueCount);
        ValidateBody(ref reader);

        var blocks = _blockCount == 0 ? [] : _blocks.AsSpan(0, _blockCount).ToArray();
        return new FunctionFacts(_locals, _maxValueCount, blocks);
    }

    // Not AggressiveOptimization: such a method is left out of the ReadyToRun image, and with it every
    // private helper only it calls (BlockType, Pop, Push, Label, ...), so each process JIT-compiled
    // about 25 methods, this one at full optimisation (8 KB of code): some 20 ms of every start.
    // ReadyToRun code is optimised code; tiering still rejits it if a host validates a lot.
    private void ValidateBody(ref WasmReader reader)
    {
        while (true)
        {
            _instructionStart = reader.Position;
            var instruction = InstructionReader.Read(ref reader);
            var op = instruction.Opcode;
            switch (op)
            {
                case Opcode.Unreachable:
                    SetUnreachable();
                    break;

                case Opcode.Nop:
                    break;

                case Opcode.Block:
                case Opcode.Loop:
                {
                    var blockType = BlockType(instruction.BlockType);
                    PopValues(blockType.Parameters);
                    var blockIndex = AddBlock(op, blockType);
                    PushFrame(op == Opcode.Block ? FrameKind.Block : FrameKind.Loop, blockType, blockIndex, _valueCount);
                    PushValues(blockType.Parameters);
                    break;
                }

                case Opcode.If:
                {
                    var blockType = BlockType(instruction.BlockType);
                    Pop(ValueType.I32);
                    PopValues(blockType.Parameters);
                    var blockIndex = AddBlock(op, blockType);
                    PushFrame(FrameKind.If, blockType, blockIndex, _valueCount);
                    PushValues(blockType.Parameters);
                    break;
                }

                case Opcode.Else:
                {
                    if (_frames[_frameCount - 1].Kind != FrameKind.If)
                    {
                        throw reader.ErrorAt(_instructionStart, "else without a matching if");
                    }
                    var frame = PopFrame();
                    _blocks[frame.BlockIndex] = _blocks[frame.BlockIndex] with { Else = _instructionStart };
                    PushFrame(FrameKind.Else, frame.Type, frame.BlockIndex, _valueCount);
                    PushValues(frame.Type.Parameters);
                    break;
                }

                case Opcode.End:
                {
                    var frame = PopFrame();
                    if (frame.Kind == FrameKind.Function)
                    {
                        if (!reader.AtEnd)
                        {
                            throw reader.Error("operators remaining after the end of the function");
                        }
                        return;
                    }
                    // An if without else has an empty else branch, which must turn the
                    // parameters into the results by itself.
                    if (frame.Kind == FrameKind.If &&
                        !frame.Type.Parameters.AsSpan().SequenceEqual(frame.Type.Results))
                    {
                        throw Error($"type mismatch: if without else must have equal parameters and results, not {frame.Type}");
                    }
                    _blocks[frame.BlockIndex] = _blocks[frame.BlockIndex] with { End = _instructionStart };
                    PushValues(frame.Type.Results);
                    break;
                }

                case Opcode.Br:
                {
                    ref var target = ref Label(instruction.Index);
                    PopValues(LabelTypes(in target));
                    SetUnreachable();
                    break;
                }

                case Opcode.BrIf:
                {
                    ref var target = ref Label(instruction.Index);
                    Pop(ValueType.I32);
                    var types = LabelTypes(in target);
                    PopValues(types);
                    PushValues(types);
                    break;
                }

                case Opcode.BrTable:
                    ValidateBrTable(in reader, instruction);
                    break;

                case Opcode.Return:
                    PopValues(_frames[0].Type.Results);
                    SetUnreachable();
                    break;

                case Opcode.Call:
                {
                    var index = instruction.Index;
                    if (index >= (uint)_context.FunctionTypes.Length)
                    {
                        throw Error($"unknown function {index}");
                    }
                    var callee = _context.FunctionTypes[index];
                    PopValues(callee.Parameters);
                    PushValues(callee.Results);
                    break;
                }

                case Opcode.CallIndirect:
                {
                    var typeIndex = instruction.Index;
                    var tableIndex = instruction.SecondIndex;
                    var table = Table(tableIndex);
                    if (table.ElementType != ValueType.FuncRef)
                    {
                        throw Error($"type mismatch: call_indirect needs a funcref table, table {tableIndex} is {table.ElementType.Name()}");
                    }
                    if (typeIndex >= (uint)_module.Types.Length)
                    {
                        throw Error($"unknown type {typeIndex}");
                    }
                    var callee = _module.Types[typeIndex];
                    Pop(ValueType.I32);
                    PopValues(callee.Parameters);
                    PushValues(callee.Results);
                    break;
                }

                case Opcode.Drop:
                    Pop();
                    break;

                case Opcode.Select:
                {
                    Pop(ValueType.I32);
                    var t1 = Pop();
                    var t2 = Pop();
                    // Untyped select only chooses between numbers or vectors; references need
                    // the typed form, because an engine may need to know their type.
                    if (!((IsNumeric(t1) && IsNumeric(t2)) || (IsVector(t1) && IsVector(t2))))
                    {
                        throw Error($"type mismatch: select without a type needs numeric operands, found {Name(t2)} and {Name(t1)}");
                    }
                    if (t1 != t2 && t1 != Unknown && t2 != Unknown)
                    {
                        throw Error($"type mismatch: select operands {Name(t2)} and {Name(t1)} differ");
                    }
                    Push(t1 == Unknown ? t2 : t1);
                    break;
                }

                case Opcode.SelectTyped:
                {
                    if (instruction.TypeCount != 1)
                    {
                        throw Error("invalid result arity");
                    }
                    var type = instruction.ValueType;
                    Pop(ValueType.I32);
                    Pop(type);
                    Pop(type);
                    Push(type);
                    break;
                }

                case Opcode.LocalGet:
                    Push(Local(instruction.Index));
                    break;

                case Opcode.LocalSet:
                    Pop(Local(instruction.Index));
                    break;

                case Opcode.LocalTee:
                {
                    var type = Local(instruction.Index);
                    Pop(type);
                    Push(type);
                    break;
                }

                case Opcode.GlobalGet:
                    Push(Global(instruction.Index).ValueType);
                    break;

                case Opcode.GlobalSet:
                {
                    var index = instruction.Index;
                    var global = Global(index);
                    if (!global.Mutable)
                    {
                        throw Error($"global is immutable: global {index}");
                    }
                    Pop(global.ValueType);
                    break;
                }

                case Opcode.TableGet:
                {
                    var table = Table(instruction.Index);
                    Pop(ValueType.I32);
                    Push(table.ElementType);
                    break;
                }

                case Opcode.TableSet:
                {
                    var table = Table(instruction.Index);
                    Pop(table.ElementType);
                    Pop(ValueType.I32);
                    break;
                }

                case >= Opcode.I32Load and <= Opcode.MemoryGrow:
                    ValidateMemoryInstruction(op, instruction.Memory.Alignment);
                    break;

                case Opcode.I32Const:
                    Push(ValueType.I32);
                    break;
                case Opcode.I64Const:
                    Push(ValueType.I64);
                    break;
                case Opcode.F32Const:
                    Push(ValueType.F32);
                    break;
                case Opcode.F64Const:
                    Push(ValueType.F64);
                    break;

                case Opcode.RefNull:
                    Push(instruction.ValueType);
                    break;

                case Opcode.RefIsNull:
                {
                    var type = Pop();
                    if (type != Unknown && !type.IsReference())
                    {
                        throw Error($"type mismatch: ref.is_null needs a reference, found {Name(type)}");
                    }
                    Push(ValueType.I32);
                    break;
                }

                case Opcode.RefFunc:
                {
                    var index = instruction.Index;
                    if (index >= (uint)_context.FunctionTypes.Length)
                    {
                        throw Error($"unknown function {index}");
                    }
                    if (!_context.DeclaredFunctions[index])
                    {
                        throw Error($"undeclared function reference {index}");
                    }
                    Push(ValueType.FuncRef);
                    break;
                }

                case Opcode.PrefixFC:
                    ValidatePrefixed(instruction);
                    break;

                case Opcode.PrefixSimd:
                    ValidateSimd(in reader, instruction);
                    break;

                default:
                {
                    // the instruction reader accepts no other opcode than the numeric ones here
                    Debug.Assert(op is >= Opcode.I32Eqz and <= Opcode.I64Extend32S);
                    var shape = NumericShapes.Of(op);
                    if (shape.Right != Unknown)
                    {
                        Pop(shape.Right);
                    }
                    Pop(shape.Left);
                    Push(shape.Result);
                    break;
                }
            }
        }
    }

    /// <summary>The loads, stores, <c>memory.size</c> and <c>memory.grow</c>.</summary>
    private void ValidateMemoryInstruction(Opcode op, uint alignment)
    {
        switch (op)
        {
            case Opcode.I32Load:
            case Opcode.F32Load:
                Load(alignment, 2, op == Opcode.I32Load ? ValueType.I32 : ValueType.F32);
                break;
            case Opcode.I64Load:
            case Opcode.F64Load:
                Load(alignment, 3, op == Opcode.I64Load ? ValueType.I64 : ValueType.F64);
                break;
            case Opcode.I32Load8S:
            case Opcode.I32Load8U:
                Load(alignment, 0, ValueType.I32);
                break;
            case Opcode.I32Load16S:
            case Opcode.I32Load16U:
                Load(alignment, 1, ValueType.I32);
                break;
            case Opcode.I64Load8S:
            case Opcode.I64Load8U:
                Load(alignment, 0, ValueType.I64);
                break;
            case Opcode.I64Load16S:
            case Opcode.I64Load16U:
                Load(alignment, 1, ValueType.I64);
                break;
            case Opcode.I64Load32S:
            case Opcode.I64Load32U:
                Load(alignment, 2, ValueType.I64);
                break;

            case Opcode.I32Store:
                Store(alignment, 2, ValueType.I32);
                break;
            case Opcode.I64Store:
                Store(alignment, 3, ValueType.I64);
                break;
            case Opcode.F32Store:
                Store(alignment, 2, ValueType.F32);
                break;
            case Opcode.F64Store:
                Store(alignment, 3, ValueType.F64);
                break;
            case Opcode.I32Store8:
                Store(alignment, 0, ValueType.I32);
                break;
            case Opcode.I32Store16:
                Store(alignment, 1, ValueType.I32);
                break;
            case Opcode.I64Store8:
                Store(alignment, 0, ValueType.I64);
                break;
            case Opcode.I64Store16:
                Store(alignment, 1, ValueType.I64);
                break;
            case Opcode.I64Store32:
                Store(alignment, 2, ValueType.I64);
                break;

            case Opcode.MemorySize:
                RequireMemory();
                Push(ValueType.I32);
                break;

            case Opcode.MemoryGrow:
                RequireMemory();
                Pop(ValueType.I32);
                Push(ValueType.I32);
                break;
            default:
                throw new UnreachableException($"opcode 0x{(byte)op:X2}");
        }
    }

    private void ValidatePrefixed(Instruction instruction)
    {
        var op = instruction.PrefixedOpcode;
        switch (op)
        {
            case PrefixedOpcode.I32TruncSatF32S:
            case PrefixedOpcode.I32TruncSatF32U:
                Convert(ValueType.F32, ValueType.I32);
                break;
            case PrefixedOpcode.I32TruncSatF64S:
            case PrefixedOpcode.I32TruncSatF64U:
                Convert(ValueType.F64, ValueType.I32);
                break;
            case PrefixedOpcode.I64TruncSatF32S:
            case PrefixedOpcode.I64TruncSatF32U:
                Convert(ValueType.F32, ValueType.I64);
                break;
            case PrefixedOpcode.I64TruncSatF64S:
            case PrefixedOpcode.I64TruncSatF64U:
                Convert(ValueType.F64, ValueType.I64);
                break;

            case PrefixedOpcode.MemoryInit:
            {
                RequireMemory();
                RequireDataSegment(instruction.Index);
                PopI32s(3);
                break;
            }

            case PrefixedOpcode.DataDrop:
                RequireDataSegment(instruction.Index);
                break;

            case PrefixedOpcode.MemoryCopy:
                RequireMemory();
                PopI32s(3);
                break;

            case PrefixedOpcode.MemoryFill:
                RequireMemory();
                PopI32s(3);
                break;

            case PrefixedOpcode.TableInit:
            {
                // the binary order is elemidx, then tableidx
                var elementIndex = instruction.Index;
                var tableIndex = instruction.SecondIndex;
                var table = Table(tableIndex);
                var segmentType = ElementSegmentType(elementIndex);
                if (table.ElementType != segmentType)
                {
                    throw Error($"type mismatch: element segment {elementIndex} of {segmentType.Name()} does not fit table {tableIndex} of {table.ElementType.Name()}");
                }
                PopI32s(3);
                break;
            }

            case PrefixedOpcode.ElemDrop:
                ElementSegmentType(instruction.Index);
                break;

            case PrefixedOpcode.TableCopy:
            {
                var destinationIndex = instruction.Index;
                var sourceIndex = instruction.SecondIndex;
                var destination = Table(destinationIndex);
                var source = Table(sourceIndex);
                if (destination.ElementType != source.ElementType)
                {
                    throw Error($"type mismatch: table.copy from {source.ElementType.Name()} table {sourceIndex} to {destination.ElementType.Name()} table {destinationIndex}");
                }
                PopI32s(3);
                break;
            }

            case PrefixedOpcode.TableGrow:
            {
                var table = Table(instruction.Index);
                Pop(ValueType.I32);
                Pop(table.ElementType);
                Push(ValueType.I32);
                break;
            }

            case PrefixedOpcode.TableSize:
                Table(instruction.Index);
                Push(ValueType.I32);
                break;

            case PrefixedOpcode.TableFill:
            {
                var table = Table(instruction.Index);
                Pop(ValueType.I32);
                Pop(table.ElementType);
                Pop(ValueType.I32);
                break;
            }

            default:
                throw new UnreachableException($"opcode 0xFC {(uint)op}");
        }
    }

    private void ValidateBrTable(in WasmReader reader, Instruction instruction)
    {
        // The default label fixes the arity: the reader has read it, after the targets.
        ref var defaultTarget = ref Label(instruction.Index);

        Pop(ValueType.I32);
        var defaultTypes = LabelTypes(in defaultTarget);
        var arity = defaultTypes.Length;
        // The check of a target depends only on its label's types: each types array is checked
        // once per br_table (labels of the same block type share one), so a table of 100,000
        // targets into labels of 2,000 values costs 100,000 lookups, not 200 million compares.
        var stamp = ++_brTableCount;
        var targets = InstructionReader.Targets(in reader, _instructionStart);
        while (targets.Remaining > 0)
        {
            ref var target = ref Label(targets.Next());
            var types = LabelTypes(in target);
            if (types.Length != arity)
            {
                throw Error($"type mismatch: br_table targets have {types.Length} and {arity} values");
            }
            if (ReferenceEquals(types, defaultTypes) || arity == 0)
            {
                // the default's types are checked below
                continue;
            }
            ref var checkedIn = ref CollectionsMarshal.GetValueRefOrAddDefault(_checkedLabelTypes, types, out _);
            if (checkedIn != stamp)
            {
                PopAndRestore(types);
                checkedIn = stamp;
            }
        }

        PopValues(LabelTypes(in defaultTarget));
        SetUnreachable();
    }

    private ValueType[] BuildLocals(FuncType type, FunctionBody body)
    {
        var total = (long)type.Parameters.Length;
        foreach (var entry in body.Locals)
        {
            total += entry.Count;
        }
        if (total > uint.MaxValue)
        {
            throw new WasmDecodeException(body.CodeOffset, "too many locals");
        }
        if (total > MaxLocals)
        {
            throw new WasmValidationException($"too many locals: {total} (this implementation allows {MaxLocals})", _functionIndex, body.CodeOffset);
        }
        if (total == 0)
        {
            return [];
        }

        var locals = new ValueType[total];
        type.Parameters.CopyTo(locals, 0);
        var next = type.Parameters.Length;
        foreach (var entry in body.Locals)
        {
            locals.AsSpan(next, (int)entry.Count).Fill(entry.Type);
            next += (int)entry.Count;
        }
        return locals;
    }

    /// <summary>
    /// An implementation limit, so that a declaration of billions of locals (valid, per the
    /// spec) fails cleanly instead of allocating gigabytes. Browsers allow 50,000.
    /// </summary>
    private const int MaxLocals = 1 << 20;

    private FuncType BlockType(BlockTypeImmediate blockType)
    {
        if (blockType.TypeIndex < 0)
        {
            return blockType.ValueType == 0 ? FuncType.Empty : SingleResultTypes[blockType.ValueType];
        }
        if (blockType.TypeIndex >= _module.Types.Length)
        {
            throw Error($"unknown type {blockType.TypeIndex}");
        }
        return _module.Types[blockType.TypeIndex];
    }

    private void Load(uint alignment, int naturalAlignment, ValueType type)
    {
        CheckMemoryArgument(alignment, naturalAlignment);
        Pop(ValueType.I32);
        Push(type);
    }

    private void Store(uint alignment, int naturalAlignment, ValueType type)
    {
        CheckMemoryArgument(alignment, naturalAlignment);
        Pop(type);
        Pop(ValueType.I32);
    }

    private void CheckMemoryArgument(uint alignment, int naturalAlignment)
    {
        RequireMemory();
        if (alignment > (uint)naturalAlignment)
        {
            throw Error($"alignment must not be larger than natural: 2^{alignment} > {1 << naturalAlignment}");
        }
    }

    private void RequireMemory()
    {
        if (_context.MemoryCount == 0)
        {
            throw Error("unknown memory 0");
        }
    }

    private void RequireDataSegment(uint index)
    {
        // memory.init and data.drop are checked against the data count section, which comes
        // before the code, so that validation needs no second pass. Without that section the
        // binary is malformed, unless the index is out of range anyway: the spec tests expect
        // "unknown data segment" for a module with neither data count nor data section.
        var count = _module.DataCount ?? (uint)_module.Datas.Length;
        if (index >= count)
        {
            throw Error($"unknown data segment {index}");
        }
        if (_module.DataCount is null)
        {
            throw new WasmDecodeException(_codeOffset + _instructionStart, "data count section required");
        }
    }

    private ValueType ElementSegmentType(uint index)
    {
        if (index >= (uint)_module.Elements.Length)
        {
            throw Error($"unknown elem segment {index}");
        }
        return _module.Elements[index].ElementType;
    }

    private ValueType Local(uint index)
    {
        if (index >= (uint)_locals.Length)
        {
            throw Error($"unknown local {index}");
        }
        return _locals[index];
    }

    private GlobalType Global(uint index)
    {
        if (index >= (uint)_context.Globals.Length)
        {
            throw Error($"unknown global {index}");
        }
        return _context.Globals[index];
    }

    private TableType Table(uint index)
    {
        if (index >= (uint)_context.Tables.Length)
        {
            throw Error($"unknown table {index}");
        }
        return _context.Tables[index];
    }

    private ref ControlFrame Label(uint depth)
    {
        if (depth >= (uint)_frameCount)
        {
            throw Error($"unknown label {depth}");
        }
        return ref _frames[_frameCount - 1 - (int)depth];
    }

    private static ValueType[] LabelTypes(in ControlFrame frame) =>
        frame.Kind == FrameKind.Loop ? frame.Type.Parameters : frame.Type.Results;

    private int AddBlock(Opcode op, FuncType type)
    {
        if (_blockCount == _blocks.Length)
        {
            Array.Resize(ref _blocks, _blocks.Length * 2);
        }
        _blocks[_blockCount] = new BlockFacts(op, _instructionStart, -1, -1, type);
        return _blockCount++;
    }

    private void PushFrame(FrameKind kind, FuncType type, int blockIndex, int height)
    {
        if (_frameCount == _frames.Length)
        {
            Array.Resize(ref _frames, _frames.Length * 2);
        }
        _frames[_frameCount++] = new ControlFrame(kind, type, height, blockIndex);
    }

    private ControlFrame PopFrame()
    {
        PopValues(_frames[_frameCount - 1].Type.Results);
        ref var frame = ref _frames[_frameCount - 1];
        if (_valueCount != frame.Height)
        {
            throw Error($"type mismatch: {_valueCount - frame.Height} values left over at the end of the block, which returns {frame.Type.Results.Length}");
        }
        _frameCount--;
        return frame;
    }

    private void SetUnreachable()
    {
        ref var frame = ref _frames[_frameCount - 1];
        _valueCount = frame.Height;
        frame.Unreachable = true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Push(ValueType type)
    {
        if (_valueCount == _values.Length)
        {
            GrowValues(_valueCount + 1);
        }
        _values[_valueCount++] = type;
        if (_valueCount > _maxValueCount)
        {
            _maxValueCount = _valueCount;
        }
    }

    /// <summary>
    /// An implementation limit on the operand stack's height, checked as the stack grows: calls and
    /// blocks with many results let a few bytes push thousands of values, and every engine sizes
    /// frames by the height. A million values is far beyond what compilers emit (and than an
    /// interpreter frame of the default value stack can hold).
    /// </summary>
    internal const int MaxOperandStackHeight = 1 << 20;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void GrowValues(int needed)
    {
        if (needed > MaxOperandStackHeight)
        {
            throw Error($"operand stack too deep: more than {MaxOperandStackHeight} values (an implementation limit)");
        }
        Array.Resize(ref _values, Math.Max(needed, Math.Min(_values.Length * 2, MaxOperandStackHeight)));
    }

    private void PushValues(ValueType[] types)
    {
        // in bulk: a call or block may push thousands of values, and a copy is vectorised
        var count = _valueCount + types.Length;
        if (count > _values.Length)
        {
            GrowValues(count);
        }
        types.CopyTo(_values, _valueCount);
        _valueCount = count;
        if (count > _maxValueCount)
        {
            _maxValueCount = count;
        }
    }

    /// <summary>Pops any value; <see cref="Unknown"/> from the polymorphic stack.</summary>
    private ValueType Pop()
    {
        ref var frame = ref _frames[_frameCount - 1];
        if (_valueCount == frame.Height)
        {
            if (frame.Unreachable)
            {
                return Unknown;
            }
            throw Error("type mismatch: expected a value, found an empty stack");
        }
        return _values[--_valueCount];
    }

    /// <summary>Pops a value of type <paramref name="expected"/> and returns the type found (maybe <see cref="Unknown"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ValueType Pop(ValueType expected)
    {
        if (_valueCount > _frames[_frameCount - 1].Height)
        {
            var actual = _values[--_valueCount];
            if (actual != expected && actual != Unknown)
            {
                throw TypeMismatch(expected, actual);
            }
            return actual;
        }
        if (_frames[_frameCount - 1].Unreachable)
        {
            return Unknown;
        }
        throw TypeMismatch(expected, Unknown);
    }

    private void PopValues(ValueType[] types)
    {
        var first = _valueCount - types.Length;
        if (first >= _frames[_frameCount - 1].Height && _values.AsSpan(first, types.Length).SequenceEqual(types))
        {
            // the common case in one vectorised compare, so wide calls and branches cost little per value
            _valueCount = first;
            return;
        }
        for (var i = types.Length - 1; i >= 0; i--)
        {
            Pop(types[i]);
        }
    }

    private void PopAndRestore(ValueType[] types)
    {
        if (_scratch.Length < types.Length)
        {
            _scratch = new ValueType[Math.Max(types.Length, _scratch.Length * 2)];
        }
        for (var i = types.Length - 1; i >= 0; i--)
        {
            _scratch[i] = Pop(types[i]);
        }
        for (var i = 0; i < types.Length; i++)
        {
            Push(_scratch[i]);
        }
    }

    private void PopI32s(int count)
    {
        for (var i = 0; i < count; i++)
        {
            Pop(ValueType.I32);
        }
    }

    private void Convert(ValueType from, ValueType to)
    {
        Pop(from);
        Push(to);
    }

    private static bool IsNumeric(ValueType type) => type == Unknown || type.IsNumber();

    private static bool IsVector(ValueType type) => type is Unknown or ValueType.V128;

    private static string Name(ValueType type) => type == Unknown ? "any" : type.Name();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private WasmValidationException Error(string message) =>
        new(message, _functionIndex, _codeOffset + _instructionStart);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private WasmValidationException TypeMismatch(ValueType expected, ValueType actual) =>
        Error(actual == Unknown
            ? $"type mismatch: expected {expected.Name()}, found an empty stack"
            : $"type mismatch: expected {expected.Name()}, found {actual.Name()}");

    private static FuncType[] CreateSingleResultTypes()
    {
        // indexed by the value type's encoding, so a block type byte is its own index
        var types = new FuncType[256];
        foreach (var t in new[] { ValueType.I32, ValueType.I64, ValueType.F32, ValueType.F64, ValueType.V128, ValueType.FuncRef, ValueType.ExternRef })
        {
            types[(byte)t] = new FuncType([], [t]);
        }
        return types;
    }

    private enum FrameKind : byte
    {
        Function,
        Block,
        Loop,
        If,
        /// <summary>An if whose else has been seen.</summary>
        Else,
    }

    private struct ControlFrame
    {
        public ControlFrame(FrameKind kind, FuncType type, int height, int blockIndex)
        {
            Kind = kind;
            Type = type;
            Height = height;
            BlockIndex = blockIndex;
        }

        public readonly FrameKind Kind;
        public readonly FuncType Type;
        /// <summary>The operand stack height below the frame's values.</summary>
        public readonly int Height;
        /// <summary>The frame's index in the function's block facts, or -1 for the function itself.</summary>
        public readonly int BlockIndex;
        /// <summary>Set after an unconditional branch: the rest of the frame's code is unreachable and its stack polymorphic.</summary>
        public bool Unreachable;
    }

}
