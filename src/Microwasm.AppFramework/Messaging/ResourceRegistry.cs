namespace Microwasm.AppFramework.Messaging;

/// <summary>
/// The resources applets registered (<c>wasm_register_resource</c>): URL prefixes that route requests
/// to their owner. Matched as WAMR's <c>am_dispatch_request</c> does: newest registration first, the
/// first prefix that <see cref="Url.MatchPrefix"/> accepts wins.
/// </summary>
internal sealed class ResourceRegistry
{
    private readonly object _lock = new();
    private readonly List<(string Url, uint Owner)> _resources = new();   // oldest first; searched backwards
    private readonly int _maxPerOwner;
    private readonly int _maxUrlLength;

    public ResourceRegistry(int maxPerOwner, int maxUrlLength)
    {
        _maxPerOwner = maxPerOwner;
        _maxUrlLength = maxUrlLength;
    }

    /// <summary>Registers <paramref name="url"/> for <paramref name="owner"/>; null on success, else why not.</summary>
    public string? Register(string url, uint owner)
    {
        if (url.Length == 0 || url == "/")
        {
            return "an empty resource URL matches nothing";
        }
        if (url.Length > _maxUrlLength)
        {
            return $"the resource URL is {url.Length} characters; at most {_maxUrlLength} are allowed";
        }
        lock (_lock)
        {
            var count = 0;
            foreach (var (existing, existingOwner) in _resources)
            {
                if (existing == url)
                {
                    return existingOwner == owner ? "the resource is already registered" : "another applet registered this resource";
                }
                if (existingOwner == owner)
                {
                    count++;
                }
            }
            if (count >= _maxPerOwner)
            {
                return $"an applet may register at most {_maxPerOwner} resources";
            }
            _resources.Add((url, owner));
            return null;
        }
    }

    /// <summary>The owner of the newest resource whose prefix matches <paramref name="url"/>, or null.</summary>
    public uint? Find(string url)
    {
        lock (_lock)
        {
            for (var i = _resources.Count - 1; i >= 0; i--)
            {
                if (Url.MatchPrefix(url, _resources[i].Url) > 0)
                {
                    return _resources[i].Owner;
                }
            }
        }
        return null;
    }

    /// <summary>The resources <paramref name="owner"/> registered.</summary>
    public IReadOnlyList<string> GetResources(uint owner)
    {
        lock (_lock)
        {
            return _resources.Where(r => r.Owner == owner).Select(r => r.Url).ToArray();
        }
    }

    /// <summary>Drops every resource of <paramref name="owner"/>.</summary>
    public void RemoveOwner(uint owner)
    {
        lock (_lock)
        {
            _resources.RemoveAll(r => r.Owner == owner);
        }
    }
}
