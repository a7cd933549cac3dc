using Microwasm.Host;
using Microwasm.Model;
using Microwasm.Runtime;
using static Microwasm.Tests.Runtime.HardeningModules;

namespace Microwasm.Tests.Runtime;

/// <summary>
/// Objects of one store never reach another: references in tables and globals are handles of their
/// store, so a table, memory, global or function of another store is refused with a link error on
/// every path that could mix them (both linkers, single definitions and whole instances, the host's
/// table and global accessors, and direct calls).
/// </summary>
public class CrossStoreTests
{
    // (module (type $v (func (result i32))) (table (export "t") 2 funcref) (memory (export "m") 1)
    //   (global (export "g") (mut funcref) (ref.null func))
    //   (func $a (export "fa") (type $v) (i32.const 1)) (elem (i32.const 0) $a)
    //   (func (export "call") (param i32) (result i32) (call_indirect (type $v) (local.get 0))))
    private static readonly byte[] A =
    [
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0a, 0x02, 0x60, 0x00, 0x01, 0x7f, 0x60, 0x01, 0x7f, 0x01,
        0x7f, 0x03, 0x03, 0x02, 0x00, 0x01, 0x04, 0x04, 0x01, 0x70, 0x00, 0x02, 0x05, 0x03, 0x01, 0x00, 0x01, 0x06, 0x06,
        0x01, 0x70, 0x01, 0xd0, 0x70, 0x0b, 0x07, 0x19, 0x05, 0x01, 0x74, 0x01, 0x00, 0x01, 0x6d, 0x02, 0x00, 0x01, 0x67,
        0x03, 0x00, 0x02, 0x66, 0x61, 0x00, 0x00, 0x04, 0x63, 0x61, 0x6c, 0x6c, 0x00, 0x01, 0x09, 0x07, 0x01, 0x00, 0x41,
        0x00, 0x0b, 0x01, 0x00, 0x0a, 0x0e, 0x02, 0x04, 0x00, 0x41, 0x01, 0x0b, 0x07, 0x00, 0x20, 0x00, 0x11, 0x00, 0x00,
        0x0b,
    ];

    // (module (type $v (func (result i32))) (import "a" "t" (table 2 funcref))
    //   (func $b (type $v) (i32.const 2)) (elem (i32.const 1) $b)
    //   (func (export "call") (param i32) (result i32) (call_indirect (type $v) (local.get 0))))
    private static readonly byte[] B =
    [
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0a, 0x02, 0x60, 0x00, 0x01, 0x7f, 0x60, 0x01, 0x7f, 0x01,
        0x7f, 0x02, 0x09, 0x01, 0x01, 0x61, 0x01, 0x74, 0x01, 0x70, 0x00, 0x02, 0x03, 0x03, 0x02, 0x00, 0x01, 0x07, 0x08,
        0x01, 0x04, 0x63, 0x61, 0x6c, 0x6c, 0x00, 0x01, 0x09, 0x07, 0x01, 0x00, 0x41, 0x01, 0x0b, 0x01, 0x00, 0x0a, 0x0e,
        0x02, 0x04, 0x00, 0x41, 0x02, 0x0b, 0x07, 0x00, 0x20, 0x00, 0x11, 0x00, 0x00, 0x0b,
    ];

    // (module (import "a" "m" (memory 1)))
    private static readonly byte[] ImportsMemory =
    [
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x02, 0x08, 0x01, 0x01, 0x61, 0x01, 0x6d, 0x02, 0x00, 0x01,
    ];

    // (module (import "a" "g" (global (mut funcref))))
    private static readonly byte[] ImportsGlobal =
    [
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x02, 0x08, 0x01, 0x01, 0x61, 0x01, 0x67, 0x03, 0x70, 0x01,
    ];

    // (module (import "a" "fa" (func (result i32))))
    private static readonly byte[] ImportsFunction =
    [
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, 0x02, 0x08, 0x01, 0x01,
        0x61, 0x02, 0x66, 0x61, 0x00, 0x00,
    ];

    private static int Call(Instance instance, int index) =>
        instance.GetFunction("call")!.Invoke(instance.Store, WasmValue.I32(index))[0].AsI32();

    [Fact]
    public void AnInstancesTableDefinedIntoTheLinkerIsRefusedInAnotherStore()
    {
        // B's element segment would write B's handles into A's table, and A's call_indirect would
        // resolve them in A's store: A called its own function instead of B's
        var a = Instantiate(A);
        var linker = new Linker().DefineInstance("a", a);
        var e = Assert.Throws<WasmLinkException>(() => linker.Instantiate(new Store(), Compile(B)));
        Assert.Contains("import \"a\" \"t\": the table belongs to another store", e.Message);
        var trap = Assert.Throws<WasmTrap>(() => Call(a, 1));
        Assert.Equal(TrapKind.UninitializedElement, trap.Kind);
    }

    [Fact]
    public void TheSameTableInTheSameStoreLinksAndCallsTheRightFunction()
    {
        var store = new Store();
        var a = Instantiate(A, store);
        var b = new Linker().DefineInstance("a", a).Instantiate(store, Compile(B));
        Assert.Equal(1, Call(a, 0));
        Assert.Equal(2, Call(a, 1));
        Assert.Equal(2, Call(b, 1));
    }

    [Theory]
    [InlineData("t")]
    [InlineData("m")]
    [InlineData("g")]
    [InlineData("fa")]
    public void EachKindOfObjectDefinedSinglyIsRefusedInAnotherStore(string name)
    {
        var a = Instantiate(A);
        var module = name switch
        {
            "t" => B,
            "m" => ImportsMemory,
            "g" => ImportsGlobal,
            _ => ImportsFunction,
        };
        var linker = new Linker().Define("a", name, a.GetExport(name)!);
        var e = Assert.Throws<WasmLinkException>(() => linker.Instantiate(new Store(), Compile(module)));
        Assert.Contains("belongs to another store", e.Message);
        // and in A's own store it links
        linker.Instantiate(a.Store, Compile(module));
    }

