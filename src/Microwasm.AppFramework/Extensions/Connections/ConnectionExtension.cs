using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microwasm.AppFramework.Applets;
using Microwasm.AppFramework.AttrContainer;
using Microwasm.Host;
using Microwasm.Model;

namespace Microwasm.AppFramework.Extensions.Connections;

/// <summary>
/// WAMR's connection natives (<c>wasm_open_connection</c>, <c>wasm_close_connection</c>,
/// <c>wasm_send_on_connection</c>, <c>wasm_config_connection</c>, as in
/// <c>connection/native/connection.inl</c>) for TCP clients, UDP sockets and serial devices,
/// under a <see cref="ConnectionPolicy"/>.
/// </summary>
/// <remarks>
/// Handles come from one counter per manager (from 1, never <c>(uint32)-1</c>), as in WAMR; unlike
/// WAMR, an applet can send on, configure and close only its own connections. Every refusal returns
/// WAMR's failure value to the applet (<c>(uint32)-1</c>, -1 or false) and logs why on the
/// manager's logger as a warning.
/// </remarks>
internal sealed class ConnectionExtension : IAppletExtension
{
    private const uint Invalid = uint.MaxValue;

    private readonly AppManager _manager;
    private readonly ConcurrentDictionary<uint, Connection> _connections = new();
    private uint _lastHandle;

    public ConnectionExtension(AppManager manager, ConnectionPolicy policy)
    {
        _manager = manager;
        Policy = policy;
        Logger = manager.Options.Logger;
        Natives =
        [
            NativeSymbol.Create("wasm_open_connection", (Caller caller, string name, Span<byte> args) => Open(Applet.From(caller), name, args), "($*~)i"),
            NativeSymbol.Create("wasm_close_connection", (Caller caller, uint handle) => Close(Applet.From(caller), handle), "(i)"),
            NativeSymbol.Create("wasm_send_on_connection", (Caller caller, uint handle, Span<byte> data) => Send(Applet.From(caller), handle, data), "(i*~)i"),
            NativeSymbol.Create("wasm_config_connection", (Caller caller, uint handle, Span<byte> configuration) =>
                Configure(Applet.From(caller), handle, configuration) ? 1 : 0, "(i*~)i"),
        ];
    }

    public IReadOnlyList<NativeSymbol> Natives { get; }

    public ConnectionPolicy Policy { get; }

    public ILogger? Logger { get; }

    public void OnAppletReleased(Applet applet)
    {
        foreach (var connection in _connections.Values)
        {
            if (connection.Applet == applet)
            {
                connection.Close();
                _connections.TryRemove(new KeyValuePair<uint, Connection>(connection.Handle, connection));
            }
        }
    }

    /// <summary>The open connections of <paramref name="applet"/> (for tests).</summary>
    internal Connection[] ConnectionsOf(Applet applet) =>
        _connections.Values.Where(c => c.Applet == applet).OrderBy(c => c.Handle).ToArray();

    /// <summary>Removes a connection whose peer went away (its handle is no longer valid, as in WAMR).</summary>
    internal void Forget(Connection connection) =>
        _connections.TryRemove(new KeyValuePair<uint, Connection>(connection.Handle, connection));

    // ---- natives (on the applet's thread) ----

