using System.Globalization;

namespace Microwasm.Tests.Runtime;

/// <summary>
/// Parses float constants as the spec's .wast files write them ("0x1.fffffep+62", "-0x1p-149",
/// "inf", "-nan:0x200000", "2147483648.0"), so test data can be copied from the suite verbatim.
/// </summary>
/// <remarks>
/// Only for test data: hex values must be exact in the target type (as they are in the suite),
/// decimal values go through the correctly rounded <see cref="double.Parse(string, IFormatProvider)"/>.
/// </remarks>
internal static class WastFloat
{
    public static float F32(string text)
    {
        var (negative, body) = SplitSign(text);
        uint bits;
        if (body == "inf")
        {
            bits = 0x7F80_0000;
        }
        else if (body == "nan")
        {
            bits = 0x7FC0_0000;
        }
        else if (body.StartsWith("nan:0x", StringComparison.Ordinal))
        {
            bits = 0x7F80_0000 | uint.Parse(body.AsSpan(6), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }
        else
        {
            var value = body.StartsWith("0x", StringComparison.Ordinal) ? ParseHex(body) : double.Parse(body, CultureInfo.InvariantCulture);
            var single = (float)value;
            if (body.StartsWith("0x", StringComparison.Ordinal) && single != value)
            {
                throw new ArgumentException($"{text} is not exact in f32", nameof(text));
            }

            bits = BitConverter.SingleToUInt32Bits(single);
        }

        return BitConverter.UInt32BitsToSingle(negative ? bits | 0x8000_0000 : bits);
    }

    public static double F64(string text)
    {
        var (negative, body) = SplitSign(text);
        ulong bits;
        if (body == "inf")
        {
            bits = 0x7FF0_0000_0000_0000;
        }
        else if (body == "nan")
        {
            bits = 0x7FF8_0000_0000_0000;
        }
        else if (body.StartsWith("nan:0x", StringComparison.Ordinal))
        {
            bits = 0x7FF0_0000_0000_0000 | ulong.Parse(body.AsSpan(6), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }
        else
        {
            var value = body.StartsWith("0x", StringComparison.Ordinal) ? ParseHex(body) : double.Parse(body, CultureInfo.InvariantCulture);
            bits = BitConverter.DoubleToUInt64Bits(value);
        }

        return BitConverter.UInt64BitsToDouble(negative ? bits | 0x8000_0000_0000_0000 : bits);
    }

    private static (bool Negative, string Body) SplitSign(string text) => text[0] switch
    {
        '-' => (true, text[1..]),
        '+' => (false, text[1..]),
        _ => (false, text),
    };

    // "0xH.HHHpE": the significand's hex digits as an integer, scaled by 2^(E - 4 * fraction digits).
    // Exact as long as the significand fits 53 bits, which the suite's constants do.
    private static double ParseHex(string body)
    {
        var p = body.IndexOf('p');
        var significand = p < 0 ? body[2..] : body[2..p];
        var exponent = p < 0 ? 0 : int.Parse(body.AsSpan(p + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var dot = significand.IndexOf('.');
        if (dot >= 0)
        {
            exponent -= 4 * (significand.Length - dot - 1);
            significand = significand.Remove(dot, 1);
        }

        // Trailing zeros carry no bits; dropping them keeps long notations within a ulong.
        var trimmed = significand.TrimEnd('0');
        exponent += 4 * (significand.Length - trimmed.Length);
        significand = trimmed.TrimStart('0');
        if (significand.Length == 0)
        {
            return 0.0;
        }

        var mantissa = ulong.Parse(significand, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        if (mantissa >> 53 != 0)
        {
            throw new ArgumentException($"0x{significand} has more than 53 significant bits", nameof(body));
        }

        return Math.ScaleB((double)mantissa, exponent);
    }
}
