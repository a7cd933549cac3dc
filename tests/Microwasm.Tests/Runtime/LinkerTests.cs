using Microwasm.Model;
using Microwasm.Runtime;
using static Microwasm.Tests.Runtime.TestModules;

namespace Microwasm.Tests.Runtime;

public class LinkerTests
{
    private static readonly FuncType VoidToVoid = FuncType.Empty;
    private static readonly FuncType I32ToI32 = new([ValueType.I32], [ValueType.I32]);

    private static HostFunction Host(FuncType type) => new(type, (HostCallback)((_, _) => { }));

    private static WasmLinkException Unlinkable(Linker linker, Module module) =>
        Assert.Throws<WasmLinkException>(() => linker.Instantiate(new Store(), Compile(module)));

    [Fact]
    public void UnknownImportNamesModuleAndField()
    {
        var module = Validation.TestModules.Build(types: [VoidToVoid], imports: [FunctionImport("env", "f", 0)]);
        var ex = Unlinkable(new Linker(), module);
        Assert.Equal("unknown import: \"env\" \"f\"", ex.Message);
    }

    [Fact]
    public void FunctionImportNeedsEqualType()
    {
        var module = Validation.TestModules.Build(types: [I32ToI32], imports: [FunctionImport("env", "f", 0)]);
        var ex = Unlinkable(new Linker().Define("env", "f", Host(VoidToVoid)), module);
        Assert.StartsWith("incompatible import type", ex.Message);

        var instance = new Linker().Define("env", "f", Host(new FuncType([ValueType.I32], [ValueType.I32]))).Instantiate(new Store(), Compile(module));
        Assert.Single(instance.Functions);
    }

    [Fact]
    public void KindMismatchIsIncompatible()
    {
        var module = Validation.TestModules.Build(types: [VoidToVoid], imports: [FunctionImport("env", "f", 0)]);
        var linker = new Linker().Define("env", "f", new GlobalInstance(new GlobalType(ValueType.I32, false)));
        Assert.StartsWith("incompatible import type", Unlinkable(linker, module).Message);
    }

    [Theory]
    [InlineData(1u, null, 1u, null, true)]
    [InlineData(2u, null, 1u, null, true)]
    [InlineData(1u, null, 2u, null, false)]
    [InlineData(1u, 5u, 1u, null, true)]
    [InlineData(1u, null, 1u, 5u, false)]
    [InlineData(1u, 5u, 1u, 5u, true)]
    [InlineData(1u, 4u, 1u, 5u, true)]
    [InlineData(1u, 6u, 1u, 5u, false)]
    public void TableLimitsAreSubtyped(uint actualMin, uint? actualMax, uint importMin, uint? importMax, bool links)
    {
        var table = new TableInstance(new TableType(ValueType.FuncRef, new Limits(actualMin, actualMax)));
        var module = Validation.TestModules.Build(imports: [TableImport("env", "t", importMin, importMax)]);
        var linker = new Linker().Define("env", "t", table);
        if (links)
        {
            Assert.Same(table, linker.Instantiate(new Store(), Compile(module)).Tables[0]);
        }
        else
        {
            Assert.StartsWith("incompatible import type", Unlinkable(linker, module).Message);
        }
    }

    [Fact]
    public void TableElementTypeMustMatch()
    {
        var table = new TableInstance(new TableType(ValueType.ExternRef, new Limits(1, null)));
        var module = Validation.TestModules.Build(imports: [TableImport("env", "t", 1, null, ValueType.FuncRef)]);
        Unlinkable(new Linker().Define("env", "t", table), module);
    }

    [Fact]
    public void TableMatchesOnCurrentSize()
    {
        var table = new TableInstance(new TableType(ValueType.FuncRef, new Limits(1, 10)));
        var module = Validation.TestModules.Build(imports: [TableImport("env", "t", 3, 10)]);
        var linker = new Linker().Define("env", "t", table);
        Unlinkable(linker, module);
        table.Grow(2, 0);
        linker.Instantiate(new Store(), Compile(module));
    }

    [Theory]
    [InlineData(1u, null, 1u, null, true)]
    [InlineData(1u, null, 2u, null, false)]
    [InlineData(1u, null, 0u, 1u, false)]
    [InlineData(1u, 2u, 0u, 2u, true)]
    [InlineData(1u, 3u, 0u, 2u, false)]
    public void MemoryLimitsAreSubtyped(uint actualMin, uint? actualMax, uint importMin, uint? importMax, bool links)
    {
        using var memory = new MemoryInstance(new MemoryType(new Limits(actualMin, actualMax)));
        var module = Validation.TestModules.Build(imports: [MemoryImport("env", "m", importMin, importMax)]);
        var linker = new Linker().Define("env", "m", memory);
        if (links)
        {
            Assert.Same(memory, linker.Instantiate(new Store(), Compile(module)).Memory);
        }
        else
        {
            Assert.StartsWith("incompatible import type", Unlinkable(linker, module).Message);
        }
    }

