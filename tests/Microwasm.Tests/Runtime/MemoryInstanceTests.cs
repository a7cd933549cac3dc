using Microwasm.Model;
using Microwasm.Runtime;

namespace Microwasm.Tests.Runtime;

public unsafe class MemoryInstanceTests
{
    [Fact]
    public void GrowKeepsContentsAndZeroesNewPages()
    {
        using var memory = new MemoryInstance(new MemoryType(new Limits(1, 10)));
        memory.Span[65535] = 0xAB;
        Assert.Equal(1, memory.Grow(2));
        Assert.Equal(3u, memory.Pages);
        Assert.Equal(0xAB, memory.Span[65535]);
        Assert.True(memory.Span[65536..].IndexOfAnyExcept((byte)0) < 0);
    }

    [Fact]
    public void GrowStopsAtTheMaximumAndTheLimit()
    {
        using var declared = new MemoryInstance(new MemoryType(new Limits(1, 2)));
        Assert.Equal(-1, declared.Grow(2));
        Assert.Equal(1, declared.Grow(1));
        using var capped = new MemoryInstance(new MemoryType(new Limits(0, null)), maxPagesLimit: 4);
        Assert.Equal(-1, capped.Grow(5));
        Assert.Equal(0, capped.Grow(4));
        Assert.Equal(4u * 65536, capped.Length);
    }

    [Fact]
    public void BaseDoesNotMoveOnGrowWhereAddressSpaceIsReserved()
    {
        using var memory = new MemoryInstance(new MemoryType(new Limits(0, null)));
        Assert.Equal(OperatingSystem.IsLinux() && Environment.Is64BitProcess, memory.BaseIsStable);
        var before = (nint)memory.Base;
        Assert.Equal(0, memory.Grow(16));
        memory.Base[16 * 65536 - 1] = 1;
        Assert.Equal(16, memory.Grow(100));
        if (memory.BaseIsStable)
        {
            Assert.Equal(before, (nint)memory.Base);
        }
        Assert.Equal(1, memory.Base[16 * 65536 - 1]);
    }

    [Fact]
    public void ManyMemoriesCanLiveAtOnce()
    {
        // each reserves 4 GiB of address space but commits only what it uses
        var memories = Enumerable.Range(0, 200).Select(_ => new MemoryInstance(new MemoryType(new Limits(1, null)))).ToList();
        foreach (var m in memories)
        {
            m.Span[0] = 7;
        }
        Assert.All(memories, m => Assert.Equal(7, m.Span[0]));
        memories.ForEach(m => m.Dispose());
    }

    [Fact]
    public void OutOfBoundsSpansTrap()
    {
        using var memory = new MemoryInstance(new MemoryType(new Limits(1, 1)));
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Assert.Throws<WasmTrap>(() => memory.GetSpan(65535, 2)).Kind);
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Assert.Throws<WasmTrap>(() => memory.GetSpan(ulong.MaxValue, 2)).Kind);
        Assert.Equal(2, memory.GetSpan(65534, 2).Length);
    }
}
