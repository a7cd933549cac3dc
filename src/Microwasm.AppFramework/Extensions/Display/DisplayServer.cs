using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Microwasm.AppFramework.Extensions.Display;

/// <summary>
/// Shows a <see cref="VirtualDisplay"/> as a web page: <c>GET /</c> is a page with a canvas that looks
/// like the device's screen, and <c>/ws</c> a WebSocket that carries the changed rectangles of the
/// framebuffer to the page and the page's pointer (mouse or touch) back to the applets as LittlevGL
/// input. Built on <see cref="HttpListener"/> (see RATIONALE.md beside this file).
/// </summary>
/// <remarks>
/// <para>The WebSocket protocol. Server to page: one text message
/// <c>{"type":"hello","width":W,"height":H}</c>, then binary frames, each a 12-byte header
/// (u32 sequence number, u16 x, y, width, height; little-endian) and width × height RGBA pixels.
/// Page to server, text: <c>down X Y</c>, <c>move X Y</c>, <c>up X Y</c> in display pixels, and
/// <c>ack SEQ</c> once a frame is drawn. At most <see cref="DisplayServerOptions.MaxFramesInFlight"/>
/// frames are unacknowledged; changes meanwhile merge into one rectangle, so a slow page costs the
/// applets nothing and the server holds one rectangle per page.</para>
/// <para>Anything else a page sends is ignored (a message over 64 bytes closes its connection); a
/// page that goes away while its pointer is pressed cancels the press (<see cref="VirtualDisplay.CancelPress"/>).
/// Nothing a page does reaches an applet except pointer positions.</para>
/// </remarks>
public sealed class DisplayServer : IAsyncDisposable
{
    private const int MaxInputMessage = 64;
    private const int HeaderSize = 12;
    private const long MaxDiscarded = 1024 * 1024;
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly VirtualDisplay _display;
    private readonly DisplayServerOptions _options;
    private readonly ILogger? _logger;
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly object _lock = new();
    private readonly List<Viewer> _viewers = new();
    private readonly byte[]? _token;
    private readonly byte[] _page;
    private Task? _acceptLoop;
    private int _accepting;   // WebSocket handshakes in progress (under _lock), counted against MaxViewers

    /// <summary>A server for <paramref name="display"/>; call <see cref="Start"/> to listen.</summary>
    public DisplayServer(VirtualDisplay display, DisplayServerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(display);
        _display = display;
        _options = options ?? new DisplayServerOptions();
        _logger = _options.Logger;
        _token = _options.Token is { Length: > 0 } token ? Encoding.UTF8.GetBytes(token) : null;
        _page = Encoding.UTF8.GetBytes(DisplayPage.Render(_options.Title, display.Width, display.Height));
        _display.Changed += OnChanged;
    }

    /// <summary>Pages connected now.</summary>
    public int ViewerCount
    {
        get
        {
            lock (_lock)
            {
                return _viewers.Count;
            }
        }
    }

    /// <summary>Frame latencies measured so far: from the first change of a frame in the framebuffer to the page's acknowledgement that it drew it.</summary>
    internal LatencyRecorder FrameLatency { get; } = new();

    /// <summary>Frames drawn by pages (acknowledged).</summary>
    internal long FramesAcknowledged => Interlocked.Read(ref _framesAcknowledged);

    /// <summary>Messages from pages that were not understood.</summary>
    internal long InputRejected => Interlocked.Read(ref _inputRejected);

    private long _framesAcknowledged;
    private long _inputRejected;

