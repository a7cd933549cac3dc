using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microwasm.AppFramework.Applets;
using Microwasm.AppFramework.Messaging;
using Microwasm.AppFramework.Protocol;

namespace Microwasm.AppFramework.Transports;

/// <summary>
/// One remote host on one byte stream (a TCP connection, stdin/stdout, a serial line): reads frames
/// with its own <see cref="LinkFrameDecoder"/>, hands requests to the router, and writes responses
/// and events through its own <see cref="LinkWriter"/>, so a client that does not read stalls only itself.
/// </summary>
internal sealed class RemoteConnection : IRemoteSubscriber
{
    private const int ReadBufferSize = 64 * 1024;

    /// <summary>The URL of the authentication request (<see cref="RemoteServerOptions.Token"/>).</summary>
    public const string AuthUrl = "/microwasm/auth";

    private static readonly LinkLimits s_unauthenticatedLimits = new() { MaxPacketSize = 4096, MaxInstallSize = 4096 };

    /// <summary>Where an applet's response to a remote request goes: on the applet's thread, to the connection's writer.</summary>
    private static readonly Action<Response, object?> s_onAppletResponse = static (response, state) =>
    {
        var (connection, request) = ((RemoteConnection, Request))state!;
        connection.Complete(response, request);
    };

    private readonly RemoteRequestRouter _router;
    private readonly RemoteServerOptions _options;
    private readonly ILogger? _logger;
    private readonly Stream _input;
    private readonly LinkLimits _limits;
    private LinkFrameDecoder _decoder;
    private bool _authenticated;
    private bool _rejected;
    private bool _finished;   // under the _subscriptions lock: no subscription may be added any more
    private readonly LinkWriter _writer;
    private readonly SemaphoreSlim _pendingSlots;
    private readonly Dictionary<string, HostSubscription> _subscriptions = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _closed = new();
    private int _pending;

    public RemoteConnection(RemoteRequestRouter router, RemoteServerOptions options, LinkLimits limits, Stream input, Stream output, string name)
    {
        _router = router;
        _options = options;
        _logger = options.Logger ?? router.Manager.Options.Logger;
        _input = input;
        _writer = new LinkWriter(output, _closed.Token, e => Close("writing failed: " + e.Message));
        _limits = limits;
        _authenticated = options.Token is null;
        _decoder = new LinkFrameDecoder(_authenticated ? limits : s_unauthenticatedLimits);
        _pendingSlots = new SemaphoreSlim(options.MaxPendingRequests, options.MaxPendingRequests);
        Name = name;
        LastActivity = Environment.TickCount64;
    }

    public string Name { get; }

    /// <summary>When bytes last arrived, in <see cref="Environment.TickCount64"/> milliseconds.</summary>
    public long LastActivity { get; private set; }

    /// <summary>True when the connection waits for nothing: no request being handled, no subscription.</summary>
    public bool IsIdle
    {
        get
        {
            lock (_subscriptions)
            {
                return Volatile.Read(ref _pending) == 0 && _subscriptions.Count == 0;
            }
        }
    }

