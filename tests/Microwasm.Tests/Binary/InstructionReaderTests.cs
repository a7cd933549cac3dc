using Microwasm.Binary;
using Microwasm.Model;
using Microwasm.TestSupport;

namespace Microwasm.Tests.Binary;

/// <summary>
/// The one reader of an instruction's opcode and immediates, which the decoder's structural pass,
/// the validator and the translator share: every immediate kind, and the errors (message and
/// offset) for malformed ones, which the spec suite's assert_malformed checks through the decoder.
/// </summary>
public class InstructionReaderTests
{
    // errors carry absolute offsets: the body starts here in an imaginary module
    private const int BaseOffset = 0x100;

    /// <summary>Reads one instruction (by the inlined path) and returns it with the bytes it took.</summary>
    private static (Instruction Instruction, int Length) Read(params byte[] bytes)
    {
        var reader = new WasmReader(bytes, BaseOffset);
        var instruction = InstructionReader.Read(ref reader);
        return (instruction, reader.Position);
    }

    // 2.0's error: where 3.0 has a feature, Wasm3FeatureTests checks that it is reported as unsupported
    private static WasmDecodeException Malformed(params byte[] bytes) =>
        Wasm20Errors.Throws<WasmDecodeException>(() =>
        {
            var reader = new WasmReader(bytes, BaseOffset);
            InstructionReader.Read(ref reader);
        });

    private static void AssertMalformed(byte[] bytes, string reason, int offset)
    {
        var e = Malformed(bytes);
        Assert.Equal(reason, e.Reason);
        Assert.Equal(BaseOffset + offset, e.Offset);
    }

    [Theory]
    [InlineData(0x00)] // unreachable
    [InlineData(0x01)] // nop
    [InlineData(0x05)] // else
    [InlineData(0x0B)] // end
    [InlineData(0x0F)] // return
    [InlineData(0x1A)] // drop
    [InlineData(0x1B)] // select
    [InlineData(0x45)] // i32.eqz
    [InlineData(0x6A)] // i32.add
    [InlineData(0xC4)] // i64.extend32_s
    [InlineData(0xD1)] // ref.is_null
    public void ReadsInstructionsWithoutImmediates(byte opcode)
    {
        var (instruction, length) = Read(opcode, 0xFF);
        Assert.Equal((Opcode)opcode, instruction.Opcode);
        Assert.Equal(1, length);
    }

    [Theory]
    [InlineData(0x0C)] // br
    [InlineData(0x0D)] // br_if
    [InlineData(0x10)] // call
    [InlineData(0x20)] // local.get
    [InlineData(0x21)] // local.set
    [InlineData(0x22)] // local.tee
    [InlineData(0x23)] // global.get
    [InlineData(0x24)] // global.set
    [InlineData(0x25)] // table.get
    [InlineData(0x26)] // table.set
    [InlineData(0xD2)] // ref.func
    public void ReadsOneIndex(byte opcode)
    {
        Assert.Equal((7u, 2), (Read(opcode, 0x07).Instruction.Index, Read(opcode, 0x07).Length));
        // a multi-byte LEB128, and the largest index
        var (instruction, length) = Read(opcode, 0xE5, 0x8E, 0x26);
        Assert.Equal((Opcode)opcode, instruction.Opcode);
        Assert.Equal(624485u, instruction.Index);
        Assert.Equal(4, length);
        Assert.Equal(uint.MaxValue, Read(opcode, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F).Instruction.Index);
    }

    [Fact]
    public void ReadsCallIndirectTypeThenTable()
    {
        var (instruction, length) = Read(0x11, 0x03, 0x81, 0x01);
        Assert.Equal(Opcode.CallIndirect, instruction.Opcode);
        Assert.Equal(3u, instruction.Index);
        Assert.Equal(129u, instruction.SecondIndex);
        Assert.Equal(4, length);
    }

