using System.Buffers.Binary;

namespace Microwasm.AppFramework.Extensions.Display;

/// <summary>
/// The screen the applets of one <see cref="Applets.AppManager"/> draw on and the pointer they read:
/// a framebuffer of 32-bit pixels (LittlevGL's <c>lv_color_t</c> at <c>LV_COLOR_DEPTH</c> 32,
/// 0xAARRGGBB) and a bounded queue of pointer events. Like the LCD of a device it is shared: every
/// applet may draw on it, and each pointer event is read once, by whichever applet polls first.
/// Thread-safe: applets draw on their threads while viewers read and feed input on theirs.
/// </summary>
public sealed class VirtualDisplay
{
    private readonly object _lock = new();
    private readonly uint[] _pixels;
    private readonly LinkedList<PointerEvent> _input = new();   // bounded by _inputCapacity
    private readonly int _inputCapacity;
    private PointerEvent _lastRead = new(0, 0, false);
    private bool _lastWasMove;   // the newest queued event is a move (a later move may replace it)
    private long _frames;
    private long _inputDropped;

    /// <summary>A display of the size <paramref name="options"/> gives, black.</summary>
    public VirtualDisplay(DisplayOptions? options = null)
    {
        options ??= new DisplayOptions();
        options.Validate();
        Width = options.Width;
        Height = options.Height;
        _inputCapacity = options.InputQueueCapacity;
        _pixels = new uint[Width * Height];
        Array.Fill(_pixels, 0xFF000000u);
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Updates drawn so far (each flush, fill, map or pixel write that changed the screen counts once).</summary>
    public long UpdateCount => Interlocked.Read(ref _frames);

    /// <summary>Pointer events dropped because the applets did not read them in time.</summary>
    public long InputDropped => Interlocked.Read(ref _inputDropped);

    /// <summary>Pointer events queued and not yet read by an applet.</summary>
    internal int PendingInput
    {
        get
        {
            lock (_lock)
            {
                return _input.Count;
            }
        }
    }

    /// <summary>Raised after pixels changed, with the rectangle that did, on the drawing applet's thread: keep handlers short.</summary>
    internal event Action<DisplayRect>? Changed;

    /// <summary>The whole screen as RGBA bytes, 4 per pixel, row by row.</summary>
    public byte[] GetRgba()
    {
        var rgba = new byte[Width * Height * 4];
        CopyRgba(new DisplayRect(0, 0, Width, Height), rgba);
        return rgba;
    }

    /// <summary>Copies <paramref name="rect"/> (inside the screen) as RGBA bytes, row by row, into <paramref name="destination"/>.</summary>
    public void CopyRgba(DisplayRect rect, Span<byte> destination)
    {
        if (rect.X < 0 || rect.Y < 0 || rect.IsEmpty || rect.X + rect.Width > Width || rect.Y + rect.Height > Height)
        {
            throw new ArgumentOutOfRangeException(nameof(rect), $"{rect} is not inside the {Width}x{Height} display");
        }
        if (destination.Length < rect.Width * rect.Height * 4)
        {
            throw new ArgumentException($"{rect} needs {rect.Width * rect.Height * 4} bytes", nameof(destination));
        }
        lock (_lock)
        {
            var o = 0;
            for (var y = rect.Y; y < rect.Y + rect.Height; y++)
            {
                var row = _pixels.AsSpan(y * Width + rect.X, rect.Width);
                foreach (var argb in row)
                {
                    destination[o] = (byte)(argb >> 16);
                    destination[o + 1] = (byte)(argb >> 8);
                    destination[o + 2] = (byte)argb;
                    destination[o + 3] = 0xFF;   // the screen is opaque whatever alpha LittlevGL leaves
                    o += 4;
                }
            }
        }
    }

    /// <summary>Writes the screen as a PNG image (8-bit RGBA).</summary>
    public void WritePng(Stream stream) => PngCodec.Write(stream, Width, Height, GetRgba());

    /// <summary>The pointer is pressed at (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public void Press(int x, int y) => Enqueue(new PointerEvent(Clamp(x, Width), Clamp(y, Height), true));

    /// <summary>The pointer moved to (<paramref name="x"/>, <paramref name="y"/>), pressed or not as before.</summary>
    public void Move(int x, int y)
    {
        lock (_lock)
        {
            var pressed = _input.Count > 0 ? LastQueued().Pressed : _lastRead.Pressed;
            EnqueueLocked(new PointerEvent(Clamp(x, Width), Clamp(y, Height), pressed), mergeMove: true);
        }
    }

    /// <summary>The pointer is released at (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public void Release(int x, int y) => Enqueue(new PointerEvent(Clamp(x, Width), Clamp(y, Height), false));

    /// <summary>
    /// A press is abandoned (its viewer went away): the pointer slides off the screen and is released
    /// there, so the pressed widget sees its press lost rather than a click, as when a finger slides off a panel.
    /// </summary>
    public void CancelPress()
    {
        lock (_lock)
        {
            var pressed = _input.Count > 0 ? LastQueued().Pressed : _lastRead.Pressed;
            if (pressed)
            {
                EnqueueLocked(new PointerEvent(-1, -1, true), mergeMove: false);
                EnqueueLocked(new PointerEvent(-1, -1, false), mergeMove: false);
            }
        }
    }

    /// <summary>The next pointer state for an applet: the oldest queued event, or the last state when none waits; <paramref name="more"/> when others wait.</summary>
    internal PointerEvent ReadInput(out bool more)
    {
        lock (_lock)
        {
            if (_input.First is { } next)
            {
                _lastRead = next.Value;
                _input.RemoveFirst();
            }
            more = _input.Count > 0;
            return _lastRead;
        }
    }

    // ---- drawing, called by the natives with rectangles already checked and clipped ----

    /// <summary>Copies rows of <paramref name="source"/> (little-endian 32-bit pixels, <paramref name="stride"/> pixels a row) into <paramref name="area"/>.</summary>
    internal void Blit(DisplayRect area, ReadOnlySpan<byte> source, int stride)
    {
        lock (_lock)
        {
            for (var row = 0; row < area.Height; row++)
            {
                var from = source.Slice(row * stride * 4, area.Width * 4);
                var to = _pixels.AsSpan((area.Y + row) * Width + area.X, area.Width);
                for (var i = 0; i < to.Length; i++)
                {
                    to[i] = BinaryPrimitives.ReadUInt32LittleEndian(from[(i * 4)..]);
                }
            }
        }
        Updated(area);
    }

    /// <summary>Fills <paramref name="area"/> with one pixel value.</summary>
    internal void Fill(DisplayRect area, uint argb)
    {
        lock (_lock)
        {
            for (var row = 0; row < area.Height; row++)
            {
                _pixels.AsSpan((area.Y + row) * Width + area.X, area.Width).Fill(argb);
            }
        }
        Updated(area);
    }

    private void Updated(DisplayRect area)
    {
        Interlocked.Increment(ref _frames);
        Changed?.Invoke(area);
    }

    private void Enqueue(PointerEvent e)
    {
        lock (_lock)
        {
            EnqueueLocked(e, mergeMove: false);
        }
    }

    private void EnqueueLocked(PointerEvent e, bool mergeMove)
    {
        // a move after a move in the same state replaces it: only the latest position matters
        if (mergeMove && _lastWasMove && _input.Last is { } last && last.Value.Pressed == e.Pressed)
        {
            last.Value = e;
            return;
        }
        if (_input.Count >= _inputCapacity)
        {
            _input.RemoveFirst();
            Interlocked.Increment(ref _inputDropped);
        }
        _input.AddLast(e);
        _lastWasMove = mergeMove;
    }

    private PointerEvent LastQueued() => _input.Last!.Value;

    private static int Clamp(int value, int size) => Math.Clamp(value, 0, size - 1);

    /// <summary>A pointer state: where, and whether it is pressed.</summary>
    internal readonly record struct PointerEvent(int X, int Y, bool Pressed);
}
