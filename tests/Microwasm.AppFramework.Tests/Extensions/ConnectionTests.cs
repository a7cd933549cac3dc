using System.Diagnostics;
using System.IO.Ports;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microwasm.AppFramework.Applets;
using Microwasm.AppFramework.Extensions.Connections;
using Microwasm.AppFramework.Tests.Support;
using AttrContainerModel = Microwasm.AppFramework.AttrContainer.AttrContainer;

namespace Microwasm.AppFramework.Tests.Extensions;

/// <summary>WAMR's connection natives: TCP, UDP and UART echo, the policy, the limits, and bad input.</summary>
public sealed class ConnectionTests
{
    private static (AppManager Manager, ListLogger Log) NewManager(ConnectionPolicy policy)
    {
        var log = new ListLogger();
        return (new AppManager(new AppManagerOptions { Output = new AppletOutput().For, Connections = policy, Logger = log }), log);
    }

    private static byte[] TcpArgs(string address, int port)
    {
        var args = new AttrContainerModel();
        args.SetString("address", address);
        args.SetUInt16("port", (ushort)port);
        return args.Serialize();
    }

    private static ConnectionExtension ExtensionOf(AppManager manager) => manager.Extensions.OfType<ConnectionExtension>().Single();

    /// <summary>A loopback TCP server that echoes what it receives, prefixed with "echo:", until the test ends.</summary>
    private sealed class TcpEcho : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly TaskCompletionSource<Socket> _accepted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Task _loop;

