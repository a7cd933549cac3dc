using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using V128 = System.Runtime.Intrinsics.Vector128<byte>;

namespace Microwasm.Runtime;

/// <summary>
/// The exact semantics of the WebAssembly 2.0 SIMD instructions on <see cref="Vector128{T}"/>, shared
/// by both engines. A v128 is a <c>Vector128&lt;byte&gt;</c> whose byte i is the value's byte i in
/// memory order (lane 0 first), which is also how the interpreter lays it over two <c>ulong</c>
/// slots (low half first); <see cref="Read"/> and <see cref="Write"/> move it to and from them.
/// </summary>
/// <remarks>
/// <para>
/// Methods are named after <see cref="Model.SimdOpcode"/>. The memory forms appear only through
/// their value part: a load reads the bytes and then calls the splat / extend / zero / replace-lane
/// method here; a lane store calls the extract-lane method. Bounds checks stay with the engine.
/// </para>
/// <para>
/// Vector128 maps to hardware wherever the spec and the hardware agree. Where they do not, the
/// fix-up is made here, and relies only on documented .NET semantics:
/// since .NET 9, <c>Vector128.Min/Max</c> are IEEE 754-2019 minimum/maximum (NaN propagates,
/// -0 &lt; +0), which is wasm's fmin/fmax once NaN lanes are quieted, and float-to-integer
/// conversions saturate with NaN to 0, which is wasm's trunc_sat. Tests pin both, so a change in
/// the runtime is noticed.
/// </para>
/// <para>
/// Lane and shift immediates are trusted: the validator checked lane indexes against
/// <see cref="Validation.SimdSignatures"/>, and shift counts are reduced modulo the lane width here.
/// </para>
/// </remarks>
internal static class SimdOps
{
    // ---- moving a v128 in and out of interpreter slots ------------------------------------------

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe V128 Read(ulong* slot) => Unsafe.ReadUnaligned<V128>(slot);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Write(ulong* slot, V128 value) => Unsafe.WriteUnaligned(slot, value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 FromHalves(ulong low, ulong high) => Vector128.Create(low, high).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Low(V128 v) => v.AsUInt64().ToScalar();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong High(V128 v) => v.AsUInt64().GetElement(1);

    // ---- loads: the value part ------------------------------------------------------------------

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128Load8x8S(ulong bytes) => Vector128.WidenLower(Vector128.CreateScalar(bytes).AsSByte()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128Load8x8U(ulong bytes) => Vector128.WidenLower(Vector128.CreateScalar(bytes).AsByte()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128Load16x4S(ulong bytes) => Vector128.WidenLower(Vector128.CreateScalar(bytes).AsInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128Load16x4U(ulong bytes) => Vector128.WidenLower(Vector128.CreateScalar(bytes).AsUInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128Load32x2S(ulong bytes) => Vector128.WidenLower(Vector128.CreateScalar(bytes).AsInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128Load32x2U(ulong bytes) => Vector128.WidenLower(Vector128.CreateScalar(bytes).AsUInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128Load32Zero(uint value) => Vector128.CreateScalar(value).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128Load64Zero(ulong value) => Vector128.CreateScalar(value).AsByte();

    // The splat loads are the splats below; load*_lane is replace_lane; store*_lane is extract_lane.

    // ---- splat, extract_lane, replace_lane ------------------------------------------------------

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16Splat(int x) => Vector128.Create((byte)x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8Splat(int x) => Vector128.Create((ushort)x).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4Splat(int x) => Vector128.Create(x).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I64x2Splat(long x) => Vector128.Create(x).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F32x4Splat(float x) => Vector128.Create(x).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F64x2Splat(double x) => Vector128.Create(x).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I8x16ExtractLaneS(V128 v, int lane) => v.AsSByte().GetElement(lane);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I8x16ExtractLaneU(V128 v, int lane) => v.GetElement(lane);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I16x8ExtractLaneS(V128 v, int lane) => v.AsInt16().GetElement(lane);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I16x8ExtractLaneU(V128 v, int lane) => v.AsUInt16().GetElement(lane);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32x4ExtractLane(V128 v, int lane) => v.AsInt32().GetElement(lane);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64x2ExtractLane(V128 v, int lane) => v.AsInt64().GetElement(lane);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    // Float lanes move as raw bits: an engine never holds an f32 NaN in a float where the JIT
    // could fold or quiet it (see Numerics' note on Int32BitsToSingle constants).
    public static uint F32x4ExtractLane(V128 v, int lane) => v.AsUInt32().GetElement(lane);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64x2ExtractLane(V128 v, int lane) => v.AsUInt64().GetElement(lane);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16ReplaceLane(V128 v, int lane, int x) => v.WithElement(lane, (byte)x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8ReplaceLane(V128 v, int lane, int x) => v.AsUInt16().WithElement(lane, (ushort)x).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4ReplaceLane(V128 v, int lane, int x) => v.AsInt32().WithElement(lane, x).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I64x2ReplaceLane(V128 v, int lane, long x) => v.AsInt64().WithElement(lane, x).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F32x4ReplaceLane(V128 v, int lane, uint bits) => v.AsUInt32().WithElement(lane, bits).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F64x2ReplaceLane(V128 v, int lane, ulong bits) => v.AsUInt64().WithElement(lane, bits).AsByte();

    // ---- shuffle and swizzle --------------------------------------------------------------------

    /// <summary><c>i8x16.shuffle</c>; <paramref name="lanes"/> is the immediate, each byte below 32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16Shuffle(V128 a, V128 b, V128 lanes)
    {
        // Vector128.Shuffle yields 0 for an index of 16 or more, so each half picks only its own
        // lanes: a for 0..15, and b for 16..31 (the subtraction wraps 0..15 to 240..255).
        return Vector128.Shuffle(a, lanes) | Vector128.Shuffle(b, lanes - Vector128.Create((byte)16));
    }

    /// <summary><c>i8x16.swizzle</c>: an index of 16 or more selects 0, exactly Vector128.Shuffle's rule.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16Swizzle(V128 a, V128 s) => Vector128.Shuffle(a, s);

    // ---- comparisons ----------------------------------------------------------------------------

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16Eq(V128 a, V128 b) => Vector128.Equals(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16Ne(V128 a, V128 b) => ~Vector128.Equals(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16LtS(V128 a, V128 b) => Vector128.LessThan(a.AsSByte(), b.AsSByte()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16LtU(V128 a, V128 b) => Vector128.LessThan(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16GtS(V128 a, V128 b) => Vector128.GreaterThan(a.AsSByte(), b.AsSByte()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16GtU(V128 a, V128 b) => Vector128.GreaterThan(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16LeS(V128 a, V128 b) => Vector128.LessThanOrEqual(a.AsSByte(), b.AsSByte()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16LeU(V128 a, V128 b) => Vector128.LessThanOrEqual(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16GeS(V128 a, V128 b) => Vector128.GreaterThanOrEqual(a.AsSByte(), b.AsSByte()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16GeU(V128 a, V128 b) => Vector128.GreaterThanOrEqual(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8Eq(V128 a, V128 b) => Vector128.Equals(a.AsUInt16(), b.AsUInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8Ne(V128 a, V128 b) => (~Vector128.Equals(a.AsUInt16(), b.AsUInt16())).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8LtS(V128 a, V128 b) => Vector128.LessThan(a.AsInt16(), b.AsInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8LtU(V128 a, V128 b) => Vector128.LessThan(a.AsUInt16(), b.AsUInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8GtS(V128 a, V128 b) => Vector128.GreaterThan(a.AsInt16(), b.AsInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8GtU(V128 a, V128 b) => Vector128.GreaterThan(a.AsUInt16(), b.AsUInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8LeS(V128 a, V128 b) => Vector128.LessThanOrEqual(a.AsInt16(), b.AsInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8LeU(V128 a, V128 b) => Vector128.LessThanOrEqual(a.AsUInt16(), b.AsUInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8GeS(V128 a, V128 b) => Vector128.GreaterThanOrEqual(a.AsInt16(), b.AsInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8GeU(V128 a, V128 b) => Vector128.GreaterThanOrEqual(a.AsUInt16(), b.AsUInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4Eq(V128 a, V128 b) => Vector128.Equals(a.AsUInt32(), b.AsUInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4Ne(V128 a, V128 b) => (~Vector128.Equals(a.AsUInt32(), b.AsUInt32())).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4LtS(V128 a, V128 b) => Vector128.LessThan(a.AsInt32(), b.AsInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4LtU(V128 a, V128 b) => Vector128.LessThan(a.AsUInt32(), b.AsUInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4GtS(V128 a, V128 b) => Vector128.GreaterThan(a.AsInt32(), b.AsInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4GtU(V128 a, V128 b) => Vector128.GreaterThan(a.AsUInt32(), b.AsUInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4LeS(V128 a, V128 b) => Vector128.LessThanOrEqual(a.AsInt32(), b.AsInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4LeU(V128 a, V128 b) => Vector128.LessThanOrEqual(a.AsUInt32(), b.AsUInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4GeS(V128 a, V128 b) => Vector128.GreaterThanOrEqual(a.AsInt32(), b.AsInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4GeU(V128 a, V128 b) => Vector128.GreaterThanOrEqual(a.AsUInt32(), b.AsUInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I64x2Eq(V128 a, V128 b) => Vector128.Equals(a.AsUInt64(), b.AsUInt64()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I64x2Ne(V128 a, V128 b) => (~Vector128.Equals(a.AsUInt64(), b.AsUInt64())).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I64x2LtS(V128 a, V128 b) => Vector128.LessThan(a.AsInt64(), b.AsInt64()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I64x2GtS(V128 a, V128 b) => Vector128.GreaterThan(a.AsInt64(), b.AsInt64()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I64x2LeS(V128 a, V128 b) => Vector128.LessThanOrEqual(a.AsInt64(), b.AsInt64()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I64x2GeS(V128 a, V128 b) => Vector128.GreaterThanOrEqual(a.AsInt64(), b.AsInt64()).AsByte();

    // Float comparisons are ordered (false when either lane is NaN), except ne, which is true.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F32x4Eq(V128 a, V128 b) => Vector128.Equals(a.AsSingle(), b.AsSingle()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F32x4Ne(V128 a, V128 b) => (~Vector128.Equals(a.AsSingle(), b.AsSingle())).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F32x4Lt(V128 a, V128 b) => Vector128.LessThan(a.AsSingle(), b.AsSingle()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F32x4Gt(V128 a, V128 b) => Vector128.GreaterThan(a.AsSingle(), b.AsSingle()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F32x4Le(V128 a, V128 b) => Vector128.LessThanOrEqual(a.AsSingle(), b.AsSingle()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F32x4Ge(V128 a, V128 b) => Vector128.GreaterThanOrEqual(a.AsSingle(), b.AsSingle()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F64x2Eq(V128 a, V128 b) => Vector128.Equals(a.AsDouble(), b.AsDouble()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F64x2Ne(V128 a, V128 b) => (~Vector128.Equals(a.AsDouble(), b.AsDouble())).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F64x2Lt(V128 a, V128 b) => Vector128.LessThan(a.AsDouble(), b.AsDouble()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F64x2Gt(V128 a, V128 b) => Vector128.GreaterThan(a.AsDouble(), b.AsDouble()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F64x2Le(V128 a, V128 b) => Vector128.LessThanOrEqual(a.AsDouble(), b.AsDouble()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F64x2Ge(V128 a, V128 b) => Vector128.GreaterThanOrEqual(a.AsDouble(), b.AsDouble()).AsByte();

    // ---- bitwise and tests ----------------------------------------------------------------------

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128Not(V128 a) => ~a;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128And(V128 a, V128 b) => a & b;

    /// <summary><c>v128.andnot</c>: a &amp; ~b (Vector128.AndNot has the same operand order).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128Andnot(V128 a, V128 b) => Vector128.AndNot(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128Or(V128 a, V128 b) => a | b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128Xor(V128 a, V128 b) => a ^ b;

    /// <summary><c>v128.bitselect</c>: bits of <paramref name="a"/> where <paramref name="mask"/> is 1, else of <paramref name="b"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128Bitselect(V128 a, V128 b, V128 mask) => Vector128.ConditionalSelect(mask, a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int V128AnyTrue(V128 a) => a != V128.Zero ? 1 : 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I8x16AllTrue(V128 a) => Vector128.EqualsAny(a, V128.Zero) ? 0 : 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I16x8AllTrue(V128 a) => Vector128.EqualsAny(a.AsUInt16(), Vector128<ushort>.Zero) ? 0 : 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32x4AllTrue(V128 a) => Vector128.EqualsAny(a.AsUInt32(), Vector128<uint>.Zero) ? 0 : 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I64x2AllTrue(V128 a) => Vector128.EqualsAny(a.AsUInt64(), Vector128<ulong>.Zero) ? 0 : 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I8x16Bitmask(V128 a) => (int)Vector128.ExtractMostSignificantBits(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I16x8Bitmask(V128 a) => (int)Vector128.ExtractMostSignificantBits(a.AsUInt16());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32x4Bitmask(V128 a) => (int)Vector128.ExtractMostSignificantBits(a.AsUInt32());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I64x2Bitmask(V128 a) => (int)Vector128.ExtractMostSignificantBits(a.AsUInt64());

    // ---- integer unary --------------------------------------------------------------------------

    // Vector128.Abs wraps the most negative lane to itself (pabs*, and the managed fallback in
    // .NET 8+ does not throw), which is what wasm's iabs does; a test pins it.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16Abs(V128 a) => Vector128.Abs(a.AsSByte()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8Abs(V128 a) => Vector128.Abs(a.AsInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4Abs(V128 a) => Vector128.Abs(a.AsInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I64x2Abs(V128 a) => Vector128.Abs(a.AsInt64()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16Neg(V128 a) => V128.Zero - a;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8Neg(V128 a) => (Vector128<ushort>.Zero - a.AsUInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4Neg(V128 a) => (Vector128<uint>.Zero - a.AsUInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I64x2Neg(V128 a) => (Vector128<ulong>.Zero - a.AsUInt64()).AsByte();

    /// <summary><c>i8x16.popcnt</c>, by looking up each nibble's count (Vector128 has no PopCount).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16Popcnt(V128 a)
    {
        var counts = Vector128.Create((byte)0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
        var nibble = Vector128.Create((byte)0x0F);
        // Indexes are 0..15, where ShuffleNative and Shuffle agree, and ShuffleNative is one pshufb/tbl.
        return Vector128.ShuffleNative(counts, a & nibble)
            + Vector128.ShuffleNative(counts, Vector128.ShiftRightLogical(a, 4));
    }

    // ---- shifts: the count is taken modulo the lane width ---------------------------------------

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16Shl(V128 a, int count) => Vector128.ShiftLeft(a, count & 7);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16ShrS(V128 a, int count) => Vector128.ShiftRightArithmetic(a.AsSByte(), count & 7).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16ShrU(V128 a, int count) => Vector128.ShiftRightLogical(a, count & 7);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8Shl(V128 a, int count) => Vector128.ShiftLeft(a.AsUInt16(), count & 15).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8ShrS(V128 a, int count) => Vector128.ShiftRightArithmetic(a.AsInt16(), count & 15).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8ShrU(V128 a, int count) => Vector128.ShiftRightLogical(a.AsUInt16(), count & 15).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4Shl(V128 a, int count) => Vector128.ShiftLeft(a.AsUInt32(), count & 31).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4ShrS(V128 a, int count) => Vector128.ShiftRightArithmetic(a.AsInt32(), count & 31).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4ShrU(V128 a, int count) => Vector128.ShiftRightLogical(a.AsUInt32(), count & 31).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I64x2Shl(V128 a, int count) => Vector128.ShiftLeft(a.AsUInt64(), count & 63).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I64x2ShrS(V128 a, int count) => Vector128.ShiftRightArithmetic(a.AsInt64(), count & 63).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I64x2ShrU(V128 a, int count) => Vector128.ShiftRightLogical(a.AsUInt64(), count & 63).AsByte();

    // ---- integer binary -------------------------------------------------------------------------

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16Add(V128 a, V128 b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16Sub(V128 a, V128 b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8Add(V128 a, V128 b) => (a.AsUInt16() + b.AsUInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8Sub(V128 a, V128 b) => (a.AsUInt16() - b.AsUInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8Mul(V128 a, V128 b) => (a.AsUInt16() * b.AsUInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4Add(V128 a, V128 b) => (a.AsUInt32() + b.AsUInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4Sub(V128 a, V128 b) => (a.AsUInt32() - b.AsUInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4Mul(V128 a, V128 b) => (a.AsUInt32() * b.AsUInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I64x2Add(V128 a, V128 b) => (a.AsUInt64() + b.AsUInt64()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I64x2Sub(V128 a, V128 b) => (a.AsUInt64() - b.AsUInt64()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I64x2Mul(V128 a, V128 b) => (a.AsUInt64() * b.AsUInt64()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16AddSatS(V128 a, V128 b) => Vector128.AddSaturate(a.AsSByte(), b.AsSByte()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16AddSatU(V128 a, V128 b) => Vector128.AddSaturate(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16SubSatS(V128 a, V128 b) => Vector128.SubtractSaturate(a.AsSByte(), b.AsSByte()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16SubSatU(V128 a, V128 b) => Vector128.SubtractSaturate(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8AddSatS(V128 a, V128 b) => Vector128.AddSaturate(a.AsInt16(), b.AsInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8AddSatU(V128 a, V128 b) => Vector128.AddSaturate(a.AsUInt16(), b.AsUInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8SubSatS(V128 a, V128 b) => Vector128.SubtractSaturate(a.AsInt16(), b.AsInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8SubSatU(V128 a, V128 b) => Vector128.SubtractSaturate(a.AsUInt16(), b.AsUInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16MinS(V128 a, V128 b) => Vector128.Min(a.AsSByte(), b.AsSByte()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16MinU(V128 a, V128 b) => Vector128.Min(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16MaxS(V128 a, V128 b) => Vector128.Max(a.AsSByte(), b.AsSByte()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16MaxU(V128 a, V128 b) => Vector128.Max(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8MinS(V128 a, V128 b) => Vector128.Min(a.AsInt16(), b.AsInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8MinU(V128 a, V128 b) => Vector128.Min(a.AsUInt16(), b.AsUInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8MaxS(V128 a, V128 b) => Vector128.Max(a.AsInt16(), b.AsInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8MaxU(V128 a, V128 b) => Vector128.Max(a.AsUInt16(), b.AsUInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4MinS(V128 a, V128 b) => Vector128.Min(a.AsInt32(), b.AsInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4MinU(V128 a, V128 b) => Vector128.Min(a.AsUInt32(), b.AsUInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4MaxS(V128 a, V128 b) => Vector128.Max(a.AsInt32(), b.AsInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4MaxU(V128 a, V128 b) => Vector128.Max(a.AsUInt32(), b.AsUInt32()).AsByte();

    /// <summary><c>i8x16.avgr_u</c>: (a + b + 1) / 2 without overflow.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16AvgrU(V128 a, V128 b)
    {
        if (Sse2.IsSupported)
        {
            return Sse2.Average(a, b);
        }
        if (AdvSimd.IsSupported)
        {
            return AdvSimd.FusedAddRoundedHalving(a, b);
        }
        return (a | b) - Vector128.ShiftRightLogical(a ^ b, 1);
    }

    /// <summary><c>i16x8.avgr_u</c>: (a + b + 1) / 2 without overflow.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8AvgrU(V128 a, V128 b)
    {
        var x = a.AsUInt16();
        var y = b.AsUInt16();
        if (Sse2.IsSupported)
        {
            return Sse2.Average(x, y).AsByte();
        }
        if (AdvSimd.IsSupported)
        {
            return AdvSimd.FusedAddRoundedHalving(x, y).AsByte();
        }
        return ((x | y) - Vector128.ShiftRightLogical(x ^ y, 1)).AsByte();
    }

    /// <summary><c>i16x8.q15mulr_sat_s</c>: (a * b + 0x4000) &gt;&gt; 15, saturated.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8Q15mulrSatS(V128 a, V128 b)
    {
        var x = a.AsInt16();
        var y = b.AsInt16();
        if (AdvSimd.IsSupported)
        {
            // sqrdmulh saturates the one overflowing case itself.
            return AdvSimd.MultiplyRoundedDoublingSaturateHigh(x, y).AsByte();
        }
        if (Ssse3.IsSupported)
        {
            // pmulhrsw rounds the same way but wraps -32768 * -32768 to -32768 where wasm
            // saturates to 32767. The output alone cannot tell (-32768 * 32767 also rounds to
            // -32768), so detect the inputs and flip those lanes to 0x7FFF.
            var product = Ssse3.MultiplyHighRoundScale(x, y);
            var min = Vector128.Create(short.MinValue);
            var overflow = Vector128.Equals(x, min) & Vector128.Equals(y, min);
            return (product ^ overflow).AsByte();
        }
        var rounding = Vector128.Create(0x4000);
        var low = (Vector128.WidenLower(x) * Vector128.WidenLower(y) + rounding) >> 15;
        var high = (Vector128.WidenUpper(x) * Vector128.WidenUpper(y) + rounding) >> 15;
        return Vector128.NarrowWithSaturation(low, high).AsByte();
    }

    /// <summary><c>i32x4.dot_i16x8_s</c>: sums of adjacent products; only 2 × (-32768)² wraps.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4DotI16x8S(V128 a, V128 b)
    {
        if (Sse2.IsSupported)
        {
            return Sse2.MultiplyAddAdjacent(a.AsInt16(), b.AsInt16()).AsByte();
        }
        var x = a.AsInt32();
        var y = b.AsInt32();
        var even = ((x << 16) >> 16) * ((y << 16) >> 16);
        var odd = (x >> 16) * (y >> 16);
        return (even + odd).AsByte();
    }

    // ---- narrow, extend, extadd_pairwise, extmul ------------------------------------------------

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16NarrowI16x8S(V128 a, V128 b) => Vector128.NarrowWithSaturation(a.AsInt16(), b.AsInt16()).AsByte();

    /// <summary><c>i8x16.narrow_i16x8_u</c>: signed input, unsigned saturation (negative lanes become 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16NarrowI16x8U(V128 a, V128 b)
    {
        if (Sse2.IsSupported)
        {
            return Sse2.PackUnsignedSaturate(a.AsInt16(), b.AsInt16());
        }
        // NarrowWithSaturation on ushort reads the lanes as unsigned, so clear the negatives first.
        var zero = Vector128<short>.Zero;
        return Vector128.NarrowWithSaturation(
            Vector128.Max(a.AsInt16(), zero).AsUInt16(),
            Vector128.Max(b.AsInt16(), zero).AsUInt16());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8NarrowI32x4S(V128 a, V128 b) => Vector128.NarrowWithSaturation(a.AsInt32(), b.AsInt32()).AsByte();

    /// <summary><c>i16x8.narrow_i32x4_u</c>: signed input, unsigned saturation (negative lanes become 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8NarrowI32x4U(V128 a, V128 b)
    {
        if (Sse41.IsSupported)
        {
            return Sse41.PackUnsignedSaturate(a.AsInt32(), b.AsInt32()).AsByte();
        }
        var zero = Vector128<int>.Zero;
        return Vector128.NarrowWithSaturation(
            Vector128.Max(a.AsInt32(), zero).AsUInt32(),
            Vector128.Max(b.AsInt32(), zero).AsUInt32()).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8ExtendLowI8x16S(V128 a) => Vector128.WidenLower(a.AsSByte()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8ExtendHighI8x16S(V128 a) => Vector128.WidenUpper(a.AsSByte()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8ExtendLowI8x16U(V128 a) => Vector128.WidenLower(a).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8ExtendHighI8x16U(V128 a) => Vector128.WidenUpper(a).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4ExtendLowI16x8S(V128 a) => Vector128.WidenLower(a.AsInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4ExtendHighI16x8S(V128 a) => Vector128.WidenUpper(a.AsInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4ExtendLowI16x8U(V128 a) => Vector128.WidenLower(a.AsUInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4ExtendHighI16x8U(V128 a) => Vector128.WidenUpper(a.AsUInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I64x2ExtendLowI32x4S(V128 a) => Vector128.WidenLower(a.AsInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I64x2ExtendHighI32x4S(V128 a) => Vector128.WidenUpper(a.AsInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I64x2ExtendLowI32x4U(V128 a) => Vector128.WidenLower(a.AsUInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I64x2ExtendHighI32x4U(V128 a) => Vector128.WidenUpper(a.AsUInt32()).AsByte();

    // Pairwise sums split each wide lane into its two narrow halves with shifts (lane 2i is the
    // low half on a little-endian v128), which avoids a shuffle.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8ExtaddPairwiseI8x16S(V128 a)
    {
        var x = a.AsInt16();
        return (((x << 8) >> 8) + (x >> 8)).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8ExtaddPairwiseI8x16U(V128 a)
    {
        var x = a.AsUInt16();
        return ((x & Vector128.Create((ushort)0xFF)) + (x >> 8)).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4ExtaddPairwiseI16x8S(V128 a)
    {
        var x = a.AsInt32();
        return (((x << 16) >> 16) + (x >> 16)).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4ExtaddPairwiseI16x8U(V128 a)
    {
        var x = a.AsUInt32();
        return ((x & Vector128.Create(0xFFFFu)) + (x >> 16)).AsByte();
    }

    // Extended products always fit the wide lane, even (-2^(n-1))², so plain widen-and-multiply is exact.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8ExtmulLowI8x16S(V128 a, V128 b) => (Vector128.WidenLower(a.AsSByte()) * Vector128.WidenLower(b.AsSByte())).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8ExtmulHighI8x16S(V128 a, V128 b) => (Vector128.WidenUpper(a.AsSByte()) * Vector128.WidenUpper(b.AsSByte())).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8ExtmulLowI8x16U(V128 a, V128 b) => (Vector128.WidenLower(a) * Vector128.WidenLower(b)).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8ExtmulHighI8x16U(V128 a, V128 b) => (Vector128.WidenUpper(a) * Vector128.WidenUpper(b)).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4ExtmulLowI16x8S(V128 a, V128 b) => (Vector128.WidenLower(a.AsInt16()) * Vector128.WidenLower(b.AsInt16())).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4ExtmulHighI16x8S(V128 a, V128 b) => (Vector128.WidenUpper(a.AsInt16()) * Vector128.WidenUpper(b.AsInt16())).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4ExtmulLowI16x8U(V128 a, V128 b) => (Vector128.WidenLower(a.AsUInt16()) * Vector128.WidenLower(b.AsUInt16())).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4ExtmulHighI16x8U(V128 a, V128 b) => (Vector128.WidenUpper(a.AsUInt16()) * Vector128.WidenUpper(b.AsUInt16())).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I64x2ExtmulLowI32x4S(V128 a, V128 b) => (Vector128.WidenLower(a.AsInt32()) * Vector128.WidenLower(b.AsInt32())).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I64x2ExtmulHighI32x4S(V128 a, V128 b) => (Vector128.WidenUpper(a.AsInt32()) * Vector128.WidenUpper(b.AsInt32())).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I64x2ExtmulLowI32x4U(V128 a, V128 b) => (Vector128.WidenLower(a.AsUInt32()) * Vector128.WidenLower(b.AsUInt32())).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I64x2ExtmulHighI32x4U(V128 a, V128 b) => (Vector128.WidenUpper(a.AsUInt32()) * Vector128.WidenUpper(b.AsUInt32())).AsByte();

    // ---- float unary ----------------------------------------------------------------------------

    // abs and neg are bit operations in wasm: they touch only the sign, even of a NaN.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F32x4Abs(V128 a) => (a.AsUInt32() & Vector128.Create(0x7FFF_FFFFu)).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F32x4Neg(V128 a) => (a.AsUInt32() ^ Vector128.Create(0x8000_0000u)).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F64x2Abs(V128 a) => (a.AsUInt64() & Vector128.Create(0x7FFF_FFFF_FFFF_FFFFul)).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F64x2Neg(V128 a) => (a.AsUInt64() ^ Vector128.Create(0x8000_0000_0000_0000ul)).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F32x4Sqrt(V128 a) => Vector128.Sqrt(a.AsSingle()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F64x2Sqrt(V128 a) => Vector128.Sqrt(a.AsDouble()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F32x4Ceil(V128 a) => Vector128.Ceiling(a.AsSingle()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F32x4Floor(V128 a) => Vector128.Floor(a.AsSingle()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F32x4Trunc(V128 a) => Vector128.Truncate(a.AsSingle()).AsByte();

    /// <summary><c>f32x4.nearest</c>: round half to even (Vector128.Round's default mode).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F32x4Nearest(V128 a) => Vector128.Round(a.AsSingle()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F64x2Ceil(V128 a) => Vector128.Ceiling(a.AsDouble()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F64x2Floor(V128 a) => Vector128.Floor(a.AsDouble()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F64x2Trunc(V128 a) => Vector128.Truncate(a.AsDouble()).AsByte();

    /// <summary><c>f64x2.nearest</c>: round half to even (Vector128.Round's default mode).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F64x2Nearest(V128 a) => Vector128.Round(a.AsDouble()).AsByte();

    // ---- float binary ---------------------------------------------------------------------------

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F32x4Add(V128 a, V128 b) => (a.AsSingle() + b.AsSingle()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F32x4Sub(V128 a, V128 b) => (a.AsSingle() - b.AsSingle()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F32x4Mul(V128 a, V128 b) => (a.AsSingle() * b.AsSingle()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F32x4Div(V128 a, V128 b) => (a.AsSingle() / b.AsSingle()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F64x2Add(V128 a, V128 b) => (a.AsDouble() + b.AsDouble()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F64x2Sub(V128 a, V128 b) => (a.AsDouble() - b.AsDouble()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F64x2Mul(V128 a, V128 b) => (a.AsDouble() * b.AsDouble()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F64x2Div(V128 a, V128 b) => (a.AsDouble() / b.AsDouble()).AsByte();

    // min/max: wasm's fmin/fmax are IEEE 754-2019 minimum/maximum, which Vector128.Min/Max are
    // since .NET 9 (a bare minps/maxps is not: it returns the second operand for NaN and for ±0).
    // One gap remains: without AVX2, and in the managed fallback, a NaN operand comes back as is,
    // and a signalling NaN is not the arithmetic NaN wasm requires; setting the quiet bit of NaN
    // lanes makes it one and leaves canonical NaNs canonical.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F32x4Min(V128 a, V128 b) => QuietNaNs(Vector128.Min(a.AsSingle(), b.AsSingle()));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F32x4Max(V128 a, V128 b) => QuietNaNs(Vector128.Max(a.AsSingle(), b.AsSingle()));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F64x2Min(V128 a, V128 b) => QuietNaNs(Vector128.Min(a.AsDouble(), b.AsDouble()));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F64x2Max(V128 a, V128 b) => QuietNaNs(Vector128.Max(a.AsDouble(), b.AsDouble()));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V128 QuietNaNs(Vector128<float> r)
    {
        var nan = ~Vector128.Equals(r, r).AsUInt32();
        return (r.AsUInt32() | (nan & Vector128.Create(0x0040_0000u))).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V128 QuietNaNs(Vector128<double> r)
    {
        var nan = ~Vector128.Equals(r, r).AsUInt64();
        return (r.AsUInt64() | (nan & Vector128.Create(0x0008_0000_0000_0000ul))).AsByte();
    }

    // pmin/pmax are defined by a comparison, b < a ? b : a and a < b ? b : a, so they return one
    // operand's exact bits (a NaN in a is kept, a NaN in b is never chosen), as minps/maxps do.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F32x4Pmin(V128 a, V128 b)
    {
        var x = a.AsSingle();
        var y = b.AsSingle();
        return Vector128.ConditionalSelect(Vector128.LessThan(y, x), y, x).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F32x4Pmax(V128 a, V128 b)
    {
        var x = a.AsSingle();
        var y = b.AsSingle();
        return Vector128.ConditionalSelect(Vector128.LessThan(x, y), y, x).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F64x2Pmin(V128 a, V128 b)
    {
        var x = a.AsDouble();
        var y = b.AsDouble();
        return Vector128.ConditionalSelect(Vector128.LessThan(y, x), y, x).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F64x2Pmax(V128 a, V128 b)
    {
        var x = a.AsDouble();
        var y = b.AsDouble();
        return Vector128.ConditionalSelect(Vector128.LessThan(x, y), y, x).AsByte();
    }

    // ---- conversions ----------------------------------------------------------------------------

    // Vector128.ConvertToInt32/UInt32/Int64/UInt64 saturate and send NaN to 0 since .NET 9,
    // which is trunc_sat exactly (the *Native variants are the raw, platform-specific ones).

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4TruncSatF32x4S(V128 a) => Vector128.ConvertToInt32(a.AsSingle()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4TruncSatF32x4U(V128 a) => Vector128.ConvertToUInt32(a.AsSingle()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4TruncSatF64x2SZero(V128 a) =>
        Vector128.NarrowWithSaturation(Vector128.ConvertToInt64(a.AsDouble()), Vector128<long>.Zero).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4TruncSatF64x2UZero(V128 a) =>
        Vector128.NarrowWithSaturation(Vector128.ConvertToUInt64(a.AsDouble()), Vector128<ulong>.Zero).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F32x4ConvertI32x4S(V128 a) => Vector128.ConvertToSingle(a.AsInt32()).AsByte();

    /// <summary><c>f32x4.convert_i32x4_u</c>, rounded to nearest even once (no double rounding).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F32x4ConvertI32x4U(V128 a) => Vector128.ConvertToSingle(a.AsUInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F64x2ConvertLowI32x4S(V128 a) => Vector128.ConvertToDouble(Vector128.WidenLower(a.AsInt32())).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F64x2ConvertLowI32x4U(V128 a) => Vector128.ConvertToDouble(Vector128.WidenLower(a.AsUInt32())).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F32x4DemoteF64x2Zero(V128 a) => Vector128.Narrow(a.AsDouble(), Vector128<double>.Zero).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F64x2PromoteLowF32x4(V128 a) => Vector128.WidenLower(a.AsSingle()).AsByte();
}
