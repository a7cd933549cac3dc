using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microwasm.AppFramework.Abi;
using Microwasm.AppFramework.Messaging;
using Microwasm.AppFramework.Timers;
using Microwasm.Host;
using Microwasm.Model;
using Microwasm.Runtime;

namespace Microwasm.AppFramework.Applets;

/// <summary>
/// The application manager: installs wasm applets, runs each on its own thread with its own bounded
/// queue, routes requests, responses and events between the host and applets, and serves their
/// timers from one timer service. Nothing an applet does can stop the manager or another applet:
/// traps stop only the applet that trapped, a message that runs too long is interrupted by the
/// watchdog, full queues are error responses for the sender.
/// </summary>
/// <remarks>
/// The manager never runs wasm itself; the host's calls (<see cref="SendRequestAsync"/>,
/// <see cref="Publish"/>) only queue messages. It is thread-safe. Dispose it to stop every applet
/// (each one's <c>on_destroy</c> runs).
/// </remarks>
public sealed class AppManager : IAsyncDisposable
{
    private const int MaxNameLength = 128;   // WAMR's APP_NAME_MAX_LEN

    private readonly object _lock = new();
    private readonly Dictionary<string, Applet?> _applets = new(StringComparer.Ordinal);   // null: an install in progress
    private readonly ConcurrentDictionary<uint, Applet> _byId = new();
    private readonly ConcurrentDictionary<uint, PendingRequest> _pending = new();
    private readonly ILogger? _logger;
    private uint _lastAppletId;
    private uint _lastMid;
    private bool _disposed;

    public AppManager(AppManagerOptions? options = null)
    {
        Options = options ?? new AppManagerOptions();
        _logger = Options.Logger;
        Resources = new ResourceRegistry(Options.MaxResourcesPerApplet, Options.MaxUrlLength);
        Events = new EventRegistry(Options.MaxSubscriptionsPerApplet, Options.MaxUrlLength);
        TimerService = new TimerService();
        Watchdog = new Watchdog(() => _byId.Values, ExpirePendingRequests);
        Extensions = [];
        // always there, as in WAMR's runtimes built with them: with no sensors and nothing allowed,
        // an applet that uses them installs and gets "not found" / "refused"
        Extensions.Add(new Extensions.Sensors.SensorExtension(this, Options.Sensors));
        Extensions.Add(new Extensions.Connections.ConnectionExtension(this, Options.Connections));
        if (Options.Display is { } display)
        {
            Display = new Extensions.Display.VirtualDisplay(display);
            Extensions.Add(new Extensions.Display.DisplayExtension(Display));
        }
    }

    public AppManagerOptions Options { get; }

    /// <summary>The applets' display when <see cref="AppManagerOptions.Display"/> asked for one; otherwise null.</summary>
    public Extensions.Display.VirtualDisplay? Display { get; }

    /// <summary>Raised when an applet stops: uninstalled, stopped by the watchdog, or faulted. Raised on a thread-pool thread.</summary>
    public event EventHandler<AppletStoppedEventArgs>? AppletStopped;

    /// <summary>Raised for every trap in an applet, whatever the fault policy does about it. Raised on a thread-pool thread.</summary>
    public event EventHandler<AppletFaultEventArgs>? AppletFaulted;

    internal ResourceRegistry Resources { get; }

    internal EventRegistry Events { get; }

    internal TimerService TimerService { get; }

    internal Watchdog Watchdog { get; }

    /// <summary>The extensions whose natives every applet gets, in registration order.</summary>
    internal List<Extensions.IAppletExtension> Extensions { get; }

