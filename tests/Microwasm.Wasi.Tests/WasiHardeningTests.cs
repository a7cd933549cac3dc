using System.Buffers.Binary;
using Microwasm.Model;
using Microwasm.Runtime;

namespace Microwasm.Wasi.Tests;

/// <summary>
/// Hostile arguments to WASI beyond <see cref="WasiSandboxTests"/>: counts whose byte sizes wrap in
/// 32 bits, buffers smaller than one directory entry, paths far too long or full of "..". Each gives
/// an errno, allocates nothing of the guest's asking, and leaves the outside untouched.
/// </summary>
public sealed class WasiHardeningTests
{
    private const uint Creat = 1;
    private const uint Directory = 2;

    [Theory]
    [InlineData(0x2000_0000u)]  // 8 × count wraps to 0 in 32 bits
    [InlineData(0x2000_0001u)]  // ... to 8
    [InlineData(0xFFFF_FFFFu)]
    public void IovecCountsWhoseSizeWrapsAreRejected(uint count)
    {
        using var h = new WasiHarness();
        var (_, fd) = h.Open("f", Creat);
        var iovs = h.Iovecs((h.Str("x").Address, 1));
        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Contains(h.Call("fd_write", fd, iovs, count, 100), new[] { Errno.Inval, Errno.Fault });
        Assert.Contains(h.Call("fd_read", fd, iovs, count, 100), new[] { Errno.Inval, Errno.Fault });
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
        Assert.Equal("", File.ReadAllText(h.InSandbox("f")));
    }

    [Fact]
    public void OverlappingIovecsWriteEachTime()
    {
        // 1024 iovecs all naming the same 16 bytes: legal, and written 1024 times
        using var h = new WasiHarness();
        var (text, length) = h.Str("0123456789abcdef");
        var iovs = h.Iovecs(Enumerable.Repeat((text, length), 1024).ToArray());
        Assert.Equal(Errno.Success, h.Call("fd_write", 1, iovs, 1024, 100));
        Assert.Equal(16u * 1024, h.U32(100));
        Assert.Equal(16 * 1024, h.Stdout.Length);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(1u)]
    [InlineData(23u)] // one byte short of a dirent header
    [InlineData(24u)] // a header and no name
    public void ReaddirIntoTinyBuffersFillsThemExactly(uint size)
    {
        using var h = new WasiHarness();
        File.WriteAllText(h.InSandbox("a-rather-long-file-name"), "");
        var (errno, dir) = h.Open(".", Directory, Rights.FdReaddir | Rights.PathOpen);
        Assert.Equal(Errno.Success, errno);
        var buffer = h.Alloc(64);
        var canary = h.Alloc(8);
        h.Memory.Span[(int)canary] = 0x5A;
        Assert.Equal(Errno.Success, h.Call("fd_readdir", dir, buffer, size, 0, 2000));
        Assert.Equal(size, h.U32(2000));
        Assert.Equal(0x5A, h.Memory.Span[(int)canary]);
        // a cookie far past the end is an empty listing
        Assert.Equal(Errno.Success, h.Call("fd_readdir", dir, buffer, 64, ulong.MaxValue, 2000));
        Assert.Equal(0u, h.U32(2000));
    }

    [Theory]
    [InlineData("..")]
    [InlineData("../outside/secret.txt")]
    [InlineData("a/../../outside/secret.txt")]
    [InlineData("./../sandbox/../outside")]
    public void DotDotOutOfThePreopenIsRefused(string path)
    {
        using var h = new WasiHarness();
        System.IO.Directory.CreateDirectory(h.InSandbox("a"));
        Assert.Equal(Errno.NotCapable, h.Open(path, rights: Rights.FdRead).Errno);
        h.AssertOutsideUntouched();
    }

    [Fact]
    public void AVeryLongPathIsNameTooLong()
    {
        using var h = new WasiHarness();
        // 16,000 bytes of path: 4,000 components of "a/.." and then a name
        var path = string.Concat(Enumerable.Repeat("a/..", 4_000)) + "/x";
        Assert.Contains(h.Open(path, Creat).Errno, new[] { Errno.NameTooLong, Errno.NoEnt });
        Assert.Equal(Errno.NameTooLong, h.Open(new string('b', 20_000), Creat).Errno);
        Assert.Empty(System.IO.Directory.GetFileSystemEntries(h.SandboxPath));
    }

    [Theory]
    [InlineData(0xFFFF_FFFFu)]
    [InlineData(0x0555_5556u)] // 48 × count wraps to 0x20 in 32 bits
    [InlineData(0x1000_0000u)]
    public void PollWithAHugeSubscriptionCountIsEfaultWithoutAllocating(uint count)
    {
        using var h = new WasiHarness();
        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(Errno.Fault, h.Call("poll_oneoff", 0, 1000, count, 100));
        Assert.Equal(Errno.Fault, h.CallUnstable("poll_oneoff", 0, 1000, count, 100));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
    }

    [Fact]
    public void PollWithMoreSubscriptionsThanTheLimitIsEinvalWithoutAllocating()
    {
        // a memory big enough for a million subscriptions (48 MB) and their events: the host copies would
        // be as big again, and a 4 GiB memory holds 89 million
        using var h = new WasiHarness();
        const uint Count = 1 << 20;
        var memory = new MemoryInstance(new MemoryType(new Limits(Count * (48 + 32) / 65536 + 2, null)));
        h.UseMemory(memory);
        var output = (ulong)Count * 48;
        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(Errno.Inval, h.Call("poll_oneoff", 0, output, Count, output + 64));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
        // at the limit it works: zeroed subscriptions are clocks with a timeout of 0
        Assert.Equal(Errno.Success, h.Call("poll_oneoff", 0, output, WasiPreview1.MaxPollSubscriptions, output - 8));
        Assert.Equal(WasiPreview1.MaxPollSubscriptions, BinaryPrimitives.ReadUInt32LittleEndian(memory.GetSpan(output - 8, 4)));
        memory.Dispose();
    }

    [Fact]
    public void AnInterruptStopsALongRandomGet()
    {
        using var h = new WasiHarness();
        var memory = new MemoryInstance(new MemoryType(new Limits(1024, null)));
        h.UseMemory(memory);
        h.Context.RequestInterrupt();
        // a short call completes; 64 MiB is filled a chunk at a time, checking between chunks
        Assert.Equal(Errno.Success, h.Call("random_get", 0, 4096));
        Assert.Equal(TrapKind.Interrupted, Assert.Throws<WasmTrap>(() => h.Call("random_get", 0, 64 << 20)).Kind);
        Assert.True(memory.GetSpan(2 << 20, 1 << 20).IndexOfAnyExcept((byte)0) < 0, "more than the first chunk was filled");
        h.Context.ClearInterrupt();
        memory.Dispose();
    }
}
