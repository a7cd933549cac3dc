using Microwasm.Host;
using Microwasm.Runtime;
using static Microwasm.Tests.Runtime.HardeningModules;

namespace Microwasm.Tests.Host;

/// <summary>One options type serves both APIs: what a <see cref="WasmRuntime"/> is given is what its instances' stores get.</summary>
public class RuntimeOptionsTests
{
    [Fact]
    public void TheEmbeddingAPIsStoresGetTheRuntimesOptions()
    {
        var options = new RuntimeOptions { MaxTableElements = 100, AppHeapSize = 0 };
        var runtime = new WasmRuntime(options);
        Assert.Same(options, runtime.Options);
        var instance = runtime.Load(TableGrow).Instantiate();
        Assert.Same(options, instance.Store.Options);
        Assert.Null(instance.Heap);
        Assert.Equal(-1, instance.GetFunction("grow")!.Invoke(instance.Store, WasmValue.I32(101))[0].AsI32());
        Assert.Equal(0, instance.GetFunction("grow")!.Invoke(instance.Store, WasmValue.I32(100))[0].AsI32());
    }
}
