using System.Diagnostics;
using Microwasm.Runtime;

namespace Microwasm.Tests.LibcBuiltin;

/// <summary>
/// String functions on strings as long as memory allows: a native cannot be interrupted, so its
/// cost must be linear in the bytes it reads. strspn/strcspn against a long set and strstr with a
/// needle built to defeat a naive search were quadratic (megabyte strings took minutes). Also the
/// cases at the top of memory: an unterminated number, an snprintf size near 2^32.
/// </summary>
public class LibcLinearCostTests
{
    private const int Mega = 4 << 20;

    /// <summary>A guest with room for two strings of <see cref="Mega"/> bytes: text at 1 MiB, a second string after it.</summary>
    private static (LibcTestGuest Guest, uint Text, uint Second) TwoStrings(byte fill, int textLength, Func<int, byte> second, int secondLength)
    {
        var guest = new LibcTestGuest(pages: (uint)((2 * Mega + (2 << 20)) / 65536), heapOffset: null);
        const uint Text = 1 << 20;
        var textSpan = guest.Memory.GetSpan(Text, textLength + 1);
        textSpan[..textLength].Fill(fill);
        textSpan[textLength] = 0;
        var secondAddress = Text + (uint)textLength + 16;
        var secondSpan = guest.Memory.GetSpan(secondAddress, secondLength + 1);
        for (var i = 0; i < secondLength; i++)
        {
            secondSpan[i] = second(i);
        }
        secondSpan[secondLength] = 0;
        return (guest, Text, secondAddress);
    }

