using System.Diagnostics;
using Microwasm.Model;
using Microwasm.Runtime;
using static Microwasm.Tests.Interpreter.HostileCode;

namespace Microwasm.Tests.Interpreter;

/// <summary>
/// Hostile function bodies (issue #18): translation time and memory stay linear in the body's
/// size. Work is bounded by the translated code's length and the bytes the translation allocates
/// (both capped in proportion to the input); wall-clock limits are only a generous safety net.
/// </summary>
[Collection(nameof(TranslationHardeningTests))]
public class TranslationHardeningTests
{
    private static readonly Signature Empty = new([], []);

    /// <summary>What a translation may allocate: a fixed allowance plus a multiple of the module's size.</summary>
    private static long AllocationCap(byte[] module) => (1 << 20) + 128L * module.Length;

    /// <summary>The most internal code a translation may emit per byte of wasm.</summary>
    private static long CodeCap(byte[] module) => 4096 + 4L * module.Length;

    private static WasmValue[] Run(byte[] bytes, params WasmValue[] args)
    {
        var store = new Store();
        var instance = new Linker().Instantiate(store, Microwasm.Interpreter.InterpreterEngine.Default.Compile(ModuleLoader.Load(bytes)));
        return instance.GetFunction("f0")!.Invoke(store, args);
    }

