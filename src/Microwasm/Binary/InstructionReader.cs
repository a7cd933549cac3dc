using System.Runtime.CompilerServices;
using Microwasm.Model;

namespace Microwasm.Binary;

/// <summary>
/// Reads one instruction of a body: the opcode (with the sub-opcode of a 0xFC or 0xFD prefix) and
/// all its immediates. The decoder's structural pass, the validator and the translator all read
/// instructions here, so the encoding of each instruction, and the error for a malformed one, is
/// written once: a new instruction's immediates go in <see cref="ReadAny"/> (a SIMD one's layout in
/// <see cref="SimdImmediates"/>), and in <see cref="Layouts"/> too if the inlined path is to take
/// it; each pass only adds its own case for what the instruction does.
/// </summary>
/// <remarks>
/// Nothing is allocated: the immediates land in the fields of an <see cref="Instruction"/>, and the
/// variable-length ones (the targets of <c>br_table</c>, the 16 bytes of <c>v128.const</c> and
/// <c>i8x16.shuffle</c>) are checked and skipped here and read again from the body's bytes.
/// </remarks>
internal static class InstructionReader
{
    /// <summary>
    /// Reads the instruction at the reader's position and leaves the reader after it. Throws
    /// <see cref="WasmDecodeException"/> for an opcode that is not WebAssembly 2.0 ("illegal
    /// opcode", at the instruction's first byte) or a malformed or truncated immediate.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Instruction Read(ref WasmReader reader)
    {
        // Inlined into each pass: most instructions are one byte, or one byte and one or two
        // one-byte immediates; the rest (and every error) is read by the full reader.
        var bytes = reader.Span;
        var position = reader.Position;
        if ((uint)position < (uint)bytes.Length)
        {
            var op = bytes[position];
            var layout = Layouts[op];
            if (layout == NoImmediate)
            {
                reader.Position = position + 1;
                return new Instruction(op);
            }
            if ((uint)(position + 1) < (uint)bytes.Length && bytes[position + 1] < 0x80)
            {
                // a one-byte immediate (or the first of two one-byte ones)
                var next = bytes[position + 1];
                if (layout == OneIndex)
                {
                    reader.Position = position + 2;
                    return new Instruction(op, index: next);
                }
                if (layout == MemoryArgument && next < 0x40 && (uint)(position + 2) < (uint)bytes.Length && bytes[position + 2] < 0x80)
                {
                    reader.Position = position + 3;
                    return new Instruction(op, index: next, secondIndex: bytes[position + 2]);
                }
                if (layout == SmallConstant)
                {
                    // a one-byte signed LEB128: seven bits, sign-extended (to 64 for i64.const)
                    reader.Position = position + 2;
                    var value = (int)((uint)next << 25) >> 25;
                    return new Instruction(op, index: (uint)value, secondIndex: (uint)(value >> 31));
                }
                if (layout == OneByteBlockType && (next == Instruction.EmptyBlockType || ValueTypes.IsValueType(next)))
                {
                    reader.Position = position + 2;
                    return new Instruction(op, type: next);
                }
            }
        }
        // the rest, and every error, from the start of the instruction
        return ReadAny(ref reader);
    }

    // the layouts of the inlined path; 0 is any other, left to ReadAny
    private const byte NoImmediate = 1;
    private const byte OneIndex = 2;
    private const byte MemoryArgument = 3;
    private const byte SmallConstant = 4;
    private const byte OneByteBlockType = 5;

