using System.Text;
using Microwasm.Model;
using Microwasm.Runtime;
using static Microwasm.Tests.Runtime.TestModules;

namespace Microwasm.Tests.Runtime;

public class InstantiationTests
{
    private static DataSegment ActiveData(int offset, string text) =>
        new(SegmentMode.Active, Encoding.ASCII.GetBytes(text)) { Offset = I32(offset) };

    private static ElementSegment ActiveElements(int offset, params uint[] functions) =>
        new(SegmentMode.Active, ValueType.FuncRef) { Offset = I32(offset), FunctionIndices = functions };

    [Fact]
    public void GlobalsAreInitialisedInOrder()
    {
        var module = Validation.TestModules.Build(
            types: [FuncType.Empty],
            imports: [GlobalImport("env", "base", ValueType.I32, false)],
            functions: [0],
            globals:
            [
                new Global(new GlobalType(ValueType.I32, false), GlobalGet(0)),
                new Global(new GlobalType(ValueType.I64, true), I64(-5)),
                // extended constant expressions: base + 10 * 3
                new Global(new GlobalType(ValueType.I32, false), Expr([0x23, 0, 0x41, 10, 0x41, 3, 0x6C, 0x6A])),
                new Global(new GlobalType(ValueType.I32, false), GlobalGet(3)),
                new Global(new GlobalType(ValueType.F64, false), Expr([0x44, .. BitConverter.GetBytes(1.5)])),
                new Global(new GlobalType(ValueType.FuncRef, false), RefFunc(0)),
                new Global(new GlobalType(ValueType.ExternRef, false), Expr(0xD0, 0x6F)),
                new Global(new GlobalType(ValueType.I32, false), I32(-1)),
            ]);
        var store = new Store();
        var linker = new Linker().Define("env", "base", new GlobalInstance(new GlobalType(ValueType.I32, false), 100));
        var instance = linker.Instantiate(store, Compile(module));
        var g = instance.Globals;
        Assert.Equal(100ul, g[1].Value);
        Assert.Equal(unchecked((ulong)-5L), g[2].Value);
        Assert.Equal(130ul, g[3].Value);
        Assert.Equal(130ul, g[4].Value);
        Assert.Equal(1.5, BitConverter.UInt64BitsToDouble(g[5].Value));
        Assert.Same(instance.Functions[0], store.GetFunction(g[6].Value));
        Assert.Equal(0ul, g[7].Value);
        // i32 values are kept zero-extended
        Assert.Equal(0xFFFF_FFFFul, g[8].Value);
    }

    [Fact]
    public void SegmentsAreAppliedAndDropped()
    {
        var module = Validation.TestModules.Build(
            types: [FuncType.Empty],
            functions: [0, 0],
            tables: [new TableType(ValueType.FuncRef, new Limits(4, null))],
            memories: [new MemoryType(new Limits(1, null))],
            elements:
            [
                ActiveElements(1, 0, 1),
                new ElementSegment(SegmentMode.Passive, ValueType.FuncRef) { Expressions = [RefFunc(1), Expr(0xD0, 0x70)] },
                new ElementSegment(SegmentMode.Declarative, ValueType.FuncRef) { FunctionIndices = [0] },
            ],
            datas: [ActiveData(3, "abc"), new DataSegment(SegmentMode.Passive, new byte[] { 9 })]);
        var store = new Store();
        var instance = new Linker().Instantiate(store, Compile(module));
        var table = instance.Tables[0];
        Assert.Equal(0ul, table.Elements[0]);
        Assert.Same(instance.Functions[0], store.GetFunction(table.Elements[1]));
        Assert.Same(instance.Functions[1], store.GetFunction(table.Elements[2]));
        Assert.Equal(0ul, table.Elements[3]);
        Assert.Empty(instance.ElementSegments[0]);
        Assert.Equal([store.HandleOf(instance.Functions[1]), 0ul], instance.ElementSegments[1]);
        Assert.Empty(instance.ElementSegments[2]);
        Assert.Equal("abc", Encoding.ASCII.GetString(instance.Memory!.Span[3..6]));
        Assert.True(instance.DataSegments[0].IsEmpty);
        Assert.Equal(new byte[] { 9 }, instance.DataSegments[1].ToArray());
    }

