namespace Microwasm.Tests.LibcBuiltin;

/// <summary>
/// printf against what C prints: the expected strings were produced by glibc's printf (gcc on
/// x86-64, with long and size_t cases adjusted to wasm32's 32 bits) and are embedded here.
/// </summary>
public class PrintfFormatterTests
{
    [Theory]
    [InlineData("%d", 0, "0")]
    [InlineData("%d", 42, "42")]
    [InlineData("%d", -42, "-42")]
    [InlineData("%i", 2147483647, "2147483647")]
    [InlineData("%d", -2147483648, "-2147483648")]
    [InlineData("%5d", 42, "   42")]
    [InlineData("%-5d|", 42, "42   |")]
    [InlineData("%05d", -42, "-0042")]
    [InlineData("%+d", 42, "+42")]
    [InlineData("% d", 42, " 42")]
    [InlineData("%+d", -42, "-42")]
    [InlineData("%.3d", 7, "007")]
    [InlineData("%8.3d", -7, "    -007")]
    [InlineData("%08.3d", 7, "     007")]
    [InlineData("%.0d", 0, "")]
    [InlineData("%5.0d|", 0, "     |")]
    [InlineData("%-+6d|", 3, "+3    |")]
    [InlineData("%u", -1, "4294967295")]
    [InlineData("%x", 255, "ff")]
    [InlineData("%X", 255, "FF")]
    [InlineData("%#x", 255, "0xff")]
    [InlineData("%#X", 0, "0")]
    [InlineData("%#o", 8, "010")]
    [InlineData("%o", 8, "10")]
    [InlineData("%#o", 0, "0")]
    [InlineData("%#.0o", 0, "0")]
    [InlineData("%08x", 48879, "0000beef")]
    [InlineData("%#010x", 48879, "0x0000beef")]
    [InlineData("%-#10x|", 48879, "0xbeef    |")]
    [InlineData("%.8x", 48879, "0000beef")]
    [InlineData("%#08o", 8, "00000010")]
    [InlineData("%hhd", 300, "44")]
    [InlineData("%hhu", -1, "255")]
    [InlineData("%hd", 70000, "4464")]
    [InlineData("%hu", -1, "65535")]
    [InlineData("%hx", 74565, "2345")]
    [InlineData("%hhx", 511, "ff")]
    [InlineData("%ld", -5, "-5")]
    [InlineData("%lu", 123456, "123456")]
    [InlineData("%zu", 77, "77")]
    [InlineData("%td", -9, "-9")]
    [InlineData("%zx", 4096, "1000")]
    [InlineData("%c", 65, "A")]
    [InlineData("%3c|", 66, "  B|")]
    [InlineData("%-3c|", 67, "C  |")]
    [InlineData("%%d", 0, "%d")]
    [InlineData("100%%", 0, "100%")]
    public void Int(string format, int value, string expected) =>
        Assert.Equal(expected, new LibcTestGuest().Printf(format, value));

    [Theory]
    [InlineData("%lld", 9223372036854775807L, "9223372036854775807")]
    [InlineData("%lld", -9223372036854775808L, "-9223372036854775808")]
    [InlineData("%llu", -1L, "18446744073709551615")]
    [InlineData("%llx", 81985529216486895L, "123456789abcdef")]
    [InlineData("%jd", -1234567890123L, "-1234567890123")]
    [InlineData("%20lld|", 1099511627776L, "       1099511627776|")]
    [InlineData("%-+20lld|", 1099511627776L, "+1099511627776      |")]
    [InlineData("%#llo", 511L, "0777")]
    public void LongLong(string format, long value, string expected) =>
        Assert.Equal(expected, new LibcTestGuest().Printf(format, value));

    [Theory]
    [InlineData("%f", 1.5, "1.500000")]
    [InlineData("%f", 0.0, "0.000000")]
    [InlineData("%f", -0.0, "-0.000000")]
    [InlineData("%.2f", 3.14159, "3.14")]
    [InlineData("%.0f", 0.5, "0")]
    [InlineData("%.0f", 1.5, "2")]
    [InlineData("%.0f", 2.5, "2")]
    [InlineData("%#.0f", 2.0, "2.")]
    [InlineData("%10.3f|", -3.14159, "    -3.142|")]
    [InlineData("%-10.3f|", 3.14159, "3.142     |")]
    [InlineData("%010.3f", -3.14159, "-00003.142")]
    [InlineData("%+.1f", 2.25, "+2.2")]
    [InlineData("%f", 1e20, "100000000000000000000.000000")]
    [InlineData("%.20f", 0.1, "0.10000000000000000555")]
    [InlineData("%f", 123456789.125, "123456789.125000")]
    [InlineData("%.3f", 1.0005, "1.000")]
    [InlineData("%F", double.PositiveInfinity, "INF")]
    [InlineData("%f", double.NegativeInfinity, "-inf")]
    [InlineData("%5.1f|", double.PositiveInfinity, "  inf|")]
    [InlineData("%05f", double.NegativeInfinity, " -inf")]
    [InlineData("%e", 1.5, "1.500000e+00")]
    [InlineData("%e", 0.0, "0.000000e+00")]
    [InlineData("%E", 123456.789, "1.234568E+05")]
    [InlineData("%.2e", 9.999, "1.00e+01")]
    [InlineData("%.0e", 5e-300, "5e-300")]
    [InlineData("%e", 1e100, "1.000000e+100")]
    [InlineData("%#.0e", 3.0, "3.e+00")]
    [InlineData("%12.3e|", -0.000123456, "  -1.235e-04|")]
    [InlineData("%e", 4.9406564584124654e-324, "4.940656e-324")]
    [InlineData("%.3e", 1.7976931348623157e308, "1.798e+308")]
    [InlineData("%g", 100000.0, "100000")]
    [InlineData("%g", 1000000.0, "1e+06")]
    [InlineData("%g", 0.0001, "0.0001")]
    [InlineData("%g", 0.00001, "1e-05")]
    [InlineData("%g", 1.5, "1.5")]
    [InlineData("%g", 0.0, "0")]
    [InlineData("%G", 1e-10, "1E-10")]
    [InlineData("%.3g", 3.14159, "3.14")]
    [InlineData("%#g", 1.0, "1.00000")]
    [InlineData("%.0g", 123.0, "1e+02")]
    [InlineData("%g", 123456789.0, "1.23457e+08")]
    [InlineData("%10.4g|", 9.99996, "        10|")]
    [InlineData("%g", 9.9999996, "10")]
    [InlineData("%#.3g", 100.0, "100.")]
    [InlineData("%-12g|", 2.5e-5, "2.5e-05     |")]
    [InlineData("%+g", 0.1, "+0.1")]
    [InlineData("%.10g", 0.1, "0.1")]
    [InlineData("%.17g", 0.1, "0.10000000000000001")]
    public void Double(string format, double value, string expected) =>
        Assert.Equal(expected, new LibcTestGuest().Printf(format, value));