    /// <summary>Which opcodes the inlined path of <see cref="Read"/> takes (the others are all read by <see cref="ReadAny"/>).</summary>
    private static ReadOnlySpan<byte> Layouts =>
    [
        // 0x00: unreachable, nop, block, loop, if, else; 0x0B end, br, br_if; 0x0F return
        1, 1, 5, 5, 5, 1, 0, 0, 0, 0, 0, 1, 2, 2, 0, 1,
        // 0x10: call; 0x1A drop, 0x1B select
        2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0,
        // 0x20: local.get/set/tee, global.get/set, table.get/set; 0x28 on: the loads and stores
        2, 2, 2, 2, 2, 2, 2, 0, 3, 3, 3, 3, 3, 3, 3, 3,
        // 0x3F: memory.size (and 0x40 memory.grow) have a reserved byte, not inlined
        3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0,
        // 0x41: i32.const, i64.const; 0x45 on: the numeric instructions
        0, 4, 4, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        // 0xC0: to 0xC4 the sign extensions; 0xD1 ref.is_null, 0xD2 ref.func
        1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];

    /// <summary>Reads any instruction: <see cref="Read"/> without its inlined shortcut, which it must agree with.</summary>
    internal static Instruction ReadAny(ref WasmReader reader)
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
                return blockType.TypeIndex < 0
                    ? new Instruction(op, type: blockType.ValueType == 0 ? Instruction.EmptyBlockType : blockType.ValueType)
                    : new Instruction(op, index: (uint)blockType.TypeIndex);
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
                // sign-extended to 64 bits, as the inlined path does
                return Instruction.WithConstant(op, (ulong)(long)reader.ReadVarS32());
            case (byte)Opcode.I64Const:
                return Instruction.WithConstant(op, (ulong)reader.ReadVarS64());
            case (byte)Opcode.F32Const:
                return new Instruction(op, index: reader.ReadFixedU32());
            case (byte)Opcode.F64Const:
                return Instruction.WithConstant(op, reader.ReadFixedU64());

            case (byte)Opcode.RefNull:
                return new Instruction(op, type: (byte)ModuleReader.ReadRefNullType(ref reader));

            case (byte)Opcode.PrefixFC:
                return ReadPrefixedFC(ref reader, start);
            case (byte)Opcode.PrefixSimd:
                return ReadPrefixedSimd(ref reader, start);

            default:
                // 3.0's other instructions (tail calls, exceptions, typed references, GC) are unsupported
                throw Wasm3Features.OfOpcode(op) is { } feature
                    ? Wasm3Features.Unsupported(reader, start, feature, "illegal opcode")
                    : reader.ErrorAt(start, "illegal opcode");
        }
    }

    /// <summary>
    /// The 16 bytes of a <c>v128.const</c> or <c>i8x16.shuffle</c> that <paramref name="reader"/>
    /// read as <paramref name="instruction"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ReadOnlySpan<byte> Bytes16(in WasmReader reader, Instruction instruction) =>
        reader.Span.Slice(instruction.ImmediatePosition, 16);

    /// <summary>
    /// The targets of the <c>br_table</c> that <paramref name="reader"/> read at
    /// <paramref name="instructionStart"/>, without the default (<see cref="Instruction.Index"/>).
    /// </summary>
    public static BranchTargets Targets(in WasmReader reader, int instructionStart)
    {
        // read again after the opcode: the count, then the targets (all checked when first read)
        var targets = new WasmReader(reader.Span[(instructionStart + 1)..]);
        var count = targets.ReadVarU32();
        return new BranchTargets(targets, count);
    }

    private static Instruction ReadBranchTable(ref WasmReader reader)
    {
        var count = reader.ReadVarU32();
        // each label takes at least one byte: this bounds the loop by the input size
        if (count > (uint)reader.Remaining)
        {
            throw reader.Error("length out of bounds");
        }
        for (var i = 0u; i < count; i++)
        {
            reader.ReadVarU32();
        }
        // the default label comes last
        return new Instruction((byte)Opcode.BrTable, index: reader.ReadVarU32(), secondIndex: count);
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
            case >= 0x13 and <= 0x16:
                // i64.add128, i64.sub128, i64.mul_wide_s, i64.mul_wide_u
                throw Wasm3Features.Unsupported(reader, start, Wasm3Features.WideArithmetic, "illegal opcode");
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
                return new Instruction(op, sub, secondIndex: (uint)bytes);
            }
            default:
                // 0x100 to 0x113: relaxed SIMD
                throw sub is >= 0x100 and <= 0x113
                    ? Wasm3Features.Unsupported(reader, start, Wasm3Features.RelaxedSimd, "illegal opcode")
                    : reader.ErrorAt(start, "illegal opcode");
        }
    }
}

