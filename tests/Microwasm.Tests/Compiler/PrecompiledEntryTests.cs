using Microwasm.Compiler;
using Microwasm.Interpreter;
using Microwasm.Model;
using Microwasm.Runtime;
using Microwasm.TestSupport;
using Microwasm.Validation;

namespace Microwasm.Tests.Compiler;

/// <summary>
/// The entries into a module compiled ahead of time are the thunks saved with its code
/// (<see cref="ModuleCompiler.EmitEntryTable"/>), not DynamicMethods or reflection: every value type,
/// several results, a funcref the host calls, an interpreted function calling a compiled one and
/// another module calling its exports give what the JIT-compiled module gives.
/// </summary>
public class PrecompiledEntryTests
{
    private static readonly byte[] Module = Wat.ToWasm(
        $$"""
        (module
          (type $bin (func (param i32 i32) (result i32)))
          (table $t 2 funcref)
          (elem (table $t) (i32.const 0) func $add $sub)
          (func $add (type $bin) (i32.add (local.get 0) (local.get 1)))
          (func $sub (type $bin) (i32.sub (local.get 0) (local.get 1)))
          (func (export "all") (param i32 i64 f32 f64 v128 funcref externref) (result externref funcref v128 f64 f32 i64 i32)
            (local.get 6) (local.get 5) (local.get 4) (local.get 3) (local.get 2) (local.get 1) (local.get 0))
          (func (export "swap") (param v128 v128) (result v128 v128) (local.get 1) (local.get 0))
          (func (export "v") (param v128) (result v128) (i32x4.add (local.get 0) (v128.const i32x4 1 2 3 4)))
          (func (export "pick") (param i32) (result funcref) (table.get $t (local.get 0)))
          (func (export "indirect") (param i32 i32 i32) (result i32) (call_indirect $t (type $bin) (local.get 1) (local.get 2) (local.get 0)))
          (func (export "is_null") (param externref) (result i32) (ref.is_null (local.get 0)))
          (func (export "f") (param f32 f64) (result f64) (f64.add (f64.promote_f32 (local.get 0)) (local.get 1)))
          (func (export "i64") (param i64) (result i64) (i64.mul (local.get 0) (i64.const -3)))
          (func (export "none"))
          (func $helper (param i32) (result i32 i64) (i32.mul (local.get 0) (i32.const 7)) (i64.extend_i32_s (local.get 0)))
          ;; a frame above FunctionCompiler.MaxFrameBytes: interpreted, and it calls the compiled $helper
          (func (export "big") (param $x i32) (result i64)
            (local {{string.Join(" ", Enumerable.Repeat("i64", 10_000))}})
            (call $helper (local.get $x))
            (local.set 9999)
            (i64.add (i64.extend_i32_u) (local.get 9999))))
        """);

    private static readonly byte[] Importer = Wat.ToWasm(
        """
        (module
          (import "m" "f" (func $f (param f32 f64) (result f64)))
          (import "m" "v" (func $v (param v128) (result v128)))
          (import "m" "i64" (func $i64 (param i64) (result i64)))
          (func (export "use") (param i64) (result f64)
            (f64.add
              (call $f (f32.const 0.5) (f64.convert_i64_s (call $i64 (local.get 0))))
              (f64.convert_i32_s (i32x4.extract_lane 3 (call $v (v128.const i32x4 0 0 0 10)))))))
        """);

    private readonly Store _store = new();

    private static CompiledWasmModule Saved() => Assert.IsType<CompiledWasmModule>(PrecompiledModule.Load(PrecompiledModule.Compile(Module)));

    private static CompiledModule Jit() => CompilerEngine.Default.Compile(ModuleLoader.Load(Module));

    private static WasmValue[] Call(Store store, Instance instance, string name, params WasmValue[] args) =>
        instance.GetFunction(name)!.Invoke(store, args);