    [Theory]
    [InlineData(0x28, 2u, 0u)]      // i32.load
    [InlineData(0x29, 3u, 16u)]     // i64.load
    [InlineData(0x2D, 0u, 1u)]      // i32.load8_u
    [InlineData(0x36, 2u, 300u)]    // i32.store
    [InlineData(0x3E, 2u, 70000u)]  // i64.store32
    public void ReadsMemoryArguments(byte opcode, uint alignment, uint offset)
    {
        byte[] bytes = [opcode, .. Leb128.Unsigned(alignment), .. Leb128.Unsigned(offset)];
        var (instruction, length) = Read(bytes);
        Assert.Equal(new MemoryArgument(alignment, offset), instruction.Memory);
        Assert.Equal(bytes.Length, length);
    }

    [Fact]
    public void ReadsAnAlignmentLargerThanNaturalAsItIs()
    {
        // too large an alignment is invalid, not malformed: the validator's to reject
        Assert.Equal(new MemoryArgument(31, 0), Read(0x28, 0x1F, 0x00).Instruction.Memory);
        // from 2^6 on the flags are 3.0's (a memory index follows; from 2^7 malformed), where 2.0
        // had an alignment larger than natural
        var ex = Assert.Throws<WasmDecodeException>(() => Read(0x28, 0x80, 0x01, 0x05));
        Assert.Equal("malformed memop flags", ex.Reason);
        Assert.IsType<Microwasm.Validation.WasmValidationException>(ex.AsWasm20);
    }

    [Theory]
    [InlineData(new byte[] { 0x02, 0x40 }, -1L, 0)]
    [InlineData(new byte[] { 0x03, 0x7F }, -1L, 0x7F)]
    [InlineData(new byte[] { 0x04, 0x7B }, -1L, 0x7B)]
    [InlineData(new byte[] { 0x02, 0x6F }, -1L, 0x6F)]
    [InlineData(new byte[] { 0x02, 0x00 }, 0L, 0)]
    [InlineData(new byte[] { 0x03, 0x05 }, 5L, 0)]
    [InlineData(new byte[] { 0x04, 0xC8, 0x01 }, 200L, 0)]
    [InlineData(new byte[] { 0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F }, 0xFFFFFFFFL, 0)]
    public void ReadsBlockTypes(byte[] bytes, long typeIndex, byte valueType)
    {
        var (instruction, length) = Read(bytes);
        Assert.Equal((Opcode)bytes[0], instruction.Opcode);
        Assert.Equal(new BlockTypeImmediate(typeIndex, valueType), instruction.BlockType);
        Assert.Equal(bytes.Length, length);
    }

    [Fact]
    public void ReadsBranchTableTargetsAgainFromTheBytes()
    {
        // br_table [1, 200, 0] default 3, then an end that is not part of it
        byte[] bytes = [0x0E, 0x03, 0x01, 0xC8, 0x01, 0x00, 0x03, 0x0B];
        var reader = new WasmReader(bytes, BaseOffset);
        var instruction = InstructionReader.Read(ref reader);
        Assert.Equal(Opcode.BrTable, instruction.Opcode);
        Assert.Equal(3u, instruction.TargetCount);
        Assert.Equal(3u, instruction.Index);
        Assert.Equal(7, reader.Position);

        var targets = InstructionReader.Targets(in reader, 0);
        var read = new List<uint>();
        while (targets.Remaining > 0)
        {
            read.Add(targets.Next());
        }
        Assert.Equal([1u, 200u, 0u], read);
    }

    [Fact]
    public void ReadsBranchTableWithOnlyADefault()
    {
        var (instruction, length) = Read(0x0E, 0x00, 0x02);
        Assert.Equal((0u, 2u, 3), (instruction.TargetCount, instruction.Index, length));
    }

