using System.Globalization;
using Microwasm.AppFramework.Applets;
using Microwasm.AppFramework.Messaging;

namespace Microwasm.AppFramework.Protocol;

/// <summary>What a remote connection offers the router: its event subscriptions.</summary>
internal interface IRemoteSubscriber
{
    /// <summary>Subscribes the connection to <paramref name="eventUrl"/> (no leading <c>/</c>); false when it holds too many.</summary>
    bool Subscribe(string eventUrl);

    /// <summary>Drops the connection's subscription to <paramref name="eventUrl"/>, if any.</summary>
    void Unsubscribe(string eventUrl);
}

/// <summary>
/// Answers a request that came from a remote host, as WAMR's app manager does
/// (<c>app_manager_queue_callback</c>): <c>/applet</c> installs, uninstalls and lists, <c>/event/…</c>
/// subscribes the connection, everything else goes to the applets through
/// <see cref="AppManager.SendRequestAsync"/>. Always completes with a response (never throws for what
/// a client sends); the response carries the client's mid.
/// </summary>
internal sealed class RemoteRequestRouter(AppManager manager)
{
    private const int WamrMaxTimers = 30;   // MAX_TIMERS_PER_APP

    public AppManager Manager { get; } = manager;

    public Task<Response> HandleAsync(Request request, IRemoteSubscriber subscriber)
    {
        var url = request.Url;
        int offset;
        if ((offset = Url.MatchPrefix(url, "/applet")) > 0)
        {
            return HandleAppletAsync(request);
        }
        if ((offset = Url.MatchPrefix(url, "/event/")) > 0)
        {
            return Task.FromResult(HandleEvent(request, url[offset..], subscriber));
        }
        if (!IsAllowedMethod(request))
        {
            return Task.FromResult(BadMethod(request));
        }
        return Manager.SendRequestAsync(request with { Sender = EndpointId.Host });
    }

    /// <summary>
    /// The fast path of <see cref="HandleAsync"/> for what goes to the applets (neither <c>/applet</c>
    /// nor <c>/event/</c>): the response is given to <paramref name="onResponse"/> on the thread that
    /// answers it, with no task in between. False, and nothing done, for any other request.
    /// </summary>
    public bool TrySendToApplets(Request request, Action<Response, object?> onResponse, object? state)
    {
        if (!IsAllowedMethod(request) || request.IsEvent || Url.MatchPrefix(request.Url, "/applet") > 0 || Url.MatchPrefix(request.Url, "/event/") > 0)
        {
            return false;
        }
        Manager.SendRequest(request with { Sender = EndpointId.Host }, onResponse, state);
        return true;
    }

    private static bool IsAllowedMethod(Request request) =>
        request.Method is RequestMethod.Get or RequestMethod.Post or RequestMethod.Put or RequestMethod.Delete or RequestMethod.Event;

    private Response BadMethod(Request request) =>
        Error(request, ResponseStatus.MethodNotAllowed, $"method {(byte)request.Method} is not GET (1), POST (2), PUT (3), DELETE (4) or an event (6)");

    private async Task<Response> HandleAppletAsync(Request request)
    {
        var url = request.Url;
        var type = Url.GetQueryValue(url, "type");
        if (type is not (null or "" or "wasm"))
        {
            return type is "jeff" or "wasmlib"
                ? Error(request, ResponseStatus.InternalServerError, $"Applet Management failed: module type \"{type}\" is not supported (only wasm)")
                : Error(request, ResponseStatus.InternalServerError, "Applet Management failed: invalid module type.");
        }
        var name = Url.GetQueryValue(url, "name");
        switch (request.Method)
        {
            case RequestMethod.Put:
            {
                if (string.IsNullOrEmpty(name))
                {
                    return Error(request, ResponseStatus.InternalServerError, "Install WASM app failed: invalid app name.");
                }
                if (request.Payload.IsEmpty)
                {
                    return Error(request, ResponseStatus.InternalServerError, "Install WASM app failed: invalid wasm file.");
                }
                if (!TryNumber(url, "heap", out var heap, out var bad) || !TryNumber(url, "timers", out var timers, out bad) || !TryNumber(url, "wd", out var watchdog, out bad))
                {
                    return Error(request, ResponseStatus.BadRequest, bad!);
                }
                var options = new AppletOptions
                {
                    // WAMR clamps heap= to 256 B .. 512 MiB and caps timers= at 30; wd= is a time in ms
                    HeapSize = heap is { } h ? (uint)Math.Clamp(h, AppletOptions.MinHeapSize, AppletOptions.MaxHeapSize) : null,
                    MaxTimers = timers is { } t ? (int)Math.Clamp(t, 0, WamrMaxTimers) : null,
                    WatchdogTimeout = watchdog is > 0 and var ms ? TimeSpan.FromMilliseconds(ms) : null,
                };
                try
                {
                    await Manager.InstallAsync(name, request.Payload, options).ConfigureAwait(false);
                }
                catch (AppletInstallException e)
                {
                    return Error(request, ResponseStatus.InternalServerError, "Install WASM app failed: " + e.Message);
                }
                catch (ObjectDisposedException)
                {
                    return Error(request, ResponseStatus.ServiceUnavailable, "the application manager is stopping");
                }
                return Ack(request, ResponseStatus.Created);
            }
            case RequestMethod.Delete:
            {
                if (string.IsNullOrEmpty(name))
                {
                    return Error(request, ResponseStatus.InternalServerError, "Uninstall WASM app failed: invalid app name.");
                }
                return await Manager.UninstallAsync(name).ConfigureAwait(false)
                    ? Ack(request, ResponseStatus.Deleted)
                    : Error(request, ResponseStatus.InternalServerError, "Uninstall WASM app failed: no app found.");
            }
            case RequestMethod.Get:
                return string.IsNullOrEmpty(name) ? List(request) : Query(request, name);
            default:
                return Error(request, ResponseStatus.InternalServerError, "Invalid request of applet: invalid action");
        }
    }