    private uint Open(Applet applet, string name, ReadOnlySpan<byte> argsBuffer)
    {
        if (name is not ("TCP" or "UDP" or "UART"))
        {
            return Refuse(applet, name, $"unknown connection type {WasmName.Quote(name)}: use \"TCP\", \"UDP\" or \"UART\"");
        }
        if (!AttrContainer.AttrContainer.TryParse(argsBuffer, _manager.Options.AttrNumbering, out var args, out var error))
        {
            return Refuse(applet, name, "its arguments are not an attribute container: " + error);
        }
        // connections an earlier instance of this applet opened (before a restart) are gone
        foreach (var stale in _connections.Values.Where(c => c.Applet == applet && c.Instance != applet.Instance))
        {
            stale.Close();
            Forget(stale);
        }
        var open = _connections.Values.Count(c => c.Applet == applet);
        if (open >= Policy.MaxConnectionsPerApplet)
        {
            return Refuse(applet, name, $"the applet has {open} connections open, the most allowed");
        }
        var handle = NextHandle();
        Connection? connection;
        switch (name)
        {
            case "TCP":
            {
                if (!TryGetString(args, "address", out var address) || !TryGetPort(args, "port", 1, out var port))
                {
                    return Refuse(applet, name, "it needs a string \"address\" and an integer \"port\" of 1 .. 65535");
                }
                var target = ConnectionPolicy.FormatEndpoint(address, port);
                if (!Policy.IsEndpointAllowed(address, port))
                {
                    return Refuse(applet, name, $"{target} is not allowed (allow it with --allow-connect {target})");
                }
                var socket = TcpConnection.Connect(address, port, Policy.ConnectTimeout, out var failure);
                if (socket is null)
                {
                    return Refuse(applet, name, $"cannot connect to {target}: {failure}");
                }
                connection = new TcpConnection(this, applet, handle, socket, target);
                break;
            }
            case "UDP":
            {
                if (!TryGetPort(args, "bind port", 0, out var port))
                {
                    return Refuse(applet, name, "it needs an integer \"bind port\" of 0 .. 65535");
                }
                if (!Policy.AllowsAnyEndpoint)
                {
                    return Refuse(applet, name, "no endpoint is allowed to exchange datagrams with (allow one with --allow-connect HOST:PORT)");
                }
                var socket = UdpConnection.Bind(port, out var failure);
                if (socket is null)
                {
                    return Refuse(applet, name, $"cannot bind UDP port {port}: {failure}");
                }
                connection = new UdpConnection(this, applet, handle, socket);
                break;
            }
            default:
            {
                if (!TryGetString(args, "device", out var device) || !args.TryGet("baudrate", out var baudValue) || !baudValue.TryGetInt64(out var baud) || baud is < 1 or > int.MaxValue)
                {
                    return Refuse(applet, name, "it needs a string \"device\" and a positive integer \"baudrate\"");
                }
                if (!Policy.IsSerialDeviceAllowed(device))
                {
                    return Refuse(applet, name, $"serial device {WasmName.Quote(device)} is not allowed (allow it with --allow-serial {device})");
                }
                var port = UartConnection.Open(device, (int)baud, Policy.SendTimeout, out var failure);
                if (port is null)
                {
                    return Refuse(applet, name, $"cannot open {WasmName.Quote(device)}: {failure}");
                }
                connection = new UartConnection(this, applet, handle, port);
                break;
            }
        }
        _connections[handle] = connection;
        connection.Start();
        Logger?.LogInformation("applet {Name}: {Kind} connection {Handle} to {Target} open", applet.Name, connection.Kind, handle, connection.Target);
        return handle;
    }

    private void Close(Applet applet, uint handle)
    {
        if (Find(applet, handle) is { } connection)
        {
            connection.Close();
            Forget(connection);
        }
    }

    private int Send(Applet applet, uint handle, ReadOnlySpan<byte> data) =>
        Find(applet, handle) is { } connection ? connection.Send(data) : -1;

    private bool Configure(Applet applet, uint handle, ReadOnlySpan<byte> buffer)
    {
        if (Find(applet, handle) is not { } connection)
        {
            return false;
        }
        if (!AttrContainer.AttrContainer.TryParse(buffer, _manager.Options.AttrNumbering, out var configuration, out var error))
        {
            Logger?.LogConfigRefused(applet.Name, handle, "it is not an attribute container: " + error);
            return false;
        }
        return connection.Configure(configuration);
    }

    private Connection? Find(Applet applet, uint handle) =>
        _connections.TryGetValue(handle, out var connection) && connection.Applet == applet && connection.Instance == applet.Instance && !connection.IsClosed
            ? connection
            : null;

    private uint Refuse(Applet applet, string kind, string reason)
    {
        Logger?.LogWarning("applet {Name}: {Kind} connection refused: {Reason}", applet.Name, kind.Length > 16 ? kind[..16] : kind, reason);
        return Invalid;
    }

    private uint NextHandle()
    {
        while (true)
        {
            var handle = Interlocked.Increment(ref _lastHandle);
            if (handle != Invalid && handle != 0 && !_connections.ContainsKey(handle))
            {
                return handle;
            }
        }
    }

    internal static bool TryGetString(AttrContainer.AttrContainer container, string key, out string value)
    {
        if (container.TryGet(key, out var attr) && attr.Type == AttrType.String && attr.AsString() is { Length: > 0 } text)
        {
            value = text;
            return true;
        }
        value = "";
        return false;
    }

    /// <summary>An integer attribute (any integer type: WAMR's SDK stores ports as uint16) in [<paramref name="min"/>, 65535].</summary>
    internal static bool TryGetPort(AttrContainer.AttrContainer container, string key, int min, out int port)
    {
        if (container.TryGet(key, out var attr) && attr.TryGetInt64(out var value) && value >= min && value <= 65535)
        {
            port = (int)value;
            return true;
        }
        port = 0;
        return false;
    }
}

internal static class ConnectionLog
{
    public static void LogConfigRefused(this ILogger logger, string applet, uint handle, string reason) =>
        logger.LogWarning("applet {Name}: connection {Handle} not configured: {Reason}", applet, handle, reason);
}
