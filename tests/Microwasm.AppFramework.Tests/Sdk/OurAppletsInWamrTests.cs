using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microwasm.AppFramework.Tests.Support;
using Microwasm.TestSupport;

namespace Microwasm.AppFramework.Tests.Sdk;

/// <summary>The other direction of compatibility: applets built with our SDK, run by WAMR's own runtime and driven by WAMR's host tool.</summary>
public sealed class OurAppletsInWamrTests
{
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

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
        var port = FreePort();
        // line-buffered: WAMR's runtime overflows its manager thread's stack printing unbuffered (stdbuf -o0)
        var start = new ProcessStartInfo("stdbuf") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-oL", Path.Combine(WamrTools.Directory, "simple"), "-s", "-p", port.ToString() })
        {
            start.ArgumentList.Add(argument);
        }
        using var runtime = Process.Start(start)!;
        var log = runtime.StandardOutput.ReadToEndAsync();
        try
        {
            var ready = false;
            for (var i = 0; i < 100 && !ready; i++)
            {
                try
                {
                    using var probe = new TcpClient();
                    await probe.ConnectAsync(IPAddress.Loopback, port);
                    ready = true;
                }
                catch (SocketException)
                {
                    await Task.Delay(50);
                }
            }
            Assert.True(ready, "WAMR's runtime did not listen");

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
        }
        finally
        {
            runtime.Kill();
            await runtime.WaitForExitAsync();
        }
        Assert.Contains("Timer update 1", await log);
    }
}
