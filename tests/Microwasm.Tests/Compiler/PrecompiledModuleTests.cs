using System.Text;
using Microwasm.Compiler;
using Microwasm.Host;
using Microwasm.Interpreter;
using Microwasm.Runtime;
using Microwasm.TestSupport;
using static Microwasm.Tests.Interpreter.InterpreterModules;

namespace Microwasm.Tests.Compiler;

/// <summary>
/// Modules compiled ahead of time (.mwasm, <see cref="PrecompiledModule"/>): the round trip runs the
/// saved code, and foreign, damaged, stale and other-build files are refused with a clear message.
/// </summary>
public class PrecompiledModuleTests
{
    private readonly Store _store = new();

    private Instance Instantiate(CompiledModule compiled, string? name = null) => new Linker().Instantiate(_store, compiled, name);

    private int CallI32(Instance instance, string name, params int[] args) =>
        instance.GetFunction(name)!.Invoke(_store, [.. args.Select(WasmValue.I32)])[0].AsI32();

    private static PrecompiledFileException Refused(byte[] file, byte[]? expectedWasm = null) =>
        Assert.Throws<PrecompiledFileException>(() => expectedWasm is null ? PrecompiledModule.Load(file) : PrecompiledModule.Load(file, expectedWasm));

    [Fact]
    public void TheRoundTripRunsTheSavedCode()
    {
        var file = PrecompiledModule.Compile(Basic);
        Assert.True(PrecompiledModule.HasSignature(file));
        var compiled = Assert.IsType<CompiledWasmModule>(PrecompiledModule.Load(file));
        Assert.True(compiled.Precompiled);
        Assert.All(compiled.FallbackReasons, Assert.Null);
        var instance = Instantiate(compiled);
        Assert.IsType<CompiledFunction>(instance.GetFunction("fib"));
        Assert.Equal(6765, CallI32(instance, "fib", 20));
        Assert.Equal(4_999_950_000L, instance.GetFunction("sum")!.Invoke(_store, WasmValue.I32(100_000))[0].AsI64());
        // loaded twice in one process: the code is shared, the instances are not
        var again = Instantiate(PrecompiledModule.Load(file));
        Assert.Equal(55, CallI32(again, "fib", 10));
    }

    [Fact]
    public void TheEmbeddingApiLoadsItAndTheSourceCanBeChecked()
    {
        var file = PrecompiledModule.Compile(Basic);
        var module = new WasmRuntime().LoadPrecompiled(file);
        var fib = module.Instantiate().GetFunction<int, int>("fib");
        Assert.Equal(6765, fib(20));
        // the module it was compiled from passes; another is stale
        Assert.IsType<CompiledWasmModule>(PrecompiledModule.Load(file, Basic));
        Assert.Equal("stale: it was compiled from another version of the module; compile it again", Refused(file, Traps).Message);
    }

    [Fact]
    public void TrapsAndTheirWasmStackAreTheCompilersOwn()
    {
        var instance = Instantiate(PrecompiledModule.Load(PrecompiledModule.Compile(Traps)), "t");
        Assert.Equal(TrapKind.IntegerDivideByZero, Assert.Throws<WasmTrap>(() => CallI32(instance, "div_s", 1, 0)).Kind);
        Assert.Equal(TrapKind.CallStackExhausted, Assert.Throws<WasmTrap>(() => CallI32(instance, "deep", 1_000_000)).Kind);
        Assert.Equal(1000, CallI32(instance, "deep", 1000));
        var wasm = Wat.ToWasm(
            """
            (module
              (func $outer (export "outer") (param i32) (result i32) (i32.add (call $inner (local.get 0)) (i32.const 1)))
              (func $inner (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0))))
            """, debugNames: true);
        var named = Instantiate(PrecompiledModule.Load(PrecompiledModule.Compile(wasm)), "m");
        var trap = Assert.Throws<WasmTrap>(() => CallI32(named, "outer", 0));
        Assert.Equal(TrapKind.IntegerDivideByZero, trap.Kind);
        // named from the saved methods' assembly; the JIT may inline a small callee into its caller
        // (these are ordinary methods, not DynamicMethods), and then only the caller's frame is there
        Assert.Equal("m!outer", trap.WasmStack[^1]);
        Assert.All(trap.WasmStack, name => Assert.Contains(name, new[] { "m!inner", "m!outer" }));
    }

