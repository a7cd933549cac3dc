using Microwasm.Runtime;
using Microwasm.Tests.Host;
using static Microwasm.Tests.Runtime.HardeningModules;

namespace Microwasm.Tests.Runtime;

/// <summary>
/// The raw path, <see cref="FunctionInstance.Invoke(Store, WasmValue[])"/>, does not refuse a
/// second thread as the embedding API does: each thread gets its own execution context (stacks,
/// call depth, interrupt flag), and the instance's memory, tables and globals are shared without
/// synchronisation, as WebAssembly 2.0 without the threads proposal has no atomics. What must hold
/// is that nothing outside wasm's own data is ever corrupted: results of pure functions stay exact,
/// disjoint memory regions stay exact, growth is all-or-nothing, traps stay on their thread.
/// </summary>
public class ConcurrencyHardeningTests
{
    [Fact]
    public void EightThreadsOnOneInstanceThroughTheRawPath()
    {
        var instance = Instantiate(HostTestModules.Basics);
        var store = instance.Store;
        var fib = instance.GetFunction("fib")!;
        var increment = instance.GetFunction("increment")!;
        var grow = instance.GetFunction("grow")!;
        var crash = instance.GetFunction("crash")!;
        var inc = instance.GetFunction("inc")!;
        const int Rounds = 300;
        var grown = 0;
        var errors = new List<string>();
        var threads = Enumerable.Range(0, 8).Select(t => new Thread(() =>
        {
            try
            {
                for (var i = 0; i < Rounds; i++)
                {
                    if (fib.Invoke(store, WasmValue.I32(15))[0].AsI32() != 610)
                    {
                        throw new InvalidOperationException("fib(15) != 610");
                    }
                    // each thread owns bytes [t * 1000, t * 1000 + 1000)
                    increment.Invoke(store, WasmValue.I32(t * 1000), WasmValue.I32(1000));
                    if (grow.Invoke(store, WasmValue.I32(1))[0].AsI32() >= 0)
                    {
                        Interlocked.Increment(ref grown);
                    }
                    var trap = Assert.Throws<WasmTrap>(() => crash.Invoke(store));
                    if (trap.Kind != TrapKind.Unreachable || trap.WasmStack.Count != 1)
                    {
                        throw new InvalidOperationException($"a trap saw another thread's frames: {trap}");
                    }
                    inc.Invoke(store);
                }
            }
            catch (Exception e)
            {
                lock (errors)
                {
                    errors.Add(e.ToString());
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Empty(errors);
        // memory is 1 page, at most 4: exactly three grows succeeded, whichever threads made them
        Assert.Equal(3, grown);
        Assert.Equal(4u, instance.Memory!.Pages);
        for (var t = 0; t < 8; t++)
        {
            Assert.True(instance.Memory.Span.Slice(t * 1000, 1000).IndexOfAnyExcept((byte)(Rounds % 256)) < 0, $"thread {t}'s bytes were disturbed");
        }
        // the global's read-modify-write is not atomic: updates may be lost, never invented
        Assert.InRange((int)(uint)instance.Globals[0].Value, 1, 8 * Rounds);
    }

    [Fact]
    public void ConcurrentGrowsAreAllOrNothing()
    {
        // 8 threads released together each grow a 1-page memory (maximum 4) by one page: exactly
        // three succeed, each with a different old size
        var compiled = Compile(HostTestModules.Basics);
        for (var trial = 0; trial < 200; trial++)
        {
            var instance = new Linker().Instantiate(new Store(), compiled);
            var results = GrowByOneOnEightThreads(instance.GetFunction("grow")!, instance.Store);
            Assert.Equal([-1, -1, -1, -1, -1, 1, 2, 3], results.Order());
            Assert.Equal(4u, instance.Memory!.Pages);
        }
    }

    [Fact]
    public void ConcurrentTableGrowsAreAllOrNothing()
    {
        var compiled = Compile(TableGrow);
        for (var trial = 0; trial < 200; trial++)
        {
            var instance = new Linker().Instantiate(new Store(new RuntimeOptions { MaxTableElements = 3 }), compiled);
            var results = GrowByOneOnEightThreads(instance.GetFunction("grow")!, instance.Store);
            Assert.Equal([-1, -1, -1, -1, -1, 0, 1, 2], results.Order());
            Assert.Equal(3u, instance.Tables[0].Size);
        }
    }

    // Calls grow(1) from 8 threads released together; returns each call's result.
    private static int[] GrowByOneOnEightThreads(FunctionInstance grow, Store store)
    {
        using var barrier = new Barrier(8);
        var results = new int[8];
        var threads = Enumerable.Range(0, 8).Select(t => new Thread(() =>
        {
            barrier.SignalAndWait();
            results[t] = grow.Invoke(store, WasmValue.I32(1))[0].AsI32();
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        return results;
    }
}
