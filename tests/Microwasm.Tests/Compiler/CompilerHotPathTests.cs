using Microwasm.Compiler;
using Microwasm.Model;
using Microwasm.Runtime;
using Microwasm.TestSupport;

namespace Microwasm.Tests.Compiler;

/// <summary>
/// The guarantees the compiler's cheaper hot paths must keep: a loop header that does not poll
/// for interrupts (because every iteration calls a compiled function, whose entry check sees the
/// request) is still interrupted, and loops that only might call, or call the host, still poll;
/// the cached memory base and length are reloaded after every call that can grow memory, directly,
/// through callees, the host or a table (a guard for any future "keep them after calls that
/// cannot grow" analysis; see RATIONALE.md for the one that was measured and not kept).
/// </summary>
public class CompilerHotPathTests
{
    private readonly Store _store = new();

    private static readonly byte[] Loops = Wat.ToWasm(
        """
        (module
          (import "env" "nothing" (func $nothing))
          (global $g (mut i32) (i32.const 0))
          (func $leaf (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
          ;; every iteration calls $leaf before any branch: the header does not poll
          (func (export "calls_first") (local $x i32)
            (loop $l
              (local.set $x (call $leaf (local.get $x)))
              (global.set $g (local.get $x))
              (br $l)))
          ;; the call is after a branch back: the header polls
          (func (export "branch_first") (param $n i32) (local $x i32)
            (loop $l
              (local.set $x (i32.add (local.get $x) (i32.const 1)))
              (br_if $l (i32.and (local.get $x) (i32.const 1)))
              (drop (call $leaf (local.get $x)))
              (br $l)))
          ;; the host function checks nothing: the header polls
          (func (export "calls_host") (loop $l (call $nothing) (br $l)))
          ;; the call is inside a block: the header polls
          (func (export "call_in_block") (param $n i32)
            (loop $l
              (block $b (br_if $b (local.get $n)) (drop (call $leaf (i32.const 1))))
              (br $l)))
          (func (export "count") (param $n i32) (result i32) (local $x i32)
            (loop $l
              (local.set $x (call $leaf (local.get $x)))
              (br_if $l (i32.lt_s (local.get $x) (local.get $n))))
            (local.get $x)))
        """);

    [Theory]
    [InlineData("calls_first")]
    [InlineData("branch_first")]
    [InlineData("calls_host")]
    [InlineData("call_in_block")]
    public void AnInterruptStopsEveryKindOfLoop(string name)
    {
        var linker = new Linker().Define("env", "nothing", new HostFunction(FuncType.Empty, _ => []));
        var instance = linker.Instantiate(_store, CompilerEngine.Default.Compile(ModuleLoader.Load(Loops)));
        var function = instance.GetFunction(name)!;
        var args = function.Type.Parameters.Length == 0 ? Array.Empty<WasmValue>() : [WasmValue.I32(1)];
        var context = ExecutionEnvironment.ForCurrentThread(_store);
        using (new Timer(_ => context.RequestInterrupt(), null, 100, Timeout.Infinite))
        {
            Assert.Equal(TrapKind.Interrupted, Assert.Throws<WasmTrap>(() => function.Invoke(_store, args)).Kind);
        }
        context.ClearInterrupt();
        Assert.Equal(1000, instance.GetFunction("count")!.Invoke(_store, WasmValue.I32(1000))[0].AsI32());
    }

    private static readonly byte[] Growth = Wat.ToWasm(
        """
        (module
          (import "env" "grow" (func $host_grow (param i32) (result i32)))
          (memory (export "mem") 1)
          (type $v (func))
          (table 2 funcref)
          (elem (i32.const 0) $grow_one $plain)
          (func $grow_one (drop (memory.grow (i32.const 1))))
          (func $plain (i32.store (i32.const 0) (i32.add (i32.load (i32.const 0)) (i32.const 1))))
          ;; grows two calls down
          (func $middle (call $plain) (call $grow_one))
          (func $via_host (drop (call $host_grow (i32.const 1))))
          (func $via_table (param i32) (call_indirect (type $v) (local.get 0)))
          ;; each reads the first word of the page just grown: only a reloaded length lets it
          (func (export "after_callee") (result i32)
            (drop (i32.load (i32.const 0)))
            (call $middle)
            (i32.load (i32.mul (i32.const 65536) (i32.sub (memory.size) (i32.const 1)))))
          (func (export "after_host") (result i32)
            (drop (i32.load (i32.const 0)))
            (call $via_host)
            (i32.load (i32.mul (i32.const 65536) (i32.sub (memory.size) (i32.const 1)))))
          (func (export "after_table") (param i32) (result i32)
            (drop (i32.load (i32.const 0)))
            (call $via_table (local.get 0))
            (i32.load (i32.mul (i32.const 65536) (i32.sub (memory.size) (i32.const 1)))))
          (func (export "plain") (result i32)
            (call $plain)
            (call $plain)
            (i32.load (i32.const 0))))
        """);

