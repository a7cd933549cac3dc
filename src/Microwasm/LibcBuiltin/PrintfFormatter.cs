using System.Numerics;
using Microwasm.Host;
using Microwasm.Runtime;

namespace Microwasm.LibcBuiltin;

/// <summary>
/// A C printf formatter over a guest's va_list. clang's wasm32 varargs ABI passes a pointer to the
/// arguments laid out in linear memory: each in a 4-byte slot, 8-byte aligned (and 8 bytes long)
/// for long long and double; char and short are promoted to int, float to double.
/// </summary>
/// <remarks>
/// Output is produced into a managed buffer before anything is written to the guest, so a format
/// whose output overlaps its own format string or arguments behaves as if they were read first.
/// Floating-point conversions are exact (computed from the double's binary value with big
/// integers, rounding ties to even), so they print what glibc prints.
/// </remarks>
internal static class PrintfFormatter
{
    private enum Length
    {
        Default,
        Char,
        Short,
        Long,
        LongLong,
        Size,
        IntMax,
        PtrDiff,
        LongDouble,
    }

    private struct Spec
    {
        public bool LeftAlign;
        public bool Plus;
        public bool Space;
        public bool Alternate;
        public bool Zero;
        public int Width;
        public int Precision; // -1: none
    }

    /// <summary>Reads successive arguments from a guest va_list, each read bound-checked.</summary>
    internal struct VaList
    {
        private readonly GuestMemory _memory;
        private ulong _at;

        public VaList(GuestMemory memory, uint address)
        {
            _memory = memory;
            _at = address;
        }

        public uint NextU32()
        {
            _at = (_at + 3) & ~3UL;
            var v = Read(4);
            _at += 4;
            return (uint)v;
        }

        public ulong NextU64()
        {
            _at = (_at + 7) & ~7UL;
            var v = Read(8);
            _at += 8;
            return v;
        }

        public double NextF64() => BitConverter.UInt64BitsToDouble(NextU64());

        private readonly ulong Read(int size)
        {
            if (_at > uint.MaxValue)
            {
                throw GuestMemory.OutOfBounds();
            }
            return size == 4 ? _memory.ReadUInt32((uint)_at) : _memory.ReadUInt64((uint)_at);
        }
    }

    /// <summary>Formats the checked C string at <paramref name="format"/> with the va_list at <paramref name="vaList"/>.</summary>
    public static void Format(GuestMemory memory, uint format, uint vaList, ByteBuffer output)
    {
        var fmt = memory.GetCString(format);
        var args = new VaList(memory, vaList);
        Format(memory, fmt, ref args, output);
    }

    public static void Format(GuestMemory memory, ReadOnlySpan<byte> fmt, ref VaList args, ByteBuffer output)
    {
        var i = 0;
        while (i < fmt.Length)
        {
            var c = fmt[i];
            if (c != '%')
            {
                var next = fmt[i..].IndexOf((byte)'%');
                var run = next < 0 ? fmt[i..] : fmt.Slice(i, next);
                output.Append(run);
                i += run.Length;
                continue;
            }
            var specStart = i;
            i++;
            var spec = new Spec { Precision = -1 };
            // flags
            for (; i < fmt.Length; i++)
            {
                switch (fmt[i])
                {
                    case (byte)'-': spec.LeftAlign = true; continue;
                    case (byte)'+': spec.Plus = true; continue;
                    case (byte)' ': spec.Space = true; continue;
                    case (byte)'#': spec.Alternate = true; continue;
                    case (byte)'0': spec.Zero = true; continue;
                }
                break;
            }
            // width
            if (i < fmt.Length && fmt[i] == '*')
            {
                i++;
                var w = (int)args.NextU32();
                if (w < 0)
                {
                    spec.LeftAlign = true;
                    w = w == int.MinValue ? int.MaxValue : -w;
                }
                spec.Width = w;
            }
            else
            {
                spec.Width = ReadNumber(fmt, ref i);
            }
            // precision
            if (i < fmt.Length && fmt[i] == '.')
            {
                i++;
                if (i < fmt.Length && fmt[i] == '*')
                {
                    i++;
                    var p = (int)args.NextU32();
                    spec.Precision = p < 0 ? -1 : p;
                }
                else
                {
                    spec.Precision = ReadNumber(fmt, ref i);
                }
            }
            var length = ReadLength(fmt, ref i);
            if (i >= fmt.Length)
            {
                // an incomplete specification at the end is printed as it is
                output.Append(fmt[specStart..]);
                break;
            }
            var conversion = fmt[i++];
            switch (conversion)
            {
                case (byte)'d':
                case (byte)'i':
                    FormatSigned(ReadSigned(ref args, length), spec, output);
                    break;
                case (byte)'u':
                case (byte)'o':
                case (byte)'x':
                case (byte)'X':
                    FormatUnsigned(ReadUnsigned(ref args, length), conversion, spec, output);
                    break;
                case (byte)'p':
                    FormatPointer(args.NextU32(), spec, output);
                    break;
                case (byte)'c':
                    {
                        Span<byte> one = [(byte)args.NextU32()];
                        spec.Precision = -1;
                        Pad(output, one, default, spec, allowZero: false);
                        break;
                    }
                case (byte)'s':
                    FormatString(memory, args.NextU32(), spec, output);
                    break;
                case (byte)'f':
                case (byte)'F':
                case (byte)'e':
                case (byte)'E':
                case (byte)'g':
                case (byte)'G':
                    if (length == Length.LongDouble)
                    {
                        // wasm32's long double is a 16-byte binary128; not supported: print the specification
                        output.Append(fmt[specStart..i]);
                        break;
                    }
                    FormatDouble(args.NextF64(), conversion, spec, output);
                    break;
                case (byte)'n':
                    // consumes its pointer but writes nothing, as WAMR's builtin libc does (%n is a write primitive)
                    args.NextU32();
                    break;
                case (byte)'%':
                    output.Append((byte)'%');
                    break;
                default:
                    output.Append(fmt[specStart..i]);
                    break;
            }
        }
    }

