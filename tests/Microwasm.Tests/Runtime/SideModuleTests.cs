using System.Text;
using Microwasm.Compiler;
using Microwasm.Host;
using Microwasm.Interpreter;
using Microwasm.LibcBuiltin;
using Microwasm.Model;
using Microwasm.Runtime;
using Microwasm.TestSupport;

namespace Microwasm.Tests.Runtime;

/// <summary>Emscripten side modules (a <c>dylink.0</c> section) loaded by the embedding API: what the runtime provides them and what it refuses.</summary>
public sealed class SideModuleTests
{
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Microwasm.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException("no Microwasm.slnx above " + AppContext.BaseDirectory);
    }

    /// <summary>Appends a custom section to a module's bytes.</summary>
    private static byte[] WithCustomSection(byte[] module, string name, byte[] payload)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var content = new List<byte>(Leb128.Unsigned((uint)nameBytes.Length));
        content.AddRange(nameBytes);
        content.AddRange(payload);
        return [.. module, 0, .. Leb128.Unsigned((uint)content.Count), .. content];
    }

    /// <summary>A <c>dylink.0</c> payload: the memory-info subsection, then the needed libraries if any.</summary>
    private static byte[] Dylink(uint memorySize, uint memoryAlignment, uint tableSize, params string[] needed)
    {
        byte[] memoryInfo = [.. Leb128.Unsigned(memorySize), .. Leb128.Unsigned(memoryAlignment), .. Leb128.Unsigned(tableSize), 0];
        var payload = new List<byte> { 1 };
        payload.AddRange(Leb128.Unsigned((uint)memoryInfo.Length));
        payload.AddRange(memoryInfo);
        if (needed.Length > 0)
        {
            var names = new List<byte>(Leb128.Unsigned((uint)needed.Length));
            foreach (var library in needed)
            {
                names.AddRange(Leb128.Unsigned((uint)library.Length));
                names.AddRange(Encoding.UTF8.GetBytes(library));
            }
            payload.Add(2);
            payload.AddRange(Leb128.Unsigned((uint)names.Count));
            payload.AddRange(names);
        }
        return [.. payload];
    }

    private const string BasesModule = """
        (module
          (import "env" "memory" (memory 1))
          (import "env" "__indirect_function_table" (table 0 funcref))
          (import "env" "__memory_base" (global $memory_base i32))
          (import "env" "__table_base" (global $table_base i32))
          (import "env" "__stack_pointer" (global $sp (mut i32)))
          (func (export "memory_base") (result i32) (global.get $memory_base))
          (func (export "table_base") (result i32) (global.get $table_base))
          (func (export "stack_pointer") (result i32) (global.get $sp))
          (func (export "pages") (result i32) (memory.size)))
        """;

    private static int Call(Instance instance, string name, params WasmValue[] args) =>
        instance.GetFunction(name)!.Invoke(instance.Store, args)[0].AsI32();

    [Theory]
    [InlineData("interpreter")]
    [InlineData("compiler")]
    public void TheSampleRunsWithItsRelocationsConstructorsAndFunctionPointers(string engine)
    {
        var runtime = new WasmRuntime(new RuntimeOptions { Engine = engine == "compiler" ? CompilerEngine.Default : InterpreterEngine.Default });
        var module = runtime.LoadFile(Path.Combine(RepositoryRoot(), "samples", "emscripten", "side.wasm"));
        var output = new StringWriter();
        var instance = new WasmLinker().DefineBuiltinLibc(new LibcOptions { StdoutWriter = output }).Instantiate(module);

        // apply: a function pointer from a relocated table of the data segment, times what the constructor set
        Assert.Equal(420, Call(instance, "apply", WasmValue.I32(1), WasmValue.I32(6), WasmValue.I32(7)));
        Assert.Equal(50, Call(instance, "apply", WasmValue.I32(0), WasmValue.I32(2), WasmValue.I32(3)));
        Assert.Equal(7, Call(instance, "longest_planet"));
        Assert.Equal(0, Call(instance, "main", WasmValue.I32(1), WasmValue.I32(0)));
        Assert.Equal("1 args, earth is the third planet\napply(0, 2, 3) = 50, apply(1, 2, 3) = 60, longest = 7, counter = 1\n", output.ToString());
        // the heap malloc used lies after the stack and the static data
        Assert.NotNull(instance.Heap);
        Assert.True(instance.Heap!.Offset >= SideModule.NullGuard + SideModule.StackSize, $"heap at {instance.Heap.Offset}");
    }

    [Fact]
    public void TheBasesAreAfterTheNullGuardAndTheStackAlignedAsTheSectionAsks()
    {
        var wasm = WithCustomSection(Wat.ToWasm(BasesModule), "dylink.0", Dylink(memorySize: 100, memoryAlignment: 4, tableSize: 3));
        var instance = new WasmLinker().Instantiate(new WasmRuntime(new RuntimeOptions { AppHeapSize = 200_000 }).Load(wasm));
        Assert.Equal(1024 + 65536, Call(instance, "memory_base"));
        Assert.Equal(1, Call(instance, "table_base"));
        Assert.Equal(1024 + 65536, Call(instance, "stack_pointer"));
        // data (100 bytes) and a heap of 200,000 bytes after it: 5 pages
        Assert.Equal(5, Call(instance, "pages"));
        Assert.Equal((uint)(1024 + 65536 + 112), instance.Heap!.Offset);
        // slot 0 null, the module's 3 elements from __table_base 1
        Assert.Equal(4u, instance.Tables[0].Size);
    }

    [Fact]
    public void WhatTheHostDefinesWinsOverWhatTheLoaderProvides()
    {
        var wasm = WithCustomSection(Wat.ToWasm(BasesModule), "dylink.0", Dylink(16, 2, 0));
        var instance = new WasmLinker()
            .Define("env", "__memory_base", new GlobalInstance(new GlobalType(ValueType.I32, false), 4096))
            .Instantiate(new WasmRuntime().Load(wasm));
        Assert.Equal(4096, Call(instance, "memory_base"));
        Assert.Equal(1024 + 65536, Call(instance, "stack_pointer"));
    }

    [Fact]
    public void GotEntriesPointAtTheModulesOwnDataAndFunctions()
    {
        var wasm = WithCustomSection(Wat.ToWasm("""
            (module
              (import "env" "memory" (memory 1))
              (import "env" "__indirect_function_table" (table 0 funcref))
              (import "env" "__memory_base" (global $memory_base i32))
              (import "GOT.mem" "answer" (global $answer_address (mut i32)))
              (import "GOT.func" "twice" (global $twice_slot (mut i32)))
              (type $unary (func (param i32) (result i32)))
              (global (export "answer") i32 (i32.const 8))
              (data (global.get $memory_base) "\00\00\00\00\00\00\00\00\2a\00\00\00")
              (func $twice (export "twice") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
              (func (export "answer_address") (result i32) (global.get $answer_address))
              (func (export "read_answer") (result i32) (i32.load (global.get $answer_address)))
              (func (export "call_twice") (param i32) (result i32) (call_indirect (type $unary) (local.get 0) (global.get $twice_slot))))
            """), "dylink.0", Dylink(12, 2, 0));
        var instance = new WasmLinker().Instantiate(new WasmRuntime().Load(wasm));
        Assert.Equal(1024 + 65536 + 8, Call(instance, "answer_address"));
        Assert.Equal(42, Call(instance, "read_answer"));
        Assert.Equal(42, Call(instance, "call_twice", WasmValue.I32(21)));
    }

    [Fact]
    public void ANeededLibraryIsALinkErrorThatSaysWhatToDo()
    {
        var wasm = WithCustomSection(Wat.ToWasm(BasesModule), "dylink.0", Dylink(16, 2, 0, "libother.so"));
        var error = Assert.Throws<WasmLinkException>(() => new WasmLinker().Instantiate(new WasmRuntime().Load(wasm)));
        Assert.Equal("the side module needs the side module \"libother.so\", and Microwasm loads one side module at a time: link them into one (emcc -s SIDE_MODULE=1 a.c b.c -o ab.wasm)", error.Message);
    }

    [Fact]
    public void ADataSymbolNothingDefinesIsALinkError()
    {
        var wasm = WithCustomSection(Wat.ToWasm("""
            (module
              (import "env" "memory" (memory 1))
              (import "GOT.mem" "errno" (global (mut i32))))
            """), "dylink.0", Dylink(0, 0, 0));
        var error = Assert.Throws<WasmLinkException>(() => new WasmLinker().Instantiate(new WasmRuntime().Load(wasm)));
        Assert.Equal("the side module needs the address of the data symbol \"errno\" (GOT.mem), which neither it nor the host defines", error.Message);
    }

    [Fact]
    public void MoreMemoryOrTableThanTheLimitsAllowIsALinkErrorThatSaysSo()
    {
        var runtime = new WasmRuntime(new RuntimeOptions { MaxMemoryPages = 16, MaxTableElements = 1000 });
        var bigData = WithCustomSection(Wat.ToWasm(BasesModule), "dylink.0", Dylink(memorySize: 2_000_000, memoryAlignment: 2, tableSize: 0));
        var error = Assert.Throws<WasmLinkException>(() => new WasmLinker().Instantiate(runtime.Load(bigData)));
        Assert.Equal("the side module needs 32 pages of memory (its 2000000 bytes of data after 1 KiB and a 64 KiB stack, then an app heap of 16384 bytes), more than the limit of 16 pages", error.Message);

        var bigTable = WithCustomSection(Wat.ToWasm(BasesModule), "dylink.0", Dylink(memorySize: 16, memoryAlignment: 2, tableSize: 5000));
        error = Assert.Throws<WasmLinkException>(() => new WasmLinker().Instantiate(runtime.Load(bigTable)));
        Assert.Equal("the side module's table of 5001 elements is larger than the limit of 1000", error.Message);

        var beyond4GiB = WithCustomSection(Wat.ToWasm(BasesModule), "dylink.0", Dylink(memorySize: uint.MaxValue, memoryAlignment: 2, tableSize: 0));
        error = Assert.Throws<WasmLinkException>(() => new WasmLinker().Instantiate(new WasmRuntime().Load(beyond4GiB)));
        Assert.StartsWith("the side module's 4294967295 bytes of data and the app heap", error.Message);
    }

    [Fact]
    public void AMalformedDylinkSectionIsALinkErrorNotACrash()
    {
        var wasm = WithCustomSection(Wat.ToWasm(BasesModule), "dylink.0", [1, 100, 0]);
        var error = Assert.Throws<WasmLinkException>(() => new WasmLinker().Instantiate(new WasmRuntime().Load(wasm)));
        Assert.StartsWith("malformed dylink section: ", error.Message);
        Assert.Contains("longer than the section", error.Message);
    }

    [Fact]
    public void AModuleWithoutADylinkSectionGetsNothingProvided()
    {
        var error = Assert.Throws<WasmLinkException>(() => new WasmLinker().Instantiate(new WasmRuntime().Load(Wat.ToWasm(BasesModule))));
        Assert.Equal("unknown import: \"env\" \"memory\"", error.Message);
    }
}
