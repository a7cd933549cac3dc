namespace Microwasm.AppFramework.Applets;

/// <summary>What happens to an applet whose wasm traps while handling a message.</summary>
public enum AppletFaultPolicy
{
    /// <summary>The applet stops (state <see cref="AppletState.Faulted"/>); it stays listed until uninstalled.</summary>
    Stop,

    /// <summary>The applet is instantiated afresh and <c>on_init</c> runs again; after <see cref="AppletOptions.MaxRestarts"/> restarts it stops.</summary>
    Restart,

    /// <summary>WAMR's behaviour: the trap is logged and the applet goes on with its next message.</summary>
    Continue,
}

/// <summary>Settings of one applet; null members take the manager's <see cref="AppManagerOptions.DefaultApplet"/>, then the built-in default.</summary>
public sealed record AppletOptions
{
    /// <summary>Built-in app heap size: WAMR's <c>APP_HEAP_SIZE_DEFAULT</c>, 8 KiB.</summary>
    public const uint DefaultHeapSize = 8 * 1024;

    /// <summary>WAMR's <c>APP_HEAP_SIZE_MIN</c>; a smaller heap is raised to it.</summary>
    public const uint MinHeapSize = 256;

    /// <summary>WAMR's <c>APP_HEAP_SIZE_MAX</c>; a larger heap is lowered to it.</summary>
    public const uint MaxHeapSize = 512 * 1024 * 1024;

    /// <summary>App heap in bytes (install's <c>heap=</c>), clamped to 256 B … 512 MiB as WAMR does.</summary>
    public uint? HeapSize { get; init; }

    /// <summary>Cap on the applet's linear memory in 64 KiB pages (memory.grow fails beyond it; a module declaring more is refused). Default 256 (16 MiB).</summary>
    public uint? MaxMemoryPages { get; init; }

    /// <summary>Most timers at once (install's <c>timers=</c>; WAMR's default 20, capped at 30 there). Default 20.</summary>
    public int? MaxTimers { get; init; }

    /// <summary>Longest a single message (or <c>on_init</c>, <c>on_destroy</c>) may run before the watchdog stops the applet (install's <c>wd=</c>). Default 10 s.</summary>
    public TimeSpan? WatchdogTimeout { get; init; }

    /// <summary>What a trap does to the applet. Default <see cref="AppletFaultPolicy.Stop"/>.</summary>
    public AppletFaultPolicy? FaultPolicy { get; init; }

    /// <summary>Restarts allowed by <see cref="AppletFaultPolicy.Restart"/> before the applet stops. Default 3.</summary>
    public int? MaxRestarts { get; init; }

    /// <summary>Most nested wasm calls. Default 8,192.</summary>
    public int? MaxCallDepth { get; init; }

    /// <summary>
    /// Gives the applet WASI preview 1 (off by default, as in WAMR's framework builds). When on,
    /// <c>_start</c> runs before <c>on_init</c> if the module exports it, and the applet sees
    /// <see cref="WasiDirectory"/> (if set) pre-opened as <c>/</c>.
    /// </summary>
    public bool? EnableWasi { get; init; }

    /// <summary>A host directory to pre-open for a WASI applet (WAMR uses <c>&lt;wasi root&gt;/&lt;applet name&gt;</c>).</summary>
    public string? WasiDirectory { get; init; }

    internal AppletOptions Resolve(AppletOptions defaults) => new()
    {
        HeapSize = Math.Clamp(HeapSize ?? defaults.HeapSize ?? DefaultHeapSize, MinHeapSize, MaxHeapSize),
        MaxMemoryPages = MaxMemoryPages ?? defaults.MaxMemoryPages ?? 256,
        MaxTimers = Math.Max(0, MaxTimers ?? defaults.MaxTimers ?? 20),
        WatchdogTimeout = WatchdogTimeout ?? defaults.WatchdogTimeout ?? TimeSpan.FromSeconds(10),
        FaultPolicy = FaultPolicy ?? defaults.FaultPolicy ?? AppletFaultPolicy.Stop,
        MaxRestarts = MaxRestarts ?? defaults.MaxRestarts ?? 3,
        MaxCallDepth = MaxCallDepth ?? defaults.MaxCallDepth ?? 8192,
        EnableWasi = EnableWasi ?? defaults.EnableWasi ?? false,
        WasiDirectory = WasiDirectory ?? defaults.WasiDirectory,
    };
}