    [Fact]
    public void EveryCompiledFunctionHasASavedThunk()
    {
        var saved = Saved();
        var functions = ModuleLoader.Load(Module).Functions.Length;
        for (var i = 0; i < functions; i++)
        {
            if (saved.FallbackReasons[i] is not null)
            {
                continue;
            }
            var entry = saved.Entry(i);
            // a method of the saved assembly's module type, not a DynamicMethod (which has no declaring type)
            Assert.Equal(ModuleCompiler.ModuleTypeName, entry.Method.DeclaringType?.Name);
            Assert.Equal(ModuleCompiler.EntryThunkName(i), entry.Method.Name);
            Assert.StartsWith("mwasm_", entry.Method.DeclaringType!.Assembly.GetName().Name);
        }
        // "big" (defined index 12) is the interpreter's
        Assert.NotNull(saved.FallbackReasons[12]);
        Assert.Single(saved.FallbackReasons, r => r is not null);
    }

    [Fact]
    public void EveryValueTypeAndSeveralResultsPassAsUnderTheJit()
    {
        foreach (var compiled in new[] { Saved(), Jit() })
        {
            var store = new Store();
            var instance = new Linker().Instantiate(store, compiled);
            var host = new object();
            var add = Call(store, instance, "pick", WasmValue.I32(0))[0];
            Assert.IsType<CompiledFunction>(add.Reference);
            // a signalling NaN's payload passes unchanged
            var results = Call(store, instance, "all",
                WasmValue.I32(-5), WasmValue.I64(long.MinValue + 3), WasmValue.F32(-1.5f), WasmValue.F64Bits(0x7FF4_0000_0000_0001),
                WasmValue.V128(0x0102030405060708, 0xF0E0D0C0B0A09080), add, WasmValue.ExternRef(host));
            Assert.Equal(
                [ValueType.ExternRef, ValueType.FuncRef, ValueType.V128, ValueType.F64, ValueType.F32, ValueType.I64, ValueType.I32],
                results.Select(r => r.Type));
            Assert.Same(host, results[0].Reference);
            Assert.Same(add.Reference, results[1].Reference);
            Assert.Equal(WasmValue.V128(0x0102030405060708, 0xF0E0D0C0B0A09080), results[2]);
            Assert.Equal(WasmValue.F64Bits(0x7FF4_0000_0000_0001), results[3]);
            Assert.Equal(WasmValue.F32(-1.5f), results[4]);
            Assert.Equal(WasmValue.I64(long.MinValue + 3), results[5]);
            Assert.Equal(WasmValue.I32(-5), results[6]);
            // null references both ways
            var nulls = Call(store, instance, "all",
                WasmValue.I32(0), WasmValue.I64(0), WasmValue.F32(0), WasmValue.F64(0), WasmValue.V128(0, 0),
                WasmValue.Null(ValueType.FuncRef), WasmValue.Null(ValueType.ExternRef));
            Assert.True(nulls[0].IsNull && nulls[1].IsNull);
            Assert.Equal([WasmValue.I32(1)], Call(store, instance, "is_null", WasmValue.Null(ValueType.ExternRef)));
            Assert.Equal([WasmValue.I32(0)], Call(store, instance, "is_null", WasmValue.ExternRef(host)));
            Assert.Equal(
                [WasmValue.V128(3, 4), WasmValue.V128(1, 2)],
                Call(store, instance, "swap", WasmValue.V128(1, 2), WasmValue.V128(3, 4)));
            Assert.Equal([WasmValue.V128(0x0000_0002_0000_0001, 0x0000_0004_0000_0003)], Call(store, instance, "v", WasmValue.V128(0, 0)));
            Assert.Equal([WasmValue.F64(3.75)], Call(store, instance, "f", WasmValue.F32(1.25f), WasmValue.F64(2.5)));
            Assert.Equal([WasmValue.I64(-3L * 1_000_000_000_000)], Call(store, instance, "i64", WasmValue.I64(1_000_000_000_000)));
            Assert.Empty(Call(store, instance, "none"));
            Assert.Equal([WasmValue.I32(-4)], Call(store, instance, "indirect", WasmValue.I32(1), WasmValue.I32(3), WasmValue.I32(7)));
        }
    }

