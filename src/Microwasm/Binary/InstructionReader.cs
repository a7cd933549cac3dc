using System.Runtime.CompilerServices;
using Microwasm.Model;

namespace Microwasm.Binary;

/// <summary>
/// Reads one instruction of a body: the opcode (with the sub-opcode of a 0xFC or 0xFD prefix) and
/// all its immediates. The decoder's structural pass, the validator and the translator all read
/// instructions here, so the encoding of each instruction, and the error for a malformed one, is
/// written once: a new instruction's immediates go in <see cref="Read"/> (or in
/// <see cref="SimdImmediates"/> for a SIMD one), and each pass only adds its own case for it.
/// </summary>
/// <remarks>
/// Nothing is allocated: the immediates land in the fields of an <see cref="Instruction"/>, and the
/// variable-length ones (the targets of <c>br_table</c>, the 16 bytes of <c>v128.const</c> and
/// <c>i8x16.shuffle</c>) are checked and skipped here and read again from the body's bytes, where
/// <see cref="Instruction.ImmediatePosition"/> says they start.
/// </remarks>
internal static class InstructionReader
{
    /// <summary>
    /// Reads the instruction at the reader's position and leaves the reader after it. Throws
    /// <see cref="WasmDecodeException"/> for an opcode that is not WebAssembly 2.0 ("illegal
    /// opcode", at the instruction's first byte) or a malformed or truncated immediate.
    /// </summary>
    public static Instruction Read(ref WasmReader reader)
    {
        var start = reader.Position;
        var op = reader.ReadByte();
        switch (op)
        {
            case (byte)Opcode.Unreachable:
            case (byte)Opcode.Nop:
            case (byte)Opcode.Else:
            case (byte)Opcode.End:
            case (byte)Opcode.Return:
            case (byte)Opcode.Drop:
            case (byte)Opcode.Select:
            case >= (byte)Opcode.I32Eqz and <= (byte)Opcode.I64Extend32S:
            case (byte)Opcode.RefIsNull:
                return new Instruction(op);

            case (byte)Opcode.Block:
            case (byte)Opcode.Loop:
            case (byte)Opcode.If:
            {
                var blockType = Immediates.ReadBlockType(ref reader);
                return new Instruction(op, constant: blockType.TypeIndex, type: blockType.ValueType);
            }

            case (byte)Opcode.Br:
            case (byte)Opcode.BrIf:
            case (byte)Opcode.Call:
            case (byte)Opcode.LocalGet:
            case (byte)Opcode.LocalSet:
            case (byte)Opcode.LocalTee:
            case (byte)Opcode.GlobalGet:
            case (byte)Opcode.GlobalSet:
            case (byte)Opcode.TableGet:
            case (byte)Opcode.TableSet:
            case (byte)Opcode.RefFunc:
                return new Instruction(op, index: reader.ReadVarU32());

            case (byte)Opcode.BrTable:
                return ReadBranchTable(ref reader);

            case (byte)Opcode.CallIndirect:
            {
                // the type index, then the table index
                var typeIndex = reader.ReadVarU32();
                return new Instruction(op, index: typeIndex, secondIndex: reader.ReadVarU32());
            }

            case (byte)Opcode.SelectTyped:
                return ReadSelectTypes(ref reader);

            case >= (byte)Opcode.I32Load and <= (byte)Opcode.I64Store32:
            {
                var memory = Immediates.ReadMemoryArgument(ref reader);
                return new Instruction(op, index: memory.Alignment, secondIndex: memory.Offset);
            }

            case (byte)Opcode.MemorySize:
            case (byte)Opcode.MemoryGrow:
                Immediates.ReadReservedZero(ref reader);
                return new Instruction(op);

            case (byte)Opcode.I32Const:
                return new Instruction(op, constant: reader.ReadVarS32());
            case (byte)Opcode.I64Const:
                return new Instruction(op, constant: reader.ReadVarS64());
            case (byte)Opcode.F32Const:
                return new Instruction(op, constant: reader.ReadFixedU32());
            case (byte)Opcode.F64Const:
                return new Instruction(op, constant: (long)reader.ReadFixedU64());

            case (byte)Opcode.RefNull:
                return new Instruction(op, type: (byte)ModuleReader.ReadReferenceType(ref reader));

            case (byte)Opcode.PrefixFC:
                return ReadPrefixedFC(ref reader, start);
            case (byte)Opcode.PrefixSimd:
                return ReadPrefixedSimd(ref reader, start);

            default:
                // includes return_call and return_call_indirect: tail calls are not in 2.0
                throw reader.ErrorAt(start, "illegal opcode");
        }
    }

