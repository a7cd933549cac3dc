using System.Collections.Concurrent;
using System.Net.Security;
using System.Net.Sockets;
using Microwasm.AppFramework.Messaging;
using Microwasm.AppFramework.Protocol;

namespace Microwasm.AppFramework.Transports;

/// <summary>
/// A client of a remote application manager speaking WAMR's wire protocol: a <see cref="RemoteManagerServer"/>
/// or WAMR's own runtime. Install, uninstall, list, query, requests to applets, event subscriptions.
/// </summary>
/// <remarks>
/// Every call returns the device's <see cref="Response"/>, whatever its status (an error status is an
/// answer, not an exception); the error message of a 5.00 is in its payload (an attribute container
/// with <c>error message</c>). A call throws <see cref="TimeoutException"/> when no response came in
/// <see cref="Timeout"/> and <see cref="IOException"/> when the connection is lost. Thread-safe: calls
/// may overlap (pipelining); responses are matched by mid.
/// </remarks>
public sealed class AppManagerClient : IAsyncDisposable
{
    private readonly Stream _input;
    private readonly Stream _output;
    private readonly IDisposable? _owned;
    private readonly LinkWriter _writer;
    private readonly ConcurrentDictionary<uint, TaskCompletionSource<Response>> _pending = new();
    private readonly CancellationTokenSource _closed = new();
    private readonly Task _reader;
    private uint _lastMid = (uint)Random.Shared.Next(1, int.MaxValue);
    private Exception? _failure;

    /// <summary>A client over a pair of streams (a serial port, stdin/stdout of a process, a pipe).</summary>
    public AppManagerClient(Stream input, Stream output, LinkLimits? limits = null)
        : this(input, output, limits, owned: null)
    {
    }

