using Microwasm.Host;
using Microwasm.Runtime;

namespace Microwasm.Tests.Host;

public sealed class TypedCallTests
{
    private static readonly WasmModule Basics = new WasmRuntime().Load(HostTestModules.Basics);

    [Fact]
    public void CallsEveryNumberType()
    {
        var instance = Basics.Instantiate();
        Assert.Equal(832040, instance.GetFunction<int, int>("fib")(30));
        Assert.Equal(-1, instance.GetFunction<int, int, int>("add")(int.MaxValue, int.MinValue));
        Assert.Equal(0u, instance.GetFunction<uint, uint, uint>("add")(uint.MaxValue, 1));
        Assert.Equal(long.MinValue, instance.GetFunction<long, long, long>("add64")(long.MaxValue, 1));
        Assert.Equal(7.5f, instance.GetFunction<float, float, float>("mulf")(2.5f, 3f));
        Assert.Equal(-7.5, instance.GetFunction<double, double, double>("muld")(2.5, -3));
        Assert.Equal(WasmValue.I32(5), instance.GetFunction<WasmValue, WasmValue, WasmValue>("add")(WasmValue.I32(2), WasmValue.I32(3)));
        instance.GetAction("nothing")();
        Assert.Equal([WasmValue.I32(1), WasmValue.I32(2)], instance.Invoke("two"));
    }

    [Fact]
    public void SignatureIsCheckedOnceAtLookupNamingBothTypes()
    {
        var instance = Basics.Instantiate();
        var e = Assert.Throws<WasmLinkException>(() => instance.GetFunction<long, int>("fib"));
        Assert.Contains("func (i32) -> (i32)", e.Message);
        Assert.Contains("Func<long, int> calls it as func (i64) -> (i32)", e.Message);
        Assert.Throws<WasmLinkException>(() => instance.GetFunction<int, int, int>("fib"));
        Assert.Throws<WasmLinkException>(() => instance.GetAction<int>("fib"));
        Assert.Contains("no export named \"nope\"", Assert.Throws<WasmLinkException>(() => instance.GetFunction<int>("nope")).Message);
        Assert.Contains("is a memory", Assert.Throws<WasmLinkException>(() => instance.GetFunction<int>("memory")).Message);
        // a WasmValue delegate needs two results' worth of slots; one result only
        Assert.Throws<WasmLinkException>(() => instance.GetFunction<WasmValue>("two"));
    }

    [Fact]
    public async Task TrapsSurfaceAsWasmTrapAndTheInstanceStaysUsable()
    {
        var instance = Basics.Instantiate();
        var crash = instance.GetAction("crash");
        var trap = Assert.Throws<WasmTrap>(crash);
        Assert.Equal(TrapKind.Unreachable, trap.Kind);
        Assert.Equal(3, instance.GetFunction<int, int, int>("add")(1, 2));
        // the store was released by the trapping call: another thread may use the instance now
        Assert.Equal(3, await Task.Run(() => instance.GetFunction<int, int, int>("add")(1, 2)));
    }

    [Fact]
    public void TypedCallAllocatesNothing()
    {
        var instance = Basics.Instantiate();
        var add = instance.GetFunction<int, int, int>("add");
        var fib = instance.GetFunction<int, int>("fib");
        for (var i = 0; i < 1000; i++)
        {
            add(i, 1);
            fib(5);
        }
        // The runtime itself may allocate once on this thread while the loop runs (tiered
        // compilation replacing a method); an allocation per call shows in every attempt.
        var allocated = long.MaxValue;
        var sum = 0;
        for (var attempt = 0; attempt < 3 && allocated != 0; attempt++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 10_000; i++)
            {
                sum += add(i, 1) + fib(5);
            }
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }
        Assert.Equal(0, allocated);
        Assert.NotEqual(0, sum);
    }

    [Fact]
    public void InstancesAreIndependent()
    {
        var a = Basics.Instantiate(userData: "a");
        var b = Basics.Instantiate(userData: "b");
        var incA = a.GetFunction<int>("inc");
        Assert.Equal(1, incA());
        Assert.Equal(2, incA());
        Assert.Equal(1, b.GetFunction<int>("inc")());
        Assert.Equal("a", a.UserData);
        Assert.Equal("b", b.UserData);
        Assert.NotSame(a.Store, b.Store);
    }

    [Fact]
    public void ModuleDescribesItsImportsAndExports()
    {
        var exports = Basics.Exports.ToDictionary(e => e.Name);
        Assert.Equal("func (i32) -> (i32)", exports["fib"].Type);
        Assert.Equal("memory {min 1, max 4}", exports["memory"].Type);
        var natives = new WasmRuntime().Load(HostTestModules.Natives);
        Assert.Contains(natives.Imports, i => i.Module == "env" && i.Name == "buffer" && i.Type == "func (i32 i32) -> (i32)");
    }
}
