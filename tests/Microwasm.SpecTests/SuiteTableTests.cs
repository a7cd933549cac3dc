using Microwasm.Cli;
using Microwasm.Cli.Wast;
using Xunit.Abstractions;

namespace Microwasm.SpecTests;

/// <summary>
/// Both suites whole, on every engine, as README's tables show them: the 2022 suite (WebAssembly
/// 2.0) passes with nothing failed or skipped; the 2026 suite (3.0 and proposals) has nothing
/// failed, and every command that does not pass is "unsupported: FEATURE" (a feature Microwasm
/// lacks, by its proposal's name) or one of the few assertions the suite's own core scripts
/// contradict (<see cref="WastSuperseded"/>). The tables are written to the test output; the same
/// come from <c>microwasm wast --table [--spec 2.0] SCRIPTS</c>.
/// </summary>
public class SuiteTableTests
{
    private readonly ITestOutputHelper _output;

    public SuiteTableTests(ITestOutputHelper output)
    {
        _output = output;
    }

    public static TheoryData<string> EngineNames() => [.. Engines.Names];

    private static WastReport Run(string engine, IEnumerable<string> scripts, bool wasm20)
    {
        var runner = WastExecutionHandlers.CreateRunner(Engines.Create(engine), wasm20: wasm20);
        var report = new WastReport();
        foreach (var script in scripts)
        {
            report.Add(runner.RunFile(script));
        }
        return report;
    }

    private static string Failures(WastReport report) => string.Join(Environment.NewLine,
        report.Files.SelectMany(f => f.Failures.Select(x => $"{f.Name}: {x}")).Take(50));

    [Theory]
    [MemberData(nameof(EngineNames))]
    public void The2026SuiteFailsNothingAndNamesEveryFeatureItLacks(string engine)
    {
        var scripts = SpecCorpus.LatestScripts();
        Assert.True(scripts.Count >= 288, $"{scripts.Count} scripts in {SpecCorpus.LatestDirectory}");

        var report = Run(engine, scripts, wasm20: false);

        _output.WriteLine(report.ToMarkdownTable($"2026 suite ({engine})"));
        Assert.True(report.Failed == 0, Failures(report));
        // nothing skipped without a reason the table names
        Assert.Equal(report.Skipped, report.UnsupportedSkipped + report.SupersededSkipped);
        Assert.True(report.SupersededSkipped <= 6, $"{report.SupersededSkipped} superseded");
        Assert.True(report.Passed > 60_000, $"{report.Passed} passed");
        var features = report.UnsupportedByFeature.Select(kv => kv.Key).ToHashSet(StringComparer.Ordinal);
        Assert.Subset(s_knownFeatures, features);
        // the proposals the suite covers, each met
        Assert.Superset(new HashSet<string>(StringComparer.Ordinal) { "memory64", "multi-memory", "gc", "function-references", "exception-handling", "tail-call", "extended-const", "relaxed-simd", "threads", "wide-arithmetic", "custom-page-sizes" }, features);
    }

    private static readonly HashSet<string> s_knownFeatures = new(StringComparer.Ordinal)
    {
        "memory64", "multi-memory", "gc", "function-references", "exception-handling", "tail-call", "extended-const",
        "relaxed-simd", "threads", "wide-arithmetic", "custom-page-sizes", "custom-descriptors", "stack-switching",
        "branch-hinting", "name-annotations",
    };

    [Theory]
    [MemberData(nameof(EngineNames))]
    public void The2022SuitePassesWhole(string engine)
    {
        var scripts = SpecCorpus.CoreScriptNames().Select(n => Path.Combine(SpecCorpus.TestSuiteDirectory, n + ".wast")).ToList();
        Assert.True(scripts.Count >= 146, $"{scripts.Count} scripts in {SpecCorpus.TestSuiteDirectory}");

        var report = Run(engine, scripts, wasm20: true);

        _output.WriteLine(report.ToMarkdownTable($"2022 suite ({engine})"));
        Assert.True(report.Failed == 0, Failures(report));
        Assert.Equal(0, report.Skipped);
        Assert.True(report.Passed > 53_000, $"{report.Passed} passed");
    }
}