    /// <summary>
    /// Listens on <paramref name="endpoint"/> (port 0 picks a free port) and returns the page's URL
    /// (with the token, if any). Requests must name that address in their <c>Host</c> header.
    /// </summary>
    /// <exception cref="HttpListenerException">The address cannot be listened on.</exception>
    public Uri Start(IPEndPoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (_acceptLoop is not null)
        {
            throw new InvalidOperationException("the display server is already started");
        }
        var port = endpoint.Port == 0 ? FreePort(endpoint.Address) : endpoint.Port;
        var host = endpoint.Address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{endpoint.Address}]" : endpoint.Address.ToString();
        var prefix = $"http://{host}:{port}/";
        _listener.Prefixes.Add(prefix);
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
        _logger?.LogInformation("display served on {Prefix}", prefix);
        return new Uri(_options.Token is { Length: > 0 } token ? $"{prefix}?token={Uri.EscapeDataString(token)}" : prefix);
    }

    /// <summary>Closes every page's connection and stops listening.</summary>
    public async ValueTask DisposeAsync()
    {
        _display.Changed -= OnChanged;
        if (_stopping.IsCancellationRequested)
        {
            return;
        }
        _stopping.Cancel();
        if (_listener.IsListening)
        {
            _listener.Stop();
        }
        Viewer[] viewers;
        lock (_lock)
        {
            viewers = [.. _viewers];
        }
        foreach (var viewer in viewers)
        {
            viewer.Socket.Abort();
        }
        if (_acceptLoop is not null)
        {
            await _acceptLoop.ConfigureAwait(false);
        }
        await Task.WhenAll(viewers.Select(v => v.Finished)).ConfigureAwait(false);
        _listener.Close();
        _stopping.Dispose();
    }

    private static int FreePort(IPAddress address)
    {
        using var probe = new TcpListener(address, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                break;   // stopped
            }
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            var request = context.Request;
            if (_token is not null && !TokenMatches(request.QueryString["token"]))
            {
                _logger?.LogWarning("display: refused {Method} {Path} from {Remote}: no or wrong token", request.HttpMethod, request.Url?.AbsolutePath, request.RemoteEndPoint);
                await RespondAsync(response, 401, "text/plain; charset=utf-8", "a token is needed: open the URL the server printed\n"u8.ToArray()).ConfigureAwait(false);
                return;
            }
            var path = request.Url?.AbsolutePath ?? "/";
            if (path == "/ws" && request.IsWebSocketRequest)
            {
                await ServeViewerAsync(context).ConfigureAwait(false);
                return;
            }
            if (request.HttpMethod is not ("GET" or "HEAD"))
            {
                await RespondAsync(response, 405, "text/plain; charset=utf-8", "only GET\n"u8.ToArray()).ConfigureAwait(false);
                return;
            }
            switch (path)
            {
                case "/" or "/index.html":
                    await RespondAsync(response, 200, "text/html; charset=utf-8", _page).ConfigureAwait(false);
                    break;
                case "/screen.png":
                    using (var png = new MemoryStream())
                    {
                        _display.WritePng(png);
                        await RespondAsync(response, 200, "image/png", png.ToArray()).ConfigureAwait(false);
                    }
                    break;
                default:
                    await RespondAsync(response, 404, "text/plain; charset=utf-8", "not found\n"u8.ToArray()).ConfigureAwait(false);
                    break;
            }
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException or WebSocketException or InvalidOperationException)
        {
            _logger?.LogInformation("display: a request ended early: {Error}", e.Message);
            try
            {
                response.Abort();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    private bool TokenMatches(string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _token);

    private static async Task RespondAsync(HttpListenerResponse response, int status, string contentType, byte[] body)
    {
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength64 = body.Length;
        response.Headers["Cache-Control"] = "no-store";
        response.Headers["X-Content-Type-Options"] = "nosniff";
        // the page runs only its own inline script and talks only to this server
        response.Headers["Content-Security-Policy"] = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self'; frame-ancestors 'none'";
        await response.OutputStream.WriteAsync(body).ConfigureAwait(false);
        response.Close();
    }

    private async Task ServeViewerAsync(HttpListenerContext context)
    {
        var remote = context.Request.RemoteEndPoint?.ToString() ?? "?";
        lock (_lock)
        {
            if (_viewers.Count + _accepting >= _options.MaxViewers)
            {
                remote = null;
            }
            else
            {
                _accepting++;
            }
        }
        if (remote is null)
        {
            _logger?.LogWarning("display: refused a page from {Remote}: {Max} pages are connected", context.Request.RemoteEndPoint, _options.MaxViewers);
            await RespondAsync(context.Response, 503, "text/plain; charset=utf-8", "too many pages are connected\n"u8.ToArray()).ConfigureAwait(false);
            return;
        }
        Viewer viewer;
        try
        {
            var accepted = await context.AcceptWebSocketAsync(subProtocol: null, receiveBufferSize: 1024, keepAliveInterval: TimeSpan.FromSeconds(20)).ConfigureAwait(false);
            viewer = new Viewer(accepted.WebSocket, remote);
            lock (_lock)
            {
                _viewers.Add(viewer);
            }
        }
        finally
        {
            lock (_lock)
            {
                _accepting--;
            }
        }
        try
        {
            _logger?.LogInformation("display: page connected from {Remote}", viewer.Remote);
            var hello = Encoding.UTF8.GetBytes($"{{\"type\":\"hello\",\"width\":{_display.Width},\"height\":{_display.Height}}}");
            await viewer.Socket.SendAsync(hello, WebSocketMessageType.Text, true, _stopping.Token).ConfigureAwait(false);
            viewer.MarkDirty(new DisplayRect(0, 0, _display.Width, _display.Height));
            using var done = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            var sending = SendLoopAsync(viewer, done.Token);
            await ReceiveLoopAsync(viewer, done.Token).ConfigureAwait(false);
            done.Cancel();
            await sending.ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or HttpListenerException or IOException or ObjectDisposedException)
        {
            _logger?.LogInformation("display: page {Remote} went away: {Error}", viewer.Remote, e.Message);
        }
        finally
        {
            lock (_lock)
            {
                _viewers.Remove(viewer);
            }
            if (viewer.Pressed)
            {
                _display.CancelPress();
            }
            viewer.Socket.Dispose();
            viewer.Done();
            _logger?.LogInformation("display: page {Remote} disconnected", viewer.Remote);
        }
    }

    private void OnChanged(DisplayRect area)
    {
        Viewer[] viewers;
        lock (_lock)
        {
            if (_viewers.Count == 0)
            {
                return;
            }
            viewers = [.. _viewers];
        }
        foreach (var viewer in viewers)
        {
            viewer.MarkDirty(area);
        }
    }

    private async Task SendLoopAsync(Viewer viewer, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await viewer.WaitAsync(cancellationToken).ConfigureAwait(false);
                while (viewer.TryTake(_options.MaxFramesInFlight, out var rect, out var sequence))
                {
                    var length = HeaderSize + rect.Width * rect.Height * 4;
                    var buffer = ArrayPool<byte>.Shared.Rent(length);
                    try
                    {
                        BinaryPrimitives.WriteUInt32LittleEndian(buffer, sequence);
                        BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(4), (ushort)rect.X);
                        BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(6), (ushort)rect.Y);
                        BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(8), (ushort)rect.Width);
                        BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(10), (ushort)rect.Height);
                        _display.CopyRgba(rect, buffer.AsSpan(HeaderSize));
                        await viewer.Socket.SendAsync(buffer.AsMemory(0, length), WebSocketMessageType.Binary, true, cancellationToken).ConfigureAwait(false);
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                    }
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // the page went away or the server stops: the receive loop ends the connection
            viewer.Socket.Abort();
        }
    }

    private async Task ReceiveLoopAsync(Viewer viewer, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxInputMessage];
        while (viewer.Socket.State == WebSocketState.Open)
        {
            var length = 0;
            long discarded = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                if (length == buffer.Length)
                {
                    // too big for any message of the protocol: read the rest away (so the close
                    // handshake can complete), but not without bound
                    discarded += length;
                    length = 0;
                    if (discarded > MaxDiscarded)
                    {
                        throw new WebSocketException(WebSocketError.InvalidMessageType, $"a message over {MaxDiscarded} bytes");
                    }
                }
                result = await viewer.Socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                length += result.Count;
            }
            while (!result.EndOfMessage);
            if (discarded > 0)
            {
                Interlocked.Increment(ref _inputRejected);
                _logger?.LogWarning("display: page {Remote} sent a message over {Max} bytes; closing it", viewer.Remote, MaxInputMessage);
                await viewer.Socket.CloseAsync(WebSocketCloseStatus.MessageTooBig, "message too big", cancellationToken).ConfigureAwait(false);
                return;
            }
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await viewer.Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken).ConfigureAwait(false);
                return;
            }
            if (result.MessageType != WebSocketMessageType.Text || !HandleInput(viewer, buffer.AsSpan(0, length)))
            {
                Interlocked.Increment(ref _inputRejected);
            }
        }
    }

    /// <summary>Acts on one message from a page; false when it is not one of the four the protocol has.</summary>
    private bool HandleInput(Viewer viewer, ReadOnlySpan<byte> message)
    {
        string line;
        try
        {
            line = s_strictUtf8.GetString(message);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        var parts = line.Split(' ');
        var n = parts.Length;
        if (n == 2 && parts[0] == "ack" && uint.TryParse(parts[1], out var seq))
        {
            if (!viewer.Acknowledge(seq, out var since))
            {
                return false;   // not a frame in flight
            }
            Interlocked.Increment(ref _framesAcknowledged);
            FrameLatency.Add(Stopwatch.GetElapsedTime(since));
            return true;
        }
        if (n != 3 || !int.TryParse(parts[1], out var x) || !int.TryParse(parts[2], out var y))
        {
            return false;
        }
        switch (parts[0])
        {
            case "down":
                viewer.Pressed = true;
                _display.Press(x, y);
                return true;
            case "move":
                _display.Move(x, y);
                return true;
            case "up":
                viewer.Pressed = false;
                _display.Release(x, y);
                return true;
            default:
                return false;
        }
    }

    /// <summary>One connected page: its socket, the rectangle it has yet to see, and its frames in flight.</summary>
    private sealed class Viewer(WebSocket socket, string remote)
    {
        private readonly object _lock = new();
        private readonly SemaphoreSlim _wake = new(0);
        private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Dictionary<uint, long> _inFlight = new();   // sequence → when its oldest change happened
        private DisplayRect _dirty;
        private long _dirtySince;
        private uint _sequence;
        private int _wakePending;

        public WebSocket Socket { get; } = socket;

        public string Remote { get; } = remote;

        public volatile bool Pressed;

        public Task Finished => _finished.Task;

        public void Done() => _finished.TrySetResult();

        public void MarkDirty(DisplayRect area)
        {
            lock (_lock)
            {
                if (_dirty.IsEmpty)
                {
                    _dirtySince = Stopwatch.GetTimestamp();
                }
                _dirty = _dirty.Union(area);
            }
            Wake();
        }

        public Task WaitAsync(CancellationToken cancellationToken)
        {
            Volatile.Write(ref _wakePending, 0);
            return _wake.WaitAsync(cancellationToken);
        }

        public bool TryTake(int maxInFlight, out DisplayRect rect, out uint sequence)
        {
            lock (_lock)
            {
                rect = _dirty;
                sequence = 0;
                if (rect.IsEmpty || _inFlight.Count >= maxInFlight)
                {
                    return false;
                }
                sequence = ++_sequence;
                _inFlight[sequence] = _dirtySince;
                _dirty = default;
                return true;
            }
        }

        public bool Acknowledge(uint sequence, out long since)
        {
            bool known;
            lock (_lock)
            {
                known = _inFlight.Remove(sequence, out since);
            }
            if (known)
            {
                Wake();   // room for the next frame
            }
            return known;
        }

        private void Wake()
        {
            if (Interlocked.Exchange(ref _wakePending, 1) == 0)
            {
                _wake.Release();
            }
        }
    }
}