    private static int ReadNumber(ReadOnlySpan<byte> fmt, ref int i)
    {
        long n = 0;
        while (i < fmt.Length && fmt[i] >= '0' && fmt[i] <= '9')
        {
            n = Math.Min(n * 10 + (fmt[i] - '0'), int.MaxValue);
            i++;
        }
        return (int)n;
    }

    private static Length ReadLength(ReadOnlySpan<byte> fmt, ref int i)
    {
        if (i >= fmt.Length)
        {
            return Length.Default;
        }
        switch (fmt[i])
        {
            case (byte)'h':
                i++;
                if (i < fmt.Length && fmt[i] == 'h')
                {
                    i++;
                    return Length.Char;
                }
                return Length.Short;
            case (byte)'l':
                i++;
                if (i < fmt.Length && fmt[i] == 'l')
                {
                    i++;
                    return Length.LongLong;
                }
                return Length.Long;
            case (byte)'q':
                i++;
                return Length.LongLong;
            case (byte)'L':
                i++;
                return Length.LongDouble;
            case (byte)'z':
                i++;
                return Length.Size;
            case (byte)'j':
                i++;
                return Length.IntMax;
            case (byte)'t':
                i++;
                return Length.PtrDiff;
            default:
                return Length.Default;
        }
    }

    // On wasm32 long, size_t and ptrdiff_t are 32 bits; long long and intmax_t 64.
    private static bool Is64(Length length) => length is Length.LongLong or Length.IntMax or Length.LongDouble;

    private static long ReadSigned(ref VaList args, Length length)
    {
        if (Is64(length))
        {
            return (long)args.NextU64();
        }
        var v = (int)args.NextU32();
        return length switch
        {
            Length.Char => (sbyte)v,
            Length.Short => (short)v,
            _ => v,
        };
    }

    private static ulong ReadUnsigned(ref VaList args, Length length)
    {
        if (Is64(length))
        {
            return args.NextU64();
        }
        var v = args.NextU32();
        return length switch
        {
            Length.Char => (byte)v,
            Length.Short => (ushort)v,
            _ => v,
        };
    }

    private static void FormatSigned(long value, Spec spec, ByteBuffer output)
    {
        var magnitude = value < 0 ? (ulong)(-(value + 1)) + 1 : (ulong)value;
        Span<byte> digits = stackalloc byte[24];
        var n = Digits(magnitude, 10, false, digits);
        var prefix = value < 0 ? "-" : spec.Plus ? "+" : spec.Space ? " " : "";
        FormatInteger(digits[(digits.Length - n)..], magnitude == 0, prefix, spec, spec.Precision < 0, output);
    }