    /// <summary>
    /// Loads and translates: the code and the allocations stay within their caps, and the work takes
    /// under 10 s of processor time (this class runs alone, so the process's time is this test's;
    /// the quadratic versions took 20 s to minutes). The wall clock only gets a safety net: the
    /// shared test machine may be loaded.
    /// </summary>
    private static void AssertLinear(byte[] bytes, int function = 0)
    {
        var stopwatch = Stopwatch.StartNew();
        var processor = Process.GetCurrentProcess().TotalProcessorTime;
        var module = ModuleLoader.Load(bytes);
        var (code, allocated) = Translate(module, function);
        processor = Process.GetCurrentProcess().TotalProcessorTime - processor;
        stopwatch.Stop();
        Assert.InRange(code.Code.Length, 0, CodeCap(bytes));
        Assert.InRange(allocated, 0, AllocationCap(bytes));
        Assert.InRange(processor, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        Assert.InRange(stopwatch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(60));
    }

    // ---- defect 2: work per instruction proportional to the operand stack's depth ----------------

    [Fact]
    public void LocalSetsUnderADeepStackAreLinear()
    {
        // 200,000 constants on the stack, then 200,000 local.sets: each used to scan the whole stack
        // for entries still reading the local (29 s).
        const int n = 200_000;
        var body = new Writer();
        for (var i = 0; i < n; i++)
        {
            body.I32(0);
        }
        for (var i = 0; i < n; i++)
        {
            body.Op(Opcode.LocalSet).U32(0);
        }
        AssertLinear(SingleFunction([Empty], body.ToArray(), (1, ValueType.I32)));
    }

    [Fact]
    public void EmptyBlocksOverADeepStackAreLinear()
    {
        // every block entry used to materialise the whole stack, walking it
        const int n = 200_000;
        var body = new Writer();
        for (var i = 0; i < n; i++)
        {
            body.I32(0);
        }
        for (var i = 0; i < n; i++)
        {
            body.Op(Opcode.Block).Byte(0x40).Op(Opcode.End);
        }
        for (var i = 0; i < n; i++)
        {
            body.Op(Opcode.Drop);
        }
        AssertLinear(SingleFunction([Empty], body.ToArray()));
    }

    [Fact]
    public void LocalGetsUnderADeepStackStillWork()
    {
        // the same with entries reading locals, and a result that shows the values arrive
        const int n = 50_000;
        var body = new Writer();
        for (var i = 0; i < n; i++)
        {
            body.Op(Opcode.LocalGet).U32((uint)(i % 2));
        }
        for (var i = 0; i < n - 1; i++)
        {
            // local0 += top of stack, through local 1
            body.Op(Opcode.LocalSet).U32(1).Op(Opcode.LocalGet).U32(0).Op(Opcode.LocalGet).U32(1)
                .Op(Opcode.I32Add).Op(Opcode.LocalSet).U32(0);
        }
        body.Op(Opcode.Drop).Op(Opcode.LocalGet).U32(0);
        var bytes = SingleFunction([new([ValueType.I32, ValueType.I32], [ValueType.I32])], body.ToArray());
        AssertLinear(bytes);
        var result = Run(bytes, WasmValue.I32(1), WasmValue.I32(2));
        Assert.Equal(Expected(n), result[0].AsI32());

        static int Expected(int n)
        {
            // the stack holds 1, 2, 1, 2, ... (the locals' values when read); the loop adds every
            // entry but the lowest to local 0 in turn, with local 0 changing as it goes
            var stack = new int[n];
            for (var i = 0; i < n; i++)
            {
                stack[i] = i % 2 == 0 ? 1 : 2;
            }
            var local0 = 1;
            for (var i = n - 1; i >= 1; i--)
            {
                local0 += stack[i];
            }
            return local0;
        }
    }

    // ---- defect 3: the deadline covers translation ----------------------------------------------

    /// <summary>A function of <paramref name="n"/> (i32.const, drop) pairs: no loop and no call, so only the translation can see an interrupt.</summary>
    private static byte[] StraightLine(int n)
    {
        var body = new Writer();
        for (var i = 0; i < n; i++)
        {
            body.I32(i).Op(Opcode.Drop);
        }
        return SingleFunction([Empty], body.ToArray());
    }

    [Fact]
    public void InterruptRequestedBeforeTheFirstCallStopsTheTranslation()
    {
        var store = new Store();
        var instance = new Linker().Instantiate(store, Microwasm.Interpreter.InterpreterEngine.Default.Compile(ModuleLoader.Load(StraightLine(1_000))));
        var context = ExecutionEnvironment.ForCurrentThread(store);
        context.RequestInterrupt();
        var trap = Assert.Throws<WasmTrap>(() => instance.GetFunction("f0")!.Invoke(store));
        Assert.Equal(TrapKind.Interrupted, trap.Kind);
        // nothing was cached: once the request is withdrawn the function translates and runs
        context.ClearInterrupt();
        Assert.Empty(instance.GetFunction("f0")!.Invoke(store));
    }

    [Fact]
    public void InterruptFromAnotherThreadStopsALongTranslation()
    {
        // 3 million instructions translate for a second or more; another thread asks for the
        // interrupt as soon as the call starts, and the translation must notice within a few
        // thousand instructions rather than run to its end
        var store = new Store();
        var instance = new Linker().Instantiate(store, Microwasm.Interpreter.InterpreterEngine.Default.Compile(ModuleLoader.Load(StraightLine(3_000_000))));
        var context = ExecutionEnvironment.ForCurrentThread(store);
        using var started = new ManualResetEventSlim();
        var watchdog = new Thread(() =>
        {
            started.Wait();
            context.RequestInterrupt();
        });
        watchdog.Start();
        started.Set();
        var trap = Assert.Throws<WasmTrap>(() => instance.GetFunction("f0")!.Invoke(store));
        watchdog.Join();
        Assert.Equal(TrapKind.Interrupted, trap.Kind);
        Assert.True(context.IsInterruptRequested);
    }

    // ---- defect 1: code proportional to branches x label arity --------------------------------

    /// <summary>Type 0: [] -> []; type 1: [] -> [i32 x arity]; type 2: [i32 x arity] -> [i32 x arity].</summary>
    private static Signature[] ArityTypes(int arity) =>
    [
        Empty,
        new([], Repeat(ValueType.I32, arity)),
        new(Repeat(ValueType.I32, arity), Repeat(ValueType.I32, arity)),
    ];

    /// <summary>
    /// (block (result i32 x arity) i32.const 0, the arity values, then <paramref name="branches"/>,
    /// then br 0) and drop of the results: the carried values sit one slot above the label's, so
    /// every branch to it must move them.
    /// </summary>
    private static byte[] BranchesIntoWideBlock(int arity, Action<Writer> branches, int typeIndex = 0)
    {
        var body = new Writer();
        body.Block(Opcode.Block, 1).I32(0);
        for (var i = 0; i < arity; i++)
        {
            body.I32(i);
        }
        branches(body);
        body.Op(Opcode.Br).U32(0).Op(Opcode.End);
        for (var i = 0; i < arity; i++)
        {
            body.Op(Opcode.Drop);
        }
        return SingleFunction(ArityTypes(arity), body.ToArray());
    }

    private static byte[] BrTableIntoWideBlock(int arity, int targets) => BranchesIntoWideBlock(arity, body =>
    {
        body.I32(0).Op(Opcode.BrTable).U32((uint)targets);
        for (var i = 0; i <= targets; i++)
        {
            body.U32(0);
        }
    });

    [Fact]
    public void BrTableIntoAWideBlockIsLinear()
    {
        // the issue's module had 100,000 targets into a block with 2,000 results (1 GB, 27 s
        // uncapped); 1,000 results is the most a type may have now
        AssertLinear(BrTableIntoWideBlock(1_000, 100_000));
    }

    [Fact]
    public void TheIssuesModuleIsRefusedForItsTypesArity()
    {
        var bytes = BrTableIntoWideBlock(2_000, 100_000);
        var e = Assert.Throws<Microwasm.Validation.WasmValidationException>(() => ModuleLoader.Load(bytes));
        Assert.Contains("has 2000 results: this implementation allows 1000", e.Message);
    }

    [Fact]
    public void IfElseWithTheMostParametersIsLinear()
    {
        // a call returning 1,000 values (two bytes), then ifs of 1,000 parameters and results,
        // five bytes each: 1,000 values pushed per five bytes, which the arity limit bounds
        const int ifs = 100_000;
        var body = new Writer().Op(Opcode.Call).U32(1);
        for (var i = 0; i < ifs; i++)
        {
            body.I32(i & 1).Block(Opcode.If, 2).Op(Opcode.Else).Op(Opcode.End);
        }
        body.Op(Opcode.Return);
        AssertLinear(Module(ArityTypes(1_000), new Function(1, [], body.ToArray()), new Function(1, [], [(byte)Opcode.Unreachable])));
    }

    [Fact]
    public void BrIfsIntoAWideBlockAreLinear()
    {
        const int branches = 50_000;
        var bytes = BranchesIntoWideBlock(1_000, body =>
        {
            for (var i = 0; i < branches; i++)
            {
                body.I32(0).Op(Opcode.BrIf).U32(0);
            }
        });
        AssertLinear(bytes);
    }

    [Fact]
    public void BrIfsReturningManyValuesAreLinear()
    {
        // br_if to the function's label with 1,000 results read from a local: each used to copy them all
        const int arity = 1_000;
        const int branches = 50_000;
        var body = new Writer();
        for (var i = 0; i < arity; i++)
        {
            body.Op(Opcode.LocalGet).U32(0);
        }
        for (var i = 0; i < branches; i++)
        {
            body.I32(0).Op(Opcode.BrIf).U32(0);
        }
        AssertLinear(Module(ArityTypes(arity), new Function(1, [(1, ValueType.I32)], body.ToArray())));
    }

    [Fact]
    public void IfElseWithManyParametersIsLinear()
    {
        // each if with parameters and an else used to copy its parameters into fresh scratch slots
        const int arity = 1_000;
        const int ifs = 50_000;
        var body = new Writer();
        for (var i = 0; i < arity; i++)
        {
            body.I32(i);
        }
        for (var i = 0; i < ifs; i++)
        {
            body.I32(i & 1).Block(Opcode.If, 2).Op(Opcode.Else).Op(Opcode.End);
        }
        for (var i = 0; i < arity; i++)
        {
            body.Op(Opcode.Drop);
        }
        AssertLinear(SingleFunction(ArityTypes(arity), body.ToArray()));
    }

    [Fact]
    public void CallResultsBranchedOutAreLinear()
    {
        // (block (result i32 x 1000) (block i32.const 0 call $wide br 1) ...): each br copies the call's results
        const int arity = 1_000;
        const int blocks = 50_000;
        var body = new Writer();
        body.Block(Opcode.Block, 1);
        for (var i = 0; i < blocks; i++)
        {
            body.Op(Opcode.Block).Byte(0x40).I32(0).Op(Opcode.Call).U32(1).Op(Opcode.Br).U32(1).Op(Opcode.End);
        }
        body.Op(Opcode.Unreachable).Op(Opcode.End);
        var bytes = Module(ArityTypes(arity), new Function(1, [], body.ToArray()), new Function(1, [], [(byte)Opcode.Unreachable]));
        AssertLinear(bytes);
    }

    [Fact]
    public void WideBranchesCarryTheirValues()
    {
        // the code that moves many values at once computes what wasm says: br_table, br_if and
        // if/else with 8 values into labels of every kind, and a function returning them
        var types = new Signature[]
        {
            new([ValueType.I32], Repeat(ValueType.I32, 8)),
            new([], Repeat(ValueType.I32, 8)),
            new(Repeat(ValueType.I32, 8), Repeat(ValueType.I32, 8)),
        };
        var body = new Writer();
        // block 1: [] -> 8 values; inside, an extra value below the carried ones
        body.Block(Opcode.Block, 1).Block(Opcode.Block, 1).I32(100);
        for (var i = 0; i < 8; i++)
        {
            body.Op(Opcode.LocalGet).U32(0).I32(i).Op(Opcode.I32Add);
        }
        // br_if not taken (0), then br_table on the parameter: 0 -> inner block, else the outer one
        body.I32(0).Op(Opcode.BrIf).U32(0);
        body.Op(Opcode.LocalGet).U32(0).Op(Opcode.BrTable).U32(2).U32(0).U32(1).U32(1);
        body.Op(Opcode.End);
        // the inner block's values go through an if/else with parameters: the else adds 1000 to the last
        body.Op(Opcode.LocalGet).U32(0).Block(Opcode.If, 2).Op(Opcode.Else).I32(1000).Op(Opcode.I32Add).Op(Opcode.End);
        body.Op(Opcode.End);
        var bytes = Module(types, new Function(0, [], body.ToArray()));
        var expected0 = Enumerable.Range(0, 8).ToArray();
        expected0[7] += 1000;
        Assert.Equal(expected0, Run(bytes, WasmValue.I32(0)).Select(v => v.AsI32()));
        Assert.Equal(Enumerable.Range(5, 8), Run(bytes, WasmValue.I32(5)).Select(v => v.AsI32()));
    }

    // wat2wasm of:
    // (module
    //   (func (export "rotate") (param $n i32) (param i32 i32 i32) (result i32 i32 i32 i32)
    //     (local.get 0) (local.get 1) (local.get 2) (local.get 3)
    //     (loop $l (param i32 i32 i32 i32) (result i32 i32 i32 i32)
    //       (local.set 3) (local.set 2) (local.set 1) (local.set 0)
    //       (block
    //         (i32.const 5)
    //         (i32.sub (local.get 0) (i32.const 1))
    //         (local.get 2) (local.get 3) (local.get 1)
    //         (br_if $l (i32.gt_s (local.get 0) (i32.const 1)))
    //         (drop) (drop) (drop) (drop) (drop))
    //       (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
    //   (func (export "vec") (param $i i32) (result v128 v128 v128) (local $x v128) (local $y v128) (local $z v128)
    //     (block $b (result v128 v128 v128)
    //       (i64.const 99)
    //       (v128.const i64x2 1 2) (v128.const i64x2 3 4) (v128.const i64x2 5 6)
    //       (br_if $b (i32.eq (local.get $i) (i32.const 2)))
    //       (br_if 1 (i32.eq (local.get $i) (i32.const 3)))
    //       (br_table $b 1 (local.get $i)))
    //     (local.set $z) (local.set $y) (local.set $x)
    //     (local.get $z) (local.get $y) (local.get $x)))
    private static readonly byte[] WideLabels =
    [
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x19, 0x03, 0x60, 0x04, 0x7f, 0x7f, 0x7f, 0x7f, 0x04,
        0x7f, 0x7f, 0x7f, 0x7f, 0x60, 0x01, 0x7f, 0x03, 0x7b, 0x7b, 0x7b, 0x60, 0x00, 0x03, 0x7b, 0x7b, 0x7b, 0x03,
        0x03, 0x02, 0x00, 0x01, 0x07, 0x10, 0x02, 0x06, 0x72, 0x6f, 0x74, 0x61, 0x74, 0x65, 0x00, 0x00, 0x03, 0x76,
        0x65, 0x63, 0x00, 0x01, 0x0a, 0x9c, 0x01, 0x02, 0x39, 0x00, 0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0x20, 0x03,
        0x03, 0x00, 0x21, 0x03, 0x21, 0x02, 0x21, 0x01, 0x21, 0x00, 0x02, 0x40, 0x41, 0x05, 0x20, 0x00, 0x41, 0x01,
        0x6b, 0x20, 0x02, 0x20, 0x03, 0x20, 0x01, 0x20, 0x00, 0x41, 0x01, 0x4a, 0x0d, 0x01, 0x1a, 0x1a, 0x1a, 0x1a,
        0x1a, 0x0b, 0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0x20, 0x03, 0x0b, 0x0b, 0x60, 0x01, 0x03, 0x7b, 0x02, 0x02,
        0x42, 0xe3, 0x00, 0xfd, 0x0c, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0xfd, 0x0c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0xfd, 0x0c, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x20, 0x00, 0x41, 0x02, 0x46, 0x0d, 0x00, 0x20, 0x00, 0x41, 0x03, 0x46, 0x0d, 0x01, 0x20,
        0x00, 0x0e, 0x01, 0x00, 0x01, 0x0b, 0x21, 0x03, 0x21, 0x02, 0x21, 0x01, 0x20, 0x03, 0x20, 0x02, 0x20, 0x01,
        0x0b
    ];

    [Theory]
    [InlineData(5, 1, 20, 30, 10)]
    [InlineData(1, 1, 10, 20, 30)]
    [InlineData(6, 1, 30, 10, 20)]
    public void ALoopCarryingFourValuesRotatesThem(int n, int n1, int a1, int b1, int c1)
    {
        // the loop's br_if carries four values past an extra one: one CopyRange to the loop's slots
        var store = new Store();
        var instance = new Linker().Instantiate(store, Microwasm.Interpreter.InterpreterEngine.Default.Compile(ModuleLoader.Load(WideLabels)));
        var results = instance.GetFunction("rotate")!.Invoke(store, WasmValue.I32(n), WasmValue.I32(10), WasmValue.I32(20), WasmValue.I32(30));
        Assert.Equal([n1, a1, b1, c1], results.Select(v => v.AsI32()));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(3, false)]
    [InlineData(-1, false)]
    public void ThreeVectorsReachBlockAndFunctionLabels(int i, bool throughBlock)
    {
        // br_table, br_if and return with three v128 values (six slots): into the block, whose code
        // reverses them, or straight out of the function
        var store = new Store();
        var instance = new Linker().Instantiate(store, Microwasm.Interpreter.InterpreterEngine.Default.Compile(ModuleLoader.Load(WideLabels)));
        var results = instance.GetFunction("vec")!.Invoke(store, WasmValue.I32(i));
        var expected = new[] { WasmValue.V128(1, 2), WasmValue.V128(3, 4), WasmValue.V128(5, 6) };
        if (throughBlock)
        {
            Array.Reverse(expected);
        }
        Assert.Equal(expected.Select(v => v.ToString()), results.Select(v => v.ToString()));
    }

    // ---- more of the same kind ------------------------------------------------------------------

    [Fact]
    public void BillionsOfLocalsAreRefusedBeforeAnythingIsAllocated()
    {
        // four groups of 0xFFFFFFFF locals: valid in the binary format's grammar, refused by the
        // decoder's limit of 50,000 (browsers' limit) from the declared counts alone
        var bytes = SingleFunction([Empty], [], (uint.MaxValue, ValueType.I32), (uint.MaxValue, ValueType.I64),
            (uint.MaxValue, ValueType.F64), (uint.MaxValue, ValueType.V128));
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<Microwasm.Binary.WasmDecodeException>(() => ModuleLoader.Load(bytes));
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Assert.Contains("too many locals", e.Message);
        Assert.InRange(allocated, 0, 1 << 20);
    }

    [Fact]
    public void ManyLocalsInDeepRecursionTrapCleanly()
    {
        // 50,000 v128 locals (100,000 slots a frame) calling itself: the frames fill the value
        // stack after a few calls and the call traps, having zeroed each frame's locals once
        var body = new Writer().Op(Opcode.Call).U32(0).ToArray();
        var bytes = SingleFunction([Empty], body, (50_000, ValueType.V128));
        AssertLinear(bytes);
        var store = new Store();
        var instance = new Linker().Instantiate(store, Microwasm.Interpreter.InterpreterEngine.Default.Compile(ModuleLoader.Load(bytes)));
        var stopwatch = Stopwatch.StartNew();
        var trap = Assert.Throws<WasmTrap>(() => instance.GetFunction("f0")!.Invoke(store));
        Assert.Equal(TrapKind.CallStackExhausted, trap.Kind);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void DeepNestingAndABrTableToEveryLabelAreLinear()
    {
        // 200,000 nested blocks, each with one i32 result, and at the innermost a br_table whose
        // targets are every label: the result is the constant, whichever label the table picks
        const int depth = 200_000;
        var body = new Writer();
        for (var i = 0; i < depth; i++)
        {
            body.Op(Opcode.Block).Byte((byte)ValueType.I32);
        }
        body.I32(42).Op(Opcode.LocalGet).U32(0).Op(Opcode.BrTable).U32(depth);
        for (var i = 0; i <= depth; i++)
        {
            body.U32((uint)i);
        }
        for (var i = 0; i < depth; i++)
        {
            body.Op(Opcode.End);
        }
        var bytes = SingleFunction([new([ValueType.I32], [ValueType.I32])], body.ToArray());
        AssertLinear(bytes);
        Assert.Equal(42, Run(bytes, WasmValue.I32(7))[0].AsI32());
        Assert.Equal(42, Run(bytes, WasmValue.I32(-1))[0].AsI32());
    }

    [Fact]
    public void WideCallsCannotGrowTheOperandStackWithoutBound()
    {
        // a call of a function with 1,000 results costs two bytes: 1,100 of them would put
        // 1.1 million values on the stack, past the validator's limit of 2^20
        var body = new Writer();
        for (var i = 0; i < 1_100; i++)
        {
            body.Op(Opcode.Call).U32(1);
        }
        var bytes = Module(ArityTypes(1_000), new Function(0, [], body.ToArray()), new Function(1, [], [(byte)Opcode.Unreachable]));
        var e = Assert.Throws<Microwasm.Validation.WasmValidationException>(() => ModuleLoader.Load(bytes));
        Assert.Contains("operand stack too deep", e.Message);
    }
}

/// <summary>The translation hardening tests measure processor time, so they run alone.</summary>
[CollectionDefinition(nameof(TranslationHardeningTests), DisableParallelization = true)]
public class TranslationHardeningCollection
{
}
