using BenchmarkDotNet.Attributes;
using Microwasm.Text;

namespace Microwasm.Benchmarks;

/// <summary>
/// The text format's performance lines of issue #19: every <c>.wast</c> script of the 2026 suite
/// (<c>../shared/spec-testsuite-latest</c>, 288 files, subfolders included) parsed, and every module
/// in them assembled (target: ≤ 2 s in all); a 1 MB <c>.wat</c> parsed (target: ≤ 100 ms).
/// </summary>
[MemoryDiagnoser]
public class TextParseBenchmarks
{
    private string[] _scripts = null!;
    private string _megabyteWat = null!;

    [GlobalSetup]
    public void Setup()
    {
        _scripts = [.. Directory.EnumerateFiles(TextCorpus.SharedDirectory("spec-testsuite-latest"), "*.wast", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(File.ReadAllText)];
        _megabyteWat = TextCorpus.WatOfSize(1 << 20);
    }

    [Benchmark(Description = "2026 suite: parse 288 .wast scripts")]
    public int ParseLatestScripts()
    {
        var commands = 0;
        foreach (var script in _scripts)
        {
            commands += WastParser.Parse(script).Count;
        }
        return commands;
    }

    [Benchmark(Description = "2026 suite: parse 288 .wast scripts and assemble every module")]
    public long ParseLatestScriptsAndModules()
    {
        long bytes = 0;
        foreach (var script in _scripts)
        {
            foreach (var command in WastParser.Parse(script))
            {
                if (command.Module is not { } module)
                {
                    continue;
                }
                try
                {
                    bytes += module.GetBinary().Length;
                }
                catch (WatParseException)
                {
                    // the malformed text modules of assert_malformed
                }
            }
        }
        return bytes;
    }

    [Benchmark(Description = "parse a 1 MB .wat")]
    public int ParseMegabyteWat() => Wat.ToBinary(_megabyteWat).Length;
}

/// <summary>
/// Printing is linear in module size (issue #19): the same kind of code (the dispatch kernels'
/// bodies repeated) printed at 256 KB, 1 MB and 4 MB; time per byte should not grow.
/// </summary>
[MemoryDiagnoser]
public class WatPrinterScalingBenchmarks
{
    private byte[] _module = null!;

    [Params(256 * 1024, 1024 * 1024, 4 * 1024 * 1024)]
    public int ModuleBytes { get; set; }

    [GlobalSetup]
    public void Setup() => _module = TextCorpus.ModuleOfSize(ModuleBytes);

    [Benchmark(Description = "print")]
    public int Print() => WatPrinter.Print(_module).Length;
}

/// <summary>The inputs of the text benchmarks.</summary>
internal static class TextCorpus
{
    /// <summary>The dispatch kernels' bodies repeated to about <paramref name="size"/> bytes of module.</summary>
    public static byte[] ModuleOfSize(int size) =>
        SyntheticModule.Repeat(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "wasm", "dispatch.wasm")), size);

    /// <summary>The text of such a module, scaled so that the text is about <paramref name="size"/> characters.</summary>
    public static string WatOfSize(int size)
    {
        var probe = WatPrinter.Print(ModuleOfSize(size / 4));
        var module = ModuleOfSize((int)((long)size * (size / 4) / probe.Length));
        return WatPrinter.Print(module);
    }

    /// <summary><c>../shared/NAME</c> beside the repository.</summary>
    public static string SharedDirectory(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "..", "shared", name);
            if (File.Exists(Path.Combine(dir.FullName, "Microwasm.slnx")) && Directory.Exists(candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }
        throw new InvalidOperationException($"../shared/{name} not found above {AppContext.BaseDirectory}");
    }
}

/// <summary>
/// <c>dotnet run -c Release --project bench/Microwasm.Benchmarks -- text [N]</c>: the text format's
/// performance lines, each the fastest of N runs (default 10) after a warm-up, so that a loaded
/// machine's noise shows less than in a mean: the 2026 suite parsed, a 1 MB .wat parsed, and
/// printing at 256 KB, 1 MB and 4 MB with the time per module byte (linear: the same at each size),
/// into one string and streamed to a <see cref="TextWriter"/>.
/// </summary>
internal static class TextFormatTimes
{
    public static void Run(int runs)
    {
        var parse = new TextParseBenchmarks();
        parse.Setup();
        Console.WriteLine($"2026 suite, 288 .wast scripts parsed, every module assembled: {Fastest(runs, () => parse.ParseLatestScriptsAndModules()):F0} ms (target ≤ 2000 ms)");
        Console.WriteLine($"a 1 MB .wat parsed: {Fastest(runs, () => parse.ParseMegabyteWat()):F1} ms (target ≤ 100 ms)");
        foreach (var size in new[] { 256 * 1024, 1024 * 1024, 4 * 1024 * 1024 })
        {
            var module = TextCorpus.ModuleOfSize(size);
            var ms = Fastest(runs, () => WatPrinter.Print(module).Length);
            // streamed, function by function: the text is never held whole, so the cache holds the working set
            var streamed = Fastest(runs, () =>
            {
                WatPrinter.Print(module, TextWriter.Null);
                return 0;
            });
            Console.WriteLine($"print {module.Length / 1024} KB: {ms:F1} ms, {ms * 1e6 / module.Length:F1} ns per module byte " +
                $"(to a TextWriter: {streamed:F1} ms, {streamed * 1e6 / module.Length:F1} ns per byte)");
        }
    }

    private static double Fastest(int runs, Func<long> work)
    {
        work();
        var best = double.MaxValue;
        for (var i = 0; i < runs; i++)
        {
            var stopwatch = System.Diagnostics.Stopwatch.StartNew();
            work();
            best = Math.Min(best, stopwatch.Elapsed.TotalMilliseconds);
        }
        return best;
    }
}
