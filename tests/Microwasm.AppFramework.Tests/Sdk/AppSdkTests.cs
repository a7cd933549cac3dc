using Microwasm.AppFramework.Tests.Support;
using Microwasm.TestSupport;

namespace Microwasm.AppFramework.Tests.Sdk;

public sealed class AppSdkTests
{
    public static TheoryData<string> Samples => new(["timer", "request_handler", "request_sender", "event_publisher", "event_subscriber"]);

    public static TheoryData<string> WamrSources => new(Directory.EnumerateFiles(SampleApplets.WamrSamplesDirectory, "*.c").Select(Path.GetFileNameWithoutExtension).Order()!);

    [Theory]
    [MemberData(nameof(Samples))]
    public void ThePrebuiltSamplesAreWhatTheirSourcesBuild(string name)
    {
        var committed = File.ReadAllBytes(Path.Combine(SampleApplets.SamplesDirectory, name + ".wasm"));
        var built = SampleApplets.BuildWithOurSdk(Path.Combine(SampleApplets.SamplesDirectory, name + ".c"));
        Assert.True(committed.AsSpan().SequenceEqual(built), $"samples/simple/{name}.wasm is stale: run samples/simple/build.sh");
    }

    [Theory]
    [MemberData(nameof(WamrSources))]
    public void WamrsSampleSourcesCompileUnchangedAgainstOurSdk(string name)
    {
        var module = SampleApplets.BuildWithOurSdk(Path.Combine(SampleApplets.WamrSamplesDirectory, name + ".c"));
        var exports = new Microwasm.Host.WasmRuntime().Load(module).Exports.Select(e => e.Name).ToArray();
        Assert.Contains("on_init", exports);
        Assert.Contains("on_request", exports);
        Assert.Contains("__heap_base", exports);
    }

    [Fact]
    public void TheSdksCUnitTestsPassUnderAddressSanitizer()
    {
        var (code, log) = SampleApplets.Run("bash", Path.Combine(WamrTools.RepositoryRoot, "app-sdk", "tests", "run-native-tests.sh"));
        Assert.True(code == 0, log);
        Assert.Matches(@"\b\d{3,} checks, 0 failures", log);
    }
}