        public TcpEcho()
        {
            _listener.Start();
            _loop = Task.Run(async () =>
            {
                using var socket = await _listener.AcceptSocketAsync(_stop.Token);
                _accepted.SetResult(socket);
                var buffer = new byte[1024];
                int count;
                while ((count = await socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token)) > 0)
                {
                    await socket.SendAsync(Encoding.ASCII.GetBytes("echo:").Concat(buffer[..count]).ToArray(), SocketFlags.None, _stop.Token);
                }
            });
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public Task<Socket> Accepted => _accepted.Task;

        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            _listener.Stop();
            try
            {
                await _loop;
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }
        }
    }

    [Fact]
    public async Task TcpEchoOverLoopbackAndTheDisconnectEvent()
    {
        await using var echo = new TcpEcho();
        var (manager, _) = NewManager(new ConnectionPolicy().AllowEndpoint("127.0.0.1", echo.Port));
        await using var _manager = manager;
        await manager.InstallAsync("tcp", ExtensionApplets.Connection("TCP", TcpArgs("127.0.0.1", echo.Port)));

        var opened = await ExtensionApplets.Command(manager, "tcp", "c", 'o');
        Assert.Equal(1, opened.Result);
        Assert.Equal(5, (await ExtensionApplets.Command(manager, "tcp", "c", 's')).Result);
        var echoed = await ExtensionApplets.WaitFor(manager, "tcp", "c", s => s.Total >= 10);
        Assert.Equal("echo:hello", echoed.Text);

        // the server closes: on_connection_data(handle, 0, 0) once, then the handle is gone
        (await echo.Accepted).Shutdown(SocketShutdown.Both);
        var closed = await ExtensionApplets.WaitFor(manager, "tcp", "c", s => s.Events == -2);
        Assert.Equal(-2, closed.Events);
        Assert.Equal(-1, (await ExtensionApplets.Command(manager, "tcp", "c", 's')).Result);
        Assert.Empty(ExtensionOf(manager).ConnectionsOf(manager.FindApplet("tcp")!));
    }

    [Fact]
    public async Task UdpEchoOverLoopback()
    {
        using var server = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var serverPort = ((IPEndPoint)server.Client.LocalEndPoint!).Port;
        using var stop = new CancellationTokenSource();
        var loop = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var datagram = await server.ReceiveAsync(stop.Token);
                await server.SendAsync(Encoding.ASCII.GetBytes("udp:").Concat(datagram.Buffer).ToArray(), datagram.RemoteEndPoint, stop.Token);
            }
        });
        var args = new AttrContainerModel();
        args.SetUInt16("bind port", 0);
        var peer = new AttrContainerModel();
        peer.SetString("address", "127.0.0.1");
        peer.SetUInt16("port", (ushort)serverPort);
        var (manager, _) = NewManager(new ConnectionPolicy().AllowEndpoint($"127.0.0.1:{serverPort}"));
        await using var _manager = manager;
        await manager.InstallAsync("udp", ExtensionApplets.Connection("UDP", args.Serialize(), "ping", peer.Serialize()));

        Assert.NotEqual(-1, (await ExtensionApplets.Command(manager, "udp", "c", 'o')).Result);
        Assert.Equal(-1, (await ExtensionApplets.Command(manager, "udp", "c", 's')).Result);   // no peer configured yet
        Assert.Equal(1, (await ExtensionApplets.Command(manager, "udp", "c", 'f')).Result);
        Assert.Equal(4, (await ExtensionApplets.Command(manager, "udp", "c", 's')).Result);
        var echoed = await ExtensionApplets.WaitFor(manager, "udp", "c", s => s.Total >= 8);
        Assert.Equal("udp:ping", echoed.Text);

        // a datagram from a sender nobody allowed is dropped
        var connection = ExtensionOf(manager).ConnectionsOf(manager.FindApplet("udp")!).Single();
        var localPort = ((IPEndPoint)((Socket)typeof(UdpConnection).GetField("_socket", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(connection)!).LocalEndPoint!).Port;
        using (var stranger = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0)))
        {
            await stranger.SendAsync(Encoding.ASCII.GetBytes("intruder"), new IPEndPoint(IPAddress.Loopback, localPort));
        }
        var deadline = Environment.TickCount64 + 10_000;
        while (Interlocked.Read(ref connection.BytesDropped) == 0 && Environment.TickCount64 < deadline)
        {
            await Task.Delay(20);
        }
        Assert.Equal(8, Interlocked.Read(ref connection.BytesDropped));
        Assert.Equal("udp:ping", (await ExtensionApplets.Command(manager, "udp", "c", 'c')).Text);
        stop.Cancel();
        try
        {
            await loop;
        }
        catch (OperationCanceledException)
        {
        }
    }

    [Fact]
    public async Task UartEchoOverAPtyPair()
    {
        var directory = Directory.CreateTempSubdirectory("microwasm-uart-");
        var (device, peer) = (Path.Combine(directory.FullName, "device"), Path.Combine(directory.FullName, "peer"));
        using var socat = Process.Start(new ProcessStartInfo("socat", ["-d", "-d", $"pty,raw,echo=0,link={device}", $"pty,raw,echo=0,link={peer}"]) { RedirectStandardError = true })!;
        try
        {
            for (var i = 0; i < 200 && !(File.Exists(device) && File.Exists(peer)); i++)
            {
                await Task.Delay(50);
            }
            var args = new AttrContainerModel();
            args.SetString("device", device);
            args.SetInt32("baudrate", 115200);
            var (manager, _) = NewManager(new ConnectionPolicy().AllowSerialDevice(device));
            await using var _manager = manager;
            await manager.InstallAsync("uart", ExtensionApplets.Connection("UART", args.Serialize(), "AT\r\n"));
            Assert.NotEqual(-1, (await ExtensionApplets.Command(manager, "uart", "c", 'o')).Result);

            using var port = new SerialPort(peer, 115200) { ReadTimeout = 10_000 };
            port.Open();
            Assert.Equal(4, (await ExtensionApplets.Command(manager, "uart", "c", 's')).Result);
            var received = new byte[4];
            for (var got = 0; got < 4;)
            {
                got += port.Read(received, got, 4 - got);
            }
            Assert.Equal("AT\r\n", Encoding.ASCII.GetString(received));
            port.Write("OK\r\n");
            var echoed = await ExtensionApplets.WaitFor(manager, "uart", "c", s => s.Total >= 4);
            Assert.Equal("OK\r\n", echoed.Text);
        }
        finally
        {
            socat.Kill();
            await socat.WaitForExitAsync();
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task NothingIsReachableUnlessAllowedAndTheRefusalSaysWhy()
    {
        await using var echo = new TcpEcho();
        var (manager, log) = NewManager(new ConnectionPolicy().AllowEndpoint("127.0.0.1", 1));
        await using var _manager = manager;
        await manager.InstallAsync("tcp", ExtensionApplets.Connection("TCP", TcpArgs("127.0.0.1", echo.Port)));
        var serial = new AttrContainerModel();
        serial.SetString("device", "/dev/ttyS0");
        serial.SetInt32("baudrate", 9600);
        await manager.InstallAsync("uart", ExtensionApplets.Connection("UART", serial.Serialize()));

        Assert.Equal(-1, (await ExtensionApplets.Command(manager, "tcp", "c", 'o')).Result);
        Assert.Contains(log.Warnings, w => w.Contains($"TCP connection refused: 127.0.0.1:{echo.Port} is not allowed (allow it with --allow-connect 127.0.0.1:{echo.Port})", StringComparison.Ordinal));
        Assert.Equal(-1, (await ExtensionApplets.Command(manager, "uart", "c", 'o')).Result);
        Assert.Contains(log.Warnings, w => w.Contains("serial device \"/dev/ttyS0\" is not allowed (allow it with --allow-serial /dev/ttyS0)", StringComparison.Ordinal));
        Assert.False(echo.Accepted.IsCompleted);

        // the default policy allows nothing at all, UDP included
        var (closed, closedLog) = NewManager(new ConnectionPolicy());
        await using var _closed = closed;
        var udp = new AttrContainerModel();
        udp.SetUInt16("bind port", 0);
        await closed.InstallAsync("udp", ExtensionApplets.Connection("UDP", udp.Serialize()));
        Assert.Equal(-1, (await ExtensionApplets.Command(closed, "udp", "c", 'o')).Result);
        Assert.Contains(closedLog.Warnings, w => w.Contains("UDP connection refused: no endpoint is allowed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnAppletHasAtMostThreeConnectionsAndTheyCloseWithIt()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var (manager, log) = NewManager(new ConnectionPolicy().AllowEndpoint("localhost", port));
        await using var _manager = manager;
        await manager.InstallAsync("many", ExtensionApplets.Connection("TCP", TcpArgs("LOCALHOST", port)));

        var handles = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            handles.Add((await ExtensionApplets.Command(manager, "many", "c", 'o')).Result);
        }
        Assert.DoesNotContain(-1, handles);
        Assert.Equal(3, handles.Distinct().Count());
        Assert.Equal(-1, (await ExtensionApplets.Command(manager, "many", "c", 'o')).Result);
        Assert.Contains(log.Warnings, w => w.Contains("the applet has 3 connections open, the most allowed", StringComparison.Ordinal));

        // closing one makes room for another
        await ExtensionApplets.Command(manager, "many", "c", 'x');
        Assert.NotEqual(-1, (await ExtensionApplets.Command(manager, "many", "c", 'o')).Result);

        var accepted = new List<Socket>();
        for (var i = 0; i < 4; i++)
        {
            accepted.Add(await listener.AcceptSocketAsync().WaitAsync(TimeSpan.FromSeconds(10)));
        }
        await manager.UninstallAsync("many");
        // every socket the applet had open is closed: the server reads end of stream on the three left
        var ended = 0;
        foreach (var socket in accepted)
        {
            socket.ReceiveTimeout = 10_000;
            try
            {
                if (socket.Receive(new byte[16]) == 0)
                {
                    ended++;
                }
            }
            catch (SocketException)
            {
                ended++;
            }
            socket.Dispose();
        }
        Assert.Equal(4, ended);
    }

    [Fact]
    public async Task BadArgumentsAreRefusedAndTheAppletGoesOn()
    {
        var (manager, log) = NewManager(new ConnectionPolicy().AllowEndpoint("127.0.0.1:9"));
        await using var _manager = manager;
        var noPort = new AttrContainerModel();
        noPort.SetString("address", "127.0.0.1");
        var stringPort = new AttrContainerModel();
        stringPort.SetString("address", "127.0.0.1");
        stringPort.SetString("port", "9");
        var hugePort = new AttrContainerModel();
        hugePort.SetString("address", "127.0.0.1");
        hugePort.SetInt32("port", 70000);
        await manager.InstallAsync("no-port", ExtensionApplets.Connection("TCP", noPort.Serialize()));
        await manager.InstallAsync("string-port", ExtensionApplets.Connection("TCP", stringPort.Serialize()));
        await manager.InstallAsync("huge-port", ExtensionApplets.Connection("TCP", hugePort.Serialize()));
        await manager.InstallAsync("garbage", ExtensionApplets.Connection("TCP", TcpArgs("127.0.0.1", 9)));

        foreach (var name in new[] { "no-port", "string-port", "huge-port" })
        {
            Assert.Equal(-1, (await ExtensionApplets.Command(manager, name, "c", 'o')).Result);
        }
        Assert.Equal(3, log.Warnings.Count(w => w.Contains("it needs a string \"address\" and an integer \"port\" of 1 .. 65535", StringComparison.Ordinal)));
        Assert.Equal(-1, (await ExtensionApplets.Command(manager, "garbage", "c", 'b')).Result);
        Assert.Contains(log.Warnings, w => w.Contains("its arguments are not an attribute container", StringComparison.Ordinal));
        Assert.Equal(-1, (await ExtensionApplets.Command(manager, "garbage", "c", 'k')).Result);
        Assert.Contains(log.Warnings, w => w.Contains("unknown connection type \"SCTP\"", StringComparison.Ordinal));
        // send, configure and close on a handle it does not have
        Assert.Equal(-1, (await ExtensionApplets.Command(manager, "garbage", "c", 's')).Result);
        Assert.Equal(0, (await ExtensionApplets.Command(manager, "garbage", "c", 'f')).Result);
        await ExtensionApplets.Command(manager, "garbage", "c", 'x');
        Assert.All(manager.List(), a => Assert.Equal(AppletState.Running, a.State));
    }

    [Fact]
    public async Task AnAppletCannotUseAnotherAppletsHandle()
    {
        await using var echo = new TcpEcho();
        var (manager, _) = NewManager(new ConnectionPolicy().AllowEndpoint("127.0.0.1", echo.Port));
        await using var _manager = manager;
        await manager.InstallAsync("owner", ExtensionApplets.Connection("TCP", TcpArgs("127.0.0.1", echo.Port)));
        // the thief never opened anything but uses handle 1, the owner's (WAMR does not check the owner)
        await manager.InstallAsync("thief", ExtensionApplets.Connection("TCP", TcpArgs("127.0.0.1", echo.Port), initialHandle: 1));
        Assert.Equal(1, (await ExtensionApplets.Command(manager, "owner", "c", 'o')).Result);

        Assert.Equal(-1, (await ExtensionApplets.Command(manager, "thief", "c", 's')).Result);
        Assert.Equal(0, (await ExtensionApplets.Command(manager, "thief", "c", 'f')).Result);
        await ExtensionApplets.Command(manager, "thief", "c", 'x');
        Assert.Single(ExtensionOf(manager).ConnectionsOf(manager.FindApplet("owner")!));
        Assert.Equal(5, (await ExtensionApplets.Command(manager, "owner", "c", 's')).Result);
        Assert.Equal("echo:hello", (await ExtensionApplets.WaitFor(manager, "owner", "c", s => s.Total >= 10)).Text);
    }

    [Fact]
    public async Task AFastSenderIsHeldBackAndNothingIsLost()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var policy = new ConnectionPolicy { MaxBufferedBytes = 1024 }.AllowEndpoint("127.0.0.1", port);
        var (manager, _) = NewManager(policy);
        await using var _manager = manager;
        await manager.InstallAsync("sink", ExtensionApplets.Connection("TCP", TcpArgs("127.0.0.1", port)));
        Assert.NotEqual(-1, (await ExtensionApplets.Command(manager, "sink", "c", 'o')).Result);
        using var server = await listener.AcceptSocketAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var connection = ExtensionOf(manager).ConnectionsOf(manager.FindApplet("sink")!).Single();

        const int Size = 256 * 1024;
        var data = Enumerable.Range(0, Size).Select(i => (byte)(i * 7)).ToArray();
        var sending = server.SendAsync(data, SocketFlags.None);
        long most = 0;
        var deadline = Environment.TickCount64 + 60_000;
        ExtensionApplets.State state;
        do
        {
            most = Math.Max(most, connection.Buffered);
            state = await ExtensionApplets.Command(manager, "sink", "c", 'c');
        }
        while (state.Total < Size && Environment.TickCount64 < deadline);
        await sending.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(Size, state.Total);
        Assert.InRange(state.Events, Size / 256, Size);   // 256 bytes per event at most, as WAMR
        Assert.Equal(0, Interlocked.Read(ref connection.BytesDropped));
        Assert.InRange(most, 0, 1024 + 256);      // the limit, plus at most one read in flight
    }

    [Fact]
    public async Task ARestartedAppletStartsWithoutItsOldConnections()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var log = new ListLogger();
        await using var manager = new AppManager(new AppManagerOptions
        {
            Output = new AppletOutput().For,
            Connections = new ConnectionPolicy().AllowEndpoint("127.0.0.1", port),
            Logger = log,
            DefaultApplet = new AppletOptions { FaultPolicy = AppletFaultPolicy.Restart },
        });
        await manager.InstallAsync("phoenix", ExtensionApplets.Connection("TCP", TcpArgs("127.0.0.1", port), trapOn: 't'));
        for (var i = 0; i < 3; i++)
        {
            Assert.NotEqual(-1, (await ExtensionApplets.Command(manager, "phoenix", "c", 'o')).Result);
        }
        var trapped = await manager.SendRequestAsync(new Microwasm.AppFramework.Messaging.Request(Microwasm.AppFramework.Messaging.RequestMethod.Get, "/app/phoenix/c/t"), TimeSpan.FromSeconds(20));
        Assert.Equal(Microwasm.AppFramework.Messaging.ResponseStatus.InternalServerError, trapped.Status);
        Assert.Equal(1, manager.Query("phoenix")!.Restarts);

        // the new instance has none of the three: it may open three of its own
        for (var i = 0; i < 3; i++)
        {
            Assert.NotEqual(-1, (await ExtensionApplets.Command(manager, "phoenix", "c", 'o')).Result);
        }
        Assert.Equal(3, ExtensionOf(manager).ConnectionsOf(manager.FindApplet("phoenix")!).Length);
    }
}