    private AppManagerClient(Stream input, Stream output, LinkLimits? limits, IDisposable? owned)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        _input = input;
        _output = output;
        _owned = owned;
        _writer = new LinkWriter(output, _closed.Token, e => Fail(e is OperationCanceledException ? new IOException("the client was disposed") : e));
        _reader = Task.Run(() => ReadLoopAsync(new LinkFrameDecoder(limits)));
    }

    /// <summary>How long a call waits for its response (default 5 s, as WAMR's host tool).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Raised for each event the device sends (request frames with method 6), on the client's reading task: keep handlers short.</summary>
    public event Action<Request>? EventReceived;

    /// <summary>Connects over TCP to <paramref name="host"/>:<paramref name="port"/> (WAMR's default port is 8888).</summary>
    public static Task<AppManagerClient> ConnectAsync(string host, int port, CancellationToken cancellationToken) =>
        ConnectAsync(host, port, tls: null, cancellationToken);

    /// <summary>
    /// Connects over TCP to <paramref name="host"/>:<paramref name="port"/>, with TLS when
    /// <paramref name="tls"/> is not null (a server with <see cref="RemoteServerOptions.TlsCertificate"/>);
    /// <see cref="SslClientAuthenticationOptions.TargetHost"/> defaults to <paramref name="host"/>.
    /// </summary>
    /// <exception cref="System.Security.Authentication.AuthenticationException">The TLS handshake failed (e.g. the server's certificate is not trusted).</exception>
    public static async Task<AppManagerClient> ConnectAsync(string host, int port, SslClientAuthenticationOptions? tls = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        var client = new TcpClient { NoDelay = true };
        try
        {
            await client.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
            Stream stream = client.GetStream();
            if (tls is not null)
            {
                if (!RemoteManagerServer.IsTlsSupported)
                {
                    throw new PlatformNotSupportedException(RemoteManagerServer.TlsNotInThisBuild);
                }
                var secure = new SslStream(stream, leaveInnerStreamOpen: false);
                tls.TargetHost ??= host;
                await secure.AuthenticateAsClientAsync(tls, cancellationToken).ConfigureAwait(false);
                stream = secure;
            }
            return new AppManagerClient(stream, stream, limits: null, owned: new Owned(client, stream));
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>What a client made by <see cref="ConnectAsync(string, int, SslClientAuthenticationOptions?, CancellationToken)"/> disposes: the stream (TLS), then the socket.</summary>
    private sealed class Owned(TcpClient client, Stream stream) : IDisposable
    {
        public void Dispose()
        {
            stream.Dispose();
            client.Dispose();
        }
    }

    /// <summary>Installs applet <paramref name="name"/> (<c>PUT /applet?name=…</c> in an install frame, as WAMR's host tool sends it). 2.01 on success.</summary>
    public Task<Response> InstallAsync(string name, ReadOnlyMemory<byte> module, int? heapSize = null, int? maxTimers = null, int? watchdogMilliseconds = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var url = "/applet?name=" + name;
        if (heapSize is { } heap)
        {
            url += "&heap=" + heap;
        }
        if (maxTimers is { } timers)
        {
            url += "&timers=" + timers;
        }
        if (watchdogMilliseconds is { } wd)
        {
            url += "&wd=" + wd;
        }
        return SendAsync(new Request(RequestMethod.Put, url, module, PayloadFormat.RawBinary), LinkMessageType.InstallWasmApp, cancellationToken);
    }

    /// <summary>
    /// Presents <paramref name="token"/> to a server that needs one (<see cref="RemoteServerOptions.Token"/>):
    /// 2.04 when accepted; 4.01 and the server closes the connection when not. Call it first.
    /// </summary>
    public Task<Response> AuthenticateAsync(string token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        return SendAsync(new Request(RequestMethod.Post, RemoteConnection.AuthUrl, System.Text.Encoding.UTF8.GetBytes(token)), LinkMessageType.Request, cancellationToken);
    }

    /// <summary>Uninstalls applet <paramref name="name"/>. 2.02 on success.</summary>
    public Task<Response> UninstallAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync(new Request(RequestMethod.Delete, "/applet?name=" + name), LinkMessageType.Request, cancellationToken);

    /// <summary>Lists the applets: 2.05 with an attribute container (<c>num</c>, <c>applet1</c>, <c>heap1</c>, …).</summary>
    public Task<Response> ListAsync(CancellationToken cancellationToken = default) =>
        SendAsync(new Request(RequestMethod.Get, "/applet"), LinkMessageType.Request, cancellationToken);

    /// <summary>Queries one applet: 2.05 with an attribute container (<c>name</c>, <c>heap</c>, …).</summary>
    public Task<Response> QueryAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync(new Request(RequestMethod.Get, "/applet?name=" + name), LinkMessageType.Request, cancellationToken);

    /// <summary>Sends a request to an applet's resource (<c>/app/NAME/…</c> or a registered URL).</summary>
    public Task<Response> RequestAsync(RequestMethod method, string url, ReadOnlyMemory<byte> payload = default, PayloadFormat format = PayloadFormat.Text, CancellationToken cancellationToken = default) =>
        SendAsync(new Request(method, url, payload, format), LinkMessageType.Request, cancellationToken);

    /// <summary>Subscribes this connection to event <paramref name="eventUrl"/> (<c>PUT /event/URL</c>); events arrive through <see cref="EventReceived"/>.</summary>
    public Task<Response> SubscribeAsync(string eventUrl, CancellationToken cancellationToken = default) =>
        SendAsync(new Request(RequestMethod.Put, "/event/" + Url.NormalizeEvent(eventUrl), default, PayloadFormat.AttrContainer), LinkMessageType.Request, cancellationToken);

    /// <summary>Drops this connection's subscription to <paramref name="eventUrl"/> (<c>DELETE /event/URL</c>).</summary>
    public Task<Response> UnsubscribeAsync(string eventUrl, CancellationToken cancellationToken = default) =>
        SendAsync(new Request(RequestMethod.Delete, "/event/" + Url.NormalizeEvent(eventUrl), default, PayloadFormat.AttrContainer), LinkMessageType.Request, cancellationToken);

    /// <summary>Sends <paramref name="request"/> with a fresh mid (sender 0, as WAMR's host tool) in a frame of <paramref name="type"/> and waits for its response.</summary>
    public async Task<Response> SendAsync(Request request, LinkMessageType type = LinkMessageType.Request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_failure is { } failure)
        {
            throw new IOException("the connection to the application manager is closed: " + failure.Message, failure);
        }
        uint mid;
        do
        {
            mid = Interlocked.Increment(ref _lastMid);
        }
        while (mid == 0);
        var completion = new TaskCompletionSource<Response>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[mid] = completion;
        try
        {
            if (_failure is { } lost)
            {
                // the connection failed between the check above and now: Fail may not have seen this call
                throw new IOException("the connection to the application manager is closed: " + lost.Message, lost);
            }
            // the caller that finds no write going on writes, also what others queue meanwhile: requests
            // pipelined from many tasks go out several per write
            await _writer.Enqueue(LinkCodec.EncodeRequest(request with { Mid = mid, Sender = 0 }, type), inline: true).ConfigureAwait(false);
            return await completion.Task.WaitAsync(Timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"no response to {request.Method} {request.Url} within {Timeout.TotalSeconds:0.###} s");
        }
        finally
        {
            _pending.TryRemove(mid, out _);
        }
    }

    /// <summary>The connection is unusable: every call waiting, and every later one, fails with <see cref="IOException"/>.</summary>
    private void Fail(Exception failure)
    {
        _failure ??= failure;
        foreach (var waiting in _pending.Values)
        {
            waiting.TrySetException(new IOException("the connection to the application manager is closed: " + _failure.Message, _failure));
        }
    }

    private async Task ReadLoopAsync(LinkFrameDecoder decoder)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await _input.ReadAsync(buffer, _closed.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new IOException("the application manager closed the connection");
                }
                var offset = 0;
                while (offset < read)
                {
                    var status = decoder.Decode(buffer.AsSpan(offset, read - offset), out var consumed, out var frame, out _);
                    offset += consumed;
                    if (status != LinkDecodeStatus.Frame)
                    {
                        continue;
                    }
                    if (frame.Type == LinkMessageType.Response && LinkCodec.TryReadResponse(frame, out var response, out _))
                    {
                        if (_pending.TryRemove(response!.Mid, out var waiting))
                        {
                            waiting.TrySetResult(response);
                        }
                    }
                    else if (frame.Type == LinkMessageType.Request && LinkCodec.TryReadRequest(frame, out var request, out _, out _))
                    {
                        try
                        {
                            EventReceived?.Invoke(request!);
                        }
                        catch (Exception)
                        {
                            // a handler's failure is the handler's; the connection goes on
                        }
                    }
                }
            }
        }
        catch (Exception e)
        {
            Fail(e is OperationCanceledException ? new IOException("the client was disposed") : e);
        }
    }

    /// <summary>Closes the connection; calls still waiting fail with <see cref="IOException"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        _closed.Cancel();
        _owned?.Dispose();
        if (_owned is null)
        {
            _input.Dispose();
            _output.Dispose();
        }
        try
        {
            await _reader.ConfigureAwait(false);
        }
        catch (Exception)
        {
        }
    }
}
