using System.Diagnostics;
using Microwasm.Runtime;
using static Microwasm.Tests.Runtime.HardeningModules;

namespace Microwasm.Tests.Runtime;

/// <summary>
/// Hostile instantiation limits: huge memories and tables, segments that wrap, repeated growth,
/// and many instances in one process. Each either works within a bounded footprint or fails with
/// a link error or a trap, and the process goes on.
/// </summary>
public unsafe class InstantiationHardeningTests
{
    // Other tests run in parallel and allocate too: the bounds leave room for them, and are still
    // far below what committing 4 GiB (or 1000 × 4 GiB of address space) would show.
    private const long RssSlack = 512L << 20;

    internal static long ReadStatus(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line[field.Length..].Trim().Split(' ')[0]) * 1024;
            }
        }
        throw new InvalidOperationException(field + " not found");
    }

    [Fact]
    public void AMemoryOf65536PagesInstantiatesWithoutCommittingFourGiB()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        var before = ReadStatus("VmRSS:");
        var instance = Instantiate(Memory4GiB);
        var memory = instance.Memory!;
        Assert.Equal(65536u, memory.Pages);
        Assert.Equal(4UL << 30, memory.Length);
        var touch = instance.GetFunction("touch")!;
        foreach (var address in new[] { 0, -1, 1 << 31 })
        {
            touch.Invoke(instance.Store, WasmValue.I32(address));
        }
        Assert.Equal(1, memory.Base[memory.Length - 1]);
        var grown = ReadStatus("VmRSS:") - before;
        Assert.True(grown < RssSlack, $"RSS grew by {grown >> 20} MiB for a 4 GiB memory that touched 3 pages");
        memory.Dispose();
    }

    [Fact]
    public void MaxMemoryPagesRefusesAHugeMinimumWithALinkError()
    {
        var store = new Store(new RuntimeOptions { MaxMemoryPages = 256 });
        var e = Assert.Throws<WasmLinkException>(() => new Linker().Instantiate(store, Compile(Memory4GiB)));
        Assert.Equal("memory of 65536 pages exceeds the limit of 256 pages", e.Message);
    }

    [Fact]
    public void MaxMemoryPagesCapsMemoryGrow()
    {
        var instance = Instantiate(Grow, new Store(new RuntimeOptions { MaxMemoryPages = 16 }));
        var grow = instance.GetFunction("grow")!;
        Assert.Equal(0, grow.Invoke(instance.Store, WasmValue.I32(16))[0].AsI32());
        Assert.Equal(-1, grow.Invoke(instance.Store, WasmValue.I32(1))[0].AsI32());
        Assert.Equal(16u, instance.Memory!.Pages);
    }

    [Fact]
    public void Growing65536PagesRepeatedlyFailsCleanlyAfterTheFirst()
    {
        var instance = Instantiate(Grow);
        var grow = instance.GetFunction("grow")!;
        Assert.Equal(0, grow.Invoke(instance.Store, WasmValue.I32(65536))[0].AsI32());
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(-1, grow.Invoke(instance.Store, WasmValue.I32(65536))[0].AsI32());
            Assert.Equal(-1, grow.Invoke(instance.Store, WasmValue.I32(-1))[0].AsI32());
        }
        Assert.Equal(65536, grow.Invoke(instance.Store, WasmValue.I32(0))[0].AsI32());
        instance.Memory!.Dispose();
    }

    [Fact]
    public void ATenMillionElementTableIsTheDefaultLimit()
    {
        var instance = Instantiate(Table10M);
        Assert.Equal(10_000_000u, instance.Tables[0].Size);
        var capped = new Store(new RuntimeOptions { MaxTableElements = 1000 });
        var e = Assert.Throws<WasmLinkException>(() => new Linker().Instantiate(capped, Compile(Table10M)));
        Assert.Equal("table of 10000000 elements exceeds the limit of 1000 elements", e.Message);
    }

    [Fact]
    public void ATableOf2To32Minus1ElementsIsALinkError()
    {
        var e = Assert.Throws<WasmLinkException>(() => Instantiate(TableMax));
        Assert.Equal("table of 4294967295 elements exceeds the limit of 10000000 elements", e.Message);
    }

    [Fact]
    public void TableGrowWithHugeDeltasReturnsMinusOne()
    {
        var instance = Instantiate(TableGrow, new Store(new RuntimeOptions { MaxTableElements = 100_000 }));
        var grow = instance.GetFunction("grow")!;
        Assert.Equal(-1, grow.Invoke(instance.Store, WasmValue.I32(-1))[0].AsI32());
        Assert.Equal(-1, grow.Invoke(instance.Store, WasmValue.I32(int.MaxValue))[0].AsI32());
        Assert.Equal(-1, grow.Invoke(instance.Store, WasmValue.I32(100_001))[0].AsI32());
        Assert.Equal(0, grow.Invoke(instance.Store, WasmValue.I32(100_000))[0].AsI32());
        Assert.Equal(-1, grow.Invoke(instance.Store, WasmValue.I32(1))[0].AsI32());
        Assert.Equal(100_000u, instance.Tables[0].Size);
    }

    [Fact]
    public void ADataSegmentWhoseEndWrapsPast2To32Traps()
    {
        var e = Assert.Throws<WasmTrap>(() => Instantiate(DataWrap));
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, e.Kind);
    }

    [Fact]
    public void AnElementSegmentWhoseEndWrapsPast2To32Traps()
    {
        var e = Assert.Throws<WasmTrap>(() => Instantiate(ElemWrap));
        Assert.Equal(TrapKind.OutOfBoundsTableAccess, e.Kind);
    }

    [Fact]
    public void TenThousandSegmentsInstantiate()
    {
        var instance = Instantiate(ManySegments(10_000));
        Assert.Equal((byte)'x', instance.Memory!.Span[9_999]);
        Assert.Equal((byte)'y', instance.Memory!.Span[10_000]);
        Assert.Equal(0, instance.Memory!.Span[10_001]);
        Assert.All(instance.Tables[0].Elements, handle => Assert.NotEqual(0UL, handle));
    }

    [Fact]
    public void AThousandInstancesWithMemoryInOneStoreFit()
    {
        var store = new Store();
        var compiled = Compile(Grow);
        var instances = new List<Instance>();
        for (var i = 0; i < 1000; i++)
        {
            var instance = new Linker().Instantiate(store, compiled);
            Assert.Equal(0, instance.GetFunction("grow")!.Invoke(store, WasmValue.I32(1))[0].AsI32());
            instance.Memory!.Span[i] = 1;
            instances.Add(instance);
        }
        Assert.All(instances, instance => Assert.Equal(1u, instance.Memory!.Pages));
        foreach (var instance in instances)
        {
            instance.Memory!.Dispose();
        }
    }

    /// <summary>(module (table 10000000 funcref) × <paramref name="count"/>)</summary>
    private static byte[] ManyTables(int count)
    {
        var body = new List<byte> { (byte)count };
        for (var i = 0; i < count; i++)
        {
            body.AddRange([0x70, 0x00, 0x80, 0xad, 0xe2, 0x04]);
        }
        return [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x04, (byte)(body.Count | 0x80), (byte)(body.Count >> 7), .. body]; // size: two-byte LEB128
    }

    [Fact]
    public void ManyLargeTablesTogetherExceedTheStoresBudgetBeforeAllocating()
    {
        // 100 tables of 10 million elements: 8 GB of slots, each table within MaxTableElements
        var bytes = ManyTables(100);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<WasmLinkException>(() => Instantiate(bytes));
        Assert.Equal("tables of 1000000000 elements exceed the store's limit of 100000000 table elements", e.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 << 20);
    }

    [Fact]
    public void TheStoresTableBudgetSpansInstancesAndGrowth()
    {
        var store = new Store(new RuntimeOptions { MaxStoreTableElements = 15_000_000 });
        Instantiate(Table10M, store);
        var e = Assert.Throws<WasmLinkException>(() => Instantiate(Table10M, store));
        Assert.Equal("tables of 10000000 elements exceed the store's limit of 15000000 table elements", e.Message);
        var grower = Instantiate(TableGrow, store);
        var grow = grower.GetFunction("grow")!;
        Assert.Equal(0, grow.Invoke(store, WasmValue.I32(5_000_000))[0].AsI32());
        Assert.Equal(-1, grow.Invoke(store, WasmValue.I32(1))[0].AsI32());
        Assert.Equal(5_000_000u, grower.Tables[0].Size);
    }
}
