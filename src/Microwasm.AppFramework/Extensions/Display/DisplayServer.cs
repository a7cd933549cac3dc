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
/// input. Its HTTP is its own, over a <see cref="TcpListener"/>: one request per connection, a
/// 10-second deadline for the request head (see RATIONALE.md beside this file).
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
    private const int MaxConnections = 32;   // connections not yet a page's WebSocket
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly VirtualDisplay _display;
    private readonly DisplayServerOptions _options;
    private readonly ILogger? _logger;
    private TcpListener? _listener;
    private string _authority = "";   // what the Host header of every request must be
    private int _connections;         // connections being read or answered (not pages)
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

    /// <summary>How long a connection may take to send its request head (10 s; shorter in tests).</summary>
    internal TimeSpan HeadTimeout { get; init; } = TimeSpan.FromSeconds(10);

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
    /// <exception cref="SocketException">The address cannot be listened on.</exception>
    public Uri Start(IPEndPoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (_listener is not null)
        {
            throw new InvalidOperationException("the display server is already started");
        }
        var listener = new TcpListener(endpoint);
        listener.Start();
        _listener = listener;
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var host = endpoint.Address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{endpoint.Address}]" : endpoint.Address.ToString();
        _authority = $"{host}:{port}";
        var prefix = $"http://{_authority}/";
        _acceptLoop = AcceptLoopAsync(listener);
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
        _listener?.Stop();
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
        _listener?.Dispose();
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
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
            {
                break;   // stopped
            }
            if (Interlocked.Increment(ref _connections) > MaxConnections)
            {
                Interlocked.Decrement(ref _connections);
                _logger?.LogWarning("display: refused a connection from {Remote}: {Max} requests are being read", socket.RemoteEndPoint, MaxConnections);
                socket.Dispose();
                continue;
            }
            _ = Task.Run(() => HandleAsync(socket));
        }
    }

    private async Task HandleAsync(Socket socket)
    {
        var remote = socket.RemoteEndPoint?.ToString() ?? "?";
        var stream = new NetworkStream(socket, ownsSocket: true);
        var upgraded = false;
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            deadline.CancelAfter(HeadTimeout);
            var (request, status, moreBytes) = await DisplayHttp.ReadHeadAsync(stream, deadline.Token).ConfigureAwait(false);
            if (request is null)
            {
                if (status != 0)
                {
                    _logger?.LogInformation("display: refused a request from {Remote}: {Status}", remote, status);
                    await DisplayHttp.WriteResponseAsync(stream, status, "text/plain; charset=utf-8", "bad request\n"u8.ToArray(), true, deadline.Token).ConfigureAwait(false);
                }
                return;
            }
            if (!string.Equals(request.Header("Host"), _authority, StringComparison.OrdinalIgnoreCase))
            {
                // a page of another site that rebound its name to this address names its own host
                _logger?.LogWarning("display: refused {Method} {Path} from {Remote}: Host is {Host}, not {Authority}", request.Method, request.Path, remote, request.Header("Host"), _authority);
                await DisplayHttp.WriteResponseAsync(stream, 421, "text/plain; charset=utf-8", "wrong Host\n"u8.ToArray(), true, deadline.Token).ConfigureAwait(false);
                return;
            }
            if (_token is not null && !TokenMatches(request.Query("token")))
            {
                _logger?.LogWarning("display: refused {Method} {Path} from {Remote}: no or wrong token", request.Method, request.Path, remote);
                await DisplayHttp.WriteResponseAsync(stream, 401, "text/plain; charset=utf-8", "a token is needed: open the URL the server printed\n"u8.ToArray(), true, deadline.Token).ConfigureAwait(false);
                return;
            }
            if (request.Path == "/ws" && request.WebSocketKey is { } key && !moreBytes)
            {
                upgraded = true;
                Interlocked.Decrement(ref _connections);   // a page now: counted against MaxViewers instead
                await ServeViewerAsync(stream, key, remote, deadline.Token).ConfigureAwait(false);
                return;
            }
            if (request.Method is not ("GET" or "HEAD"))
            {
                await DisplayHttp.WriteResponseAsync(stream, 405, "text/plain; charset=utf-8", "only GET\n"u8.ToArray(), true, deadline.Token).ConfigureAwait(false);
                return;
            }
            var body = request.Method == "GET";
            switch (request.Path)
            {
                case "/" or "/index.html":
                    await DisplayHttp.WriteResponseAsync(stream, 200, "text/html; charset=utf-8", _page, body, deadline.Token).ConfigureAwait(false);
                    break;
                case "/screen.png":
                    using (var png = new MemoryStream())
                    {
                        _display.WritePng(png);
                        await DisplayHttp.WriteResponseAsync(stream, 200, "image/png", png.ToArray(), body, deadline.Token).ConfigureAwait(false);
                    }
                    break;
                case "/ws":
                    await DisplayHttp.WriteResponseAsync(stream, 426, "text/plain; charset=utf-8", "a WebSocket upgrade is needed\n"u8.ToArray(), body, deadline.Token).ConfigureAwait(false);
                    break;
                default:
                    await DisplayHttp.WriteResponseAsync(stream, 404, "text/plain; charset=utf-8", "not found\n"u8.ToArray(), body, deadline.Token).ConfigureAwait(false);
                    break;
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or WebSocketException or OperationCanceledException or InvalidOperationException)
        {
            _logger?.LogInformation("display: a request from {Remote} ended early: {Error}", remote, e is OperationCanceledException ? "no request head in time" : e.Message);
        }
        finally
        {
            if (!upgraded)
            {
                Interlocked.Decrement(ref _connections);
                await LingerAsync(socket).ConfigureAwait(false);
            }
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Ends an answered connection gently: no more to send, then what the client still sends (a body
    /// nobody reads) is read away for up to a second, because closing a socket with unread bytes resets
    /// the connection and the client may lose the answer.
    /// </summary>
    private static async Task LingerAsync(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Send);
            using var linger = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            var sink = new byte[4096];
            long drained = 0;
            int read;
            while (drained < 64 * 1024 && (read = await socket.ReceiveAsync(sink, SocketFlags.None, linger.Token).ConfigureAwait(false)) > 0)
            {
                drained += read;
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }

    private bool TokenMatches(string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _token);

    private async Task ServeViewerAsync(NetworkStream stream, string key, string remote, CancellationToken handshake)
    {
        bool full;
        lock (_lock)
        {
            full = _viewers.Count + _accepting >= _options.MaxViewers;
            if (!full)
            {
                _accepting++;
            }
        }
        if (full)
        {
            _logger?.LogWarning("display: refused a page from {Remote}: {Max} pages are connected", remote, _options.MaxViewers);
            await DisplayHttp.WriteResponseAsync(stream, 503, "text/plain; charset=utf-8", "too many pages are connected\n"u8.ToArray(), true, handshake).ConfigureAwait(false);
            return;
        }
        Viewer viewer;
        try
        {
            await stream.WriteAsync(DisplayHttp.SwitchingProtocols(key), handshake).ConfigureAwait(false);
            var socket = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.FromSeconds(20) });
            viewer = new Viewer(socket, remote);
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
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or SocketException or ObjectDisposedException)
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
