using System.Globalization;

namespace Microwasm.AppFramework.Extensions.Sensors;

/// <summary>
/// A Linux thermal zone (<c>/sys/class/thermal/thermal_zoneN</c>) as sensor <c>"thermal"</c>,
/// instance N: each reading is a container tagged <c>"thermal"</c> with <c>value</c> (double, °C,
/// from the zone's <c>temp</c> in millidegrees) and <c>type</c> (string, the zone's <c>type</c>,
/// e.g. <c>x86_pkg_temp</c>).
/// </summary>
public sealed class ThermalSensor : ISensor
{
    /// <summary>Where Linux shows its thermal zones.</summary>
    public const string DefaultRoot = "/sys/class/thermal";

    private readonly string _tempPath;

    private ThermalSensor(int zone, string directory, string type)
    {
        Instance = zone;
        ZoneType = type;
        _tempPath = Path.Combine(directory, "temp");
        Description = $"thermal zone {zone} ({type}), °C";
    }

    /// <inheritdoc/>
    public string Name => "thermal";

    /// <inheritdoc/>
    public int Instance { get; }

    /// <inheritdoc/>
    public string? Description { get; }

    /// <inheritdoc/>
    public TimeSpan DefaultInterval => TimeSpan.FromSeconds(1);

    /// <summary>The zone's type (its <c>type</c> file).</summary>
    public string ZoneType { get; }

    /// <summary>
    /// The thermal zones under <paramref name="root"/> whose temperature can be read, by zone number;
    /// none where there are none (not Linux, a container without /sys, a machine without zones).
    /// </summary>
    public static IReadOnlyList<ThermalSensor> Discover(string root = DefaultRoot)
    {
        var found = new List<ThermalSensor>();
        try
        {
            foreach (var directory in Directory.EnumerateDirectories(root, "thermal_zone*"))
            {
                var suffix = Path.GetFileName(directory)["thermal_zone".Length..];
                if (!int.TryParse(suffix, NumberStyles.None, CultureInfo.InvariantCulture, out var zone))
                {
                    continue;
                }
                try
                {
                    var type = File.Exists(Path.Combine(directory, "type")) ? File.ReadAllText(Path.Combine(directory, "type")).Trim() : "unknown";
                    var sensor = new ThermalSensor(zone, directory, type);
                    sensor.ReadCelsius();   // a zone that cannot be read now is left out
                    found.Add(sensor);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
                {
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        found.Sort((a, b) => a.Instance.CompareTo(b.Instance));
        return found;
    }

    /// <summary>The zone's temperature now, in °C.</summary>
    /// <exception cref="IOException">The zone cannot be read.</exception>
    /// <exception cref="FormatException">Its <c>temp</c> file does not hold a number.</exception>
    public double ReadCelsius()
    {
        var text = File.ReadAllText(_tempPath).Trim();
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var milli)
            ? milli / 1000.0
            : throw new FormatException($"{_tempPath} holds \"{text}\", not millidegrees");
    }

    /// <inheritdoc/>
    public AttrContainer.AttrContainer? Read()
    {
        var reading = new AttrContainer.AttrContainer("thermal");
        reading.SetDouble("value", ReadCelsius());
        reading.SetString("type", ZoneType);
        return reading;
    }

    /// <summary>A thermal zone has nothing to configure: it accepts the framework's <c>interval</c>, <c>bit_cfg</c> and <c>delay</c> integers and refuses anything else.</summary>
    public bool Configure(AttrContainer.AttrContainer configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration.All(pair => pair.Key is "interval" or "bit_cfg" or "delay" && pair.Value.TryGetInt64(out _));
    }
}
