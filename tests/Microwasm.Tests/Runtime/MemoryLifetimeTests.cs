using System.Reflection;
using Microwasm.Host;
using Microwasm.Model;
using Microwasm.Runtime;
using static Microwasm.Tests.Runtime.HardeningModules;

namespace Microwasm.Tests.Runtime;

/// <summary>
/// A linear memory is never touched after it is unmapped: the host reaches its bytes only inside
/// calls that hold it mapped, Dispose waits for host accesses and for wasm running in the store, and
/// a disposed memory throws <see cref="ObjectDisposedException"/> from every public member.
/// </summary>
public unsafe class MemoryLifetimeTests
{
    // (module (import "host" "cb" (func)) (memory (export "memory") 1)
    //   (func (export "run") (call 0) (i32.store (i32.const 0) (i32.const 42)))
    //   (func (export "load") (result i32) (i32.load (i32.const 0)))
    //   (func (export "spin") (loop (i32.store (i32.const 0) (i32.add (i32.load (i32.const 0)) (i32.const 1))) (br 0))))
    private static readonly byte[] CallbackThenStore =
    [
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x60, 0x00, 0x00, 0x60, 0x00, 0x01, 0x7f, 0x02,
        0x0b, 0x01, 0x04, 0x68, 0x6f, 0x73, 0x74, 0x02, 0x63, 0x62, 0x00, 0x00, 0x03, 0x04, 0x03, 0x00, 0x01, 0x00, 0x05,
        0x03, 0x01, 0x00, 0x01, 0x07, 0x1e, 0x04, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00, 0x03, 0x72, 0x75,
        0x6e, 0x00, 0x01, 0x04, 0x6c, 0x6f, 0x61, 0x64, 0x00, 0x02, 0x04, 0x73, 0x70, 0x69, 0x6e, 0x00, 0x03, 0x0a, 0x2a,
        0x03, 0x0b, 0x00, 0x10, 0x00, 0x41, 0x00, 0x41, 0x2a, 0x36, 0x02, 0x00, 0x0b, 0x07, 0x00, 0x41, 0x00, 0x28, 0x02,
        0x00, 0x0b, 0x14, 0x00, 0x03, 0x40, 0x41, 0x00, 0x41, 0x00, 0x28, 0x02, 0x00, 0x41, 0x01, 0x6a, 0x36, 0x02, 0x00,
        0x0c, 0x00, 0x0b, 0x0b,
    ];

    private static Instance WithCallback(HostCallback callback) =>
        Instantiate(CallbackThenStore, linker: new Linker().Define("host", "cb", new HostFunction(new FuncType([], []), callback, "host.cb")));

    private static MemoryInstance NewMemory() => new(new MemoryType(new Limits(1, null)));

