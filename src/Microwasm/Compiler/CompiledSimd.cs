using System.Runtime.CompilerServices;
using Microwasm.Runtime;
using V128 = System.Runtime.Intrinsics.Vector128<byte>;

namespace Microwasm.Compiler;

/// <summary>
/// The SIMD instructions whose compiled form is not a plain call of <see cref="SimdOps"/>: the
/// memory forms (given the checked native address, as the emitted code has it) and the float lane
/// instructions (float values on the CIL stack, bits in the vector). Each is the interpreter's
/// handler minus its slot traffic, calling the same <see cref="SimdOps"/> method, so both engines
/// compute every SIMD instruction with the same C#. All are inlined into the compiled method.
/// </summary>
/// <remarks>Named after <see cref="Model.SimdOpcode"/>; <see cref="FunctionCompiler"/> looks a method up here first, then in <see cref="SimdOps"/>.</remarks>
internal static unsafe class CompiledSimd
{
    // ---- loads and stores: the address is checked and translated by the emitted code ---------------

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128Load(byte* p) => Unsafe.ReadUnaligned<V128>(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128Load8x8S(byte* p) => SimdOps.V128Load8x8S(Unsafe.ReadUnaligned<ulong>(p));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128Load8x8U(byte* p) => SimdOps.V128Load8x8U(Unsafe.ReadUnaligned<ulong>(p));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128Load16x4S(byte* p) => SimdOps.V128Load16x4S(Unsafe.ReadUnaligned<ulong>(p));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128Load16x4U(byte* p) => SimdOps.V128Load16x4U(Unsafe.ReadUnaligned<ulong>(p));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128Load32x2S(byte* p) => SimdOps.V128Load32x2S(Unsafe.ReadUnaligned<ulong>(p));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128Load32x2U(byte* p) => SimdOps.V128Load32x2U(Unsafe.ReadUnaligned<ulong>(p));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128Load8Splat(byte* p) => SimdOps.I8x16Splat(*p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128Load16Splat(byte* p) => SimdOps.I16x8Splat(Unsafe.ReadUnaligned<ushort>(p));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128Load32Splat(byte* p) => SimdOps.I32x4Splat(Unsafe.ReadUnaligned<int>(p));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128Load64Splat(byte* p) => SimdOps.I64x2Splat(Unsafe.ReadUnaligned<long>(p));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128Load32Zero(byte* p) => SimdOps.V128Load32Zero(Unsafe.ReadUnaligned<uint>(p));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128Load64Zero(byte* p) => SimdOps.V128Load64Zero(Unsafe.ReadUnaligned<ulong>(p));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void V128Store(byte* p, V128 value) => Unsafe.WriteUnaligned(p, value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128Load8Lane(byte* p, V128 v, int lane) => SimdOps.I8x16ReplaceLane(v, lane, *p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128Load16Lane(byte* p, V128 v, int lane) => SimdOps.I16x8ReplaceLane(v, lane, Unsafe.ReadUnaligned<ushort>(p));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128Load32Lane(byte* p, V128 v, int lane) => SimdOps.I32x4ReplaceLane(v, lane, Unsafe.ReadUnaligned<int>(p));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128Load64Lane(byte* p, V128 v, int lane) => SimdOps.I64x2ReplaceLane(v, lane, Unsafe.ReadUnaligned<long>(p));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void V128Store8Lane(byte* p, V128 v, int lane) => *p = (byte)SimdOps.I8x16ExtractLaneU(v, lane);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void V128Store16Lane(byte* p, V128 v, int lane) => Unsafe.WriteUnaligned(p, (ushort)SimdOps.I16x8ExtractLaneU(v, lane));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void V128Store32Lane(byte* p, V128 v, int lane) => Unsafe.WriteUnaligned(p, SimdOps.I32x4ExtractLane(v, lane));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void V128Store64Lane(byte* p, V128 v, int lane) => Unsafe.WriteUnaligned(p, SimdOps.I64x2ExtractLane(v, lane));

    // ---- float lanes: the vector holds bits, the CIL stack floats ----------------------------------

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F32x4Splat(float x) => SimdOps.I32x4Splat(BitConverter.SingleToInt32Bits(x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F64x2Splat(double x) => SimdOps.I64x2Splat(BitConverter.DoubleToInt64Bits(x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32x4ExtractLane(V128 v, int lane) => BitConverter.UInt32BitsToSingle(SimdOps.F32x4ExtractLane(v, lane));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64x2ExtractLane(V128 v, int lane) => BitConverter.UInt64BitsToDouble(SimdOps.F64x2ExtractLane(v, lane));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F32x4ReplaceLane(V128 v, int lane, float x) => SimdOps.F32x4ReplaceLane(v, lane, BitConverter.SingleToUInt32Bits(x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F64x2ReplaceLane(V128 v, int lane, double x) => SimdOps.F64x2ReplaceLane(v, lane, BitConverter.DoubleToUInt64Bits(x));

    // ---- constants and globals ---------------------------------------------------------------------

    /// <summary><c>v128.const</c> (and a shuffle's lanes) from the two halves of its 16 bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 Constant(long low, long high) => SimdOps.FromHalves((ulong)low, (ulong)high);

    /// <summary>A v128 global's value, from its two halves.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 GlobalGet(GlobalInstance global) => SimdOps.FromHalves(global.Value, global.High);

    /// <summary>Writes a v128 global's two halves.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void GlobalSet(GlobalInstance global, V128 value)
    {
        global.Value = SimdOps.Low(value);
        global.High = SimdOps.High(value);
    }
}
