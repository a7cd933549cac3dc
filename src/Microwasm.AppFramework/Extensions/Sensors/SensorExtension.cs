using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microwasm.AppFramework.Applets;
using Microwasm.AppFramework.Timers;
using Microwasm.Host;
using Microwasm.Runtime;

namespace Microwasm.AppFramework.Extensions.Sensors;

/// <summary>
/// WAMR's sensor natives (<c>wasm_sensor_open</c>, <c>_config</c>, <c>_config_with_attr_container</c>,
/// <c>_close</c>, as in <c>sensor/native/runtime_sensor.inl</c>) over a <see cref="SensorRegistry"/>.
/// </summary>
/// <remarks>
/// <para>
/// Each applet that opens a sensor is a client with its own interval (WAMR reads a sensor at the
/// smallest interval of its clients and gives every client every reading; here each client gets
/// readings at the interval it configured). A client's readings are a periodic timer on the
/// manager's one <see cref="TimerService"/>: when it fires, a <see cref="CallbackMessage"/> is
/// queued for the applet, and on the applet's thread the sensor is read and the container goes to
/// <c>on_sensor_event(sensor_id, buf, len)</c>. An applet has at most
/// <see cref="SensorRegistry.MaxPendingReadings"/> readings of one sensor waiting in its queue: a
/// busy applet skips readings instead of filling its queue.
/// </para>
/// <para>
/// Interval 0 stops a client's readings (WAMR's samples do this in <c>on_destroy</c>); an interval
/// below <see cref="SensorRegistry.MinimumInterval"/> is raised to it. An applet opens a sensor
/// once (a second open returns -1 until it closes it), configures and closes only what it opened,
/// and its clients end with it.
/// </para>
/// </remarks>
internal sealed class SensorExtension : IAppletExtension
{
    private const uint Invalid = uint.MaxValue;

    private readonly AppManager _manager;
    private readonly SensorRegistry _registry;
    private readonly ILogger? _logger;
    private readonly ConcurrentDictionary<uint, AppletSensors> _applets = new();

    public SensorExtension(AppManager manager, SensorRegistry registry)
    {
        _manager = manager;
        _registry = registry;
        _logger = manager.Options.Logger;
        Natives =
        [
            NativeSymbol.Create("wasm_sensor_open", (Caller caller, string name, int instance) => Open(Applet.From(caller), name, instance), "($i)i"),
            NativeSymbol.Create("wasm_sensor_config", (Caller caller, uint sensor, uint interval, int bitCfg, uint delay) =>
                Configure(Applet.From(caller), sensor, interval, bitCfg, delay) ? 1 : 0, "(iiii)i"),
            NativeSymbol.Create("wasm_sensor_config_with_attr_container", (Caller caller, uint sensor, Span<byte> buffer) =>
                ConfigureWith(Applet.From(caller), sensor, buffer) ? 1 : 0, "(i*~)i"),
            NativeSymbol.Create("wasm_sensor_close", (Caller caller, uint sensor) => Close(Applet.From(caller), sensor) ? 1 : 0, "(i)i"),
        ];
    }

    public IReadOnlyList<NativeSymbol> Natives { get; }

    public void OnAppletReleased(Applet applet)
    {
        if (_applets.TryRemove(applet.Id, out var sensors))
        {
            sensors.Dispose();
        }
    }

    /// <summary>The sensors <paramref name="applet"/> has open, by id (for tests).</summary>
    internal uint[] OpenSensors(Applet applet) =>
        _applets.TryGetValue(applet.Id, out var sensors) ? sensors.OpenIds() : [];

    /// <summary>Readings delivered to, and skipped for, applet <paramref name="appletId"/> (for tests).</summary>
    internal (long Delivered, long Skipped) Counts(uint appletId) =>
        _applets.TryGetValue(appletId, out var sensors) ? (Interlocked.Read(ref sensors.Delivered), Interlocked.Read(ref sensors.Skipped)) : (0, 0);

    // ---- natives (on the applet's thread) ----

    private uint Open(Applet applet, string name, int instance)
    {
        if (!_registry.TryFind(name, instance, out var sensor, out var id))
        {
            _logger?.LogDebug("applet {Name}: no sensor \"{Sensor}\" instance {Instance}", applet.Name, name, instance);
            return Invalid;
        }
        var sensors = _applets.GetOrAdd(applet.Id, _ => new AppletSensors(this, applet));
        return sensors.Open(sensor!, id, applet.Instance) ? id : Invalid;
    }

