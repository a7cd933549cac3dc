using Microwasm.Runtime;

namespace Microwasm.Tests.LibcBuiltin;

public class LibcFunctionTests
{
    [Fact]
    public void MemoryFunctions()
    {
        var guest = new LibcTestGuest();
        var a = guest.Put("abcdef");
        var b = guest.Put("abcxef");
        Assert.True(guest.CallInt("memcmp", a, b, 6) < 0);
        Assert.Equal(0, guest.CallInt("memcmp", a, b, 3));
        Assert.Equal(0, guest.CallInt("memcmp", a, b, 0));

        var dst = guest.Put(new byte[16]);
        Assert.Equal(dst, guest.CallPtr("memcpy", dst, a, 7));
        Assert.Equal("abcdef", guest.ReadString(dst));
        // overlapping move
        Assert.Equal(dst + 1, guest.CallPtr("memmove", dst + 1, dst, 6));
        Assert.Equal("aabcdef", guest.ReadString(dst));
        Assert.Equal(dst, guest.CallPtr("memset", dst, 0x17A, 3));
        Assert.Equal("zzzcdef", guest.ReadString(dst));
        Assert.Equal(dst + 3, guest.CallPtr("memchr", dst, 'c', 7));
        Assert.Equal(0u, guest.CallPtr("memchr", dst, 'q', 7));
    }

    [Fact]
    public void StringFunctions()
    {
        var guest = new LibcTestGuest();
        var hello = guest.Put("hello, world");
        Assert.Equal(12u, guest.CallPtr("strlen", hello));
        Assert.Equal(hello + 4, guest.CallPtr("strchr", hello, 'o'));
        Assert.Equal(hello + 12, guest.CallPtr("strchr", hello, 0));
        Assert.Equal(0u, guest.CallPtr("strchr", hello, 'z'));
        Assert.Equal(0, guest.CallInt("strcmp", hello, guest.Put("hello, world")));
        Assert.True(guest.CallInt("strcmp", hello, guest.Put("hello")) > 0);
        Assert.True(guest.CallInt("strcmp", guest.Put("a"), guest.Put("\u00e9")) < 0); // bytes compare unsigned
        Assert.Equal(0, guest.CallInt("strncmp", hello, guest.Put("help"), 3));
        Assert.True(guest.CallInt("strncmp", hello, guest.Put("help"), 4) < 0);
        Assert.Equal(0, guest.CallInt("strncasecmp", hello, guest.Put("HELLO, WORLD!"), 12));
        Assert.True(guest.CallInt("strncasecmp", hello, guest.Put("HELLO, WORLD!"), 13) < 0);
        Assert.Equal(5u, guest.CallPtr("strspn", hello, guest.Put("leho")));
        Assert.Equal(5u, guest.CallPtr("strcspn", hello, guest.Put(", ")));
        Assert.Equal(hello + 7, guest.CallPtr("strstr", hello, guest.Put("world")));
        Assert.Equal(hello, guest.CallPtr("strstr", hello, guest.Put("")));
        Assert.Equal(0u, guest.CallPtr("strstr", hello, guest.Put("worlds")));

        var dst = guest.Put(new byte[] { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 });
        Assert.Equal(dst, guest.CallPtr("strcpy", dst, guest.Put("abc")));
        Assert.Equal("abc", guest.ReadString(dst));
        Assert.Equal(1, guest.Memory.Span[(int)dst + 4]);
        // strncpy pads with NULs up to n, and does not terminate when the source is longer
        Assert.Equal(dst, guest.CallPtr("strncpy", dst, guest.Put("xy"), 6));
        Assert.Equal(new byte[] { (byte)'x', (byte)'y', 0, 0, 0, 0, 1 }, guest.Memory.Span.Slice((int)dst, 7).ToArray());
        guest.CallPtr("strncpy", dst, guest.Put("longer"), 3);
        Assert.Equal("lon", System.Text.Encoding.ASCII.GetString(guest.Memory.Span.Slice((int)dst, 3)));
    }

    [Theory]
    [InlineData("  -123xyz", 10, -123, 6)]
    [InlineData("+42", 0, 42, 3)]
    [InlineData("0x1F", 0, 31, 4)]
    [InlineData("0x1F", 16, 31, 4)]
    [InlineData("0x", 16, 0, 1)]
    [InlineData("0xg", 0, 0, 1)]
    [InlineData("017", 0, 15, 3)]
    [InlineData("zz", 36, 1295, 2)]
    [InlineData("abc", 10, 0, 0)]
    [InlineData("  -", 10, 0, 0)]
    [InlineData("99999999999", 10, int.MaxValue, 11)]
    [InlineData("-99999999999", 10, int.MinValue, 12)]
    [InlineData("-2147483648", 10, int.MinValue, 11)]
    [InlineData("12", 1, 0, 0)]
    public void Strtol(string text, int radix, int expected, int consumed)
    {
        var guest = new LibcTestGuest();
        var s = guest.Put(text);
        var end = guest.Put(new byte[4]);
        Assert.Equal(expected, guest.CallInt("strtol", s, end, (uint)radix));
        Assert.Equal(s + (uint)consumed, BitConverter.ToUInt32(guest.Memory.Span.Slice((int)end, 4)));
    }

    [Theory]
    [InlineData("4294967295", 10, uint.MaxValue)]
    [InlineData("4294967296", 10, uint.MaxValue)]
    [InlineData("-1", 10, uint.MaxValue)]
    [InlineData("ffffFFFF", 16, uint.MaxValue)]
    [InlineData("0777", 0, 511u)]
    public void Strtoul(string text, int radix, uint expected)
    {
        var guest = new LibcTestGuest();
        // a NULL end pointer is allowed and nothing is written
        Assert.Equal(expected, guest.CallPtr("strtoul", guest.Put(text), 0, (uint)radix));
    }

