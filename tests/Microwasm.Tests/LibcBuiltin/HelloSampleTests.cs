using Microwasm.Binary;
using Microwasm.LibcBuiltin;
using Microwasm.Model;
using Microwasm.Runtime;
using Microwasm.Validation;

namespace Microwasm.Tests.LibcBuiltin;

/// <summary>samples/hello/hello.wasm, the prebuilt clang-14 module, against the builtin libc.</summary>
public class HelloSampleTests
{
    internal static string SamplePath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "samples", "hello", "hello.wasm");
            if (File.Exists(path))
            {
                return path;
            }
        }
        throw new FileNotFoundException("samples/hello/hello.wasm not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void EveryImportIsProvidedWithClangsType()
    {
        var module = Validator.Validate(ModuleReader.Read(File.ReadAllBytes(SamplePath()))).Module;
        var natives = LibcBuiltinModule.CreateImports(new LibcOptions { Stdout = Stream.Null })
            .ToDictionary(i => (i.Module, i.Name), i => i.Function);
        Assert.NotEmpty(module.Imports);
        foreach (var import in module.Imports)
        {
            Assert.Equal(ExternalKind.Function, import.Kind);
            Assert.True(natives.TryGetValue((import.ModuleName, import.Name), out var native), $"{import.ModuleName}.{import.Name} is not provided");
            Assert.Equal(module.Types[import.TypeIndex], native!.Type);
        }
    }

    [Fact]
    public void TheHeapIsInsertedAtHeapBase()
    {
        var module = ModuleReader.Read(File.ReadAllBytes(SamplePath()));
        var globals = module.Globals.Select(g => new GlobalInstance(g.Type, (uint)ConstI32(g.Init))).ToArray();
        var memory = new MemoryInstance(module.Memories[0]);
        var instance = LibcTestGuest.CreateInstance(new Store(), module, [memory], globals);
        var heapBaseIndex = module.Exports.Single(e => e.Name == "__heap_base").Index;
        var heapBase = (uint)globals[heapBaseIndex].Value;

        var heap = AppHeap.Attach(instance, AppHeap.DefaultSize)!;

        Assert.Equal(heapBase, heap.Offset);
        Assert.Equal(AppHeap.DefaultSize, heap.Size);
        Assert.Equal(heapBase + AppHeap.DefaultSize, globals[heapBaseIndex].Value);
        Assert.Equal(heapBase, heap.Malloc(64));
    }

    private static int ConstI32(ConstantExpression init)
    {
        var code = init.Code.Span;
        Assert.Equal(0x41, code[0]);
        int result = 0, shift = 0, i = 1;
        byte b;
        do
        {
            b = code[i++];
            result |= (b & 0x7F) << shift;
            shift += 7;
        }
        while ((b & 0x80) != 0);
        return shift < 32 && (b & 0x40) != 0 ? result | (-1 << shift) : result;
    }
}