    [Fact]
    public void AHostMadeObjectJoinsTheFirstStoreAndIsRefusedByTheNext()
    {
        // the other direction: an object made outside any store, first used by B's store, then by A's
        var memory = new MemoryInstance(new MemoryType(new Limits(1, null)));
        var linker = new Linker().Define("a", "m", memory);
        var first = new Store();
        linker.Instantiate(first, Compile(ImportsMemory));
        Assert.Same(first, memory.Store);
        var e = Assert.Throws<WasmLinkException>(() => linker.Instantiate(new Store(), Compile(ImportsMemory)));
        Assert.Contains("import \"a\" \"m\": the memory belongs to another store", e.Message);
    }

    [Fact]
    public void AHostFunctionUsedInOneStoreIsRefusedInAnother()
    {
        var function = new HostFunction(new FuncType([], [ValueType.I32]), (_, slots) => slots[0] = 5, "five");
        var linker = new Linker().Define("a", "fa", function);
        linker.Instantiate(new Store(), Compile(ImportsFunction));
        var e = Assert.Throws<WasmLinkException>(() => linker.Instantiate(new Store(), Compile(ImportsFunction)));
        Assert.Contains("belongs to another store", e.Message);
    }

    [Fact]
    public void TheRefusalComesBeforeAnythingChanges()
    {
        // B's segment would have written A's table before the function import was refused
        var a = Instantiate(A);
        var other = Instantiate(A);
        var linker = new Linker().Define("a", "t", other.GetTable("t")!);
        Assert.Throws<WasmLinkException>(() => linker.Instantiate(a.Store, Compile(B)));
        Assert.Equal(WasmValue.Null(ValueType.FuncRef), other.GetTable("t")!.GetValue(1));
    }

    [Fact]
    public void TheHostsTableAndGlobalAccessorsRefuseAFunctionOfAnotherStore()
    {
        var a = Instantiate(A);
        var b = Instantiate(A);
        var foreign = WasmValue.FuncRef(b.GetFunction("fa"));
        var table = a.GetTable("t")!;
        Assert.Throws<WasmLinkException>(() => table.SetValue(1, foreign));
        Assert.Throws<WasmLinkException>(() => table.Grow(1, foreign));
        Assert.Equal(2u, table.Size);
        Assert.Throws<WasmLinkException>(() => a.GetGlobal("g")!.SetValue(foreign));

        // the same store's function is stored and read back as itself
        var own = WasmValue.FuncRef(a.GetFunction("fa"));
        table.SetValue(1, own);
        Assert.Same(a.GetFunction("fa"), table.GetValue(1).Reference);
        Assert.Equal(1, Call(a, 1));
        a.GetGlobal("g")!.SetValue(own);
        Assert.Same(a.GetFunction("fa"), a.GetGlobal("g")!.GetValue().Reference);
    }

    [Fact]
    public void CallingAFunctionWithAnotherStoreIsRefused()
    {
        var a = Instantiate(A);
        var e = Assert.Throws<WasmLinkException>(() => a.GetFunction("call")!.Invoke(new Store(), WasmValue.I32(0)));
        Assert.Contains("belongs to another store", e.Message);
    }

    [Fact]
    public void AFuncrefArgumentOfAnotherStoreIsRefused()
    {
        var a = Instantiate(A);
        var b = Instantiate(A);
        var table = a.GetTable("t")!;
        Assert.Throws<WasmLinkException>(() => table.SetValue(0, WasmValue.FuncRef(b.GetFunction("call"))));
    }

    [Fact]
    public void TheEmbeddingLinkerRefusesObjectsOfTwoStores()
    {
        var runtime = new WasmRuntime();
        var a = runtime.Load(A).Instantiate();
        var other = runtime.Load(A).Instantiate();
        var linker = new WasmLinker().DefineInstance("a", a);
        var e = Assert.Throws<WasmLinkException>(() => linker.Define("x", "t", other.GetTable("t")!));
        Assert.Contains("two different stores", e.Message);
        e = Assert.Throws<WasmLinkException>(() => new WasmLinker().Define("x", "m", a.GetMemory("m")!).DefineInstance("a", other));
        Assert.Contains("two different stores", e.Message);
    }

    [Fact]
    public void TheEmbeddingLinkerInstantiatesWithASingleDefinedTableInItsStore()
    {
        // Define of one object used to join its store only for functions: B was instantiated in a
        // new store and its segment wrote B's handles into A's table
        var runtime = new WasmRuntime();
        var a = runtime.Load(A).Instantiate();
        var b = new WasmLinker().Define("a", "t", a.GetTable("t")!).Instantiate(runtime.Load(B));
        Assert.Same(a.Store, b.Store);
        Assert.Equal(2, Call(a, 1));
        Assert.Equal(1, Call(b, 0));
    }

    [Fact]
    public void TheEmbeddingLinkerRefusesAHostMadeObjectInASecondStore()
    {
        var runtime = new WasmRuntime();
        var memory = new MemoryInstance(new MemoryType(new Limits(1, null)));
        var linker = new WasmLinker().Define("a", "m", memory);
        var module = runtime.Load(ImportsMemory);
        linker.Instantiate(module);
        var e = Assert.Throws<WasmLinkException>(() => linker.Instantiate(module));
        Assert.Contains("belongs to another store", e.Message);
    }
}
