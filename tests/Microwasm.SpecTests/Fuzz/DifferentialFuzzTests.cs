using System.Diagnostics;
using Xunit.Abstractions;

namespace Microwasm.SpecTests.Fuzz;

/// <summary>A fact that is skipped, saying why, where binaryen's wasm-opt is not installed.</summary>
public sealed class WasmOptFactAttribute : FactAttribute
{
    public WasmOptFactAttribute()
    {
        if (DifferentialFuzz.WasmOpt is null)
        {
            Skip = "binaryen's wasm-opt is not on PATH (.ci/run must install binaryen: apt-get install binaryen)";
        }
    }
}

/// <summary>
/// The interpreter and the compiler agree on modules made by <c>wasm-opt -ttf</c> (see
/// <see cref="DifferentialFuzz"/>). The CI run takes 50 fixed seeds; the long run is the same test
/// with <c>MICROWASM_FUZZ_MODULES=10000</c> (and <c>MICROWASM_FUZZ_FIRST</c> to start elsewhere);
/// <c>MICROWASM_FUZZ_KEEP=DIR</c> saves every mismatching module there for triage.
/// </summary>
public class DifferentialFuzzTests(ITestOutputHelper output)
{
    private const int DefaultModules = 50;

    // a call that runs longer is interrupted and the module not compared (wasm-opt's hang limit
    // normally ends loops long before)
    private static readonly TimeSpan s_callLimit = TimeSpan.FromSeconds(10);

    [WasmOptFact]
    public void InterpreterAndCompilerAgreeOnGeneratedModules()
    {
        if (Environment.GetEnvironmentVariable("MICROWASM_FUZZ_FILE") is { } file)
        {
            // triage: one saved module, both transcripts side by side
            var one = DifferentialFuzz.Compare(File.ReadAllBytes(file), s_callLimit);
            for (var i = 0; i < Math.Max(one.Interpreter.Lines.Count, one.Compiler.Lines.Count); i++)
            {
                var a = i < one.Interpreter.Lines.Count ? one.Interpreter.Lines[i] : "";
                var b = i < one.Compiler.Lines.Count ? one.Compiler.Lines[i] : "";
                output.WriteLine(a == b ? $"  {a}" : $"! {a}  <>  {b}");
            }
            Assert.Null(one.Mismatch);
            return;
        }
        var count = int.TryParse(Environment.GetEnvironmentVariable("MICROWASM_FUZZ_MODULES"), out var n) ? n : DefaultModules;
        var first = int.TryParse(Environment.GetEnvironmentVariable("MICROWASM_FUZZ_FIRST"), out var f) ? f : 0;
        var keep = Environment.GetEnvironmentVariable("MICROWASM_FUZZ_KEEP");
        var work = Directory.CreateTempSubdirectory("microwasm-fuzz-");
        var mismatches = new List<string>();
        int timedOut = 0, lines = 0, simd = 0;
        var notRun = new Dictionary<string, int>();
        var clock = Stopwatch.StartNew();
        try
        {
            for (var i = first; i < first + count; i++)
            {
                var wasm = DifferentialFuzz.Generate(i, work.FullName);
                var outcome = DifferentialFuzz.Compare(wasm, s_callLimit);
                lines += outcome.Interpreter.Lines.Count;
                if (i == first)
                {
                    // one transcript in the output, to see what is compared
                    foreach (var line in outcome.Compiler.Lines.Take(12))
                    {
                        output.WriteLine($"  | {line}");
                    }
                }
                simd += wasm.AsSpan().IndexOf((byte)0xFD) >= 0 ? 1 : 0;
                var head = outcome.Interpreter.Lines.FirstOrDefault() ?? "";
                if (head.StartsWith("load:", StringComparison.Ordinal) || head.StartsWith("unsupported import", StringComparison.Ordinal))
                {
                    notRun[head] = notRun.GetValueOrDefault(head) + 1;
                }
                if (outcome.TimedOut)
                {
                    timedOut++;
                }
                if (outcome.Mismatch is { } mismatch)
                {
                    mismatches.Add($"seed {i}: {mismatch}");
                    if (keep is not null)
                    {
                        Directory.CreateDirectory(keep);
                        File.WriteAllBytes(Path.Combine(keep, $"seed{i}.wasm"), wasm);
                        File.WriteAllLines(Path.Combine(keep, $"seed{i}.interp.txt"), outcome.Interpreter.Lines);
                        File.WriteAllLines(Path.Combine(keep, $"seed{i}.compiler.txt"), outcome.Compiler.Lines);
                    }
                }
                if (count > DefaultModules && (i - first + 1) % 500 == 0)
                {
                    Console.Error.WriteLine($"fuzz: {i - first + 1} modules, {mismatches.Count} mismatches, {timedOut} timed out, {clock.Elapsed.TotalSeconds:F0} s");
                }
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }
        output.WriteLine($"seeds {first}..{first + count - 1}: {count} modules ({simd} with 0xFD bytes), {lines} transcript lines, " +
            $"{timedOut} timed out, {mismatches.Count} mismatches, {clock.Elapsed.TotalSeconds:F1} s");
        foreach (var (reason, times) in notRun.OrderByDescending(r => r.Value))
        {
            output.WriteLine($"  not run {times}x: {reason}");
        }
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches.Take(20)));
        Assert.True(notRun.Values.Sum() < count / 10, "most modules must load and run");
        Assert.True(lines > count, "the modules did next to nothing");
    }
}
