using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Microwasm.Model;
using Microwasm.Runtime;
using V128 = System.Runtime.Intrinsics.Vector128<byte>;

namespace Microwasm.Interpreter;

/// <summary>
/// The execution of <see cref="Op.Simd"/>: one small method per SIMD instruction, called through
/// <see cref="Table"/> by its SIMD opcode. Operands: (d, SIMD opcode, ...), the rest as
/// <c>Translator.Simd</c> lays them out: loads (address, offset), stores (address, offset, value),
/// lane loads and stores (address, offset, vector, lane), extract_lane (a, lane), replace_lane
/// (a, b, lane), v128.const (4 words), shuffle (a, b, 4 words), the others (a[, b[, c]]).
/// Each handler returns the next instruction.
/// </summary>
/// <remarks>
/// One op in the main loop and a table of handlers rather than 236 ops: the main switch stays as
/// it is, and a SIMD instruction does enough work that one indirect call is cheap next to it. A
/// single method with a switch over all 236 was measured first: its frame held hundreds of
/// vector temporaries, and zeroing them (then, without zeroing, saving and probing the frame) on
/// every call made SIMD code slower than the same C compiled without SIMD. Small handlers have
/// small frames. Every operand is read before the destination is written, since the destination
/// may be an operand's slot.
/// </remarks>
[SkipLocalsInit]
internal static unsafe class SimdHandlers
{
    /// <summary>The handler of each SIMD opcode (null for numbers that are not one; the validator rejects them).</summary>
    public static readonly delegate*<int*, ulong*, byte*, ulong, int*>[] Table = CreateTable();

