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
    /// timeout is retried once — except an install or an uninstall, which WAMR may have carried out
    /// after the host tool gave up (a second uninstall then fails with 5.00 "no app found").
    /// </summary>
    private static (int ExitCode, string Output) HostTool(int port, params string[] arguments)
    {
        var result = SampleApplets.Run(Path.Combine(WamrTools.Directory, "host_tool"), ["-P", port.ToString(), .. arguments]);
        if (result.ExitCode == 2 && !arguments.Contains("-i") && !arguments.Contains("-u"))
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
        var (uninstalled, uninstallText) = HostTool(port, "-u", "timer");
        if (uninstalled == 2)
        {
            // the host tool timed out (a loaded machine): whether WAMR uninstalled it, its list says
            (status, answer) = HostTool(port, "-q");
            Assert.Equal(69, status);
            Assert.True(!answer.Contains("\"timer\"", StringComparison.Ordinal), $"timer still installed after a timed-out uninstall:\n{uninstallText}\n{answer}");
        }
        else
        {
            Assert.True(uninstalled == 66, $"uninstall timer: {uninstalled}\n{uninstallText}");
        }
        Assert.Contains("Timer update 1", await runtime.StopAsync());
    }
}