    /// <summary>
    /// The 16 bytes of a <c>v128.const</c> or <c>i8x16.shuffle</c> that <paramref name="reader"/>
    /// read as <paramref name="instruction"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ReadOnlySpan<byte> Bytes16(in WasmReader reader, in Instruction instruction) =>
        reader.Span.Slice(instruction.ImmediatePosition, 16);

    /// <summary>
    /// The targets of a <c>br_table</c> that <paramref name="reader"/> read as
    /// <paramref name="instruction"/>, without the default (<see cref="Instruction.Index"/>).
    /// </summary>
    public static BranchTargets Targets(in WasmReader reader, in Instruction instruction) =>
        new(reader.Span[instruction.ImmediatePosition..], instruction.TargetCount);

    private static Instruction ReadBranchTable(ref WasmReader reader)
    {
        var count = reader.ReadVarU32();
        // each label takes at least one byte: this bounds the loop by the input size
        if (count > (uint)reader.Remaining)
        {
            throw reader.Error("length out of bounds");
        }
        var targets = reader.Position;
        for (var i = 0u; i < count; i++)
        {
            reader.ReadVarU32();
        }
        // the default label comes last
        return new Instruction((byte)Opcode.BrTable, index: reader.ReadVarU32(), secondIndex: count, position: targets);
    }

    private static Instruction ReadSelectTypes(ref WasmReader reader)
    {
        // a vector of value types; only one is valid in 2.0, which is the validator's rule
        var count = reader.ReadVarU32();
        if (count > (uint)reader.Remaining)
        {
            throw reader.Error("length out of bounds");
        }
        byte first = 0;
        for (var i = 0u; i < count; i++)
        {
            var type = (byte)ModuleReader.ReadValueType(ref reader);
            if (i == 0)
            {
                first = type;
            }
        }
        return new Instruction((byte)Opcode.SelectTyped, secondIndex: count, type: first);
    }

    private static Instruction ReadPrefixedFC(ref WasmReader reader, int start)
    {
        const byte op = (byte)Opcode.PrefixFC;
        var sub = reader.ReadVarU32();
        switch (sub)
        {
            case <= (uint)PrefixedOpcode.I64TruncSatF64U:
                return new Instruction(op, sub);
            case (uint)PrefixedOpcode.MemoryInit:
            {
                var dataIndex = reader.ReadVarU32();
                Immediates.ReadReservedZero(ref reader);
                return new Instruction(op, sub, index: dataIndex);
            }
            case (uint)PrefixedOpcode.MemoryCopy:
                Immediates.ReadReservedZero(ref reader);
                Immediates.ReadReservedZero(ref reader);
                return new Instruction(op, sub);
            case (uint)PrefixedOpcode.MemoryFill:
                Immediates.ReadReservedZero(ref reader);
                return new Instruction(op, sub);
            case (uint)PrefixedOpcode.TableInit:
            case (uint)PrefixedOpcode.TableCopy:
            {
                // table.init: element segment, then table; table.copy: destination, then source
                var first = reader.ReadVarU32();
                return new Instruction(op, sub, index: first, secondIndex: reader.ReadVarU32());
            }
            case (uint)PrefixedOpcode.DataDrop:
            case (uint)PrefixedOpcode.ElemDrop:
            case (uint)PrefixedOpcode.TableGrow:
            case (uint)PrefixedOpcode.TableSize:
            case (uint)PrefixedOpcode.TableFill:
                return new Instruction(op, sub, index: reader.ReadVarU32());
            default:
                throw reader.ErrorAt(start, "illegal opcode");
        }
    }

    private static Instruction ReadPrefixedSimd(ref WasmReader reader, int start)
    {
        const byte op = (byte)Opcode.PrefixSimd;
        var sub = reader.ReadVarU32();
        switch (SimdImmediates.Of(sub))
        {
            case SimdImmediate.None:
                return new Instruction(op, sub);
            case SimdImmediate.MemArg:
            {
                var memory = Immediates.ReadMemoryArgument(ref reader);
                return new Instruction(op, sub, index: memory.Alignment, secondIndex: memory.Offset);
            }
            case SimdImmediate.MemArgLane:
            {
                var memory = Immediates.ReadMemoryArgument(ref reader);
                return new Instruction(op, sub, index: memory.Alignment, secondIndex: memory.Offset, type: reader.ReadByte());
            }
            case SimdImmediate.Lane:
                return new Instruction(op, sub, type: reader.ReadByte());
            case SimdImmediate.Bytes16:
            {
                var bytes = reader.Position;
                reader.ReadBytes(16);
                return new Instruction(op, sub, position: bytes);
            }
            default:
                throw reader.ErrorAt(start, "illegal opcode");
        }
    }
}

