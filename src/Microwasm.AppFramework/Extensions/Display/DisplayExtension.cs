using System.Buffers.Binary;
using Microwasm.AppFramework.Applets;
using Microwasm.AppFramework.Timers;
using Microwasm.Host;

namespace Microwasm.AppFramework.Extensions.Display;

/// <summary>
/// WAMR's LittlevGL natives (<c>samples/littlevgl/vgl-wasm-runtime/src/platform/linux/iwasm_main.c</c>:
/// names and signature strings as registered there) over a <see cref="VirtualDisplay"/>. Pixels are
/// LittlevGL's 32-bit <c>lv_color_t</c> (the sample's <c>LV_COLOR_DEPTH</c> 32), rectangles are
/// inclusive corners (x1, y1)-(x2, y2) as LittlevGL passes them.
/// </summary>
/// <remarks>
/// Every address, rectangle and size is checked before a pixel moves. WAMR's sample checks one
/// pixel of a flush and none of a fill, map or buffer write; here a rectangle that is inverted,
/// larger than <see cref="DisplayOptions.MaxSize"/> or wholly off the screen, or pixel data that
/// does not lie inside the applet's memory, is a trap for the calling applet (its fault policy
/// decides what follows) and the screen is left as it was. A rectangle partly off the screen is
/// clipped, as WAMR's fill and map do, so an applet built for a larger screen still runs.
/// </remarks>
internal sealed class DisplayExtension : IAppletExtension
{
    /// <summary>Bytes of LittlevGL 5.3's <c>lv_indev_data_t</c> on wasm32: point (2 × i16), user_data (i32), state (u8), padding.</summary>
    internal const int InputDataSize = 12;

    private readonly VirtualDisplay _display;

    public DisplayExtension(VirtualDisplay display)
    {
        _display = display;
        Natives =
        [
            NativeSymbol.Create("display_input_read", (Caller caller, Span<byte> data) => ReadInput(caller, data), "(*)i"),
            NativeSymbol.Create("display_flush", (Caller caller, int x1, int y1, int x2, int y2, Span<byte> colors) =>
                Blit(caller, "display_flush", x1, y1, x2, y2, colors), "(iiii*)"),
            NativeSymbol.Create("display_map", (Caller caller, int x1, int y1, int x2, int y2, Span<byte> colors) =>
                Blit(caller, "display_map", x1, y1, x2, y2, colors), "(iiii*)"),
            NativeSymbol.Create("display_fill", (Caller caller, int x1, int y1, int x2, int y2, Span<byte> color) =>
                Fill(caller, x1, y1, x2, y2, color), "(iiii*)"),
            NativeSymbol.Create("display_vdb_write", (Caller caller, Span<byte> buffer, int bufferWidth, int x, int y, Span<byte> color, int opa) =>
                WriteBufferPixel(caller, buffer, bufferWidth, x, y, color, opa), "(*iii*i)"),
            NativeSymbol.Create("time_get_ms", () => (uint)TimerService.NowMilliseconds, "()i"),
        ];
    }

    public IReadOnlyList<NativeSymbol> Natives { get; }

    public VirtualDisplay Display => _display;

    public void OnAppletReleased(Applet applet)
    {
        // the screen is shared like a device's LCD: what an applet drew stays until another draws over it
    }

    private int ReadInput(Caller caller, Span<byte> data)
    {
        if (data.Length < InputDataSize)
        {
            throw caller.Trap($"display_input_read: the {InputDataSize}-byte lv_indev_data_t does not fit in memory");
        }
        var state = _display.ReadInput(out var more);
        BinaryPrimitives.WriteInt16LittleEndian(data, (short)state.X);
        BinaryPrimitives.WriteInt16LittleEndian(data[2..], (short)state.Y);
        // data[4..8] is user_data, which LittlevGL filled in from its driver: left as it is
        data[8] = state.Pressed ? (byte)1 : (byte)0;   // LV_INDEV_STATE_PR : LV_INDEV_STATE_REL
        return more ? 1 : 0;
    }

