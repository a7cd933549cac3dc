using Microwasm.Cli.Wast;
using Xunit.Abstractions;

namespace Microwasm.SpecTests;

/// <summary>Every core script of the spec test suite, one test case per <c>.wast</c> file, run by the harness.</summary>
public class CoreSpecTests
{
    // Enough failure lines to see the pattern; `microwasm wast --verbose` prints them all.
    private const int MaxReportedFailures = 100;

    private readonly ITestOutputHelper _output;

    public CoreSpecTests(ITestOutputHelper output)
    {
        _output = output;
    }

    public static TheoryData<string> CoreScripts()
    {
        var names = SpecCorpus.CoreScriptNames();
        // With no test suite there would be no cases and so nothing to fail; one case says why.
        return names.Count == 0 ? new TheoryData<string>("(spec-testsuite not found)") : new TheoryData<string>(names);
    }

    [Theory]
    [MemberData(nameof(CoreScripts))]
    public void CoreScriptHasNoFailures(string name)
    {
        Assert.True(Directory.Exists(SpecCorpus.TestSuiteDirectory), $"spec test suite not found at {SpecCorpus.TestSuiteDirectory}");

        var result = WastExecutionHandlers.CreateRunner().RunFile(SpecCorpus.CoreScriptPath(name));

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
