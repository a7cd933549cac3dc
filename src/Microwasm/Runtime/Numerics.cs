using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Microwasm.Runtime;

/// <summary>
/// The exact WebAssembly 2.0 semantics of the scalar numeric instructions whose C# operator does
/// not already match the specification, shared by the interpreter and the CIL compiler so both
/// engines agree bit for bit.
/// </summary>
/// <remarks>
/// <para>
/// Values are in their WebAssembly representation: i32 is <see cref="int"/>, i64 is
/// <see cref="long"/>, whatever the signedness of the instruction; the <c>_u</c> methods
/// reinterpret their operands themselves. Method names are the spec's instruction names
/// (<c>i32.trunc_f32_s</c> is <see cref="I32TruncF32S"/>).
/// </para>
/// <para>
/// Instructions whose operator already matches are left to the engines: integer add, sub, mul
/// (wrapping, as C# is unchecked by default), and, or, xor, comparisons (unsigned ones after a cast
/// to <see cref="uint"/>/<see cref="ulong"/>), and float add, sub, mul, div and comparisons (IEEE 754
/// binary32/binary64 in SSE/NEON registers, no excess precision, NaNs propagated quiet).
/// </para>
/// <para>
/// Every trapping method keeps its throw in <see cref="ThrowTrap"/> or <see cref="ThrowTruncTrap"/>,
/// which are never inlined, so the inlined fast path is a compare and the operation.
/// </para>
/// </remarks>
internal static class Numerics
{
    /// <summary>The canonical f32 NaN's bits (positive sign): only the quiet bit of the payload set.</summary>
    public const uint CanonicalNaN32Bits = 0x7FC0_0000;

    /// <summary>The canonical f64 NaN's bits (positive sign): only the quiet bit of the payload set.</summary>
    public const ulong CanonicalNaN64Bits = 0x7FF8_0000_0000_0000;

    private const uint SignBit32 = 0x8000_0000;
    private const ulong SignBit64 = 0x8000_0000_0000_0000;

    // ---- traps -----------------------------------------------------------------------------

    /// <summary>Throws a <see cref="WasmTrap"/>; out of line so callers inline to their fast path only.</summary>
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    [StackTraceHidden]
    public static void ThrowTrap(TrapKind kind) => throw new WasmTrap(kind);

    /// <summary>The trap of a trapping float-to-integer truncation whose operand is out of range.</summary>
    /// <remarks>Takes the operand (a float widens to double exactly) so the NaN test is off the fast path too.</remarks>
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    [StackTraceHidden]
    public static void ThrowTruncTrap(double operand) =>
        throw new WasmTrap(double.IsNaN(operand) ? TrapKind.InvalidConversionToInteger : TrapKind.IntegerOverflow);

