namespace Microwasm.AppFramework.Messaging;

/// <summary>
/// Event subscriptions: event URL → subscribers (applet ids, and host handlers). URLs match exactly,
/// as WAMR's <c>am_publish_event</c> does, after <see cref="Url.NormalizeEvent"/> on both sides (WAMR
/// stores the host's <c>/event/alert/x</c> as <c>alert/x</c> and its host tool relies on that).
/// </summary>
internal sealed class EventRegistry
{
    private readonly object _lock = new();
    private readonly Dictionary<string, List<uint>> _applets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<HostSubscription>> _host = new(StringComparer.Ordinal);
    private readonly int _maxPerApplet;
    private readonly int _maxUrlLength;

    public EventRegistry(int maxPerApplet, int maxUrlLength)
    {
        _maxPerApplet = maxPerApplet;
        _maxUrlLength = maxUrlLength;
    }

    public string? Subscribe(string url, uint applet)
    {
        url = Url.NormalizeEvent(url);
        if (url.Length == 0)
        {
            return "an empty event URL";
        }
        if (url.Length > _maxUrlLength)
        {
            return $"the event URL is {url.Length} characters; at most {_maxUrlLength} are allowed";
        }
        lock (_lock)
        {
            var count = _applets.Values.Sum(list => list.Count(id => id == applet));
            if (!_applets.TryGetValue(url, out var list))
            {
                list = new List<uint>();
            }
            if (list.Contains(applet))
            {
                return null;
            }
            if (count >= _maxPerApplet)
            {
                return $"an applet may subscribe to at most {_maxPerApplet} events";
            }
            list.Add(applet);
            _applets[url] = list;
            return null;
        }
    }

    public void Unsubscribe(string url, uint applet)
    {
        url = Url.NormalizeEvent(url);
        lock (_lock)
        {
            if (_applets.TryGetValue(url, out var list) && list.Remove(applet) && list.Count == 0)
            {
                _applets.Remove(url);
            }
        }
    }

    public HostSubscription SubscribeHost(string url, Action<Request> handler)
    {
        var subscription = new HostSubscription(this, Url.NormalizeEvent(url), handler);
        lock (_lock)
        {
            if (!_host.TryGetValue(subscription.Url, out var list))
            {
                _host[subscription.Url] = list = new List<HostSubscription>();
            }
            list.Add(subscription);
        }
        return subscription;
    }

    internal void Remove(HostSubscription subscription)
    {
        lock (_lock)
        {
            if (_host.TryGetValue(subscription.Url, out var list) && list.Remove(subscription) && list.Count == 0)
            {
                _host.Remove(subscription.Url);
            }
        }
    }

    /// <summary>The applets and host handlers subscribed to <paramref name="url"/>, copied so the caller can deliver outside the lock.</summary>
    public (uint[] Applets, HostSubscription[] Host) GetSubscribers(string url)
    {
        url = Url.NormalizeEvent(url);
        lock (_lock)
        {
            return (_applets.TryGetValue(url, out var applets) ? applets.ToArray() : [],
                _host.TryGetValue(url, out var host) ? host.ToArray() : []);
        }
    }

    public IReadOnlyList<string> GetSubscriptions(uint applet)
    {
        lock (_lock)
        {
            return _applets.Where(pair => pair.Value.Contains(applet)).Select(pair => pair.Key).ToArray();
        }
    }

    public void RemoveApplet(uint applet)
    {
        lock (_lock)
        {
            foreach (var url in _applets.Keys.ToArray())
            {
                var list = _applets[url];
                if (list.Remove(applet) && list.Count == 0)
                {
                    _applets.Remove(url);
                }
            }
        }
    }
}

/// <summary>A host-side event subscription; dispose it to unsubscribe.</summary>
public sealed class HostSubscription : IDisposable
{
    private readonly EventRegistry _registry;

    internal HostSubscription(EventRegistry registry, string url, Action<Request> handler)
    {
        _registry = registry;
        Url = url;
        Handler = handler;
    }

    /// <summary>The event URL, without a leading <c>/</c>.</summary>
    public string Url { get; }

    internal Action<Request> Handler { get; }

    public void Dispose() => _registry.Remove(this);
}
