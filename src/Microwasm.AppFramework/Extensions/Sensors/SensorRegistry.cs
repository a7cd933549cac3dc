namespace Microwasm.AppFramework.Extensions.Sensors;

/// <summary>
/// The sensors an <see cref="Applets.AppManager"/> offers its applets (<see cref="Applets.AppManagerOptions.Sensors"/>).
/// Each sensor gets an id, from 1 upwards in the order they are added (WAMR numbers them the same
/// way); that id is what <c>wasm_sensor_open</c> returns and what <c>on_sensor_event</c> receives.
/// Thread-safe: sensors may be added while applets run.
/// </summary>
public sealed class SensorRegistry
{
    private readonly object _lock = new();
    private readonly List<ISensor> _sensors = new();
    private TimeSpan _minimumInterval = TimeSpan.FromMilliseconds(10);
    private int _maxPendingReadings = 4;

    /// <summary>
    /// The shortest interval between two readings delivered to one applet: a configured interval
    /// below it (but not 0, which stops the readings) is raised to it. Default 10 ms.
    /// </summary>
    public TimeSpan MinimumInterval
    {
        get => _minimumInterval;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.FromMilliseconds(1));
            _minimumInterval = value;
        }
    }

    /// <summary>Readings one applet may have waiting in its queue for one sensor; a reading that falls due beyond that is skipped. Default 4.</summary>
    public int MaxPendingReadings
    {
        get => _maxPendingReadings;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _maxPendingReadings = value;
        }
    }

    /// <summary>The sensors, in the order they were added (index + 1 is a sensor's id).</summary>
    public IReadOnlyList<ISensor> Sensors
    {
        get
        {
            lock (_lock)
            {
                return _sensors.ToArray();
            }
        }
    }

    /// <summary>Adds <paramref name="sensor"/>; returns its id.</summary>
    /// <exception cref="ArgumentException">A sensor with the same name and instance is already registered, or the name is empty.</exception>
    public uint Add(ISensor sensor)
    {
        ArgumentNullException.ThrowIfNull(sensor);
        ArgumentException.ThrowIfNullOrEmpty(sensor.Name, nameof(sensor));
        if (sensor.DefaultInterval < TimeSpan.Zero)
        {
            throw new ArgumentException($"sensor \"{sensor.Name}\" has a negative default interval", nameof(sensor));
        }
        lock (_lock)
        {
            if (_sensors.Any(s => s.Name == sensor.Name && s.Instance == sensor.Instance))
            {
                throw new ArgumentException($"a sensor \"{sensor.Name}\" instance {sensor.Instance} is already registered", nameof(sensor));
            }
            _sensors.Add(sensor);
            return (uint)_sensors.Count;
        }
    }

    /// <summary>The sensor with that name and instance, and its id; false if there is none.</summary>
    public bool TryFind(string name, int instance, out ISensor? sensor, out uint id)
    {
        lock (_lock)
        {
            for (var i = 0; i < _sensors.Count; i++)
            {
                if (_sensors[i].Name == name && _sensors[i].Instance == instance)
                {
                    sensor = _sensors[i];
                    id = (uint)(i + 1);
                    return true;
                }
            }
        }
        sensor = null;
        id = 0;
        return false;
    }

    /// <summary>The sensor with id <paramref name="id"/>, or null.</summary>
    public ISensor? Find(uint id)
    {
        lock (_lock)
        {
            return id >= 1 && id <= (uint)_sensors.Count ? _sensors[(int)id - 1] : null;
        }
    }
}