    [Fact]
    public void NoPublicMemberHandsOutASpanOrAPointer()
    {
        // by construction: what the host cannot hold, it cannot use after the memory is unmapped
        var members = typeof(MemoryInstance).GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static);
        foreach (var member in members)
        {
            var type = member switch
            {
                PropertyInfo p => p.PropertyType,
                MethodInfo m => m.ReturnType,
                FieldInfo f => f.FieldType,
                _ => null,
            };
            if (type is null)
            {
                continue;
            }
            Assert.False(type.IsPointer || type == typeof(nint) || type == typeof(nuint) || type.IsByRefLike || type.IsByRef,
                $"{member.Name} returns {type}");
        }
    }

    [Fact]
    public void EveryAccessorOfADisposedMemoryThrowsObjectDisposed()
    {
        var memory = NewMemory();
        memory.Write(8, [1, 2, 3]);
        memory.Dispose();
        Assert.True(memory.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => memory.Length);
        Assert.Throws<ObjectDisposedException>(() => memory.Pages);
        Assert.Throws<ObjectDisposedException>(() => memory.Grow(1));
        Assert.Throws<ObjectDisposedException>(() => memory.Read(0, new byte[1]));
        Assert.Throws<ObjectDisposedException>(() => memory.Write(0, [1]));
        Assert.Throws<ObjectDisposedException>(() => memory.ReadBytes(0, 0));
        Assert.Throws<ObjectDisposedException>(() => memory.Read<int>(0));
        Assert.Throws<ObjectDisposedException>(() => memory.Write(0, 5));
        Assert.Throws<ObjectDisposedException>(() => memory.Access(0, 1, 0, static (_, _) => { }));
        Assert.Throws<ObjectDisposedException>(() => memory.Access(0, 1, 0, static (s, _) => s[0]));
        // and nothing is mapped any more
        Assert.True(memory.Base == null);
        memory.Dispose();
    }

    [Fact]
    public void TheAccessorsReadAndWriteLittleEndianWithBoundsChecks()
    {
        using var memory = NewMemory();
        memory.Write(100, 0x11223344);
        Assert.Equal(new byte[] { 0x44, 0x33, 0x22, 0x11 }, memory.ReadBytes(100, 4));
        Assert.Equal(0x11223344, memory.Read<int>(100));
        memory.Access(100, 2, (byte)9, static (bytes, b) => bytes.Fill(b));
        Assert.Equal(0x11220909, memory.Access(100, 4, 0, static (bytes, _) => BitConverter.ToInt32(bytes)));
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Assert.Throws<WasmTrap>(() => memory.Read<long>(65532)).Kind);
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Assert.Throws<WasmTrap>(() => memory.Write(ulong.MaxValue, [1])).Kind);
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Assert.Throws<WasmTrap>(() => memory.Access(0, -1, 0, static (_, _) => { })).Kind);
    }

    [Fact]
    public void DisposingInsideAnAccessKeepsTheSpanMappedUntilTheAccessEnds()
    {
        var memory = NewMemory();
        memory.Access(0, 65536, memory, static (bytes, m) =>
        {
            m.Dispose();
            Assert.Throws<ObjectDisposedException>(() => m.Length);
            bytes.Fill(0xAB);
        });
        Assert.True(memory.Base == null);
    }

    [Fact]
    public void AnAccessHoldsTheMemoryAgainstTheFinalizer()
    {
        // the memory's only reference is the call in progress; a collection inside it must not unmap
        static void Run()
        {
            new MemoryInstance(new MemoryType(new Limits(1, null))).Access(0, 65536, 0, static (bytes, _) =>
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                bytes.Fill(1);
            });
        }
        Run();
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }

    [Fact]
    public void AHostFunctionDisposingItsCallersMemoryLeavesItMappedUntilWasmReturns()
    {
        var instance = WithCallback(static (context, _) =>
        {
            var memory = context.CallerInstance!.Memory!;
            // what the host adapters hand a host function: a span of the caller's memory
            var span = memory.GetSpan(0, 65536);
            memory.Dispose();
            span.Fill(7);
        });
        var memory = instance.Memory!;
        // the host function disposes, and the wasm code then stores into the memory
        instance.GetFunction("run")!.Invoke(instance.Store);
        Assert.True(memory.IsDisposed);
        Assert.True(memory.Base == null);
        // the next call sees a memory of no bytes: a trap, never a stray write
        var e = Assert.Throws<WasmTrap>(() => instance.GetFunction("load")!.Invoke(instance.Store));
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, e.Kind);
    }

    [Fact]
    public void GuestMemoryHandsOutSpansOnlyWhileTheMemoryIsHeld()
    {
        GuestMemory kept = default;
        var spansInTheCall = 0;
        var instance = WithCallback((context, _) =>
        {
            // in a host function called by wasm: spans are fine
            kept = new GuestMemory(context.CallerInstance!.Memory!);
            kept.WriteUInt32(0, 5);
            spansInTheCall += kept.GetSpan(0, 4).Length;
        });
        instance.GetFunction("run")!.Invoke(instance.Store);
        Assert.Equal(4, spansInTheCall);

        // kept past the call, on the host's own thread: no span, whatever the method
        Assert.Throws<InvalidOperationException>(() => kept.GetSpan(0, 4).Length);
        Assert.Throws<InvalidOperationException>(() => kept.TryGetSpan(0, 4, out _));
        Assert.Throws<InvalidOperationException>(() => kept.ReadUInt32(0));
        Assert.Throws<InvalidOperationException>(() => kept.ReadCString(0));
        // inside Access the memory is held, so the checker works there too
        Assert.Equal(42u, instance.Memory!.Access(0, 4, kept, static (_, guest) => guest.ReadUInt32(0)));
        Assert.Throws<InvalidOperationException>(() => instance.GetGuestMemory().GetSpan(0, 1).Length);

        // after Dispose: ObjectDisposedException, held or not
        instance.Memory.Dispose();
        Assert.Throws<ObjectDisposedException>(() => kept.GetSpan(0, 4).Length);
    }

    [Fact]
    public void AGuestMemoryUsedFromAnotherThreadWhileWasmRunsGetsNoSpan()
    {
        Exception? seen = null;
        var instance = WithCallback((context, _) =>
        {
            var guest = new GuestMemory(context.CallerInstance!.Memory!);
            // this thread runs wasm in the store; another thread does not, and could outlive the call
            var other = new Thread(() => seen = Record.Exception(() => guest.GetSpan(0, 4).Length));
            other.Start();
            other.Join();
        });
        instance.GetFunction("run")!.Invoke(instance.Store);
        Assert.IsType<InvalidOperationException>(seen);
    }

    [Fact]
    public void DisposingFromAnotherThreadWhileWasmRunsWaitsForTheCallToEnd()
    {
        var instance = WithCallback(static (_, _) => { });
        var memory = instance.Memory!;
        var context = Microwasm.Runtime.ExecutionEnvironment.ForCurrentThread(instance.Store);
        var other = new Thread(() =>
        {
            // let the loop run, dispose under it, let it run on, then stop it
            Thread.Sleep(50);
            memory.Dispose();
            Thread.Sleep(50);
            context.RequestInterrupt();
        });
        other.Start();
        var e = Assert.Throws<WasmTrap>(() => instance.GetFunction("spin")!.Invoke(instance.Store));
        other.Join();
        context.ClearInterrupt();
        Assert.Equal(TrapKind.Interrupted, e.Kind);
        Assert.True(memory.IsDisposed);
        Assert.True(memory.Base == null);
    }

    [Fact]
    public void ADisposedMemoryIsRefusedAsAnImport()
    {
        var memory = NewMemory();
        memory.Dispose();
        // (module (import "a" "m" (memory 1)))
        byte[] importsMemory = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x02, 0x08, 0x01, 0x01, 0x61, 0x01, 0x6d, 0x02, 0x00, 0x01];
        var e = Assert.Throws<WasmLinkException>(() => Instantiate(importsMemory, linker: new Linker().Define("a", "m", memory)));
        Assert.Contains("the memory is disposed", e.Message);
    }

    [Fact]
    public void GrowthThatWouldMoveTheBytesFailsDuringAnAccess()
    {
        // only where the memory is not reserved do its bytes move; where it is, growth works
        using var memory = NewMemory();
        var grown = memory.Access(0, 1, memory, static (_, m) => m.Grow(1));
        Assert.Equal(memory.BaseIsStable ? 1 : -1, grown);
    }

    [Fact]
    public void AccessesRacingADisposeEitherWorkOrThrowObjectDisposed()
    {
        for (var round = 0; round < 20; round++)
        {
            var memory = NewMemory();
            var start = new Barrier(5);
            var outcomes = new int[4, 2];
            var threads = Enumerable.Range(0, 4).Select(t => new Thread(() =>
            {
                start.SignalAndWait();
                for (var i = 0; i < 2000; i++)
                {
                    try
                    {
                        memory.Access(0, 65536, (byte)i, static (bytes, b) => bytes.Fill(b));
                        outcomes[t, 0]++;
                    }
                    catch (ObjectDisposedException)
                    {
                        outcomes[t, 1]++;
                    }
                }
            })).ToArray();
            foreach (var thread in threads)
            {
                thread.Start();
            }
            start.SignalAndWait();
            Thread.Sleep(1);
            memory.Dispose();
            foreach (var thread in threads)
            {
                thread.Join();
            }
            for (var t = 0; t < 4; t++)
            {
                Assert.Equal(2000, outcomes[t, 0] + outcomes[t, 1]);
            }
            Assert.True(memory.Base == null);
        }
    }
}
