using System.Globalization;

namespace Microwasm.Text;

/// <summary>How a number token failed to parse.</summary>
internal enum NumberError
{
    None,

    /// <summary>Not a number of the kind asked for.</summary>
    Malformed,

    /// <summary>Well-formed, but outside the type's range.</summary>
    OutOfRange,
}

/// <summary>
/// The numeric literals of the text format, exactly as the spec defines them: decimal and hex
/// integers with optional sign and <c>_</c> separators between digits; floats in decimal and
/// hex (correctly rounded, to nearest even), <c>inf</c>, <c>nan</c> and <c>nan:0x...</c>.
/// </summary>
internal static class WatNumbers
{
    /// <summary>
    /// An unsigned integer (<c>uN</c>): decimal or hex digits, no sign. Saturates instead of
    /// overflowing, and says so.
    /// </summary>
    public static NumberError ParseUnsigned(ReadOnlySpan<char> s, int bits, out ulong value)
    {
        value = 0;
        if (s.Length == 0 || s[0] is '+' or '-')
        {
            return NumberError.Malformed;
        }
        if (!ParseMagnitude(s, out var magnitude, out var overflow))
        {
            return NumberError.Malformed;
        }
        if (overflow || (bits < 64 && magnitude >> bits != 0))
        {
            return NumberError.OutOfRange;
        }
        value = magnitude;
        return NumberError.None;
    }

    /// <summary>
    /// An integer of type <c>iN</c>: either signed (<c>sN</c>, with a sign) or unsigned (<c>uN</c>);
    /// the result is the two's complement bit pattern in the low <paramref name="bits"/> bits.
    /// </summary>
    public static NumberError ParseInteger(ReadOnlySpan<char> s, int bits, out ulong value)
    {
        value = 0;
        if (s.Length == 0)
        {
            return NumberError.Malformed;
        }
        var negative = s[0] == '-';
        var signed = s[0] is '+' or '-';
        if (!ParseMagnitude(signed ? s[1..] : s, out var magnitude, out var overflow))
        {
            return NumberError.Malformed;
        }
        if (overflow)
        {
            return NumberError.OutOfRange;
        }
        var mask = bits == 64 ? ulong.MaxValue : (1ul << bits) - 1;
        if (negative)
        {
            // -2^(N-1) is the smallest value.
            if (magnitude > 1ul << (bits - 1))
            {
                return NumberError.OutOfRange;
            }
            value = (0 - magnitude) & mask;
        }
        else
        {
            if (magnitude > mask)
            {
                return NumberError.OutOfRange;
            }
            value = magnitude;
        }
        return NumberError.None;
    }

    /// <summary>Decimal digits or <c>0x</c> hex digits with <c>_</c> only between digits.</summary>
    private static bool ParseMagnitude(ReadOnlySpan<char> s, out ulong value, out bool overflow)
    {
        value = 0;
        overflow = false;
        var hex = s.Length > 2 && s[0] == '0' && s[1] == 'x';
        if (hex)
        {
            s = s[2..];
        }
        if (s.Length == 0 || s[0] == '_' || s[^1] == '_')
        {
            return false;
        }
        var radix = hex ? 16u : 10u;
        var previousUnderscore = false;
        foreach (var c in s)
        {
            if (c == '_')
            {
                if (previousUnderscore)
                {
                    return false;
                }
                previousUnderscore = true;
                continue;
            }
            previousUnderscore = false;
            var d = hex ? Lexer.HexValue(c) : c is >= '0' and <= '9' ? c - '0' : -1;
            if (d < 0)
            {
                return false;
            }
            if (value > (ulong.MaxValue - (ulong)d) / radix)
            {
                overflow = true;
                value = ulong.MaxValue;
            }
            else if (!overflow)
            {
                value = value * radix + (ulong)d;
            }
        }
        return true;
    }

    /// <summary>An <c>f32</c> literal as its bit pattern.</summary>
    public static NumberError ParseF32(ReadOnlySpan<char> s, out uint bits)
    {
        var error = ParseFloat(s, 23, 8, out var b);
        bits = (uint)b;
        return error;
    }

    /// <summary>An <c>f64</c> literal as its bit pattern.</summary>
    public static NumberError ParseF64(ReadOnlySpan<char> s, out ulong bits) => ParseFloat(s, 52, 11, out bits);

