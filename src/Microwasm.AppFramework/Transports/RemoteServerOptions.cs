using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microwasm.AppFramework.Protocol;

namespace Microwasm.AppFramework.Transports;

/// <summary>Per-connection limits and settings of a <see cref="RemoteManagerServer"/>.</summary>
public sealed class RemoteServerOptions
{
    /// <summary>Requests of one connection being handled at once; the connection's reading waits (TCP's flow control pushes back on that client only). Default 64.</summary>
    public int MaxPendingRequests { get; init; } = 64;

    /// <summary>Bytes queued for one connection and not yet written; a client that lets more pile up is too slow or gone, and is disconnected. Default 4 MiB.</summary>
    public long MaxBytesInFlight { get; init; } = 4 * 1024 * 1024;

    /// <summary>A connection that sends nothing for this long, holds no subscription and waits for no response is closed. Default 5 minutes; <see cref="Timeout.InfiniteTimeSpan"/> never.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Connections served at once; more are closed as they arrive. Default 256.</summary>
    public int MaxConnections { get; init; } = 256;

    /// <summary>Event subscriptions one connection may hold. Default 64.</summary>
    public int MaxSubscriptionsPerConnection { get; init; } = 64;

    /// <summary>
    /// A shared secret every connection must present before anything else, or null (the default) for
    /// none, as WAMR (whose host tool knows nothing of tokens). With a token, a connection's first
    /// frame must be a request <c>POST /microwasm/auth</c> whose payload is the token's UTF-8 bytes:
    /// the answer is 2.04, or 4.01 and the connection is closed. Until then frames are limited to 4 KiB.
    /// Compared in constant time. Without a token the same request is answered 2.04, so a client may
    /// always send it.
    /// </summary>
    public string? Token { get; init; }

    /// <summary>
    /// When set, every TCP connection is TLS (<see cref="System.Net.Security.SslStream"/>) with this
    /// certificate, which must hold its private key; the handshake must end within
    /// <see cref="TlsHandshakeTimeout"/>. Streams given to <see cref="RemoteManagerServer.ServeAsync"/>
    /// are served as they are. Default null: plain TCP, as WAMR (whose host tool knows no TLS).
    /// </summary>
    public X509Certificate2? TlsCertificate { get; init; }

    /// <summary>Longest a TLS handshake may take; a client that has not finished by then is disconnected. Default 10 s.</summary>
    public TimeSpan TlsHandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest frames accepted; default: from the manager's <c>MaxMessageSize</c> and <c>MaxModuleSize</c>.</summary>
    public LinkLimits? Limits { get; init; }

    /// <summary>Connections, refused frames, slow clients. Default: the manager's logger.</summary>
    public ILogger? Logger { get; init; }
}
