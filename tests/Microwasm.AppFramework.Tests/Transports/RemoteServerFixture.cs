using System.Net;
using Microwasm.AppFramework.Applets;
using Microwasm.AppFramework.Tests.Support;
using Microwasm.AppFramework.Transports;

namespace Microwasm.AppFramework.Tests.Transports;

/// <summary>An application manager served over TCP on a free loopback port, in this process.</summary>
internal sealed class RemoteServerFixture : IAsyncDisposable
{
    private RemoteServerFixture(AppManager manager, RemoteManagerServer server, AppletOutput output)
    {
        Manager = manager;
        Server = server;
        Output = output;
        Port = server.ListenTcp(new IPEndPoint(IPAddress.Loopback, 0)).Port;
    }

    public AppManager Manager { get; }

    public RemoteManagerServer Server { get; }

    public AppletOutput Output { get; }

    public int Port { get; }

    public static RemoteServerFixture Start(RemoteServerOptions? options = null, AppManagerOptions? managerOptions = null)
    {
        var output = new AppletOutput();
        var manager = new AppManager(managerOptions ?? new AppManagerOptions { Output = output.For });
        return new RemoteServerFixture(manager, new RemoteManagerServer(manager, options), output);
    }

    public Task<AppManagerClient> ConnectAsync() => AppManagerClient.ConnectAsync("127.0.0.1", Port);

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Manager.DisposeAsync();
    }
}
