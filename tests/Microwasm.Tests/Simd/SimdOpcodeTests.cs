using System.Reflection;
using Microwasm.Model;
using Microwasm.Runtime;
using Microwasm.Validation;

namespace Microwasm.Tests.Simd;

public class SimdOpcodeTests
{
    [Fact]
    public void EveryKnownSubOpcodeHasANameAndASignature_AndNoOtherDoes()
    {
        var known = 0;
        for (var op = 0u; op < 0x200; op++)
        {
            var immediate = SimdImmediates.Of(op);
            var named = Enum.IsDefined(typeof(SimdOpcode), op);
            var typed = SimdSignatures.TryGet(op, out var signature);
            if (immediate == SimdImmediate.Unknown)
            {
                Assert.False(named, $"0x{op:X2} is not a SIMD opcode but has a name");
                Assert.False(typed, $"0x{op:X2} is not a SIMD opcode but has a signature");
                Assert.False(SimdSignatures.Get((SimdOpcode)op).IsDefined);
            }
            else
            {
                known++;
                Assert.True(named, $"0x{op:X2} has no name");
                Assert.True(typed, $"0x{op:X2} has no signature");
                Assert.Equal((SimdOpcode)op, signature.Opcode);
                Assert.Equal(immediate, signature.Immediate);
            }
        }
        Assert.Equal(236, known);
        Assert.Equal(236, Enum.GetValues<SimdOpcode>().Length);
    }

    [Theory]
    [InlineData(SimdOpcode.V128Load, 0x00)]
    [InlineData(SimdOpcode.V128Store, 0x0B)]
    [InlineData(SimdOpcode.V128Const, 0x0C)]
    [InlineData(SimdOpcode.I8x16Shuffle, 0x0D)]
    [InlineData(SimdOpcode.I8x16Swizzle, 0x0E)]
    [InlineData(SimdOpcode.F64x2ReplaceLane, 0x22)]
    [InlineData(SimdOpcode.V128AnyTrue, 0x53)]
    [InlineData(SimdOpcode.V128Load8Lane, 0x54)]
    [InlineData(SimdOpcode.V128Load64Zero, 0x5D)]
    [InlineData(SimdOpcode.F32x4DemoteF64x2Zero, 0x5E)]
    [InlineData(SimdOpcode.F64x2PromoteLowF32x4, 0x5F)]
    [InlineData(SimdOpcode.F64x2Trunc, 0x7A)]
    [InlineData(SimdOpcode.I16x8Q15mulrSatS, 0x82)]
    [InlineData(SimdOpcode.F64x2Nearest, 0x94)]
    [InlineData(SimdOpcode.I16x8AvgrU, 0x9B)]
    [InlineData(SimdOpcode.I32x4DotI16x8S, 0xBA)]
    [InlineData(SimdOpcode.I64x2Eq, 0xD6)]
    [InlineData(SimdOpcode.I64x2GeS, 0xDB)]
    [InlineData(SimdOpcode.F32x4Pmax, 0xEB)]
    [InlineData(SimdOpcode.I32x4TruncSatF64x2SZero, 0xFC)]
    [InlineData(SimdOpcode.F64x2ConvertLowI32x4U, 0xFF)]
    public void OpcodesAreNumberedAsInTheSpec(SimdOpcode opcode, uint expected)
    {
        Assert.Equal(expected, (uint)opcode);
    }

