using System.Runtime.CompilerServices;
using Microwasm.Model;
using Microwasm.Validation;

namespace Microwasm.Binary;

/// <summary>
/// The encodings of the immediates that several instructions share (memarg, block type, reserved
/// byte), read by <see cref="InstructionReader"/>, the one reader of instructions.
/// </summary>
internal static class Immediates
{
    /// <summary>A <c>memarg</c>: the alignment exponent, then the offset.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static MemoryArgument ReadMemoryArgument(ref WasmReader reader)
    {
        var start = reader.Position;
        var alignment = reader.ReadVarU32();
        if (alignment >= 0x40)
        {
            throw alignment < 0x80 ? MemoryIndexInMemoryArgument(ref reader, start) : MalformedFlags(reader, start);
        }
        // 3.0 reads a u64 offset: beyond 32 bits it is out of range of a 32-bit memory
        return new MemoryArgument(alignment, Wasm3Features.ReadU32OrWide(ref reader, "offset out of range"));
    }

    /// <summary>
    /// 3.0's memarg flags are the alignment below 2^6, plus 2^6 when a memory index follows: from
    /// 2^7 on they are malformed. In 2.0 they are an alignment, larger than natural.
    /// </summary>
    private static WasmDecodeException MalformedFlags(in WasmReader reader, int start)
    {
        var malformed = reader.ErrorAt(start, "malformed memop flags");
        return new WasmDecodeException(malformed.Offset, malformed.Reason)
        {
            Wasm20Error = new WasmValidationException("alignment must not be larger than natural", offset: malformed.Offset),
        };
    }

    /// <summary>
    /// Multiple memories' memarg: bit 6 of the alignment says a memory index follows (then the
    /// offset). In 2.0 the alignment is then at least 2^64, more than any natural alignment.
    /// </summary>
    private static WasmUnsupportedFeatureException MemoryIndexInMemoryArgument(ref WasmReader reader, int start)
    {
        var offset = reader.Offset - (reader.Position - start);
        var index = reader.ReadVarU32();
        Wasm3Features.ReadU32OrWide(ref reader, "offset out of range");
        var wasm20 = new WasmValidationException("alignment must not be larger than natural", offset: offset);
        return new WasmUnsupportedFeatureException(Wasm3Features.MultiMemory, wasm20, offset) { MemoryIndex = index };
    }

    /// <summary>
    /// A block type: 0x40 (no values), one value type, or a type index encoded as a non-negative
    /// signed 33-bit integer.
    /// </summary>
    public static BlockTypeImmediate ReadBlockType(ref WasmReader reader)
    {
        var b = reader.PeekByte();
        if (b == 0x40)
        {
            reader.ReadByte();
            return new BlockTypeImmediate(-1, 0);
        }
        if (ValueTypes.IsValueType(b))
        {
            reader.ReadByte();
            return new BlockTypeImmediate(-1, b);
        }
        var start = reader.Position;
        if (b is 0x63 or 0x64 || Wasm3Features.OfAbstractHeapType(b) is not null)
        {
            // 3.0's reference types (typed references, GC, exceptions) as a block's result
            reader.ReadByte();
            string? feature;
            try
            {
                feature = Wasm3Features.OfValueType(ref reader, b);
            }
            catch (WasmDecodeException wasm30)
            {
                throw Wasm3Features.Malformed(wasm30, reader.ErrorAt(start, "malformed block type"));
            }
            if (feature is not null)
            {
                throw Wasm3Features.Unsupported(reader, start, feature, "malformed block type");
            }
            reader.Position = start;
        }
        var index = reader.ReadVarS33();
        if (index < 0)
        {
            throw reader.ErrorAt(start, "malformed block type");
        }
        return new BlockTypeImmediate(index, 0);
    }

    /// <summary>
    /// A byte reserved in 2.0, which must be zero: a memory index in 3.0 (multiple memories), so
    /// another index is <c>multi-memory</c> (the decoder makes it "unknown memory" in a module of
    /// one memory).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ReadReservedZero(ref WasmReader reader)
    {
        if (reader.ReadByte() != 0)
        {
            throw MemoryIndex(ref reader, reader.Position - 1);
        }
    }

    private static WasmException MemoryIndex(ref WasmReader reader, int start)
    {
        var wasm20 = reader.ErrorAt(start, "zero byte expected");
        reader.Position = start;
        uint index;
        try
        {
            index = reader.ReadVarU32();
        }
        catch (WasmDecodeException)
        {
            return wasm20;
        }
        // an overlong zero is memory 0 in 3.0; 2.0's error stands (no module of either suite has one)
        return index == 0 ? wasm20 : new WasmUnsupportedFeatureException(Wasm3Features.MultiMemory, wasm20, wasm20.Offset) { MemoryIndex = index };
    }
}

/// <summary>A <c>memarg</c> immediate.</summary>
/// <param name="Alignment">The alignment exponent: a hint, at most the natural alignment.</param>
/// <param name="Offset">The offset added to the address operand.</param>
internal readonly record struct MemoryArgument(uint Alignment, uint Offset);

/// <summary>A block type immediate: a type index, or else one value type, or else no values.</summary>
/// <param name="TypeIndex">The type index, or -1.</param>
/// <param name="ValueType">The single result's value type byte when <paramref name="TypeIndex"/> is -1, or 0 for no values.</param>
internal readonly record struct BlockTypeImmediate(long TypeIndex, byte ValueType);
