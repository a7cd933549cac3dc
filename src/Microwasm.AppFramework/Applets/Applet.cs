using System.Buffers;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microwasm.AppFramework.Abi;
using Microwasm.AppFramework.Messaging;
using Microwasm.AppFramework.Timers;
using Microwasm.Host;
using Microwasm.LibcBuiltin;
using Microwasm.Runtime;
using Microwasm.Wasi;

namespace Microwasm.AppFramework.Applets;

/// <summary>
/// One installed applet: its instance, its own thread, its bounded queue, its timers, and its
/// limits. Only this applet's thread runs its wasm, one message at a time; everything else talks to
/// it through <see cref="TryPost"/>. All that it holds is released in <see cref="Release"/>.
/// </summary>
internal sealed class Applet
{
    private static readonly ConditionalWeakTable<Store, Applet> s_byStore = new();

    private readonly AppManager _manager;
    private readonly WasmModule _module;
    private readonly Channel<AppletMessage> _queue;
    private readonly Thread _thread;
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TextWriter _output;
    private readonly object _watchdogLock = new();
    private readonly HashSet<uint> _dueTimers = new();     // timers that fired and wait for on_timer_callback
    private readonly Queue<uint> _dueOrder = new();
    private bool _wakeQueued;                              // a TimerMessage.Wake is in the queue (under _dueTimers)
    private readonly long _startTimestamp = Stopwatch.GetTimestamp();
    private readonly ILogger? _logger;

    private Instance? _instance;
    private ExecutionEnvironment? _context;
    private AppletExports? _exports;
    private volatile AppletState _state = AppletState.Starting;
    private volatile bool _stopRequested;
    private long _busySince;           // Stopwatch timestamp when the current message started; 0 when idle
    private long _deadline;            // Stopwatch timestamp after which the watchdog interrupts it
    private string? _watchdogReason;   // set by the watchdog when it interrupted the current message
    private long _messagesHandled;
    private long _messagesDropped;
    private long _messagesCompleted;
    private int _restarts;
    private Request? _currentRequest;

