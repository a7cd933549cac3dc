using System.Globalization;
using System.Net;

namespace Microwasm.AppFramework.Extensions.Connections;

/// <summary>
/// What applets may connect to (<see cref="Applets.AppManagerOptions.Connections"/>) and how much
/// they may hold. By default nothing is allowed: an applet's <c>api_open_connection</c> returns
/// NULL and the manager's log says what was refused and how to allow it. Thread-safe; rules may be
/// added while applets run.
/// </summary>
/// <remarks>
/// <para>
/// An endpoint rule <c>HOST:PORT</c> (<see cref="AllowEndpoint(string, int)"/>) lets applets open a TCP
/// connection to it and send UDP datagrams to it. HOST matches the applet's <c>address</c> as
/// written (case-insensitive), or as the same IP address when both are IP literals; a host name is
/// resolved only after it matched. A UDP connection needs at least one endpoint rule to open at
/// all, binds its <c>bind port</c> on all IPv4 addresses as WAMR does, and delivers only datagrams
/// whose sender is its configured peer or an allowed IP-literal endpoint: others are dropped.
/// </para>
/// <para>
/// A serial rule (<see cref="AllowSerialDevice"/>) names a device path exactly as applets give it
/// (e.g. <c>/dev/ttyUSB0</c>).
/// </para>
/// </remarks>
public sealed class ConnectionPolicy
{
    private readonly object _lock = new();
    private readonly List<(string Host, IPAddress? Address, int Port)> _endpoints = new();
    private readonly HashSet<string> _devices = new(StringComparer.Ordinal);
    private int _maxConnectionsPerApplet = 3;
    private int _maxBufferedBytes = 64 * 1024;
    private int _maxEventBytes = 256;
    private TimeSpan _connectTimeout = TimeSpan.FromSeconds(5);
    private TimeSpan _sendTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Connections one applet may have open at once (WAMR's <c>MAX_CONNECTION_PER_APP</c>, 3).</summary>
    public int MaxConnectionsPerApplet
    {
        get => _maxConnectionsPerApplet;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 0);
            _maxConnectionsPerApplet = value;
        }
    }

    /// <summary>
    /// Bytes received on one connection and not yet handed to the applet (default 64 KiB). At the
    /// limit a TCP or UART connection stops reading until the applet has caught up, so the
    /// sender is held back by TCP's flow control (or the device's buffer); a UDP datagram that
    /// does not fit is dropped.
    /// </summary>
    public int MaxBufferedBytes
    {
        get => _maxBufferedBytes;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _maxBufferedBytes = value;
        }
    }

    /// <summary>
    /// Most bytes one <c>on_connection_data</c> call carries (WAMR's <c>IO_BUF_SIZE</c>, 256, which
    /// suits an 8 KiB app heap): a TCP or UART read is split into calls of at most this many bytes,
    /// a longer UDP datagram is cut to it (as WAMR's 256-byte read cuts it).
    /// </summary>
    public int MaxEventBytes
    {
        get => _maxEventBytes;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 65536);
            _maxEventBytes = value;
        }
    }

    /// <summary>How long opening a TCP connection may take (the applet waits in <c>api_open_connection</c>, as in WAMR). Default 5 s.</summary>
    public TimeSpan ConnectTimeout
    {
        get => _connectTimeout;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero);
            _connectTimeout = value;
        }
    }

    /// <summary>How long one <c>api_send_on_connection</c> may wait for room to send before it returns -1. Default 2 s.</summary>
    public TimeSpan SendTimeout
    {
        get => _sendTimeout;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero);
            _sendTimeout = value;
        }
    }

    /// <summary>The endpoint rules, as <c>HOST:PORT</c>.</summary>
    public IReadOnlyList<string> AllowedEndpoints
    {
        get
        {
            lock (_lock)
            {
                return _endpoints.Select(e => FormatEndpoint(e.Host, e.Port)).ToArray();
            }
        }
    }

    /// <summary>The serial device rules.</summary>
    public IReadOnlyList<string> AllowedSerialDevices
    {
        get
        {
            lock (_lock)
            {
                return _devices.Order(StringComparer.Ordinal).ToArray();
            }
        }
    }

    /// <summary>Allows TCP connections and UDP datagrams to <paramref name="host"/>:<paramref name="port"/>; returns this policy.</summary>
    public ConnectionPolicy AllowEndpoint(string host, int port)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        host = host.Trim();
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }
        lock (_lock)
        {
            _endpoints.Add((host, IPAddress.TryParse(host, out var address) ? address : null, port));
        }
        return this;
    }

    /// <summary>Allows <c>HOST:PORT</c> (IPv6 addresses in brackets: <c>[::1]:7777</c>); returns this policy.</summary>
    /// <exception cref="FormatException">The text is not HOST:PORT.</exception>
    public ConnectionPolicy AllowEndpoint(string endpoint)
    {
        var (host, port) = ParseEndpoint(endpoint);
        return AllowEndpoint(host, port);
    }

    /// <summary>Allows UART connections to serial device <paramref name="device"/>; returns this policy.</summary>
    public ConnectionPolicy AllowSerialDevice(string device)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(device);
        lock (_lock)
        {
            _devices.Add(device);
        }
        return this;
    }

    /// <summary>True if a rule allows <paramref name="host"/>:<paramref name="port"/>.</summary>
    public bool IsEndpointAllowed(string host, int port)
    {
        ArgumentNullException.ThrowIfNull(host);
        var address = IPAddress.TryParse(host, out var parsed) ? parsed : null;
        lock (_lock)
        {
            foreach (var rule in _endpoints)
            {
                if (rule.Port == port
                    && (string.Equals(rule.Host, host, StringComparison.OrdinalIgnoreCase) || (address is not null && address.Equals(rule.Address))))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>True if a rule allows a datagram from <paramref name="sender"/> (its rule names the same IP address and port).</summary>
    public bool IsSenderAllowed(IPEndPoint sender)
    {
        ArgumentNullException.ThrowIfNull(sender);
        var address = sender.Address.IsIPv4MappedToIPv6 ? sender.Address.MapToIPv4() : sender.Address;
        lock (_lock)
        {
            return _endpoints.Any(rule => rule.Port == sender.Port && address.Equals(rule.Address));
        }
    }

    /// <summary>True if any endpoint is allowed (a UDP connection needs one).</summary>
    public bool AllowsAnyEndpoint
    {
        get
        {
            lock (_lock)
            {
                return _endpoints.Count > 0;
            }
        }
    }

    /// <summary>True if a rule allows serial device <paramref name="device"/>.</summary>
    public bool IsSerialDeviceAllowed(string device)
    {
        ArgumentNullException.ThrowIfNull(device);
        lock (_lock)
        {
            return _devices.Contains(device);
        }
    }

    /// <summary>Splits <c>HOST:PORT</c> (<c>[IPv6]:PORT</c> for IPv6).</summary>
    /// <exception cref="FormatException">The text is not HOST:PORT with a port of 1 .. 65535.</exception>
    public static (string Host, int Port) ParseEndpoint(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1 || (text.StartsWith('[') && text[colon - 1] != ']'))
        {
            throw new FormatException($"\"{text}\" is not HOST:PORT (e.g. 127.0.0.1:7777, [::1]:7777)");
        }
        var host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }
        else if (host.Contains(':'))
        {
            throw new FormatException($"\"{text}\": write an IPv6 address in brackets, e.g. [::1]:7777");
        }
        if (host.Length == 0 || !int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new FormatException($"\"{text}\" is not HOST:PORT with a port of 1 .. 65535");
        }
        return (host, port);
    }

    internal static string FormatEndpoint(string host, int port) => host.Contains(':') ? $"[{host}]:{port}" : $"{host}:{port}";
}
