using Microsoft.Extensions.Logging;

namespace Microwasm.AppFramework.Applets;

/// <summary>Limits and settings of an <see cref="AppManager"/>. The defaults suit a gateway running many small applets.</summary>
public sealed class AppManagerOptions
{
    /// <summary>Most applets installed at once (WAMR allows 3; default 64).</summary>
    public int MaxApplets { get; init; } = 64;

    /// <summary>Messages an applet's queue holds; a message beyond that is refused with 5.03 for its sender.</summary>
    public int QueueCapacity { get; init; } = 256;

    /// <summary>Largest packed request or response (header, URL and payload) that goes to or from an applet, in bytes.</summary>
    public int MaxMessageSize { get; init; } = 64 * 1024;

    /// <summary>Largest module an applet may be, in bytes.</summary>
    public int MaxModuleSize { get; init; } = 16 * 1024 * 1024;

    /// <summary>The defaults of each install (heap, memory, watchdog ...), used where <see cref="AppletOptions"/> says nothing.</summary>
    public AppletOptions DefaultApplet { get; init; } = new();

    /// <summary>Resources one applet may register (WAMR's <c>RESOURCE_REGISTRATION_NUM_MAX</c>, 16).</summary>
    public int MaxResourcesPerApplet { get; init; } = 16;

    /// <summary>Events one applet may subscribe to.</summary>
    public int MaxSubscriptionsPerApplet { get; init; } = 64;

    /// <summary>Longest resource or event URL (WAMR's <c>RESOURCE_EVENT_URL_LEN_MAX</c>, 256).</summary>
    public int MaxUrlLength { get; init; } = 256;

    /// <summary>Default time a host's request waits for its response.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The manager's log: installs, stops, faults, refused messages.</summary>
    public ILogger? Logger { get; init; }

    /// <summary>
    /// Where an applet's standard output (printf, puts; WASI's stdout and stderr) goes: called once per
    /// applet with its name. Default: the process's standard output, each line prefixed with
    /// <c>[name] </c>.
    /// </summary>
    public Func<string, TextWriter>? Output { get; init; }

    /// <summary>
    /// The attribute-container type numbering the manager writes its own payloads in (error messages,
    /// and in the remote manager applet lists): <see cref="AttrContainer.AttrNumbering.Current"/>
    /// (WAMR since 2023, its host tool and this project's SDK) unless the devices' SDKs are older.
    /// </summary>
    public AttrContainer.AttrNumbering AttrNumbering { get; init; } = AttrContainer.AttrNumbering.Current;

    /// <summary>
    /// The sensors applets can open (WAMR's sensor framework): add <see cref="Extensions.Sensors.SimulatedSensor"/>,
    /// <see cref="Extensions.Sensors.ThermalSensor"/> or your own <see cref="Extensions.Sensors.ISensor"/>.
    /// Empty by default: <c>sensor_open</c> finds nothing.
    /// </summary>
    public Extensions.Sensors.SensorRegistry Sensors { get; init; } = new();

    /// <summary>
    /// What applets may connect to over TCP, UDP and serial lines (WAMR's connection framework), and
    /// the limits per applet and per connection. By default nothing is allowed.
    /// </summary>
    public Extensions.Connections.ConnectionPolicy Connections { get; init; } = new();

    /// <summary>
    /// A display for the applets: WAMR's LittlevGL natives (<c>display_flush</c>, <c>display_input_read</c> ...)
    /// over a framebuffer, reachable as <see cref="AppManager.Display"/>. Null (the default): no display natives.
    /// </summary>
    public Extensions.Display.DisplayOptions? Display { get; init; }
}