/// <summary>
/// One instruction as <see cref="InstructionReader"/> read it. Which fields mean something depends
/// on the opcode; each property says for which instructions.
/// </summary>
internal readonly struct Instruction
{
    private readonly uint _subOpcode;
    private readonly uint _index;
    private readonly uint _secondIndex;
    private readonly int _position;
    private readonly long _constant;
    private readonly byte _opcode;
    private readonly byte _type;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Instruction(byte opcode, uint subOpcode = 0, uint index = 0, uint secondIndex = 0, long constant = 0, byte type = 0, int position = 0)
    {
        _opcode = opcode;
        _subOpcode = subOpcode;
        _index = index;
        _secondIndex = secondIndex;
        _constant = constant;
        _type = type;
        _position = position;
    }

    /// <summary>The first byte: the opcode, or <see cref="Opcode.PrefixFC"/> / <see cref="Opcode.PrefixSimd"/>.</summary>
    public Opcode Opcode => (Opcode)_opcode;

    /// <summary>The sub-opcode after a 0xFC or 0xFD prefix.</summary>
    public uint SubOpcode => _subOpcode;

    /// <summary>The sub-opcode after a 0xFC prefix.</summary>
    public PrefixedOpcode PrefixedOpcode => (PrefixedOpcode)_subOpcode;

    /// <summary>The sub-opcode after a 0xFD prefix.</summary>
    public SimdOpcode SimdOpcode => (SimdOpcode)_subOpcode;

    /// <summary>
    /// The first index: the label of <c>br</c>, <c>br_if</c> and the default of <c>br_table</c>;
    /// the function of <c>call</c> and <c>ref.func</c>; the local, global or table of their
    /// instructions; the type of <c>call_indirect</c>; the data segment of <c>memory.init</c> and
    /// <c>data.drop</c>; the element segment of <c>table.init</c> and <c>elem.drop</c>; the
    /// destination table of <c>table.copy</c>.
    /// </summary>
    public uint Index => _index;

    /// <summary>The second index: the table of <c>call_indirect</c> and <c>table.init</c>, the source table of <c>table.copy</c>.</summary>
    public uint SecondIndex => _secondIndex;

    /// <summary>The <c>memarg</c> of a load or store (SIMD ones included).</summary>
    public MemoryArgument Memory => new(_index, _secondIndex);

    /// <summary>The block type of <c>block</c>, <c>loop</c> and <c>if</c>.</summary>
    public BlockTypeImmediate BlockType => new(_constant, _type);

    /// <summary>The value of <c>i32.const</c>.</summary>
    public int I32 => (int)_constant;

    /// <summary>The value of <c>i64.const</c>.</summary>
    public long I64 => _constant;

    /// <summary>The bits of <c>f32.const</c>.</summary>
    public uint F32Bits => (uint)_constant;

    /// <summary>The bits of <c>f64.const</c>.</summary>
    public ulong F64Bits => (ulong)_constant;

    /// <summary>The type of <c>ref.null</c>, or the first type of a typed <c>select</c>.</summary>
    public ValueType ValueType => (ValueType)_type;

    /// <summary>How many types a typed <c>select</c> lists (one in valid code).</summary>
    public uint TypeCount => _secondIndex;

    /// <summary>The lane index of a SIMD lane instruction (not checked against the lane count: that is validation).</summary>
    public byte Lane => _type;

    /// <summary>How many targets a <c>br_table</c> has besides the default.</summary>
    public uint TargetCount => _secondIndex;

    /// <summary>
    /// Where, relative to the reader's span, the variable-length immediates start: the targets of
    /// <c>br_table</c>, the 16 bytes of <c>v128.const</c> and <c>i8x16.shuffle</c>.
    /// </summary>
    public int ImmediatePosition => _position;
}

/// <summary>The targets of a <c>br_table</c>, read again from the body's bytes (already checked to be well formed).</summary>
internal ref struct BranchTargets
{
    private WasmReader _reader;
    private uint _left;

    public BranchTargets(ReadOnlySpan<byte> bytes, uint count)
    {
        _reader = new WasmReader(bytes);
        _left = count;
    }

    /// <summary>How many targets are left.</summary>
    public readonly uint Remaining => _left;

    /// <summary>The next target's label depth.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint Next()
    {
        _left--;
        return _reader.ReadVarU32();
    }
}
