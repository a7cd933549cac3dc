using Microwasm.Cli;
using Microwasm.Cli.Wast;
using Microwasm.Text;
using Xunit.Abstractions;

namespace Microwasm.SpecTests;

/// <summary>
/// The core scripts run from their <c>.wast</c> source, parsed by Microwasm.Text (no wast2json):
/// the text-format modules run too, so nothing is skipped.
/// </summary>
public class CoreWastTests
{
    private const int MaxReportedFailures = 100;

    private readonly ITestOutputHelper _output;

    public CoreWastTests(ITestOutputHelper output)
    {
        _output = output;
    }

    private static string WastPath(string name) => Path.Combine(SpecCorpus.TestSuiteDirectory, name + ".wast");

    [Theory]
    [MemberData(nameof(CoreSpecTests.CoreScripts), MemberType = typeof(CoreSpecTests))]
    public void CoreWastScriptPassesWithNothingSkipped(string engine, string name)
    {
        Assert.True(Directory.Exists(SpecCorpus.TestSuiteDirectory), $"spec test suite not found at {SpecCorpus.TestSuiteDirectory}");

        var result = WastExecutionHandlers.CreateRunner(CoreSpecTests.CreateEngine(engine)).RunFile(WastPath(name));

        _output.WriteLine($"{result.Summary} in {result.Elapsed.TotalMilliseconds:F0} ms");
        if (result.Failed > 0 || result.Skipped > 0)
        {
            var report = new StringWriter();
            report.WriteLine(result.Summary);
            foreach (var failure in result.Failures.Take(MaxReportedFailures))
            {
                report.WriteLine($"  {failure}");
            }
            Assert.Fail(report.ToString());
        }
        Assert.True(result.Passed > 0);
    }

    /// <summary>Every text module an <c>assert_malformed</c> gives is rejected by the parser, at a position.</summary>
    [Fact]
    public void EveryMalformedTextModuleGivesAPositionedError()
    {
        var count = 0;
        var decoderRejected = 0;
        foreach (var name in SpecCorpus.CoreScriptNames())
        {
            foreach (var command in WastParser.Parse(File.ReadAllText(WastPath(name))))
            {
                if (command.Type != "assert_malformed" || command.Module is not { Kind: not WastModuleKind.Binary } module)
                {
                    continue;
                }
                count++;
                byte[] bytes;
                try
                {
                    bytes = module.GetBinary();
                }
                catch (WatParseException ex)
                {
                    Assert.True(ex.Line >= 1 && ex.Column >= 1, $"{name}.wast:{command.Line}: {ex.Message}");
                    continue;
                }
                // Limits and offsets beyond 32 bits are read as u64, as Wasm 3.0 does; a 2.0 decoder then rejects them.
                Assert.Throws<Microwasm.Binary.WasmDecodeException>(() => Microwasm.Runtime.ModuleLoader.Load(bytes));
                decoderRejected++;
            }
        }
        // The 2022 suite has 736 of them; fewer means the scripts were not all read.
        Assert.True(count >= 736, $"{count} malformed text modules");
        // Only the 32-bit range checks of memory limits and offsets (9 in the 2022 suite) are left to the decoder.
        Assert.True(decoderRejected <= 9, $"{decoderRejected} malformed text modules parsed");
    }
}
