using Microwasm.Model;
using Microwasm.Runtime;
using static Microwasm.Tests.Runtime.HardeningModules;

namespace Microwasm.Tests.Runtime;

/// <summary>
/// Runaway and hostile execution: deep recursion of every kind, host functions that throw or
/// re-enter, interrupts, huge frames. Each ends in a specific trap and leaves the store usable.
/// </summary>
public class ExecutionHardeningTests
{
    private static readonly FuncType I32ToI32 = new([ValueType.I32], [ValueType.I32]);

    private static T OnThread<T>(int stackBytes, Func<T> body)
    {
        T result = default!;
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = body();
            }
            catch (Exception e)
            {
                error = e;
            }
        }, stackBytes);
        thread.Start();
        thread.Join();
        return error is null ? result : throw error;
    }

    /// <summary>An instance of <see cref="HardeningModules.HostCall"/> whose import runs <paramref name="callback"/>.</summary>
    private static Instance WithHost(HostCallback callback, Store? store = null)
    {
        var linker = new Linker().Define("host", "cb", new HostFunction(I32ToI32, callback, "host.cb"));
        return Instantiate(HostCall, store, linker);
    }

    [Fact]
    public void DeepRecursionThroughCallIndirectTraps()
    {
        var instance = Instantiate(IndirectRecursion);
        var e = Assert.Throws<WasmTrap>(() => instance.GetFunction("f")!.Invoke(instance.Store, WasmValue.I32(0)));
        Assert.Equal(TrapKind.CallStackExhausted, e.Kind);
        // and again: nothing was left half-unwound
        e = Assert.Throws<WasmTrap>(() => instance.GetFunction("f")!.Invoke(instance.Store, WasmValue.I32(0)));
        Assert.Equal(TrapKind.CallStackExhausted, e.Kind);
    }

    [Fact]
    public void MutualRecursionBetweenTwoInstancesTraps()
    {
        // a imports b's f through a forwarding host function, b imports a's f: a cycle across instances
        var store = new Store();
        FunctionInstance? bf = null;
        var forward = new HostFunction(I32ToI32, (context, slots) => bf!.Invoke(context, slots), "forward");
        var a = Instantiate(Mutual, store, new Linker().Define("other", "f", forward));
        var b = Instantiate(Mutual, store, new Linker().Define("other", "f", a.GetFunction("f")!));
        bf = b.GetFunction("f");
        var e = Assert.Throws<WasmTrap>(() => a.GetFunction("f")!.Invoke(store, WasmValue.I32(0)));
        Assert.Equal(TrapKind.CallStackExhausted, e.Kind);
        Assert.True(e.WasmStack.Count > 1000, $"{e.WasmStack.Count} frames");
    }

    [Fact]
    public void AHostFunctionThatThrowsANonWasmExceptionBecomesAHostTrap()
    {
        var instance = WithHost((_, _) => throw new InvalidOperationException("the host gave up"));
        var e = Assert.Throws<WasmTrap>(() => instance.GetFunction("callhost")!.Invoke(instance.Store, WasmValue.I32(1)));
        Assert.Equal(TrapKind.Host, e.Kind);
        Assert.Equal("host function host.cb threw InvalidOperationException: the host gave up", e.Message);
        Assert.IsType<InvalidOperationException>(e.InnerException);
        Assert.Equal(["func[4]"], e.WasmStack);
    }

    [Fact]
    public void AHostFunctionThatCallsWasmThatTrapsPassesTheTrapOn()
    {
        Instance? instance = null;
        instance = WithHost((context, slots) => instance!.GetFunction("crash")!.Invoke(context, slots));
        var e = Assert.Throws<WasmTrap>(() => instance.GetFunction("callhost")!.Invoke(instance.Store, WasmValue.I32(1)));
        Assert.Equal(TrapKind.Unreachable, e.Kind);
        Assert.Equal(["func[2]", "func[4]"], e.WasmStack);
        // the store is usable afterwards
        Assert.Equal(0, instance.GetFunction("down")!.Invoke(instance.Store, WasmValue.I32(0))[0].AsI32());
    }

    [Fact]
    public void HostWasmHostRecursionTenThousandDeepCompletesOnABigStack()
    {
        var result = OnThread(256 << 20, () =>
        {
            Instance? instance = null;
            instance = WithHost((context, slots) => instance!.GetFunction("down")!.Invoke(context, slots));
            return instance.GetFunction("down")!.Invoke(instance.Store, WasmValue.I32(10_000))[0].AsI32();
        });
        Assert.Equal(0, result);
    }

    [Fact]
    public void HostWasmHostRecursionOnASmallStackTrapsInsteadOfOverflowing()
    {
        var e = OnThread(512 << 10, () =>
        {
            Instance? instance = null;
            instance = WithHost((context, slots) => instance!.GetFunction("down")!.Invoke(context, slots));
            var trap = Assert.Throws<WasmTrap>(() => instance.GetFunction("down")!.Invoke(instance.Store, WasmValue.I32(10_000)));
            // the thread still runs wasm after the trap
            Assert.Equal(0, instance.GetFunction("down")!.Invoke(instance.Store, WasmValue.I32(10))[0].AsI32());
            return trap;
        });
        Assert.Equal(TrapKind.CallStackExhausted, e.Kind);
    }

    [Fact]
    public void HostWasmHostRecursionIsBoundedByMaxCallDepth()
    {
        var store = new Store(new RuntimeOptions { MaxCallDepth = 1000 });
        Instance? instance = null;
        instance = WithHost((context, slots) => instance!.GetFunction("down")!.Invoke(context, slots), store);
        var e = Assert.Throws<WasmTrap>(() => instance.GetFunction("down")!.Invoke(store, WasmValue.I32(10_000)));
        Assert.Equal(TrapKind.CallStackExhausted, e.Kind);
        Assert.Equal(0, instance.GetFunction("down")!.Invoke(store, WasmValue.I32(999))[0].AsI32());
    }

    [Fact]
    public void AnInterruptStopsATightLoopWithoutCalls()
    {
        var instance = WithHost((_, _) => { });
        var context = ExecutionEnvironment.ForCurrentThread(instance.Store);
        using var timer = new Timer(_ => context.RequestInterrupt(), null, 100, Timeout.Infinite);
        var e = Assert.Throws<WasmTrap>(() => instance.GetFunction("spin")!.Invoke(instance.Store));
        Assert.Equal(TrapKind.Interrupted, e.Kind);
        context.ClearInterrupt();
        Assert.Equal(0, instance.GetFunction("down")!.Invoke(instance.Store, WasmValue.I32(0))[0].AsI32());
    }

    // wat2wasm of: (module (func $fib (export "fib") (param $n i32) (result i32)
    //   (if (result i32) (i32.lt_s (local.get $n) (i32.const 2)) (then (local.get $n))
    //     (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
    //                    (call $fib (i32.sub (local.get $n) (i32.const 2))))))))
    private static readonly byte[] RecursiveFib =
    [
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00,
        0x07, 0x07, 0x01, 0x03, 0x66, 0x69, 0x62, 0x00, 0x00, 0x0a, 0x1e, 0x01, 0x1c, 0x00, 0x20, 0x00, 0x41, 0x02, 0x48, 0x04,
        0x7f, 0x20, 0x00, 0x05, 0x20, 0x00, 0x41, 0x01, 0x6b, 0x10, 0x00, 0x20, 0x00, 0x41, 0x02, 0x6b, 0x10, 0x00, 0x6a, 0x0b,
        0x0b,
    ];

    // (module (func $spin (loop (br 0))) (start $spin))
    private static readonly byte[] SpinningStart =
    [
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x08,
        0x01, 0x00, 0x0a, 0x09, 0x01, 0x07, 0x00, 0x03, 0x40, 0x0c, 0x00, 0x0b, 0x0b,
    ];

    [Fact]
    public void AnInterruptFromAnotherThreadStopsAnEndlessStartFunctionDuringInstantiation()
    {
        var store = new Store();
        var compiled = Compile(SpinningStart);
        var context = ExecutionEnvironment.ForCurrentThread(store);
        using var timer = new Timer(_ => context.RequestInterrupt(), null, 100, Timeout.Infinite);
        var e = Assert.Throws<WasmTrap>(() => new Linker().Instantiate(store, compiled));
        Assert.Equal(TrapKind.Interrupted, e.Kind);
        context.ClearInterrupt();
    }

    [Fact]
    public void AnInterruptStopsRecursionWithoutLoops()
    {
        // no backward branch anywhere: the calls themselves must poll (fib(60) would run for hours)
        var instance = Instantiate(RecursiveFib);
        var context = ExecutionEnvironment.ForCurrentThread(instance.Store);
        using var timer = new Timer(_ => context.RequestInterrupt(), null, 100, Timeout.Infinite);
        var e = Assert.Throws<WasmTrap>(() => instance.GetFunction("fib")!.Invoke(instance.Store, WasmValue.I32(60)));
        Assert.Equal(TrapKind.Interrupted, e.Kind);
        context.ClearInterrupt();
        Assert.Equal(6765, instance.GetFunction("fib")!.Invoke(instance.Store, WasmValue.I32(20))[0].AsI32());
    }

    [Fact]
    public void AnInterruptStopsALoopRunningInsideAHostCallback()
    {
        Instance? instance = null;
        Timer? timer = null;
        instance = WithHost((context, slots) =>
        {
            // the timer starts inside the host call, so the interrupt always finds spin running
            // (started before the call, a loaded machine could fire it before wasm was entered)
            timer = new Timer(_ => context.RequestInterrupt(), null, 100, Timeout.Infinite);
            instance!.GetFunction("spin")!.Invoke(context, slots[..0]);
        });
        var context = ExecutionEnvironment.ForCurrentThread(instance.Store);
        try
        {
            var e = Assert.Throws<WasmTrap>(() => instance.GetFunction("callhost")!.Invoke(instance.Store, WasmValue.I32(0)));
            Assert.Equal(TrapKind.Interrupted, e.Kind);
            Assert.Equal(["func[3]", "func[4]"], e.WasmStack);
        }
        finally
        {
            timer?.Dispose();
        }
        context.ClearInterrupt();
    }

    [Fact]
    public void AFillPastTheEndTrapsBeforeWritingAnything()
    {
        var instance = Instantiate(Memory4GiB);
        var fill = instance.GetFunction("fill")!;
        // (1, -1) ends exactly at 4 GiB and would write 4 GiB: these end one byte past it, or wrap
        foreach (var (start, count) in new[] { (2, -1), (-1, 2), (-2, 3), (-1, -1) })
        {
            var e = Assert.Throws<WasmTrap>(() => fill.Invoke(instance.Store, WasmValue.I32(start), WasmValue.I32(count)));
            Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, e.Kind);
        }
        Assert.Equal(0, instance.Memory!.Span[1]);
        instance.Memory.Dispose();
    }

    [Fact]
    public void FiftyThousandLocalsRecursingExhaustTheValueStack()
    {
        var instance = Instantiate(BigLocals);
        var e = Assert.Throws<WasmTrap>(() => instance.GetFunction("r")!.Invoke(instance.Store, WasmValue.I32(0)));
        Assert.Equal(TrapKind.CallStackExhausted, e.Kind);
        e = Assert.Throws<WasmTrap>(() => instance.GetFunction("r")!.Invoke(instance.Store, WasmValue.I32(0)));
        Assert.Equal(TrapKind.CallStackExhausted, e.Kind);
    }
}
