using System.Diagnostics;
using Microwasm.LibcBuiltin;
using Microwasm.Runtime;

namespace Microwasm.Tests.LibcBuiltin;

/// <summary>
/// Precisions a guest may ask of the floating-point conversions: up to int.MaxValue from the
/// va_list or the format. Past the digits a double has (its exact decimal expansion ends within
/// 1,074 places) the output is zeros, so the work must follow the output, and an output beyond the
/// formatter's cap (<see cref="ByteBuffer.MaxLength"/>) must trap before any of it is produced.
/// </summary>
public class PrintfPrecisionTests
{
    [Theory]
    [InlineData("%.*f")]
    [InlineData("%.*e")]
    [InlineData("%.*E")]
    [InlineData("%#.*g")]
    [InlineData("%.*F")]
    public void APrecisionOfIntMaxOnADoubleTrapsAsTooMuchOutput(string format)
    {
        var guest = new LibcTestGuest();
        var f = guest.Put(format);
        var va = guest.VaList(int.MaxValue, 1.0);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var trap = Assert.Throws<WasmTrap>(() => guest.Call("printf", f, va));
        Assert.Equal(TrapKind.Host, trap.Kind);
        Assert.Contains("exceeds", trap.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20, "the output was produced");
        Assert.Equal(0, guest.Output.Length);
        Assert.Equal(TrapKind.Host, Assert.Throws<WasmTrap>(() => guest.Call("snprintf", 0, 0, f, va)).Kind);
        Assert.Equal(TrapKind.Host, Assert.Throws<WasmTrap>(() => guest.Call("sprintf", 64, f, va)).Kind);
    }

    [Theory]
    [InlineData("%.99999999f")]
    [InlineData("%.99999999e")]
    [InlineData("%#.99999999g")]
    [InlineData("%.2147483647f")]
    [InlineData("%.2147483648f")]
    public void APrecisionInTheFormatBeyondTheCapTrapsBeforeProducingOutput(string format)
    {
        var guest = new LibcTestGuest();
        var f = guest.Put(format);
        var va = guest.VaList(1e300);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        Assert.Equal(TrapKind.Host, Assert.Throws<WasmTrap>(() => guest.Call("printf", f, va)).Kind);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20, "the output was produced");
    }

    [Fact]
    public void AHugeGPrecisionOnTheSmallestSubnormalPrintsItsExactExpansion()
    {
        // %g drops trailing zeros: 50 million significant digits print the 751 the value has
        var guest = new LibcTestGuest();
        var clock = Stopwatch.StartNew();
        var huge = guest.Printf("%.*g", 50_000_000, double.Epsilon);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
        Assert.Equal(guest.Printf("%.800g", double.Epsilon), huge);
        Assert.Equal(guest.Printf("%.1500g", double.Epsilon), huge);
        // 2^-1074 = 5^1074 / 10^1074, and 5^1074 has 751 digits
        var digits = System.Numerics.BigInteger.Pow(5, 1074).ToString();
        Assert.Equal(751, digits.Length);
        Assert.Equal(digits[0] + "." + digits[1..].TrimEnd('0') + "e-324", huge);
        Assert.Equal(guest.Printf("%.800g", 0.1), guest.Printf("%.*g", 50_000_000, 0.1));
        Assert.Equal(guest.Printf("%.800G", double.MaxValue), guest.Printf("%.*G", 50_000_000, double.MaxValue));
    }

    [Theory]
    [InlineData("%.*f", 1.0)]
    [InlineData("%.*f", double.Epsilon)]
    [InlineData("%.*f", 0.1)]
    [InlineData("%.*e", double.Epsilon)]
    [InlineData("%.*e", double.MaxValue)]
    [InlineData("%.*e", 0.0)]
    [InlineData("%#.*g", double.Epsilon)]
    [InlineData("%#.*g", 123.456)]
    public void PrecisionsBeyondTheExactDigitsPadWithZerosInLinearTime(string format, double value)
    {
        // 4 MiB of output: the exact digits (computed once) and then zeros
        const int Precision = 4 << 20;
        var guest = new LibcTestGuest();
        var clock = Stopwatch.StartNew();
        var text = guest.Printf(format, Precision, value);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
        // the same as a precision just past the exact digits, padded with zeros
        var shortFormat = format.Replace("*", "1500");
        var exact = guest.Printf(shortFormat, value);
        var exponentAt = text.IndexOfAny(['e', 'E']);
        var shortExponentAt = exact.IndexOfAny(['e', 'E']);
        var body = exponentAt < 0 ? text : text[..exponentAt];
        var shortBody = shortExponentAt < 0 ? exact : exact[..shortExponentAt];
        Assert.StartsWith(shortBody, body);
        Assert.True(body.AsSpan(shortBody.Length).IndexOfAnyExcept('0') < 0, "only zeros follow the exact digits");
        Assert.Equal(exponentAt < 0 ? "" : text[exponentAt..], shortExponentAt < 0 ? "" : exact[shortExponentAt..]);
        var fraction = body[(body.IndexOf('.') + 1)..];
        var expectedFraction = format.Contains('g') ? Precision - body.IndexOf('.') : Precision;
        Assert.Equal(expectedFraction, fraction.Length);
    }

    [Fact]
    public void ExactDigitsRoundTiesToEvenAtEveryPrecision()
    {
        var guest = new LibcTestGuest();
        Assert.Equal("0.125", guest.Printf("%.3f", 0.125));
        Assert.Equal("0.12", guest.Printf("%.2f", 0.125));
        Assert.Equal("1.2e-01", guest.Printf("%.1e", 0.125));
        Assert.Equal("0.1000000000000000055511151231257827021181583404541015625000", guest.Printf("%.58f", 0.1));
    }
}