    [Fact]
    public void ReadsTypedSelect()
    {
        var (instruction, length) = Read(0x1C, 0x01, 0x7E);
        Assert.Equal(Opcode.SelectTyped, instruction.Opcode);
        Assert.Equal(1u, instruction.TypeCount);
        Assert.Equal(ValueType.I64, instruction.ValueType);
        Assert.Equal(3, length);

        // more than one type is well formed (the validator rejects the arity)
        (instruction, length) = Read(0x1C, 0x02, 0x70, 0x7F);
        Assert.Equal((2u, ValueType.FuncRef, 4), (instruction.TypeCount, instruction.ValueType, length));
        Assert.Equal((0u, 2), (Read(0x1C, 0x00).Instruction.TypeCount, Read(0x1C, 0x00).Length));
    }

    [Theory]
    [InlineData(0x70)]
    [InlineData(0x6F)]
    public void ReadsRefNull(byte type)
    {
        var (instruction, length) = Read(0xD0, type);
        Assert.Equal((Opcode.RefNull, (ValueType)type, 2), (instruction.Opcode, instruction.ValueType, length));
    }

    [Theory]
    [InlineData(new byte[] { 0x41, 0x00 }, 0L)]
    [InlineData(new byte[] { 0x41, 0x3F }, 63L)]
    [InlineData(new byte[] { 0x41, 0x40 }, -64L)]
    [InlineData(new byte[] { 0x41, 0x7F }, -1L)]
    [InlineData(new byte[] { 0x41, 0x80, 0x01 }, 128L)]
    [InlineData(new byte[] { 0x41, 0x80, 0x80, 0x80, 0x80, 0x78 }, int.MinValue)]
    [InlineData(new byte[] { 0x41, 0xFF, 0xFF, 0xFF, 0xFF, 0x07 }, int.MaxValue)]
    public void ReadsI32Constants(byte[] bytes, long value)
    {
        var (instruction, length) = Read(bytes);
        Assert.Equal((int)value, instruction.I32);
        Assert.Equal(bytes.Length, length);
    }

    [Theory]
    [InlineData(new byte[] { 0x42, 0x00 }, 0L)]
    [InlineData(new byte[] { 0x42, 0x7F }, -1L)]
    [InlineData(new byte[] { 0x42, 0x40 }, -64L)]
    [InlineData(new byte[] { 0x42, 0x3F }, 63L)]
    [InlineData(new byte[] { 0x42, 0x80, 0x80, 0x80, 0x80, 0x10 }, 1L << 32)]
    [InlineData(new byte[] { 0x42, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F }, long.MinValue)]
    [InlineData(new byte[] { 0x42, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00 }, long.MaxValue)]
    public void ReadsI64Constants(byte[] bytes, long value)
    {
        var (instruction, length) = Read(bytes);
        Assert.Equal(value, instruction.I64);
        Assert.Equal(bytes.Length, length);
    }

    [Fact]
    public void ReadsFloatConstantsAsBits()
    {
        var (f32, f32Length) = Read(0x43, 0x00, 0x00, 0xC0, 0x7F);
        Assert.Equal(0x7FC00000u, f32.F32Bits);
        Assert.Equal(5, f32Length);
        var (f64, f64Length) = Read(0x44, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0xF8, 0xFF);
        Assert.Equal(0xFFF8060504030201ul, f64.F64Bits);
        Assert.Equal(9, f64Length);
    }

    [Fact]
    public void ReadsMemorySizeAndGrowWithTheirReservedByte()
    {
        Assert.Equal((Opcode.MemorySize, 2), (Read(0x3F, 0x00).Instruction.Opcode, Read(0x3F, 0x00).Length));
        Assert.Equal((Opcode.MemoryGrow, 2), (Read(0x40, 0x00).Instruction.Opcode, Read(0x40, 0x00).Length));
    }

