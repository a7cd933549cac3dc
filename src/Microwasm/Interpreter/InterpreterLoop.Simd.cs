using System.Runtime.CompilerServices;
using Microwasm.Model;
using Microwasm.Runtime;
using V128 = System.Runtime.Intrinsics.Vector128<byte>;

namespace Microwasm.Interpreter;

internal static unsafe partial class InterpreterLoop
{
    /// <summary>
    /// Runs one <see cref="Op.Simd"/> instruction at <paramref name="ip"/> and returns the next.
    /// Operands: (d, SIMD opcode, ...) where the rest depends on the opcode's immediates, as
    /// <c>Translator.Simd</c> lays them out: loads (address, offset), stores (address, offset,
    /// value), lane loads and stores (address, offset, vector, lane), extract_lane (a, lane),
    /// replace_lane (a, b, lane), v128.const (4 words), shuffle (a, b, 4 words), others (a[, b[, c]]).
    /// </summary>
    /// <remarks>
    /// One op and a second switch rather than 236 ops in the main loop: the main switch stays
    /// small, and a SIMD instruction does enough work per dispatch that the extra jump is cheap.
    /// Every operand is read before the destination is written, since the destination may be an
    /// operand's slot.
    /// </remarks>
    private static int* ExecuteSimd(int* ip, ulong* fp, byte* memoryBase, ulong memoryLength)
    {
        switch ((SimdOpcode)ip[2])
        {
            case SimdOpcode.V128Load:
                SimdOps.Write(fp + ip[1], Unsafe.ReadUnaligned<V128>(Address(fp, ip, 16, memoryBase, memoryLength)));
                return ip + 5;
            case SimdOpcode.V128Load8x8S:
                SimdOps.Write(fp + ip[1], SimdOps.V128Load8x8S(Unsafe.ReadUnaligned<ulong>(Address(fp, ip, 8, memoryBase, memoryLength))));
                return ip + 5;
            case SimdOpcode.V128Load8x8U:
                SimdOps.Write(fp + ip[1], SimdOps.V128Load8x8U(Unsafe.ReadUnaligned<ulong>(Address(fp, ip, 8, memoryBase, memoryLength))));
                return ip + 5;
            case SimdOpcode.V128Load16x4S:
                SimdOps.Write(fp + ip[1], SimdOps.V128Load16x4S(Unsafe.ReadUnaligned<ulong>(Address(fp, ip, 8, memoryBase, memoryLength))));
                return ip + 5;
            case SimdOpcode.V128Load16x4U:
                SimdOps.Write(fp + ip[1], SimdOps.V128Load16x4U(Unsafe.ReadUnaligned<ulong>(Address(fp, ip, 8, memoryBase, memoryLength))));
                return ip + 5;
            case SimdOpcode.V128Load32x2S:
                SimdOps.Write(fp + ip[1], SimdOps.V128Load32x2S(Unsafe.ReadUnaligned<ulong>(Address(fp, ip, 8, memoryBase, memoryLength))));
                return ip + 5;
            case SimdOpcode.V128Load32x2U:
                SimdOps.Write(fp + ip[1], SimdOps.V128Load32x2U(Unsafe.ReadUnaligned<ulong>(Address(fp, ip, 8, memoryBase, memoryLength))));
                return ip + 5;
            case SimdOpcode.V128Load8Splat:
                SimdOps.Write(fp + ip[1], SimdOps.I8x16Splat(Unsafe.ReadUnaligned<byte>(Address(fp, ip, 1, memoryBase, memoryLength))));
                return ip + 5;
            case SimdOpcode.V128Load16Splat:
                SimdOps.Write(fp + ip[1], SimdOps.I16x8Splat(Unsafe.ReadUnaligned<ushort>(Address(fp, ip, 2, memoryBase, memoryLength))));
                return ip + 5;
            case SimdOpcode.V128Load32Splat:
                SimdOps.Write(fp + ip[1], SimdOps.I32x4Splat(Unsafe.ReadUnaligned<int>(Address(fp, ip, 4, memoryBase, memoryLength))));
                return ip + 5;
            case SimdOpcode.V128Load64Splat:
                SimdOps.Write(fp + ip[1], SimdOps.I64x2Splat(Unsafe.ReadUnaligned<long>(Address(fp, ip, 8, memoryBase, memoryLength))));
                return ip + 5;
            case SimdOpcode.V128Store:
                Unsafe.WriteUnaligned(Address(fp, ip, 16, memoryBase, memoryLength), SimdOps.Read(fp + ip[5]));
                return ip + 6;
            case SimdOpcode.V128Const:
            {
                fp[ip[1]] = (uint)ip[3] | ((ulong)(uint)ip[4] << 32);
                fp[ip[1] + 1] = (uint)ip[5] | ((ulong)(uint)ip[6] << 32);
                return ip + 7;
            }
            case SimdOpcode.I8x16Shuffle:
                SimdOps.Write(fp + ip[1], SimdOps.I8x16Shuffle(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4]), Unsafe.ReadUnaligned<V128>(ip + 5)));
                return ip + 9;
            case SimdOpcode.I8x16Swizzle:
                SimdOps.Write(fp + ip[1], SimdOps.I8x16Swizzle(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I8x16Splat:
                SimdOps.Write(fp + ip[1], SimdOps.I8x16Splat((int)fp[ip[3]]));
                return ip + 4;
            case SimdOpcode.I16x8Splat:
                SimdOps.Write(fp + ip[1], SimdOps.I16x8Splat((int)fp[ip[3]]));
                return ip + 4;
            case SimdOpcode.I32x4Splat:
                SimdOps.Write(fp + ip[1], SimdOps.I32x4Splat((int)fp[ip[3]]));
                return ip + 4;
            case SimdOpcode.I64x2Splat:
                SimdOps.Write(fp + ip[1], SimdOps.I64x2Splat((long)fp[ip[3]]));
                return ip + 4;
            case SimdOpcode.F32x4Splat:
                SimdOps.Write(fp + ip[1], SimdOps.I32x4Splat((int)fp[ip[3]]));
                return ip + 4;
            case SimdOpcode.F64x2Splat:
                SimdOps.Write(fp + ip[1], SimdOps.I64x2Splat((long)fp[ip[3]]));
                return ip + 4;
            case SimdOpcode.I8x16ExtractLaneS:
                fp[ip[1]] = (uint)SimdOps.I8x16ExtractLaneS(SimdOps.Read(fp + ip[3]), ip[4]);
                return ip + 5;
            case SimdOpcode.I8x16ExtractLaneU:
                fp[ip[1]] = (uint)SimdOps.I8x16ExtractLaneU(SimdOps.Read(fp + ip[3]), ip[4]);
                return ip + 5;
            case SimdOpcode.I8x16ReplaceLane:
                SimdOps.Write(fp + ip[1], SimdOps.I8x16ReplaceLane(SimdOps.Read(fp + ip[3]), ip[5], (int)fp[ip[4]]));
                return ip + 6;
            case SimdOpcode.I16x8ExtractLaneS:
                fp[ip[1]] = (uint)SimdOps.I16x8ExtractLaneS(SimdOps.Read(fp + ip[3]), ip[4]);
                return ip + 5;
            case SimdOpcode.I16x8ExtractLaneU:
                fp[ip[1]] = (uint)SimdOps.I16x8ExtractLaneU(SimdOps.Read(fp + ip[3]), ip[4]);
                return ip + 5;
            case SimdOpcode.I16x8ReplaceLane:
                SimdOps.Write(fp + ip[1], SimdOps.I16x8ReplaceLane(SimdOps.Read(fp + ip[3]), ip[5], (int)fp[ip[4]]));
                return ip + 6;
            case SimdOpcode.I32x4ExtractLane:
                fp[ip[1]] = (uint)SimdOps.I32x4ExtractLane(SimdOps.Read(fp + ip[3]), ip[4]);
                return ip + 5;
            case SimdOpcode.I32x4ReplaceLane:
                SimdOps.Write(fp + ip[1], SimdOps.I32x4ReplaceLane(SimdOps.Read(fp + ip[3]), ip[5], (int)fp[ip[4]]));
                return ip + 6;
            case SimdOpcode.I64x2ExtractLane:
                fp[ip[1]] = (ulong)SimdOps.I64x2ExtractLane(SimdOps.Read(fp + ip[3]), ip[4]);
                return ip + 5;
            case SimdOpcode.I64x2ReplaceLane:
                SimdOps.Write(fp + ip[1], SimdOps.I64x2ReplaceLane(SimdOps.Read(fp + ip[3]), ip[5], (long)fp[ip[4]]));
                return ip + 6;
            case SimdOpcode.F32x4ExtractLane:
                fp[ip[1]] = SimdOps.F32x4ExtractLane(SimdOps.Read(fp + ip[3]), ip[4]);
                return ip + 5;
            case SimdOpcode.F32x4ReplaceLane:
                SimdOps.Write(fp + ip[1], SimdOps.F32x4ReplaceLane(SimdOps.Read(fp + ip[3]), ip[5], (uint)fp[ip[4]]));
                return ip + 6;
            case SimdOpcode.F64x2ExtractLane:
                fp[ip[1]] = SimdOps.F64x2ExtractLane(SimdOps.Read(fp + ip[3]), ip[4]);
                return ip + 5;
            case SimdOpcode.F64x2ReplaceLane:
                SimdOps.Write(fp + ip[1], SimdOps.F64x2ReplaceLane(SimdOps.Read(fp + ip[3]), ip[5], fp[ip[4]]));
                return ip + 6;
            case SimdOpcode.I8x16Eq:
                SimdOps.Write(fp + ip[1], SimdOps.I8x16Eq(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I8x16Ne:
                SimdOps.Write(fp + ip[1], SimdOps.I8x16Ne(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I8x16LtS:
                SimdOps.Write(fp + ip[1], SimdOps.I8x16LtS(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I8x16LtU:
                SimdOps.Write(fp + ip[1], SimdOps.I8x16LtU(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I8x16GtS:
                SimdOps.Write(fp + ip[1], SimdOps.I8x16GtS(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I8x16GtU:
                SimdOps.Write(fp + ip[1], SimdOps.I8x16GtU(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I8x16LeS:
                SimdOps.Write(fp + ip[1], SimdOps.I8x16LeS(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I8x16LeU:
                SimdOps.Write(fp + ip[1], SimdOps.I8x16LeU(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I8x16GeS:
                SimdOps.Write(fp + ip[1], SimdOps.I8x16GeS(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I8x16GeU:
                SimdOps.Write(fp + ip[1], SimdOps.I8x16GeU(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I16x8Eq:
                SimdOps.Write(fp + ip[1], SimdOps.I16x8Eq(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I16x8Ne:
                SimdOps.Write(fp + ip[1], SimdOps.I16x8Ne(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I16x8LtS:
                SimdOps.Write(fp + ip[1], SimdOps.I16x8LtS(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I16x8LtU:
                SimdOps.Write(fp + ip[1], SimdOps.I16x8LtU(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I16x8GtS:
                SimdOps.Write(fp + ip[1], SimdOps.I16x8GtS(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I16x8GtU:
                SimdOps.Write(fp + ip[1], SimdOps.I16x8GtU(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I16x8LeS:
                SimdOps.Write(fp + ip[1], SimdOps.I16x8LeS(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I16x8LeU:
                SimdOps.Write(fp + ip[1], SimdOps.I16x8LeU(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I16x8GeS:
                SimdOps.Write(fp + ip[1], SimdOps.I16x8GeS(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I16x8GeU:
                SimdOps.Write(fp + ip[1], SimdOps.I16x8GeU(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I32x4Eq:
                SimdOps.Write(fp + ip[1], SimdOps.I32x4Eq(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I32x4Ne:
                SimdOps.Write(fp + ip[1], SimdOps.I32x4Ne(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I32x4LtS:
                SimdOps.Write(fp + ip[1], SimdOps.I32x4LtS(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I32x4LtU:
                SimdOps.Write(fp + ip[1], SimdOps.I32x4LtU(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I32x4GtS:
                SimdOps.Write(fp + ip[1], SimdOps.I32x4GtS(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I32x4GtU:
                SimdOps.Write(fp + ip[1], SimdOps.I32x4GtU(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I32x4LeS:
                SimdOps.Write(fp + ip[1], SimdOps.I32x4LeS(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I32x4LeU:
                SimdOps.Write(fp + ip[1], SimdOps.I32x4LeU(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I32x4GeS:
                SimdOps.Write(fp + ip[1], SimdOps.I32x4GeS(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I32x4GeU:
                SimdOps.Write(fp + ip[1], SimdOps.I32x4GeU(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.F32x4Eq:
                SimdOps.Write(fp + ip[1], SimdOps.F32x4Eq(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.F32x4Ne:
                SimdOps.Write(fp + ip[1], SimdOps.F32x4Ne(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.F32x4Lt:
                SimdOps.Write(fp + ip[1], SimdOps.F32x4Lt(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.F32x4Gt:
                SimdOps.Write(fp + ip[1], SimdOps.F32x4Gt(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.F32x4Le:
                SimdOps.Write(fp + ip[1], SimdOps.F32x4Le(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.F32x4Ge:
                SimdOps.Write(fp + ip[1], SimdOps.F32x4Ge(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.F64x2Eq:
                SimdOps.Write(fp + ip[1], SimdOps.F64x2Eq(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.F64x2Ne:
                SimdOps.Write(fp + ip[1], SimdOps.F64x2Ne(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.F64x2Lt:
                SimdOps.Write(fp + ip[1], SimdOps.F64x2Lt(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.F64x2Gt:
                SimdOps.Write(fp + ip[1], SimdOps.F64x2Gt(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.F64x2Le:
                SimdOps.Write(fp + ip[1], SimdOps.F64x2Le(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.F64x2Ge:
                SimdOps.Write(fp + ip[1], SimdOps.F64x2Ge(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.V128Not:
                SimdOps.Write(fp + ip[1], SimdOps.V128Not(SimdOps.Read(fp + ip[3])));
                return ip + 4;
            case SimdOpcode.V128And:
                SimdOps.Write(fp + ip[1], SimdOps.V128And(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.V128Andnot:
                SimdOps.Write(fp + ip[1], SimdOps.V128Andnot(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.V128Or:
                SimdOps.Write(fp + ip[1], SimdOps.V128Or(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.V128Xor:
                SimdOps.Write(fp + ip[1], SimdOps.V128Xor(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.V128Bitselect:
                SimdOps.Write(fp + ip[1], SimdOps.V128Bitselect(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4]), SimdOps.Read(fp + ip[5])));
                return ip + 6;
            case SimdOpcode.V128AnyTrue:
                fp[ip[1]] = (uint)SimdOps.V128AnyTrue(SimdOps.Read(fp + ip[3]));
                return ip + 4;
            case SimdOpcode.V128Load8Lane:
            {
                var value = Unsafe.ReadUnaligned<byte>(Address(fp, ip, 1, memoryBase, memoryLength));
                SimdOps.Write(fp + ip[1], SimdOps.I8x16ReplaceLane(SimdOps.Read(fp + ip[5]), ip[6], (int)value));
                return ip + 7;
            }
            case SimdOpcode.V128Load16Lane:
            {
                var value = Unsafe.ReadUnaligned<ushort>(Address(fp, ip, 2, memoryBase, memoryLength));
                SimdOps.Write(fp + ip[1], SimdOps.I16x8ReplaceLane(SimdOps.Read(fp + ip[5]), ip[6], (int)value));
                return ip + 7;
            }
            case SimdOpcode.V128Load32Lane:
            {
                var value = Unsafe.ReadUnaligned<uint>(Address(fp, ip, 4, memoryBase, memoryLength));
                SimdOps.Write(fp + ip[1], SimdOps.I32x4ReplaceLane(SimdOps.Read(fp + ip[5]), ip[6], (int)value));
                return ip + 7;
            }
            case SimdOpcode.V128Load64Lane:
            {
                var value = Unsafe.ReadUnaligned<ulong>(Address(fp, ip, 8, memoryBase, memoryLength));
                SimdOps.Write(fp + ip[1], SimdOps.I64x2ReplaceLane(SimdOps.Read(fp + ip[5]), ip[6], (long)value));
                return ip + 7;
            }
            case SimdOpcode.V128Store8Lane:
            {
                var value = (byte)SimdOps.I8x16ExtractLaneU(SimdOps.Read(fp + ip[5]), ip[6]);
                Unsafe.WriteUnaligned(Address(fp, ip, 1, memoryBase, memoryLength), value);
                return ip + 7;
            }
            case SimdOpcode.V128Store16Lane:
            {
                var value = (ushort)SimdOps.I16x8ExtractLaneU(SimdOps.Read(fp + ip[5]), ip[6]);
                Unsafe.WriteUnaligned(Address(fp, ip, 2, memoryBase, memoryLength), value);
                return ip + 7;
            }
            case SimdOpcode.V128Store32Lane:
            {
                var value = (uint)SimdOps.I32x4ExtractLane(SimdOps.Read(fp + ip[5]), ip[6]);
                Unsafe.WriteUnaligned(Address(fp, ip, 4, memoryBase, memoryLength), value);
                return ip + 7;
            }
            case SimdOpcode.V128Store64Lane:
            {
                var value = (ulong)SimdOps.I64x2ExtractLane(SimdOps.Read(fp + ip[5]), ip[6]);
                Unsafe.WriteUnaligned(Address(fp, ip, 8, memoryBase, memoryLength), value);
                return ip + 7;
            }
            case SimdOpcode.V128Load32Zero:
                SimdOps.Write(fp + ip[1], SimdOps.V128Load32Zero(Unsafe.ReadUnaligned<uint>(Address(fp, ip, 4, memoryBase, memoryLength))));
                return ip + 5;
            case SimdOpcode.V128Load64Zero:
                SimdOps.Write(fp + ip[1], SimdOps.V128Load64Zero(Unsafe.ReadUnaligned<ulong>(Address(fp, ip, 8, memoryBase, memoryLength))));
                return ip + 5;
            case SimdOpcode.F32x4DemoteF64x2Zero:
                SimdOps.Write(fp + ip[1], SimdOps.F32x4DemoteF64x2Zero(SimdOps.Read(fp + ip[3])));
                return ip + 4;
            case SimdOpcode.F64x2PromoteLowF32x4:
                SimdOps.Write(fp + ip[1], SimdOps.F64x2PromoteLowF32x4(SimdOps.Read(fp + ip[3])));
                return ip + 4;
            case SimdOpcode.I8x16Abs:
                SimdOps.Write(fp + ip[1], SimdOps.I8x16Abs(SimdOps.Read(fp + ip[3])));
                return ip + 4;
            case SimdOpcode.I8x16Neg:
                SimdOps.Write(fp + ip[1], SimdOps.I8x16Neg(SimdOps.Read(fp + ip[3])));
                return ip + 4;
            case SimdOpcode.I8x16Popcnt:
                SimdOps.Write(fp + ip[1], SimdOps.I8x16Popcnt(SimdOps.Read(fp + ip[3])));
                return ip + 4;
            case SimdOpcode.I8x16AllTrue:
                fp[ip[1]] = (uint)SimdOps.I8x16AllTrue(SimdOps.Read(fp + ip[3]));
                return ip + 4;
            case SimdOpcode.I8x16Bitmask:
                fp[ip[1]] = (uint)SimdOps.I8x16Bitmask(SimdOps.Read(fp + ip[3]));
                return ip + 4;
            case SimdOpcode.I8x16NarrowI16x8S:
                SimdOps.Write(fp + ip[1], SimdOps.I8x16NarrowI16x8S(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I8x16NarrowI16x8U:
                SimdOps.Write(fp + ip[1], SimdOps.I8x16NarrowI16x8U(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.F32x4Ceil:
                SimdOps.Write(fp + ip[1], SimdOps.F32x4Ceil(SimdOps.Read(fp + ip[3])));
                return ip + 4;
            case SimdOpcode.F32x4Floor:
                SimdOps.Write(fp + ip[1], SimdOps.F32x4Floor(SimdOps.Read(fp + ip[3])));
                return ip + 4;
            case SimdOpcode.F32x4Trunc:
                SimdOps.Write(fp + ip[1], SimdOps.F32x4Trunc(SimdOps.Read(fp + ip[3])));
                return ip + 4;
            case SimdOpcode.F32x4Nearest:
                SimdOps.Write(fp + ip[1], SimdOps.F32x4Nearest(SimdOps.Read(fp + ip[3])));
                return ip + 4;
            case SimdOpcode.I8x16Shl:
                SimdOps.Write(fp + ip[1], SimdOps.I8x16Shl(SimdOps.Read(fp + ip[3]), (int)fp[ip[4]]));
                return ip + 5;
            case SimdOpcode.I8x16ShrS:
                SimdOps.Write(fp + ip[1], SimdOps.I8x16ShrS(SimdOps.Read(fp + ip[3]), (int)fp[ip[4]]));
                return ip + 5;
            case SimdOpcode.I8x16ShrU:
                SimdOps.Write(fp + ip[1], SimdOps.I8x16ShrU(SimdOps.Read(fp + ip[3]), (int)fp[ip[4]]));
                return ip + 5;
            case SimdOpcode.I8x16Add:
                SimdOps.Write(fp + ip[1], SimdOps.I8x16Add(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I8x16AddSatS:
                SimdOps.Write(fp + ip[1], SimdOps.I8x16AddSatS(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I8x16AddSatU:
                SimdOps.Write(fp + ip[1], SimdOps.I8x16AddSatU(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I8x16Sub:
                SimdOps.Write(fp + ip[1], SimdOps.I8x16Sub(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I8x16SubSatS:
                SimdOps.Write(fp + ip[1], SimdOps.I8x16SubSatS(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I8x16SubSatU:
                SimdOps.Write(fp + ip[1], SimdOps.I8x16SubSatU(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.F64x2Ceil:
                SimdOps.Write(fp + ip[1], SimdOps.F64x2Ceil(SimdOps.Read(fp + ip[3])));
                return ip + 4;
            case SimdOpcode.F64x2Floor:
                SimdOps.Write(fp + ip[1], SimdOps.F64x2Floor(SimdOps.Read(fp + ip[3])));
                return ip + 4;
            case SimdOpcode.I8x16MinS:
                SimdOps.Write(fp + ip[1], SimdOps.I8x16MinS(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I8x16MinU:
                SimdOps.Write(fp + ip[1], SimdOps.I8x16MinU(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I8x16MaxS:
                SimdOps.Write(fp + ip[1], SimdOps.I8x16MaxS(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I8x16MaxU:
                SimdOps.Write(fp + ip[1], SimdOps.I8x16MaxU(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.F64x2Trunc:
                SimdOps.Write(fp + ip[1], SimdOps.F64x2Trunc(SimdOps.Read(fp + ip[3])));
                return ip + 4;
            case SimdOpcode.I8x16AvgrU:
                SimdOps.Write(fp + ip[1], SimdOps.I8x16AvgrU(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I16x8ExtaddPairwiseI8x16S:
                SimdOps.Write(fp + ip[1], SimdOps.I16x8ExtaddPairwiseI8x16S(SimdOps.Read(fp + ip[3])));
                return ip + 4;
            case SimdOpcode.I16x8ExtaddPairwiseI8x16U:
                SimdOps.Write(fp + ip[1], SimdOps.I16x8ExtaddPairwiseI8x16U(SimdOps.Read(fp + ip[3])));
                return ip + 4;
            case SimdOpcode.I32x4ExtaddPairwiseI16x8S:
                SimdOps.Write(fp + ip[1], SimdOps.I32x4ExtaddPairwiseI16x8S(SimdOps.Read(fp + ip[3])));
                return ip + 4;
            case SimdOpcode.I32x4ExtaddPairwiseI16x8U:
                SimdOps.Write(fp + ip[1], SimdOps.I32x4ExtaddPairwiseI16x8U(SimdOps.Read(fp + ip[3])));
                return ip + 4;
            case SimdOpcode.I16x8Abs:
                SimdOps.Write(fp + ip[1], SimdOps.I16x8Abs(SimdOps.Read(fp + ip[3])));
                return ip + 4;
            case SimdOpcode.I16x8Neg:
                SimdOps.Write(fp + ip[1], SimdOps.I16x8Neg(SimdOps.Read(fp + ip[3])));
                return ip + 4;
            case SimdOpcode.I16x8Q15mulrSatS:
                SimdOps.Write(fp + ip[1], SimdOps.I16x8Q15mulrSatS(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I16x8AllTrue:
                fp[ip[1]] = (uint)SimdOps.I16x8AllTrue(SimdOps.Read(fp + ip[3]));
                return ip + 4;
            case SimdOpcode.I16x8Bitmask:
                fp[ip[1]] = (uint)SimdOps.I16x8Bitmask(SimdOps.Read(fp + ip[3]));
                return ip + 4;
            case SimdOpcode.I16x8NarrowI32x4S:
                SimdOps.Write(fp + ip[1], SimdOps.I16x8NarrowI32x4S(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I16x8NarrowI32x4U:
                SimdOps.Write(fp + ip[1], SimdOps.I16x8NarrowI32x4U(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I16x8ExtendLowI8x16S:
                SimdOps.Write(fp + ip[1], SimdOps.I16x8ExtendLowI8x16S(SimdOps.Read(fp + ip[3])));
                return ip + 4;
            case SimdOpcode.I16x8ExtendHighI8x16S:
                SimdOps.Write(fp + ip[1], SimdOps.I16x8ExtendHighI8x16S(SimdOps.Read(fp + ip[3])));
                return ip + 4;
            case SimdOpcode.I16x8ExtendLowI8x16U:
                SimdOps.Write(fp + ip[1], SimdOps.I16x8ExtendLowI8x16U(SimdOps.Read(fp + ip[3])));
                return ip + 4;
            case SimdOpcode.I16x8ExtendHighI8x16U:
                SimdOps.Write(fp + ip[1], SimdOps.I16x8ExtendHighI8x16U(SimdOps.Read(fp + ip[3])));
                return ip + 4;
            case SimdOpcode.I16x8Shl:
                SimdOps.Write(fp + ip[1], SimdOps.I16x8Shl(SimdOps.Read(fp + ip[3]), (int)fp[ip[4]]));
                return ip + 5;
            case SimdOpcode.I16x8ShrS:
                SimdOps.Write(fp + ip[1], SimdOps.I16x8ShrS(SimdOps.Read(fp + ip[3]), (int)fp[ip[4]]));
                return ip + 5;
            case SimdOpcode.I16x8ShrU:
                SimdOps.Write(fp + ip[1], SimdOps.I16x8ShrU(SimdOps.Read(fp + ip[3]), (int)fp[ip[4]]));
                return ip + 5;
            case SimdOpcode.I16x8Add:
                SimdOps.Write(fp + ip[1], SimdOps.I16x8Add(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I16x8AddSatS:
                SimdOps.Write(fp + ip[1], SimdOps.I16x8AddSatS(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I16x8AddSatU:
                SimdOps.Write(fp + ip[1], SimdOps.I16x8AddSatU(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I16x8Sub:
                SimdOps.Write(fp + ip[1], SimdOps.I16x8Sub(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I16x8SubSatS:
                SimdOps.Write(fp + ip[1], SimdOps.I16x8SubSatS(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I16x8SubSatU:
                SimdOps.Write(fp + ip[1], SimdOps.I16x8SubSatU(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.F64x2Nearest:
                SimdOps.Write(fp + ip[1], SimdOps.F64x2Nearest(SimdOps.Read(fp + ip[3])));
                return ip + 4;
            case SimdOpcode.I16x8Mul:
                SimdOps.Write(fp + ip[1], SimdOps.I16x8Mul(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I16x8MinS:
                SimdOps.Write(fp + ip[1], SimdOps.I16x8MinS(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I16x8MinU:
                SimdOps.Write(fp + ip[1], SimdOps.I16x8MinU(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I16x8MaxS:
                SimdOps.Write(fp + ip[1], SimdOps.I16x8MaxS(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I16x8MaxU:
                SimdOps.Write(fp + ip[1], SimdOps.I16x8MaxU(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I16x8AvgrU:
                SimdOps.Write(fp + ip[1], SimdOps.I16x8AvgrU(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I16x8ExtmulLowI8x16S:
                SimdOps.Write(fp + ip[1], SimdOps.I16x8ExtmulLowI8x16S(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I16x8ExtmulHighI8x16S:
                SimdOps.Write(fp + ip[1], SimdOps.I16x8ExtmulHighI8x16S(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I16x8ExtmulLowI8x16U:
                SimdOps.Write(fp + ip[1], SimdOps.I16x8ExtmulLowI8x16U(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I16x8ExtmulHighI8x16U:
                SimdOps.Write(fp + ip[1], SimdOps.I16x8ExtmulHighI8x16U(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I32x4Abs:
                SimdOps.Write(fp + ip[1], SimdOps.I32x4Abs(SimdOps.Read(fp + ip[3])));
                return ip + 4;
            case SimdOpcode.I32x4Neg:
                SimdOps.Write(fp + ip[1], SimdOps.I32x4Neg(SimdOps.Read(fp + ip[3])));
                return ip + 4;
            case SimdOpcode.I32x4AllTrue:
                fp[ip[1]] = (uint)SimdOps.I32x4AllTrue(SimdOps.Read(fp + ip[3]));
                return ip + 4;
            case SimdOpcode.I32x4Bitmask:
                fp[ip[1]] = (uint)SimdOps.I32x4Bitmask(SimdOps.Read(fp + ip[3]));
                return ip + 4;
            case SimdOpcode.I32x4ExtendLowI16x8S:
                SimdOps.Write(fp + ip[1], SimdOps.I32x4ExtendLowI16x8S(SimdOps.Read(fp + ip[3])));
                return ip + 4;
            case SimdOpcode.I32x4ExtendHighI16x8S:
                SimdOps.Write(fp + ip[1], SimdOps.I32x4ExtendHighI16x8S(SimdOps.Read(fp + ip[3])));
                return ip + 4;
            case SimdOpcode.I32x4ExtendLowI16x8U:
                SimdOps.Write(fp + ip[1], SimdOps.I32x4ExtendLowI16x8U(SimdOps.Read(fp + ip[3])));
                return ip + 4;
            case SimdOpcode.I32x4ExtendHighI16x8U:
                SimdOps.Write(fp + ip[1], SimdOps.I32x4ExtendHighI16x8U(SimdOps.Read(fp + ip[3])));
                return ip + 4;
            case SimdOpcode.I32x4Shl:
                SimdOps.Write(fp + ip[1], SimdOps.I32x4Shl(SimdOps.Read(fp + ip[3]), (int)fp[ip[4]]));
                return ip + 5;
            case SimdOpcode.I32x4ShrS:
                SimdOps.Write(fp + ip[1], SimdOps.I32x4ShrS(SimdOps.Read(fp + ip[3]), (int)fp[ip[4]]));
                return ip + 5;
            case SimdOpcode.I32x4ShrU:
                SimdOps.Write(fp + ip[1], SimdOps.I32x4ShrU(SimdOps.Read(fp + ip[3]), (int)fp[ip[4]]));
                return ip + 5;
            case SimdOpcode.I32x4Add:
                SimdOps.Write(fp + ip[1], SimdOps.I32x4Add(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I32x4Sub:
                SimdOps.Write(fp + ip[1], SimdOps.I32x4Sub(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I32x4Mul:
                SimdOps.Write(fp + ip[1], SimdOps.I32x4Mul(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I32x4MinS:
                SimdOps.Write(fp + ip[1], SimdOps.I32x4MinS(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I32x4MinU:
                SimdOps.Write(fp + ip[1], SimdOps.I32x4MinU(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I32x4MaxS:
                SimdOps.Write(fp + ip[1], SimdOps.I32x4MaxS(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I32x4MaxU:
                SimdOps.Write(fp + ip[1], SimdOps.I32x4MaxU(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I32x4DotI16x8S:
                SimdOps.Write(fp + ip[1], SimdOps.I32x4DotI16x8S(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I32x4ExtmulLowI16x8S:
                SimdOps.Write(fp + ip[1], SimdOps.I32x4ExtmulLowI16x8S(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I32x4ExtmulHighI16x8S:
                SimdOps.Write(fp + ip[1], SimdOps.I32x4ExtmulHighI16x8S(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I32x4ExtmulLowI16x8U:
                SimdOps.Write(fp + ip[1], SimdOps.I32x4ExtmulLowI16x8U(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I32x4ExtmulHighI16x8U:
                SimdOps.Write(fp + ip[1], SimdOps.I32x4ExtmulHighI16x8U(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I64x2Abs:
                SimdOps.Write(fp + ip[1], SimdOps.I64x2Abs(SimdOps.Read(fp + ip[3])));
                return ip + 4;
            case SimdOpcode.I64x2Neg:
                SimdOps.Write(fp + ip[1], SimdOps.I64x2Neg(SimdOps.Read(fp + ip[3])));
                return ip + 4;
            case SimdOpcode.I64x2AllTrue:
                fp[ip[1]] = (uint)SimdOps.I64x2AllTrue(SimdOps.Read(fp + ip[3]));
                return ip + 4;
            case SimdOpcode.I64x2Bitmask:
                fp[ip[1]] = (uint)SimdOps.I64x2Bitmask(SimdOps.Read(fp + ip[3]));
                return ip + 4;
            case SimdOpcode.I64x2ExtendLowI32x4S:
                SimdOps.Write(fp + ip[1], SimdOps.I64x2ExtendLowI32x4S(SimdOps.Read(fp + ip[3])));
                return ip + 4;
            case SimdOpcode.I64x2ExtendHighI32x4S:
                SimdOps.Write(fp + ip[1], SimdOps.I64x2ExtendHighI32x4S(SimdOps.Read(fp + ip[3])));
                return ip + 4;
            case SimdOpcode.I64x2ExtendLowI32x4U:
                SimdOps.Write(fp + ip[1], SimdOps.I64x2ExtendLowI32x4U(SimdOps.Read(fp + ip[3])));
                return ip + 4;
            case SimdOpcode.I64x2ExtendHighI32x4U:
                SimdOps.Write(fp + ip[1], SimdOps.I64x2ExtendHighI32x4U(SimdOps.Read(fp + ip[3])));
                return ip + 4;
            case SimdOpcode.I64x2Shl:
                SimdOps.Write(fp + ip[1], SimdOps.I64x2Shl(SimdOps.Read(fp + ip[3]), (int)fp[ip[4]]));
                return ip + 5;
            case SimdOpcode.I64x2ShrS:
                SimdOps.Write(fp + ip[1], SimdOps.I64x2ShrS(SimdOps.Read(fp + ip[3]), (int)fp[ip[4]]));
                return ip + 5;
            case SimdOpcode.I64x2ShrU:
                SimdOps.Write(fp + ip[1], SimdOps.I64x2ShrU(SimdOps.Read(fp + ip[3]), (int)fp[ip[4]]));
                return ip + 5;
            case SimdOpcode.I64x2Add:
                SimdOps.Write(fp + ip[1], SimdOps.I64x2Add(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I64x2Sub:
                SimdOps.Write(fp + ip[1], SimdOps.I64x2Sub(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I64x2Mul:
                SimdOps.Write(fp + ip[1], SimdOps.I64x2Mul(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I64x2Eq:
                SimdOps.Write(fp + ip[1], SimdOps.I64x2Eq(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I64x2Ne:
                SimdOps.Write(fp + ip[1], SimdOps.I64x2Ne(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I64x2LtS:
                SimdOps.Write(fp + ip[1], SimdOps.I64x2LtS(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I64x2GtS:
                SimdOps.Write(fp + ip[1], SimdOps.I64x2GtS(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I64x2LeS:
                SimdOps.Write(fp + ip[1], SimdOps.I64x2LeS(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I64x2GeS:
                SimdOps.Write(fp + ip[1], SimdOps.I64x2GeS(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I64x2ExtmulLowI32x4S:
                SimdOps.Write(fp + ip[1], SimdOps.I64x2ExtmulLowI32x4S(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I64x2ExtmulHighI32x4S:
                SimdOps.Write(fp + ip[1], SimdOps.I64x2ExtmulHighI32x4S(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I64x2ExtmulLowI32x4U:
                SimdOps.Write(fp + ip[1], SimdOps.I64x2ExtmulLowI32x4U(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I64x2ExtmulHighI32x4U:
                SimdOps.Write(fp + ip[1], SimdOps.I64x2ExtmulHighI32x4U(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.F32x4Abs:
                SimdOps.Write(fp + ip[1], SimdOps.F32x4Abs(SimdOps.Read(fp + ip[3])));
                return ip + 4;
            case SimdOpcode.F32x4Neg:
                SimdOps.Write(fp + ip[1], SimdOps.F32x4Neg(SimdOps.Read(fp + ip[3])));
                return ip + 4;
            case SimdOpcode.F32x4Sqrt:
                SimdOps.Write(fp + ip[1], SimdOps.F32x4Sqrt(SimdOps.Read(fp + ip[3])));
                return ip + 4;
            case SimdOpcode.F32x4Add:
                SimdOps.Write(fp + ip[1], SimdOps.F32x4Add(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.F32x4Sub:
                SimdOps.Write(fp + ip[1], SimdOps.F32x4Sub(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.F32x4Mul:
                SimdOps.Write(fp + ip[1], SimdOps.F32x4Mul(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.F32x4Div:
                SimdOps.Write(fp + ip[1], SimdOps.F32x4Div(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.F32x4Min:
                SimdOps.Write(fp + ip[1], SimdOps.F32x4Min(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.F32x4Max:
                SimdOps.Write(fp + ip[1], SimdOps.F32x4Max(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.F32x4Pmin:
                SimdOps.Write(fp + ip[1], SimdOps.F32x4Pmin(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.F32x4Pmax:
                SimdOps.Write(fp + ip[1], SimdOps.F32x4Pmax(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.F64x2Abs:
                SimdOps.Write(fp + ip[1], SimdOps.F64x2Abs(SimdOps.Read(fp + ip[3])));
                return ip + 4;
            case SimdOpcode.F64x2Neg:
                SimdOps.Write(fp + ip[1], SimdOps.F64x2Neg(SimdOps.Read(fp + ip[3])));
                return ip + 4;
            case SimdOpcode.F64x2Sqrt:
                SimdOps.Write(fp + ip[1], SimdOps.F64x2Sqrt(SimdOps.Read(fp + ip[3])));
                return ip + 4;
            case SimdOpcode.F64x2Add:
                SimdOps.Write(fp + ip[1], SimdOps.F64x2Add(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.F64x2Sub:
                SimdOps.Write(fp + ip[1], SimdOps.F64x2Sub(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.F64x2Mul:
                SimdOps.Write(fp + ip[1], SimdOps.F64x2Mul(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.F64x2Div:
                SimdOps.Write(fp + ip[1], SimdOps.F64x2Div(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.F64x2Min:
                SimdOps.Write(fp + ip[1], SimdOps.F64x2Min(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.F64x2Max:
                SimdOps.Write(fp + ip[1], SimdOps.F64x2Max(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.F64x2Pmin:
                SimdOps.Write(fp + ip[1], SimdOps.F64x2Pmin(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.F64x2Pmax:
                SimdOps.Write(fp + ip[1], SimdOps.F64x2Pmax(SimdOps.Read(fp + ip[3]), SimdOps.Read(fp + ip[4])));
                return ip + 5;
            case SimdOpcode.I32x4TruncSatF32x4S:
                SimdOps.Write(fp + ip[1], SimdOps.I32x4TruncSatF32x4S(SimdOps.Read(fp + ip[3])));
                return ip + 4;
            case SimdOpcode.I32x4TruncSatF32x4U:
                SimdOps.Write(fp + ip[1], SimdOps.I32x4TruncSatF32x4U(SimdOps.Read(fp + ip[3])));
                return ip + 4;
            case SimdOpcode.F32x4ConvertI32x4S:
                SimdOps.Write(fp + ip[1], SimdOps.F32x4ConvertI32x4S(SimdOps.Read(fp + ip[3])));
                return ip + 4;
            case SimdOpcode.F32x4ConvertI32x4U:
                SimdOps.Write(fp + ip[1], SimdOps.F32x4ConvertI32x4U(SimdOps.Read(fp + ip[3])));
                return ip + 4;
            case SimdOpcode.I32x4TruncSatF64x2SZero:
                SimdOps.Write(fp + ip[1], SimdOps.I32x4TruncSatF64x2SZero(SimdOps.Read(fp + ip[3])));
                return ip + 4;
            case SimdOpcode.I32x4TruncSatF64x2UZero:
                SimdOps.Write(fp + ip[1], SimdOps.I32x4TruncSatF64x2UZero(SimdOps.Read(fp + ip[3])));
                return ip + 4;
            case SimdOpcode.F64x2ConvertLowI32x4S:
                SimdOps.Write(fp + ip[1], SimdOps.F64x2ConvertLowI32x4S(SimdOps.Read(fp + ip[3])));
                return ip + 4;
            case SimdOpcode.F64x2ConvertLowI32x4U:
                SimdOps.Write(fp + ip[1], SimdOps.F64x2ConvertLowI32x4U(SimdOps.Read(fp + ip[3])));
                return ip + 4;
            default:
                throw new InvalidOperationException($"unexpected SIMD opcode {ip[2]}");
        }
    }

    /// <summary>The effective address of a SIMD memory access (address slot at ip[3], offset at ip[4]), bounds-checked.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte* Address(ulong* fp, int* ip, int size, byte* memoryBase, ulong memoryLength)
    {
        var address = (ulong)(uint)fp[ip[3]] + (uint)ip[4];
        if (address + (uint)size > memoryLength)
        {
            Trap(TrapKind.OutOfBoundsMemoryAccess);
        }
        return memoryBase + address;
    }
}