/// <summary>
/// One instruction as <see cref="InstructionReader"/> read it. Which fields mean something depends
/// on the opcode; each property says for which instructions.
/// </summary>
/// <remarks>
/// Twelve bytes in three fields, so that it comes back from <see cref="InstructionReader.Read"/>
/// in registers: a 64-bit constant is split over the two index fields, and a sub-opcode fits in a
/// byte because the reader rejects every larger one.
/// </remarks>
internal readonly struct Instruction
{
    /// <summary>The type byte of a block type that has no values (0x40, as in the binary).</summary>
    internal const byte EmptyBlockType = 0x40;

    // the opcode, the sub-opcode and the type or lane byte, in one field: three fields in all,
    // which the JIT keeps in registers where the reader is inlined
    private readonly uint _head;
    private readonly uint _index;
    private readonly uint _secondIndex;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Instruction(byte opcode, uint subOpcode = 0, uint index = 0, uint secondIndex = 0, byte type = 0)
    {
        _head = opcode | (subOpcode & 0xFF) << 8 | (uint)type << 16;
        _index = index;
        _secondIndex = secondIndex;
    }

    private byte Type => (byte)(_head >> 16);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Instruction WithConstant(byte opcode, ulong value) =>
        new(opcode, index: (uint)value, secondIndex: (uint)(value >> 32));

    /// <summary>The first byte: the opcode, or <see cref="Opcode.PrefixFC"/> / <see cref="Opcode.PrefixSimd"/>.</summary>
    public Opcode Opcode => (Opcode)(byte)_head;

    /// <summary>The sub-opcode after a 0xFC or 0xFD prefix.</summary>
    public uint SubOpcode => (byte)(_head >> 8);

    /// <summary>The sub-opcode after a 0xFC prefix.</summary>
    public PrefixedOpcode PrefixedOpcode => (PrefixedOpcode)SubOpcode;

    /// <summary>The sub-opcode after a 0xFD prefix.</summary>
    public SimdOpcode SimdOpcode => (SimdOpcode)SubOpcode;

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
    public BlockTypeImmediate BlockType => Type == 0
        ? new BlockTypeImmediate(_index, 0)
        : new BlockTypeImmediate(-1, Type == EmptyBlockType ? (byte)0 : Type);

    /// <summary>The value of <c>i32.const</c>.</summary>
    public int I32 => (int)_index;

    /// <summary>The value of <c>i64.const</c>.</summary>
    public long I64 => (long)F64Bits;

    /// <summary>The bits of <c>f32.const</c>.</summary>
    public uint F32Bits => _index;

    /// <summary>The bits of <c>f64.const</c>.</summary>
    public ulong F64Bits => (ulong)_secondIndex << 32 | _index;

    /// <summary>The type of <c>ref.null</c>, or the first type of a typed <c>select</c>.</summary>
    public ValueType ValueType => (ValueType)Type;

    /// <summary>How many types a typed <c>select</c> lists (one in valid code).</summary>
    public uint TypeCount => _secondIndex;

    /// <summary>The lane index of a SIMD lane instruction (not checked against the lane count: that is validation).</summary>
    public byte Lane => Type;

    /// <summary>How many targets a <c>br_table</c> has besides the default.</summary>
    public uint TargetCount => _secondIndex;

    /// <summary>Where, relative to the reader's span, the 16 bytes of <c>v128.const</c> and <c>i8x16.shuffle</c> start.</summary>
    public int ImmediatePosition => (int)_secondIndex;
}

/// <summary>The targets of a <c>br_table</c>, read again from the body's bytes (already checked to be well formed).</summary>
internal ref struct BranchTargets
{
    private WasmReader _reader;
    private uint _left;

    public BranchTargets(WasmReader reader, uint count)
    {
        _reader = reader;
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
