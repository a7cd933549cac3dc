using Microwasm.Interpreter;
using Microwasm.Runtime;
using Xunit.Abstractions;

namespace Microwasm.SpecTests.Interpreter;

/// <summary>
/// Issue #7's memory bound: the interpreter's code for a function is at most four times the
/// function's wasm bytes. Checked over the bench kernels (C programs built by clang -O2 with
/// wasi-libc: real code, not hand-written samples), summed per module and for the largest function.
/// </summary>
public class TranslatedCodeSizeTests(ITestOutputHelper output)
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
    public void CodeIsAtMostFourTimesTheWasmBytes(string kernel)
    {
        var module = ModuleLoader.LoadFile(Path.Combine(SpecCorpus.SharedDirectory, "bench", "wasm", kernel));
        long wasmBytes = 0, codeBytes = 0;
        var worst = 0.0;
        var worstSmall = 0.0;
        var smallBody = 0;
        for (var i = 0; i < module.Module.Codes.Length; i++)
        {
            var body = module.Module.Codes[i].Code.Length;
            var code = Translator.Translate(module, i).Code.Length * sizeof(int);
            wasmBytes += body;
            codeBytes += code;
            // tiny bodies (a return of a constant) have a fixed overhead: judge them in the sum only
            if (body >= 64)
            {
                worst = Math.Max(worst, (double)code / body);
            }
            else if ((double)code / body > worstSmall)
            {
                worstSmall = (double)code / body;
                smallBody = body;
            }
        }
        var ratio = (double)codeBytes / wasmBytes;
        output.WriteLine($"{kernel}: {wasmBytes} wasm bytes, {codeBytes} code bytes, {ratio:F2}x; largest ratio of a function of 64+ bytes {worst:F2}x, of a smaller one {worstSmall:F2}x ({smallBody} bytes)");
        Assert.InRange(ratio, 0.5, 4.0);
        Assert.InRange(worst, 0.5, 4.0);
    }
}