    private static delegate*<int*, ulong*, byte*, ulong, int*>[] CreateTable()
    {
        var table = new delegate*<int*, ulong*, byte*, ulong, int*>[256];
        table[(int)SimdOpcode.V128Load] = &V128Load;
        table[(int)SimdOpcode.V128Load8x8S] = &V128Load8x8S;
        table[(int)SimdOpcode.V128Load8x8U] = &V128Load8x8U;
        table[(int)SimdOpcode.V128Load16x4S] = &V128Load16x4S;
        table[(int)SimdOpcode.V128Load16x4U] = &V128Load16x4U;
        table[(int)SimdOpcode.V128Load32x2S] = &V128Load32x2S;
        table[(int)SimdOpcode.V128Load32x2U] = &V128Load32x2U;
        table[(int)SimdOpcode.V128Load8Splat] = &V128Load8Splat;
        table[(int)SimdOpcode.V128Load16Splat] = &V128Load16Splat;
        table[(int)SimdOpcode.V128Load32Splat] = &V128Load32Splat;
        table[(int)SimdOpcode.V128Load64Splat] = &V128Load64Splat;
        table[(int)SimdOpcode.V128Store] = &V128Store;
        table[(int)SimdOpcode.V128Const] = &V128Const;
        table[(int)SimdOpcode.I8x16Shuffle] = &I8x16Shuffle;
        table[(int)SimdOpcode.I8x16Swizzle] = &I8x16Swizzle;
        table[(int)SimdOpcode.I8x16Splat] = &I8x16Splat;
        table[(int)SimdOpcode.I16x8Splat] = &I16x8Splat;
        table[(int)SimdOpcode.I32x4Splat] = &I32x4Splat;
        table[(int)SimdOpcode.I64x2Splat] = &I64x2Splat;
        table[(int)SimdOpcode.F32x4Splat] = &F32x4Splat;
        table[(int)SimdOpcode.F64x2Splat] = &F64x2Splat;
        table[(int)SimdOpcode.I8x16ExtractLaneS] = &I8x16ExtractLaneS;
        table[(int)SimdOpcode.I8x16ExtractLaneU] = &I8x16ExtractLaneU;
        table[(int)SimdOpcode.I8x16ReplaceLane] = &I8x16ReplaceLane;
        table[(int)SimdOpcode.I16x8ExtractLaneS] = &I16x8ExtractLaneS;
        table[(int)SimdOpcode.I16x8ExtractLaneU] = &I16x8ExtractLaneU;
        table[(int)SimdOpcode.I16x8ReplaceLane] = &I16x8ReplaceLane;
        table[(int)SimdOpcode.I32x4ExtractLane] = &I32x4ExtractLane;
        table[(int)SimdOpcode.I32x4ReplaceLane] = &I32x4ReplaceLane;
        table[(int)SimdOpcode.I64x2ExtractLane] = &I64x2ExtractLane;
        table[(int)SimdOpcode.I64x2ReplaceLane] = &I64x2ReplaceLane;
        table[(int)SimdOpcode.F32x4ExtractLane] = &F32x4ExtractLane;
        table[(int)SimdOpcode.F32x4ReplaceLane] = &F32x4ReplaceLane;
        table[(int)SimdOpcode.F64x2ExtractLane] = &F64x2ExtractLane;
        table[(int)SimdOpcode.F64x2ReplaceLane] = &F64x2ReplaceLane;
        table[(int)SimdOpcode.I8x16Eq] = &I8x16Eq;
        table[(int)SimdOpcode.I8x16Ne] = &I8x16Ne;
        table[(int)SimdOpcode.I8x16LtS] = &I8x16LtS;
        table[(int)SimdOpcode.I8x16LtU] = &I8x16LtU;
        table[(int)SimdOpcode.I8x16GtS] = &I8x16GtS;
        table[(int)SimdOpcode.I8x16GtU] = &I8x16GtU;
        table[(int)SimdOpcode.I8x16LeS] = &I8x16LeS;
        table[(int)SimdOpcode.I8x16LeU] = &I8x16LeU;
        table[(int)SimdOpcode.I8x16GeS] = &I8x16GeS;
        table[(int)SimdOpcode.I8x16GeU] = &I8x16GeU;
        table[(int)SimdOpcode.I16x8Eq] = &I16x8Eq;
        table[(int)SimdOpcode.I16x8Ne] = &I16x8Ne;
        table[(int)SimdOpcode.I16x8LtS] = &I16x8LtS;
        table[(int)SimdOpcode.I16x8LtU] = &I16x8LtU;
        table[(int)SimdOpcode.I16x8GtS] = &I16x8GtS;
        table[(int)SimdOpcode.I16x8GtU] = &I16x8GtU;
        table[(int)SimdOpcode.I16x8LeS] = &I16x8LeS;
        table[(int)SimdOpcode.I16x8LeU] = &I16x8LeU;
        table[(int)SimdOpcode.I16x8GeS] = &I16x8GeS;
        table[(int)SimdOpcode.I16x8GeU] = &I16x8GeU;
        table[(int)SimdOpcode.I32x4Eq] = &I32x4Eq;
        table[(int)SimdOpcode.I32x4Ne] = &I32x4Ne;
        table[(int)SimdOpcode.I32x4LtS] = &I32x4LtS;
        table[(int)SimdOpcode.I32x4LtU] = &I32x4LtU;
        table[(int)SimdOpcode.I32x4GtS] = &I32x4GtS;
        table[(int)SimdOpcode.I32x4GtU] = &I32x4GtU;
        table[(int)SimdOpcode.I32x4LeS] = &I32x4LeS;
        table[(int)SimdOpcode.I32x4LeU] = &I32x4LeU;
        table[(int)SimdOpcode.I32x4GeS] = &I32x4GeS;
        table[(int)SimdOpcode.I32x4GeU] = &I32x4GeU;
        table[(int)SimdOpcode.F32x4Eq] = &F32x4Eq;
        table[(int)SimdOpcode.F32x4Ne] = &F32x4Ne;
        table[(int)SimdOpcode.F32x4Lt] = &F32x4Lt;
        table[(int)SimdOpcode.F32x4Gt] = &F32x4Gt;
        table[(int)SimdOpcode.F32x4Le] = &F32x4Le;
        table[(int)SimdOpcode.F32x4Ge] = &F32x4Ge;
        table[(int)SimdOpcode.F64x2Eq] = &F64x2Eq;
        table[(int)SimdOpcode.F64x2Ne] = &F64x2Ne;
        table[(int)SimdOpcode.F64x2Lt] = &F64x2Lt;
        table[(int)SimdOpcode.F64x2Gt] = &F64x2Gt;
        table[(int)SimdOpcode.F64x2Le] = &F64x2Le;
        table[(int)SimdOpcode.F64x2Ge] = &F64x2Ge;
        table[(int)SimdOpcode.V128Not] = &V128Not;
        table[(int)SimdOpcode.V128And] = &V128And;
        table[(int)SimdOpcode.V128Andnot] = &V128Andnot;
        table[(int)SimdOpcode.V128Or] = &V128Or;
        table[(int)SimdOpcode.V128Xor] = &V128Xor;
        table[(int)SimdOpcode.V128Bitselect] = &V128Bitselect;
        table[(int)SimdOpcode.V128AnyTrue] = &V128AnyTrue;
        table[(int)SimdOpcode.V128Load8Lane] = &V128Load8Lane;
        table[(int)SimdOpcode.V128Load16Lane] = &V128Load16Lane;
        table[(int)SimdOpcode.V128Load32Lane] = &V128Load32Lane;
        table[(int)SimdOpcode.V128Load64Lane] = &V128Load64Lane;
        table[(int)SimdOpcode.V128Store8Lane] = &V128Store8Lane;
        table[(int)SimdOpcode.V128Store16Lane] = &V128Store16Lane;
        table[(int)SimdOpcode.V128Store32Lane] = &V128Store32Lane;
        table[(int)SimdOpcode.V128Store64Lane] = &V128Store64Lane;
        table[(int)SimdOpcode.V128Load32Zero] = &V128Load32Zero;
        table[(int)SimdOpcode.V128Load64Zero] = &V128Load64Zero;
        table[(int)SimdOpcode.F32x4DemoteF64x2Zero] = &F32x4DemoteF64x2Zero;
        table[(int)SimdOpcode.F64x2PromoteLowF32x4] = &F64x2PromoteLowF32x4;
        table[(int)SimdOpcode.I8x16Abs] = &I8x16Abs;
        table[(int)SimdOpcode.I8x16Neg] = &I8x16Neg;
        table[(int)SimdOpcode.I8x16Popcnt] = &I8x16Popcnt;
        table[(int)SimdOpcode.I8x16AllTrue] = &I8x16AllTrue;
        table[(int)SimdOpcode.I8x16Bitmask] = &I8x16Bitmask;
        table[(int)SimdOpcode.I8x16NarrowI16x8S] = &I8x16NarrowI16x8S;
        table[(int)SimdOpcode.I8x16NarrowI16x8U] = &I8x16NarrowI16x8U;
        table[(int)SimdOpcode.F32x4Ceil] = &F32x4Ceil;
        table[(int)SimdOpcode.F32x4Floor] = &F32x4Floor;
        table[(int)SimdOpcode.F32x4Trunc] = &F32x4Trunc;
        table[(int)SimdOpcode.F32x4Nearest] = &F32x4Nearest;
        table[(int)SimdOpcode.I8x16Shl] = &I8x16Shl;
        table[(int)SimdOpcode.I8x16ShrS] = &I8x16ShrS;
        table[(int)SimdOpcode.I8x16ShrU] = &I8x16ShrU;
        table[(int)SimdOpcode.I8x16Add] = &I8x16Add;
        table[(int)SimdOpcode.I8x16AddSatS] = &I8x16AddSatS;
        table[(int)SimdOpcode.I8x16AddSatU] = &I8x16AddSatU;
        table[(int)SimdOpcode.I8x16Sub] = &I8x16Sub;
        table[(int)SimdOpcode.I8x16SubSatS] = &I8x16SubSatS;
        table[(int)SimdOpcode.I8x16SubSatU] = &I8x16SubSatU;
        table[(int)SimdOpcode.F64x2Ceil] = &F64x2Ceil;
        table[(int)SimdOpcode.F64x2Floor] = &F64x2Floor;
        table[(int)SimdOpcode.I8x16MinS] = &I8x16MinS;
        table[(int)SimdOpcode.I8x16MinU] = &I8x16MinU;
        table[(int)SimdOpcode.I8x16MaxS] = &I8x16MaxS;
        table[(int)SimdOpcode.I8x16MaxU] = &I8x16MaxU;
        table[(int)SimdOpcode.F64x2Trunc] = &F64x2Trunc;
        table[(int)SimdOpcode.I8x16AvgrU] = &I8x16AvgrU;
        table[(int)SimdOpcode.I16x8ExtaddPairwiseI8x16S] = &I16x8ExtaddPairwiseI8x16S;
        table[(int)SimdOpcode.I16x8ExtaddPairwiseI8x16U] = &I16x8ExtaddPairwiseI8x16U;
        table[(int)SimdOpcode.I32x4ExtaddPairwiseI16x8S] = &I32x4ExtaddPairwiseI16x8S;
        table[(int)SimdOpcode.I32x4ExtaddPairwiseI16x8U] = &I32x4ExtaddPairwiseI16x8U;
        table[(int)SimdOpcode.I16x8Abs] = &I16x8Abs;
        table[(int)SimdOpcode.I16x8Neg] = &I16x8Neg;
        table[(int)SimdOpcode.I16x8Q15mulrSatS] = &I16x8Q15mulrSatS;
        table[(int)SimdOpcode.I16x8AllTrue] = &I16x8AllTrue;
        table[(int)SimdOpcode.I16x8Bitmask] = &I16x8Bitmask;
        table[(int)SimdOpcode.I16x8NarrowI32x4S] = &I16x8NarrowI32x4S;
        table[(int)SimdOpcode.I16x8NarrowI32x4U] = &I16x8NarrowI32x4U;
        table[(int)SimdOpcode.I16x8ExtendLowI8x16S] = &I16x8ExtendLowI8x16S;
        table[(int)SimdOpcode.I16x8ExtendHighI8x16S] = &I16x8ExtendHighI8x16S;
        table[(int)SimdOpcode.I16x8ExtendLowI8x16U] = &I16x8ExtendLowI8x16U;
        table[(int)SimdOpcode.I16x8ExtendHighI8x16U] = &I16x8ExtendHighI8x16U;
        table[(int)SimdOpcode.I16x8Shl] = &I16x8Shl;
        table[(int)SimdOpcode.I16x8ShrS] = &I16x8ShrS;
        table[(int)SimdOpcode.I16x8ShrU] = &I16x8ShrU;
        table[(int)SimdOpcode.I16x8Add] = &I16x8Add;
        table[(int)SimdOpcode.I16x8AddSatS] = &I16x8AddSatS;
        table[(int)SimdOpcode.I16x8AddSatU] = &I16x8AddSatU;
        table[(int)SimdOpcode.I16x8Sub] = &I16x8Sub;
        table[(int)SimdOpcode.I16x8SubSatS] = &I16x8SubSatS;
        table[(int)SimdOpcode.I16x8SubSatU] = &I16x8SubSatU;
        table[(int)SimdOpcode.F64x2Nearest] = &F64x2Nearest;
        table[(int)SimdOpcode.I16x8Mul] = &I16x8Mul;
        table[(int)SimdOpcode.I16x8MinS] = &I16x8MinS;
        table[(int)SimdOpcode.I16x8MinU] = &I16x8MinU;
        table[(int)SimdOpcode.I16x8MaxS] = &I16x8MaxS;
        table[(int)SimdOpcode.I16x8MaxU] = &I16x8MaxU;
        table[(int)SimdOpcode.I16x8AvgrU] = &I16x8AvgrU;
        table[(int)SimdOpcode.I16x8ExtmulLowI8x16S] = &I16x8ExtmulLowI8x16S;
        table[(int)SimdOpcode.I16x8ExtmulHighI8x16S] = &I16x8ExtmulHighI8x16S;
        table[(int)SimdOpcode.I16x8ExtmulLowI8x16U] = &I16x8ExtmulLowI8x16U;
        table[(int)SimdOpcode.I16x8ExtmulHighI8x16U] = &I16x8ExtmulHighI8x16U;
        table[(int)SimdOpcode.I32x4Abs] = &I32x4Abs;
        table[(int)SimdOpcode.I32x4Neg] = &I32x4Neg;
        table[(int)SimdOpcode.I32x4AllTrue] = &I32x4AllTrue;
        table[(int)SimdOpcode.I32x4Bitmask] = &I32x4Bitmask;
        table[(int)SimdOpcode.I32x4ExtendLowI16x8S] = &I32x4ExtendLowI16x8S;
        table[(int)SimdOpcode.I32x4ExtendHighI16x8S] = &I32x4ExtendHighI16x8S;
        table[(int)SimdOpcode.I32x4ExtendLowI16x8U] = &I32x4ExtendLowI16x8U;
        table[(int)SimdOpcode.I32x4ExtendHighI16x8U] = &I32x4ExtendHighI16x8U;
        table[(int)SimdOpcode.I32x4Shl] = &I32x4Shl;
        table[(int)SimdOpcode.I32x4ShrS] = &I32x4ShrS;
        table[(int)SimdOpcode.I32x4ShrU] = &I32x4ShrU;
        table[(int)SimdOpcode.I32x4Add] = &I32x4Add;
        table[(int)SimdOpcode.I32x4Sub] = &I32x4Sub;
        table[(int)SimdOpcode.I32x4Mul] = &I32x4Mul;
        table[(int)SimdOpcode.I32x4MinS] = &I32x4MinS;
        table[(int)SimdOpcode.I32x4MinU] = &I32x4MinU;
        table[(int)SimdOpcode.I32x4MaxS] = &I32x4MaxS;
        table[(int)SimdOpcode.I32x4MaxU] = &I32x4MaxU;
        table[(int)SimdOpcode.I32x4DotI16x8S] = &I32x4DotI16x8S;
        table[(int)SimdOpcode.I32x4ExtmulLowI16x8S] = &I32x4ExtmulLowI16x8S;
        table[(int)SimdOpcode.I32x4ExtmulHighI16x8S] = &I32x4ExtmulHighI16x8S;
        table[(int)SimdOpcode.I32x4ExtmulLowI16x8U] = &I32x4ExtmulLowI16x8U;
        table[(int)SimdOpcode.I32x4ExtmulHighI16x8U] = &I32x4ExtmulHighI16x8U;
        table[(int)SimdOpcode.I64x2Abs] = &I64x2Abs;
        table[(int)SimdOpcode.I64x2Neg] = &I64x2Neg;
        table[(int)SimdOpcode.I64x2AllTrue] = &I64x2AllTrue;
        table[(int)SimdOpcode.I64x2Bitmask] = &I64x2Bitmask;
        table[(int)SimdOpcode.I64x2ExtendLowI32x4S] = &I64x2ExtendLowI32x4S;
        table[(int)SimdOpcode.I64x2ExtendHighI32x4S] = &I64x2ExtendHighI32x4S;
        table[(int)SimdOpcode.I64x2ExtendLowI32x4U] = &I64x2ExtendLowI32x4U;
        table[(int)SimdOpcode.I64x2ExtendHighI32x4U] = &I64x2ExtendHighI32x4U;
        table[(int)SimdOpcode.I64x2Shl] = &I64x2Shl;
        table[(int)SimdOpcode.I64x2ShrS] = &I64x2ShrS;
        table[(int)SimdOpcode.I64x2ShrU] = &I64x2ShrU;
        table[(int)SimdOpcode.I64x2Add] = &I64x2Add;
        table[(int)SimdOpcode.I64x2Sub] = &I64x2Sub;
        table[(int)SimdOpcode.I64x2Mul] = &I64x2Mul;
        table[(int)SimdOpcode.I64x2Eq] = &I64x2Eq;
        table[(int)SimdOpcode.I64x2Ne] = &I64x2Ne;
        table[(int)SimdOpcode.I64x2LtS] = &I64x2LtS;
        table[(int)SimdOpcode.I64x2GtS] = &I64x2GtS;
        table[(int)SimdOpcode.I64x2LeS] = &I64x2LeS;
        table[(int)SimdOpcode.I64x2GeS] = &I64x2GeS;
        table[(int)SimdOpcode.I64x2ExtmulLowI32x4S] = &I64x2ExtmulLowI32x4S;
        table[(int)SimdOpcode.I64x2ExtmulHighI32x4S] = &I64x2ExtmulHighI32x4S;
        table[(int)SimdOpcode.I64x2ExtmulLowI32x4U] = &I64x2ExtmulLowI32x4U;
        table[(int)SimdOpcode.I64x2ExtmulHighI32x4U] = &I64x2ExtmulHighI32x4U;
        table[(int)SimdOpcode.F32x4Abs] = &F32x4Abs;
        table[(int)SimdOpcode.F32x4Neg] = &F32x4Neg;
        table[(int)SimdOpcode.F32x4Sqrt] = &F32x4Sqrt;
        table[(int)SimdOpcode.F32x4Add] = &F32x4Add;
        table[(int)SimdOpcode.F32x4Sub] = &F32x4Sub;
        table[(int)SimdOpcode.F32x4Mul] = &F32x4Mul;
        table[(int)SimdOpcode.F32x4Div] = &F32x4Div;
        table[(int)SimdOpcode.F32x4Min] = &F32x4Min;
        table[(int)SimdOpcode.F32x4Max] = &F32x4Max;
        table[(int)SimdOpcode.F32x4Pmin] = &F32x4Pmin;
        table[(int)SimdOpcode.F32x4Pmax] = &F32x4Pmax;
        table[(int)SimdOpcode.F64x2Abs] = &F64x2Abs;
        table[(int)SimdOpcode.F64x2Neg] = &F64x2Neg;
        table[(int)SimdOpcode.F64x2Sqrt] = &F64x2Sqrt;
        table[(int)SimdOpcode.F64x2Add] = &F64x2Add;
        table[(int)SimdOpcode.F64x2Sub] = &F64x2Sub;
        table[(int)SimdOpcode.F64x2Mul] = &F64x2Mul;
        table[(int)SimdOpcode.F64x2Div] = &F64x2Div;
        table[(int)SimdOpcode.F64x2Min] = &F64x2Min;
        table[(int)SimdOpcode.F64x2Max] = &F64x2Max;
        table[(int)SimdOpcode.F64x2Pmin] = &F64x2Pmin;
        table[(int)SimdOpcode.F64x2Pmax] = &F64x2Pmax;
        table[(int)SimdOpcode.I32x4TruncSatF32x4S] = &I32x4TruncSatF32x4S;
        table[(int)SimdOpcode.I32x4TruncSatF32x4U] = &I32x4TruncSatF32x4U;
        table[(int)SimdOpcode.F32x4ConvertI32x4S] = &F32x4ConvertI32x4S;
        table[(int)SimdOpcode.F32x4ConvertI32x4U] = &F32x4ConvertI32x4U;
        table[(int)SimdOpcode.I32x4TruncSatF64x2SZero] = &I32x4TruncSatF64x2SZero;
        table[(int)SimdOpcode.I32x4TruncSatF64x2UZero] = &I32x4TruncSatF64x2UZero;
        table[(int)SimdOpcode.F64x2ConvertLowI32x4S] = &F64x2ConvertLowI32x4S;
        table[(int)SimdOpcode.F64x2ConvertLowI32x4U] = &F64x2ConvertLowI32x4U;
        return table;
    }