    /// <summary>WAMR's list: tag "Applets Info", <c>num</c>, then <c>applet&lt;i&gt;</c> (name) and <c>heap&lt;i&gt;</c> (heap size) from 1.</summary>
    private Response List(Request request)
    {
        var applets = Manager.List();
        var container = new AttrContainer.AttrContainer("Applets Info");
        container.SetInt32("num", applets.Count);
        for (var i = 0; i < applets.Count; i++)
        {
            container.SetString($"applet{i + 1}", applets[i].Name);
            container.SetInt32($"heap{i + 1}", (int)applets[i].HeapSize);
        }
        return Content(request, container);
    }

    /// <summary>WAMR's query of one applet: <c>name</c> and <c>heap</c>; then more of ours (state, memory, queue, counters).</summary>
    private Response Query(Request request, string name)
    {
        if (Manager.Query(name) is not { } info)
        {
            return Error(request, ResponseStatus.InternalServerError, "Query Applet failed: the app is not found.");
        }
        var container = new AttrContainer.AttrContainer("Applets Info");
        container.SetString("name", info.Name);
        container.SetInt32("heap", (int)info.HeapSize);
        container.SetString("type", info.Type);
        container.SetString("state", info.State.ToString());
        container.SetInt64("memory", (long)info.MemorySize);
        container.SetInt64("heap used", (long)info.HeapUsed);
        container.SetInt32("queue", info.QueueLength);
        container.SetInt64("uptime ms", (long)info.Uptime.TotalMilliseconds);
        container.SetInt64("messages", info.MessagesHandled);
        container.SetInt64("dropped", info.MessagesDropped);
        container.SetInt32("timers", info.Timers);
        container.SetInt32("restarts", info.Restarts);
        if (info.LastError is { } lastError)
        {
            container.SetString("last error", lastError.Length > 500 ? lastError[..500] : lastError);
        }
        return Content(request, container);
    }

    private Response HandleEvent(Request request, string eventUrl, IRemoteSubscriber subscriber)
    {
        if (eventUrl.Length == 0 || eventUrl.Length > Manager.Options.MaxUrlLength)
        {
            return Error(request, ResponseStatus.InternalServerError, "Handle event request failed.");
        }
        switch (request.Method)
        {
            case RequestMethod.Put:
                return subscriber.Subscribe(eventUrl)
                    ? Ack(request, ResponseStatus.Content)
                    : Error(request, ResponseStatus.InternalServerError, "Handle event request failed: this connection holds too many subscriptions.");
            case RequestMethod.Delete:
                subscriber.Unsubscribe(eventUrl);
                return Ack(request, ResponseStatus.Content);
            default:
                return Error(request, ResponseStatus.InternalServerError, "Handle event request failed.");
        }
    }

    /// <summary>An acknowledgement as WAMR sends it (<c>send_error_response_to_host(mid, status, NULL)</c>): format 99, no payload, receiver 0.</summary>
    public static Response Ack(Request request, ResponseStatus status) =>
        new(status, default, PayloadFormat.AttrContainer) { Mid = request.Mid, Receiver = 0 };

    /// <summary>An error as WAMR sends it: an attribute container with <c>error message</c>, receiver 0.</summary>
    public Response Error(Request request, ResponseStatus status, string message) => Error(request.Mid, status, message);

    public Response Error(uint mid, ResponseStatus status, string message) =>
        new(status, Manager.ErrorPayload(message), PayloadFormat.AttrContainer) { Mid = mid, Receiver = 0 };

    private Response Content(Request request, AttrContainer.AttrContainer container) =>
        new(ResponseStatus.Content, container.Serialize(Manager.Options.AttrNumbering), PayloadFormat.AttrContainer) { Mid = request.Mid, Receiver = EndpointId.Host };

    private static bool TryNumber(string url, string key, out long? value, out string? error)
    {
        value = null;
        error = null;
        var text = Url.GetQueryValue(url, key);
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            error = $"{key}={text} is not a number";
            return false;
        }
        value = number;
        return true;
    }
}
