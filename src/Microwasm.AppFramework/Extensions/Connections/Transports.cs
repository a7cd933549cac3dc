using System.IO.Ports;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microwasm.AppFramework.Applets;

namespace Microwasm.AppFramework.Extensions.Connections;

/// <summary>A TCP client connection (WAMR's <c>"TCP"</c>: <c>address</c>, <c>port</c>).</summary>
internal sealed class TcpConnection : Connection
{
    private readonly Socket _socket;
    private readonly string _target;

    public TcpConnection(ConnectionExtension owner, Applet applet, uint handle, Socket socket, string target)
        : base(owner, applet, handle)
    {
        _socket = socket;
        _target = target;
        _socket.SendTimeout = (int)Math.Min(owner.Policy.SendTimeout.TotalMilliseconds, int.MaxValue);
    }

    public override string Kind => "TCP";

    public override string Target => _target;

    /// <summary>Connects to the first address of <paramref name="host"/> that answers, within the policy's timeout; null (and why) on failure.</summary>
    public static Socket? Connect(string host, int port, TimeSpan timeout, out string? error)
    {
        using var cancel = new CancellationTokenSource(timeout);
        Socket? socket = null;
        try
        {
            var addresses = IPAddress.TryParse(host, out var literal)
                ? [literal]
                : Dns.GetHostAddressesAsync(host, cancel.Token).GetAwaiter().GetResult();
            if (addresses.Length == 0)
            {
                error = $"{host} has no address";
                return null;
            }
            SocketException? last = null;
            foreach (var address in addresses)
            {
                // a name may resolve to ::1 and 127.0.0.1 while the server listens on one of them
                socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.ConnectAsync(new IPEndPoint(address, port), cancel.Token).AsTask().GetAwaiter().GetResult();
                    error = null;
                    return socket;
                }
                catch (SocketException e)
                {
                    last = e;
                    socket.Dispose();
                    socket = null;
                }
            }
            error = last!.Message;
            return null;
        }
        catch (OperationCanceledException)
        {
            error = $"no answer within {timeout.TotalSeconds:0.###} s";
        }
        catch (SocketException e)
        {
            error = e.Message;
        }
        socket?.Dispose();
        return null;
    }

    public override int Send(ReadOnlySpan<byte> data)
    {
        try
        {
            return _socket.Send(data);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return -1;
        }
    }

    protected override void CloseTransport() => _socket.Dispose();

    protected override async Task ReadLoopAsync()
    {
        var buffer = new byte[Policy.MaxEventBytes];
        try
        {
            while (await WaitForRoomAsync().ConfigureAwait(false))
            {
                var count = await _socket.ReceiveAsync(buffer, SocketFlags.None, Closing).ConfigureAwait(false);
                if (count == 0)
                {
                    Disconnected("closed by the peer");
                    return;
                }
                Received(buffer.AsSpan(0, count), dropIfFull: false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException && IsClosed)
        {
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            Disconnected(e.Message);
        }
    }
}

/// <summary>A UDP socket (WAMR's <c>"UDP"</c>: <c>bind port</c>; <c>address</c> and <c>port</c> of the peer set by config).</summary>
internal sealed class UdpConnection : Connection
{
    private readonly Socket _socket;
    private volatile IPEndPoint? _peer;

    public UdpConnection(ConnectionExtension owner, Applet applet, uint handle, Socket socket)
        : base(owner, applet, handle)
    {
        _socket = socket;
        _socket.SendTimeout = (int)Math.Min(owner.Policy.SendTimeout.TotalMilliseconds, int.MaxValue);
    }

    public override string Kind => "UDP";

    public override string Target => $"port {((IPEndPoint)_socket.LocalEndPoint!).Port}" + (_peer is { } peer ? $", peer {peer}" : "");

    /// <summary>A UDP socket bound to <paramref name="port"/> on all IPv4 addresses (0: any free port); null (and why) on failure.</summary>
    public static Socket? Bind(int port, out string? error)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Any, port));
            error = null;
            return socket;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            error = e.Message;
            return null;
        }
    }

    public override int Send(ReadOnlySpan<byte> data)
    {
        if (_peer is not { } peer)
        {
            return -1;   // no address/port configured yet (WAMR's sendto to no address fails too)
        }
        try
        {
            return _socket.SendTo(data, SocketFlags.None, peer);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return -1;
        }
    }

    /// <summary>WAMR's UDP config: string <c>address</c> and uint16 <c>port</c> of the peer sends go to; it must be allowed by the policy.</summary>
    public override bool Configure(AttrContainer.AttrContainer configuration)
    {
        if (!ConnectionExtension.TryGetString(configuration, "address", out var address) || !ConnectionExtension.TryGetPort(configuration, "port", 1, out var port))
        {
            Logger?.LogConfigRefused(Applet.Name, Handle, "it needs a string \"address\" and an integer \"port\" of 1 .. 65535");
            return false;
        }
        if (!Policy.IsEndpointAllowed(address, port))
        {
            Logger?.LogConfigRefused(Applet.Name, Handle, $"{ConnectionPolicy.FormatEndpoint(address, port)} is not allowed (allow it with --allow-connect {ConnectionPolicy.FormatEndpoint(address, port)})");
            return false;
        }
        IPAddress? resolved;
        try
        {
            resolved = IPAddress.TryParse(address, out var literal) ? literal
                : Dns.GetHostAddresses(address).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork);
        }
        catch (SocketException)
        {
            resolved = null;
        }
        if (resolved is null || resolved.AddressFamily != AddressFamily.InterNetwork)
        {
            Logger?.LogConfigRefused(Applet.Name, Handle, $"{address} has no IPv4 address (a UDP connection is IPv4, as in WAMR)");
            return false;
        }
        _peer = new IPEndPoint(resolved, port);
        return true;
    }

    protected override void CloseTransport() => _socket.Dispose();

    protected override async Task ReadLoopAsync()
    {
        var buffer = new byte[65536];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!IsClosed)
        {
            SocketReceiveFromResult result;
            try
            {
                result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, Closing).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                // e.g. an ICMP error for an earlier send: the socket goes on (after a pause, so a
                // socket stuck in an error state cannot spin)
                try
                {
                    await Task.Delay(10, Closing).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                continue;
            }
            var sender = (IPEndPoint)result.RemoteEndPoint;
            if (!sender.Equals(_peer) && !Policy.IsSenderAllowed(sender))
            {
                Interlocked.Add(ref BytesDropped, result.ReceivedBytes);
                continue;
            }
            Received(buffer.AsSpan(0, Math.Min(result.ReceivedBytes, Policy.MaxEventBytes)), dropIfFull: true);
        }
    }
}

