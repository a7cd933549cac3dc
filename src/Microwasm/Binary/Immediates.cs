using System.Runtime.CompilerServices;
using Microwasm.Model;

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
        var alignment = reader.ReadVarU32();
        return new MemoryArgument(alignment, reader.ReadVarU32());
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
        var index = reader.ReadVarS33();
        if (index < 0)
        {
            throw reader.ErrorAt(start, "malformed block type");
        }
        return new BlockTypeImmediate(index, 0);
    }

    /// <summary>A byte reserved in 2.0 (a memory index in later proposals), which must be zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ReadReservedZero(ref WasmReader reader)
    {
        if (reader.ReadByte() != 0)
        {
            throw reader.ErrorAt(reader.Position - 1, "zero byte expected");
        }
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