    private static void FormatUnsigned(ulong value, byte conversion, Spec spec, ByteBuffer output)
    {
        Span<byte> digits = stackalloc byte[24];
        var radix = conversion switch { (byte)'o' => 8, (byte)'u' => 10, _ => 16 };
        var n = Digits(value, radix, conversion == 'X', digits);
        var text = digits[(digits.Length - n)..];
        var prefix = "";
        var zeroAllowed = spec.Precision < 0;
        if (spec.Alternate)
        {
            if (conversion == 'o')
            {
                // '#' makes the first digit shown a zero, raising the precision if needed
                spec.Precision = value == 0 ? Math.Max(spec.Precision, 1) : Math.Max(spec.Precision, n + 1);
            }
            else if (radix == 16 && value != 0)
            {
                prefix = conversion == 'X' ? "0X" : "0x";
            }
        }
        FormatInteger(text, value == 0, prefix, spec, zeroAllowed, output);
    }

    private static void FormatPointer(uint value, Spec spec, ByteBuffer output)
    {
        if (value == 0)
        {
            // glibc prints a null pointer as (nil), and WAMR's builtin libc delegates %p to the host's printf
            spec.Zero = false;
            spec.Precision = -1;
            Pad(output, "(nil)"u8, default, spec, allowZero: false);
            return;
        }
        spec.Alternate = true;
        FormatUnsigned(value, (byte)'x', spec, output);
    }

    private static void FormatInteger(ReadOnlySpan<byte> digits, bool isZero, string prefix, Spec spec, bool zeroAllowed, ByteBuffer output)
    {
        if (isZero && spec.Precision == 0)
        {
            digits = default;
        }
        var zeros = spec.Precision > digits.Length ? spec.Precision - digits.Length : 0;
        Span<byte> prefixBytes = stackalloc byte[prefix.Length];
        for (var k = 0; k < prefix.Length; k++)
        {
            prefixBytes[k] = (byte)prefix[k];
        }
        // long: a precision of int.MaxValue plus the digits must not wrap into a small width
        var body = (long)prefix.Length + zeros + digits.Length;
        output.CheckRoom(Math.Max(body, spec.Width));
        var pad = (int)Math.Max(spec.Width - body, 0);
        // a precision turns the '0' flag off for integers
        if (spec.Zero && !spec.LeftAlign && zeroAllowed)
        {
            zeros += pad;
            pad = 0;
        }
        if (!spec.LeftAlign)
        {
            output.Append((byte)' ', pad);
        }
        output.Append(prefixBytes);
        output.Append((byte)'0', zeros);
        output.Append(digits);
        if (spec.LeftAlign)
        {
            output.Append((byte)' ', pad);
        }
    }

    private static int Digits(ulong value, int radix, bool upper, Span<byte> buffer)
    {
        var letters = upper ? "0123456789ABCDEF" : "0123456789abcdef";
        var at = buffer.Length;
        do
        {
            buffer[--at] = (byte)letters[(int)(value % (ulong)radix)];
            value /= (ulong)radix;
        }
        while (value != 0);
        return buffer.Length - at;
    }

    private static void FormatString(GuestMemory memory, uint address, Spec spec, ByteBuffer output)
    {
        // with a precision C reads at most that many bytes, so the string need not be terminated
        var text = spec.Precision >= 0 ? memory.GetCString(address, (uint)spec.Precision) : memory.GetCString(address);
        if (address == 0 && text.IsEmpty && (spec.Precision < 0 || spec.Precision >= 6))
        {
            // WAMR hands glibc a NULL for an empty string at address 0, and glibc prints (null)
            text = "(null)"u8;
        }
        spec.Precision = -1;
        Pad(output, text, default, spec, allowZero: false);
    }

    /// <summary>Writes sign/prefix and body padded to the width (zeros after the prefix when allowed and asked for).</summary>
    private static void Pad(ByteBuffer output, ReadOnlySpan<byte> body, ReadOnlySpan<byte> prefix, Spec spec, bool allowZero)
    {
        var pad = Math.Max(spec.Width - body.Length - prefix.Length, 0);
        if (spec.LeftAlign)
        {
            output.Append(prefix);
            output.Append(body);
            output.Append((byte)' ', pad);
            return;
        }
        if (allowZero && spec.Zero)
        {
            output.Append(prefix);
            output.Append((byte)'0', pad);
            output.Append(body);
            return;
        }
        output.Append((byte)' ', pad);
        output.Append(prefix);
        output.Append(body);
    }

    /// <summary>
    /// More digits than any double has: its exact decimal expansion ends within 1,074 places after
    /// the point (2^-1074 is the smallest step) and has at most 767 significant digits. Digits past
    /// this many are zeros, so they are appended, not computed: the big-integer work is bounded
    /// however large the precision, and the rest of the cost is the output itself.
    /// </summary>
    internal const int ExactDigits = 1100;

