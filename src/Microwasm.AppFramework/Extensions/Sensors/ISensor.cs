namespace Microwasm.AppFramework.Extensions.Sensors;

/// <summary>
/// A sensor applets can open by name and instance (WAMR's <c>sys_sensor_t</c>, added with
/// <c>add_sys_sensor</c>). Add one to <see cref="SensorRegistry"/> (<see cref="Applets.AppManagerOptions.Sensors"/>)
/// and every applet of the manager can open it with <c>sensor_open(name, instance, ...)</c>.
/// </summary>
/// <remarks>
/// <see cref="Read"/> and <see cref="Configure"/> run on the calling applet's thread, so a slow
/// sensor delays only the applet that reads it; with several applets they may be called from
/// several threads at once, so an implementation must be thread-safe. Exceptions they throw are
/// logged and count as "no reading" (or "refused"); they never reach the applet.
/// </remarks>
public interface ISensor
{
    /// <summary>The name applets open it by (WAMR's <c>name</c>).</summary>
    string Name { get; }

    /// <summary>Its instance number: several sensors may share a name (WAMR's <c>sensor_instance</c>).</summary>
    int Instance { get; }

    /// <summary>What it measures, for people (WAMR's <c>description</c>).</summary>
    string? Description { get; }

    /// <summary>How often an applet that opened it gets a reading until it configures an interval (WAMR's <c>default_interval</c>).</summary>
    TimeSpan DefaultInterval { get; }

    /// <summary>
    /// One reading, delivered to the applet as the attribute container its <c>on_sensor_event</c>
    /// receives; null when there is nothing to deliver this time.
    /// </summary>
    AttrContainer.AttrContainer? Read();

    /// <summary>
    /// Configures the sensor (WAMR's <c>config</c> hook). It receives a container tagged
    /// <c>"config sensor"</c> with the int attributes <c>interval</c>, <c>bit_cfg</c> and <c>delay</c>
    /// when an applet calls <c>sensor_config</c>, or the applet's own container from
    /// <c>sensor_config_with_attr_container</c>. Returns whether it accepted the configuration.
    /// </summary>
    bool Configure(AttrContainer.AttrContainer configuration);
}