    [Fact]
    public void NanKeepsItsSign()
    {
        // C's NAN is positive; .NET's double.NaN has the sign bit set, and glibc prints that as -nan
        var positive = BitConverter.UInt64BitsToDouble(0x7FF8000000000000);
        var guest = new LibcTestGuest();
        Assert.Equal("nan NAN -nan", guest.Printf("%f %G %e", positive, positive, -positive));
    }

    [Fact]
    public void MixedArgumentsFollowTheWasm32VaListLayout()
    {
        // int at 0, long long realigned to 8, int at 16, double realigned to 24, string pointer at 32
        var guest = new LibcTestGuest();
        Assert.Equal("1 2 3 4.50 five", guest.Printf("%d %lld %d %.2f %s", 1, 2L, 3, 4.5, "five"));
    }

    [Fact]
    public void StarTakesWidthAndPrecisionFromArguments()
    {
        var guest = new LibcTestGuest();
        Assert.Equal("   42|42   |  3.14|abc", guest.Printf("%*d|%*d|%*.*f|%.*s", 5, 42, -5, 42, 6, 2, 3.14159, 3, "abcdef"));
        // a negative precision from * is as if none was given
        Assert.Equal("3.141590", guest.Printf("%.*f", -1, 3.14159));
    }

    [Fact]
    public void StringsAndPointers()
    {
        var guest = new LibcTestGuest();
        Assert.Equal("[  abc][abc  ][ab]", guest.Printf("[%5s][%-5s][%.2s]", "abc", "abc", "abc"));
        Assert.Equal("0x1440 (nil) 0xbeef", guest.Printf("%p %p %p", 0x1440, 0, 0xbeef));
    }

    [Fact]
    public void UnknownConversionsArePrintedAsWritten()
    {
        var guest = new LibcTestGuest();
        Assert.Equal("%y %5k", guest.Printf("%y %5k"));
        Assert.Equal("end %", guest.Printf("end %"));
    }

    [Fact]
    public void PercentNWritesNothingButConsumesItsArgument()
    {
        var guest = new LibcTestGuest();
        var target = guest.Put(new byte[] { 7, 7, 7, 7 });
        Assert.Equal("ab 5", guest.Printf("ab%n %d", (int)target, 5));
        Assert.Equal(7, guest.Memory.Span[(int)target]);
    }

    [Fact]
    public void SprintfAndSnprintfWriteIntoMemory()
    {
        var guest = new LibcTestGuest();
        var buffer = guest.Put(new byte[64]);
        Assert.Equal(4, guest.CallInt("sprintf", buffer, guest.Put("%d"), guest.VaList(1234)));
        Assert.Equal("1234", guest.ReadString(buffer));

        // snprintf truncates to size - 1 bytes plus NUL and returns the full length
        var small = guest.Put(new byte[] { 9, 9, 9, 9, 9, 9, 9, 9 });
        Assert.Equal(11, guest.CallInt("snprintf", small, 5, guest.Put("hello %s"), guest.VaList("world")));
        Assert.Equal("hell", guest.ReadString(small));
        Assert.Equal(9, guest.Memory.Span[(int)small + 5]);

        // size 0 writes nothing
        Assert.Equal(3, guest.CallInt("vsnprintf", small, 0, guest.Put("abc"), guest.VaList()));
        Assert.Equal((byte)'h', guest.Memory.Span[(int)small]);
    }

    [Fact]
    public void PutsAndPutchar()
    {
        var guest = new LibcTestGuest();
        Assert.Equal(3, guest.CallInt("puts", guest.Put("hi")));
        Assert.Equal(1, guest.CallInt("putchar", 'x'));
        Assert.Equal("hi\nx", guest.OutputText);
    }
}
