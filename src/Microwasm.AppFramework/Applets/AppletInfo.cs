namespace Microwasm.AppFramework.Applets;

/// <summary>The state of an applet.</summary>
public enum AppletState
{
    /// <summary>Being instantiated, or running <c>on_init</c>.</summary>
    Starting,

    /// <summary>Waiting for or handling messages.</summary>
    Running,

    /// <summary>Uninstalling: <c>on_destroy</c> runs, then everything is released.</summary>
    Stopping,

    /// <summary>Stopped by the watchdog (a message ran too long); see <see cref="AppletInfo.LastError"/>.</summary>
    Stopped,

    /// <summary>Stopped by a trap under <see cref="AppletFaultPolicy.Stop"/>; see <see cref="AppletInfo.LastError"/>.</summary>
    Faulted,
}

/// <summary>A snapshot of one applet, as <see cref="AppManager.Query"/> and <see cref="AppManager.List"/> give it.</summary>
public sealed record AppletInfo
{
    public required string Name { get; init; }

    /// <summary>The applet's id: the <c>sender</c> of its requests and the <c>reciever</c> of responses to it.</summary>
    public required uint Id { get; init; }

    /// <summary>The module type, <c>wasm</c>.</summary>
    public string Type { get; init; } = "wasm";

    public required AppletState State { get; init; }

    /// <summary>The app heap's size in bytes.</summary>
    public required uint HeapSize { get; init; }

    /// <summary>Bytes of the app heap in use.</summary>
    public required ulong HeapUsed { get; init; }

    /// <summary>The linear memory's current size in bytes.</summary>
    public required ulong MemorySize { get; init; }

    /// <summary>Messages waiting in the applet's queue.</summary>
    public required int QueueLength { get; init; }

    public required TimeSpan Uptime { get; init; }

    /// <summary>Messages the applet has handled (requests, responses, events, timer ticks).</summary>
    public required long MessagesHandled { get; init; }

    /// <summary>Messages refused because the applet's queue was full.</summary>
    public required long MessagesDropped { get; init; }

    /// <summary>Timers the applet has now.</summary>
    public required int Timers { get; init; }

    /// <summary>The resource URLs the applet registered.</summary>
    public required IReadOnlyList<string> Resources { get; init; }

    /// <summary>The event URLs the applet subscribed to.</summary>
    public required IReadOnlyList<string> Subscriptions { get; init; }

    /// <summary>How often the applet was restarted after a trap.</summary>
    public required int Restarts { get; init; }

    /// <summary>The last trap or watchdog stop, or null.</summary>
    public string? LastError { get; init; }
}

/// <summary>Why an applet stopped, for <see cref="AppManager.AppletStopped"/>.</summary>
public sealed class AppletStoppedEventArgs(string name, AppletState state, string? reason) : EventArgs
{
    public string Name { get; } = name;

    /// <summary><see cref="AppletState.Stopped"/> (watchdog), <see cref="AppletState.Faulted"/> (trap) or <see cref="AppletState.Stopping"/> (uninstall).</summary>
    public AppletState State { get; } = state;

    /// <summary>The trap or watchdog message; null for an uninstall.</summary>
    public string? Reason { get; } = reason;
}

/// <summary>A trap in an applet, for <see cref="AppManager.AppletFaulted"/>; raised whatever the policy.</summary>
public sealed class AppletFaultEventArgs(string name, string message, AppletFaultPolicy policy) : EventArgs
{
    public string Name { get; } = name;

    public string Message { get; } = message;

    /// <summary>What the manager does about it.</summary>
    public AppletFaultPolicy Policy { get; } = policy;
}

/// <summary>An install that was refused: the message names the applet and the reason; nothing of it remains.</summary>
public sealed class AppletInstallException(string message, Exception? inner = null) : Exception(message, inner);
