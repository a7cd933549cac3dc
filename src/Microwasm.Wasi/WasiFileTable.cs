namespace Microwasm.Wasi;

/// <summary>
/// The guest's descriptor table: 0, 1 and 2 are stdio, pre-opens follow from 3, new descriptors
/// take the lowest free number (as POSIX does).
/// </summary>
internal sealed class WasiFileTable(int maxOpenFiles)
{
    private readonly object _lock = new();
    private readonly List<WasiFileDescriptor?> _entries = [];
    private int _count;

    public WasiFileDescriptor Get(uint fd)
    {
        lock (_lock)
        {
            if (fd >= (uint)_entries.Count || _entries[(int)fd] is not { } entry)
            {
                throw new WasiErrnoException(Errno.Badf);
            }
            return entry;
        }
    }

    /// <summary>The descriptor, which must hold all of <paramref name="rights"/> (ENOTCAPABLE otherwise).</summary>
    public WasiFileDescriptor Get(uint fd, Rights rights)
    {
        var entry = Get(fd);
        if ((entry.RightsBase & rights) != rights)
        {
            throw new WasiErrnoException(Errno.NotCapable);
        }
        return entry;
    }

    public bool TryGet(uint fd, out WasiFileDescriptor? entry)
    {
        lock (_lock)
        {
            entry = fd < (uint)_entries.Count ? _entries[(int)fd] : null;
            return entry is not null;
        }
    }

    /// <summary>Fails with EMFILE now, before the caller creates anything on the host.</summary>
    public void EnsureRoom()
    {
        lock (_lock)
        {
            if (_count >= maxOpenFiles)
            {
                throw new WasiErrnoException(Errno.Mfile);
            }
        }
    }

    public uint Add(WasiFileDescriptor entry)
    {
        lock (_lock)
        {
            if (_count >= maxOpenFiles)
            {
                entry.Close();
                throw new WasiErrnoException(Errno.Mfile);
            }
            _count++;
            for (var i = 0; i < _entries.Count; i++)
            {
                if (_entries[i] is null)
                {
                    _entries[i] = entry;
                    return (uint)i;
                }
            }
            _entries.Add(entry);
            return (uint)(_entries.Count - 1);
        }
    }

    public WasiFileDescriptor Remove(uint fd)
    {
        lock (_lock)
        {
            var entry = Get(fd);
            _entries[(int)fd] = null;
            _count--;
            return entry;
        }
    }

    /// <summary><c>fd_renumber</c>: <paramref name="to"/> is closed and replaced by <paramref name="from"/>.</summary>
    public void Renumber(uint from, uint to)
    {
        WasiFileDescriptor replaced;
        lock (_lock)
        {
            var source = Get(from);
            replaced = Get(to);
            if (from == to)
            {
                return;
            }
            _entries[(int)to] = source;
            _entries[(int)from] = null;
            _count--;
        }
        replaced.Close();
    }

    public void CloseAll()
    {
        lock (_lock)
        {
            foreach (var entry in _entries)
            {
                entry?.Close();
            }
            _entries.Clear();
            _count = 0;
        }
    }
}