    public void Close(string reason)
    {
        if (!_closed.IsCancellationRequested)
        {
            _logger?.LogInformation("remote {Name}: closing: {Reason}", Name, reason);
            try
            {
                _closed.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    /// <summary>Serves the connection until the peer closes it, it is closed, or <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var link = cancellationToken.Register(static state => ((RemoteConnection)state!).Close("the server is stopping"), this);
        var buffer = new byte[ReadBufferSize];
        try
        {
            while (!_closed.IsCancellationRequested && !_rejected)
            {
                int read;
                try
                {
                    read = await _input.ReadAsync(buffer, _closed.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
                {
                    break;
                }
                if (read == 0)
                {
                    break;
                }
                LastActivity = Environment.TickCount64;
                var offset = 0;
                while (offset < read && !_rejected)
                {
                    var status = _decoder.Decode(buffer.AsSpan(offset, read - offset), out var consumed, out var frame, out var error);
                    offset += consumed;
                    if (status == LinkDecodeStatus.Frame)
                    {
                        await OnFrameAsync(frame).ConfigureAwait(false);
                    }
                    else if (status == LinkDecodeStatus.Error)
                    {
                        OnBadFrame(error!);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            // a frame still incomplete (a client gone mid-install) is dropped here: nothing was acted on
            if (_decoder.InFrame)
            {
                _logger?.LogInformation("remote {Name}: gone with {Bytes} bytes of an incomplete frame; dropped", Name, _decoder.PendingBytes);
            }
            lock (_subscriptions)
            {
                _finished = true;
                foreach (var subscription in _subscriptions.Values)
                {
                    subscription.Dispose();
                }
                _subscriptions.Clear();
            }
            // what is queued (a refusal's 4.01, the last responses) gets a moment to go out
            for (var waited = 0; waited < 2000 && !_writer.IsIdle && !_closed.IsCancellationRequested; waited += 10)
            {
                await Task.Delay(10).ConfigureAwait(false);
            }
            Close(_rejected ? "authentication failed" : "the peer closed the connection");
        }
    }

    private async ValueTask OnFrameAsync(LinkFrame frame)
    {
        if (frame.Type == LinkMessageType.Response)
        {
            // the server sends no requests to hosts, so no response is awaited; WAMR ignores these too
            _logger?.LogDebug("remote {Name}: unexpected response frame ignored", Name);
            return;
        }
        if (!LinkCodec.TryReadRequest(frame, out var request, out var mid, out var error))
        {
            if (!_authenticated)
            {
                OnBadFrame(new LinkFrameError((ushort)frame.Type, (uint)frame.Payload.Length, "bad packet: " + error));
                return;
            }
            _logger?.LogInformation("remote {Name}: bad packet: {Error}", Name, error);
            Send(LinkCodec.EncodeResponse(_router.Error(mid ?? 0, ResponseStatus.BadRequest, "bad packet: " + error)));
            return;
        }
        if (!_authenticated || (request!.Method == RequestMethod.Post && request.Url == AuthUrl))
        {
            Authenticate(request!);
            return;
        }
        if (frame.Type == LinkMessageType.InstallWasmApp && !(request!.Method == RequestMethod.Put && Url.MatchPrefix(request.Url, "/applet") > 0))
        {
            Send(LinkCodec.EncodeResponse(_router.Error(request, ResponseStatus.BadRequest, "an install frame must hold PUT /applet?name=...")));
            return;
        }
        // at most MaxPendingRequests at once: past that, stop reading this client until one completes
        if (!_pendingSlots.Wait(0))
        {
            await _pendingSlots.WaitAsync(_closed.Token).ConfigureAwait(false);
        }
        Interlocked.Increment(ref _pending);
        Task<Response> handling;
        try
        {
            // requests to applets: the applet's thread hands the response straight to the writer
            if (_router.TrySendToApplets(request!, s_onAppletResponse, (this, request!)))
            {
                return;
            }
            handling = _router.HandleAsync(request!, this);
        }
        catch (Exception e) when (e is ObjectDisposedException or ArgumentException)
        {
            handling = Task.FromResult(_router.Error(request!, ResponseStatus.ServiceUnavailable, e.Message));
        }
        if (handling.IsCompleted)
        {
            Complete(handling, request!);
        }
        else
        {
            _ = handling.ContinueWith(static (task, state) =>
            {
                var (connection, request) = ((RemoteConnection, Request))state!;
                connection.Complete(task, request);
            }, (this, request!), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private void Complete(Task<Response> handling, Request request) =>
        Complete(handling.IsCompletedSuccessfully
            ? handling.Result
            : _router.Error(request, ResponseStatus.InternalServerError, handling.Exception?.GetBaseException().Message ?? "the request was cancelled"), request);

    private void Complete(Response response, Request request)
    {
        var last = Interlocked.Decrement(ref _pending) == 0;
        _pendingSlots.Release();
        // the last response awaited is written by this thread (the applet's) at once; while more are
        // coming, a drain on the pool writes them together
        Send(LinkCodec.EncodeResponse(response with { Mid = request.Mid }), inline: last);
    }

    /// <summary>Checks a connection's token (<see cref="RemoteServerOptions.Token"/>); a wrong one, or any other first frame, is 4.01 and the end of the connection.</summary>
    private void Authenticate(Request request)
    {
        var token = _options.Token;
        var presented = request.Method == RequestMethod.Post && request.Url == AuthUrl;
        // hashes of equal length, compared in constant time: neither the token nor its length leaks through timing
        if (token is null || (presented && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(token)), SHA256.HashData(request.Payload.Span))))
        {
            if (!_authenticated)
            {
                _authenticated = true;
                _decoder = new LinkFrameDecoder(_limits);
            }
            Send(LinkCodec.EncodeResponse(RemoteRequestRouter.Ack(request, ResponseStatus.Changed)));
            return;
        }
        _logger?.LogWarning("remote {Name}: {What}; closing", Name, presented ? "wrong token" : $"{request.Method} {Url.GetPath(request.Url)} before authenticating");
        Send(LinkCodec.EncodeResponse(_router.Error(request, ResponseStatus.Unauthorized,
            presented ? "authentication failed" : $"this server needs a token: send POST {AuthUrl} with it first")));
        _rejected = true;
    }

    private void OnBadFrame(LinkFrameError error)
    {
        _logger?.LogInformation("remote {Name}: {Error}", Name, error.Message);
        if (!_authenticated)
        {
            Send(LinkCodec.EncodeResponse(_router.Error(0, ResponseStatus.Unauthorized, "this server needs a token: send POST " + AuthUrl + " with it first")));
            _rejected = true;
            return;
        }
        if (error.TooLarge)
        {
            // the mid is in the payload, which was not read: mid 0
            Send(LinkCodec.EncodeResponse(_router.Error(0, ResponseStatus.RequestEntityTooLarge, error.Message)));
        }
    }

    /// <summary>Queues a frame to be written; a client with too much unread is disconnected.</summary>
    /// <param name="frame">A whole link frame.</param>
    /// <param name="inline">Write it on this thread if no write is going on (<see cref="LinkWriter.Enqueue"/>), else on the pool.</param>
    private void Send(byte[] frame, bool inline = false)
    {
        if (_closed.IsCancellationRequested)
        {
            return;
        }
        if (_writer.QueuedBytes + frame.Length > _options.MaxBytesInFlight)
        {
            Close($"more than {_options.MaxBytesInFlight} bytes wait to be written: the client does not read");
            return;
        }
        _ = _writer.Enqueue(frame, inline);
    }

    bool IRemoteSubscriber.Subscribe(string eventUrl)
    {
        lock (_subscriptions)
        {
            if (_subscriptions.ContainsKey(eventUrl))
            {
                return true;
            }
            if (_subscriptions.Count >= _options.MaxSubscriptionsPerConnection || _finished)
            {
                return false;
            }
            _subscriptions[eventUrl] = _router.Manager.Subscribe(eventUrl, OnEvent);
            return true;
        }
    }

    void IRemoteSubscriber.Unsubscribe(string eventUrl)
    {
        lock (_subscriptions)
        {
            if (_subscriptions.Remove(eventUrl, out var subscription))
            {
                subscription.Dispose();
            }
        }
    }

    /// <summary>An event for a subscription of this connection: a request frame with method 6, as WAMR sends it.</summary>
    private void OnEvent(Request e)
    {
        try
        {
            Send(LinkCodec.EncodeRequest(e));
        }
        catch (ArgumentException ex)
        {
            _logger?.LogDebug("remote {Name}: event {Url} not sent: {Error}", Name, e.Url, ex.Message);
        }
    }
}
