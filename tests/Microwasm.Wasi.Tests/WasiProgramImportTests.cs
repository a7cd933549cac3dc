using Microwasm.Binary;
using Microwasm.Model;

namespace Microwasm.Wasi.Tests;

/// <summary>What wasi-libc actually imports must exist here, with exactly the same signatures.</summary>
public sealed class WasiProgramImportTests
{
    public static TheoryData<string> Programs => [.. WasmPrograms.Names];

    [Theory]
    [MemberData(nameof(Programs))]
    public void EveryImportOfTheProgramIsProvided(string name)
    {
        var module = ModuleReader.Read(WasmPrograms.Get(name));
        using var wasi = new WasiPreview1(new WasiConfiguration());
        var provided = wasi.CreateImports().ToDictionary(i => (i.Module, i.Name), i => i.Function.Type);
        var imports = module.Imports.Where(i => i.Kind == ExternalKind.Function).ToList();
        Assert.NotEmpty(imports);
        foreach (var import in imports)
        {
            Assert.True(provided.TryGetValue((import.ModuleName, import.Name), out var type), $"{import.ModuleName}.{import.Name} is not provided");
            Assert.Equal(module.Types[import.TypeIndex], type);
        }
    }
}
