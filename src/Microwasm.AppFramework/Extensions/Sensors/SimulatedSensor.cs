using System.Globalization;

namespace Microwasm.AppFramework.Extensions.Sensors;

/// <summary>
/// A sensor whose readings come from a deterministic <see cref="SensorSignal"/>: reading n of the
/// sensor (counted over all applets that read it) is a container tagged with the sensor's name
/// holding <c>value</c> (double, the signal at n) and <c>seq</c> (int, n).
/// </summary>
public sealed class SimulatedSensor : ISensor
{
    private long _readings = -1;

    /// <summary>A simulated sensor <paramref name="name"/>, instance <paramref name="instance"/>, following <paramref name="signal"/>.</summary>
    public SimulatedSensor(string name, int instance, SensorSignal signal, TimeSpan? defaultInterval = null, string? description = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(signal);
        Name = name;
        Instance = instance;
        Signal = signal;
        DefaultInterval = defaultInterval ?? TimeSpan.FromSeconds(1);
        ArgumentOutOfRangeException.ThrowIfLessThan(DefaultInterval, TimeSpan.Zero, nameof(defaultInterval));
        Description = description ?? $"simulated: {signal}";
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public int Instance { get; }

    /// <inheritdoc/>
    public string? Description { get; }

    /// <inheritdoc/>
    public TimeSpan DefaultInterval { get; }

    /// <summary>The signal its readings follow.</summary>
    public SensorSignal Signal { get; }

    /// <summary>Readings taken so far.</summary>
    public long ReadingCount => Interlocked.Read(ref _readings) + 1;

    /// <summary>The last configuration an applet gave it that it accepted (null before any).</summary>
    public AttrContainer.AttrContainer? LastConfiguration { get; private set; }

    /// <inheritdoc/>
    public AttrContainer.AttrContainer? Read()
    {
        var n = Interlocked.Increment(ref _readings);
        var reading = new AttrContainer.AttrContainer(Name);
        reading.SetDouble("value", Signal.ValueAt(n));
        reading.SetInt32("seq", (int)n);
        return reading;
    }

    /// <summary>Accepts the framework's keys <c>interval</c>, <c>bit_cfg</c> and <c>delay</c> as integers (it needs nothing else); refuses any other key or type.</summary>
    public bool Configure(AttrContainer.AttrContainer configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        foreach (var (key, value) in configuration)
        {
            if (key is not ("interval" or "bit_cfg" or "delay") || !value.TryGetInt64(out _))
            {
                return false;
            }
        }
        LastConfiguration = configuration;
        return true;
    }

    /// <summary>
    /// Parses the command line's <c>NAME[:INSTANCE]=SIGNAL</c> (instance 0 when absent; SIGNAL as
    /// <see cref="SensorSignal.Parse(string)"/>, plus <c>interval=MS</c> for the default interval),
    /// e.g. <c>temperature=sine,offset=20,amplitude=5,period=60,interval=500</c>.
    /// </summary>
    /// <exception cref="FormatException">The text is not such a sensor; the message says why.</exception>
    public static SimulatedSensor Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var equals = text.IndexOf('=');
        if (equals <= 0 || equals == text.Length - 1)
        {
            throw new FormatException($"\"{text}\" is not NAME[:INSTANCE]=SIGNAL");
        }
        var name = text[..equals];
        var instance = 0;
        var colon = name.IndexOf(':');
        if (colon >= 0)
        {
            if (!int.TryParse(name[(colon + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out instance))
            {
                throw new FormatException($"the instance in \"{name}\" must be a whole number");
            }
            name = name[..colon];
        }
        if (name.Length == 0)
        {
            throw new FormatException($"\"{text}\" has an empty sensor name");
        }
        var signal = SensorSignal.Parse(text[(equals + 1)..], out var interval);
        return new SimulatedSensor(name, instance, signal, interval);
    }
}
