using Microwasm.AppFramework.Tests.Support;
using Microwasm.TestSupport;

namespace Microwasm.AppFramework.Tests.Transports;

/// <summary>
/// WAMR's own host tool (built from WAMR b9db23b by <c>../shared/tools/build-wamr-tools</c>) driving
/// our remote manager: its output and exit status (the response's status byte, 2 on a timeout) are
/// what it prints and returns against WAMR's <c>simple</c> runtime, checked by the same assertions as
/// <c>OurAppletsInWamrTests</c>.
/// </summary>
public sealed class HostToolInteropTests
{
    private static (int ExitCode, string Output) HostTool(int port, params string[] arguments) =>
        SampleApplets.Run(Path.Combine(WamrTools.Directory, "host_tool"), ["-P", port.ToString(), .. arguments]);

    [Fact]
    public async Task WamrsHostToolInstallsQueriesRequestsSubscribesAndUninstalls()
    {
        await using var fixture = RemoteServerFixture.Start();
        var port = fixture.Port;

        var (status, output) = HostTool(port, "-q");
        Assert.Equal(69, status);
        Assert.Equal("\nresponse status 69\n{\n\t\"num\":\t0\n}", output);

        // our build of request_handler and WAMR's SDK builds of the others
        (status, output) = HostTool(port, "-i", "request_handler", "-f", Path.Combine(SampleApplets.SamplesDirectory, "request_handler.wasm"));
        Assert.Equal((65, "\nresponse status 65\n"), (status, output));
        foreach (var name in new[] { "event_publisher", "timer" })
        {
            (status, output) = HostTool(port, "-i", name, "-f", Path.Combine(WamrTools.Directory, "apps", name + ".wasm"), "--heap", "16384");
            Assert.True(status == 65, $"install {name}: {status}\n{output}");
        }

        (status, output) = HostTool(port, "-q");
        Assert.Equal(69, status);
        Assert.Equal("\nresponse status 69\n{\n\t\"num\":\t3,\n\t\"applet1\":\t\"request_handler\",\n\t\"heap1\":\t8192,\n\t\"applet2\":\t\"event_publisher\",\n\t\"heap2\":\t16384,\n\t\"applet3\":\t\"timer\",\n\t\"heap3\":\t16384\n}", output);

        (status, output) = HostTool(port, "-qrequest_handler");
        Assert.Equal(69, status);
        Assert.StartsWith("\nresponse status 69\n{\n\t\"name\":\t\"request_handler\",\n\t\"heap\":\t8192,", output);

        (status, output) = HostTool(port, "-r", "/app/request_handler/url1", "-A", "GET");
        Assert.Equal((69, "\nresponse status 69\n{\n\t\"key1\":\t\"value1\",\n\t\"key2\":\t\"value2\"\n}"), (status, output));
        (status, output) = HostTool(port, "-r", "/url1", "-A", "GET");
        Assert.Equal(69, status);
        Assert.Contains("\"key2\":\t\"value2\"", output);
        (status, output) = HostTool(port, "-r", "/url2", "-A", "DELETE");
        Assert.Equal((66, "\nresponse status 66\n"), (status, output));

        (status, output) = HostTool(port, "-s", "/alert/overheat", "-a", "2500");
        Assert.Equal(69, status);
        Assert.StartsWith("\nresponse status 69\n", output);
        Assert.Contains("\nreceived an event alert/overheat\n{\n\t\"warning\":\t\"temperature is over high\"\n}", output);
        (status, output) = HostTool(port, "-d", "alert/overheat");
        Assert.Equal((69, "\nresponse status 69\n"), (status, output));

        // WAMR sends nothing for an unknown URL and host_tool times out (exit 2); we answer 4.04
        (status, output) = HostTool(port, "-r", "/nothing", "-A", "GET", "-t", "3000");
        Assert.Equal(132, status);
        Assert.Contains("\"error message\":\t\"no applet serves \\\"/nothing\\\"\"", output);

        (status, output) = HostTool(port, "-u", "timer");
        Assert.Equal((66, "\nresponse status 66\n"), (status, output));
        (status, output) = HostTool(port, "-u", "timer");
        Assert.Equal(160, status);
        Assert.Contains("\"error message\":\t\"Uninstall WASM app failed: no app found.\"", output);
        (status, output) = HostTool(port, "-i", "request_handler", "-f", Path.Combine(SampleApplets.SamplesDirectory, "request_handler.wasm"));
        Assert.Equal(160, status);
        Assert.Contains("already installed", output);

        Assert.Equal(["request_handler", "event_publisher"], fixture.Manager.List().Select(a => a.Name));
    }
}
