using Microsoft.Extensions.Logging;

namespace Microwasm.AppFramework.Extensions.Display;

/// <summary>Settings of a <see cref="DisplayServer"/>.</summary>
public sealed class DisplayServerOptions
{
    /// <summary>
    /// A shared secret every request must carry (<c>?token=</c> in the page's URL; the page passes it
    /// on to its WebSocket), or null (the default) for none. Compared in constant time. Give one
    /// whenever the server listens on an address other than loopback.
    /// </summary>
    public string? Token { get; init; }

    /// <summary>Pages connected at once; more are refused with 503. Default 8.</summary>
    public int MaxViewers { get; init; } = 8;

    /// <summary>Frames sent to one page and not yet drawn by it; past that, changes are merged until the page catches up. Default 2.</summary>
    public int MaxFramesInFlight { get; init; } = 2;

    /// <summary>The page's title and the name on the device's bezel. Default "Microwasm".</summary>
    public string Title { get; init; } = "Microwasm";

    /// <summary>Viewers that come and go, refused requests, input that is not understood.</summary>
    public ILogger? Logger { get; init; }
}