    [Fact]
    public void MemoryMatchesOnCurrentSize()
    {
        using var memory = new MemoryInstance(new MemoryType(new Limits(1, null)));
        var module = Validation.TestModules.Build(imports: [MemoryImport("env", "m", 2, null)]);
        var linker = new Linker().Define("env", "m", memory);
        Unlinkable(linker, module);
        memory.Grow(1);
        linker.Instantiate(new Store(), Compile(module));
    }

    [Theory]
    [InlineData(ValueType.I32, false, ValueType.I32, false, true)]
    [InlineData(ValueType.I32, true, ValueType.I32, true, true)]
    [InlineData(ValueType.I32, true, ValueType.I32, false, false)]
    [InlineData(ValueType.I32, false, ValueType.I32, true, false)]
    [InlineData(ValueType.I64, false, ValueType.I32, false, false)]
    public void GlobalsMatchExactly(ValueType actualType, bool actualMutable, ValueType importType, bool importMutable, bool links)
    {
        var global = new GlobalInstance(new GlobalType(actualType, actualMutable));
        var module = Validation.TestModules.Build(imports: [GlobalImport("env", "g", importType, importMutable)]);
        var linker = new Linker().Define("env", "g", global);
        if (links)
        {
            linker.Instantiate(new Store(), Compile(module));
        }
        else
        {
            Unlinkable(linker, module);
        }
    }

    [Fact]
    public void LinkErrorHasNoSideEffects()
    {
        // The element segment would write into the imported table if instantiation got that far.
        var table = new TableInstance(new TableType(ValueType.FuncRef, new Limits(1, null)));
        var module = Validation.TestModules.Build(
            types: [VoidToVoid],
            imports: [TableImport("env", "t", 1, null), FunctionImport("env", "missing", 0)],
            elements: [new ElementSegment(SegmentMode.Active, ValueType.FuncRef) { Offset = I32(0), FunctionIndices = [0] }]);
        var store = new Store();
        Assert.Throws<WasmLinkException>(() => new Linker().Define("env", "t", table).Instantiate(store, Compile(module)));
        Assert.Equal(0ul, table.Elements[0]);
        Assert.Null(store.GetFunction(1));
    }

    [Fact]
    public void DefineInstanceExportsEverything()
    {
        var exporter = Validation.TestModules.Build(
            types: [VoidToVoid],
            functions: [0],
            memories: [new MemoryType(new Limits(1, null))],
            globals: [new Global(new GlobalType(ValueType.I32, false), I32(7))],
            exports: [new Export("f", ExternalKind.Function, 0), new Export("m", ExternalKind.Memory, 0), new Export("g", ExternalKind.Global, 0)]);
        var store = new Store();
        var linker = new Linker();
        var first = linker.Instantiate(store, Compile(exporter));
        linker.DefineInstance("lib", first);
        Assert.Same(first.GetFunction("f"), linker.Get("lib", "f"));
        Assert.Same(first.Memory, linker.Get("lib", "m"));
        Assert.True(linker.TryGet("lib", "g", out var g));
        Assert.Equal(7ul, ((GlobalInstance)g).Value);
        Assert.Null(linker.Get("lib", "nope"));

        var importer = Validation.TestModules.Build(
            types: [VoidToVoid],
            imports: [FunctionImport("lib", "f", 0), MemoryImport("lib", "m", 1, null), GlobalImport("lib", "g", ValueType.I32, false)]);
        var second = linker.Instantiate(store, Compile(importer));
        Assert.Same(first.Functions[0], second.Functions[0]);
        Assert.Same(first.Memory, second.Memory);
        Assert.Same(first.Globals[0], second.Globals[0]);
    }

    [Fact]
    public void MemoryAboveTheStoreLimitIsALinkError()
    {
        var module = Validation.TestModules.Build(memories: [new MemoryType(new Limits(3, null))]);
        var store = new Store(new RuntimeOptions { MaxMemoryPages = 2 });
        Assert.Throws<WasmLinkException>(() => new Linker().Instantiate(store, Compile(module)));
    }
}