    [Fact]
    public void EveryInstructionWithoutMemoryOrConstHasAnOperationNamedAfterIt()
    {
        var methods = typeof(SimdOps).GetMethods(BindingFlags.Public | BindingFlags.Static).Select(m => m.Name).ToHashSet();
        var missing = Enum.GetValues<SimdOpcode>()
            .Where(op => !SimdSignatures.Get(op).IsMemoryAccess && op != SimdOpcode.V128Const)
            .Where(op => !methods.Contains(op.ToString()))
            .ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void LaneAccessorsHaveTheirTypesAndLaneCounts()
    {
        AssertSignature(SimdOpcode.I8x16ExtractLaneS, [ValueType.V128], ValueType.I32, lanes: 16);
        AssertSignature(SimdOpcode.I16x8ExtractLaneU, [ValueType.V128], ValueType.I32, lanes: 8);
        AssertSignature(SimdOpcode.I64x2ExtractLane, [ValueType.V128], ValueType.I64, lanes: 2);
        AssertSignature(SimdOpcode.F32x4ExtractLane, [ValueType.V128], ValueType.F32, lanes: 4);
        AssertSignature(SimdOpcode.F64x2ReplaceLane, [ValueType.V128, ValueType.F64], ValueType.V128, lanes: 2);
        AssertSignature(SimdOpcode.I8x16ReplaceLane, [ValueType.V128, ValueType.I32], ValueType.V128, lanes: 16);
        AssertSignature(SimdOpcode.I8x16Shuffle, [ValueType.V128, ValueType.V128], ValueType.V128, lanes: 32);
    }

    [Fact]
    public void OperatorsHaveTheirTypes()
    {
        AssertSignature(SimdOpcode.V128Const, [], ValueType.V128);
        AssertSignature(SimdOpcode.V128Bitselect, [ValueType.V128, ValueType.V128, ValueType.V128], ValueType.V128);
        AssertSignature(SimdOpcode.I64x2ShrU, [ValueType.V128, ValueType.I32], ValueType.V128);
        AssertSignature(SimdOpcode.I8x16Shl, [ValueType.V128, ValueType.I32], ValueType.V128);
        AssertSignature(SimdOpcode.I64x2Bitmask, [ValueType.V128], ValueType.I32);
        AssertSignature(SimdOpcode.V128AnyTrue, [ValueType.V128], ValueType.I32);
        AssertSignature(SimdOpcode.I64x2Splat, [ValueType.I64], ValueType.V128);
        AssertSignature(SimdOpcode.F32x4Splat, [ValueType.F32], ValueType.V128);
        AssertSignature(SimdOpcode.I8x16Splat, [ValueType.I32], ValueType.V128);
        AssertSignature(SimdOpcode.I8x16Popcnt, [ValueType.V128], ValueType.V128);
        AssertSignature(SimdOpcode.I32x4TruncSatF64x2UZero, [ValueType.V128], ValueType.V128);
        AssertSignature(SimdOpcode.I16x8ExtaddPairwiseI8x16S, [ValueType.V128], ValueType.V128);
        AssertSignature(SimdOpcode.I16x8Q15mulrSatS, [ValueType.V128, ValueType.V128], ValueType.V128);
        AssertSignature(SimdOpcode.F64x2Pmin, [ValueType.V128, ValueType.V128], ValueType.V128);
        AssertSignature(SimdOpcode.I8x16Swizzle, [ValueType.V128, ValueType.V128], ValueType.V128);
    }

    [Theory]
    [MemberData(nameof(SimdLoads.WithAccessSize), MemberType = typeof(SimdLoads))]
    public void LoadsPopAnAddressAndHaveTheirNaturalAlignment(SimdOpcode opcode, int size)
    {
        AssertSignature(opcode, [ValueType.I32], ValueType.V128);
        var signature = SimdSignatures.Get(opcode);
        Assert.Equal(size, signature.AccessSize);
        Assert.Equal(System.Numerics.BitOperations.Log2((uint)size), signature.MaxAlignmentLog2);
        Assert.Equal(SimdImmediate.MemArg, signature.Immediate);
    }

    [Theory]
    [InlineData(SimdOpcode.V128Load8Lane, 1, true)]
    [InlineData(SimdOpcode.V128Load16Lane, 2, true)]
    [InlineData(SimdOpcode.V128Load32Lane, 4, true)]
    [InlineData(SimdOpcode.V128Load64Lane, 8, true)]
    [InlineData(SimdOpcode.V128Store8Lane, 1, false)]
    [InlineData(SimdOpcode.V128Store16Lane, 2, false)]
    [InlineData(SimdOpcode.V128Store32Lane, 4, false)]
    [InlineData(SimdOpcode.V128Store64Lane, 8, false)]
    public void LaneLoadsAndStoresHaveLaneSizeAlignmentAndLaneCount(SimdOpcode opcode, int size, bool load)
    {
        AssertSignature(opcode, [ValueType.I32, ValueType.V128], load ? ValueType.V128 : null, lanes: 16 / size);
        Assert.Equal(size, SimdSignatures.Get(opcode).AccessSize);
        Assert.Equal(SimdImmediate.MemArgLane, SimdSignatures.Get(opcode).Immediate);
    }

    [Fact]
    public void StoreTakesAnAddressAndAValue()
    {
        AssertSignature(SimdOpcode.V128Store, [ValueType.I32, ValueType.V128], null);
        Assert.Equal(4, SimdSignatures.Get(SimdOpcode.V128Store).MaxAlignmentLog2);
    }

    [Fact]
    public void NonMemoryInstructionsHaveNoAlignment()
    {
        var signature = SimdSignatures.Get(SimdOpcode.I32x4Add);
        Assert.False(signature.IsMemoryAccess);
        Assert.Equal(0, signature.AccessSize);
        Assert.Equal(-1, signature.MaxAlignmentLog2);
        Assert.Equal(0, signature.LaneCount);
    }

    private static void AssertSignature(SimdOpcode opcode, ValueType[] parameters, ValueType? result, int lanes = 0)
    {
        var signature = SimdSignatures.Get(opcode);
        Assert.True(signature.IsDefined);
        Assert.Equal(parameters, Enumerable.Range(0, signature.ParameterCount).Select(signature.GetParameter).ToArray());
        Assert.Equal(result.HasValue, signature.HasResult);
        if (result.HasValue)
        {
            Assert.Equal(result.Value, signature.Result);
        }
        Assert.Equal(lanes, signature.LaneCount);
    }
}
