using System.Net;
using System.Net.Sockets;
using Microwasm.AppFramework.Transports;

namespace Microwasm.AppFramework.Tests.Transports;

/// <summary><see cref="AppManagerClient"/> when the other end goes away.</summary>
public sealed class AppManagerClientTests
{
    [Fact]
    public async Task ALostConnectionFailsEveryWaitingCallAtOnceAndEveryLaterOne()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accepting = listener.AcceptTcpClientAsync();
        await using var client = await AppManagerClient.ConnectAsync("127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port);
        client.Timeout = TimeSpan.FromSeconds(60);
        var calls = Enumerable.Range(0, 20).Select(_ => client.ListAsync()).ToArray();
        using (var server = await accepting)
        {
            // the requests arrived (several per write when they queue up), and nobody answers them
            var received = 0;
            var buffer = new byte[4096];
            using var timeout = new CancellationTokenSource(10_000);
            while (received < 20 * 12)
            {
                received += await server.GetStream().ReadAsync(buffer, timeout.Token);
            }
        }
        // not the 60 s timeout: the end of the connection fails them all
        foreach (var call in calls)
        {
            var failure = await Assert.ThrowsAsync<IOException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.StartsWith("the connection to the application manager is closed", failure.Message);
        }
        await Assert.ThrowsAsync<IOException>(() => client.ListAsync().WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
