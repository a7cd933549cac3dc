namespace Microwasm.Cli.Wast;

/// <summary>The results of several scripts and their totals.</summary>
public sealed class WastReport
{
    private readonly List<WastFileResult> _files = [];

    public IReadOnlyList<WastFileResult> Files => _files;

    public int Passed => _files.Sum(f => f.Passed);
    public int Failed => _files.Sum(f => f.Failed);
    public int Skipped => _files.Sum(f => f.Skipped);
    public int TextSkipped => _files.Sum(f => f.TextSkipped);
    public TimeSpan Elapsed => TimeSpan.FromTicks(_files.Sum(f => f.Elapsed.Ticks));

    /// <summary>Names of the scripts that had modules skipped for using SIMD.</summary>
    public IEnumerable<string> UnsupportedFeatureFiles => _files.Where(f => f.UsesUnsupportedFeature).Select(f => f.Name);

    public void Add(WastFileResult result) => _files.Add(result);

    /// <summary>Writes the totals: counts, text-module skips and the scripts with unsupported features.</summary>
    public void WriteTotals(TextWriter writer)
    {
        writer.WriteLine($"total: {Passed} passed, {Failed} failed, {Skipped} skipped");
        writer.WriteLine($"text modules skipped: {TextSkipped}");
        var unsupported = UnsupportedFeatureFiles.ToList();
        writer.WriteLine(unsupported.Count == 0
            ? "modules with unsupported features skipped in: none"
            : $"modules with unsupported features skipped in: {string.Join(", ", unsupported)}");
    }
}
