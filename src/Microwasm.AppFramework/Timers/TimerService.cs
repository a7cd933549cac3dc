using System.Diagnostics;

namespace Microwasm.AppFramework.Timers;

/// <summary>
/// The one timer service of an application manager: a single thread and a priority queue ordered by
/// due time serve every applet's timers (WAMR's <c>thread_modulers_timer_check</c> plays this role;
/// a thread or <see cref="System.Threading.Timer"/> per timer would not scale to many applets).
/// Firing a timer only calls its group's callback, which posts to the applet's queue; wasm never runs
/// here.
/// </summary>
/// <remarks>
/// Cancel, restart and destroy do not search the queue: they bump the timer's generation, and an
/// entry whose generation is stale is skipped when it comes due. So a hostile applet restarting a
/// timer in a loop cannot grow the queue without bound, the queue is rebuilt from the live timers
/// once stale entries outnumber them.
/// </remarks>
internal sealed class TimerService : IDisposable
{
    private readonly object _lock = new();
    private readonly PriorityQueue<Entry, long> _queue = new();
    private readonly Thread _thread;
    private readonly HashSet<TimerGroup> _groups = new();
    private int _liveEntries;
    private bool _disposed;

    public TimerService()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "microwasm timers" };
        _thread.Start();
    }

    /// <summary>Milliseconds of a monotonic clock (the applets' system tick).</summary>
    public static long NowMilliseconds => Stopwatch.GetTimestamp() * 1000 / Stopwatch.Frequency;

    /// <summary>A new group of at most <paramref name="maxTimers"/> timers calling <paramref name="fire"/> with a timer's id when it is due.</summary>
    public TimerGroup CreateGroup(int maxTimers, Action<uint> fire)
    {
        var group = new TimerGroup(this, maxTimers, fire);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _groups.Add(group);
        }
        return group;
    }

    /// <summary>Entries in the queue: all, or only those still due to fire (for tests).</summary>
    internal int QueuedEntries(bool liveOnly = false)
    {
        lock (_lock)
        {
            return liveOnly ? _liveEntries : _queue.Count;
        }
    }

    internal void Schedule(AppTimer timer)
    {
        // under _lock
        timer.Generation++;
        timer.Active = true;
        var due = NowMilliseconds + timer.Interval;
        _queue.Enqueue(new Entry(timer, timer.Generation), due);
        _liveEntries++;
        CompactIfStale();
        Monitor.Pulse(_lock);
    }

    internal void Unschedule(AppTimer timer)
    {
        // under _lock
        if (timer.Active)
        {
            timer.Active = false;
            _liveEntries--;
        }
        timer.Generation++;
    }

    internal void RemoveGroup(TimerGroup group)
    {
        lock (_lock)
        {
            foreach (var timer in group.Timers.Values)
            {
                Unschedule(timer);
            }
            group.Timers.Clear();
            _groups.Remove(group);
            CompactIfStale();
        }
    }

    internal object Lock => _lock;

    private void CompactIfStale()
    {
        if (_queue.Count <= 2 * _liveEntries + 1024)
        {
            return;
        }
        var live = _queue.UnorderedItems.Where(item => item.Element.Generation == item.Element.Timer.Generation && item.Element.Timer.Active).ToArray();
        _queue.Clear();
        foreach (var item in live)
        {
            _queue.Enqueue(item.Element, item.Priority);
        }
    }

    private void Run()
    {
        var due = new List<(TimerGroup Group, uint Id)>();
        lock (_lock)
        {
            while (!_disposed)
            {
                var now = NowMilliseconds;
                while (_queue.TryPeek(out var entry, out var at) && at <= now)
                {
                    _queue.Dequeue();
                    var timer = entry.Timer;
                    if (entry.Generation != timer.Generation || !timer.Active)
                    {
                        continue;
                    }
                    _liveEntries--;
                    timer.Active = false;
                    due.Add((timer.Group, timer.Id));
                    if (timer.Periodic)
                    {
                        // the next period counts from the due time, so a periodic timer does not drift
                        timer.Generation++;
                        timer.Active = true;
                        _liveEntries++;
                        var next = Math.Max(at + timer.Interval, now - timer.Interval);
                        _queue.Enqueue(new Entry(timer, timer.Generation), next);
                    }
                }
                if (due.Count > 0)
                {
                    Monitor.Exit(_lock);
                    try
                    {
                        foreach (var (group, id) in due)
                        {
                            group.Fire(id);
                        }
                    }
                    finally
                    {
                        due.Clear();
                        Monitor.Enter(_lock);
                    }
                    continue;
                }
                var wait = _queue.TryPeek(out _, out var nextDue) ? (int)Math.Clamp(nextDue - now, 1, int.MaxValue) : Timeout.Infinite;
                Monitor.Wait(_lock, wait);
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            Monitor.PulseAll(_lock);
        }
        if (Thread.CurrentThread != _thread)
        {
            _thread.Join();
        }
    }

    private readonly record struct Entry(AppTimer Timer, long Generation);
}

