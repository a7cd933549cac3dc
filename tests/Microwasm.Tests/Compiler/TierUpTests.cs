using Microwasm.Compiler;
using Microwasm.Interpreter;
using Microwasm.Model;
using Microwasm.Runtime;
using Microwasm.TestSupport;
using static Microwasm.Tests.Interpreter.InterpreterModules;

namespace Microwasm.Tests.Compiler;

/// <summary>
/// Tier-up (<see cref="TieredEngine"/>, <c>--engine auto</c>): functions start interpreted, hot ones
/// are promoted (the module's promotion counter proves it), a hot loop in a call that is still
/// running continues in compiled code, and the results and traps are the interpreter's throughout.
/// Compilation is on the calling thread (compileInBackground: false) except where the background is
/// what is tested, so each test switches at a known call.
/// </summary>
public class TierUpTests
{
    private readonly Store _store = new();

    private static TieredEngine Engine(int calls, int loops) => new(calls, loops, compileInBackground: false);

    private Instance Instantiate(byte[] wasm, IEngine engine, string? name = null, Linker? linker = null) =>
        (linker ?? new Linker()).Instantiate(_store, engine.Compile(ModuleLoader.Load(wasm)), name);

    private WasmValue[] Call(Instance instance, string name, params WasmValue[] args) =>
        instance.GetFunction(name)!.Invoke(_store, args);

    private int CallI32(Instance instance, string name, params int[] args) =>
        Call(instance, name, [.. args.Select(WasmValue.I32)])[0].AsI32();

    private static TieredModule Tiered(Instance instance) => Assert.IsType<TieredModule>(instance.Compiled);

