using Microwasm.Runtime;

namespace Microwasm.Tests.LibcBuiltin;

/// <summary>
/// More hostile arguments for the builtin libc, beyond <see cref="HostilePointerTests"/>: widths and
/// precisions taken from the va_list, va_lists ending exactly at the end of memory, and out-pointers
/// at the last bytes of memory. Each either works (when everything is in bounds) or traps before
/// writing, without allocating what the guest asked for.
/// </summary>
public class LibcHardeningTests
{
    private const uint End = 65536;

    [Theory]
    [InlineData("%*d", int.MaxValue)]
    [InlineData("%*d", int.MinValue)]
    [InlineData("%-*d", int.MaxValue)]
    [InlineData("%.*d", int.MaxValue)]
    [InlineData("%.*f", int.MaxValue)]
    public void HugeWidthsAndPrecisionsFromTheVaListTrapWithoutAllocating(string format, int star)
    {
        var guest = new LibcTestGuest();
        var f = guest.Put(format);
        var va = guest.VaList(star, 1);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var trap = Assert.Throws<WasmTrap>(() => guest.Call("printf", f, va));
        Assert.Equal(TrapKind.Host, trap.Kind);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20, "the width was allocated");
        Assert.Equal(0, guest.Output.Length);
        // snprintf with no room computes the length the same way
        Assert.Equal(TrapKind.Host, Assert.Throws<WasmTrap>(() => guest.Call("snprintf", 0, 0, f, va)).Kind);
    }

    [Fact]
    public void AHugePrecisionOnAShortStringPrintsTheString()
    {
        // %.*s reads at most the precision and stops at the NUL: a huge precision is harmless
        var guest = new LibcTestGuest();
        Assert.Equal("abc", guest.Printf("%.*s", int.MaxValue, (int)guest.Put("abc")));
    }

    [Fact]
    public void AVaListEndingExactlyAtTheEndOfMemoryIsRead()
    {
        var guest = new LibcTestGuest();
        guest.Memory.Span[(int)End - 4] = 42;
        Assert.Equal(2, guest.CallInt("printf", guest.Put("%d"), End - 4));
        Assert.Equal("42", guest.OutputText);
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Assert.Throws<WasmTrap>(() => guest.Call("printf", guest.Put("%d"), End - 3)).Kind);
    }

    [Fact]
    public void StrtolEndPointerAtTheLastWordOfMemory()
    {
        var guest = new LibcTestGuest();
        var text = guest.Put("123xyz");
        Assert.Equal(123, guest.CallInt("strtol", text, End - 4, 10));
        Assert.Equal(text + 3, BitConverter.ToUInt32(guest.Memory.Span[(int)(End - 4)..]));
        var before = guest.Memory.Span.ToArray();
        foreach (var endptr in new[] { End - 3, End - 1, End, uint.MaxValue - 2 })
        {
            Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Assert.Throws<WasmTrap>(() => guest.Call("strtol", text, endptr, 10)).Kind);
        }
        Assert.True(before.AsSpan().SequenceEqual(guest.Memory.Span));
    }

    [Theory]
    [InlineData("memcpy", 0x10u, 0x20u, 0xFFFF_FFF0u)]
    [InlineData("memmove", 0xFFFF_FFF0u, 0x20u, 0x20u)]
    [InlineData("memmove", 0x20u, 0xFFFF_FFF0u, 0x20u)]
    [InlineData("memset", 0xFFFF_FFFFu, 0u, 2u)]
    [InlineData("memset", End, 0u, 0u)]
    public void LengthsAndPointersThatWrapTrap(string name, uint a, uint b, uint n)
    {
        var guest = new LibcTestGuest();
        var before = guest.Memory.Span.ToArray();
        if (n == 0)
        {
            // a zero-length operation at the end of memory touches nothing and is allowed
            Assert.Equal(a, guest.CallPtr(name, a, b, n));
            return;
        }
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Assert.Throws<WasmTrap>(() => guest.Call(name, a, b, n)).Kind);
        Assert.True(before.AsSpan().SequenceEqual(guest.Memory.Span));
    }
}
