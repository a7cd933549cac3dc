using Microwasm.Compiler;
using Microwasm.Runtime;
using Microwasm.Validation;
using Xunit.Abstractions;

namespace Microwasm.SpecTests.Compiler;

/// <summary>
/// What the compiler leaves to the interpreter: nothing, SIMD included. Checked on real code (the
/// bench kernels, C built by clang -O2 with wasi-libc) and on every binary module of the spec suite.
/// </summary>
public class CompilerCoverageTests(ITestOutputHelper output)
{
    public static TheoryData<string> Kernels()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(SpecCorpus.SharedDirectory, "bench", "wasm"), "*.wasm").Order())
        {
            data.Add(Path.GetFileName(file));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void EveryFunctionOfABenchKernelIsCompiled(string kernel)
    {
        var module = ModuleLoader.LoadFile(Path.Combine(SpecCorpus.SharedDirectory, "bench", "wasm", kernel));
        var compiled = (CompiledWasmModule)CompilerEngine.Default.Compile(module);
        Assert.Equal(module.Module.Codes.Length, compiled.FallbackReasons.Length);
        Assert.All(compiled.FallbackReasons, Assert.Null);
    }

    [Fact]
    public void EveryFunctionOfTheSpecSuiteIsCompiledSimdIncluded()
    {
        var binaries = SpecCorpus.CoreModules().ToList();
        Assert.NotEmpty(binaries);
        int modules = 0, functions = 0, simdFunctions = 0, simdModules = 0;
        foreach (var bytes in binaries)
        {
            ValidatedModule module;
            try
            {
                module = ModuleLoader.Load(bytes);
            }
            catch (WasmException)
            {
                // the malformed and invalid modules of assert_malformed and assert_invalid
                continue;
            }
            modules++;
            var compiled = (CompiledWasmModule)CompilerEngine.Default.Compile(module);
            functions += compiled.FallbackReasons.Length;
            for (var i = 0; i < compiled.FallbackReasons.Length; i++)
            {
                Assert.True(compiled.FallbackReasons[i] is null, $"module {modules} function {i}: {compiled.FallbackReasons[i]}");
            }
            var simd = module.Module.Codes.Count(UsesV128Instructions);
            simdFunctions += simd;
            if (simd > 0)
            {
                simdModules++;
            }
        }
        output.WriteLine($"{modules} modules, {functions} functions, all compiled; {simdFunctions} functions in {simdModules} modules use SIMD instructions");
        // the simd_*.wast scripts are compiled now, not interpreted
        Assert.True(simdFunctions > 1000, $"only {simdFunctions} SIMD functions found");
    }

    private static bool UsesV128Instructions(Microwasm.Model.FunctionBody body)
    {
        var reader = new Microwasm.Binary.WasmReader(body.Code.Span, body.CodeOffset);
        while (reader.Position < body.Code.Length)
        {
            if (Microwasm.Binary.InstructionReader.Read(ref reader).Opcode == Microwasm.Model.Opcode.PrefixSimd)
            {
                return true;
            }
        }
        return false;
    }
}