    private static void FormatDouble(double value, byte conversion, Spec spec, ByteBuffer output)
    {
        var upper = conversion is (byte)'F' or (byte)'E' or (byte)'G';
        var negative = double.IsNegative(value);
        ReadOnlySpan<byte> sign = negative ? "-"u8 : spec.Plus ? "+"u8 : spec.Space ? " "u8 : default;
        if (!double.IsFinite(value))
        {
            var text = double.IsNaN(value) ? (upper ? "NAN"u8 : "nan"u8) : (upper ? "INF"u8 : "inf"u8);
            Pad(output, text, sign, spec, allowZero: false);
            return;
        }
        var precision = spec.Precision < 0 ? 6 : spec.Precision;
        var isG = conversion is (byte)'g' or (byte)'G';
        if (isG && !spec.Alternate)
        {
            // %g without '#' drops trailing zeros, and every digit past the exact ones is a zero:
            // the output is the same with the precision clamped
            precision = Math.Min(precision, ExactDigits);
        }
        // every conversion prints at least the precision's digits: refuse before computing any
        output.CheckRoom(Math.Max(precision, spec.Width));
        var body = new ByteBuffer();
        var magnitude = Math.Abs(value);
        if (!isG)
        {
            if (conversion is (byte)'f' or (byte)'F')
            {
                FixedDigits(magnitude, precision, spec.Alternate, body);
            }
            else
            {
                ExponentDigits(magnitude, precision, spec.Alternate, upper, stripZeros: false, body);
            }
        }
        else
        {
            var p = precision == 0 ? 1 : precision;
            // past the exact digits no rounding carries, so the exponent is that of the exact digits
            var exponent = magnitude == 0 ? 0 : Decompose(magnitude, Math.Min(p, ExactDigits), out _);
            if (exponent < p && exponent >= -4)
            {
                FixedDigits(magnitude, p - 1 - exponent, spec.Alternate, body);
                if (!spec.Alternate)
                {
                    StripFractionZeros(body, body.Length);
                }
            }
            else
            {
                ExponentDigits(magnitude, p - 1, spec.Alternate, upper, stripZeros: !spec.Alternate, body);
            }
        }
        Pad(output, body.AsSpan(), sign, spec, allowZero: true);
    }

    /// <summary>%f digits of a non-negative finite value: exact, ties to even.</summary>
    private static void FixedDigits(double magnitude, int precision, bool alternate, ByteBuffer body)
    {
        var computed = Math.Min(precision, ExactDigits);
        var scaled = RoundScaled(magnitude, computed);
        var digits = scaled.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (digits.Length <= computed)
        {
            digits = new string('0', computed - digits.Length + 1) + digits;
        }
        var integerPart = digits.Length - computed;
        body.AppendAscii(digits.AsSpan(0, integerPart));
        if (precision > 0 || alternate)
        {
            body.Append((byte)'.');
        }
        body.AppendAscii(digits.AsSpan(integerPart));
        body.Append((byte)'0', precision - computed);
    }

