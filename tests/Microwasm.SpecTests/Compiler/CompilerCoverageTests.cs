using Microwasm.Compiler;
using Microwasm.Runtime;
using Microwasm.Validation;
using Xunit.Abstractions;

namespace Microwasm.SpecTests.Compiler;

/// <summary>
/// What the compiler leaves to the interpreter: only functions that use v128 values. Checked on
/// real code (the bench kernels, C built by clang -O2 with wasi-libc) and on every binary module of
/// the spec suite.
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
    public void OnlyFunctionsUsingV128FallBackInTheSpecSuite()
    {
        var binaries = SpecCorpus.CoreModules().ToList();
        Assert.NotEmpty(binaries);
        int modules = 0, functions = 0, fallbacks = 0;
        var reasons = new Dictionary<string, int>();
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
            foreach (var reason in compiled.FallbackReasons)
            {
                if (reason is null)
                {
                    continue;
                }
                fallbacks++;
                reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
                // every reason is a use of v128 (SIMD instructions, v128 values in signatures, locals, blocks, globals)
                Assert.Contains("v128", reason.Replace("SIMD instruction", "v128", StringComparison.Ordinal), StringComparison.Ordinal);
            }
        }
        output.WriteLine($"{modules} modules, {functions} functions, {fallbacks} interpreted: " +
            string.Join(", ", reasons.OrderByDescending(r => r.Value).Select(r => $"{r.Key} {r.Value}")));
        Assert.True(fallbacks < functions);
    }
}