    [Fact]
    public void TheHostCallsAFuncrefOfAFunctionThatIsNotExported()
    {
        foreach (var compiled in new[] { Saved(), Jit() })
        {
            var store = new Store();
            var instance = new Linker().Instantiate(store, compiled);
            var sub = Assert.IsType<CompiledFunction>(Call(store, instance, "pick", WasmValue.I32(1))[0].Reference);
            Assert.Equal([WasmValue.I32(-2)], sub.Invoke(store, WasmValue.I32(5), WasmValue.I32(7)));
        }
    }

    [Fact]
    public void AnInterpretedFunctionCallsACompiledOneWithSeveralResults()
    {
        foreach (var compiled in new[] { Saved(), Jit() })
        {
            var store = new Store();
            var instance = new Linker().Instantiate(store, compiled);
            Assert.IsType<InterpretedFunction>(instance.GetFunction("big"));
            Assert.Equal([WasmValue.I64((long)unchecked((uint)(-6 * 7)) - 6)], Call(store, instance, "big", WasmValue.I32(-6)));
        }
    }

    [Fact]
    public void AnotherModuleCallsTheExportsThroughTheSavedTypedDelegates()
    {
        var saved = Saved();
        var instance = new Linker().Instantiate(_store, saved, "m");
        var importer = new Linker().DefineInstance("m", instance).Instantiate(_store, CompilerEngine.Default.Compile(ModuleLoader.Load(Importer)));
        // f(0.5, i64(4) * -3) + 10
        Assert.Equal([WasmValue.F64(0.5 - 12 + 10 + 4)], Call(_store, importer, "use", WasmValue.I64(4)));
        var f = Assert.IsType<CompiledFunction>(instance.GetFunction("f"));
        var typed = Assert.IsType<Func<float, double, ExecutionEnvironment, int, double>>(f.TypedDelegate);
        Assert.Equal(ModuleCompiler.ModuleTypeName, typed.Method.DeclaringType?.Name);
        Assert.Same(instance, typed.Target);
        // several results: no typed delegate
        Assert.Null(Assert.IsType<CompiledFunction>(instance.GetFunction("swap")).TypedDelegate);
    }

    [Fact]
    public void ACompiledAssemblyIsCheckedForItsShapeAndEntryTable()
    {
        // as compile --native hands it over: the assembly already in the process (here loaded from its
        // bytes, in a context of its own: the other tests' .mwasm loads put one of that name in the default)
        var (name, code) = PrecompiledModule.CompileAssembly(Module);
        var assembly = new System.Runtime.Loader.AssemblyLoadContext(nameof(ACompiledAssemblyIsCheckedForItsShapeAndEntryTable)).LoadFromStream(new MemoryStream(code));
        Assert.Equal(name, assembly.GetName().Name);
        var instance = new Linker().Instantiate(_store, PrecompiledModule.LoadCompiledAssembly(Module, assembly));
        Assert.Equal([WasmValue.I32(-4)], Call(_store, instance, "indirect", WasmValue.I32(1), WasmValue.I32(3), WasmValue.I32(7)));
        // another module's code: its entry table does not fit (13 functions, the importer has 1 defined)
        Assert.Equal(
            "its compiled code's entry table has 13 functions, the module 1: the compiled code is not the module's",
            Assert.Throws<PrecompiledFileException>(() => PrecompiledModule.LoadCompiledAssembly(Importer, assembly)).Message);
        // not a module's code at all
        Assert.Equal(
            "the assembly is not the module's compiled code",
            Assert.Throws<PrecompiledFileException>(() => PrecompiledModule.LoadCompiledAssembly(Module, typeof(PrecompiledEntryTests).Assembly)).Message);
    }
}
