using Microwasm.Compiler;
using Microwasm.Interpreter;
using Microwasm.Model;
using Microwasm.Runtime;
using Microwasm.TestSupport;
using Microwasm.Tests.Interpreter;
using static Microwasm.Tests.Interpreter.InterpreterModules;

namespace Microwasm.Tests.Compiler;

/// <summary>
/// The compiler engine on its own (control, calls, multi-value, memory, traps, limits,
/// interrupts) and mixed with the interpreter: per-function fallback and cross-engine links.
/// </summary>
public class CompilerTests
{
    private static readonly FuncType I32ToI32 = new([ValueType.I32], [ValueType.I32]);

    private readonly Store _store = new();

    private static CompiledModule Compile(byte[] wasm, IEngine? engine = null) =>
        (engine ?? CompilerEngine.Default).Compile(ModuleLoader.Load(wasm));

    private Instance Instantiate(byte[] wasm, string? name = null, Linker? linker = null, IEngine? engine = null) =>
        (linker ?? new Linker()).Instantiate(_store, Compile(wasm, engine), name);

    private WasmValue[] Call(Instance instance, string name, params WasmValue[] args) =>
        instance.GetFunction(name)!.Invoke(_store, args);

    private int CallI32(Instance instance, string name, params int[] args) =>
        Call(instance, name, [.. args.Select(WasmValue.I32)])[0].AsI32();

    private WasmTrap Trap(Instance instance, string name, params WasmValue[] args) =>
        Assert.Throws<WasmTrap>(() => Call(instance, name, args));

    [Fact]
    public void FunctionsAreCompiled()
    {
        var instance = Instantiate(Basic);
        Assert.IsType<CompiledFunction>(instance.GetFunction("fib"));
        Assert.All(((CompiledWasmModule)instance.Compiled).FallbackReasons, Assert.Null);
        Assert.Equal("compiler", instance.Compiled.Engine.Name);
    }

    [Fact]
    public void ControlAndCalls()
    {
        var instance = Instantiate(Basic);
        Assert.Equal(6765, CallI32(instance, "fib", 20));
        Assert.Equal(4_999_950_000L, Call(instance, "sum", WasmValue.I32(100_000))[0].AsI64());
        Assert.Equal([100, 101, 102, 103, 103, 103], new[] { 0, 1, 2, 3, 4, -1 }.Select(i => CallI32(instance, "switch", i)));
        Assert.Equal([1008, 1007, 1007, 1007], new[] { 0, 1, 2, 9 }.Select(i => CallI32(instance, "table_value", i)));
        Assert.Equal(7, CallI32(instance, "select", 7, 8, 1));
        Assert.Equal(8, CallI32(instance, "select", 7, 8, 0));
        Assert.Equal(-2, CallI32(instance, "tee_order", 3));
    }

    [Fact]
    public void MultiValueResultsBlocksAndBranches()
    {
        var instance = Instantiate(Basic);
        Assert.Equal([WasmValue.I32(2), WasmValue.I32(1)], Call(instance, "swap_sub", WasmValue.I32(1), WasmValue.I32(2)));
        // pair(x) = (x, x+1); sub = -1; times x (then) or 20 (else); loop adds 3 until >= 5
        var interpreted = Instantiate(Basic, engine: InterpreterEngine.Default);
        foreach (var x in new[] { 0, 1, 2, 7, -4 })
        {
            Assert.Equal(CallI32(interpreted, "multi", x), CallI32(instance, "multi", x));
        }
        Assert.Equal([WasmValue.I32(7), WasmValue.I64(8)], Call(instance, "early", WasmValue.I32(1)));
        Assert.Equal([WasmValue.I32(1), WasmValue.I64(2)], Call(instance, "early", WasmValue.I32(0)));
    }

