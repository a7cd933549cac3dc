using System.Text;
using Microwasm.Binary;
using Microwasm.Model;
using Microwasm.Runtime;
using static Microwasm.Tests.Runtime.TestModules;
using Microwasm.TestSupport;

namespace Microwasm.Tests.Runtime;

/// <summary>Instantiation of modules decoded from wat2wasm output (<see cref="Wat"/>).</summary>
public class DecodedModuleInstantiationTests
{
    private static readonly byte[] s_imports = Wat.ToWasm(
        """
        (module
          (import "env" "f" (func (param i32) (result i32)))
          (import "env" "t" (table 2 10 funcref))
          (import "env" "m" (memory 1 2))
          (import "env" "g" (global (mut i64)))
          (func $own)
          (elem (i32.const 0) $own 0)
          (data (i32.const 8) "wasm"))
        """);

    private static readonly byte[] s_segments = Wat.ToWasm(
        """
        (module
          (type $v (func))
          (global $base (import "env" "base") i32)
          (func $a (type $v))
          (func $b (type $v))
          (table $t (export "table") 3 funcref)
          (memory (export "memory") 1)
          (global (export "answer") i32 (i32.const 42))
          (global (export "sum") i32 (global.get $base))
          (global (export "ref") funcref (ref.func $b))
          (elem (i32.const 0) $a)
          (elem (global.get $base) $b $b)
          (elem funcref (ref.func $a) (ref.null func))
          (elem declare func $b)
          (data (i32.const 0) "first")
          (data (i32.const 65530) "second")
          (func (export "a") (type $v))
          (start $b))
        """);

    private static readonly FuncType s_i32ToI32 = new([ValueType.I32], [ValueType.I32]);

    private static Linker ImportsLinker(out TableInstance table, out MemoryInstance memory, MemoryType? memoryType = null, bool globalMutable = true)
    {
        table = new TableInstance(new TableType(ValueType.FuncRef, new Limits(2, 10)));
        memory = new MemoryInstance(memoryType ?? new MemoryType(new Limits(1, 2)));
        return new Linker()
            .Define("env", "f", new HostFunction(s_i32ToI32, (HostCallback)((_, _) => { })))
            .Define("env", "t", table)
            .Define("env", "m", memory)
            .Define("env", "g", new GlobalInstance(new GlobalType(ValueType.I64, globalMutable)));
    }

    [Fact]
    public void ImportsAreMatchedAndSegmentsWriteIntoThem()
    {
        var linker = ImportsLinker(out var table, out var memory);
        var store = new Store();
        var instance = linker.Instantiate(store, Compile(ModuleReader.Read(s_imports)));
        Assert.Same(table, instance.Tables[0]);
        Assert.Same(instance.Functions[1], store.GetFunction(table.Elements[0]));
        Assert.Same(instance.Functions[0], store.GetFunction(table.Elements[1]));
        Assert.Equal("wasm", Encoding.ASCII.GetString(memory.Span[8..12]));
        memory.Dispose();
    }

    [Fact]
    public void MemoryWithoutMaximumDoesNotMatchAnImportWithOne()
    {
        var linker = ImportsLinker(out var table, out var memory, new MemoryType(new Limits(1, null)));
        var ex = Assert.Throws<WasmLinkException>(() => linker.Instantiate(new Store(), Compile(ModuleReader.Read(s_imports))));
        Assert.StartsWith("incompatible import type: \"env\" \"m\"", ex.Message);
        Assert.Equal(0ul, table.Elements[0]);
        Assert.Equal(0, memory.Span[8]);
        memory.Dispose();
    }

    [Fact]
    public void ImmutableGlobalDoesNotMatchAMutableImport()
    {
        var linker = ImportsLinker(out _, out var memory, globalMutable: false);
        var ex = Assert.Throws<WasmLinkException>(() => linker.Instantiate(new Store(), Compile(ModuleReader.Read(s_imports))));
        Assert.StartsWith("incompatible import type: \"env\" \"g\"", ex.Message);
        memory.Dispose();
    }

    [Fact]
    public void SegmentsGlobalsExportsAndStart()
    {
        var started = 0;
        var store = new Store();
        var linker = new Linker().Define("env", "base", new GlobalInstance(new GlobalType(ValueType.I32, false), 1));
        var instance = linker.Instantiate(store, Compile(ModuleReader.Read(s_segments), _ => { }, _ => started++));

        Assert.Equal(1, started);
        FunctionInstance a = instance.Functions[0], b = instance.Functions[1];
        var table = instance.GetTable("table")!;
        Assert.Equal([store.HandleOf(a), store.HandleOf(b), store.HandleOf(b)], table.Elements);
        Assert.Equal(42ul, instance.GetGlobal("answer")!.Value);
        Assert.Equal(1ul, instance.GetGlobal("sum")!.Value);
        Assert.Same(b, store.GetFunction(instance.GetGlobal("ref")!.Value));
        Assert.Same(instance.Functions[2], instance.GetFunction("a"));
        Assert.Empty(instance.ElementSegments[0]);
        Assert.Empty(instance.ElementSegments[1]);
        Assert.Equal([store.HandleOf(a), 0ul], instance.ElementSegments[2]);
        Assert.Empty(instance.ElementSegments[3]);
        var memory = instance.GetMemory("memory")!;
        Assert.Equal("first", Encoding.ASCII.GetString(memory.Span[..5]));
        Assert.Equal("second", Encoding.ASCII.GetString(memory.Span[65530..]));
        Assert.All(instance.DataSegments, d => Assert.True(d.IsEmpty));
    }

    [Fact]
    public void ElementSegmentOutOfBoundsTrapsBeforeStart()
    {
        var started = 0;
        var linker = new Linker().Define("env", "base", new GlobalInstance(new GlobalType(ValueType.I32, false), 2));
        var trap = Assert.Throws<WasmTrap>(() => linker.Instantiate(new Store(), Compile(ModuleReader.Read(s_segments), _ => { }, _ => started++)));
        Assert.Equal(TrapKind.OutOfBoundsTableAccess, trap.Kind);
        Assert.Equal(0, started);
    }
}
