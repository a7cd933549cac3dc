using Microwasm.Text;

namespace Microwasm.SpecTests;

/// <summary>
/// The 2026 test suite (<c>../shared/spec-testsuite-latest</c>, WebAssembly 3.0 and proposals):
/// every script parses, and every module that is not meant to be malformed gives its binary,
/// including the features the runtime does not execute yet.
/// </summary>
public class LatestSuiteParseTests
{
    private static string LatestDirectory => Path.Combine(SpecCorpus.SharedDirectory, "spec-testsuite-latest");

    [Fact]
    public void EveryScriptAndModuleOfTheLatestSuiteParses()
    {
        Assert.True(Directory.Exists(LatestDirectory), $"2026 test suite not found at {LatestDirectory}");
        var files = Directory.GetFiles(LatestDirectory, "*.wast", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        var problems = new List<string>();
        var modules = 0;
        foreach (var file in files)
        {
            List<WastScriptCommand> commands;
            try
            {
                commands = WastParser.Parse(File.ReadAllText(file));
            }
            catch (WatParseException ex)
            {
                problems.Add($"{Path.GetRelativePath(LatestDirectory, file)}: {ex.Message}");
                continue;
            }
            foreach (var command in commands)
            {
                if (command.Module is not { } module || command.Type is "assert_malformed" or "assert_malformed_custom")
                {
                    continue;
                }
                modules++;
                try
                {
                    module.GetBinary();
                }
                catch (WatParseException ex)
                {
                    problems.Add($"{Path.GetRelativePath(LatestDirectory, file)}:{command.Line}: {command.Type}: {ex.Message}");
                }
            }
        }
        Assert.True(files.Count >= 288, $"{files.Count} scripts");
        Assert.True(modules > 5000, $"{modules} modules");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }
}