    [Fact]
    public void MemoryLoadsStoresGrowAndBulk()
    {
        var instance = Instantiate(Memory);
        Assert.Equal(0x1122334455667788L, Call(instance, "store_load", WasmValue.I32(8), WasmValue.I64(0x1122334455667788L))[0].AsI64());
        CallI32(instance, "size");
        Call(instance, "store8", WasmValue.I32(100), WasmValue.I32(0xF0));
        Assert.Equal(-16, CallI32(instance, "load8_s", 100));
        Assert.Equal(0xF0, CallI32(instance, "load8_u", 100));
        Assert.Equal(1, CallI32(instance, "size"));
        Assert.Equal(0, CallI32(instance, "load_last"));
        Assert.Equal(1, CallI32(instance, "grow", 2));
        Assert.Equal(3, CallI32(instance, "size"));
        // the cached length was reloaded after the grow: the new last word is in bounds
        Assert.Equal(0, CallI32(instance, "load_last"));
        Assert.Equal(-1, CallI32(instance, "grow", 1));
        Call(instance, "init", WasmValue.I32(200), WasmValue.I32(2), WasmValue.I32(3));
        Assert.Equal(3, CallI32(instance, "load8_u", 200));
        Assert.Equal(5, CallI32(instance, "load8_u", 202));
        Call(instance, "fill", WasmValue.I32(300), WasmValue.I32(9), WasmValue.I32(4));
        Call(instance, "copy", WasmValue.I32(301), WasmValue.I32(200), WasmValue.I32(2));
        Assert.Equal([9, 3, 4, 9, 0], new[] { 300, 301, 302, 303, 304 }.Select(a => CallI32(instance, "load8_u", a)));
        Call(instance, "drop");
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Trap(instance, "init", WasmValue.I32(0), WasmValue.I32(0), WasmValue.I32(1)).Kind);
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Trap(instance, "load8_u", WasmValue.I32(3 * 65536)).Kind);
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Trap(instance, "store_load", WasmValue.I32(3 * 65536 - 7), WasmValue.I64(1)).Kind);
    }

    [Fact]
    public void TrapsHaveTheInterpretersKinds()
    {
        var instance = Instantiate(Traps);
        Assert.Equal(TrapKind.Unreachable, Trap(instance, "unreachable").Kind);
        Assert.Equal(TrapKind.IntegerDivideByZero, Trap(instance, "div_s", WasmValue.I32(1), WasmValue.I32(0)).Kind);
        Assert.Equal(TrapKind.IntegerOverflow, Trap(instance, "div_s", WasmValue.I32(int.MinValue), WasmValue.I32(-1)).Kind);
        Assert.Equal(TrapKind.InvalidConversionToInteger, Trap(instance, "trunc", WasmValue.F64(double.NaN)).Kind);
        Assert.Equal(TrapKind.IntegerOverflow, Trap(instance, "trunc", WasmValue.F64(1e10)).Kind);
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Trap(instance, "oob_load", WasmValue.I32(65532)).Kind);
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Trap(instance, "oob_load", WasmValue.I32(-1)).Kind);
        Assert.Equal(TrapKind.OutOfBoundsTableAccess, Trap(instance, "oob_table", WasmValue.I32(4)).Kind);
        Assert.Equal(6, CallI32(instance, "call_indirect", 0, 5));
        Assert.Equal(TrapKind.IndirectCallTypeMismatch, Trap(instance, "call_indirect", WasmValue.I32(1), WasmValue.I32(5)).Kind);
        Assert.Equal(TrapKind.UninitializedElement, Trap(instance, "call_indirect", WasmValue.I32(2), WasmValue.I32(5)).Kind);
        Assert.Equal(TrapKind.UndefinedElement, Trap(instance, "call_indirect", WasmValue.I32(4), WasmValue.I32(5)).Kind);
        Assert.Equal(42, CallI32(instance, "global"));
        Assert.Equal([WasmValue.I32(0), WasmValue.I32(1)], Call(instance, "ref"));
        Assert.Equal([WasmValue.I32(4), WasmValue.I32(6)], Call(instance, "grow_table", WasmValue.I32(2)));
    }

    [Fact]
    public void DeepRecursionTrapsAndTheContextStillWorks()
    {
        var instance = Instantiate(Traps);
        Assert.Equal(TrapKind.CallStackExhausted, Trap(instance, "deep", WasmValue.I32(1_000_000)).Kind);
        Assert.Equal(1000, CallI32(instance, "deep", 1000));
        Assert.Equal(TrapKind.CallStackExhausted, Trap(instance, "deep", WasmValue.I32(1_000_000)).Kind);
        Assert.Equal(10_000, CallI32(instance, "deep", 10_000));
    }

    [Fact]
    public void TheDepthLimitIsTheInterpreters()
    {
        var store = new Store(new RuntimeOptions { MaxCallDepth = 100 });
        var instance = new Linker().Instantiate(store, Compile(Traps));
        // deep(n) runs n + 1 frames
        Assert.Equal(99, instance.GetFunction("deep")!.Invoke(store, WasmValue.I32(99))[0].AsI32());
        var trap = Assert.Throws<WasmTrap>(() => instance.GetFunction("deep")!.Invoke(store, WasmValue.I32(100)));
        Assert.Equal(TrapKind.CallStackExhausted, trap.Kind);
    }

    [Fact]
    public void ASmallNativeStackTrapsInsteadOfOverflowing()
    {
        // 10 million frames allowed, 256 KiB of stack: the native stack check must stop it
        var store = new Store(new RuntimeOptions { MaxCallDepth = 10_000_000 });
        var instance = new Linker().Instantiate(store, Compile(Traps));
        WasmTrap? trap = null;
        var thread = new Thread(() => trap = Assert.Throws<WasmTrap>(
            () => instance.GetFunction("deep")!.Invoke(store, WasmValue.I32(5_000_000))), 256 * 1024);
        thread.Start();
        thread.Join();
        Assert.Equal(TrapKind.CallStackExhausted, trap!.Kind);
    }

    [Fact]
    public void AnInterruptStopsALoopAndARecursionWithoutLoops()
    {
        var instance = Instantiate(Wat.ToWasm(
            """
            (module
              (func (export "spin") (loop (br 0)))
              (func $fib (export "fib") (param $n i32) (result i32)
                (if (result i32) (i32.lt_s (local.get $n) (i32.const 2)) (then (local.get $n))
                  (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                                 (call $fib (i32.sub (local.get $n) (i32.const 2))))))))
            """));
        var context = ExecutionEnvironment.ForCurrentThread(_store);
        foreach (var (name, args) in new[] { ("spin", Array.Empty<WasmValue>()), ("fib", new[] { WasmValue.I32(60) }) })
        {
            using (new Timer(_ => context.RequestInterrupt(), null, 100, Timeout.Infinite))
            {
                Assert.Equal(TrapKind.Interrupted, Trap(instance, name, args).Kind);
            }
            context.ClearInterrupt();
        }
        Assert.Equal(6765, CallI32(instance, "fib", 20));
    }

    [Fact]
    public void HostFunctionsSeeTheCallerAndCanReenter()
    {
        Instance? instance = null;
        Instance? seen = null;
        var host = new HostFunction(I32ToI32, (context, slots) =>
        {
            seen = context.CallerInstance;
            var down = instance!.GetFunction("down")!;
            Span<ulong> inner = [slots[0]];
            down.Invoke(context, inner);
            slots[0] = inner[0];
        });
        instance = Instantiate(InterpreterModules.Host, linker: new Linker().Define("env", "host", host));
        Assert.Equal(100, CallI32(instance, "down", 100));
        Assert.Same(instance, seen);
        Assert.Equal(TrapKind.CallStackExhausted, Trap(instance, "down", WasmValue.I32(10_000_000)).Kind);
        Assert.Equal(500, CallI32(instance, "down", 500));
        var trap = Trap(instance, "fail");
        Assert.Equal(TrapKind.Unreachable, trap.Kind);
        // the innermost frame is named; callers that called in tail position left no .NET frame to name
        Assert.Equal("inner", trap.WasmStack[0]);
    }

    public static TheoryData<string, string> EnginePairs() => new()
    {
        { "interpreter", "compiler" },
        { "compiler", "interpreter" },
        { "compiler", "compiler" },
    };

    private static IEngine EngineNamed(string name) => name == "compiler" ? CompilerEngine.Default : InterpreterEngine.Default;

    [Theory]
    [MemberData(nameof(EnginePairs))]
    public void ModulesLinkAcrossEngines(string libraryEngine, string userEngine)
    {
        var lib = Instantiate(Lib, "lib", engine: EngineNamed(libraryEngine));
        var user = Instantiate(User, "user", new Linker().DefineInstance("lib", lib), EngineNamed(userEngine));
        Assert.Equal(42 * 100 + 7, CallI32(user, "both"));
        // lib grows its own memory, user's is unchanged
        Assert.Equal(1, CallI32(user, "grow_other"));
        Assert.Equal(2u, lib.Memory!.Pages);
        Assert.Equal(TrapKind.Unreachable, Trap(user, "outer").Kind);
    }

    private static readonly byte[] Exporter = Wat.ToWasm(
        """
        (module
          (memory (export "mem") 1)
          (table (export "tab") 2 funcref)
          (global (export "g") (mut i64) (i64.const 5))
          (func $twice (export "twice") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
          (elem (i32.const 0) $twice)
          (func (export "peek") (param i32) (result i32) (i32.load (local.get 0)))
          (func (export "get_g") (result i64) (global.get 0)))
        """);

    private static readonly byte[] Importer = Wat.ToWasm(
        """
        (module
          (import "ex" "mem" (memory 1))
          (import "ex" "tab" (table 2 funcref))
          (import "ex" "g" (global $g (mut i64)))
          (import "ex" "twice" (func $twice (param i32) (result i32)))
          (type $i2i (func (param i32) (result i32)))
          (func $thrice (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3)))
          (elem (i32.const 1) $thrice)
          (func (export "run") (param $x i32) (result i32)
            (i32.store (i32.const 16) (call $twice (local.get $x)))
            (global.set $g (i64.add (global.get $g) (i64.const 10)))
            (i32.add
              (call_indirect (type $i2i) (local.get $x) (i32.const 0))
              (call_indirect (type $i2i) (local.get $x) (i32.const 1)))))
        """);

    [Theory]
    [MemberData(nameof(EnginePairs))]
    public void MemoriesTablesAndGlobalsAreShared(string exporterEngine, string importerEngine)
    {
        var ex = Instantiate(Exporter, "ex", engine: EngineNamed(exporterEngine));
        var im = Instantiate(Importer, "im", new Linker().DefineInstance("ex", ex), EngineNamed(importerEngine));
        Assert.Equal(2 * 7 + 3 * 7, CallI32(im, "run", 7));
        Assert.Equal(14, CallI32(ex, "peek", 16));
        Assert.Equal(15L, Call(ex, "get_g")[0].AsI64());
        // the exporter's table now holds the importer's function, called through the exporter's instance
        Assert.Equal(2 * 4 + 3 * 4, CallI32(im, "run", 4));
        Assert.Equal(25L, Call(ex, "get_g")[0].AsI64());
    }

    private static readonly byte[] Mixed = Wat.ToWasm(
        """
        (module
          (memory 1)
          (func $simd (export "simd") (param $x i32) (result i32)
            (i32x4.extract_lane 2 (i32x4.add (i32x4.splat (local.get $x)) (v128.const i32x4 1 2 3 4)))
            (call $plain (i32.const 1))
            (i32.add))
          (func $plain (export "plain") (param $x i32) (result i32)
            (i32.add (local.get $x) (i32.const 100)))
          (func (export "calls_simd") (param $x i32) (result i32)
            (i32.mul (call $simd (local.get $x)) (i32.const 2))))
        """);

    [Fact]
    public void SimdFunctionsAreCompiledAndCallPlainOnes()
    {
        var instance = Instantiate(Mixed);
        Assert.All(((CompiledWasmModule)instance.Compiled).FallbackReasons, Assert.Null);
        Assert.IsType<CompiledFunction>(instance.GetFunction("simd"));
        // simd(5) = 5 + 3 + plain(1) = 109; calls_simd doubles it
        Assert.Equal(109, CallI32(instance, "simd", 5));
        Assert.Equal(218, CallI32(instance, "calls_simd", 5));
    }

    // v128 values crossing every boundary: parameters and several results of direct calls, imports
    // (typed delegate or slots), call_indirect, globals (imported and own), blocks, select, memory
    private static readonly byte[] VectorLib = Wat.ToWasm(
        """
        (module
          (global (export "vg") (mut v128) (v128.const i32x4 10 20 30 40))
          (func (export "mix") (param $a v128) (param $b v128) (result v128)
            (i32x4.add (local.get $a) (i32x4.mul (local.get $b) (i32x4.splat (i32.const 3)))))
          (func (export "split") (param $a v128) (result i32 v128 f64)
            (i32x4.extract_lane 3 (local.get $a))
            (i8x16.shuffle 15 14 13 12 11 10 9 8 7 6 5 4 3 2 1 0 (local.get $a) (local.get $a))
            (f64.convert_i32_s (i32x4.extract_lane 0 (local.get $a)))))
        """);

    private static readonly byte[] VectorUser = Wat.ToWasm(
        """
        (module
          (import "lib" "vg" (global $vg (mut v128)))
          (import "lib" "mix" (func $mix (param v128 v128) (result v128)))
          (import "lib" "split" (func $split (param v128) (result i32 v128 f64)))
          (type $vv (func (param v128 v128) (result v128)))
          (table 2 funcref)
          (elem (i32.const 0) $mix $own)
          (memory 1)
          (global $mine (mut v128) (v128.const i64x2 0 0))
          (func $own (param $a v128) (param $b v128) (result v128) (i32x4.sub (local.get $a) (local.get $b)))
          (func (export "run") (param $x i32) (param $which i32) (result i32 i32 i32 i32)
            (local $v v128) (local $r v128) (local $s i32) (local $f f64)
            (local.set $v (i32x4.replace_lane 1 (i32x4.splat (local.get $x)) (i32.const 7)))
            ;; through the import (a typed delegate or slots), then through the table
            (local.set $r (call $mix (local.get $v) (global.get $vg)))
            (local.set $r (call_indirect (type $vv) (local.get $r) (local.get $v) (local.get $which)))
            ;; several results, one a v128, through a block with a v128 result and a select
            (call $split (local.get $r))
            (local.set $f)
            (local.set $r (block (param v128) (result v128)
              (select (result v128) (v128.not) (v128.const i32x4 0 0 0 0) (local.get $which))))
            (local.set $s)
            (global.set $mine (local.get $r))
            (global.set $vg (i32x4.add (global.get $vg) (i32x4.splat (i32.const 1))))
            (v128.store offset=16 (i32.const 0) (global.get $mine))
            (i32.add (local.get $s) (i32.trunc_f64_s (local.get $f)))
            (i32x4.extract_lane 0 (v128.load offset=16 (i32.const 0)))
            (i32x4.extract_lane 3 (global.get $mine))
            (i32x4.extract_lane 0 (global.get $vg))))
        """);

    [Theory]
    [MemberData(nameof(EnginePairs))]
    public void V128ValuesCrossCallsGlobalsAndEngines(string libraryEngine, string userEngine)
    {
        var lib = Instantiate(VectorLib, "lib", engine: EngineNamed(libraryEngine));
        var user = Instantiate(VectorUser, "user", new Linker().DefineInstance("lib", lib), EngineNamed(userEngine));
        if (userEngine == "compiler")
        {
            Assert.All(((CompiledWasmModule)user.Compiled).FallbackReasons, Assert.Null);
        }
        // v = (x, 7, x, x); r = v + 3 * vg; which = 0: mix(r, v) = r + 3v; which = 1: own(r, v) = r - v.
        // split gives lane 3, the vector with its bytes reversed, and lane 0 as an f64; the select
        // keeps zeros (which = 0) or the reversed vector's complement (which = 1); vg grows by 1 a run.
        // x = 2, vg = (10, 20, 30, 40): r = (32, 67, 92, 122), mix(r, v) = (38, 88, 98, 128)
        var first = Call(user, "run", WasmValue.I32(2), WasmValue.I32(0));
        Assert.Equal([128 + 38, 0, 0, 11], first.Select(v => v.AsI32()));
        // vg = (11, 21, 31, 41): r = (35, 70, 95, 125), own(r, v) = (33, 63, 93, 123)
        var second = Call(user, "run", WasmValue.I32(2), WasmValue.I32(1));
        Assert.Equal(
            [123 + 33, ~System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(123), ~System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(33), 12],
            second.Select(v => v.AsI32()));
        // the imported global was written through
        var vg = lib.GetGlobal("vg")!.GetValue();
        Assert.Equal(ValueType.V128, vg.Type);
        Assert.Equal((12UL, 22UL), (vg.Bits & 0xFFFF_FFFF, vg.Bits >> 32));
        Assert.Equal((32UL, 42UL), (vg.High & 0xFFFF_FFFF, vg.High >> 32));
    }

    [Fact]
    public void FloatIdentitiesKeepNaNPayloadsQuietedAsTheInterpreterDoes()
    {
        var wasm = Wat.ToWasm(
            """
            (module
              (func (export "sub0") (param f32) (result i32) (i32.reinterpret_f32 (f32.sub (local.get 0) (f32.const 0))))
              (func (export "mul1") (param f64) (result i64) (i64.reinterpret_f64 (f64.mul (local.get 0) (f64.const 1))))
              (func (export "promote_demote") (param f32) (result i32)
                (i32.reinterpret_f32 (f32.demote_f64 (f64.promote_f32 (local.get 0))))))
            """);
        var compiled = Instantiate(wasm);
        var interpreted = Instantiate(wasm, engine: InterpreterEngine.Default);
        var signalling32 = WasmValue.F32(BitConverter.Int32BitsToSingle(0x7FA0_0000));
        var signalling64 = WasmValue.F64(BitConverter.Int64BitsToDouble(0x7FF4_0000_0000_0000));
        Assert.Equal(Call(interpreted, "sub0", signalling32), Call(compiled, "sub0", signalling32));
        Assert.Equal(0x7FE0_0000, Call(compiled, "sub0", signalling32)[0].AsI32());
        Assert.Equal(Call(interpreted, "mul1", signalling64), Call(compiled, "mul1", signalling64));
        Assert.Equal(Call(interpreted, "promote_demote", signalling32), Call(compiled, "promote_demote", signalling32));
    }

    [Fact]
    public void ATrapNamesTheCompiledFunctionsItPassed()
    {
        var instance = Instantiate(Wat.ToWasm(
            """
            (module
              (func $outer (export "outer") (param i32) (result i32)
                (i32.add (call $middle (local.get 0)) (i32.const 1)))
              (func $middle (param i32) (result i32)
                (i32.mul (call $inner (local.get 0)) (i32.const 2)))
              (func $inner (param i32) (result i32)
                (i32.div_u (i32.const 1) (local.get 0))))
            """, debugNames: true), "m");
        Assert.Equal(3, CallI32(instance, "outer", 1));
        var trap = Trap(instance, "outer", WasmValue.I32(0));
        Assert.Equal(TrapKind.IntegerDivideByZero, trap.Kind);
        Assert.Equal(["m!inner", "m!middle", "m!outer"], trap.WasmStack);
    }

    [Fact]
    public void HundredThousandLocalsAreRefusedWithTheDecodersLimit()
    {
        var body = new HostileCode.Writer().Op(Opcode.LocalGet).U32(0);
        var wasm = HostileCode.SingleFunction([new HostileCode.Signature([ValueType.I32], [ValueType.I32])], body.ToArray(), [(100_000, ValueType.I32)]);
        var error = Assert.Throws<Microwasm.Binary.WasmDecodeException>(() => ModuleLoader.Load(wasm));
        Assert.Contains("too many locals", error.Message);
        Assert.Equal(50_000, Microwasm.Binary.ModuleReader.MaxFunctionLocals);
    }

    public static TheoryData<string> HugeFrames() => ["i64 locals", "v128 locals", "v128 stack", "recursion at the limit"];

    /// <summary>
    /// A function whose frame would be larger than the native stack the entry check guarantees
    /// (128 KiB) is interpreted instead, so even on a thread with 256 KiB of stack it runs and never
    /// overflows the .NET stack.
    /// </summary>
    [Theory]
    [MemberData(nameof(HugeFrames))]
    public void HugeFramesRunOnASmallNativeStack(string kind)
    {
        var body = new HostileCode.Writer();
        var types = new[] { new HostileCode.Signature([ValueType.I32], [ValueType.I32]) };
        var locals = Array.Empty<(uint, ValueType)>();
        switch (kind)
        {
            case "i64 locals":
                // 50,000 i64 locals: the last one gets the parameter, read back
                locals = [(50_000, ValueType.I64)];
                body.Op(Opcode.LocalGet).U32(0).Op(Opcode.I64ExtendI32S).Op(Opcode.LocalSet).U32(50_000)
                    .Op(Opcode.LocalGet).U32(50_000).Op(Opcode.I32WrapI64);
                break;
            case "v128 locals":
                // 50,000 v128 locals: the last one gets the parameter splatted, lane 3 read back
                locals = [(50_000, ValueType.V128)];
                body.Op(Opcode.LocalGet).U32(0).Op(Opcode.PrefixSimd).U32((uint)SimdOpcode.I32x4Splat).Op(Opcode.LocalSet).U32(50_000)
                    .Op(Opcode.LocalGet).U32(50_000).Op(Opcode.PrefixSimd).U32((uint)SimdOpcode.I32x4ExtractLane).Byte(3);
                break;
            case "recursion at the limit":
                // 3,800 v128 locals (just under MaxFrameBytes: compiled), recursing 1,000 deep: the
                // entry check of every frame stops it long before the 256 KiB are gone
                locals = [(3_800, ValueType.V128)];
                body.Op(Opcode.LocalGet).U32(0).Op(Opcode.If).Byte((byte)ValueType.I32)
                    .Op(Opcode.LocalGet).U32(0).I32(1).Op(Opcode.I32Sub).Op(Opcode.Call).U32(0)
                    .Op(Opcode.Else).I32(0).Op(Opcode.End);
                break;
            default:
                // 10,000 v128 values on the operand stack, then added up
                for (var i = 0; i < 10_000; i++)
                {
                    body.Op(Opcode.LocalGet).U32(0).Op(Opcode.PrefixSimd).U32((uint)SimdOpcode.I32x4Splat);
                }
                for (var i = 0; i < 9_999; i++)
                {
                    body.Op(Opcode.PrefixSimd).U32((uint)SimdOpcode.I32x4Add);
                }
                body.Op(Opcode.PrefixSimd).U32((uint)SimdOpcode.I32x4ExtractLane).Byte(0);
                break;
        }
        var wasm = HostileCode.SingleFunction(types, body.ToArray(), locals);
        var store = new Store();
        var instance = new Linker().Instantiate(store, Compile(wasm));
        if (kind == "recursion at the limit")
        {
            Assert.IsType<CompiledFunction>(instance.GetFunction("f0"));
            WasmTrap? trap = null;
            var deep = new Thread(() => trap = Assert.Throws<WasmTrap>(() => instance.GetFunction("f0")!.Invoke(store, WasmValue.I32(1_000))), 256 * 1024);
            deep.Start();
            deep.Join();
            Assert.Equal(TrapKind.CallStackExhausted, trap!.Kind);
            return;
        }
        Assert.IsType<InterpretedFunction>(instance.GetFunction("f0"));
        int? result = null;
        var thread = new Thread(() => result = instance.GetFunction("f0")!.Invoke(store, WasmValue.I32(7))[0].AsI32(), 256 * 1024);
        thread.Start();
        thread.Join();
        Assert.Equal(kind == "v128 stack" ? 7 * 10_000 : 7, result);
    }

    public static TheoryData<string> PathologicalBodies() => ["locals", "stack", "nesting", "deep nesting", "br_table"];

    /// <summary>Hostile but valid bodies compile and give the interpreter's result (bounded work: sizes, not times).</summary>
    [Theory]
    [MemberData(nameof(PathologicalBodies))]
    public void PathologicalBodiesCompileAndRun(string kind)
    {
        var body = new HostileCode.Writer();
        var types = new[] { new HostileCode.Signature([ValueType.I32], [ValueType.I32]) };
        var locals = Array.Empty<(uint, ValueType)>();
        switch (kind)
        {
            case "locals":
                // 50,000 locals (the decoder's limit): set the last from the parameter, read it back
                locals = [(50_000, ValueType.I32)];
                body.Op(Opcode.LocalGet).U32(0).Op(Opcode.LocalSet).U32(50_000).Op(Opcode.LocalGet).U32(50_000);
                break;
            case "stack":
                // 10,000 values on the operand stack, then added up
                for (var i = 0; i < 10_000; i++)
                {
                    body.Op(Opcode.LocalGet).U32(0);
                }
                for (var i = 0; i < 9_999; i++)
                {
                    body.Op(Opcode.I32Add);
                }
                break;
            case "nesting":
                // 5,000 nested blocks, a branch out of all of them carrying the parameter
                for (var i = 0; i < 5_000; i++)
                {
                    body.Op(Opcode.Block).Byte((byte)ValueType.I32);
                }
                body.Op(Opcode.LocalGet).U32(0).Op(Opcode.Br).U32(4_999);
                for (var i = 0; i < 5_000; i++)
                {
                    body.Op(Opcode.End);
                }
                break;
            case "deep nesting":
                // 100,000 nested loops and ifs (the parameter is never 0 ... until the innermost)
                for (var i = 0; i < 50_000; i++)
                {
                    body.Op(Opcode.Loop).Byte(0x40).Op(Opcode.LocalGet).U32(0).Op(Opcode.If).Byte(0x40);
                }
                body.Op(Opcode.LocalGet).U32(0).I32(1).Op(Opcode.I32Add).Op(Opcode.LocalSet).U32(0);
                for (var i = 0; i < 50_000; i++)
                {
                    body.Op(Opcode.End).Op(Opcode.End);
                }
                body.Op(Opcode.LocalGet).U32(0);
                break;
            default:
                // a br_table of 100,000 entries over two labels: 10 for even indexes, 20 otherwise
                body.Op(Opcode.Block).Byte(0x40).Op(Opcode.Block).Byte(0x40).Op(Opcode.LocalGet).U32(0).Op(Opcode.BrTable).U32(100_000);
                for (var i = 0; i < 100_000; i++)
                {
                    body.U32((uint)(i & 1));
                }
                // the default: out of both blocks
                body.U32(1);
                body.Op(Opcode.End).Op(Opcode.I32Const).S32(10).Op(Opcode.Return).Op(Opcode.End).Op(Opcode.I32Const).S32(20);
                break;
        }
        var wasm = HostileCode.SingleFunction(types, body.ToArray(), locals);
        var compiled = Instantiate(wasm);
        var interpreted = Instantiate(wasm, engine: InterpreterEngine.Default);
        if (kind is "locals" or "stack")
        {
            // frames above FunctionCompiler.MaxFrameBytes are the interpreter's (see HugeFramesRunOnASmallNativeStack)
            Assert.IsType<InterpretedFunction>(compiled.GetFunction("f0"));
            Assert.StartsWith("frame of about", ((CompiledWasmModule)compiled.Compiled).FallbackReasons[0]);
        }
        else
        {
            Assert.IsType<CompiledFunction>(compiled.GetFunction("f0"));
        }
        foreach (var x in new[] { 0, 1, 2, 7, 99_999, 100_000 })
        {
            Assert.Equal(CallI32(interpreted, "f0", x), CallI32(compiled, "f0", x));
        }
    }
}