    /// <summary>%e digits of a non-negative finite value.</summary>
    private static void ExponentDigits(double magnitude, int precision, bool alternate, bool upper, bool stripZeros, ByteBuffer body)
    {
        // precision + 1 significant digits, of which at most ExactDigits are computed
        var computed = Math.Min(precision, ExactDigits - 1);
        int exponent;
        string digits;
        if (magnitude == 0)
        {
            exponent = 0;
            digits = new string('0', computed + 1);
        }
        else
        {
            exponent = Decompose(magnitude, computed + 1, out var significand);
            digits = significand.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        body.Append((byte)digits[0]);
        if (precision > 0 || alternate)
        {
            body.Append((byte)'.');
        }
        body.AppendAscii(digits.AsSpan(1));
        body.Append((byte)'0', precision - computed);
        if (stripZeros)
        {
            StripFractionZeros(body, body.Length);
        }
        body.Append(upper ? (byte)'E' : (byte)'e');
        body.Append(exponent < 0 ? (byte)'-' : (byte)'+');
        var e = Math.Abs(exponent);
        if (e < 10)
        {
            body.Append((byte)'0');
        }
        body.AppendAscii(e.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Removes trailing fraction zeros (and a bare point) from a %g body that ends at <paramref name="end"/>.</summary>
    private static void StripFractionZeros(ByteBuffer body, int end)
    {
        var span = body.AsSpan()[..end];
        var point = span.IndexOf((byte)'.');
        if (point < 0)
        {
            return;
        }
        var cut = end;
        while (cut > point + 1 && span[cut - 1] == '0')
        {
            cut--;
        }
        if (cut == point + 1)
        {
            cut = point;
        }
        body.Truncate(cut);
    }

    /// <summary>
    /// The decimal exponent X and the <paramref name="significantDigits"/>-digit significand S of a
    /// positive finite value rounded to that many digits (ties to even): value ≈ S × 10^(X − digits + 1).
    /// </summary>
    private static int Decompose(double magnitude, int significantDigits, out BigInteger significand)
    {
        var exponent = (int)Math.Floor(Math.Log10(magnitude));
        var lower = BigInteger.Pow(10, significantDigits - 1);
        var upper = lower * 10;
        // the floating-point estimate can be off by one either way; rounding can carry into a new digit
        for (var attempt = 0; attempt < 4; attempt++)
        {
            significand = RoundScaled(magnitude, significantDigits - 1 - exponent);
            if (significand >= upper)
            {
                exponent++;
            }
            else if (significand < lower)
            {
                exponent--;
            }
            else
            {
                return exponent;
            }
        }
        significand = RoundScaled(magnitude, significantDigits - 1 - exponent);
        return exponent;
    }

    /// <summary>round(magnitude × 10^<paramref name="power"/>) exactly, ties to even.</summary>
    private static BigInteger RoundScaled(double magnitude, int power)
    {
        var bits = BitConverter.DoubleToUInt64Bits(magnitude);
        var biased = (int)((bits >> 52) & 0x7FF);
        var fraction = bits & ((1UL << 52) - 1);
        BigInteger mantissa = biased == 0 ? fraction : fraction | (1UL << 52);
        var binaryExponent = biased == 0 ? -1074 : biased - 1075;
        BigInteger numerator = mantissa;
        BigInteger denominator = BigInteger.One;
        if (binaryExponent >= 0)
        {
            numerator <<= binaryExponent;
        }
        else
        {
            denominator <<= -binaryExponent;
        }
        if (power >= 0)
        {
            numerator *= BigInteger.Pow(10, power);
        }
        else
        {
            denominator *= BigInteger.Pow(10, -power);
        }
        var quotient = BigInteger.DivRem(numerator, denominator, out var remainder);
        var twice = remainder * 2;
        var comparison = twice.CompareTo(denominator);
        if (comparison > 0 || (comparison == 0 && !quotient.IsEven))
        {
            quotient += 1;
        }
        return quotient;
    }
}

/// <summary>A growable byte buffer for formatted output.</summary>
internal sealed class ByteBuffer
{
    /// <summary>
    /// A guest can ask for any width ("%999999999d"); output beyond this traps instead of making
    /// the host allocate gigabytes.
    /// </summary>
    public const int MaxLength = 64 << 20;

    private byte[] _bytes = new byte[128];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> AsSpan() => _bytes.AsSpan(0, Length);

    public void Append(byte value)
    {
        Ensure(1);
        _bytes[Length++] = value;
    }

    public void Append(byte value, int count)
    {
        if (count <= 0)
        {
            return;
        }
        Ensure(count);
        _bytes.AsSpan(Length, count).Fill(value);
        Length += count;
    }

    public void Append(ReadOnlySpan<byte> values)
    {
        Ensure(values.Length);
        values.CopyTo(_bytes.AsSpan(Length));
        Length += values.Length;
    }

    public void AppendAscii(ReadOnlySpan<char> text)
    {
        Ensure(text.Length);
        foreach (var c in text)
        {
            _bytes[Length++] = (byte)c;
        }
    }

    /// <summary>Traps, before anything is produced, when <paramref name="count"/> more bytes would pass <see cref="MaxLength"/>.</summary>
    public void CheckRoom(long count)
    {
        if (Length + count > MaxLength)
        {
            throw TooLong();
        }
    }

    public void Truncate(int length) => Length = Math.Min(Length, length);

    public void Clear() => Length = 0;

    private static WasmTrap TooLong() => new(TrapKind.Host, $"libc: formatted output exceeds {MaxLength >> 20} MiB");

    private void Ensure(int more)
    {
        if ((long)Length + more > _bytes.Length)
        {
            if ((long)Length + more > MaxLength)
            {
                throw TooLong();
            }
            var size = Math.Min(Math.Max((long)_bytes.Length * 2, (long)Length + more), MaxLength);
            Array.Resize(ref _bytes, (int)size);
        }
    }
}