    [Fact]
    public void DataSegmentTrapKeepsEarlierSegments()
    {
        using var memory = new MemoryInstance(new MemoryType(new Limits(1, null)));
        var module = Validation.TestModules.Build(
            imports: [MemoryImport("env", "m", 1, null)],
            datas: [ActiveData(0, "hi"), ActiveData(65535, "xy"), ActiveData(10, "no")]);
        var trap = Assert.Throws<WasmTrap>(() => new Linker().Define("env", "m", memory).Instantiate(new Store(), Compile(module)));
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, trap.Kind);
        Assert.Equal("hi", Encoding.ASCII.GetString(memory.Span[..2]));
        Assert.Equal(0, memory.Span[65535]);
        Assert.Equal(0, memory.Span[10]);
    }

    [Fact]
    public void EmptyDataSegmentPastTheEndTraps()
    {
        var module = Validation.TestModules.Build(memories: [new MemoryType(new Limits(1, null))], datas: [ActiveData(65537, "")]);
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Assert.Throws<WasmTrap>(() => new Linker().Instantiate(new Store(), Compile(module))).Kind);
    }

    [Fact]
    public void ElementSegmentTrapKeepsEarlierSegmentsAndSkipsData()
    {
        var table = new TableInstance(new TableType(ValueType.FuncRef, new Limits(2, null)));
        using var memory = new MemoryInstance(new MemoryType(new Limits(1, null)));
        var module = Validation.TestModules.Build(
            types: [FuncType.Empty],
            imports: [TableImport("env", "t", 2, null), MemoryImport("env", "m", 1, null)],
            functions: [0],
            elements: [ActiveElements(0, 0), ActiveElements(1, 0, 0), ActiveElements(1, 0)],
            datas: [ActiveData(0, "d")]);
        var store = new Store();
        var linker = new Linker().Define("env", "t", table).Define("env", "m", memory);
        var trap = Assert.Throws<WasmTrap>(() => linker.Instantiate(store, Compile(module)));
        Assert.Equal(TrapKind.OutOfBoundsTableAccess, trap.Kind);
        Assert.NotEqual(0ul, table.Elements[0]);
        Assert.NotNull(store.GetFunction(table.Elements[0]));
        Assert.Equal(0ul, table.Elements[1]);
        Assert.Equal(0, memory.Span[0]);
    }

    [Fact]
    public void StartFunctionRunsAfterSegments()
    {
        var seen = -1;
        var module = Validation.TestModules.Build(
            types: [FuncType.Empty],
            functions: [0, 0],
            memories: [new MemoryType(new Limits(1, null))],
            datas: [ActiveData(0, "*")],
            start: 1);
        var instance = new Linker().Instantiate(new Store(), Compile(module, _ => throw new InvalidOperationException("not the start"), i => seen = i.Memory!.Span[0]));
        Assert.Equal('*', seen);
        Assert.NotNull(instance);
    }

    [Fact]
    public void StartFunctionTrapPropagates()
    {
        var module = Validation.TestModules.Build(types: [FuncType.Empty], functions: [0], start: 0);
        var trap = Assert.Throws<WasmTrap>(() => new Linker().Instantiate(new Store(), Compile(module, _ => throw new WasmTrap(TrapKind.Unreachable))));
        Assert.Equal(TrapKind.Unreachable, trap.Kind);
    }

    [Fact]
    public void ImportedStartFunctionIsCalled()
    {
        var calls = 0;
        var host = new HostFunction(FuncType.Empty, (HostCallback)((_, _) => calls++));
        var module = Validation.TestModules.Build(types: [FuncType.Empty], imports: [FunctionImport("env", "start", 0)], start: 0);
        new Linker().Define("env", "start", host).Instantiate(new Store(), Compile(module));
        Assert.Equal(1, calls);
    }

    [Fact]
    public void ExportsAreMapped()
    {
        var module = Validation.TestModules.Build(
            types: [FuncType.Empty],
            functions: [0],
            tables: [new TableType(ValueType.ExternRef, new Limits(0, null))],
            memories: [new MemoryType(new Limits(0, null))],
            globals: [new Global(new GlobalType(ValueType.I32, true), I32(1))],
            exports:
            [
                new Export("f", ExternalKind.Function, 0),
                new Export("t", ExternalKind.Table, 0),
                new Export("m", ExternalKind.Memory, 0),
                new Export("g", ExternalKind.Global, 0),
            ]);
        var instance = new Linker().Instantiate(new Store(), Compile(module), "named");
        Assert.Equal("named", instance.Name);
        Assert.Same(instance.Functions[0], instance.GetFunction("f"));
        Assert.Same(instance.Tables[0], instance.GetTable("t"));
        Assert.Same(instance.Memories[0], instance.GetMemory("m"));
        Assert.Same(instance.Globals[0], instance.GetGlobal("g"));
        Assert.Equal(4, instance.Exports.Count);
    }

    [Fact]
    public void EveryFunctionHasAHandle()
    {
        var host = new HostFunction(FuncType.Empty, (HostCallback)((_, _) => { }));
        var module = Validation.TestModules.Build(types: [FuncType.Empty], imports: [FunctionImport("env", "h", 0)], functions: [0]);
        var store = new Store();
        var instance = new Linker().Define("env", "h", host).Instantiate(store, Compile(module));
        Assert.Same(store, host.Store);
        Assert.Same(instance.Functions[1], store.GetFunction(store.HandleOf(instance.Functions[1])));
        Assert.Same(store, instance.Functions[1].Store);
    }
}
