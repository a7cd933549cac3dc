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
    public int UnsupportedSkipped => _files.Sum(f => f.UnsupportedSkipped);
    public int SupersededSkipped => _files.Sum(f => f.SupersededSkipped);
    public TimeSpan Elapsed => TimeSpan.FromTicks(_files.Sum(f => f.Elapsed.Ticks));

    /// <summary>The unsupported commands of all scripts by feature, most first.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> UnsupportedByFeature =>
    [
        .. _files.SelectMany(f => f.UnsupportedByFeature)
            .GroupBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(g => KeyValuePair.Create(g.Key, g.Sum(kv => kv.Value)))
            .OrderByDescending(kv => kv.Value)
            .ThenBy(kv => kv.Key, StringComparer.Ordinal),
    ];

    /// <summary>Names of the scripts that had commands skipped for an unsupported feature.</summary>
    public IEnumerable<string> UnsupportedFeatureFiles => _files.Where(f => f.UsesUnsupportedFeature).Select(f => f.Name);

    public void Add(WastFileResult result) => _files.Add(result);

    /// <summary>Writes the totals: counts, text-module skips and the unsupported commands by feature.</summary>
    public void WriteTotals(TextWriter writer)
    {
        writer.WriteLine($"total: {Passed} passed, {Failed} failed, {Skipped} skipped");
        writer.WriteLine($"text modules skipped: {TextSkipped}");
        var byFeature = UnsupportedByFeature;
        writer.WriteLine(byFeature.Count == 0
            ? "unsupported: none"
            : $"unsupported: {UnsupportedSkipped} ({string.Join(", ", byFeature.Select(kv => $"{kv.Key} {kv.Value}"))})");
        if (SupersededSkipped > 0)
        {
            writer.WriteLine($"superseded (contradicted by the suite's core scripts): {SupersededSkipped}");
        }
    }

    /// <summary>
    /// The totals as a Markdown table, as README shows them: passed, failed, and the unsupported
    /// commands by feature (one row per feature). <paramref name="suite"/> names the first column.
    /// </summary>
    public string ToMarkdownTable(string suite)
    {
        var writer = new StringWriter();
        writer.WriteLine($"| {suite} | commands |");
        writer.WriteLine("|---|---:|");
        writer.WriteLine($"| passed | {Passed:N0} |");
        writer.WriteLine($"| failed | {Failed:N0} |");
        if (SupersededSkipped != 0)
        {
            writer.WriteLine($"| superseded (contradicted by the suite's core scripts) | {SupersededSkipped:N0} |");
        }
        var other = Skipped - UnsupportedSkipped - SupersededSkipped;
        if (other != 0)
        {
            writer.WriteLine($"| skipped (other) | {other:N0} |");
        }
        foreach (var (feature, count) in UnsupportedByFeature)
        {
            writer.WriteLine($"| unsupported: {feature} | {count:N0} |");
        }
        return writer.ToString();
    }
}