    private static NumberError ParseFloat(ReadOnlySpan<char> s, int mantissaBits, int exponentBits, out ulong bits)
    {
        bits = 0;
        if (s.Length == 0)
        {
            return NumberError.Malformed;
        }
        var negative = s[0] == '-';
        if (s[0] is '+' or '-')
        {
            s = s[1..];
        }
        var sign = negative ? 1ul << (mantissaBits + exponentBits) : 0;
        var exponentMask = ((1ul << exponentBits) - 1) << mantissaBits;
        if (s.SequenceEqual("inf"))
        {
            bits = sign | exponentMask;
            return NumberError.None;
        }
        if (s.SequenceEqual("nan"))
        {
            bits = sign | exponentMask | (1ul << (mantissaBits - 1));
            return NumberError.None;
        }
        if (s.StartsWith("nan:0x"))
        {
            if (!ParseMagnitude(s[4..], out var payload, out var overflow))
            {
                return NumberError.Malformed;
            }
            if (overflow || payload == 0 || payload >> mantissaBits != 0)
            {
                return NumberError.OutOfRange;
            }
            bits = sign | exponentMask | payload;
            return NumberError.None;
        }
        NumberError error;
        ulong magnitude;
        if (s.Length > 2 && s[0] == '0' && s[1] == 'x')
        {
            error = ParseHexFloat(s[2..], mantissaBits, exponentBits, out magnitude);
        }
        else
        {
            error = ParseDecimalFloat(s, mantissaBits, out magnitude);
        }
        bits = sign | magnitude;
        return error;
    }

    /// <summary>Checks <c>num ('.' frac?)? ([eE] [+-]? num)?</c> and lets the BCL round it (correctly, since .NET Core 3.0).</summary>
    private static NumberError ParseDecimalFloat(ReadOnlySpan<char> s, int mantissaBits, out ulong bits)
    {
        bits = 0;
        Span<char> clean = s.Length <= 256 ? stackalloc char[s.Length] : new char[s.Length];
        var length = 0;
        var i = 0;
        if (!Digits(s, ref i, hex: false, clean, ref length, required: true))
        {
            return NumberError.Malformed;
        }
        if (i < s.Length && s[i] == '.')
        {
            clean[length++] = '.';
            i++;
            if (!Digits(s, ref i, hex: false, clean, ref length, required: false))
            {
                return NumberError.Malformed;
            }
        }
        if (i < s.Length && s[i] is 'e' or 'E')
        {
            clean[length++] = 'e';
            i++;
            if (i < s.Length && s[i] is '+' or '-')
            {
                clean[length++] = s[i++];
            }
            if (!Digits(s, ref i, hex: false, clean, ref length, required: true))
            {
                return NumberError.Malformed;
            }
        }
        if (i != s.Length)
        {
            return NumberError.Malformed;
        }
        var text = clean[..length];
        if (mantissaBits == 23)
        {
            var f = float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (float.IsInfinity(f))
            {
                return NumberError.OutOfRange;
            }
            bits = BitConverter.SingleToUInt32Bits(f);
        }
        else
        {
            var d = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (double.IsInfinity(d))
            {
                return NumberError.OutOfRange;
            }
            bits = BitConverter.DoubleToUInt64Bits(d);
        }
        return NumberError.None;
    }

    /// <summary>Copies digits (with single <c>_</c> between them dropped) from <paramref name="s"/> at <paramref name="i"/>.</summary>
    private static bool Digits(ReadOnlySpan<char> s, ref int i, bool hex, Span<char> output, ref int length, bool required)
    {
        var start = i;
        while (i < s.Length)
        {
            var c = s[i];
            var isDigit = hex ? Lexer.HexValue(c) >= 0 : c is >= '0' and <= '9';
            if (isDigit)
            {
                output[length++] = c;
                i++;
            }
            else if (c == '_' && i > start && i + 1 < s.Length && (hex ? Lexer.HexValue(s[i + 1]) >= 0 : s[i + 1] is >= '0' and <= '9'))
            {
                i++;
            }
            else
            {
                break;
            }
        }
        return i > start || !required;
    }

