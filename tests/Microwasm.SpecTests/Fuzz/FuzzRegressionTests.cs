using Microwasm.Cli;
using Microwasm.Cli.Wast;

namespace Microwasm.SpecTests.Fuzz;

/// <summary>
/// Every mismatch the differential fuzzer found, reduced to a script in Fuzz/Regressions with the
/// right answers (each file says which seed and what was wrong), run on every engine.
/// </summary>
public class FuzzRegressionTests
{
    private static string RegressionDirectory => Path.Combine(SpecCorpus.RepositoryRoot, "tests", "Microwasm.SpecTests", "Fuzz", "Regressions");

    public static TheoryData<string, string> Scripts()
    {
        var data = new TheoryData<string, string>();
        foreach (var engine in Engines.Names)
        {
            foreach (var file in Directory.GetFiles(RegressionDirectory, "*.wast").Order())
            {
                data.Add(engine, Path.GetFileName(file));
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void RegressionScriptPasses(string engine, string name)
    {
        var result = WastExecutionHandlers.CreateRunner(Engines.Create(engine)).RunFile(Path.Combine(RegressionDirectory, name));
        Assert.True(result.Failed == 0 && result.Skipped == 0, $"{result.Summary}\n{string.Join("\n", result.Failures)}");
        Assert.True(result.Passed > 0);
    }
}