    public Applet(AppManager manager, uint id, string name, WasmModule module, AppletOptions options, TextWriter output)
    {
        _manager = manager;
        _module = module;
        _output = output;
        _logger = manager.Options.Logger;
        Id = id;
        Name = name;
        Options = options;
        _queue = Channel.CreateBounded<AppletMessage>(new BoundedChannelOptions(Math.Max(1, manager.Options.QueueCapacity))
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,   // TryWrite fails when full: the sender gets an error
            // the only continuation is the applet thread's wait: completing it on the writer's thread
            // wakes the applet at once instead of through a thread-pool work item
            AllowSynchronousContinuations = true,
        });
        Timers = manager.TimerService.CreateGroup(options.MaxTimers!.Value, PostTimer);
        _thread = new Thread(Main, maxStackSize: 1024 * 1024) { IsBackground = true, Name = "applet " + name };
    }

    public uint Id { get; }

    public string Name { get; }

    public AppletOptions Options { get; }

    public TimerGroup Timers { get; }

    public AppletState State => _state;

    /// <summary>Messages whose handling has finished (for benchmarks that wait for handlers to have run).</summary>
    public long MessagesCompleted => Interlocked.Read(ref _messagesCompleted);

    public string? LastError { get; private set; }

    public Instance? Instance => _instance;

    /// <summary>Completes when the thread has ended and everything is released.</summary>
    public Task Finished => _finished.Task;

    /// <summary>The applet whose wasm is calling (a native's <see cref="Caller"/>).</summary>
    public static Applet From(Caller caller) =>
        s_byStore.TryGetValue(caller.Store, out var applet)
            ? applet
            : throw caller.Trap("the application framework's natives are only available to applets");

    /// <summary>Starts the thread; completes when on_init has returned, or fails with why the applet could not start.</summary>
    public Task StartAsync()
    {
        _thread.Start();
        return _started.Task;
    }

    /// <summary>Queues <paramref name="message"/>; false when the applet is not running or its queue is full.</summary>
    public bool TryPost(AppletMessage message)
    {
        if (_stopRequested || _state is AppletState.Stopped or AppletState.Faulted)
        {
            return false;
        }
        if (_queue.Writer.TryWrite(message))
        {
            return true;
        }
        Interlocked.Increment(ref _messagesDropped);
        return false;
    }

    /// <summary>Asks the applet to stop after its current message; <see cref="Finished"/> completes when it has.</summary>
    public void RequestStop(TimeSpan grace)
    {
        _stopRequested = true;
        _queue.Writer.TryComplete();
        lock (_watchdogLock)
        {
            // a message still running gets the grace period, then the watchdog interrupts it
            var limit = Stopwatch.GetTimestamp() + (long)(grace.TotalSeconds * Stopwatch.Frequency);
            if (_busySince != 0 && limit < _deadline)
            {
                _deadline = limit;
            }
        }
    }

    /// <summary>Called by the manager's watchdog: interrupts a message that ran past its deadline.</summary>
    public void CheckWatchdog(long now)
    {
        lock (_watchdogLock)
        {
            if (_busySince == 0 || now < _deadline || _watchdogReason is not null)
            {
                return;
            }
            var seconds = (double)(now - _busySince) / Stopwatch.Frequency;
            _watchdogReason = _stopRequested
                ? $"uninstalled while a message was running ({seconds:F1} s)"
                : $"watchdog: a message ran {seconds:F1} s, longer than the applet's limit of {Options.WatchdogTimeout!.Value.TotalSeconds:0.###} s";
            _context?.RequestInterrupt();
        }
    }

    public AppletInfo GetInfo()
    {
        var instance = _instance;
        ulong heapUsed = 0, memory = 0;
        uint heapSize = Options.HeapSize!.Value;
        try
        {
            if (instance?.Heap is { } heap)
            {
                heapUsed = heap.UsedBytes;
            }
            memory = instance?.Memory?.Length ?? 0;
        }
        catch (ObjectDisposedException)
        {
        }
        return new AppletInfo
        {
            Name = Name,
            Id = Id,
            State = _state,
            HeapSize = heapSize,
            HeapUsed = heapUsed,
            MemorySize = memory,
            QueueLength = _queue.Reader.CanCount ? _queue.Reader.Count : 0,
            Uptime = Stopwatch.GetElapsedTime(_startTimestamp),
            MessagesHandled = Interlocked.Read(ref _messagesHandled),
            MessagesDropped = Interlocked.Read(ref _messagesDropped),
            Timers = Timers.Count,
            Resources = _manager.Resources.GetResources(Id),
            Subscriptions = _manager.Events.GetSubscriptions(Id),
            Restarts = _restarts,
            LastError = LastError,
        };
    }

    // ---- natives (run on this applet's thread, inside wasm) ----

    public void RegisterResource(string url)
    {
        if (_manager.Resources.Register(url, Id) is { } error)
        {
            _logger?.LogWarning("applet {Name}: resource {Url} not registered: {Error}", Name, url, error);
        }
    }

    public void SubscribeEvent(string url)
    {
        if (_manager.Events.Subscribe(url, Id) is { } error)
        {
            _logger?.LogWarning("applet {Name}: event {Url} not subscribed: {Error}", Name, url, error);
        }
    }

    public bool SendResponse(ReadOnlySpan<byte> packet)
    {
        if (packet.Length > _manager.Options.MaxMessageSize)
        {
            _logger?.LogWarning("applet {Name}: a response of {Size} bytes exceeds the limit of {Max}", Name, packet.Length, _manager.Options.MaxMessageSize);
            return false;
        }
        if (!PackedMessage.TryUnpackResponse(packet, out var response, out var error))
        {
            _logger?.LogWarning("applet {Name}: malformed response: {Error}", Name, error);
            return false;
        }
        if (_currentRequest is { } current && current.Mid == response!.Mid && current.Sender == response.Receiver)
        {
            _currentRequest = null;   // answered: a later trap in this handler does not answer it again
        }
        _manager.RouteResponse(response!, this);
        return true;
    }

    public void PostRequest(ReadOnlySpan<byte> packet)
    {
        if (packet.Length > _manager.Options.MaxMessageSize)
        {
            _logger?.LogWarning("applet {Name}: a request of {Size} bytes exceeds the limit of {Max}", Name, packet.Length, _manager.Options.MaxMessageSize);
            return;
        }
        if (!PackedMessage.TryUnpackRequest(packet, out var request, out var error))
        {
            _logger?.LogWarning("applet {Name}: malformed request: {Error}", Name, error);
            return;
        }
        // the sender is who is asking, whatever the packet claims (as WAMR's wasm_post_request does)
        request = request! with { Sender = Id };
        if (request.IsEvent)
        {
            _manager.PublishFrom(request, this);
        }
        else
        {
            _manager.RouteRequest(request, this);
        }
    }

    // ---- the thread ----

    /// <summary>
    /// A timer fired (on the timer service's thread). Due timers wait in a set beside the queue, not in
    /// it: a timer that fires again before its callback ran is not queued twice, and timers never
    /// take the queue's room from requests. The first due timer wakes the thread with a marker.
    /// </summary>
    private void PostTimer(uint timerId)
    {
        if (_stopRequested)
        {
            return;
        }
        lock (_dueTimers)
        {
            if (!_dueTimers.Add(timerId))
            {
                return;
            }
            _dueOrder.Enqueue(timerId);
            if (_wakeQueued)
            {
                return;
            }
            // if the queue is full the thread is busy anyway and looks at the due timers after each message
            _wakeQueued = _queue.Writer.TryWrite(TimerMessage.Wake);
        }
    }

    /// <summary>Runs on_timer_callback for the timers due now (not for those that fall due meanwhile: they wait for the next round, after the next queued message).</summary>
    private void RunDueTimers()
    {
        int count;
        lock (_dueTimers)
        {
            count = _dueOrder.Count;
        }
        for (var i = 0; i < count && !_stopRequested && _state == AppletState.Running; i++)
        {
            uint timerId;
            lock (_dueTimers)
            {
                timerId = _dueOrder.Dequeue();
                _dueTimers.Remove(timerId);
            }
            Interlocked.Increment(ref _messagesHandled);
            if (_exports!.OnTimerCallback is { } onTimer)
            {
                Run(() => onTimer((int)timerId), "on_timer_callback");
            }
        }
    }

    private void Main()
    {
        try
        {
            if (!Start(isRestart: false))
            {
                return;
            }
            _state = AppletState.Running;
            _started.TrySetResult();
            Loop();
            if (_state == AppletState.Running)
            {
                _state = AppletState.Stopping;
                RunDestroy();
            }
        }
        catch (Exception e)
        {
            // nothing a guest does should get here; if the framework itself failed, the applet stops
            LastError = "internal error: " + e.Message;
            _state = AppletState.Faulted;
            _logger?.LogError(e, "applet {Name}: internal error", Name);
            _started.TrySetException(new AppletInstallException($"applet \"{Name}\" could not start: {e.Message}", e));
        }
        finally
        {
            Release();
        }
    }

    /// <summary>Instantiates the module on this thread and runs _start (WASI) and on_init; false (and the install failed or the applet stopped) on failure.</summary>
    private bool Start(bool isRestart)
    {
        try
        {
            Instantiate();
        }
        catch (Exception e) when (e is WasmException or AppletInstallException)
        {
            var reason = e.Message;
            LastError = reason;
            _state = AppletState.Faulted;
            _started.TrySetException(new AppletInstallException($"applet \"{Name}\" could not be instantiated: {reason}", e));
            if (isRestart)
            {
                _manager.OnAppletStopped(this, AppletState.Faulted, reason);
            }
            return false;
        }
        if (_exports!.Start is { } start && !Run(start, "_start"))
        {
            return FailStart(isRestart);
        }
        if (!Run(_exports.OnInit, "on_init"))
        {
            // on_init may have opened things before it trapped: on_destroy gets to close them (as WAMR)
            RunDestroy();
            return FailStart(isRestart);
        }
        return true;
    }

    private bool FailStart(bool isRestart)
    {
        _state = _watchdogReason is not null ? AppletState.Stopped : AppletState.Faulted;
        _started.TrySetException(new AppletInstallException($"applet \"{Name}\" failed to start: {LastError}"));
        if (isRestart)
        {
            _manager.OnAppletStopped(this, _state, LastError);
        }
        return false;
    }

    private void Instantiate()
    {
        var linker = new WasmLinker()
            .DefineBuiltinLibc(new LibcOptions { StdoutWriter = _output })
            .RegisterNatives("env", FrameworkNatives.Symbols)
            .DefineLibrary((store, _) =>
            {
                // the store exists now: natives find this applet through it, and the watchdog can
                // interrupt a start function that never returns
                s_byStore.AddOrUpdate(store, this);
                lock (_watchdogLock)
                {
                    _context = ExecutionEnvironment.ForCurrentThread(store);
                }
            });
        foreach (var extension in _manager.Extensions)
        {
            linker.RegisterNatives("env", extension.Natives);
        }
        if (Options.EnableWasi == true)
        {
            var configuration = new WasiConfiguration { StandardOutput = new TextWriterStream(_output), StandardError = new TextWriterStream(_output) };
            configuration.WithArguments(Name);
            if (Options.WasiDirectory is { } directory)
            {
                configuration.WithMappedDirectory("/", directory);
            }
            linker.DefineLibrary((_, l) =>
            {
                foreach (var (module, name, function) in WasiPreview1.CreateImports(configuration))
                {
                    l.Define(module, name, function);
                }
            });
        }
        BeginMessage();
        try
        {
            _instance = linker.Instantiate(_module, userData: this, name: Name);
        }
        finally
        {
            EndMessage();
        }
        _exports = AppletExports.Bind(_instance);
    }

    private void Loop()
    {
        var reader = _queue.Reader;
        while (!_stopRequested)
        {
            if (!reader.TryRead(out var message))
            {
                if (!WaitForMessage(reader))
                {
                    break;
                }
                continue;
            }
            if (_stopRequested)
            {
                _manager.Refuse(message, this, ResponseStatus.ServiceUnavailable, "the applet is being uninstalled");
                break;
            }
            Handle(message);
            Interlocked.Increment(ref _messagesCompleted);
            if (_state is AppletState.Stopped or AppletState.Faulted)
            {
                break;
            }
            RunDueTimers();
            if (_state is AppletState.Stopped or AppletState.Faulted)
            {
                break;
            }
        }
        // what is still queued will not run: requests get an error response
        while (reader.TryRead(out var left))
        {
            _manager.Refuse(left, this, ResponseStatus.ServiceUnavailable, $"applet \"{Name}\" stopped");
        }
    }

    private static bool WaitForMessage(ChannelReader<AppletMessage> reader)
    {
        // a short spin first: a request answered while the sender still runs avoids a sleep and a wake-up
        var spin = new SpinWait();
        for (var i = 0; i < 20; i++)
        {
            if (reader.TryPeek(out _))
            {
                return true;
            }
            spin.SpinOnce(sleep1Threshold: -1);
        }
        var wait = reader.WaitToReadAsync();
        return wait.IsCompleted ? wait.Result : wait.AsTask().GetAwaiter().GetResult();
    }

    private void Handle(AppletMessage message)
    {
        if (message is TimerMessage)
        {
            lock (_dueTimers)
            {
                _wakeQueued = false;   // a timer falling due from now on queues a new wake-up
            }
            return;   // the loop runs the due timers next
        }
        Interlocked.Increment(ref _messagesHandled);
        switch (message)
        {
            case RequestMessage { Request: var request }:
                if (_exports!.OnRequest is null)
                {
                    _manager.Refuse(message, this, ResponseStatus.NotImplemented, $"applet \"{Name}\" does not export on_request");
                    return;
                }
                _currentRequest = request.IsEvent ? null : request;
                var handled = Deliver(PackedMessage.GetPackedSize(request), request, static (r, span) => PackedMessage.Pack(r, span), _exports.OnRequest, "on_request");
                if (_currentRequest is not null && !handled)
                {
                    _manager.Refuse(message, this, ResponseStatus.InternalServerError, LastError ?? $"applet \"{Name}\" failed to handle the request");
                }
                _currentRequest = null;
                break;
            case ResponseMessage { Response: var response }:
                if (_exports!.OnResponse is not null)
                {
                    Deliver(PackedMessage.GetPackedSize(response), response, static (r, span) => PackedMessage.Pack(r, span), _exports.OnResponse, "on_response");
                }
                break;
            case CallbackMessage callback:
                Run(() => callback.Callback(this), callback.Description);
                break;
        }
    }

    /// <summary>
    /// Copies a packed message into the applet's heap, calls the export with its address and size,
    /// and frees it (WAMR's <c>wasm_runtime_module_dup_data</c>). All of it runs under the watchdog:
    /// a module that exports its own malloc and free runs wasm in them too.
    /// </summary>
    private bool Deliver<T>(int size, T item, Func<T, Span<byte>, int> pack, Action<int, int> export, string exportName)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        uint address = 0;
        BeginMessage();
        try
        {
            pack(item, buffer);
            address = _instance!.AllocateBytes(buffer.AsSpan(0, size));
            if (address == 0)
            {
                LastError = $"its app heap has no room for a message of {size} bytes";
                _logger?.LogWarning("applet {Name}: message for {Export} dropped: no room for {Size} bytes in its app heap", Name, exportName, size);
                return false;
            }
            export((int)address, size);
            _instance!.Free(address);
            return true;
        }
        catch (WasmException e)
        {
            var fault = Fault(e, exportName);
            if (address != 0 && _state == AppletState.Running && _instance is { } instance)
            {
                // the applet goes on (Continue): give the buffer back, still under the watchdog
                try
                {
                    instance.Free(address);
                }
                catch (WasmException)
                {
                }
            }
            return fault;
        }
        finally
        {
            EndMessage();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Runs <paramref name="call"/> under the watchdog; a trap is handled by the fault policy. True if it returned normally.</summary>
    private bool Run(Action call, string what)
    {
        BeginMessage();
        try
        {
            call();
            return true;
        }
        catch (WasmException e)
        {
            return Fault(e, what);
        }
        finally
        {
            EndMessage();
        }
    }

    private void BeginMessage()
    {
        lock (_watchdogLock)
        {
            _watchdogReason = null;
            _context?.ClearInterrupt();
            _busySince = Stopwatch.GetTimestamp();
            var timeout = _stopRequested ? TimeSpan.FromSeconds(1) : Options.WatchdogTimeout!.Value;
            _deadline = _busySince + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        }
    }

    private void EndMessage()
    {
        lock (_watchdogLock)
        {
            _busySince = 0;
            _context?.ClearInterrupt();
        }
    }

    private bool Fault(WasmException e, string what)
    {
        string? watchdog;
        lock (_watchdogLock)
        {
            watchdog = _watchdogReason;
        }
        if (watchdog is not null && e is WasmTrap { Kind: TrapKind.Interrupted })
        {
            LastError = watchdog + $" (in {what})";
            _logger?.LogWarning("applet {Name}: stopped: {Reason}", Name, LastError);
            if (!_stopRequested)
            {
                _state = AppletState.Stopped;
                _manager.OnAppletStopped(this, AppletState.Stopped, LastError);
            }
            return false;
        }
        LastError = $"{e.Message} (in {what})";
        var policy = Options.FaultPolicy!.Value;
        _logger?.LogWarning("applet {Name}: trap in {What}: {Message}", Name, what, e.Message);
        _manager.OnAppletFaulted(this, LastError, policy);
        if (_state == AppletState.Starting || _state == AppletState.Stopping)
        {
            return false;   // on_init/_start: the install fails; on_destroy: it is going anyway
        }
        switch (policy)
        {
            case AppletFaultPolicy.Continue:
                break;
            case AppletFaultPolicy.Restart when _restarts < Options.MaxRestarts!.Value && !_stopRequested:
                _restarts++;
                _logger?.LogInformation("applet {Name}: restarting ({Count} of {Max})", Name, _restarts, Options.MaxRestarts);
                Timers.Clear();
                lock (_dueTimers)
                {
                    _dueTimers.Clear();
                    _dueOrder.Clear();
                }
                _manager.Resources.RemoveOwner(Id);
                _manager.Events.RemoveApplet(Id);
                DisposeInstance();
                _state = AppletState.Starting;
                if (Start(isRestart: true))
                {
                    _state = AppletState.Running;
                }
                break;
            default:
                _state = AppletState.Faulted;
                _manager.OnAppletStopped(this, AppletState.Faulted, LastError);
                break;
        }
        return false;
    }

    private void RunDestroy()
    {
        if (_exports?.OnDestroy is { } onDestroy)
        {
            Run(onDestroy, "on_destroy");
        }
    }

    private void DisposeInstance()
    {
        var instance = _instance;
        _instance = null;
        _exports = null;
        if (instance is not null)
        {
            s_byStore.Remove(instance.Store);
            instance.Memory?.Dispose();
        }
        lock (_watchdogLock)
        {
            _context = null;
        }
    }

    /// <summary>Releases everything the applet holds: the one place an applet's resources end.</summary>
    private void Release()
    {
        _queue.Writer.TryComplete();
        while (_queue.Reader.TryRead(out var left))
        {
            _manager.Refuse(left, this, ResponseStatus.ServiceUnavailable, $"applet \"{Name}\" stopped");
        }
        Timers.Dispose();
        _manager.Resources.RemoveOwner(Id);
        _manager.Events.RemoveApplet(Id);
        _manager.FailPendingTo(this);
        DisposeInstance();
        foreach (var extension in _manager.Extensions)
        {
            try
            {
                extension.OnAppletReleased(this);
            }
            catch (Exception e)
            {
                _logger?.LogError(e, "applet {Name}: an extension failed to release it", Name);
            }
        }
        try
        {
            if (_output is PrefixedLineWriter prefixed)
            {
                prefixed.FlushPartialLine();
            }
            else
            {
                _output.Flush();
            }
        }
        catch (IOException)
        {
        }
        _started.TrySetException(new AppletInstallException($"applet \"{Name}\" stopped before it started: {LastError}"));
        _finished.TrySetResult();
    }
}