    // ---- i32 ---------------------------------------------------------------------------------

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32DivS(int a, int b)
    {
        if (b == 0)
        {
            ThrowTrap(TrapKind.IntegerDivideByZero);
        }

        // The one quotient that does not fit; .NET would throw OverflowException (x64 idiv faults).
        if (b == -1 && a == int.MinValue)
        {
            ThrowTrap(TrapKind.IntegerOverflow);
        }

        return a / b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32DivU(int a, int b)
    {
        if (b == 0)
        {
            ThrowTrap(TrapKind.IntegerDivideByZero);
        }

        return (int)((uint)a / (uint)b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32RemS(int a, int b)
    {
        if (b == 0)
        {
            ThrowTrap(TrapKind.IntegerDivideByZero);
        }

        // Wasm defines INT_MIN rem -1 as 0, but .NET throws OverflowException for it (idiv faults on
        // the quotient even though the remainder fits); every x rem -1 is 0, so skip the division.
        return b == -1 ? 0 : a % b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32RemU(int a, int b)
    {
        if (b == 0)
        {
            ThrowTrap(TrapKind.IntegerDivideByZero);
        }

        return (int)((uint)a % (uint)b);
    }

    // C# masks a 32-bit shift count with 31 (ECMA-335 leaves it unspecified, C# defines it), which is
    // exactly wasm's "count mod 32"; these exist so the engines need not rely on that silently.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32Shl(int a, int count) => a << count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32ShrS(int a, int count) => a >> count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32ShrU(int a, int count) => a >>> count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32Rotl(int a, int count) => (int)BitOperations.RotateLeft((uint)a, count);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32Rotr(int a, int count) => (int)BitOperations.RotateRight((uint)a, count);

    /// <summary>i32.clz; 32 for zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32Clz(int a) => BitOperations.LeadingZeroCount((uint)a);

    /// <summary>i32.ctz; 32 for zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32Ctz(int a) => BitOperations.TrailingZeroCount((uint)a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32Popcnt(int a) => BitOperations.PopCount((uint)a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32Extend8S(int a) => (sbyte)a;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32Extend16S(int a) => (short)a;

    // ---- i64 ---------------------------------------------------------------------------------

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64DivS(long a, long b)
    {
        if (b == 0)
        {
            ThrowTrap(TrapKind.IntegerDivideByZero);
        }

        if (b == -1 && a == long.MinValue)
        {
            ThrowTrap(TrapKind.IntegerOverflow);
        }

        return a / b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64DivU(long a, long b)
    {
        if (b == 0)
        {
            ThrowTrap(TrapKind.IntegerDivideByZero);
        }

        return (long)((ulong)a / (ulong)b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64RemS(long a, long b)
    {
        if (b == 0)
        {
            ThrowTrap(TrapKind.IntegerDivideByZero);
        }

        // As for i32: LONG_MIN rem -1 is 0 in wasm but an OverflowException in .NET.
        return b == -1 ? 0 : a % b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64RemU(long a, long b)
    {
        if (b == 0)
        {
            ThrowTrap(TrapKind.IntegerDivideByZero);
        }

        return (long)((ulong)a % (ulong)b);
    }

    // C# masks a 64-bit shift count with 63, exactly wasm's "count mod 64". The count is an i64 in
    // wasm; truncating it to int keeps its low six bits, which are all that matter.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64Shl(long a, long count) => a << (int)count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64ShrS(long a, long count) => a >> (int)count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64ShrU(long a, long count) => a >>> (int)count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64Rotl(long a, long count) => (long)BitOperations.RotateLeft((ulong)a, (int)count);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64Rotr(long a, long count) => (long)BitOperations.RotateRight((ulong)a, (int)count);

    /// <summary>i64.clz; 64 for zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64Clz(long a) => BitOperations.LeadingZeroCount((ulong)a);

    /// <summary>i64.ctz; 64 for zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64Ctz(long a) => BitOperations.TrailingZeroCount((ulong)a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64Popcnt(long a) => BitOperations.PopCount((ulong)a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64Extend8S(long a) => (sbyte)a;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64Extend16S(long a) => (short)a;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64Extend32S(long a) => (int)a;

    /// <summary>i64.extend_i32_s.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64ExtendI32S(int a) => a;

    /// <summary>i64.extend_i32_u.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64ExtendI32U(int a) => (uint)a;

    /// <summary>i32.wrap_i64.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32WrapI64(long a) => (int)a;

    // ---- f32 ---------------------------------------------------------------------------------

    // abs, neg and copysign are bit operations in wasm: they must change only the sign bit, even of
    // a NaN (payload and quiet bit untouched), so they are written on the bits rather than trusting
    // an arithmetic instruction not to quiet or canonicalise the NaN.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32Abs(float a) => BitConverter.UInt32BitsToSingle(BitConverter.SingleToUInt32Bits(a) & ~SignBit32);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32Neg(float a) => BitConverter.UInt32BitsToSingle(BitConverter.SingleToUInt32Bits(a) ^ SignBit32);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32Copysign(float magnitude, float sign) => BitConverter.UInt32BitsToSingle(
        (BitConverter.SingleToUInt32Bits(magnitude) & ~SignBit32) | (BitConverter.SingleToUInt32Bits(sign) & SignBit32));

    /// <summary>f32.min: NaN if either operand is NaN, and -0 is less than +0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32Min(float a, float b)
    {
        if (a < b)
        {
            return a;
        }

        if (b < a)
        {
            return b;
        }

        if (a == b)
        {
            // Equal operands differ at most in the sign of zero; OR keeps -0 if either is -0.
            return BitConverter.UInt32BitsToSingle(BitConverter.SingleToUInt32Bits(a) | BitConverter.SingleToUInt32Bits(b));
        }

        // At least one NaN. The hardware addition returns an input NaN made quiet, which is what the
        // spec asks: canonical if the NaN inputs are canonical, otherwise some arithmetic NaN.
        // (MathF.Min would also propagate the NaN, but not quiet a signalling one on every platform.)
        return a + b;
    }

    /// <summary>f32.max: NaN if either operand is NaN, and +0 is greater than -0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32Max(float a, float b)
    {
        if (a > b)
        {
            return a;
        }

        if (b > a)
        {
            return b;
        }

        if (a == b)
        {
            // AND clears the sign unless both are -0.
            return BitConverter.UInt32BitsToSingle(BitConverter.SingleToUInt32Bits(a) & BitConverter.SingleToUInt32Bits(b));
        }

        return a + b;
    }

    // ceil, floor, trunc, nearest and sqrt map onto single instructions (roundss/frint*, sqrtss) that
    // are exact, keep the sign of a zero result (ceil(-0.5) = -0, nearest(-0.5) = -0) and quiet NaNs,
    // which is the spec's behaviour. The managed fallbacks used without SSE4.1 behave the same.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32Ceil(float a) => MathF.Ceiling(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32Floor(float a) => MathF.Floor(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32Trunc(float a) => MathF.Truncate(a);

    /// <summary>f32.nearest: round to the nearest integer, ties to even.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32Nearest(float a) => MathF.Round(a, MidpointRounding.ToEven);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32Sqrt(float a) => MathF.Sqrt(a);

    // ---- f64 ---------------------------------------------------------------------------------

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64Abs(double a) => BitConverter.UInt64BitsToDouble(BitConverter.DoubleToUInt64Bits(a) & ~SignBit64);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64Neg(double a) => BitConverter.UInt64BitsToDouble(BitConverter.DoubleToUInt64Bits(a) ^ SignBit64);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64Copysign(double magnitude, double sign) => BitConverter.UInt64BitsToDouble(
        (BitConverter.DoubleToUInt64Bits(magnitude) & ~SignBit64) | (BitConverter.DoubleToUInt64Bits(sign) & SignBit64));

    /// <summary>f64.min: NaN if either operand is NaN, and -0 is less than +0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64Min(double a, double b)
    {
        if (a < b)
        {
            return a;
        }

        if (b < a)
        {
            return b;
        }

        if (a == b)
        {
            return BitConverter.UInt64BitsToDouble(BitConverter.DoubleToUInt64Bits(a) | BitConverter.DoubleToUInt64Bits(b));
        }

        return a + b;
    }

    /// <summary>f64.max: NaN if either operand is NaN, and +0 is greater than -0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64Max(double a, double b)
    {
        if (a > b)
        {
            return a;
        }

        if (b > a)
        {
            return b;
        }

        if (a == b)
        {
            return BitConverter.UInt64BitsToDouble(BitConverter.DoubleToUInt64Bits(a) & BitConverter.DoubleToUInt64Bits(b));
        }

        return a + b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64Ceil(double a) => Math.Ceiling(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64Floor(double a) => Math.Floor(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64Trunc(double a) => Math.Truncate(a);

    /// <summary>f64.nearest: round to the nearest integer, ties to even.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64Nearest(double a) => Math.Round(a, MidpointRounding.ToEven);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64Sqrt(double a) => Math.Sqrt(a);

    // ---- float <-> float ---------------------------------------------------------------------

    /// <summary>f32.demote_f64: rounds to nearest, ties to even; a NaN stays a NaN.</summary>
    /// <remarks>
    /// cvtsd2ss/fcvt keep the sign and the top payload bits and set the quiet bit, so a canonical NaN
    /// demotes to a canonical NaN and any other NaN to an arithmetic one, as the spec requires.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32DemoteF64(double a) => (float)a;

    /// <summary>f64.promote_f32: exact; NaNs keep sign and payload (left-aligned) and become quiet.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64PromoteF32(float a) => a;

    // ---- float -> integer, trapping ----------------------------------------------------------

    // Each range test is written so that NaN fails it (every comparison with NaN is false), and both
    // bounds are exactly representable in the source type. The upper bound is 2^N, exclusive. The
    // lower bound is -1 (unsigned) or MIN - 1 (signed), exclusive; where MIN - 1 is not representable
    // (f32 -> i32, and -> i64 from either type) no value lies strictly between it and MIN, so the
    // test is ">= MIN" instead. Inside the range the C# cast truncates towards zero, the wasm
    // semantics, on every .NET runtime; only the out-of-range results differ between runtimes.

    /// <summary>i32.trunc_f32_s: accepts [-2^31, 2^31).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32TruncF32S(float a)
    {
        if (!(a >= -2147483648.0f && a < 2147483648.0f))
        {
            ThrowTruncTrap(a);
        }

        return (int)a;
    }

    /// <summary>i32.trunc_f32_u: accepts (-1, 2^32); -0.9 truncates to 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32TruncF32U(float a)
    {
        if (!(a > -1.0f && a < 4294967296.0f))
        {
            ThrowTruncTrap(a);
        }

        return (int)(uint)a;
    }

    /// <summary>i32.trunc_f64_s: accepts (-2^31 - 1, 2^31).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32TruncF64S(double a)
    {
        if (!(a > -2147483649.0 && a < 2147483648.0))
        {
            ThrowTruncTrap(a);
        }

        return (int)a;
    }

    /// <summary>i32.trunc_f64_u: accepts (-1, 2^32).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32TruncF64U(double a)
    {
        if (!(a > -1.0 && a < 4294967296.0))
        {
            ThrowTruncTrap(a);
        }

        return (int)(uint)a;
    }

    /// <summary>i64.trunc_f32_s: accepts [-2^63, 2^63).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64TruncF32S(float a)
    {
        if (!(a >= -9223372036854775808.0f && a < 9223372036854775808.0f))
        {
            ThrowTruncTrap(a);
        }

        return (long)a;
    }

    /// <summary>i64.trunc_f32_u: accepts (-1, 2^64).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64TruncF32U(float a)
    {
        if (!(a > -1.0f && a < 18446744073709551616.0f))
        {
            ThrowTruncTrap(a);
        }

        return (long)(ulong)a;
    }

    /// <summary>i64.trunc_f64_s: accepts [-2^63, 2^63) (no double lies strictly between -2^63 - 1 and -2^63).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64TruncF64S(double a)
    {
        if (!(a >= -9223372036854775808.0 && a < 9223372036854775808.0))
        {
            ThrowTruncTrap(a);
        }

        return (long)a;
    }

    /// <summary>i64.trunc_f64_u: accepts (-1, 2^64).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64TruncF64U(double a)
    {
        if (!(a > -1.0 && a < 18446744073709551616.0))
        {
            ThrowTruncTrap(a);
        }

        return (long)(ulong)a;
    }

    // ---- float -> integer, saturating (0xFC 0-7) ---------------------------------------------

    // .NET 9 and later make these casts saturating with NaN -> 0 on RyuJIT, which is exactly
    // trunc_sat; the explicit clamps keep the semantics independent of the runtime (Mono and older
    // runtimes did not saturate) at the cost of two predictable branches.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32TruncSatF32S(float a)
    {
        if (a >= -2147483648.0f && a < 2147483648.0f)
        {
            return (int)a;
        }

        return float.IsNaN(a) ? 0 : a < 0 ? int.MinValue : int.MaxValue;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32TruncSatF32U(float a)
    {
        if (a > -1.0f && a < 4294967296.0f)
        {
            return (int)(uint)a;
        }

        return a >= 4294967296.0f ? -1 : 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32TruncSatF64S(double a)
    {
        if (a > -2147483649.0 && a < 2147483648.0)
        {
            return (int)a;
        }

        return double.IsNaN(a) ? 0 : a < 0 ? int.MinValue : int.MaxValue;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32TruncSatF64U(double a)
    {
        if (a > -1.0 && a < 4294967296.0)
        {
            return (int)(uint)a;
        }

        return a >= 4294967296.0 ? -1 : 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64TruncSatF32S(float a)
    {
        if (a >= -9223372036854775808.0f && a < 9223372036854775808.0f)
        {
            return (long)a;
        }

        return float.IsNaN(a) ? 0 : a < 0 ? long.MinValue : long.MaxValue;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64TruncSatF32U(float a)
    {
        if (a > -1.0f && a < 18446744073709551616.0f)
        {
            return (long)(ulong)a;
        }

        return a >= 18446744073709551616.0f ? -1 : 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64TruncSatF64S(double a)
    {
        if (a >= -9223372036854775808.0 && a < 9223372036854775808.0)
        {
            return (long)a;
        }

        return double.IsNaN(a) ? 0 : a < 0 ? long.MinValue : long.MaxValue;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64TruncSatF64U(double a)
    {
        if (a > -1.0 && a < 18446744073709551616.0)
        {
            return (long)(ulong)a;
        }

        return a >= 18446744073709551616.0 ? -1 : 0;
    }

    // ---- integer -> float --------------------------------------------------------------------

    // Each conversion must round once, to nearest with ties to even. Converting a 64-bit integer to
    // f32 through a double would round twice and be wrong (0x0020000020000001 would give 0x1p+53, not
    // 0x1.000002p+53). .NET 10's (float)long and (float)ulong round once: checked on x64 with AVX-512,
    // without it, and with hardware intrinsics disabled. The tests pin the double-rounding cases from
    // conversions.wast so that a runtime which regresses (older ones went through double) is caught.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32ConvertI32S(int a) => a;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32ConvertI32U(int a) => (uint)a;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32ConvertI64S(long a) => a;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32ConvertI64U(long a) => (ulong)a;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64ConvertI32S(int a) => a;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64ConvertI32U(int a) => (uint)a;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64ConvertI64S(long a) => a;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64ConvertI64U(long a) => (ulong)a;

    // ---- reinterpret -------------------------------------------------------------------------

    // Pure bit moves: no NaN is touched, which is why the engines should store floats in their slots
    // through these and never through a float-typed conversion.
    //
    // One trap for the engines: when the bits are a JIT-time constant, optimised RyuJIT folds
    // Int32BitsToSingle(constant) into a float constant, which the JIT keeps as a double, so an f32
    // signalling NaN comes out quiet (0x7FA00001 -> 0x7FE00001; dotnet/runtime#114825, #133719;
    // f64 is unaffected). The same happens to an ldc.r4. Runtime values are safe, so the interpreter,
    // which keeps f32.const as raw bits in a slot, is too; the CIL compiler must not emit an f32
    // NaN constant as ldc.r4 or as Int32BitsToSingle(ldc.i4) but load its bits from somewhere the JIT
    // cannot fold (an array element, for instance).

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32ReinterpretF32(float a) => BitConverter.SingleToInt32Bits(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64ReinterpretF64(double a) => BitConverter.DoubleToInt64Bits(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32ReinterpretI32(int a) => BitConverter.Int32BitsToSingle(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64ReinterpretI64(long a) => BitConverter.Int64BitsToDouble(a);

    // ---- NaN classes (for the spec harness's nan:canonical and nan:arithmetic) ----------------

    /// <summary>True for a NaN whose payload is exactly the quiet bit, of either sign.</summary>
    public static bool IsCanonicalNaN(float a) => (BitConverter.SingleToUInt32Bits(a) & ~SignBit32) == CanonicalNaN32Bits;

    /// <summary>True for a NaN whose payload is exactly the quiet bit, of either sign.</summary>
    public static bool IsCanonicalNaN(double a) => (BitConverter.DoubleToUInt64Bits(a) & ~SignBit64) == CanonicalNaN64Bits;

    /// <summary>True for a NaN with the quiet bit set, whatever the rest of its payload and its sign.</summary>
    public static bool IsArithmeticNaN(float a) => (BitConverter.SingleToUInt32Bits(a) & CanonicalNaN32Bits) == CanonicalNaN32Bits;

    /// <summary>True for a NaN with the quiet bit set, whatever the rest of its payload and its sign.</summary>
    public static bool IsArithmeticNaN(double a) => (BitConverter.DoubleToUInt64Bits(a) & CanonicalNaN64Bits) == CanonicalNaN64Bits;
}