    [Theory]
    [InlineData(new byte[] { 0xFC, 0x00 }, PrefixedOpcode.I32TruncSatF32S, 0u, 0u)]
    [InlineData(new byte[] { 0xFC, 0x07 }, PrefixedOpcode.I64TruncSatF64U, 0u, 0u)]
    [InlineData(new byte[] { 0xFC, 0x08, 0x05, 0x00 }, PrefixedOpcode.MemoryInit, 5u, 0u)]
    [InlineData(new byte[] { 0xFC, 0x09, 0x81, 0x01 }, PrefixedOpcode.DataDrop, 129u, 0u)]
    [InlineData(new byte[] { 0xFC, 0x0A, 0x00, 0x00 }, PrefixedOpcode.MemoryCopy, 0u, 0u)]
    [InlineData(new byte[] { 0xFC, 0x0B, 0x00 }, PrefixedOpcode.MemoryFill, 0u, 0u)]
    [InlineData(new byte[] { 0xFC, 0x0C, 0x04, 0x02 }, PrefixedOpcode.TableInit, 4u, 2u)]
    [InlineData(new byte[] { 0xFC, 0x0D, 0x06 }, PrefixedOpcode.ElemDrop, 6u, 0u)]
    [InlineData(new byte[] { 0xFC, 0x0E, 0x01, 0x03 }, PrefixedOpcode.TableCopy, 1u, 3u)]
    [InlineData(new byte[] { 0xFC, 0x0F, 0x02 }, PrefixedOpcode.TableGrow, 2u, 0u)]
    [InlineData(new byte[] { 0xFC, 0x10, 0x03 }, PrefixedOpcode.TableSize, 3u, 0u)]
    [InlineData(new byte[] { 0xFC, 0x11, 0x04 }, PrefixedOpcode.TableFill, 4u, 0u)]
    // a sub-opcode is a LEB128, which may be overlong
    [InlineData(new byte[] { 0xFC, 0x90, 0x00, 0x07 }, PrefixedOpcode.TableSize, 7u, 0u)]
    public void ReadsPrefixedInstructions(byte[] bytes, PrefixedOpcode op, uint index, uint secondIndex)
    {
        var (instruction, length) = Read(bytes);
        Assert.Equal(Opcode.PrefixFC, instruction.Opcode);
        Assert.Equal(op, instruction.PrefixedOpcode);
        Assert.Equal((index, secondIndex), (instruction.Index, instruction.SecondIndex));
        Assert.Equal(bytes.Length, length);
    }

    [Fact]
    public void ReadsSimdMemoryArgument()
    {
        var (instruction, length) = Read(0xFD, 0x00, 0x04, 0x10);
        Assert.Equal(Opcode.PrefixSimd, instruction.Opcode);
        Assert.Equal(SimdOpcode.V128Load, instruction.SimdOpcode);
        Assert.Equal(new MemoryArgument(4, 16), instruction.Memory);
        Assert.Equal(4, length);
    }

    [Fact]
    public void ReadsSimdMemoryArgumentAndLane()
    {
        var (instruction, length) = Read(0xFD, 0x54, 0x00, 0x81, 0x01, 0x0F);
        Assert.Equal(SimdOpcode.V128Load8Lane, instruction.SimdOpcode);
        Assert.Equal(new MemoryArgument(0, 129), instruction.Memory);
        Assert.Equal(15, instruction.Lane);
        Assert.Equal(6, length);
    }

    [Fact]
    public void ReadsSimdLaneAsItIs()
    {
        // a lane index beyond the lane count is invalid, not malformed
        var (instruction, length) = Read(0xFD, 0x15, 0xFF);
        Assert.Equal(SimdOpcode.I8x16ExtractLaneS, instruction.SimdOpcode);
        Assert.Equal(0xFF, instruction.Lane);
        Assert.Equal(3, length);
    }

    [Theory]
    [InlineData(0x0C)] // v128.const
    [InlineData(0x0D)] // i8x16.shuffle
    public void ReadsSixteenBytes(byte sub)
    {
        byte[] bytes = [0xFD, sub, .. Enumerable.Range(0x20, 16).Select(i => (byte)i), 0x0B];
        var reader = new WasmReader(bytes, BaseOffset);
        var instruction = InstructionReader.Read(ref reader);
        Assert.Equal((SimdOpcode)sub, instruction.SimdOpcode);
        Assert.Equal(18, reader.Position);
        Assert.Equal(bytes[2..18], InstructionReader.Bytes16(in reader, instruction).ToArray());
    }