    /// <summary>The effective address of a memory access (address slot at ip[3], offset at ip[4]), bounds-checked.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte* Address(ulong* fp, int* ip, int size, byte* memoryBase, ulong memoryLength)
    {
        var address = (ulong)(uint)fp[ip[3]] + (uint)ip[4];
        if (address + (uint)size > memoryLength)
        {
            OutOfBounds();
        }
        return memoryBase + address;
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void OutOfBounds() => throw new WasmTrap(TrapKind.OutOfBoundsMemoryAccess);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* V128Load(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], Unsafe.ReadUnaligned<V128>(Address(fp, ip, 16, memoryBase, memoryLength)));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* V128Load8x8S(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.V128Load8x8S(Unsafe.ReadUnaligned<ulong>(Address(fp, ip, 8, memoryBase, memoryLength))));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* V128Load8x8U(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.V128Load8x8U(Unsafe.ReadUnaligned<ulong>(Address(fp, ip, 8, memoryBase, memoryLength))));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* V128Load16x4S(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.V128Load16x4S(Unsafe.ReadUnaligned<ulong>(Address(fp, ip, 8, memoryBase, memoryLength))));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* V128Load16x4U(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.V128Load16x4U(Unsafe.ReadUnaligned<ulong>(Address(fp, ip, 8, memoryBase, memoryLength))));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* V128Load32x2S(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.V128Load32x2S(Unsafe.ReadUnaligned<ulong>(Address(fp, ip, 8, memoryBase, memoryLength))));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* V128Load32x2U(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.V128Load32x2U(Unsafe.ReadUnaligned<ulong>(Address(fp, ip, 8, memoryBase, memoryLength))));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* V128Load8Splat(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I8x16Splat(Unsafe.ReadUnaligned<byte>(Address(fp, ip, 1, memoryBase, memoryLength))));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* V128Load16Splat(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I16x8Splat(Unsafe.ReadUnaligned<ushort>(Address(fp, ip, 2, memoryBase, memoryLength))));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* V128Load32Splat(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I32x4Splat(Unsafe.ReadUnaligned<int>(Address(fp, ip, 4, memoryBase, memoryLength))));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* V128Load64Splat(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I64x2Splat(Unsafe.ReadUnaligned<long>(Address(fp, ip, 8, memoryBase, memoryLength))));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* V128Store(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        Unsafe.WriteUnaligned(Address(fp, ip, 16, memoryBase, memoryLength), SimdOps.Read(fp + ip[5]));
        return ip + 6;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* V128Const(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        fp[ip[1]] = (uint)ip[3] | ((ulong)(uint)ip[4] << 32);
        fp[ip[1] + 1] = (uint)ip[5] | ((ulong)(uint)ip[6] << 32);
        return ip + 7;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I8x16Shuffle(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I8x16Shuffle(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4]), Unsafe.ReadUnaligned<V128>(ip + 5)));
        return ip + 9;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I8x16Swizzle(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I8x16Swizzle(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I8x16Splat(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I8x16Splat((int)fp[ip[3]]));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I16x8Splat(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I16x8Splat((int)fp[ip[3]]));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I32x4Splat(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I32x4Splat((int)fp[ip[3]]));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I64x2Splat(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I64x2Splat((long)fp[ip[3]]));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* F32x4Splat(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I32x4Splat((int)fp[ip[3]]));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* F64x2Splat(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I64x2Splat((long)fp[ip[3]]));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I8x16ExtractLaneS(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        fp[ip[1]] = (uint)SimdOps.I8x16ExtractLaneS(SimdOps.Read(fp + ip[3]), ip[4]);
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I8x16ExtractLaneU(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        fp[ip[1]] = (uint)SimdOps.I8x16ExtractLaneU(SimdOps.Read(fp + ip[3]), ip[4]);
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I8x16ReplaceLane(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I8x16ReplaceLane(SimdOps.Read(fp + ip[3]), ip[5], (int)fp[ip[4]]));
        return ip + 6;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I16x8ExtractLaneS(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        fp[ip[1]] = (uint)SimdOps.I16x8ExtractLaneS(SimdOps.Read(fp + ip[3]), ip[4]);
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I16x8ExtractLaneU(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        fp[ip[1]] = (uint)SimdOps.I16x8ExtractLaneU(SimdOps.Read(fp + ip[3]), ip[4]);
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I16x8ReplaceLane(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I16x8ReplaceLane(SimdOps.Read(fp + ip[3]), ip[5], (int)fp[ip[4]]));
        return ip + 6;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I32x4ExtractLane(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        fp[ip[1]] = (uint)SimdOps.I32x4ExtractLane(SimdOps.Read(fp + ip[3]), ip[4]);
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I32x4ReplaceLane(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I32x4ReplaceLane(SimdOps.Read(fp + ip[3]), ip[5], (int)fp[ip[4]]));
        return ip + 6;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I64x2ExtractLane(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        fp[ip[1]] = (ulong)SimdOps.I64x2ExtractLane(SimdOps.Read(fp + ip[3]), ip[4]);
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I64x2ReplaceLane(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I64x2ReplaceLane(SimdOps.Read(fp + ip[3]), ip[5], (long)fp[ip[4]]));
        return ip + 6;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* F32x4ExtractLane(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        fp[ip[1]] = SimdOps.F32x4ExtractLane(SimdOps.Read(fp + ip[3]), ip[4]);
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* F32x4ReplaceLane(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.F32x4ReplaceLane(SimdOps.Read(fp + ip[3]), ip[5], (uint)fp[ip[4]]));
        return ip + 6;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* F64x2ExtractLane(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        fp[ip[1]] = SimdOps.F64x2ExtractLane(SimdOps.Read(fp + ip[3]), ip[4]);
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* F64x2ReplaceLane(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.F64x2ReplaceLane(SimdOps.Read(fp + ip[3]), ip[5], fp[ip[4]]));
        return ip + 6;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I8x16Eq(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I8x16Eq(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I8x16Ne(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I8x16Ne(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I8x16LtS(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I8x16LtS(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I8x16LtU(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I8x16LtU(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I8x16GtS(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I8x16GtS(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I8x16GtU(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I8x16GtU(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I8x16LeS(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I8x16LeS(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I8x16LeU(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I8x16LeU(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I8x16GeS(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I8x16GeS(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I8x16GeU(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I8x16GeU(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I16x8Eq(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I16x8Eq(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I16x8Ne(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I16x8Ne(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I16x8LtS(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I16x8LtS(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I16x8LtU(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I16x8LtU(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I16x8GtS(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I16x8GtS(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I16x8GtU(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I16x8GtU(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I16x8LeS(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I16x8LeS(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I16x8LeU(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I16x8LeU(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I16x8GeS(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I16x8GeS(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I16x8GeU(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I16x8GeU(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I32x4Eq(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I32x4Eq(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I32x4Ne(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I32x4Ne(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I32x4LtS(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I32x4LtS(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I32x4LtU(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I32x4LtU(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I32x4GtS(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I32x4GtS(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I32x4GtU(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I32x4GtU(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I32x4LeS(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I32x4LeS(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I32x4LeU(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I32x4LeU(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I32x4GeS(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I32x4GeS(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I32x4GeU(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I32x4GeU(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* F32x4Eq(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.F32x4Eq(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* F32x4Ne(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.F32x4Ne(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* F32x4Lt(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.F32x4Lt(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* F32x4Gt(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.F32x4Gt(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* F32x4Le(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.F32x4Le(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* F32x4Ge(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.F32x4Ge(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* F64x2Eq(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.F64x2Eq(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* F64x2Ne(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.F64x2Ne(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* F64x2Lt(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.F64x2Lt(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* F64x2Gt(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.F64x2Gt(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* F64x2Le(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.F64x2Le(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* F64x2Ge(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.F64x2Ge(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* V128Not(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.V128Not(SimdOps.Read(fp + ip[3])));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* V128And(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.V128And(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* V128Andnot(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.V128Andnot(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* V128Or(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.V128Or(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* V128Xor(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.V128Xor(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* V128Bitselect(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.V128Bitselect(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4]), SimdOps.Read(fp + ip[5])));
        return ip + 6;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* V128AnyTrue(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        fp[ip[1]] = (uint)SimdOps.V128AnyTrue(SimdOps.Read(fp + ip[3]));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* V128Load8Lane(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        var value = Unsafe.ReadUnaligned<byte>(Address(fp, ip, 1, memoryBase, memoryLength));
        SimdOps.Write(fp + ip[1], SimdOps.I8x16ReplaceLane(SimdOps.Read(fp + ip[5]), ip[6], (int)value));
        return ip + 7;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* V128Load16Lane(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        var value = Unsafe.ReadUnaligned<ushort>(Address(fp, ip, 2, memoryBase, memoryLength));
        SimdOps.Write(fp + ip[1], SimdOps.I16x8ReplaceLane(SimdOps.Read(fp + ip[5]), ip[6], (int)value));
        return ip + 7;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* V128Load32Lane(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        var value = Unsafe.ReadUnaligned<uint>(Address(fp, ip, 4, memoryBase, memoryLength));
        SimdOps.Write(fp + ip[1], SimdOps.I32x4ReplaceLane(SimdOps.Read(fp + ip[5]), ip[6], (int)value));
        return ip + 7;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* V128Load64Lane(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        var value = Unsafe.ReadUnaligned<ulong>(Address(fp, ip, 8, memoryBase, memoryLength));
        SimdOps.Write(fp + ip[1], SimdOps.I64x2ReplaceLane(SimdOps.Read(fp + ip[5]), ip[6], (long)value));
        return ip + 7;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* V128Store8Lane(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        var value = (byte)SimdOps.I8x16ExtractLaneU(SimdOps.Read(fp + ip[5]), ip[6]);
        Unsafe.WriteUnaligned(Address(fp, ip, 1, memoryBase, memoryLength), value);
        return ip + 7;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* V128Store16Lane(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        var value = (ushort)SimdOps.I16x8ExtractLaneU(SimdOps.Read(fp + ip[5]), ip[6]);
        Unsafe.WriteUnaligned(Address(fp, ip, 2, memoryBase, memoryLength), value);
        return ip + 7;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* V128Store32Lane(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        var value = (uint)SimdOps.I32x4ExtractLane(SimdOps.Read(fp + ip[5]), ip[6]);
        Unsafe.WriteUnaligned(Address(fp, ip, 4, memoryBase, memoryLength), value);
        return ip + 7;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* V128Store64Lane(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        var value = (ulong)SimdOps.I64x2ExtractLane(SimdOps.Read(fp + ip[5]), ip[6]);
        Unsafe.WriteUnaligned(Address(fp, ip, 8, memoryBase, memoryLength), value);
        return ip + 7;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* V128Load32Zero(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.V128Load32Zero(Unsafe.ReadUnaligned<uint>(Address(fp, ip, 4, memoryBase, memoryLength))));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* V128Load64Zero(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.V128Load64Zero(Unsafe.ReadUnaligned<ulong>(Address(fp, ip, 8, memoryBase, memoryLength))));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* F32x4DemoteF64x2Zero(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.F32x4DemoteF64x2Zero(SimdOps.Read(fp + ip[3])));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* F64x2PromoteLowF32x4(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.F64x2PromoteLowF32x4(SimdOps.Read(fp + ip[3])));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I8x16Abs(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I8x16Abs(SimdOps.Read(fp + ip[3])));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I8x16Neg(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I8x16Neg(SimdOps.Read(fp + ip[3])));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I8x16Popcnt(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I8x16Popcnt(SimdOps.Read(fp + ip[3])));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I8x16AllTrue(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        fp[ip[1]] = (uint)SimdOps.I8x16AllTrue(SimdOps.Read(fp + ip[3]));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I8x16Bitmask(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        fp[ip[1]] = (uint)SimdOps.I8x16Bitmask(SimdOps.Read(fp + ip[3]));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I8x16NarrowI16x8S(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I8x16NarrowI16x8S(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I8x16NarrowI16x8U(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I8x16NarrowI16x8U(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* F32x4Ceil(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.F32x4Ceil(SimdOps.Read(fp + ip[3])));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* F32x4Floor(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.F32x4Floor(SimdOps.Read(fp + ip[3])));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* F32x4Trunc(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.F32x4Trunc(SimdOps.Read(fp + ip[3])));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* F32x4Nearest(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.F32x4Nearest(SimdOps.Read(fp + ip[3])));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I8x16Shl(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I8x16Shl(SimdOps.Read(fp + ip[3]), (int)fp[ip[4]]));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I8x16ShrS(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I8x16ShrS(SimdOps.Read(fp + ip[3]), (int)fp[ip[4]]));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I8x16ShrU(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I8x16ShrU(SimdOps.Read(fp + ip[3]), (int)fp[ip[4]]));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I8x16Add(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I8x16Add(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I8x16AddSatS(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I8x16AddSatS(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I8x16AddSatU(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I8x16AddSatU(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I8x16Sub(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I8x16Sub(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I8x16SubSatS(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I8x16SubSatS(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I8x16SubSatU(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I8x16SubSatU(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* F64x2Ceil(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.F64x2Ceil(SimdOps.Read(fp + ip[3])));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* F64x2Floor(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.F64x2Floor(SimdOps.Read(fp + ip[3])));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I8x16MinS(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I8x16MinS(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I8x16MinU(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I8x16MinU(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I8x16MaxS(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I8x16MaxS(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I8x16MaxU(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I8x16MaxU(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* F64x2Trunc(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.F64x2Trunc(SimdOps.Read(fp + ip[3])));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I8x16AvgrU(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I8x16AvgrU(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I16x8ExtaddPairwiseI8x16S(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I16x8ExtaddPairwiseI8x16S(SimdOps.Read(fp + ip[3])));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I16x8ExtaddPairwiseI8x16U(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I16x8ExtaddPairwiseI8x16U(SimdOps.Read(fp + ip[3])));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I32x4ExtaddPairwiseI16x8S(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I32x4ExtaddPairwiseI16x8S(SimdOps.Read(fp + ip[3])));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I32x4ExtaddPairwiseI16x8U(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I32x4ExtaddPairwiseI16x8U(SimdOps.Read(fp + ip[3])));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I16x8Abs(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I16x8Abs(SimdOps.Read(fp + ip[3])));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I16x8Neg(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I16x8Neg(SimdOps.Read(fp + ip[3])));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I16x8Q15mulrSatS(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I16x8Q15mulrSatS(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I16x8AllTrue(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        fp[ip[1]] = (uint)SimdOps.I16x8AllTrue(SimdOps.Read(fp + ip[3]));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I16x8Bitmask(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        fp[ip[1]] = (uint)SimdOps.I16x8Bitmask(SimdOps.Read(fp + ip[3]));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I16x8NarrowI32x4S(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I16x8NarrowI32x4S(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I16x8NarrowI32x4U(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I16x8NarrowI32x4U(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I16x8ExtendLowI8x16S(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I16x8ExtendLowI8x16S(SimdOps.Read(fp + ip[3])));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I16x8ExtendHighI8x16S(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I16x8ExtendHighI8x16S(SimdOps.Read(fp + ip[3])));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I16x8ExtendLowI8x16U(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I16x8ExtendLowI8x16U(SimdOps.Read(fp + ip[3])));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I16x8ExtendHighI8x16U(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I16x8ExtendHighI8x16U(SimdOps.Read(fp + ip[3])));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I16x8Shl(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I16x8Shl(SimdOps.Read(fp + ip[3]), (int)fp[ip[4]]));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I16x8ShrS(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I16x8ShrS(SimdOps.Read(fp + ip[3]), (int)fp[ip[4]]));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I16x8ShrU(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I16x8ShrU(SimdOps.Read(fp + ip[3]), (int)fp[ip[4]]));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I16x8Add(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I16x8Add(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I16x8AddSatS(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I16x8AddSatS(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I16x8AddSatU(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I16x8AddSatU(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I16x8Sub(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I16x8Sub(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I16x8SubSatS(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I16x8SubSatS(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I16x8SubSatU(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I16x8SubSatU(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* F64x2Nearest(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.F64x2Nearest(SimdOps.Read(fp + ip[3])));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I16x8Mul(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I16x8Mul(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I16x8MinS(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I16x8MinS(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I16x8MinU(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I16x8MinU(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I16x8MaxS(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I16x8MaxS(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I16x8MaxU(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I16x8MaxU(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I16x8AvgrU(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I16x8AvgrU(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I16x8ExtmulLowI8x16S(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I16x8ExtmulLowI8x16S(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I16x8ExtmulHighI8x16S(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I16x8ExtmulHighI8x16S(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I16x8ExtmulLowI8x16U(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I16x8ExtmulLowI8x16U(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I16x8ExtmulHighI8x16U(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I16x8ExtmulHighI8x16U(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I32x4Abs(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I32x4Abs(SimdOps.Read(fp + ip[3])));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I32x4Neg(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I32x4Neg(SimdOps.Read(fp + ip[3])));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I32x4AllTrue(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        fp[ip[1]] = (uint)SimdOps.I32x4AllTrue(SimdOps.Read(fp + ip[3]));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I32x4Bitmask(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        fp[ip[1]] = (uint)SimdOps.I32x4Bitmask(SimdOps.Read(fp + ip[3]));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I32x4ExtendLowI16x8S(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I32x4ExtendLowI16x8S(SimdOps.Read(fp + ip[3])));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I32x4ExtendHighI16x8S(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I32x4ExtendHighI16x8S(SimdOps.Read(fp + ip[3])));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I32x4ExtendLowI16x8U(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I32x4ExtendLowI16x8U(SimdOps.Read(fp + ip[3])));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I32x4ExtendHighI16x8U(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I32x4ExtendHighI16x8U(SimdOps.Read(fp + ip[3])));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I32x4Shl(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I32x4Shl(SimdOps.Read(fp + ip[3]), (int)fp[ip[4]]));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I32x4ShrS(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I32x4ShrS(SimdOps.Read(fp + ip[3]), (int)fp[ip[4]]));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I32x4ShrU(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I32x4ShrU(SimdOps.Read(fp + ip[3]), (int)fp[ip[4]]));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I32x4Add(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I32x4Add(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I32x4Sub(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I32x4Sub(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I32x4Mul(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I32x4Mul(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I32x4MinS(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I32x4MinS(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I32x4MinU(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I32x4MinU(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I32x4MaxS(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I32x4MaxS(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I32x4MaxU(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I32x4MaxU(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I32x4DotI16x8S(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I32x4DotI16x8S(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I32x4ExtmulLowI16x8S(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I32x4ExtmulLowI16x8S(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I32x4ExtmulHighI16x8S(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I32x4ExtmulHighI16x8S(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I32x4ExtmulLowI16x8U(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I32x4ExtmulLowI16x8U(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I32x4ExtmulHighI16x8U(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I32x4ExtmulHighI16x8U(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I64x2Abs(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I64x2Abs(SimdOps.Read(fp + ip[3])));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I64x2Neg(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I64x2Neg(SimdOps.Read(fp + ip[3])));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I64x2AllTrue(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        fp[ip[1]] = (uint)SimdOps.I64x2AllTrue(SimdOps.Read(fp + ip[3]));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I64x2Bitmask(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        fp[ip[1]] = (uint)SimdOps.I64x2Bitmask(SimdOps.Read(fp + ip[3]));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I64x2ExtendLowI32x4S(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I64x2ExtendLowI32x4S(SimdOps.Read(fp + ip[3])));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I64x2ExtendHighI32x4S(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I64x2ExtendHighI32x4S(SimdOps.Read(fp + ip[3])));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I64x2ExtendLowI32x4U(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I64x2ExtendLowI32x4U(SimdOps.Read(fp + ip[3])));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I64x2ExtendHighI32x4U(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I64x2ExtendHighI32x4U(SimdOps.Read(fp + ip[3])));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I64x2Shl(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I64x2Shl(SimdOps.Read(fp + ip[3]), (int)fp[ip[4]]));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I64x2ShrS(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I64x2ShrS(SimdOps.Read(fp + ip[3]), (int)fp[ip[4]]));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I64x2ShrU(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I64x2ShrU(SimdOps.Read(fp + ip[3]), (int)fp[ip[4]]));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I64x2Add(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I64x2Add(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I64x2Sub(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I64x2Sub(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I64x2Mul(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I64x2Mul(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I64x2Eq(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I64x2Eq(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I64x2Ne(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I64x2Ne(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I64x2LtS(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I64x2LtS(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I64x2GtS(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I64x2GtS(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I64x2LeS(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I64x2LeS(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I64x2GeS(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I64x2GeS(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I64x2ExtmulLowI32x4S(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I64x2ExtmulLowI32x4S(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I64x2ExtmulHighI32x4S(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I64x2ExtmulHighI32x4S(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I64x2ExtmulLowI32x4U(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I64x2ExtmulLowI32x4U(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I64x2ExtmulHighI32x4U(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I64x2ExtmulHighI32x4U(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* F32x4Abs(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.F32x4Abs(SimdOps.Read(fp + ip[3])));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* F32x4Neg(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.F32x4Neg(SimdOps.Read(fp + ip[3])));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* F32x4Sqrt(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.F32x4Sqrt(SimdOps.Read(fp + ip[3])));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* F32x4Add(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.F32x4Add(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* F32x4Sub(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.F32x4Sub(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* F32x4Mul(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.F32x4Mul(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* F32x4Div(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.F32x4Div(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* F32x4Min(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.F32x4Min(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* F32x4Max(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.F32x4Max(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* F32x4Pmin(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.F32x4Pmin(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* F32x4Pmax(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.F32x4Pmax(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* F64x2Abs(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.F64x2Abs(SimdOps.Read(fp + ip[3])));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* F64x2Neg(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.F64x2Neg(SimdOps.Read(fp + ip[3])));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* F64x2Sqrt(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.F64x2Sqrt(SimdOps.Read(fp + ip[3])));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* F64x2Add(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.F64x2Add(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* F64x2Sub(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.F64x2Sub(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* F64x2Mul(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.F64x2Mul(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* F64x2Div(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.F64x2Div(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* F64x2Min(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.F64x2Min(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* F64x2Max(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.F64x2Max(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* F64x2Pmin(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.F64x2Pmin(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* F64x2Pmax(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.F64x2Pmax(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
        return ip + 5;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I32x4TruncSatF32x4S(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I32x4TruncSatF32x4S(SimdOps.Read(fp + ip[3])));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I32x4TruncSatF32x4U(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I32x4TruncSatF32x4U(SimdOps.Read(fp + ip[3])));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* F32x4ConvertI32x4S(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.F32x4ConvertI32x4S(SimdOps.Read(fp + ip[3])));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* F32x4ConvertI32x4U(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.F32x4ConvertI32x4U(SimdOps.Read(fp + ip[3])));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I32x4TruncSatF64x2SZero(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I32x4TruncSatF64x2SZero(SimdOps.Read(fp + ip[3])));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* I32x4TruncSatF64x2UZero(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.I32x4TruncSatF64x2UZero(SimdOps.Read(fp + ip[3])));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* F64x2ConvertLowI32x4S(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.F64x2ConvertLowI32x4S(SimdOps.Read(fp + ip[3])));
        return ip + 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* F64x2ConvertLowI32x4U(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        SimdOps.Write(fp + ip[1], SimdOps.F64x2ConvertLowI32x4U(SimdOps.Read(fp + ip[3])));
        return ip + 4;
    }
}