    /// <summary>
    /// Installs applet <paramref name="name"/> from the wasm module <paramref name="module"/>: checks
    /// its size, decodes and validates it, checks the exports the framework calls, instantiates it
    /// with the builtin libc and the framework's natives on the applet's own new thread, and runs its
    /// <c>on_init</c> there. Completes when <c>on_init</c> has returned.
    /// </summary>
    /// <exception cref="AppletInstallException">The applet was refused or failed to start; the message names it and says why, and nothing of it remains.</exception>
    public async Task<AppletInfo> InstallAsync(string name, ReadOnlyMemory<byte> module, AppletOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (CheckName(name) is { } badName)
        {
            throw new AppletInstallException($"applet {WasmName.Quote(name)} refused: {badName}");
        }
        if (module.Length > Options.MaxModuleSize)
        {
            throw new AppletInstallException($"applet \"{name}\" refused: its module is {module.Length} bytes; the limit is {Options.MaxModuleSize}");
        }
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_applets.ContainsKey(name))
            {
                throw new AppletInstallException($"applet \"{name}\" refused: an applet of that name is already installed");
            }
            if (_applets.Count >= Options.MaxApplets)
            {
                throw new AppletInstallException($"applet \"{name}\" refused: {Options.MaxApplets} applets are installed, the most this manager allows");
            }
            _applets.Add(name, null);
        }
        Applet? applet = null;
        try
        {
            var resolved = (options ?? new AppletOptions()).Resolve(Options.DefaultApplet);
            var runtime = new WasmRuntime(new RuntimeOptions
            {
                AppHeapSize = resolved.HeapSize!.Value,
                MaxMemoryPages = resolved.MaxMemoryPages!.Value,
                MaxCallDepth = resolved.MaxCallDepth!.Value,
                ValueStackSlots = 8 * 1024,   // 64 KiB: four times the 16 KiB wasm stack WAMR gives an applet
            });
            WasmModule loaded;
            try
            {
                loaded = runtime.Load(module);
            }
            catch (WasmException e)
            {
                throw new AppletInstallException($"applet \"{name}\" refused: {e.Message}", e);
            }
            if (AppletExports.Check(loaded) is { } badExports)
            {
                throw new AppletInstallException($"applet \"{name}\" refused: {badExports}");
            }
            var id = NextAppletId();
            var output = Options.Output?.Invoke(name) ?? new PrefixedLineWriter(Console.Out, $"[{name}] ");
            applet = new Applet(this, id, name, loaded, resolved, output);
            _byId[id] = applet;
            lock (_lock)
            {
                _applets[name] = applet;
            }
            await applet.StartAsync().ConfigureAwait(false);
            if (Volatile.Read(ref _disposed))
            {
                // the manager was disposed while this applet started: it must not outlive it
                throw new ObjectDisposedException(nameof(AppManager), $"the application manager was disposed while applet \"{name}\" was being installed");
            }
            _logger?.LogInformation("applet {Name} installed (id {Id}, heap {Heap} bytes)", name, id, resolved.HeapSize);
            return applet.GetInfo();
        }
        catch
        {
            if (applet is not null)
            {
                applet.RequestStop(TimeSpan.Zero);
                await applet.Finished.ConfigureAwait(false);
                _byId.TryRemove(applet.Id, out _);
            }
            lock (_lock)
            {
                _applets.Remove(name);
            }
            throw;
        }
    }

    /// <summary>Installs an applet and waits for its <c>on_init</c> (see <see cref="InstallAsync"/>).</summary>
    public AppletInfo Install(string name, ReadOnlyMemory<byte> module, AppletOptions? options = null) =>
        InstallAsync(name, module, options).GetAwaiter().GetResult();

    /// <summary>
    /// Uninstalls applet <paramref name="name"/>: it finishes its current message (interrupted after
    /// one second), runs <c>on_destroy</c>, and everything it held (instance, thread, timers,
    /// resources, subscriptions, queue) is released. False if there is no such applet.
    /// </summary>
    public async Task<bool> UninstallAsync(string name)
    {
        Applet? applet;
        lock (_lock)
        {
            if (!_applets.TryGetValue(name, out applet) || applet is null)
            {
                return false;
            }
        }
        applet.RequestStop(TimeSpan.FromSeconds(1));
        await applet.Finished.ConfigureAwait(false);
        lock (_lock)
        {
            _applets.Remove(name);
        }
        _byId.TryRemove(applet.Id, out _);
        _logger?.LogInformation("applet {Name} uninstalled", name);
        Raise(AppletStopped, new AppletStoppedEventArgs(name, AppletState.Stopping, null));
        return true;
    }

    /// <summary>Uninstalls an applet and waits until it is gone (see <see cref="UninstallAsync"/>).</summary>
    public bool Uninstall(string name) => UninstallAsync(name).GetAwaiter().GetResult();

    /// <summary>Every installed applet, in the order they were installed.</summary>
    public IReadOnlyList<AppletInfo> List()
    {
        Applet[] applets;
        lock (_lock)
        {
            applets = _applets.Values.OfType<Applet>().OrderBy(a => a.Id).ToArray();
        }
        return applets.Select(a => a.GetInfo()).ToArray();
    }

    /// <summary>Applet <paramref name="name"/>'s details, or null if there is no such applet.</summary>
    public AppletInfo? Query(string name)
    {
        lock (_lock)
        {
            return _applets.TryGetValue(name, out var applet) && applet is not null ? applet.GetInfo() : null;
        }
    }

    /// <summary>
    /// Sends <paramref name="request"/> from the host and waits for its response. The URL is routed
    /// as WAMR routes it: <c>/app/NAME/rest</c> to applet NAME (which sees <c>rest</c>), otherwise to
    /// the applet that registered the newest matching resource. Never throws for what an applet does:
    /// no matching resource is 4.04, a full queue or a stopped applet 5.03, a trap while handling it
    /// 5.00, no answer within <paramref name="timeout"/> (default <see cref="AppManagerOptions.RequestTimeout"/>) 5.04.
    /// The response carries the request's mid.
    /// </summary>
    public Task<Response> SendRequestAsync(Request request, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (request.IsEvent)
        {
            Publish(request.Url, request.Payload, request.Format);
            return Task.FromResult(Response.For(request, ResponseStatus.Content));
        }
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<Response>(cancellationToken);
        }
        var pending = Track(request, timeout, onResponse: null, state: null);
        if (cancellationToken.CanBeCanceled)
        {
            pending.Registration = cancellationToken.Register(static state => ((PendingRequest)state!).Cancel(), pending);
        }
        // no async state machine and no timer per request: whoever answers completes the task (with
        // the caller's mid) and removes the entry; the watchdog's sweep answers 5.04 past the deadline
        RouteRequest(request with { Mid = pending.Mid, Sender = EndpointId.Host }, from: null);
        return pending.Task;
    }

    /// <summary>
    /// <see cref="SendRequestAsync"/> for the remote manager: the response (or the 5.04 of the
    /// deadline, the 5.03 of a stop) is given to <paramref name="onResponse"/> on the thread that
    /// answers (usually the applet's), with no task and no thread hop in between; it must be short
    /// and must not throw.
    /// </summary>
    internal void SendRequest(Request request, Action<Response, object?> onResponse, object? state)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var pending = Track(request, timeout: null, onResponse, state);
        RouteRequest(request with { Mid = pending.Mid, Sender = EndpointId.Host }, from: null);
    }

    private PendingRequest Track(Request request, TimeSpan? timeout, Action<Response, object?>? onResponse, object? state)
    {
        var mid = Interlocked.Increment(ref _lastMid);
        var wait = timeout ?? Options.RequestTimeout;
        var pending = new PendingRequest(this, mid, request, Environment.TickCount64 + (long)Math.Clamp(wait.TotalMilliseconds, 0, int.MaxValue), onResponse, state);
        _pending[mid] = pending;
        return pending;
    }

    /// <summary>
    /// Publishes an event from the host to every subscriber of <paramref name="url"/> (applets and host
    /// handlers). Returns how many subscribers it was queued for; a subscriber whose queue is full misses it.
    /// </summary>
    public int Publish(string url, ReadOnlyMemory<byte> payload = default, PayloadFormat format = PayloadFormat.Text)
    {
        ArgumentNullException.ThrowIfNull(url);
        return PublishFrom(new Request(RequestMethod.Event, url, payload, format) { Mid = Interlocked.Increment(ref _lastMid), Sender = EndpointId.Host }, from: null);
    }

    /// <summary>Subscribes the host to event <paramref name="url"/> (matched exactly, a leading <c>/</c> ignored); the handler runs on a thread-pool thread. Dispose the result to unsubscribe.</summary>
    public HostSubscription Subscribe(string url, Action<Request> handler)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(handler);
        return Events.SubscribeHost(url, handler);
    }

    /// <summary>Stops every applet (each one's <c>on_destroy</c> runs), then the timer service and the watchdog.</summary>
    public async ValueTask DisposeAsync()
    {
        string[] names;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            names = _applets.Where(pair => pair.Value is not null).Select(pair => pair.Key).ToArray();
        }
        await Task.WhenAll(names.Select(UninstallAsync)).ConfigureAwait(false);
        foreach (var pending in _pending.Values)
        {
            pending.Complete(new Response(ResponseStatus.ServiceUnavailable, ErrorPayload("the application manager stopped"), PayloadFormat.AttrContainer));
        }
        Watchdog.Dispose();
        TimerService.Dispose();
    }

    /// <summary>The applet named <paramref name="name"/>, or null.</summary>
    internal Applet? FindApplet(string name)
    {
        lock (_lock)
        {
            return _applets.TryGetValue(name, out var applet) ? applet : null;
        }
    }

    // ---- routing (called by applets' natives and by the host API) ----

    internal void RouteRequest(Request request, Applet? from)
    {
        var url = request.Url;
        Applet? target;
        var offset = Url.MatchPrefix(url, "/app/");
        if (offset > 0)
        {
            var rest = url[offset..];
            var slash = rest.IndexOf('/');
            var name = slash >= 0 ? rest[..slash] : rest;
            lock (_lock)
            {
                _applets.TryGetValue(name, out target);
            }
            if (target is null)
            {
                SendError(request, ResponseStatus.NotFound, $"no applet named {WasmName.Quote(name)}");
                return;
            }
            request = request with { Url = slash >= 0 ? rest[(slash + 1)..] : "" };
        }
        else
        {
            var owner = Resources.Find(url);
            if (owner is null || !_byId.TryGetValue(owner.Value, out target))
            {
                SendError(request, ResponseStatus.NotFound, $"no applet serves {WasmName.Quote(Url.GetPath(url))}");
                return;
            }
        }
        var packedSize = PackedMessage.GetPackedSize(request);
        if (packedSize > Options.MaxMessageSize)
        {
            SendError(request, ResponseStatus.RequestEntityTooLarge, $"the request is {packedSize} bytes packed; the limit is {Options.MaxMessageSize}");
            return;
        }
        if (request.Sender == EndpointId.Host && _pending.TryGetValue(request.Mid, out var pending))
        {
            pending.Target = target.Id;
        }
        if (!target.TryPost(new RequestMessage(request)))
        {
            SendError(request, ResponseStatus.ServiceUnavailable,
                target.State is AppletState.Running or AppletState.Starting ? $"applet \"{target.Name}\" is busy: its queue is full" : $"applet \"{target.Name}\" is not running");
        }
    }

    internal void RouteResponse(Response response, Applet from)
    {
        if (_byId.TryGetValue(response.Receiver, out var applet))
        {
            if (!applet.TryPost(new ResponseMessage(response)))
            {
                _logger?.LogDebug("response from {From} to applet {To} dropped: its queue is full", from.Name, applet.Name);
            }
            return;
        }
        if (_pending.TryGetValue(response.Mid, out var pending))
        {
            pending.Complete(response);
            return;
        }
        _logger?.LogDebug("response from {From} (mid {Mid}) has no waiting receiver", from.Name, response.Mid);
    }

    internal int PublishFrom(Request request, Applet? from)
    {
        var (applets, host) = Events.GetSubscribers(request.Url);
        var reached = 0;
        foreach (var id in applets)
        {
            if (_byId.TryGetValue(id, out var applet) && applet.TryPost(new RequestMessage(request)))
            {
                reached++;
            }
        }
        foreach (var subscription in host)
        {
            reached++;
            ThreadPool.UnsafeQueueUserWorkItem(static state =>
            {
                var (subscription, request, logger) = state;
                try
                {
                    subscription.Handler(request);
                }
                catch (Exception e)
                {
                    logger?.LogError(e, "host handler for event {Url} failed", request.Url);
                }
            }, (subscription, request, _logger), preferLocal: false);
        }
        return reached;
    }

    /// <summary>Answers a message that will not be handled: a request gets <paramref name="status"/>; other messages are dropped.</summary>
    internal void Refuse(AppletMessage message, Applet applet, ResponseStatus status, string reason)
    {
        if (message is RequestMessage { Request: { IsEvent: false } request })
        {
            SendError(request, status, reason);
        }
    }

    /// <summary>Host requests still waiting on <paramref name="applet"/> get 5.03.</summary>
    internal void FailPendingTo(Applet applet)
    {
        foreach (var pending in _pending.Values)
        {
            if (pending.Target == applet.Id)
            {
                pending.Complete(new Response(ResponseStatus.ServiceUnavailable, ErrorPayload($"applet \"{applet.Name}\" stopped: {applet.LastError}"), PayloadFormat.AttrContainer));
            }
        }
    }

    internal void OnAppletStopped(Applet applet, AppletState state, string? reason) =>
        Raise(AppletStopped, new AppletStoppedEventArgs(applet.Name, state, reason));

    internal void OnAppletFaulted(Applet applet, string message, AppletFaultPolicy policy) =>
        Raise(AppletFaulted, new AppletFaultEventArgs(applet.Name, message, policy));

    /// <summary>
    /// An error response's payload as WAMR's app manager makes it (<c>send_error_response_to_host</c>):
    /// an attribute container with tag "" and the string <c>error message</c>.
    /// </summary>
    internal byte[] ErrorPayload(string message)
    {
        var container = new AttrContainer.AttrContainer();
        container.SetString("error message", message.Length > 1000 ? message[..1000] : message);
        return container.Serialize(Options.AttrNumbering);
    }

    private void SendError(Request request, ResponseStatus status, string message)
    {
        var response = Response.For(request, status, ErrorPayload(message), PayloadFormat.AttrContainer);
        if (request.Sender == EndpointId.Host)
        {
            if (_pending.TryGetValue(request.Mid, out var pending))
            {
                pending.Complete(response);
            }
            return;
        }
        if (_byId.TryGetValue(request.Sender, out var sender))
        {
            sender.TryPost(new ResponseMessage(response));
        }
    }

    private void Raise<T>(EventHandler<T>? handler, T args) where T : EventArgs
    {
        if (handler is null)
        {
            return;
        }
        ThreadPool.UnsafeQueueUserWorkItem(state =>
        {
            try
            {
                handler(this, args);
            }
            catch (Exception e)
            {
                _logger?.LogError(e, "an application manager event handler failed");
            }
        }, null);
    }

    private uint NextAppletId()
    {
        while (true)
        {
            var id = Interlocked.Increment(ref _lastAppletId);
            // never one of WAMR's special ids, never an id still in use
            if (id < EndpointId.Host && !_byId.ContainsKey(id))
            {
                return id;
            }
            if (id >= EndpointId.Host)
            {
                Interlocked.CompareExchange(ref _lastAppletId, 0, id);
            }
        }
    }

    private static string? CheckName(string name)
    {
        if (name.Length == 0)
        {
            return "the name is empty";
        }
        if (name.Length > MaxNameLength)
        {
            return $"the name is {name.Length} characters; at most {MaxNameLength} are allowed";
        }
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
            {
                return "a name may hold only ASCII letters, digits, '_', '-' and '.' (it becomes part of URLs)";
            }
        }
        return null;
    }

    /// <summary>Called by the watchdog's thread: host requests past their deadline get 5.04.</summary>
    internal void ExpirePendingRequests(long now)
    {
        foreach (var pending in _pending.Values)
        {
            if (now >= pending.Deadline)
            {
                pending.Complete(Response.For(pending.Request, ResponseStatus.GatewayTimeout,
                    ErrorPayload("no response from the applet in time"), PayloadFormat.AttrContainer));
            }
        }
    }

    private sealed class PendingRequest(AppManager manager, uint mid, Request request, long deadline, Action<Response, object?>? onResponse, object? state)
    {
        // either a task for SendRequestAsync's caller, or the remote manager's callback
        private readonly TaskCompletionSource<Response>? _completion = onResponse is null ? new(TaskCreationOptions.RunContinuationsAsynchronously) : null;
        private int _answered;

        /// <summary>The request as the caller made it (its mid is what the response carries back).</summary>
        public Request Request { get; } = request;

        /// <summary>The mid the request travels with inside the manager.</summary>
        public uint Mid => mid;

        /// <summary>When it times out, in <see cref="Environment.TickCount64"/> milliseconds.</summary>
        public long Deadline { get; } = deadline;

        /// <summary>The applet the request was queued for, so its stop can answer it.</summary>
        public uint Target { get; set; } = EndpointId.None;

        public CancellationTokenRegistration Registration { get; set; }

        public Task<Response> Task => _completion!.Task;

        /// <summary>Answers the caller (the first answer wins) with the caller's own mid, and forgets the request.</summary>
        public void Complete(Response response)
        {
            if (Interlocked.Exchange(ref _answered, 1) != 0)
            {
                return;
            }
            Forget();
            response = response.Mid == Request.Mid ? response : response with { Mid = Request.Mid };
            if (_completion is not null)
            {
                _completion.TrySetResult(response);
                return;
            }
            try
            {
                onResponse!(response, state);
            }
            catch (Exception e)
            {
                // the callback is the remote manager's and does not throw; if it ever does, the applet's thread must go on
                manager._logger?.LogError(e, "a response callback failed");
            }
        }

        public void Cancel()
        {
            if (Interlocked.Exchange(ref _answered, 1) == 0)
            {
                Forget();
                _completion?.TrySetCanceled();
            }
        }

        private void Forget()
        {
            manager._pending.TryRemove(mid, out _);
            Registration.Dispose();
        }
    }
}