    [Fact]
    public void FunctionsTheCompilerLeavesAreInterpretedAsUnderTheCompiler()
    {
        // "big" has a frame above FunctionCompiler.MaxFrameBytes (10,000 i64 locals are 80 KB)
        var wasm = Wat.ToWasm(
            $$"""
            (module
              (func $big (export "big") (param $x i32) (result i32)
                (local {{string.Join(" ", Enumerable.Repeat("i64", 10_000))}})
                (local.set 9999 (i64.extend_i32_u (local.get $x)))
                (i32.wrap_i64 (i64.add (local.get 9999) (i64.const 3))))
              (func (export "calls_big") (param $x i32) (result i32) (i32.mul (call $big (local.get $x)) (i32.const 2))))
            """);
        var compiled = Assert.IsType<CompiledWasmModule>(PrecompiledModule.Load(PrecompiledModule.Compile(wasm)));
        Assert.NotNull(compiled.FallbackReasons[0]);
        Assert.Null(compiled.FallbackReasons[1]);
        var instance = Instantiate(compiled);
        Assert.IsType<InterpretedFunction>(instance.GetFunction("big"));
        Assert.Equal(16, CallI32(instance, "calls_big", 5));
    }

    [Fact]
    public void SimdFunctionsAreCompiledIntoTheFile()
    {
        var wasm = Wat.ToWasm(
            """
            (module
              (func $simd (export "simd") (param $x i32) (result i32)
                (i32x4.extract_lane 2 (i32x4.add (i32x4.splat (local.get $x)) (v128.const i32x4 1 2 3 4))))
              (func (export "calls_simd") (param $x i32) (result i32) (i32.mul (call $simd (local.get $x)) (i32.const 2))))
            """);
        var compiled = Assert.IsType<CompiledWasmModule>(PrecompiledModule.Load(PrecompiledModule.Compile(wasm)));
        Assert.All(compiled.FallbackReasons, Assert.Null);
        var instance = Instantiate(compiled);
        Assert.IsNotType<InterpretedFunction>(instance.GetFunction("simd"));
        Assert.Equal(16, CallI32(instance, "calls_simd", 5));
    }

    [Fact]
    public void ForeignFilesAreRefused()
    {
        var random = new byte[4096];
        new Random(16).NextBytes(random);
        Assert.Equal("not a .mwasm file (no \\0mwasm signature): compile a module with `microwasm compile`", Refused(random).Message);
        // a WebAssembly module is not compiled code
        Assert.StartsWith("not a .mwasm file", Refused(Basic).Message);
        Assert.StartsWith("not a .mwasm file", Refused([]).Message);
        var file = PrecompiledModule.Compile(Basic);
        // every truncation is refused, none is read past its end
        foreach (var length in new[] { 8, 11, 12, 14, 40, 100, file.Length / 2, file.Length - 1 })
        {
            Assert.Equal("truncated: the file ends inside a .mwasm part", Refused(file[..length]).Message);
        }
        Assert.Equal("3 bytes after the end of a .mwasm file", Refused([.. file, 1, 2, 3]).Message);
        var future = (byte[])file.Clone();
        future[8] = 2;
        Assert.Equal("a .mwasm file of format 2, which this build does not read (it reads 1): compile it again", Refused(future).Message);
    }

    [Fact]
    public void AFileFromAnotherBuildIsRefused()
    {
        var file = PrecompiledModule.Compile(Basic);
        var build = Encoding.UTF8.GetBytes(PrecompiledModule.RuntimeBuild);
        var at = file.AsSpan().IndexOf(build);
        Assert.True(at > 0);
        // the same length, another build id
        var other = (byte[])file.Clone();
        var id = at + PrecompiledModule.RuntimeBuild.IndexOf(" build ", StringComparison.Ordinal) + " build ".Length;
        other[id] = other[id] == (byte)'0' ? (byte)'1' : (byte)'0';
        var message = Refused(other).Message;
        Assert.StartsWith("compiled by another build of Microwasm (", message);
        Assert.EndsWith($"; this is {PrecompiledModule.RuntimeBuild}): compile it again with this one", message);
    }

    [Fact]
    public void ADamagedModuleIsRefused()
    {
        var file = PrecompiledModule.Compile(Basic);
        // the module is stored whole after the header: change a byte of its code
        var at = file.AsSpan().IndexOf(Basic.AsSpan(Basic.Length - 16));
        Assert.True(at > 0);
        var damaged = (byte[])file.Clone();
        damaged[at + 4] ^= 0x40;
        Assert.Equal("the module in it does not match its SHA-256: the file is damaged or was altered", Refused(damaged).Message);
    }

    [Fact]
    public void AModuleThatDoesNotValidateIsNotCompiled()
    {
        Assert.ThrowsAny<WasmException>(() => PrecompiledModule.Compile(new byte[] { 0, 0x61, 0x73, 0x6D, 1, 0, 0, 0, 0x0A }));
    }
}
