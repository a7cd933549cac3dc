using System.Runtime.CompilerServices;
using Microwasm.Runtime;
using static Microwasm.Tests.Runtime.HardeningModules;

namespace Microwasm.Tests.Runtime;

/// <summary>Stores, instances and their memories are released when the embedder drops them.</summary>
public class StoreLifetimeHardeningTests
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference RunAndDrop(CompiledModule compiled)
    {
        var store = new Store();
        var instance = new Linker().Instantiate(store, compiled);
        Assert.Equal(0, instance.GetFunction("grow")!.Invoke(store, WasmValue.I32(1))[0].AsI32());
        return new WeakReference(store);
    }

    [Fact]
    public void AStoreThatRanWasmOnAThreadIsCollectedOnceDropped()
    {
        var compiled = Compile(Grow);
        var weak = RunAndDrop(compiled);
        for (var i = 0; i < 3 && weak.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        Assert.False(weak.IsAlive, "the store (with its instances, memories and 8 MiB value stack) is still reachable");
    }

    [Fact]
    public void AThousandDroppedInstancesGiveTheirAddressSpaceBack()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        var compiled = Compile(Grow);
        var before = InstantiationHardeningTests.ReadStatus("VmSize:");
        for (var i = 0; i < 1000; i++)
        {
            RunAndDrop(compiled);
        }
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var kept = InstantiationHardeningTests.ReadStatus("VmSize:") - before;
        // 1000 memories reserve 4 TiB between them while alive
        Assert.True(kept < 256L << 30, $"{kept >> 30} GiB of address space still reserved after the instances were dropped");
    }
}