    [Fact]
    public void ReadsSimdWithoutImmediates()
    {
        // i8x16.add, and the last sub-opcode (a two-byte LEB128)
        var (instruction, length) = Read(0xFD, 0x6E);
        Assert.Equal((SimdOpcode.I8x16Add, 2), (instruction.SimdOpcode, length));
        (instruction, length) = Read(0xFD, 0xFF, 0x01);
        Assert.Equal((0xFFu, 3), (instruction.SubOpcode, length));
    }

    [Theory]
    // truncated immediates: the end of the bytes, where the read ran out
    [InlineData(new byte[] { 0x20 }, "unexpected end", 1)]
    [InlineData(new byte[] { 0x20, 0x80 }, "unexpected end", 2)]
    [InlineData(new byte[] { 0x11, 0x00 }, "unexpected end", 2)]
    [InlineData(new byte[] { 0x28, 0x02 }, "unexpected end", 2)]
    [InlineData(new byte[] { 0x02 }, "unexpected end", 1)]
    [InlineData(new byte[] { 0x41 }, "unexpected end", 1)]
    [InlineData(new byte[] { 0x42, 0xFF }, "unexpected end", 2)]
    [InlineData(new byte[] { 0x43, 0x00, 0x00, 0x00 }, "unexpected end", 1)]
    [InlineData(new byte[] { 0x44, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 }, "unexpected end", 1)]
    [InlineData(new byte[] { 0x0E, 0x02, 0x00, 0x00 }, "unexpected end", 4)]
    [InlineData(new byte[] { 0x0E, 0x05, 0x00 }, "length out of bounds", 2)]
    [InlineData(new byte[] { 0x1C, 0x03, 0x7F }, "length out of bounds", 2)]
    [InlineData(new byte[] { 0x1C, 0x01 }, "length out of bounds", 2)]
    [InlineData(new byte[] { 0xD0 }, "unexpected end", 1)]
    [InlineData(new byte[] { 0x3F }, "unexpected end", 1)]
    [InlineData(new byte[] { 0xFC }, "unexpected end", 1)]
    [InlineData(new byte[] { 0xFC, 0x08, 0x00 }, "unexpected end", 3)]
    [InlineData(new byte[] { 0xFC, 0x0A, 0x00 }, "unexpected end", 3)]
    [InlineData(new byte[] { 0xFC, 0x0E, 0x00 }, "unexpected end", 3)]
    [InlineData(new byte[] { 0xFD }, "unexpected end", 1)]
    [InlineData(new byte[] { 0xFD, 0x00, 0x00 }, "unexpected end", 3)]
    [InlineData(new byte[] { 0xFD, 0x54, 0x00, 0x00 }, "unexpected end", 4)]
    [InlineData(new byte[] { 0xFD, 0x15 }, "unexpected end", 2)]
    [InlineData(new byte[] { 0xFD, 0x0C, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 }, "unexpected end", 2)]
    [InlineData(new byte[] { 0xFD, 0x0D, 0x00 }, "unexpected end", 2)]
    // malformed LEB128 immediates: at the start of the number
    [InlineData(new byte[] { 0x20, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00 }, "integer representation too long", 1)]
    [InlineData(new byte[] { 0x20, 0xFF, 0xFF, 0xFF, 0xFF, 0x1F }, "integer too large", 1)]
    [InlineData(new byte[] { 0x41, 0x80, 0x80, 0x80, 0x80, 0x10 }, "integer too large", 1)]
    [InlineData(new byte[] { 0x28, 0x02, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00 }, "integer representation too long", 2)]
    // reserved bytes: at the byte
    [InlineData(new byte[] { 0x3F, 0x01 }, "zero byte expected", 1)]
    [InlineData(new byte[] { 0x40, 0x80, 0x00 }, "zero byte expected", 1)]
    [InlineData(new byte[] { 0xFC, 0x08, 0x00, 0x01 }, "zero byte expected", 3)]
    [InlineData(new byte[] { 0xFC, 0x0A, 0x00, 0x01 }, "zero byte expected", 3)]
    [InlineData(new byte[] { 0xFC, 0x0A, 0x01, 0x00 }, "zero byte expected", 2)]
    [InlineData(new byte[] { 0xFC, 0x0B, 0x02 }, "zero byte expected", 2)]
    // malformed types: at the type
    [InlineData(new byte[] { 0x02, 0x60 }, "malformed block type", 1)]
    [InlineData(new byte[] { 0x04, 0x7A }, "malformed block type", 1)]
    [InlineData(new byte[] { 0xD0, 0x7F }, "malformed reference type", 1)]
    [InlineData(new byte[] { 0x1C, 0x01, 0x40 }, "malformed value type", 2)]
    [InlineData(new byte[] { 0x1C, 0x02, 0x7F, 0x60 }, "malformed value type", 3)]
    // opcodes that are not WebAssembly 2.0: at the instruction's first byte
    [InlineData(new byte[] { 0x06 }, "illegal opcode", 0)]
    [InlineData(new byte[] { 0x12, 0x00 }, "illegal opcode", 0)]
    [InlineData(new byte[] { 0x13, 0x00, 0x00 }, "illegal opcode", 0)]
    [InlineData(new byte[] { 0x27 }, "illegal opcode", 0)]
    [InlineData(new byte[] { 0xC5 }, "illegal opcode", 0)]
    [InlineData(new byte[] { 0xD3 }, "illegal opcode", 0)]
    [InlineData(new byte[] { 0xFF }, "illegal opcode", 0)]
    [InlineData(new byte[] { 0xFC, 0x12 }, "illegal opcode", 0)]
    [InlineData(new byte[] { 0xFC, 0x80, 0x01 }, "illegal opcode", 0)]
    [InlineData(new byte[] { 0xFD, 0x9A, 0x01 }, "illegal opcode", 0)]
    [InlineData(new byte[] { 0xFD, 0x80, 0x02 }, "illegal opcode", 0)]
    [InlineData(new byte[] { 0xFD, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F }, "illegal opcode", 0)]
    public void RejectsMalformedInstructions(byte[] bytes, string reason, int offset) =>
        AssertMalformed(bytes, reason, offset);

