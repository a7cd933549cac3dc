using Microwasm.Model;
using Microwasm.Runtime;

namespace Microwasm.Tests.LibcBuiltin;

public class AppHeapTests
{
    private static AppHeap NewHeap(uint offset = 4096, uint size = 4096) =>
        new(new MemoryInstance(new MemoryType(new Limits(1, null))), offset, size);

    [Fact]
    public void AllocationsAreAlignedDistinctAndInside()
    {
        var heap = NewHeap(4100, 4096);
        Assert.Equal(4104u, heap.Offset);
        var seen = new List<(uint, uint)>();
        foreach (var size in new uint[] { 1, 7, 8, 9, 100, 3 })
        {
            var p = heap.Malloc(size);
            Assert.NotEqual(0u, p);
            Assert.Equal(0u, p % 8);
            Assert.True(heap.Contains(p) && heap.Contains(p + size - 1));
            Assert.DoesNotContain(seen, s => p < s.Item1 + s.Item2 && s.Item1 < p + size);
            seen.Add((p, size));
            heap.CheckInvariants();
        }
    }

    [Fact]
    public void ExhaustionReturnsZeroAndFreeingMakesRoomAgain()
    {
        var heap = NewHeap(4096, 1024);
        var blocks = new List<uint>();
        uint p;
        while ((p = heap.Malloc(64)) != 0)
        {
            blocks.Add(p);
        }
        Assert.Equal(16, blocks.Count);
        Assert.Equal(0u, heap.Malloc(1));
        Assert.Equal(0u, heap.Malloc(uint.MaxValue));
        Assert.Equal(0ul, heap.FreeBytes);
        foreach (var b in blocks)
        {
            Assert.True(heap.Free(b));
        }
        heap.CheckInvariants();
        Assert.Equal(1024u, heap.LargestFreeBlock);
        Assert.NotEqual(0u, heap.Malloc(1024));
    }

    [Fact]
    public void FreeIgnoresInvalidPointersWithoutDamage()
    {
        var heap = NewHeap();
        var a = heap.Malloc(32);
        var b = heap.Malloc(32);
        Assert.False(heap.Free(0));
        Assert.False(heap.Free(a + 8));     // interior
        Assert.False(heap.Free(123456));    // outside
        Assert.True(heap.Free(a));
        Assert.False(heap.Free(a));         // double free
        heap.CheckInvariants();
        Assert.Equal(32u, heap.GetBlockSize(b));
        Assert.Equal(1, heap.AllocationCount);
    }

    [Fact]
    public void FreeBlocksCoalesceSoFragmentationHeals()
    {
        var heap = NewHeap(4096, 1024);
        var blocks = Enumerable.Range(0, 16).Select(_ => heap.Malloc(64)).ToArray();
        // free every other block: 512 bytes free, but no block larger than 64
        for (var i = 0; i < blocks.Length; i += 2)
        {
            heap.Free(blocks[i]);
        }
        Assert.Equal(512ul, heap.FreeBytes);
        Assert.Equal(64u, heap.LargestFreeBlock);
        Assert.Equal(0u, heap.Malloc(65));
        // freeing the rest merges everything back into one block
        for (var i = 1; i < blocks.Length; i += 2)
        {
            heap.Free(blocks[i]);
            heap.CheckInvariants();
        }
        Assert.Equal(1024u, heap.LargestFreeBlock);
    }

    [Fact]
    public unsafe void ReallocGrowsInPlaceShrinksAndMovesKeepingContents()
    {
        var heap = NewHeap(4096, 1024);
        var memory = heap.Memory;
        var a = heap.Malloc(16);
        memory.Span.Slice((int)a, 16).Fill(0xAB);
        // the space after a is free: grows in place
        Assert.Equal(a, heap.Realloc(a, 100));
        Assert.Equal(104u, heap.GetBlockSize(a));
        var b = heap.Malloc(16);
        // now blocked by b: moves, copying the old bytes
        var moved = heap.Realloc(a, 200);
        Assert.NotEqual(a, moved);
        Assert.All(memory.Span.Slice((int)moved, 16).ToArray(), x => Assert.Equal(0xAB, x));
        Assert.Null(heap.GetBlockSize(a));
        // shrinking stays in place
        Assert.Equal(moved, heap.Realloc(moved, 8));
        Assert.Equal(8u, heap.GetBlockSize(moved));
        heap.CheckInvariants();
        // too large: 0, and the old block is intact
        Assert.Equal(0u, heap.Realloc(b, 5000));
        Assert.Equal(16u, heap.GetBlockSize(b));
        // realloc(0, n) is malloc; realloc(p, 0) frees
        var c = heap.Realloc(0, 8);
        Assert.NotEqual(0u, c);
        Assert.Equal(0u, heap.Realloc(c, 0));
        Assert.Null(heap.GetBlockSize(c));
        // an invalid pointer is refused
        Assert.Equal(0u, heap.Realloc(b + 8, 4));
        heap.CheckInvariants();
    }

