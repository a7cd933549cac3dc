using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microwasm.AppFramework.Applets;
using Microwasm.AppFramework.Protocol;

namespace Microwasm.AppFramework.Transports;

/// <summary>
/// The remote application manager: serves an <see cref="AppManager"/> to hosts speaking WAMR's wire
/// protocol (WAMR's <c>host_tool</c>, <see cref="AppManagerClient"/>) over TCP or any byte stream.
/// Routes as WAMR's app manager: <c>PUT/DELETE/GET /applet</c> install, uninstall and list;
/// <c>PUT/DELETE /event/URL</c> subscribe the connection to an event; any other URL goes to the applets.
/// </summary>
/// <remarks>
/// Each connection has its own decoder, its own writer and its own limits
/// (<see cref="RemoteServerOptions"/>), so one slow, silent or hostile client stalls only itself. Bad
/// frames are refused (with an error response where the frame carried a mid) and the stream
/// resynchronises on the next leading bytes; nothing a client sends throws out of the server.
/// Without <see cref="RemoteServerOptions.Token"/> the server authenticates nobody (as WAMR): bind it
/// to loopback, or give it a token, and TLS (<see cref="RemoteServerOptions.TlsCertificate"/>) so that
/// the token does not cross the network in clear.
/// </remarks>
public sealed class RemoteManagerServer : IAsyncDisposable
{
    private readonly RemoteRequestRouter _router;
    private readonly LinkLimits _limits;
    private readonly ILogger? _logger;
    private readonly ConcurrentDictionary<RemoteConnection, Task> _connections = new();
    private readonly List<TcpListener> _listeners = [];
    private readonly List<Task> _acceptLoops = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly Timer _idleSweep;
    private readonly SslStreamCertificateContext? _tls;
    private int _handshaking;
    private int _disposed;

    public RemoteManagerServer(AppManager manager, RemoteServerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(manager);
        Options = options ?? new RemoteServerOptions();
        _router = new RemoteRequestRouter(manager);
        _logger = Options.Logger ?? manager.Options.Logger;
        _limits = Options.Limits ?? new LinkLimits
        {
            MaxPacketSize = manager.Options.MaxMessageSize,
            MaxInstallSize = manager.Options.MaxModuleSize + 18 + manager.Options.MaxUrlLength + 1,
        };
        if (Options.TlsCertificate is { } certificate)
        {
            if (!IsTlsSupported)
            {
                throw new PlatformNotSupportedException(TlsNotInThisBuild);
            }
            if (!certificate.HasPrivateKey)
            {
                throw new ArgumentException("the TLS certificate has no private key", nameof(options));
            }
            // built once: the chain is not looked up again for every connection
            _tls = SslStreamCertificateContext.Create(certificate, additionalCertificates: null);
        }
        _idleSweep = new Timer(static state => ((RemoteManagerServer)state!).CloseIdle(), this, 1000, 1000);
    }

    public RemoteServerOptions Options { get; }

    /// <summary>
    /// Whether this build has TLS (<see cref="RemoteServerOptions.TlsCertificate"/>,
    /// <see cref="AppManagerClient.ConnectAsync(string, int, SslClientAuthenticationOptions?, CancellationToken)"/>
    /// with options): true unless the application was trimmed with the feature switch
    /// <c>Microwasm.Tls.IsSupported</c> set to false, which removes .NET's TLS and certificate code
    /// (about 4 MB of a NativeAOT executable) and makes both throw <see cref="PlatformNotSupportedException"/>.
    /// </summary>
    [FeatureSwitchDefinition(TlsSwitch)]
    public static bool IsTlsSupported => !AppContext.TryGetSwitch(TlsSwitch, out bool enabled) || enabled;

    private const string TlsSwitch = "Microwasm.Tls.IsSupported";

    internal const string TlsNotInThisBuild = "TLS is not part of this build (it was trimmed with Microwasm.Tls.IsSupported=false)";

    /// <summary>The manager served.</summary>
    public AppManager Manager => _router.Manager;

    /// <summary>Connections being served now.</summary>
    public int ConnectionCount => _connections.Count;

    /// <summary>Where the TCP listeners listen (with the ports the system chose for port 0).</summary>
    public IReadOnlyList<IPEndPoint> Endpoints
    {
        get
        {
            lock (_listeners)
            {
                return _listeners.Select(l => (IPEndPoint)l.LocalEndpoint).ToArray();
            }
        }
    }