    private bool Configure(Applet applet, uint sensorId, uint interval, int bitCfg, uint delay)
    {
        if (!_applets.TryGetValue(applet.Id, out var sensors) || !sensors.SetInterval(sensorId, interval, applet.Instance, out var sensor))
        {
            return false;
        }
        var configuration = new AttrContainer.AttrContainer("config sensor");
        configuration.SetInt32("interval", (int)interval);
        configuration.SetInt32("bit_cfg", bitCfg);
        configuration.SetInt32("delay", (int)delay);
        // as WAMR: the client's interval is the framework's and applies whatever the sensor's hook says
        CallConfigure(applet, sensor!, configuration);
        return true;
    }

    private bool ConfigureWith(Applet applet, uint sensorId, ReadOnlySpan<byte> buffer)
    {
        if (!_applets.TryGetValue(applet.Id, out var sensors) || !sensors.IsOpen(sensorId, applet.Instance, out var sensor))
        {
            return false;
        }
        if (!AttrContainer.AttrContainer.TryParse(buffer, _manager.Options.AttrNumbering, out var configuration, out var error))
        {
            _logger?.LogWarning("applet {Name}: sensor {Id} not configured: {Error}", applet.Name, sensorId, error);
            return false;
        }
        return CallConfigure(applet, sensor!, configuration);
    }

    private bool Close(Applet applet, uint sensorId)
    {
        if (_registry.Find(sensorId) is null)
        {
            return false;
        }
        // WAMR answers true for any sensor that exists, opened by this applet or not
        if (_applets.TryGetValue(applet.Id, out var sensors))
        {
            sensors.Close(sensorId);
        }
        return true;
    }

    private bool CallConfigure(Applet applet, ISensor sensor, AttrContainer.AttrContainer configuration)
    {
        try
        {
            return sensor.Configure(configuration);
        }
        catch (Exception e)
        {
            _logger?.LogWarning(e, "applet {Name}: sensor \"{Sensor}\" failed to configure", applet.Name, sensor.Name);
            return false;
        }
    }

    // ---- readings ----

    private uint ClampInterval(uint interval)
    {
        if (interval == 0)
        {
            return 0;
        }
        var minimum = (uint)Math.Max(1, _registry.MinimumInterval.TotalMilliseconds);
        return Math.Clamp(interval, minimum, int.MaxValue);
    }

    /// <summary>On the applet's thread: read the sensor and call on_sensor_event.</summary>
    private void Deliver(Applet applet, AppletSensors sensors, Client client)
    {
        Interlocked.Decrement(ref client.Pending);
        var instance = applet.Instance;
        if (client.Closed)
        {
            return;
        }
        if (instance is null || instance != client.Instance)
        {
            // opened by an instance that is gone (the applet restarted after a trap): it ends here
            sensors.Close(client);
            return;
        }
        var onEvent = AppletCalls.Find(instance, "on_sensor_event");
        if (onEvent is null)
        {
            return;   // WAMR prints "Cannot find function on_sensor_event" each time
        }
        AttrContainer.AttrContainer? reading;
        try
        {
            reading = client.Sensor.Read();
        }
        catch (Exception e)
        {
            _logger?.LogWarning(e, "sensor \"{Sensor}\" instance {Instance} failed to read", client.Sensor.Name, client.Sensor.Instance);
            return;
        }
        if (reading is null)
        {
            return;
        }
        byte[] bytes;
        try
        {
            bytes = reading.Serialize(_manager.Options.AttrNumbering);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            _logger?.LogWarning(e, "sensor \"{Sensor}\": its reading cannot be serialized", client.Sensor.Name);
            return;
        }
        if (bytes.Length > _manager.Options.MaxMessageSize)
        {
            _logger?.LogWarning("sensor \"{Sensor}\": a reading of {Size} bytes exceeds the limit of {Max}", client.Sensor.Name, bytes.Length, _manager.Options.MaxMessageSize);
            return;
        }
        if (!AppletCalls.Call(instance, onEvent, client.SensorId, bytes))
        {
            _logger?.LogWarning("applet {Name}: sensor reading dropped: no room for {Size} bytes in its app heap", applet.Name, bytes.Length);
            return;
        }
        Interlocked.Increment(ref sensors.Delivered);
    }

    private sealed class Client(ISensor sensor, uint sensorId, Instance? instance)
    {
        public ISensor Sensor { get; } = sensor;
        public uint SensorId { get; } = sensorId;
        public Instance? Instance { get; } = instance;
        public uint TimerId;
        public uint Interval;
        public int Pending;
        public volatile bool Closed;
    }