    [Fact]
    public void AddressZeroIsNeverHandedOut()
    {
        var heap = NewHeap(0, 64);
        Assert.Equal(8u, heap.Offset);
        Assert.Equal(56u, heap.Size);
        Assert.Equal(8u, heap.Malloc(1));
    }

    [Fact]
    public void RandomSequenceKeepsInvariants()
    {
        var heap = NewHeap(8192, 32768);
        var random = new Random(1234);
        var live = new Dictionary<uint, (uint Size, byte Fill)>();
        var memory = heap.Memory;
        for (var step = 0; step < 5000; step++)
        {
            var op = random.Next(10);
            if (op < 5 || live.Count == 0)
            {
                var size = (uint)random.Next(1, random.Next(2) == 0 ? 64 : 2048);
                var p = heap.Malloc(size);
                if (p != 0)
                {
                    Assert.False(live.ContainsKey(p));
                    var fill = (byte)random.Next(256);
                    memory.Span.Slice((int)p, (int)size).Fill(fill);
                    live[p] = (size, fill);
                }
            }
            else if (op < 8)
            {
                var p = live.Keys.ElementAt(random.Next(live.Count));
                Assert.True(heap.Free(p));
                live.Remove(p);
            }
            else
            {
                var p = live.Keys.ElementAt(random.Next(live.Count));
                var (oldSize, fill) = live[p];
                var size = (uint)random.Next(1, 3000);
                var q = heap.Realloc(p, size);
                if (q != 0)
                {
                    live.Remove(p);
                    var kept = (int)Math.Min(oldSize, size);
                    Assert.All(memory.Span.Slice((int)q, kept).ToArray(), x => Assert.Equal(fill, x));
                    memory.Span.Slice((int)q, (int)size).Fill(fill);
                    live[q] = (size, fill);
                }
            }
            if (step % 50 == 0)
            {
                heap.CheckInvariants();
                // every live block still holds its own fill: no two blocks overlap
                foreach (var (p, (size, fill)) in live)
                {
                    Assert.All(memory.Span.Slice((int)p, (int)size).ToArray(), x => Assert.Equal(fill, x));
                }
            }
        }
        heap.CheckInvariants();
        Assert.Equal(live.Count, heap.AllocationCount);
    }

    // ---- placement (AppHeap.Attach), WAMR's rules

    private static Global ConstI32(int value) =>
        new(new GlobalType(ValueType.I32, false), Microwasm.Tests.Runtime.TestModules.I32(value));

    private static (Instance Instance, MemoryInstance Memory) Module(uint pages, uint? max, int? heapBase, int? dataEnd)
    {
        var globals = new List<Global>();
        var exports = new List<Export>();
        var instances = new List<GlobalInstance>();
        if (heapBase is { } hb)
        {
            exports.Add(new Export("__heap_base", ExternalKind.Global, (uint)globals.Count));
            globals.Add(ConstI32(hb));
            instances.Add(new GlobalInstance(new GlobalType(ValueType.I32, false), (uint)hb));
        }
        if (dataEnd is { } de)
        {
            exports.Add(new Export("__data_end", ExternalKind.Global, (uint)globals.Count));
            globals.Add(ConstI32(de));
            instances.Add(new GlobalInstance(new GlobalType(ValueType.I32, false), (uint)de));
        }
        var module = LibcTestGuest.EmptyModule(exports.ToArray(), globals.ToArray());
        var memory = new MemoryInstance(new MemoryType(new Limits(pages, max)));
        return (LibcTestGuest.CreateInstance(new Store(), module, [memory], instances.ToArray()), memory);
    }

