using System.Net;
using System.Net.Sockets;
using System.Text;
using Microwasm.AppFramework.Applets;
using Microwasm.AppFramework.Messaging;
using Microwasm.AppFramework.Extensions.Connections;
using Microwasm.AppFramework.Extensions.Sensors;
using Microwasm.AppFramework.Tests.Support;
using Microwasm.TestSupport;

namespace Microwasm.AppFramework.Tests.Extensions;

/// <summary>samples/sensor and samples/connection: the committed builds are what their sources build, and they run.</summary>
public sealed class ExtensionSampleTests
{
    private static string Sample(string name) => Path.Combine(WamrTools.RepositoryRoot, "samples", name, name + ".wasm");

    [Theory]
    [InlineData("sensor")]
    [InlineData("connection")]
    public void ThePrebuiltSamplesAreWhatTheirSourcesBuild(string name)
    {
        var committed = File.ReadAllBytes(Sample(name));
        var built = SampleApplets.BuildWithOurSdk(Path.Combine(WamrTools.RepositoryRoot, "samples", name, name + ".c"));
        Assert.True(committed.AsSpan().SequenceEqual(built), $"samples/{name}/{name}.wasm is stale: run samples/{name}/build.sh");
    }

    [Fact]
    public async Task TheSensorSamplePrintsReadingsAndPublishesAlerts()
    {
        var output = new AppletOutput();
        var registry = new SensorRegistry();
        registry.Add(new SimulatedSensor("temperature", 0, SensorSignal.Ramp(22, 1, 26)));
        var alerts = new List<double>();
        await using (var manager = new AppManager(new AppManagerOptions { Output = output.For, Sensors = registry }))
        {
            using var subscription = manager.Subscribe("alert/overheat", request =>
            {
                lock (alerts)
                {
                    alerts.Add(Microwasm.AppFramework.AttrContainer.AttrContainer.Parse(request.Payload.Span)["temperature"].AsDouble());
                }
            });
            await manager.InstallAsync("sensor", await File.ReadAllBytesAsync(Sample("sensor")));
            var lines = output.WaitFor("sensor", "temperature ", count: 4);
            Assert.Equal(["temperature 22.00 (reading 0)", "temperature 23.00 (reading 1)", "temperature 24.00 (reading 2)", "temperature 25.00 (reading 3)"], lines.Take(4));
            var deadline = Environment.TickCount64 + 10_000;
            while (Environment.TickCount64 < deadline)
            {
                lock (alerts)
                {
                    if (alerts.Count > 0)
                    {
                        break;
                    }
                }
                await Task.Delay(20);
            }
        }
        lock (alerts)
        {
            Assert.Equal(25.0, alerts[0]);   // the first reading above 24
        }
        Assert.Equal("sensor \"temperature\" open, a reading every 500 ms", output.Lines("sensor")[0]);
        Assert.Matches(@"^sensor closed after \d+ readings$", output.Lines("sensor")[^1]);
    }

    [Fact]
    public async Task TheConnectionSampleTalksToAServerAndClosesOnRequest()
    {
        // the sample connects to 127.0.0.1:7777, as WAMR's does
        using var listener = await SamplePort.ListenAsync();
        var output = new AppletOutput();
        await using var manager = new AppManager(new AppManagerOptions
        {
            Output = output.For,
            Connections = new ConnectionPolicy().AllowEndpoint("127.0.0.1:7777"),
        });
        await manager.InstallAsync("connection", await File.ReadAllBytesAsync(Sample("connection")));
        using var server = await listener.AcceptSocketAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var buffer = new byte[64];
        var received = new StringBuilder();
        while (!received.ToString().Contains("Hello 1"))
        {
            var count = await server.ReceiveAsync(buffer, SocketFlags.None).WaitAsync(TimeSpan.FromSeconds(10));
            Assert.NotEqual(0, count);
            received.Append(Encoding.ASCII.GetString(buffer, 0, count));
        }
        Assert.StartsWith("Hello 0Hello 1", received.ToString());
        await server.SendAsync(Encoding.ASCII.GetBytes("welcome"), SocketFlags.None);
        output.WaitFor("connection", "received 7 bytes: welcome");

        var closed = await manager.SendRequestAsync(new Request(RequestMethod.Delete, "/close"));
        Assert.Equal(ResponseStatus.Deleted, closed.Status);
        output.WaitFor("connection", "connection closed on request");
        server.ReceiveTimeout = 10_000;
        while (server.Receive(buffer) > 0)
        {
            // "Hello n" sent before the close
        }
        Assert.Equal("connected to 127.0.0.1:7777", output.Lines("connection")[0]);
    }

    /// <summary>WAMR's own sensor applet (samples/simple/wasm-apps/sensor.c built with WAMR's SDK) on sensors named as in WAMR's simple runtime.</summary>
    [Fact]
    public async Task WamrsSensorAppletRunsUnchanged()
    {
        var output = new AppletOutput();
        var registry = new SensorRegistry { MinimumInterval = TimeSpan.FromMilliseconds(10) };
        registry.Add(new SimulatedSensor("sensor_test1", 0, SensorSignal.Ramp(0, 1)));
        registry.Add(new SimulatedSensor("sensor_test2", 0, SensorSignal.Constant(2)));
        await using (var manager = new AppManager(new AppManagerOptions { Output = output.For, Sensors = registry }))
        {
            await manager.InstallAsync("sensor", WamrTools.App("sensor"));
            output.WaitFor("sensor", "### app get sensor event from sensor1", count: 2);
        }
        var lines = output.Lines("sensor");
        Assert.Equal(["### app on_init 1", "### app on_init 2", "### app on_init 3", "### app on_init 4"], lines.Take(4));
        // WAMR's attr_container_dump of our reading: its tag, then each attribute
        Assert.Contains(lines, line => line.Contains("sensor_test1", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("value", StringComparison.Ordinal));
    }

    /// <summary>WAMR's own connection applet (built with WAMR's SDK) against a server on 127.0.0.1:7777.</summary>
    [Fact]
    public async Task WamrsConnectionAppletRunsUnchanged()
    {
        using var listener = await SamplePort.ListenAsync();
        var output = new AppletOutput();
        await using var manager = new AppManager(new AppManagerOptions
        {
            Output = output.For,
            Connections = new ConnectionPolicy().AllowEndpoint("127.0.0.1:7777"),
        });
        await manager.InstallAsync("connection", WamrTools.App("connection"));
        using var server = await listener.AcceptSocketAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var buffer = new byte[64];
        var count = await server.ReceiveAsync(buffer, SocketFlags.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.StartsWith("Hello 0", Encoding.ASCII.GetString(buffer, 0, count));
        await server.SendAsync(Encoding.ASCII.GetBytes("pong"), SocketFlags.None);
        output.WaitFor("connection", "Client got a message from server -> pong");
        server.Shutdown(SocketShutdown.Both);
        output.WaitFor("connection", "connection is close by server!");
        Assert.StartsWith("connect to server success! handle: ", output.Lines("connection")[0]);
    }
}
