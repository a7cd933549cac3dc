using Microwasm.AppFramework.Tests.Support;
using Microwasm.TestSupport;

namespace Microwasm.AppFramework.Tests.Sdk;

/// <summary>The other direction of compatibility: applets built with our SDK, run by WAMR's own runtime and driven by WAMR's host tool.</summary>
public sealed class OurAppletsInWamrTests
{
    /// <summary>
    /// Runs WAMR's host tool. WAMR's runtime serves one connection at a time and, on a loaded
    /// machine, now and then misses a request that follows the previous connection closely (the
    /// host tool then times out, exit status 2, with WAMR's own applets as with ours): such a
    /// timeout is retried once.
    /// </summary>
    private static (int ExitCode, string Output) HostTool(int port, params string[] arguments)
    {
        var result = SampleApplets.Run(Path.Combine(WamrTools.Directory, "host_tool"), ["-P", port.ToString(), .. arguments]);
        if (result.ExitCode == 2 && !arguments.Contains("-i"))
        {
            Thread.Sleep(500);
            result = SampleApplets.Run(Path.Combine(WamrTools.Directory, "host_tool"), ["-P", port.ToString(), .. arguments]);
        }
        return result;
    }

    [Fact]
    public async Task OurSamplesAnswerInWamrsSimpleRuntime()
    {
        await using var runtime = await WamrTools.StartRuntimeAsync();
        var port = runtime.Port;
        foreach (var name in new[] { "request_handler", "event_publisher", "timer" })
        {
            var (installed, text) = HostTool(port, "-i", name, "-f", Path.Combine(SampleApplets.SamplesDirectory, name + ".wasm"));
            Assert.True(installed == 65, $"install {name}: {installed}\n{text}");
        }
        var (status, answer) = HostTool(port, "-r", "/app/request_handler/url1", "-A", "GET");
        Assert.Equal(69, status);
        Assert.Contains("\"key1\":\t\"value1\"", answer);
        Assert.Contains("\"key2\":\t\"value2\"", answer);
        (status, _) = HostTool(port, "-r", "/url2", "-A", "DELETE");
        Assert.Equal(66, status);
        (status, answer) = HostTool(port, "-s", "/alert/overheat", "-a", "2500");
        Assert.Equal(69, status);
        Assert.Contains("received an event alert/overheat", answer);
        Assert.Contains("temperature is over high", answer);
        (status, answer) = HostTool(port, "-q");
        Assert.Equal(69, status);
        Assert.Contains("\"num\":\t3", answer);
        Assert.Equal(66, HostTool(port, "-u", "timer").ExitCode);
        Assert.Contains("Timer update 1", await runtime.StopAsync());
    }
}
