using BenchmarkDotNet.Attributes;
using Microwasm.Text;

namespace Microwasm.Benchmarks;

/// <summary>
/// The text printer (issue #19: printing is linear in module size): the largest module of
/// <c>../shared/bench/wasm</c> (strings.wasm, 30 KB of clang -O2 code), and a 1 MB module made by
/// repeating the dispatch kernels' bodies; and reading the 1 MB module's text back.
/// </summary>
[MemoryDiagnoser]
public class WatPrinterBenchmarks
{
    private byte[] _strings = null!;
    private byte[] _large = null!;
    private string _largeText = null!;

    [GlobalSetup]
    public void Setup()
    {
        _strings = File.ReadAllBytes(Path.Combine(SharedBench(), "wasm", "strings.wasm"));
        _large = SyntheticModule.Repeat(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "wasm", "dispatch.wasm")), 1 << 20);
        _largeText = WatPrinter.Print(_large);
    }

    [Benchmark(Description = "print strings.wasm (30 KB)")]
    public int PrintStrings() => WatPrinter.Print(_strings).Length;

    [Benchmark(Description = "print 1 MB")]
    public int PrintLarge() => WatPrinter.Print(_large).Length;

    [Benchmark(Description = "parse the 1 MB module's text")]
    public int ParseLargeText() => Wat.ToBinary(_largeText).Length;

    private static string SharedBench()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "..", "shared", "bench");
            if (File.Exists(Path.Combine(dir.FullName, "Microwasm.slnx")) && Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException("../shared/bench not found above " + AppContext.BaseDirectory);
    }
}
