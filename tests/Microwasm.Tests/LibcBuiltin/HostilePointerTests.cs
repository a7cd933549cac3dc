using Microwasm.Runtime;

namespace Microwasm.Tests.LibcBuiltin;

/// <summary>
/// Every pointer a guest hands the libc is checked before any byte is touched: a range past the
/// end, a length that would wrap past 2^32, a string with no NUL before the end of memory all trap
/// with OutOfBoundsMemoryAccess, and the memory is left exactly as it was.
/// </summary>
public class HostilePointerTests
{
    private const uint End = 65536; // one page
    private const uint Max = uint.MaxValue;

    public static TheoryData<string, uint[]> Calls(uint str, uint unterminated, uint va) => new()
    {
        // ranges past the end, and lengths that wrap when added to the pointer in 32 bits
        { "memcpy", [End - 4, str, 8] },
        { "memcpy", [str, End - 4, 8] },
        { "memcpy", [16, 32, Max] },
        { "memcpy", [Max, 0, 2] },
        { "memmove", [End - 1, str, 2] },
        { "memmove", [str, 0x8000_0000, 16] },
        { "memset", [End - 2, 0x41, 3] },
        { "memset", [16, 0x41, Max - 8] },
        { "memcmp", [str, End - 2, 4] },
        { "memcmp", [End, str, 1] },
        { "memchr", [End - 3, 0, 5] },
        { "memchr", [8, 0, Max] },
        { "strncpy", [End - 2, str, 4] },
        { "snprintf", [End - 8, 16, str, va] },
        { "snprintf", [16, Max, str, va] },
        { "clock_gettime", [0, End - 8] },
        { "strtol", [str, End - 2, 10] },
        { "strtoul", [str, Max, 10] },
        { "free", [End - 2] },
        { "free", [Max] },
        // strings without a NUL before the end of memory, and string pointers outside it
        { "strlen", [unterminated] },
        { "strlen", [End] },
        { "strlen", [Max] },
        { "puts", [unterminated] },
        { "printf", [unterminated, va] },
        { "printf", [End + 100, va] },
        { "strcmp", [str, unterminated] },
        { "strcpy", [16, unterminated] },
        { "strchr", [unterminated, 'x'] },
        { "strdup", [unterminated] },
        { "strspn", [str, unterminated] },
        { "strcspn", [unterminated, str] },
        { "strstr", [str, unterminated] },
        { "strtol", [unterminated, 0, 10] },
        { "atoi", [unterminated] },
        { "strncmp", [unterminated, str, 100] },
        { "strncasecmp", [str, unterminated, 100] },
        { "sprintf", [16, unterminated, va] },
        { "vsnprintf", [16, 4, unterminated, va] },
    };

    private static (LibcTestGuest Guest, uint Str, uint Unterminated, uint Va) Setup()
    {
        var guest = new LibcTestGuest(pages: 1, heapOffset: 40000, heapSize: 4096);
        var str = guest.Put("12345");
        var va = guest.VaList(1, 2, 3, 4);
        // fill the last 16 bytes of memory with non-zero bytes: a string there never ends
        guest.Memory.Span[(int)(End - 16)..].Fill((byte)'x');
        return (guest, str, End - 16, va);
    }

    public static IEnumerable<object[]> Cases()
    {
        var (_, str, unterminated, va) = Setup();
        foreach (var row in Calls(str, unterminated, va))
        {
            yield return row;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TrapsBeforeTouchingMemory(string name, uint[] args)
    {
        var (guest, _, _, _) = Setup();
        var before = guest.Memory.Span.ToArray();
        var trap = Assert.Throws<WasmTrap>(() => guest.Call(name, args));
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, trap.Kind);
        Assert.True(before.AsSpan().SequenceEqual(guest.Memory.Span), "memory changed before the trap");
        Assert.Equal(0, guest.Output.Length);
    }

    [Fact]
    public void FormatArgumentsAreCheckedToo()
    {
        var (guest, str, unterminated, _) = Setup();
        var buffer = guest.Put(new byte[32]);
        var before = guest.Memory.Span.ToArray();
        // %s of an unterminated string, a va_list that runs off the end, a long long that would
        var cases = new (uint Format, uint Va)[]
        {
            (guest.Put("%s"), guest.VaList((int)unterminated)),
            (guest.Put("%d %d"), End - 4),
            (guest.Put("%lld"), End - 4),
            (guest.Put("%f"), End - 8 + 4),
            (guest.Put("%d"), Max - 1),
            (guest.Put("%s"), guest.VaList((int)End)),
        };
        before = guest.Memory.Span.ToArray();
        foreach (var (format, va) in cases)
        {
            Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Assert.Throws<WasmTrap>(() => guest.Call("printf", format, va)).Kind);
            Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Assert.Throws<WasmTrap>(() => guest.Call("sprintf", buffer, format, va)).Kind);
        }
        Assert.True(before.AsSpan().SequenceEqual(guest.Memory.Span));
        Assert.Equal(0, guest.Output.Length);
    }

    [Fact]
    public void SprintfTrapsWhenItsOutputWouldRunPastTheEnd()
    {
        var (guest, _, _, _) = Setup();
        var format = guest.Put("%d");
        var va = guest.VaList(1234);
        var before = guest.Memory.Span.ToArray();
        var trap = Assert.Throws<WasmTrap>(() => guest.Call("sprintf", End - 4, format, va));
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, trap.Kind);
        Assert.True(before.AsSpan().SequenceEqual(guest.Memory.Span));
        // exactly fitting output (four digits and the NUL) is fine
        Assert.Equal(4, guest.CallInt("sprintf", End - 5, format, va));
    }

    [Fact]
    public void BoundedReadsStopAtTheirBound()
    {
        var (guest, str, unterminated, va) = Setup();
        // the last 16 bytes have no NUL, but a bound inside memory makes them legal to read
        Assert.Equal(0, guest.CallInt("strncmp", unterminated, unterminated, 16));
        Assert.Equal("xxxx", guest.Printf("%.4s", (int)unterminated));
        Assert.Equal(End - 16, guest.CallPtr("memchr", End - 16, 'x', 16));
    }

    [Fact]
    public void HugeWidthsTrapInsteadOfAllocating()
    {
        var guest = new LibcTestGuest();
        var trap = Assert.Throws<WasmTrap>(() => guest.Call("printf", guest.Put("%999999999d"), guest.VaList(1)));
        Assert.Equal(TrapKind.Host, trap.Kind);
        Assert.Equal(0, guest.Output.Length);
    }
}