    [Fact]
    public void EveryCallThatCanGrowMemoryReloadsIt()
    {
        MemoryInstance? memory = null;
        var linker = new Linker().Define("env", "grow", new HostFunction(
            new FuncType([ValueType.I32], [ValueType.I32]), args => [WasmValue.I32(memory!.Grow((uint)args[0].AsI32()))]));
        var instance = linker.Instantiate(_store, CompilerEngine.Default.Compile(ModuleLoader.Load(Growth)));
        memory = instance.GetMemory("mem")!;
        int Run(string name, params WasmValue[] args) => instance.GetFunction(name)!.Invoke(_store, args)[0].AsI32();
        Assert.Equal(2, Run("plain"));
        Assert.Equal(0, Run("after_callee"));
        Assert.Equal(2u, memory.Pages);
        Assert.Equal(0, Run("after_host"));
        Assert.Equal(3u, memory.Pages);
        Assert.Equal(0, Run("after_table", WasmValue.I32(0)));
        Assert.Equal(4u, memory.Pages);
        // through the table to a function that does not grow: the last page is still readable
        Assert.Equal(0, Run("after_table", WasmValue.I32(1)));
        Assert.Equal(4u, memory.Pages);
        Assert.Equal(6, Run("plain"));
    }

    private static readonly (string Load, string Store, int Size)[] Accesses =
        [("i32.load8_u", "i32.store8", 1), ("i32.load16_u", "i32.store16", 2), ("i32.load", "i32.store", 4), ("i64.load", "i64.store", 8)];

    private static readonly uint[] Offsets = [0, 3, 65533, uint.MaxValue];

    private static byte[] EdgeModule()
    {
        var functions = new System.Text.StringBuilder();
        foreach (var (load, store, size) in Accesses)
        {
            var type = size == 8 ? "i64" : "i32";
            foreach (var offset in Offsets)
            {
                functions.Append($"(func (export \"l{size}_{offset}\") (param i32) (result {type}) ({load} offset={offset} (local.get 0)))\n");
                functions.Append($"(func (export \"s{size}_{offset}\") (param i32) ({store} offset={offset} (local.get 0) ({type}.const 1)))\n");
            }
        }
        return Wat.ToWasm($"(module (memory (export \"mem\") 0) (func (export \"grow\") (param i32) (result i32) (memory.grow (local.get 0)))\n{functions})");
    }

    [Fact]
    public void BoundsChecksAreExactAtEveryEdge()
    {
        // memory of 0, 1 and 3 pages; each access size and offset at addresses around the last valid one
        var instance = new Linker().Instantiate(_store, CompilerEngine.Default.Compile(ModuleLoader.Load(EdgeModule())));
        var memory = instance.GetMemory("mem")!;
        var checks = 0;
        foreach (var growBy in new[] { 0, 1, 2 })
        {
            instance.GetFunction("grow")!.Invoke(_store, WasmValue.I32(growBy));
            var length = (long)memory.Length;
            foreach (var (_, _, size) in Accesses)
            {
                foreach (var offset in Offsets)
                {
                    var last = length - size - offset;
                    foreach (var address in new long[] { 0, 1, last - 1, last, last + 1, int.MaxValue, uint.MaxValue })
                    {
                        if (address < 0 || address > uint.MaxValue)
                        {
                            continue;
                        }
                        var inBounds = address + offset + size <= length;
                        foreach (var name in new[] { $"l{size}_{offset}", $"s{size}_{offset}" })
                        {
                            var call = () => instance.GetFunction(name)!.Invoke(_store, WasmValue.I32((int)(uint)address));
                            if (inBounds)
                            {
                                call();
                            }
                            else
                            {
                                Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Assert.Throws<WasmTrap>(call).Kind);
                            }
                            checks++;
                        }
                    }
                }
            }
        }
        Assert.True(checks > 400, $"{checks} checks");
    }
}
