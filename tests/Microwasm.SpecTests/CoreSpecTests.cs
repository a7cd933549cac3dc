using Microwasm.Cli.Wast;
using Microwasm.Cli;
using Xunit.Abstractions;

namespace Microwasm.SpecTests;

/// <summary>
/// Every core script of the spec test suite on every engine of this build: one test case per
/// engine and <c>.wast</c> file, run by the harness.
/// </summary>
public class CoreSpecTests
{
    // Enough failure lines to see the pattern; `microwasm wast --verbose` prints them all.
    private const int MaxReportedFailures = 100;

    private readonly ITestOutputHelper _output;

    public CoreSpecTests(ITestOutputHelper output)
    {
        _output = output;
    }

    public static TheoryData<string, string> CoreScripts()
    {
        var names = SpecCorpus.CoreScriptNames();
        var data = new TheoryData<string, string>();
        foreach (var engine in Engines.Names)
        {
            // With no test suite there would be no cases and so nothing to fail; one case says why.
            foreach (var name in names.Count == 0 ? ["(spec-testsuite not found)"] : names)
            {
                data.Add(engine, name);
            }
        }
        return data;
    }

    /// <summary>
    /// The engine called <paramref name="name"/>. Tier-up runs with thresholds so low that the suite
    /// exercises both tiers and the switch between them: a function is promoted at its second call
    /// (so an export asserted twice runs interpreted, then compiled), a loop goes on in compiled code
    /// after 4 iterations, and compilation is on the calling thread, so every run switches at the
    /// same point.
    /// </summary>
    internal static Microwasm.Runtime.IEngine CreateEngine(string name) =>
        name == "auto" ? new Microwasm.Compiler.TieredEngine(callThreshold: 1, loopThreshold: 4, compileInBackground: false) : Engines.Create(name);

    [Theory]
    [MemberData(nameof(CoreScripts))]
    public void CoreScriptHasNoFailures(string engine, string name)
    {
        Assert.True(Directory.Exists(SpecCorpus.TestSuiteDirectory), $"spec test suite not found at {SpecCorpus.TestSuiteDirectory}");

        // Every engine of this build must be able to run the suite: a missing one fails here.
        var result = WastExecutionHandlers.CreateRunner(CreateEngine(engine)).RunFile(SpecCorpus.CoreScriptPath(name));

        _output.WriteLine($"{result.Summary} ({result.TextSkipped} text, {result.UnsupportedSkipped} SIMD) in {result.Elapsed.TotalMilliseconds:F0} ms");
        if (result.Failed > 0)
        {
            var report = new StringWriter();
            report.WriteLine(result.Summary);
            foreach (var failure in result.Failures.Take(MaxReportedFailures))
            {
                report.WriteLine($"  {failure}");
            }
            if (result.Failures.Count > MaxReportedFailures)
            {
                report.WriteLine($"  ... and {result.Failures.Count - MaxReportedFailures} more");
            }
            Assert.Fail(report.ToString());
        }
    }
}