    [Fact]
    public void InsertsAtHeapBaseAndMovesIt()
    {
        // hello.wasm's layout: one page, __heap_base 5184
        var (instance, memory) = Module(1, null, 5184, 1076);
        var heap = AppHeap.Attach(instance, 16384)!;
        Assert.Same(heap, instance.Heap);
        Assert.Equal(5184u, heap.Offset);
        Assert.Equal(16384u, heap.Size);
        Assert.Equal(1u, memory.Pages);
        Assert.Equal(5184ul + 16384, instance.Globals[0].Value);
    }

    [Fact]
    public void InsertionGrowsWhenTheHeapPassesThePageEnd()
    {
        // 60000 + 16384 crosses the first page: WAMR adds ceil((16384 - 5536) / 64Ki) = 1 page
        var (instance, memory) = Module(1, 4, 60000, 1024);
        var heap = AppHeap.Attach(instance, 16384)!;
        Assert.Equal(60000u, heap.Offset);
        Assert.Equal(2u, memory.Pages);
        // the grown pages raise the maximum too
        Assert.Equal(5u, memory.MaxPages);
        Assert.Equal(76384ul, instance.Globals[0].Value);
    }

    [Fact]
    public void InsertionLeavesOneKibibyteBeforeThePageEnd()
    {
        // the heap would end 512 bytes before the page end: __heap_base moves 1 KiB further, one more page
        var (instance, memory) = Module(2, null, 65536 - 16384 - 512, 1024);
        AppHeap.Attach(instance, 16384);
        Assert.Equal(3u, memory.Pages);
        Assert.Equal(65536ul - 512 + 1024, instance.Globals[0].Value);
    }

    [Fact]
    public void AppendsPagesWithoutHeapBase()
    {
        var (instance, memory) = Module(2, null, null, null);
        var heap = AppHeap.Attach(instance, 16384)!;
        Assert.Equal(3u, memory.Pages);
        Assert.Equal(131072u, heap.Offset);
        Assert.Equal(65536u - 1024, heap.Size);
    }

    [Fact]
    public void AppendsWhenHeapBaseLacksDataEndOrLiesBeyondMemory()
    {
        var (instance, memory) = Module(1, null, 5000, null);
        Assert.Equal(65536u, AppHeap.Attach(instance, 100)!.Offset);
        Assert.Equal(5000ul, instance.Globals[0].Value);

        (instance, memory) = Module(1, null, 70000, 1024);
        Assert.Equal(65536u, AppHeap.Attach(instance, 100)!.Offset);
        Assert.Equal(2u, memory.Pages);
    }

    [Theory]
    [InlineData(1u, 1000u, 65536u, 1000u, 2u)] // a single-page memory gets the heap after it
    [InlineData(0u, 4096u, 8u, 4088u, 1u)] // an empty memory becomes the heap
    public void AFullMemoryGrowsForTheHeap(uint pages, uint size, uint offset, uint heapSize, uint pagesAfter)
    {
        var (instance, memory) = Module(pages, pages, null, null);
        var heap = AppHeap.Attach(instance, size)!;
        Assert.Equal((offset, heapSize, pagesAfter), (heap.Offset, heap.Size, memory.Pages));
    }

    [Fact]
    public void NoHeapWhenSizeIsZeroOrTheModuleHasItsOwnMalloc()
    {
        var (instance, _) = Module(1, null, null, null);
        Assert.Null(AppHeap.Attach(instance, 0));
        Assert.Null(instance.Heap);

        FuncType malloc = new([ValueType.I32], [ValueType.I32]), free = new([ValueType.I32], []);
        var module = LibcTestGuest.EmptyModule(
            [new Export("malloc", ExternalKind.Function, 0), new Export("free", ExternalKind.Function, 1)],
            types: [malloc, free], functions: [0, 1]);
        var own = LibcTestGuest.CreateInstance(new Store(), module, [new MemoryInstance(new MemoryType(new Limits(1, null)))]);
        Assert.Null(AppHeap.Attach(own, 16384));
    }

    [Fact]
    public void TooManyPagesFailsToLink()
    {
        var (instance, _) = Module(65535, null, null, null);
        var error = Assert.Throws<WasmLinkException>(() => AppHeap.Attach(instance, 2 * 65536));
        Assert.Contains("--heap-size=0", error.Message);
    }
}