    /// <summary>
    /// <c>hexnum ('.' hexfrac?)? ([pP] [+-]? num)?</c> (after <c>0x</c>), rounded to nearest even:
    /// the significand keeps its top 61 bits and a sticky bit for the rest.
    /// </summary>
    private static NumberError ParseHexFloat(ReadOnlySpan<char> s, int mantissaBits, int exponentBits, out ulong bits)
    {
        bits = 0;
        Span<char> digits = s.Length <= 256 ? stackalloc char[s.Length] : new char[s.Length];
        var i = 0;
        var intLength = 0;
        if (!Digits(s, ref i, hex: true, digits, ref intLength, required: true))
        {
            return NumberError.Malformed;
        }
        var allLength = intLength;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            if (!Digits(s, ref i, hex: true, digits, ref allLength, required: false))
            {
                return NumberError.Malformed;
            }
        }
        long exponent = 0;
        if (i < s.Length && s[i] is 'p' or 'P')
        {
            i++;
            var negativeExponent = false;
            if (i < s.Length && s[i] is '+' or '-')
            {
                negativeExponent = s[i] == '-';
                i++;
            }
            var expLength = 0;
            // Exponent digits are decimal; only their value (saturated) matters.
            Span<char> scratch = s.Length - i <= 256 ? stackalloc char[s.Length - i] : new char[s.Length - i];
            if (!Digits(s, ref i, hex: false, scratch, ref expLength, required: true))
            {
                return NumberError.Malformed;
            }
            foreach (var c in scratch[..expLength])
            {
                exponent = Math.Min(exponent * 10 + (c - '0'), 1_000_000_000L);
            }
            if (negativeExponent)
            {
                exponent = -exponent;
            }
        }
        if (i != s.Length)
        {
            return NumberError.Malformed;
        }

        // value = m * 2^e, with sticky for the bits dropped from m.
        ulong m = 0;
        long e = exponent;
        var sticky = false;
        for (var k = 0; k < allLength; k++)
        {
            var d = (ulong)Lexer.HexValue(digits[k]);
            var fraction = k >= intLength;
            if (m >> 56 == 0)
            {
                m = m * 16 + d;
                if (fraction)
                {
                    e -= 4;
                }
            }
            else
            {
                sticky |= d != 0;
                if (!fraction)
                {
                    e += 4;
                }
            }
        }
        if (m == 0)
        {
            bits = 0;
            return NumberError.None;
        }
        var msb = 63 - System.Numerics.BitOperations.LeadingZeroCount(m);
        var bias = (1L << (exponentBits - 1)) - 1;
        var emin = 1 - bias;
        var top = msb + e; // exponent of the leading bit
        if (top > bias + 1)
        {
            return NumberError.OutOfRange;
        }
        // The weight of the lowest kept bit: normal numbers keep mantissaBits + 1 bits, subnormals stop at 2^(emin - mantissaBits).
        var lowest = Math.Max(top - mantissaBits, emin - mantissaBits);
        var shift = lowest - e; // bits of m to drop
        ulong kept;
        if (shift <= 0)
        {
            kept = m << (int)-shift;
        }
        else
        {
            bool half, rest;
            if (shift > 64)
            {
                kept = 0;
                half = false;
                rest = true;
            }
            else if (shift == 64)
            {
                kept = 0;
                half = (m >> 63) != 0;
                rest = (m << 1) != 0 || sticky;
            }
            else
            {
                kept = m >> (int)shift;
                half = ((m >> (int)(shift - 1)) & 1) != 0;
                rest = shift > 1 && (m << (int)(65 - shift)) != 0;
            }
            rest |= sticky;
            if (half && (rest || (kept & 1) != 0))
            {
                kept++;
            }
        }
        if (kept == 0)
        {
            bits = 0;
            return NumberError.None;
        }
        // Recompute the leading bit after rounding (it may have carried).
        var keptMsb = 63 - System.Numerics.BitOperations.LeadingZeroCount(kept);
        var leading = keptMsb + lowest;
        if (keptMsb > mantissaBits)
        {
            kept >>= 1;
            lowest++;
            leading = mantissaBits + lowest;
        }
        if (leading > bias)
        {
            return NumberError.OutOfRange;
        }
        if (keptMsb < mantissaBits && leading < emin)
        {
            bits = kept; // subnormal
        }
        else
        {
            var biased = (ulong)(leading + bias);
            bits = (biased << mantissaBits) | (kept & ((1ul << mantissaBits) - 1));
        }
        return NumberError.None;
    }
}
