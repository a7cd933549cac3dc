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
        using var listener = new TcpListener(IPAddress.Loopback, 7777);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
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
}
