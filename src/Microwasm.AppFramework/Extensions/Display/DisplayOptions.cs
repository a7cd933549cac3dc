namespace Microwasm.AppFramework.Extensions.Display;

/// <summary>
/// The display an <see cref="Applets.AppManager"/> gives its applets (<see cref="Applets.AppManagerOptions.Display"/>):
/// a framebuffer behind WAMR's LittlevGL natives (<c>display_flush</c>, <c>display_fill</c>,
/// <c>display_map</c>, <c>display_vdb_write</c>, <c>display_input_read</c>, <c>time_get_ms</c>).
/// </summary>
public sealed class DisplayOptions
{
    /// <summary>The largest width or height accepted, in pixels.</summary>
    public const int MaxSize = 4096;

    /// <summary>Width in pixels (default 320, as WAMR's sample).</summary>
    public int Width { get; init; } = 320;

    /// <summary>Height in pixels (default 240, as WAMR's sample).</summary>
    public int Height { get; init; } = 240;

    /// <summary>Pointer events (press, move, release) waiting for the applets to read them; older moves are merged, and past this the oldest are dropped.</summary>
    public int InputQueueCapacity { get; init; } = 64;

    internal void Validate()
    {
        if (Width is < 1 or > MaxSize || Height is < 1 or > MaxSize)
        {
            throw new ArgumentOutOfRangeException(nameof(Width), $"the display must be 1..{MaxSize} pixels wide and high, not {Width}x{Height}");
        }
        if (InputQueueCapacity is < 2 or > 4096)
        {
            throw new ArgumentOutOfRangeException(nameof(InputQueueCapacity), $"the input queue holds 2..4096 events, not {InputQueueCapacity}");
        }
    }
}