/// <summary>One applet's timers: ids from 1 upwards, as WAMR's <c>sys_create_timer</c> numbers them.</summary>
internal sealed class TimerGroup : IDisposable
{
    /// <summary>What <see cref="Create"/> returns when it cannot (WAMR's <c>(uint32)-1</c>).</summary>
    public const uint InvalidId = uint.MaxValue;

    private readonly TimerService _service;
    private readonly int _maxTimers;
    private readonly Action<uint> _fire;
    private uint _lastId;
    private bool _disposed;

    internal TimerGroup(TimerService service, int maxTimers, Action<uint> fire)
    {
        _service = service;
        _maxTimers = maxTimers;
        _fire = fire;
    }

    internal Dictionary<uint, AppTimer> Timers { get; } = new();

    public int Count
    {
        get
        {
            lock (_service.Lock)
            {
                return Timers.Count;
            }
        }
    }

    /// <summary>
    /// Creates a timer of <paramref name="interval"/> ms; returns its id, or <see cref="InvalidId"/>
    /// when the interval is negative, a periodic interval is 0 (it would fire without pause), or the
    /// group is full.
    /// </summary>
    public uint Create(int interval, bool periodic, bool autoStart)
    {
        if (interval < 0 || (periodic && interval == 0))
        {
            return InvalidId;
        }
        lock (_service.Lock)
        {
            if (_disposed || Timers.Count >= _maxTimers)
            {
                return InvalidId;
            }
            do
            {
                _lastId = _lastId == InvalidId - 1 ? 1 : _lastId + 1;
            }
            while (Timers.ContainsKey(_lastId));
            var timer = new AppTimer(this, _lastId, (uint)interval, periodic);
            Timers.Add(timer.Id, timer);
            if (autoStart)
            {
                _service.Schedule(timer);
            }
            return timer.Id;
        }
    }

    /// <summary>Stops timer <paramref name="id"/> (it stays, idle); false if there is no such timer.</summary>
    public bool Cancel(uint id)
    {
        lock (_service.Lock)
        {
            if (!Timers.TryGetValue(id, out var timer))
            {
                return false;
            }
            _service.Unschedule(timer);
            return true;
        }
    }

    /// <summary>(Re)starts timer <paramref name="id"/> with a new interval; false if there is no such timer or the interval is invalid.</summary>
    public bool Restart(uint id, int interval)
    {
        lock (_service.Lock)
        {
            if (!Timers.TryGetValue(id, out var timer) || interval < 0 || (timer.Periodic && interval == 0))
            {
                return false;
            }
            _service.Unschedule(timer);
            timer.Interval = (uint)interval;
            _service.Schedule(timer);
            return true;
        }
    }

    /// <summary>Removes timer <paramref name="id"/>; false if there is no such timer.</summary>
    public bool Destroy(uint id)
    {
        lock (_service.Lock)
        {
            if (!Timers.Remove(id, out var timer))
            {
                return false;
            }
            _service.Unschedule(timer);
            return true;
        }
    }

    /// <summary>Destroys every timer of the group (an applet restarting after a trap starts with none).</summary>
    public void Clear()
    {
        lock (_service.Lock)
        {
            foreach (var timer in Timers.Values)
            {
                _service.Unschedule(timer);
            }
            Timers.Clear();
        }
    }

    internal void Fire(uint id)
    {
        if (!Volatile.Read(ref _disposed))
        {
            _fire(id);
        }
    }

    public void Dispose()
    {
        Volatile.Write(ref _disposed, true);
        _service.RemoveGroup(this);
    }
}

internal sealed class AppTimer(TimerGroup group, uint id, uint interval, bool periodic)
{
    public TimerGroup Group { get; } = group;
    public uint Id { get; } = id;
    public uint Interval { get; set; } = interval;
    public bool Periodic { get; } = periodic;
    public long Generation { get; set; }
    public bool Active { get; set; }
}