/// <summary>A serial device (WAMR's <c>"UART"</c>: <c>device</c>, <c>baudrate</c>), 8N1, no flow control.</summary>
/// <remarks>System.IO.Ports serves the device; on Linux it runs one I/O loop per open port, so serial connections are the one kind that costs a thread each (they are few: each device must be allowed by name).</remarks>
internal sealed class UartConnection : Connection
{
    private readonly SerialPort _port;

    public UartConnection(ConnectionExtension owner, Applet applet, uint handle, SerialPort port)
        : base(owner, applet, handle)
    {
        _port = port;
    }

    public override string Kind => "UART";

    public override string Target => _port.PortName;

    /// <summary>Opens <paramref name="device"/> at <paramref name="baud"/>; null (and why) on failure.</summary>
    public static SerialPort? Open(string device, int baud, TimeSpan writeTimeout, out string? error)
    {
        SerialPort? port = null;
        try
        {
            port = new SerialPort(device, baud, Parity.None, 8, StopBits.One)
            {
                Handshake = Handshake.None,
                WriteTimeout = (int)Math.Min(writeTimeout.TotalMilliseconds, int.MaxValue),
            };
            port.Open();
            error = null;
            return port;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            port?.Dispose();
            error = e.Message;
            return null;
        }
    }

    public override int Send(ReadOnlySpan<byte> data)
    {
        try
        {
            _port.BaseStream.Write(data);
            return data.Length;
        }
        catch (Exception e) when (e is IOException or TimeoutException or InvalidOperationException or ObjectDisposedException)
        {
            return -1;
        }
    }

    protected override void CloseTransport() => _port.Dispose();

    protected override async Task ReadLoopAsync()
    {
        var buffer = new byte[Policy.MaxEventBytes];
        try
        {
            var stream = _port.BaseStream;
            while (await WaitForRoomAsync().ConfigureAwait(false))
            {
                var count = await stream.ReadAsync(buffer, Closing).ConfigureAwait(false);
                if (count == 0)
                {
                    Disconnected("the device closed");
                    return;
                }
                Received(buffer.AsSpan(0, count), dropIfFull: false);
            }
        }
        catch (Exception e) when (IsClosed && e is OperationCanceledException or ObjectDisposedException or IOException or InvalidOperationException)
        {
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException or OperationCanceledException or TimeoutException)
        {
            Disconnected(e.Message);
        }
    }
}