    private void Blit(Caller caller, string name, int x1, int y1, int x2, int y2, Span<byte> colors)
    {
        var area = Check(caller, name, x1, y1, x2, y2);
        long width = (long)x2 - x1 + 1, height = (long)y2 - y1 + 1;
        if (width * height * 4 > colors.Length)
        {
            throw caller.Trap($"{name}: {width}x{height} pixels ({width * height * 4} bytes) do not fit in memory from the color pointer");
        }
        if (area.IsEmpty)
        {
            return;
        }
        // the source keeps the unclipped rectangle's rows: skip to the first visible pixel
        var offset = (int)(((area.Y - y1) * width + (area.X - x1)) * 4);
        _display.Blit(area, colors[offset..], (int)width);
    }

    private void Fill(Caller caller, int x1, int y1, int x2, int y2, Span<byte> color)
    {
        var area = Check(caller, "display_fill", x1, y1, x2, y2);
        if (color.Length < 4)
        {
            throw caller.Trap("display_fill: the color does not fit in memory");
        }
        if (!area.IsEmpty)
        {
            _display.Fill(area, BinaryPrimitives.ReadUInt32LittleEndian(color));
        }
    }

    /// <summary>
    /// LittlevGL's <c>vdb_wr</c>: blends one pixel into the applet's own drawing buffer (not the
    /// screen; the buffer reaches the screen with the next flush). WAMR ignores the opacity; here it
    /// mixes as <c>lv_color_mix</c> does.
    /// </summary>
    private static void WriteBufferPixel(Caller caller, Span<byte> buffer, int bufferWidth, int x, int y, Span<byte> color, int opa)
    {
        if (bufferWidth <= 0 || x < 0 || x >= bufferWidth || y < 0)
        {
            throw caller.Trap($"display_vdb_write: pixel ({x}, {y}) is not in a buffer {bufferWidth} pixels wide");
        }
        var offset = ((long)y * bufferWidth + x) * 4;
        if (offset + 4 > buffer.Length)
        {
            throw caller.Trap($"display_vdb_write: pixel ({x}, {y}) of a buffer {bufferWidth} pixels wide is past the end of memory");
        }
        if (color.Length < 4)
        {
            throw caller.Trap("display_vdb_write: the color does not fit in memory");
        }
        var target = buffer.Slice((int)offset, 4);
        var mix = Math.Clamp(opa, 0, 255);
        if (mix >= 255)
        {
            color[..4].CopyTo(target);
            return;
        }
        for (var i = 0; i < 3; i++)
        {
            target[i] = (byte)((color[i] * mix + target[i] * (255 - mix)) >> 8);
        }
    }

    /// <summary>Checks a rectangle and clips it to the screen; traps on an inverted, oversized or wholly off-screen one.</summary>
    private DisplayRect Check(Caller caller, string name, int x1, int y1, int x2, int y2)
    {
        if (x1 > x2 || y1 > y2 || (long)x2 - x1 >= DisplayOptions.MaxSize || (long)y2 - y1 >= DisplayOptions.MaxSize)
        {
            throw caller.Trap($"{name}: ({x1}, {y1})-({x2}, {y2}) is not a rectangle of at most {DisplayOptions.MaxSize}x{DisplayOptions.MaxSize} pixels");
        }
        if (x2 < 0 || y2 < 0 || x1 >= _display.Width || y1 >= _display.Height)
        {
            throw caller.Trap($"{name}: ({x1}, {y1})-({x2}, {y2}) lies outside the {_display.Width}x{_display.Height} display");
        }
        int cx1 = Math.Max(x1, 0), cy1 = Math.Max(y1, 0), cx2 = Math.Min(x2, _display.Width - 1), cy2 = Math.Min(y2, _display.Height - 1);
        return new DisplayRect(cx1, cy1, cx2 - cx1 + 1, cy2 - cy1 + 1);
    }
}
