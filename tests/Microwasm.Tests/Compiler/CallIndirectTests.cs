using Microwasm.Compiler;
using Microwasm.Model;
using Microwasm.Runtime;
using Microwasm.TestSupport;

namespace Microwasm.Tests.Compiler;

/// <summary>
/// The compiler's <c>call_indirect</c>: an inline fast path through a signature key cached on the
/// callee after its first indirect call, and the helper for everything else. The cache must never
/// let a call skip a check: each test calls a site first so the callee is cached, then changes
/// what the table holds or asks for a type that only looks alike to a delegate.
/// </summary>
public class CallIndirectTests
{
    private readonly Store _store = new();

    private Instance Instantiate(byte[] wasm, Linker? linker = null, IEngine? engine = null) =>
        (linker ?? new Linker()).Instantiate(_store, (engine ?? CompilerEngine.Default).Compile(ModuleLoader.Load(wasm)));

    private WasmValue[] Call(Instance instance, string name, params WasmValue[] args) =>
        instance.GetFunction(name)!.Invoke(_store, args);

    private int CallI32(Instance instance, string name, params int[] args) =>
        Call(instance, name, [.. args.Select(WasmValue.I32)])[0].AsI32();

    private TrapKind Trap(Instance instance, string name, params int[] args) =>
        Assert.Throws<WasmTrap>(() => Call(instance, name, [.. args.Select(WasmValue.I32)])).Kind;

    private static readonly byte[] Dispatch = Wat.ToWasm(
        """
        (module
          (type $ii (func (param i32) (result i32)))
          (type $ii2 (func (param i32) (result i32)))
          (type $fr (func (param funcref) (result i32)))
          (type $er (func (param externref) (result i32)))
          (table $t (export "t") 6 funcref)
          (func $inc (type $ii) (i32.add (local.get 0) (i32.const 1)))
          (func $dbl (type $ii2) (i32.mul (local.get 0) (i32.const 2)))
          (func $takes_func (type $fr) (i32.const 100))
          (func $takes_extern (type $er) (i32.const 200))
          (func $wide (param i64) (result i32) (i32.const 300))
          (elem (i32.const 0) $inc $dbl $takes_func $takes_extern $wide)
          ;; element 5 is null
          (func (export "ii") (param $i i32) (param $x i32) (result i32)
            (call_indirect $t (type $ii) (local.get $x) (local.get $i)))
          (func (export "loop") (param $n i32) (result i32) (local $acc i32)
            (loop $l
              (local.set $acc (call_indirect $t (type $ii)
                (local.get $acc) (i32.and (local.get $n) (i32.const 1))))
              (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
            (local.get $acc))
          (func (export "fr") (param $i i32) (result i32)
            (call_indirect $t (type $fr) (ref.null func) (local.get $i)))
          (func (export "er") (param $i i32) (result i32)
            (call_indirect $t (type $er) (ref.null extern) (local.get $i)))
          (func (export "set") (param $i i32) (param $from i32)
            (table.set $t (local.get $i) (table.get $t (local.get $from))))
          (func (export "grow") (param $from i32) (result i32)
            (table.grow $t (table.get $t (local.get $from)) (i32.const 1))))
        """);

    [Fact]
    public void CachedCalleesStillGetEveryCheck()
    {
        var instance = Instantiate(Dispatch);
        // first calls cache $inc and $dbl; the next ones take the fast path
        for (var round = 0; round < 3; round++)
        {
            Assert.Equal(8, CallI32(instance, "ii", 0, 7));
            // $dbl's type is another index with the same structure: the same signature
            Assert.Equal(14, CallI32(instance, "ii", 1, 7));
            Assert.Equal(TrapKind.IndirectCallTypeMismatch, Trap(instance, "ii", 2, 7));
            Assert.Equal(TrapKind.IndirectCallTypeMismatch, Trap(instance, "ii", 4, 7));
            Assert.Equal(TrapKind.UninitializedElement, Trap(instance, "ii", 5, 7));
            Assert.Equal(TrapKind.UndefinedElement, Trap(instance, "ii", 6, 7));
            Assert.Equal(TrapKind.UndefinedElement, Trap(instance, "ii", -1, 7));
        }
        // 1,000 calls alternating between two cached callees: ((0 + 1) * 2 + 1) * 2 ... from n = 1000 down
        Assert.Equal(LoopResult(1000), CallI32(instance, "loop", 1000));
    }

    private static int LoopResult(int n)
    {
        var acc = 0;
        for (; n != 0; n--)
        {
            acc = (n & 1) == 0 ? acc + 1 : acc * 2;
        }
        return acc;
    }

    [Fact]
    public void FuncrefAndExternrefParametersAreDifferentSignatures()
    {
        // both are a ulong in compiled code, so their delegates have one type: the key tells them apart
        var instance = Instantiate(Dispatch);
        Assert.Equal(100, CallI32(instance, "fr", 2));
        Assert.Equal(200, CallI32(instance, "er", 3));
        Assert.Equal(100, CallI32(instance, "fr", 2));
        Assert.Equal(TrapKind.IndirectCallTypeMismatch, Trap(instance, "fr", 3));
        Assert.Equal(TrapKind.IndirectCallTypeMismatch, Trap(instance, "er", 2));
    }

    [Fact]
    public void ChangedAndGrownTablesAreSeen()
    {
        var instance = Instantiate(Dispatch);
        Assert.Equal(8, CallI32(instance, "ii", 0, 7));
        Call(instance, "set", WasmValue.I32(0), WasmValue.I32(1));
        Assert.Equal(14, CallI32(instance, "ii", 0, 7));
        Call(instance, "set", WasmValue.I32(0), WasmValue.I32(5));
        Assert.Equal(TrapKind.UninitializedElement, Trap(instance, "ii", 0, 7));
        Assert.Equal(TrapKind.UndefinedElement, Trap(instance, "ii", 6, 7));
        Assert.Equal(6, CallI32(instance, "grow", 1));
        Assert.Equal(14, CallI32(instance, "ii", 6, 7));
        // and from the host
        var table = instance.GetTable("t")!;
        table.SetValue(6, WasmValue.FuncRef(instance.GetFunction("ii")!));
        Assert.Equal(TrapKind.IndirectCallTypeMismatch, Trap(instance, "ii", 6, 7));
    }

    [Fact]
    public void HostAndOtherEnginesFunctionsAreCalledThroughTheTable()
    {
        var calls = 0;
        var host = new HostFunction(new FuncType([ValueType.I32], [ValueType.I32]), args =>
        {
            calls++;
            return [WasmValue.I32(args[0].AsI32() * 10)];
        });
        var interpreted = Instantiate(
            Wat.ToWasm("""(module (func (export "sub") (param i32) (result i32) (i32.sub (local.get 0) (i32.const 3))))"""),
            engine: Microwasm.Interpreter.InterpreterEngine.Default);
        var instance = Instantiate(Dispatch);
        var table = instance.GetTable("t")!;
        table.SetValue(2, WasmValue.FuncRef(host));
        table.SetValue(3, WasmValue.FuncRef(interpreted.GetFunction("sub")!));
        for (var round = 0; round < 3; round++)
        {
            Assert.Equal(70, CallI32(instance, "ii", 2, 7));
            Assert.Equal(4, CallI32(instance, "ii", 3, 7));
        }
        Assert.Equal(3, calls);
        Assert.Equal(TrapKind.IndirectCallTypeMismatch, Trap(instance, "fr", 2));
    }
}
