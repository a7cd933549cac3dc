using Microwasm.Model;

namespace Microwasm.Validation;

/// <summary>
/// The typing of one SIMD instruction: the operand types it pops, the result it pushes, and the
/// limits on its immediates (lane index, memory alignment).
/// </summary>
/// <remarks>
/// Operands are listed in stack order, as the spec writes instruction types: for
/// <c>[i32 v128] → []</c> the <c>v128</c> is on top and is popped first.
/// </remarks>
public readonly struct SimdSignature
{
    private readonly byte _parameterCount;
    private readonly ValueType _parameter0;
    private readonly ValueType _parameter1;
    private readonly ValueType _parameter2;
    private readonly ValueType _result;
    private readonly byte _laneCount;
    private readonly byte _accessSize;

    internal SimdSignature(
        SimdOpcode opcode,
        SimdImmediate immediate,
        ReadOnlySpan<ValueType> parameters,
        ValueType? result,
        int laneCount = 0,
        int accessSize = 0)
    {
        Opcode = opcode;
        Immediate = immediate;
        _parameterCount = (byte)parameters.Length;
        _parameter0 = parameters.Length > 0 ? parameters[0] : default;
        _parameter1 = parameters.Length > 1 ? parameters[1] : default;
        _parameter2 = parameters.Length > 2 ? parameters[2] : default;
        HasResult = result.HasValue;
        _result = result.GetValueOrDefault();
        _laneCount = (byte)laneCount;
        _accessSize = (byte)accessSize;
    }

    /// <summary>The instruction this describes.</summary>
    public SimdOpcode Opcode { get; }

    /// <summary>False for the <c>default</c> value, which <see cref="SimdSignatures"/> returns for a number that is not a SIMD opcode.</summary>
    public bool IsDefined => Immediate != SimdImmediate.Unknown;

    /// <summary>What follows the sub-opcode in the binary.</summary>
    public SimdImmediate Immediate { get; }

    /// <summary>How many operands the instruction pops (0 to 3).</summary>
    public int ParameterCount => _parameterCount;

    /// <summary>The type of operand <paramref name="index"/>, counted from the bottom of the stack.</summary>
    public ValueType GetParameter(int index) => index switch
    {
        0 when _parameterCount > 0 => _parameter0,
        1 when _parameterCount > 1 => _parameter1,
        2 when _parameterCount > 2 => _parameter2,
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    /// <summary>True when the instruction pushes one value (every SIMD instruction pushes at most one).</summary>
    public bool HasResult { get; }

    /// <summary>The type pushed; meaningful only when <see cref="HasResult"/>.</summary>
    public ValueType Result => _result;

    /// <summary>
    /// For an instruction with a lane immediate, the number of lanes: each lane immediate must be
    /// less than this. For <c>i8x16.shuffle</c> it is 32, as each of its 16 lane bytes selects from
    /// the 32 lanes of both operands. Zero when there is no lane immediate.
    /// </summary>
    public int LaneCount => _laneCount;

    /// <summary>For a memory instruction, the number of bytes it reads or writes; zero otherwise.</summary>
    public int AccessSize => _accessSize;

    /// <summary>
    /// For a memory instruction, the largest alignment exponent its memarg may carry
    /// (log2 of the natural alignment, <see cref="AccessSize"/>); -1 otherwise.
    /// </summary>
    public int MaxAlignmentLog2 => _accessSize == 0 ? -1 : System.Numerics.BitOperations.Log2(_accessSize);

    /// <summary>True for the instructions that carry a memarg.</summary>
    public bool IsMemoryAccess => _accessSize != 0;
}

/// <summary>The typing of every WebAssembly 2.0 SIMD instruction, as data for the validator and the engines.</summary>
public static class SimdSignatures
{
    private static readonly SimdSignature[] s_table = Build();

    /// <summary>The typing of <paramref name="opcode"/>; a value whose <see cref="SimdSignature.IsDefined"/> is false when it is not a SIMD opcode.</summary>
    public static SimdSignature Get(SimdOpcode opcode)
    {
        var table = s_table;
        return (uint)opcode < (uint)table.Length ? table[(int)opcode] : default;
    }

    /// <summary>Looks up a raw sub-opcode as read from the binary.</summary>
    public static bool TryGet(uint subOpcode, out SimdSignature signature)
    {
        signature = Get((SimdOpcode)subOpcode);
        return signature.IsDefined;
    }

    private static SimdSignature[] Build()
    {
        var table = new SimdSignature[256];
        for (var op = 0u; op < 256; op++)
        {
            if (SimdImmediates.Of(op) != SimdImmediate.Unknown)
            {
                table[op] = Describe((SimdOpcode)op);
            }
        }
        return table;
    }

    private static SimdSignature Describe(SimdOpcode op)
    {
        const ValueType I32 = ValueType.I32;
        const ValueType I64 = ValueType.I64;
        const ValueType F32 = ValueType.F32;
        const ValueType F64 = ValueType.F64;
        const ValueType V128 = ValueType.V128;

        switch (op)
        {
            case SimdOpcode.V128Load:
                return Load(op, 16);
            case >= SimdOpcode.V128Load8x8S and <= SimdOpcode.V128Load32x2U:
                return Load(op, 8);
            case SimdOpcode.V128Load8Splat:
                return Load(op, 1);
            case SimdOpcode.V128Load16Splat:
                return Load(op, 2);
            case SimdOpcode.V128Load32Splat:
            case SimdOpcode.V128Load32Zero:
                return Load(op, 4);
            case SimdOpcode.V128Load64Splat:
            case SimdOpcode.V128Load64Zero:
                return Load(op, 8);
            case SimdOpcode.V128Store:
                return new(op, SimdImmediate.MemArg, [I32, V128], null, accessSize: 16);

            case >= SimdOpcode.V128Load8Lane and <= SimdOpcode.V128Load64Lane:
            {
                var size = 1 << (int)(op - SimdOpcode.V128Load8Lane);
                return new(op, SimdImmediate.MemArgLane, [I32, V128], V128, laneCount: 16 / size, accessSize: size);
            }
            case >= SimdOpcode.V128Store8Lane and <= SimdOpcode.V128Store64Lane:
            {
                var size = 1 << (int)(op - SimdOpcode.V128Store8Lane);
                return new(op, SimdImmediate.MemArgLane, [I32, V128], null, laneCount: 16 / size, accessSize: size);
            }

            case SimdOpcode.V128Const:
                return new(op, SimdImmediate.Bytes16, [], V128);
            case SimdOpcode.I8x16Shuffle:
                return new(op, SimdImmediate.Bytes16, [V128, V128], V128, laneCount: 32);

            case SimdOpcode.I8x16Splat:
            case SimdOpcode.I16x8Splat:
            case SimdOpcode.I32x4Splat:
                return new(op, SimdImmediate.None, [I32], V128);
            case SimdOpcode.I64x2Splat:
                return new(op, SimdImmediate.None, [I64], V128);
            case SimdOpcode.F32x4Splat:
                return new(op, SimdImmediate.None, [F32], V128);
            case SimdOpcode.F64x2Splat:
                return new(op, SimdImmediate.None, [F64], V128);

            case SimdOpcode.I8x16ExtractLaneS:
            case SimdOpcode.I8x16ExtractLaneU:
                return ExtractLane(op, I32, 16);
            case SimdOpcode.I16x8ExtractLaneS:
            case SimdOpcode.I16x8ExtractLaneU:
                return ExtractLane(op, I32, 8);
            case SimdOpcode.I32x4ExtractLane:
                return ExtractLane(op, I32, 4);
            case SimdOpcode.I64x2ExtractLane:
                return ExtractLane(op, I64, 2);
            case SimdOpcode.F32x4ExtractLane:
                return ExtractLane(op, F32, 4);
            case SimdOpcode.F64x2ExtractLane:
                return ExtractLane(op, F64, 2);
            case SimdOpcode.I8x16ReplaceLane:
                return ReplaceLane(op, I32, 16);
            case SimdOpcode.I16x8ReplaceLane:
                return ReplaceLane(op, I32, 8);
            case SimdOpcode.I32x4ReplaceLane:
                return ReplaceLane(op, I32, 4);
            case SimdOpcode.I64x2ReplaceLane:
                return ReplaceLane(op, I64, 2);
            case SimdOpcode.F32x4ReplaceLane:
                return ReplaceLane(op, F32, 4);
            case SimdOpcode.F64x2ReplaceLane:
                return ReplaceLane(op, F64, 2);

            case SimdOpcode.V128Bitselect:
                return new(op, SimdImmediate.None, [V128, V128, V128], V128);

            // vtestop and bitmask: [v128] → [i32]
            case SimdOpcode.V128AnyTrue:
            case SimdOpcode.I8x16AllTrue:
            case SimdOpcode.I8x16Bitmask:
            case SimdOpcode.I16x8AllTrue:
            case SimdOpcode.I16x8Bitmask:
            case SimdOpcode.I32x4AllTrue:
            case SimdOpcode.I32x4Bitmask:
            case SimdOpcode.I64x2AllTrue:
            case SimdOpcode.I64x2Bitmask:
                return new(op, SimdImmediate.None, [V128], I32);

            // vshiftop: [v128 i32] → [v128]
            case >= SimdOpcode.I8x16Shl and <= SimdOpcode.I8x16ShrU:
            case >= SimdOpcode.I16x8Shl and <= SimdOpcode.I16x8ShrU:
            case >= SimdOpcode.I32x4Shl and <= SimdOpcode.I32x4ShrU:
            case >= SimdOpcode.I64x2Shl and <= SimdOpcode.I64x2ShrU:
                return new(op, SimdImmediate.None, [V128, I32], V128);

            // vunop, and the conversions, which are all [v128] → [v128]
            case SimdOpcode.V128Not:
            case SimdOpcode.F32x4DemoteF64x2Zero:
            case SimdOpcode.F64x2PromoteLowF32x4:
            case SimdOpcode.I8x16Abs:
            case SimdOpcode.I8x16Neg:
            case SimdOpcode.I8x16Popcnt:
            case >= SimdOpcode.F32x4Ceil and <= SimdOpcode.F32x4Nearest:
            case SimdOpcode.F64x2Ceil:
            case SimdOpcode.F64x2Floor:
            case SimdOpcode.F64x2Trunc:
            case SimdOpcode.F64x2Nearest:
            case >= SimdOpcode.I16x8ExtaddPairwiseI8x16S and <= SimdOpcode.I32x4ExtaddPairwiseI16x8U:
            case SimdOpcode.I16x8Abs:
            case SimdOpcode.I16x8Neg:
            case >= SimdOpcode.I16x8ExtendLowI8x16S and <= SimdOpcode.I16x8ExtendHighI8x16U:
            case SimdOpcode.I32x4Abs:
            case SimdOpcode.I32x4Neg:
            case >= SimdOpcode.I32x4ExtendLowI16x8S and <= SimdOpcode.I32x4ExtendHighI16x8U:
            case SimdOpcode.I64x2Abs:
            case SimdOpcode.I64x2Neg:
            case >= SimdOpcode.I64x2ExtendLowI32x4S and <= SimdOpcode.I64x2ExtendHighI32x4U:
            case SimdOpcode.F32x4Abs:
            case SimdOpcode.F32x4Neg:
            case SimdOpcode.F32x4Sqrt:
            case SimdOpcode.F64x2Abs:
            case SimdOpcode.F64x2Neg:
            case SimdOpcode.F64x2Sqrt:
            case >= SimdOpcode.I32x4TruncSatF32x4S and <= SimdOpcode.F64x2ConvertLowI32x4U:
                return new(op, SimdImmediate.None, [V128], V128);

            default:
                // Everything left is a binary operator [v128 v128] → [v128]: swizzle, the
                // comparisons, the bitwise operators, arithmetic, narrow, extmul, dot, q15mulr.
                return new(op, SimdImmediate.None, [V128, V128], V128);
        }

        static SimdSignature Load(SimdOpcode op, int size) =>
            new(op, SimdImmediate.MemArg, [ValueType.I32], ValueType.V128, accessSize: size);

        static SimdSignature ExtractLane(SimdOpcode op, ValueType result, int lanes) =>
            new(op, SimdImmediate.Lane, [ValueType.V128], result, laneCount: lanes);

        static SimdSignature ReplaceLane(SimdOpcode op, ValueType lane, int lanes) =>
            new(op, SimdImmediate.Lane, [ValueType.V128, lane], ValueType.V128, laneCount: lanes);
    }
}