    private static ulong Timed(LibcTestGuest guest, string name, params uint[] args)
    {
        var clock = Stopwatch.StartNew();
        var result = guest.Call(name, args);
        // a safety net only: the linear versions take milliseconds, the quadratic ones minutes
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"{name} took {clock.Elapsed}");
        return result;
    }

    [Fact]
    public void StrspnAndStrcspnAgainstALongSetAreLinear()
    {
        // the set is 4 MiB of 'b' ending in 'a': each text byte is found only at the set's end
        var (guest, text, set) = TwoStrings((byte)'a', Mega, i => i == Mega - 1 ? (byte)'a' : (byte)'b', Mega);
        Assert.Equal((ulong)Mega, Timed(guest, "strspn", text, set));
        Assert.Equal(0UL, Timed(guest, "strcspn", text, set));
        // and a set that does not hold the text's byte
        guest.Memory.GetSpan(set + Mega - 1, 1)[0] = (byte)'b';
        Assert.Equal(0UL, Timed(guest, "strspn", text, set));
        Assert.Equal((ulong)Mega, Timed(guest, "strcspn", text, set));
    }

    [Fact]
    public void StrstrWithANeedleThatAlmostMatchesEverywhereIsLinear()
    {
        // text: "abab..." (4 MiB); needle: "abab...ab" "bb" "abab...ab" (2 MiB). At every second
        // position the needle's first and last bytes match and half of it does before the "bb"
        // fails: a search that compares at each candidate position does 10^12 byte comparisons.
        const int NeedleLength = Mega / 2;
        static byte Alternating(int i) => i % 2 == 0 ? (byte)'a' : (byte)'b';
        var (guest, text, needle) = TwoStrings(0, Mega, i => i == NeedleLength / 2 ? (byte)'b' : Alternating(i), NeedleLength);
        var textSpan = guest.Memory.GetSpan(text, Mega);
        for (var i = 0; i < Mega; i++)
        {
            textSpan[i] = Alternating(i);
        }
        Assert.Equal(0UL, Timed(guest, "strstr", text, needle));
        // the needle at the end of the text: found there
        var at = text + Mega - NeedleLength;
        guest.Memory.GetSpan(at + NeedleLength / 2, 1)[0] = (byte)'b';
        Assert.Equal((ulong)at, Timed(guest, "strstr", text, needle));
    }

    [Fact]
    public void TheLinearSearchAgreesWithAPlainOneOnLongNeedles()
    {
        var random = new Random(1234);
        for (var round = 0; round < 300; round++)
        {
            // a two-letter alphabet makes near matches and true matches common
            var text = new byte[random.Next(0, 3000)];
            for (var i = 0; i < text.Length; i++)
            {
                text[i] = (byte)('a' + random.Next(2));
            }
            var needleLength = random.Next(65, 200);
            var needle = new byte[needleLength];
            if (text.Length > needleLength && random.Next(2) == 0)
            {
                text.AsSpan(random.Next(text.Length - needleLength), needleLength).CopyTo(needle);
            }
            else
            {
                for (var i = 0; i < needle.Length; i++)
                {
                    needle[i] = (byte)('a' + random.Next(2));
                }
            }
            Assert.Equal(text.AsSpan().IndexOf(needle), Microwasm.LibcBuiltin.LibcFunctions.IndexOf(text, needle));
        }
        var all = Enumerable.Repeat((byte)0xFF, 500).ToArray();
        Assert.Equal(0, Microwasm.LibcBuiltin.LibcFunctions.IndexOf(all, all.AsSpan(0, 100)));
    }

    [Theory]
    [InlineData("abc123", "abc", 3u)]
    [InlineData("abc123", "cba", 3u)]
    [InlineData("abc123", "", 0u)]
    [InlineData("\u00ff\u00fe", "\u00fe\u00ff", 4u)]
    public void StrspnCountsBytesInTheSet(string text, string set, uint expected)
    {
        var guest = new LibcTestGuest();
        Assert.Equal(expected, guest.CallPtr("strspn", guest.Put(text), guest.Put(set)));
    }

    [Fact]
    public void StrtolOfAnUnterminatedNumberAtTheEndOfMemoryTraps()
    {
        // "123" in the last three bytes with no NUL: C would read the byte after memory
        var guest = new LibcTestGuest();
        "123"u8.CopyTo(guest.Memory.GetSpan(65536 - 3, 3));
        foreach (var name in new[] { "strtol", "strtoul" })
        {
            Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Assert.Throws<WasmTrap>(() => guest.Call(name, 65536 - 3, 0, 10)).Kind);
        }
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Assert.Throws<WasmTrap>(() => guest.Call("atoi", 65536 - 3)).Kind);
        guest.Memory.GetSpan(65536 - 1, 1)[0] = 0;
        Assert.Equal(12, guest.CallInt("atoi", 65536 - 3));
    }

    [Theory]
    [InlineData(0xFFFF_FFFFu)]
    [InlineData(0x8000_0000u)]
    [InlineData(65536u - 15)]
    public void SnprintfWithASizePastTheEndOfMemoryTrapsBeforeWriting(uint size)
    {
        var guest = new LibcTestGuest();
        var format = guest.Put("%d");
        var va = guest.VaList(42);
        var before = guest.Memory.GetSpan(0, 65536).ToArray();
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Assert.Throws<WasmTrap>(() => guest.Call("snprintf", 16, size, format, va)).Kind);
        Assert.True(before.AsSpan().SequenceEqual(guest.Memory.GetSpan(0, 65536)));
        // the largest size that fits writes as usual
        Assert.Equal(2, guest.CallInt("snprintf", 16, 65536 - 16, format, va));
        Assert.Equal("42", guest.ReadString(16));
    }

    [Fact]
    public void PutsOfALongStringToATextWriterCopiesNothingOfItsSize()
    {
        const int Length = 16 << 20;
        var guest = new LibcTestGuest(pages: (uint)(Length / 65536 + 2), heapOffset: null);
        var span = guest.Memory.GetSpan(65536, Length + 1);
        span[..Length].Fill((byte)'x');
        span[Length] = 0;
        var puts = Microwasm.LibcBuiltin.LibcBuiltinModule.CreateImports(new Microwasm.LibcBuiltin.LibcOptions { StdoutWriter = TextWriter.Null })
            .Single(i => i.Name == "puts").Function;
        guest.Context.CallerInstance = guest.Instance;
        var slots = new ulong[] { 65536 };
        var before = GC.GetAllocatedBytesForCurrentThread();
        puts.Invoke(guest.Context, slots);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20, "the string was copied");
        Assert.Equal((ulong)Length + 1, slots[0]);
    }
}