    [Fact]
    public void AFunctionIsPromotedAfterItsCallThresholdAndGivesTheSameResults()
    {
        var instance = Instantiate(Basic, Engine(calls: 3, loops: 1_000_000));
        var module = Tiered(instance);
        Assert.Equal("auto", module.Engine.Name);
        var fib = Assert.IsType<InterpretedFunction>(instance.GetFunction("fib"));
        // fib(1) is one call: the counter starts at 3, so the fourth call promotes
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(1, CallI32(instance, "fib", 1));
        }
        Assert.Equal(0, module.Promotions);
        Assert.Null(fib.Promoted);
        Assert.Equal(1, CallI32(instance, "fib", 1));
        Assert.Equal(1, module.Promotions);
        Assert.IsType<CompiledFunction>(fib.Promoted);
        Assert.Equal(6765, CallI32(instance, "fib", 20));
        Assert.Equal(1, module.Promotions);
    }

    [Fact]
    public void ARecursionSwitchesTiersInTheMiddle()
    {
        var interpreted = new Linker().Instantiate(_store, InterpreterEngine.Default.Compile(ModuleLoader.Load(Basic)));
        // the recursion's own calls count: fib(20) is promoted after 50 of its 21,891 calls, in the
        // interpreter's frames, and the rest of the calls below run compiled
        var instance = Instantiate(Basic, Engine(calls: 50, loops: 1_000_000));
        Assert.Equal(CallI32(interpreted, "fib", 20), CallI32(instance, "fib", 20));
        Assert.Equal(1, Tiered(instance).Promotions);
        Assert.Equal(CallI32(interpreted, "fib", 25), CallI32(instance, "fib", 25));
    }

    private static readonly byte[] Loops = Wat.ToWasm(
        """
        (module
          (memory 1)
          ;; sum of i * i for i < n, with locals of every type carried into the loop
          (func (export "mixed") (param $n i32) (param $scale f64) (result f64)
            (local $i i32) (local $acc i64) (local $f f32) (local $d f64)
            (local.set $f (f32.const 0.5))
            (local.set $d (local.get $scale))
            (loop $top
              (local.set $acc (i64.add (local.get $acc) (i64.extend_i32_u (i32.mul (local.get $i) (local.get $i)))))
              (local.set $f (f32.add (local.get $f) (f32.const 0.25)))
              (local.set $d (f64.mul (local.get $d) (f64.const 1.0000001)))
              (i32.store (i32.shl (i32.and (local.get $i) (i32.const 255)) (i32.const 2)) (local.get $i))
              (br_if $top (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
            (f64.add
              (f64.add (f64.convert_i64_u (local.get $acc)) (f64.promote_f32 (local.get $f)))
              (f64.add (local.get $d) (f64.convert_i32_u (i32.load (i32.const 40))))))
          ;; nested loops: the inner one gets hot first
          (func (export "nested") (param $n i32) (result i64)
            (local $i i32) (local $j i32) (local $acc i64)
            (block $done
              (loop $outer
                (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
                (local.set $j (i32.const 0))
                (loop $inner
                  (local.set $acc (i64.add (local.get $acc) (i64.extend_i32_u (i32.xor (local.get $i) (local.get $j)))))
                  (br_if $inner (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 1))) (i32.const 100))))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $outer)))
            (local.get $acc))
          ;; traps once i reaches n: the division by n - i
          (func $trap_at (export "trap_at") (param $n i32) (result i32)
            (local $i i32) (local $acc i32)
            (loop $top
              (local.set $acc (i32.add (local.get $acc) (i32.div_u (i32.const 1000) (i32.sub (local.get $n) (local.get $i)))))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $top))
            (local.get $acc))
          (func (export "spin") (loop (br 0))))
        """, debugNames: true);

    [Fact]
    public void AHotLoopInACallThatIsStillRunningContinuesInCompiledCode()
    {
        var interpreted = new Linker().Instantiate(_store, InterpreterEngine.Default.Compile(ModuleLoader.Load(Loops)));
        var instance = Instantiate(Loops, Engine(calls: 1_000_000, loops: 100));
        var expected = Call(interpreted, "mixed", WasmValue.I32(100_000), WasmValue.F64(1.5));
        // called once: without on-stack replacement it would run interpreted to its end
        Assert.Equal(expected, Call(instance, "mixed", WasmValue.I32(100_000), WasmValue.F64(1.5)));
        var module = Tiered(instance);
        Assert.Equal(1, module.OsrRuns);
        // the function is promoted too: its next call runs compiled from its start
        Assert.Equal(1, module.Promotions);
        Assert.Equal(expected, Call(instance, "mixed", WasmValue.I32(100_000), WasmValue.F64(1.5)));
        Assert.Equal(1, module.OsrRuns);
        // fewer iterations than the threshold left: the loop finishes where it began
        Assert.Equal(Call(interpreted, "mixed", WasmValue.I32(3), WasmValue.F64(2)), Call(instance, "mixed", WasmValue.I32(3), WasmValue.F64(2)));
    }

    [Fact]
    public void NestedLoopsContinueInCompiledCodeFromTheOuterLoop()
    {
        var interpreted = new Linker().Instantiate(_store, InterpreterEngine.Default.Compile(ModuleLoader.Load(Loops)));
        var instance = Instantiate(Loops, Engine(calls: 1_000_000, loops: 150));
        // the inner loop fires first (100 iterations a round), defers to the outer loop's header,
        // and the call goes on in compiled code from there
        Assert.Equal(Call(interpreted, "nested", WasmValue.I32(500)), Call(instance, "nested", WasmValue.I32(500)));
        Assert.Equal(1, Tiered(instance).OsrRuns);
    }

    [Fact]
    public void TrapsAreTheInterpretersOnBothTiers()
    {
        var interpreted = new Linker().Instantiate(_store, InterpreterEngine.Default.Compile(ModuleLoader.Load(Loops)));
        var instance = Instantiate(Loops, Engine(calls: 1_000_000, loops: 10), "m");
        // trap_at(5) traps in the interpreter, before the loop is hot
        var early = Assert.Throws<WasmTrap>(() => Call(instance, "trap_at", WasmValue.I32(5)));
        Assert.Equal(TrapKind.IntegerDivideByZero, early.Kind);
        Assert.Equal(0, Tiered(instance).OsrRuns);
        // trap_at(1000) traps in the compiled code it continued in from the loop
        var late = Assert.Throws<WasmTrap>(() => Call(instance, "trap_at", WasmValue.I32(1000)));
        Assert.Equal(Assert.Throws<WasmTrap>(() => Call(interpreted, "trap_at", WasmValue.I32(1000))).Kind, late.Kind);
        Assert.Equal(1, Tiered(instance).OsrRuns);
        // the function is named once, though it ran in both tiers
        Assert.Equal(["m!trap_at"], late.WasmStack);
        // and now from its start, promoted
        var promoted = Assert.Throws<WasmTrap>(() => Call(instance, "trap_at", WasmValue.I32(7)));
        Assert.Equal(TrapKind.IntegerDivideByZero, promoted.Kind);
        Assert.Equal(["m!trap_at"], promoted.WasmStack);
        Assert.IsType<CompiledFunction>(((InterpretedFunction)instance.GetFunction("trap_at")!).Promoted);
    }

    [Fact]
    public void DeepRecursionTrapsAtTheSameDepthOnBothTiers()
    {
        var store = new Store(new RuntimeOptions { MaxCallDepth = 100 });
        var instance = new Linker().Instantiate(store, Engine(calls: 30, loops: 10).Compile(ModuleLoader.Load(Traps)));
        var deep = instance.GetFunction("deep")!;
        // deep(n) runs n + 1 frames: the first 31 interpreted, the rest compiled
        Assert.Equal(99, deep.Invoke(store, WasmValue.I32(99))[0].AsI32());
        Assert.Equal(1, Tiered(instance).Promotions);
        Assert.Equal(TrapKind.CallStackExhausted, Assert.Throws<WasmTrap>(() => deep.Invoke(store, WasmValue.I32(100))).Kind);
        Assert.Equal(99, deep.Invoke(store, WasmValue.I32(99))[0].AsI32());
    }

    [Fact]
    public void AnInterruptStopsALoopThatWentOnInCompiledCode()
    {
        var instance = Instantiate(Loops, Engine(calls: 1, loops: 10));
        var context = ExecutionEnvironment.ForCurrentThread(_store);
        using (new Timer(_ => context.RequestInterrupt(), null, 100, Timeout.Infinite))
        {
            Assert.Equal(TrapKind.Interrupted, Assert.Throws<WasmTrap>(() => Call(instance, "spin")).Kind);
        }
        context.ClearInterrupt();
        Assert.Equal(1, Tiered(instance).OsrRuns);
    }

    [Fact]
    public void EachInstancePromotesItsOwnFunctions()
    {
        var engine = Engine(calls: 2, loops: 1_000_000);
        var compiled = engine.Compile(ModuleLoader.Load(Basic));
        var a = new Linker().Instantiate(_store, compiled);
        var b = new Linker().Instantiate(_store, compiled);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(55, CallI32(a, "fib", 10));
        }
        var module = (TieredModule)compiled;
        var promotedInA = module.Promotions;
        Assert.True(promotedInA >= 1);
        Assert.IsType<CompiledFunction>(((InterpretedFunction)a.GetFunction("fib")!).Promoted);
        // the counter is the module's: b's next call promotes b's fib
        Assert.Equal(55, CallI32(b, "fib", 10));
        Assert.IsType<CompiledFunction>(((InterpretedFunction)b.GetFunction("fib")!).Promoted);
        Assert.Equal(promotedInA + 1, module.Promotions);
        Assert.Equal(6765, CallI32(b, "fib", 20));
    }

    [Theory]
    [InlineData("auto", "interpreter")]
    [InlineData("interpreter", "auto")]
    [InlineData("auto", "compiler")]
    [InlineData("compiler", "auto")]
    [InlineData("auto", "auto")]
    public void ModulesLinkAcrossEnginesThroughPromotions(string libraryEngine, string userEngine)
    {
        static IEngine Named(string name) => name switch
        {
            "auto" => Engine(calls: 1, loops: 2),
            "compiler" => CompilerEngine.Default,
            _ => InterpreterEngine.Default,
        };
        var lib = Instantiate(Lib, Named(libraryEngine), "lib");
        var user = Instantiate(User, Named(userEngine), "user", new Linker().DefineInstance("lib", lib));
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(42 * 100 + 7, CallI32(user, "both"));
            Assert.Equal(TrapKind.Unreachable, Assert.Throws<WasmTrap>(() => Call(user, "outer")).Kind);
        }
    }

    // "big" has a frame above the compiler's limit (FunctionCompiler.MaxFrameBytes: 10,000 i64
    // locals are 80 KB), so the compiler leaves it to the interpreter; "calls_big" is compiled
    private static readonly byte[] LargeFrame = Wat.ToWasm(
        $$"""
        (module
          (func $big (export "big") (param $x i32) (result i32)
            (local {{string.Join(" ", Enumerable.Repeat("i64", 10_000))}})
            (local.set 9999 (i64.extend_i32_u (local.get $x)))
            (i32.wrap_i64 (i64.add (local.get 9999) (i64.const 3))))
          (func (export "calls_big") (param $x i32) (result i32)
            (i32.mul (call $big (local.get $x)) (i32.const 2))))
        """);

    [Fact]
    public void FunctionsTheCompilerLeavesToTheInterpreterStayThere()
    {
        var instance = Instantiate(LargeFrame, Engine(calls: 0, loops: 0));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(16, CallI32(instance, "calls_big", 5));
            Assert.Equal(8, CallI32(instance, "big", 5));
        }
        Assert.Null(((InterpretedFunction)instance.GetFunction("big")!).Promoted);
        Assert.IsType<CompiledFunction>(((InterpretedFunction)instance.GetFunction("calls_big")!).Promoted);
        Assert.Equal(1, Tiered(instance).Promotions);
    }

    [Fact]
    public void InTheBackgroundTheSwitchComesAtALaterCall()
    {
        var instance = Instantiate(Basic, new TieredEngine(callThreshold: 0, loopThreshold: 0));
        var module = Tiered(instance);
        // the first call starts the compilation and goes on interpreted; some later call switches
        // (10 s is a safety net for a loaded machine, not a measurement)
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (module.Promotions == 0 && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            Assert.Equal(6765, CallI32(instance, "fib", 20));
            Thread.Sleep(1);
        }
        Assert.True(module.Promotions >= 1, "no promotion within 10 s");
        Assert.Equal(6765, CallI32(instance, "fib", 20));
        Assert.Null(module.CompileError);
    }

    [Fact]
    public void ThresholdsMustNotBeNegative()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TieredEngine(-1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TieredEngine(0, -1));
        Assert.Equal(TieredEngine.DefaultCallThreshold, TieredEngine.Default.CallThreshold);
        Assert.True(TieredEngine.Default.CompileInBackground);
    }
}