    /// <summary>Every opcode byte before each of these tails: the inlined path must read exactly what the full one does.</summary>
    public static TheoryData<byte[]> Tails => new()
    {
        Array.Empty<byte>(),
        new byte[] { 0x00 },
        new byte[] { 0x40, 0x00 },
        new byte[] { 0x7F, 0x05, 0x00 },
        new byte[] { 0x80 },
        new byte[] { 0x80, 0x01, 0x02 },
        new byte[] { 0xC8, 0x01, 0x00, 0x00 },
        new byte[] { 0x02, 0x81, 0x80, 0x80, 0x80, 0x00 },
        new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0x00 },
        new byte[] { 0x01, 0x7E, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 },
        new byte[] { 0x0C, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 },
        new byte[] { 0x3F, 0x7F },
        new byte[] { 0x60 },
        new byte[] { 0x7A },
    };

    [Theory]
    [MemberData(nameof(Tails))]
    public void TheInlinedPathAgreesWithTheFullReader(byte[] tail)
    {
        for (var op = 0; op < 256; op++)
        {
            byte[] bytes = [(byte)op, .. tail];
            Assert.Equal(Outcome(bytes, inlined: false), Outcome(bytes, inlined: true));
        }
    }

    private static string Outcome(byte[] bytes, bool inlined)
    {
        var reader = new WasmReader(bytes, BaseOffset);
        try
        {
            var i = inlined ? InstructionReader.Read(ref reader) : InstructionReader.ReadAny(ref reader);
            return $"{i.Opcode} {i.SubOpcode} {i.Index} {i.SecondIndex} {i.ValueType} {i.F64Bits} at {reader.Position}";
        }
        catch (WasmException e)
        {
            return e.Message;
        }
    }
}