    /// <summary>One applet's open sensors and their timers.</summary>
    private sealed class AppletSensors : IDisposable
    {
        private readonly SensorExtension _owner;
        private readonly Applet _applet;
        private readonly object _lock = new();
        private readonly Dictionary<uint, Client> _bySensor = new();
        private readonly Dictionary<uint, Client> _byTimer = new();
        private readonly TimerGroup _timers;
        private bool _disposed;
        public long Delivered;
        public long Skipped;

        public AppletSensors(SensorExtension owner, Applet applet)
        {
            _owner = owner;
            _applet = applet;
            // open-once bounds the timers by the number of sensors
            _timers = owner._manager.TimerService.CreateGroup(int.MaxValue, Fire);
        }

        public uint[] OpenIds()
        {
            lock (_lock)
            {
                return _bySensor.Keys.Order().ToArray();
            }
        }

        public bool Open(ISensor sensor, uint id, Instance? instance)
        {
            lock (_lock)
            {
                if (_disposed)
                {
                    return false;
                }
                if (_bySensor.TryGetValue(id, out var existing))
                {
                    if (existing.Instance == instance)
                    {
                        return false;   // already open: WAMR returns -1
                    }
                    RemoveLocked(existing);   // opened before the applet restarted: that instance is gone
                }
                var client = new Client(sensor, id, instance) { Interval = _owner.ClampInterval((uint)Math.Min(sensor.DefaultInterval.TotalMilliseconds, int.MaxValue)) };
                // a periodic timer cannot have interval 0: it is created idle, with any interval, and started when there is one
                client.TimerId = _timers.Create(client.Interval == 0 ? 1000 : (int)client.Interval, periodic: true, autoStart: client.Interval != 0);
                if (client.TimerId == TimerGroup.InvalidId)
                {
                    return false;
                }
                _bySensor.Add(id, client);
                _byTimer.Add(client.TimerId, client);
                return true;
            }
        }

        public bool IsOpen(uint id, Instance? instance, out ISensor? sensor)
        {
            lock (_lock)
            {
                var open = _bySensor.TryGetValue(id, out var client) && client.Instance == instance;
                sensor = open ? client!.Sensor : null;
                return open;
            }
        }

        public bool SetInterval(uint id, uint interval, Instance? instance, out ISensor? sensor)
        {
            lock (_lock)
            {
                if (!_bySensor.TryGetValue(id, out var client) || client.Instance != instance)
                {
                    sensor = null;
                    return false;
                }
                sensor = client.Sensor;
                client.Interval = _owner.ClampInterval(interval);
                if (client.Interval == 0)
                {
                    _timers.Cancel(client.TimerId);
                }
                else
                {
                    _timers.Restart(client.TimerId, (int)client.Interval);
                }
                return true;
            }
        }

        /// <summary>Closes <paramref name="client"/> if it is still the one open for its sensor.</summary>
        public void Close(Client client)
        {
            lock (_lock)
            {
                if (_bySensor.TryGetValue(client.SensorId, out var current) && current == client)
                {
                    RemoveLocked(client);
                }
            }
        }

        public void Close(uint id)
        {
            lock (_lock)
            {
                if (_bySensor.TryGetValue(id, out var client))
                {
                    RemoveLocked(client);
                }
            }
        }

        private void RemoveLocked(Client client)
        {
            client.Closed = true;
            _bySensor.Remove(client.SensorId);
            _byTimer.Remove(client.TimerId);
            _timers.Destroy(client.TimerId);
        }

        /// <summary>On the timer service's thread: queue a reading for the applet.</summary>
        private void Fire(uint timerId)
        {
            Client? client;
            lock (_lock)
            {
                if (_disposed || !_byTimer.TryGetValue(timerId, out client))
                {
                    return;
                }
            }
            if (Interlocked.Increment(ref client.Pending) > _owner._registry.MaxPendingReadings)
            {
                Interlocked.Decrement(ref client.Pending);
                Interlocked.Increment(ref Skipped);
                return;
            }
            if (!_applet.TryPost(new CallbackMessage("on_sensor_event", applet => _owner.Deliver(applet, this, client))))
            {
                Interlocked.Decrement(ref client.Pending);
                Interlocked.Increment(ref Skipped);
            }
        }

        public void Dispose()
        {
            lock (_lock)
            {
                _disposed = true;
                foreach (var client in _bySensor.Values)
                {
                    client.Closed = true;
                }
                _bySensor.Clear();
                _byTimer.Clear();
            }
            _timers.Dispose();
        }
    }
}
