using Microwasm.Cli;
using Microwasm.Cli.Wast;
using Microwasm.Text;
using Xunit.Abstractions;

namespace Microwasm.SpecTests;

/// <summary>
/// The core scripts of the 2022 suite (WebAssembly 2.0) on every engine of this build, run from
/// their <c>.wast</c> source, parsed by Microwasm.Text (no wabt): the text-format modules run too,
/// so nothing is skipped. One test case per engine and script.
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

    /// <summary>
    /// The engine of that name; <c>auto</c> with thresholds low enough (a function's first call, a
    /// loop's fourth iteration) and compiling on the calling thread, so that the suite really runs
    /// promoted code and switches in the middle of loops rather than staying interpreted.
    /// </summary>
    internal static Microwasm.Runtime.IEngine CreateEngine(string name) =>
        name == "auto" ? new Microwasm.Compiler.TieredEngine(callThreshold: 1, loopThreshold: 4, compileInBackground: false) : Engines.Create(name);

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

    [Theory]
    [MemberData(nameof(CoreScripts))]
    public void CoreWastScriptPassesWithNothingSkipped(string engine, string name)
    {
        Assert.True(Directory.Exists(SpecCorpus.TestSuiteDirectory), $"spec test suite not found at {SpecCorpus.TestSuiteDirectory}");

        // the 2022 suite is WebAssembly 2.0's: bytes 3.0 reads as a feature are judged as 2.0 does
        var result = WastExecutionHandlers.CreateRunner(CreateEngine(engine), wasm20: true).RunFile(WastPath(name));

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
                // Limits and offsets beyond 32 bits are read as u64, as Wasm 3.0 does (invalid there); 2.0 rejects them as malformed.
                var error = Assert.ThrowsAny<WasmException>(() => Microwasm.Runtime.ModuleLoader.Load(bytes));
                Assert.IsType<Microwasm.Binary.WasmDecodeException>(error.AsWasm20);
                decoderRejected++;
            }
        }
        // The 2022 suite has 736 of them; fewer means the scripts were not all read.
        Assert.True(count >= 736, $"{count} malformed text modules");
        // Only the 32-bit range checks of memory limits and offsets (9 in the 2022 suite) are left to the decoder.
        Assert.True(decoderRejected <= 9, $"{decoderRejected} malformed text modules parsed");
    }
}
