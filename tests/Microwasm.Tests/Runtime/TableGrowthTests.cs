using System.Diagnostics;
using Microwasm.Runtime;
using static Microwasm.Tests.Runtime.HardeningModules;

namespace Microwasm.Tests.Runtime;

/// <summary>
/// <c>table.grow</c> grows the backing array geometrically: growing by one n times costs O(n), while
/// every limit and bounds check still counts the size, not the capacity.
/// </summary>
public class TableGrowthTests
{
    // (module (type $v (func (result i32))) (table $t 1 funcref) (func $f (type $v) (i32.const 7))
    //   (elem (i32.const 0) $f)
    //   (func (export "grow") (param i32) (result i32) (table.grow $t (ref.func $f) (local.get 0)))
    //   (func (export "call") (param i32) (result i32) (call_indirect (type $v) (local.get 0)))
    //   (func (export "get") (param i32) (result funcref) (table.get $t (local.get 0))))
    private static readonly byte[] GrowAndCall =
    [
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0f, 0x03, 0x60, 0x00, 0x01, 0x7f, 0x60, 0x01, 0x7f, 0x01,
        0x7f, 0x60, 0x01, 0x7f, 0x01, 0x70, 0x03, 0x05, 0x04, 0x00, 0x01, 0x01, 0x02, 0x04, 0x04, 0x01, 0x70, 0x00, 0x01,
        0x07, 0x15, 0x03, 0x04, 0x67, 0x72, 0x6f, 0x77, 0x00, 0x01, 0x04, 0x63, 0x61, 0x6c, 0x6c, 0x00, 0x02, 0x03, 0x67,
        0x65, 0x74, 0x00, 0x03, 0x09, 0x07, 0x01, 0x00, 0x41, 0x00, 0x0b, 0x01, 0x00, 0x0a, 0x1f, 0x04, 0x04, 0x00, 0x41,
        0x07, 0x0b, 0x09, 0x00, 0xd2, 0x00, 0x20, 0x00, 0xfc, 0x0f, 0x00, 0x0b, 0x07, 0x00, 0x20, 0x00, 0x11, 0x00, 0x00,
        0x0b, 0x06, 0x00, 0x20, 0x00, 0x25, 0x00, 0x0b,
    ];

    [Fact]
    public void GrowingByOne200000TimesReallocatesOnlyLogarithmicallyOften()
    {
        // Each grow used to copy the whole table into an array of exactly the new size: 42 s.
        var instance = Instantiate(TableGrow);
        var grow = instance.GetFunction("grow")!;
        var table = instance.Tables[0];
        var capacity = table.Capacity;
        var reallocations = 0;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 200_000; i++)
        {
            Assert.Equal(i, grow.Invoke(instance.Store, WasmValue.I32(1))[0].AsI32());
            if (table.Capacity != capacity)
            {
                reallocations++;
                capacity = table.Capacity;
            }
        }
        Assert.Equal(200_000u, table.Size);
        Assert.InRange(reallocations, 1, 20);
        Assert.InRange(table.Capacity, 200_000, 400_000);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    [Fact]
    public void AccessesBeyondTheSizeTrapEvenWithinTheCapacity()
    {
        var instance = Instantiate(GrowAndCall);
        var store = instance.Store;
        var table = instance.Tables[0];
        Assert.Equal(1, instance.GetFunction("grow")!.Invoke(store, WasmValue.I32(1))[0].AsI32());
        Assert.Equal(2u, table.Size);
        Assert.True(table.Capacity > 2);

        Assert.Equal(7, instance.GetFunction("call")!.Invoke(store, WasmValue.I32(1))[0].AsI32());
        var e = Assert.Throws<WasmTrap>(() => instance.GetFunction("call")!.Invoke(store, WasmValue.I32(2)));
        Assert.Equal(TrapKind.UndefinedElement, e.Kind);
        e = Assert.Throws<WasmTrap>(() => instance.GetFunction("get")!.Invoke(store, WasmValue.I32(2)));
        Assert.Equal(TrapKind.OutOfBoundsTableAccess, e.Kind);
        e = Assert.Throws<WasmTrap>(() => table.Get(2));
        Assert.Equal(TrapKind.OutOfBoundsTableAccess, e.Kind);
    }

    [Fact]
    public void TheStoresBudgetCountsTheSizeNotTheCapacity()
    {
        // 1000 elements of budget; the capacity runs ahead of the size, the budget does not
        var store = new Store(new RuntimeOptions { MaxStoreTableElements = 1000 });
        var instance = Instantiate(TableGrow, store);
        var grow = instance.GetFunction("grow")!;
        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal(i, grow.Invoke(store, WasmValue.I32(1))[0].AsI32());
        }
        Assert.Equal(-1, grow.Invoke(store, WasmValue.I32(1))[0].AsI32());
        Assert.Equal(1000u, instance.Tables[0].Size);
    }

    [Fact]
    public void TheCapacityNeverExceedsTheTablesMaximum()
    {
        var store = new Store(new RuntimeOptions { MaxTableElements = 1000 });
        var instance = Instantiate(TableGrow, store);
        var grow = instance.GetFunction("grow")!;
        for (var i = 0; i < 1000; i++)
        {
            grow.Invoke(store, WasmValue.I32(1));
        }
        Assert.Equal(-1, grow.Invoke(store, WasmValue.I32(1))[0].AsI32());
        Assert.Equal(1000, instance.Tables[0].Capacity);
    }

    private static Store Unlimited() => new(new RuntimeOptions { MaxTableElements = uint.MaxValue, MaxStoreTableElements = long.MaxValue });

    [Fact]
    public void WithTheLimitsLiftedATableOf2To32Minus1ElementsIsStillALinkError()
    {
        // used to reach the allocator (16 GiB of elements) and fail there with a .NET exception
        var e = Assert.Throws<WasmLinkException>(() => Instantiate(TableMax, Unlimited()));
        Assert.Equal($"table of 4294967295 elements exceeds the limit of {TableInstance.MaxElements} elements", e.Message);
    }

    [Fact]
    public void WithTheLimitsLiftedAGrowTo2To32Minus1ElementsReturnsMinusOne()
    {
        var store = Unlimited();
        var instance = Instantiate(TableGrow, store);
        var grow = instance.GetFunction("grow")!;
        Assert.Equal(-1, grow.Invoke(store, WasmValue.I32(-1))[0].AsI32());
        Assert.Equal(-1, grow.Invoke(store, WasmValue.I32(int.MinValue))[0].AsI32());
        Assert.Equal(0u, instance.Tables[0].Size);
        Assert.Equal(0, grow.Invoke(store, WasmValue.I32(1))[0].AsI32());
    }
}