    [Fact]
    public void Atoi()
    {
        var guest = new LibcTestGuest();
        Assert.Equal(-17, guest.CallInt("atoi", guest.Put(" \t-17 apples")));
        Assert.Equal(0, guest.CallInt("atoi", guest.Put("apples")));
    }

    [Fact]
    public void Ctype()
    {
        var guest = new LibcTestGuest();
        int Is(string name, int c) => guest.CallInt(name, (uint)c);
        for (var c = -1; c < 256; c++)
        {
            var ch = (char)c;
            var ascii = c is >= 0 and < 128;
            Assert.Equal(ascii && char.IsAsciiLetterOrDigit(ch) ? 1 : 0, Is("isalnum", c));
            Assert.Equal(ascii && char.IsAsciiLetter(ch) ? 1 : 0, Is("isalpha", c));
            Assert.Equal(ascii && char.IsAsciiDigit(ch) ? 1 : 0, Is("isdigit", c));
            Assert.Equal(ascii && char.IsAsciiHexDigit(ch) ? 1 : 0, Is("isxdigit", c));
            Assert.Equal(ascii && char.IsAsciiLetterUpper(ch) ? 1 : 0, Is("isupper", c));
            Assert.Equal(c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r' ? 1 : 0, Is("isspace", c));
            Assert.Equal(c is >= 0x20 and < 0x7F ? 1 : 0, Is("isprint", c));
            Assert.Equal(c is > 0x20 and < 0x7F ? 1 : 0, Is("isgraph", c));
            Assert.Equal(ascii && char.IsAsciiLetterUpper(ch) ? c + 32 : c, Is("tolower", c));
            Assert.Equal(ascii && char.IsAsciiLetterLower(ch) ? c - 32 : c, Is("toupper", c));
        }
    }

    [Fact]
    public void HeapNatives()
    {
        var guest = new LibcTestGuest(heapOffset: 32768, heapSize: 1024);
        var heap = guest.Instance.Heap!;
        var p = guest.CallPtr("malloc", 100);
        Assert.True(heap.Contains(p));
        guest.Memory.Span.Slice((int)p, 100).Fill(0xEE);
        guest.Call("free", p);
        // calloc clears what malloc left behind
        var q = guest.CallPtr("calloc", 10, 10);
        Assert.Equal(p, q);
        Assert.All(guest.Memory.Span.Slice((int)q, 100).ToArray(), x => Assert.Equal(0, x));
        Assert.Equal(0u, guest.CallPtr("calloc", 0x10000, 0x10000)); // overflows 32 bits
        var r = guest.CallPtr("realloc", q, 200);
        Assert.Equal(200u, heap.GetBlockSize(r));
        var d = guest.CallPtr("strdup", guest.Put("copy me"));
        Assert.True(heap.Contains(d));
        Assert.Equal("copy me", guest.ReadString(d));
        Assert.Equal(0u, guest.CallPtr("malloc", 5000));
        // free of NULL, of a non-block and twice: ignored
        guest.Call("free", 0);
        guest.Call("free", 8);
        guest.Call("free", d);
        guest.Call("free", d);
        heap.CheckInvariants();
    }

    [Fact]
    public void WithoutAHeapAllocationFails()
    {
        var guest = new LibcTestGuest(heapOffset: null);
        Assert.Equal(0u, guest.CallPtr("malloc", 8));
        Assert.Equal(0u, guest.CallPtr("calloc", 1, 8));
        Assert.Equal(0u, guest.CallPtr("realloc", 0, 8));
        Assert.Equal(0u, guest.CallPtr("strdup", guest.Put("x")));
        guest.Call("free", 16);
    }

    [Fact]
    public void ExitAndAbort()
    {
        var guest = new LibcTestGuest();
        Assert.Equal(3, Assert.Throws<WasmExitException>(() => guest.Call("exit", 3)).ExitCode);
        var trap = Assert.Throws<WasmTrap>(() => guest.Call("abort"));
        Assert.Equal(TrapKind.Host, trap.Kind);
        Assert.Equal("abort", trap.Message);
    }

    [Fact]
    public void Clocks()
    {
        var guest = new LibcTestGuest();
        var first = (long)guest.Call("clock");
        var second = (long)guest.Call("clock");
        Assert.True(first >= 0 && second >= first);
        var ts = guest.Put(new byte[16]);
        Assert.Equal(0, guest.CallInt("clock_gettime", 0, ts));
        var seconds = BitConverter.ToInt64(guest.Memory.Span.Slice((int)ts, 8));
        var nanoseconds = BitConverter.ToInt32(guest.Memory.Span.Slice((int)ts + 8, 4));
        Assert.InRange(seconds, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 5, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 5);
        Assert.InRange(nanoseconds, 0, 999_999_999);
        Assert.Equal(0, guest.CallInt("clock_gettime", 1, ts));
    }

    [Fact]
    public void SignaturesMatchWhatClangEmits()
    {
        var guest = new LibcTestGuest();
        string Sig(string name) => guest.Functions[name].Type.ToString();
        Assert.Equal("(i32 i32) -> (i32)", Sig("printf"));
        Assert.Equal("(i32 i32 i32 i32) -> (i32)", Sig("snprintf"));
        Assert.Equal("(i32 i32 i32) -> (i32)", Sig("memcpy"));
        Assert.Equal("(i32) -> ()", Sig("free"));
        Assert.Equal("() -> ()", Sig("abort"));
        Assert.Equal("() -> (i64)", Sig("clock"));
        Assert.Equal("(i32 i32) -> (i32)", Sig("clock_gettime"));
        Assert.All(guest.Functions.Keys, n => Assert.DoesNotContain(' ', n));
    }
}