    /// <summary>
    /// Starts listening on <paramref name="endpoint"/> (port 0: any free port) and serving each client
    /// that connects; returns the endpoint bound. WAMR's host tool connects to 127.0.0.1:8888 by default.
    /// </summary>
    /// <exception cref="SocketException">The address cannot be bound.</exception>
    public IPEndPoint ListenTcp(IPEndPoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var listener = new TcpListener(endpoint);
        listener.Start(backlog: 128);
        lock (_listeners)
        {
            _listeners.Add(listener);
            _acceptLoops.Add(AcceptLoopAsync(listener));
        }
        var bound = (IPEndPoint)listener.LocalEndpoint;
        _logger?.LogInformation("remote manager listening on {Endpoint}", bound);
        return bound;
    }

    /// <summary>
    /// Serves one host on a pair of streams (stdin/stdout, a serial port, a pipe) until the input ends,
    /// the server is disposed, or <paramref name="cancellationToken"/> fires.
    /// </summary>
    public Task ServeAsync(Stream input, Stream output, string name = "stream", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return ServeConnectionAsync(input, output, name, cancellationToken);
    }

    private async Task ServeConnectionAsync(Stream input, Stream output, string name, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        var connection = new RemoteConnection(_router, Options, _limits, input, output, name);
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _connections[connection] = completion.Task;
        try
        {
            await connection.RunAsync(stop.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // a bug, not a client's doing: log it and keep serving the others
            _logger?.LogError(e, "remote {Name}: connection failed", name);
        }
        finally
        {
            _connections.TryRemove(connection, out _);
            completion.TrySetResult();
        }
    }

    private async Task AcceptLoopAsync(TcpListener listener)
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stopping.IsCancellationRequested)
                {
                    return;
                }
                continue;
            }
            if (_connections.Count + Volatile.Read(ref _handshaking) >= Options.MaxConnections)
            {
                _logger?.LogWarning("remote {Endpoint}: refused, {Count} connections are open", socket.RemoteEndPoint, _connections.Count);
                socket.Dispose();
                continue;
            }
            socket.NoDelay = true;
            _ = ServeSocketAsync(socket);
        }
    }

    private async Task ServeSocketAsync(Socket socket)
    {
        var name = socket.RemoteEndPoint?.ToString() ?? "tcp";
        _logger?.LogInformation("remote {Name}: connected", name);
        Stream? opened;
        if (IsTlsSupported && _tls is not null)
        {
            opened = await HandshakeAsync(socket, name).ConfigureAwait(false);
        }
        else
        {
            opened = new NetworkStream(socket, ownsSocket: true);
        }
        await using var stream = opened;
        if (stream is null)
        {
            return;
        }
        await ServeConnectionAsync(stream, stream, name, CancellationToken.None).ConfigureAwait(false);
        _logger?.LogInformation("remote {Name}: disconnected", name);
    }

    /// <summary>The server's side of a TLS handshake, bounded in time; null (and the socket closed) when it fails.</summary>
    private async Task<Stream?> HandshakeAsync(Socket socket, string name)
    {
        Interlocked.Increment(ref _handshaking);
        var tls = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            deadline.CancelAfter(Options.TlsHandshakeTimeout);
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificateContext = _tls }, deadline.Token).ConfigureAwait(false);
            return tls;
        }
        catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            _logger?.LogInformation("remote {Name}: TLS handshake failed: {Error}", name, e is OperationCanceledException ? "not finished in time" : e.Message);
            await tls.DisposeAsync().ConfigureAwait(false);
            return null;
        }
        finally
        {
            Interlocked.Decrement(ref _handshaking);
        }
    }

    private void CloseIdle()
    {
        if (Options.IdleTimeout == Timeout.InfiniteTimeSpan)
        {
            return;
        }
        var now = Environment.TickCount64;
        foreach (var connection in _connections.Keys)
        {
            if (now - connection.LastActivity > (long)Options.IdleTimeout.TotalMilliseconds && connection.IsIdle)
            {
                connection.Close($"idle for {Options.IdleTimeout.TotalSeconds:0.#} s");
            }
        }
    }

    /// <summary>Stops listening and closes every connection (the manager is not disposed: it is the caller's).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await _idleSweep.DisposeAsync().ConfigureAwait(false);
        _stopping.Cancel();
        Task[] loops;
        lock (_listeners)
        {
            foreach (var listener in _listeners)
            {
                listener.Stop();
            }
            loops = [.. _acceptLoops];
        }
        await Task.WhenAll(loops).ConfigureAwait(false);
        await Task.WhenAll(_connections.Values).ConfigureAwait(false);
        _stopping.Dispose();
    }
}
