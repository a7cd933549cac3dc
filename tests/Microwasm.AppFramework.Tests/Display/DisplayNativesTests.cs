using System.Buffers.Binary;
using Microwasm.AppFramework.Applets;
using Microwasm.AppFramework.Extensions.Display;
using Microwasm.AppFramework.Messaging;
using Microwasm.TestSupport;

namespace Microwasm.AppFramework.Tests.Display;

/// <summary>
/// WAMR's LittlevGL natives over the framebuffer: what good calls draw, and that bad rectangles,
/// pointers and sizes are a trap for the applet that passed them while the screen and other
/// applets are untouched.
/// </summary>
public sealed class DisplayNativesTests
{
    // On each request the applet calls one native with the five i32 of the payload after an op code:
    // 1 display_flush(a, b, c, d, e), 2 display_fill, 3 display_map, 4 display_vdb_write(a, b, c, d, e, 255),
    // 5 display_input_read(a), answering with its result; 6 copies memory[a..a+16) into the answer's payload.
    // A negative pointer counts back from the end of memory (which holds the app heap too).
    // Memory: four pixels 0xFF112233, 0xFF445566, 0xFF778899, 0xFFAABBCC at 1024.
    private static readonly byte[] s_drawer = Wat.ToWasm("""
        (module
          (import "env" "wasm_response_send" (func $respond (param i32 i32) (result i32)))
          (import "env" "display_flush" (func $flush (param i32 i32 i32 i32 i32)))
          (import "env" "display_fill" (func $fill (param i32 i32 i32 i32 i32)))
          (import "env" "display_map" (func $map (param i32 i32 i32 i32 i32)))
          (import "env" "display_vdb_write" (func $vdb (param i32 i32 i32 i32 i32 i32)))
          (import "env" "display_input_read" (func $input (param i32) (result i32)))
          (import "env" "time_get_ms" (func $time (result i32)))
          (memory (export "memory") 1)
          (data (i32.const 32) "\01\45\00\00\00\00\00\00\00\00\00\00\00\00\00\10")
          (data (i32.const 1024) "\33\22\11\ff\66\55\44\ff\99\88\77\ff\cc\bb\aa\ff")
          (func (export "on_init") (drop (call $time)))
          (func $addr (param $v i32) (result i32)
            (if (result i32) (i32.lt_s (local.get $v) (i32.const 0))
              (then (i32.add (i32.mul (memory.size) (i32.const 65536)) (local.get $v)))
              (else (local.get $v))))
          (func (export "on_request") (param $buf i32) (param $len i32)
            (local $p i32) (local $op i32) (local $a i32) (local $b i32) (local $c i32) (local $d i32) (local $e i32) (local $r i32)
            (local.set $p (i32.add (i32.add (local.get $buf) (i32.const 18))
              (i32.or (i32.shl (i32.load8_u (i32.add (local.get $buf) (i32.const 12))) (i32.const 8))
                      (i32.load8_u (i32.add (local.get $buf) (i32.const 13))))))
            (local.set $op (i32.load (local.get $p)))
            (local.set $a (i32.load offset=4 (local.get $p)))
            (local.set $b (i32.load offset=8 (local.get $p)))
            (local.set $c (i32.load offset=12 (local.get $p)))
            (local.set $d (i32.load offset=16 (local.get $p)))
            (local.set $e (i32.load offset=20 (local.get $p)))
            (if (i32.ne (local.get $op) (i32.const 4)) (then (local.set $e (call $addr (local.get $e)))))
            (if (i32.ge_u (local.get $op) (i32.const 4)) (then (local.set $a (call $addr (local.get $a)))))
            (i32.store (i32.const 36) (i32.load (i32.add (local.get $buf) (i32.const 4))))
            (i32.store (i32.const 40) (i32.load (i32.add (local.get $buf) (i32.const 8))))
            (if (i32.eq (local.get $op) (i32.const 1)) (then (call $flush (local.get $a) (local.get $b) (local.get $c) (local.get $d) (local.get $e))))
            (if (i32.eq (local.get $op) (i32.const 2)) (then (call $fill (local.get $a) (local.get $b) (local.get $c) (local.get $d) (local.get $e))))
            (if (i32.eq (local.get $op) (i32.const 3)) (then (call $map (local.get $a) (local.get $b) (local.get $c) (local.get $d) (local.get $e))))
            (if (i32.eq (local.get $op) (i32.const 4)) (then (call $vdb (local.get $a) (local.get $b) (local.get $c) (local.get $d) (local.get $e) (i32.const 255))))
            (if (i32.eq (local.get $op) (i32.const 5)) (then (local.set $r (call $input (local.get $a)))))
            (i32.store (i32.const 48) (local.get $r))
            (i32.store (i32.const 52) (i32.const 0))
            (i32.store (i32.const 56) (i32.const 0))
            (i32.store (i32.const 60) (i32.const 0))
            (if (i32.eq (local.get $op) (i32.const 6)) (then (memory.copy (i32.const 48) (local.get $a) (i32.const 16))))
            (drop (call $respond (i32.const 32) (i32.const 32)))))
        """);

    private static AppManager NewManager(int width = 320, int height = 240) =>
        new(new AppManagerOptions { Display = new DisplayOptions { Width = width, Height = height }, Output = _ => TextWriter.Null });

    private static async Task<Response> Call(AppManager manager, string applet, params int[] args)
    {
        var payload = new byte[24];
        for (var i = 0; i < args.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(i * 4), args[i]);
        }
        return await manager.SendRequestAsync(new Request(RequestMethod.Post, $"/app/{applet}/draw", payload, PayloadFormat.RawBinary));
    }

    private static uint Pixel(VirtualDisplay display, int x, int y)
    {
        var rgba = display.GetRgba();
        var i = (y * display.Width + x) * 4;
        return 0xFF000000u | (uint)rgba[i] << 16 | (uint)rgba[i + 1] << 8 | rgba[i + 2];
    }

    [Fact]
    public async Task FlushCopiesRowsOfPixelsToTheScreen()
    {
        await using var manager = NewManager();
        await manager.InstallAsync("d", s_drawer);

        var response = await Call(manager, "d", 1, 10, 20, 11, 21, 1024);

        Assert.Equal(ResponseStatus.Content, response.Status);
        var display = manager.Display!;
        Assert.Equal(0xFF112233u, Pixel(display, 10, 20));
        Assert.Equal(0xFF445566u, Pixel(display, 11, 20));
        Assert.Equal(0xFF778899u, Pixel(display, 10, 21));
        Assert.Equal(0xFFAABBCCu, Pixel(display, 11, 21));
        Assert.Equal(0xFF000000u, Pixel(display, 12, 20));
        Assert.Equal(1, display.UpdateCount);
    }

    [Fact]
    public async Task FillAndMapArePartlyOffTheScreenAreClipped()
    {
        await using var manager = NewManager(width: 16, height: 8);
        await manager.InstallAsync("d", s_drawer);

        Assert.Equal(ResponseStatus.Content, (await Call(manager, "d", 2, -5, -5, 2, 1, 1024 + 12)).Status);
        Assert.Equal(ResponseStatus.Content, (await Call(manager, "d", 3, 15, 7, 16, 8, 1024)).Status);

        var display = manager.Display!;
        Assert.Equal(0xFFAABBCCu, Pixel(display, 0, 0));
        Assert.Equal(0xFFAABBCCu, Pixel(display, 2, 1));
        Assert.Equal(0xFF000000u, Pixel(display, 3, 1));
        Assert.Equal(0xFF000000u, Pixel(display, 0, 2));
        Assert.Equal(0xFF112233u, Pixel(display, 15, 7));   // only the first pixel of the 2x2 map is on the screen
    }

    [Fact]
    public async Task VdbWriteSetsOnePixelOfTheAppletsOwnBuffer()
    {
        await using var manager = NewManager();
        await manager.InstallAsync("d", s_drawer);

        // pixel (1, 1) of a buffer 3 pixels wide at 2048: offset (1 * 3 + 1) * 4 = 16
        Assert.Equal(ResponseStatus.Content, (await Call(manager, "d", 4, 2048, 3, 1, 1, 1024 + 4)).Status);
        var memory = await Call(manager, "d", 6, 2048 + 16);

        Assert.Equal(new byte[] { 0x66, 0x55, 0x44, 0xFF }, memory.Payload[..4].ToArray());
        Assert.Equal(0, manager.Display!.UpdateCount);   // the screen changes only with the next flush
    }

    [Fact]
    public async Task InputReadGivesQueuedEventsInOrderThenTheLastState()
    {
        await using var manager = NewManager();
        await manager.InstallAsync("d", s_drawer);
        var display = manager.Display!;
        display.Press(100, 50);
        display.Move(101, 51);
        display.Move(102, 52);   // merged with the move before
        display.Release(103, 53);

        async Task<(int More, short X, short Y, byte State)> Read()
        {
            var more = BinaryPrimitives.ReadInt32LittleEndian((await Call(manager, "d", 5, 4096)).Payload.Span);
            var data = (await Call(manager, "d", 6, 4096)).Payload.ToArray();
            return (more, BinaryPrimitives.ReadInt16LittleEndian(data), BinaryPrimitives.ReadInt16LittleEndian(data.AsSpan(2)), data[8]);
        }

        Assert.Equal((1, (short)100, (short)50, (byte)1), await Read());
        Assert.Equal((1, (short)102, (short)52, (byte)1), await Read());
        Assert.Equal((0, (short)103, (short)53, (byte)0), await Read());
        Assert.Equal((0, (short)103, (short)53, (byte)0), await Read());
        Assert.Equal(0, display.InputDropped);
    }

    [Fact]
    public void CancelPressSlidesThePointerOffTheScreenBeforeReleasing()
    {
        var display = new VirtualDisplay();
        display.Press(10, 10);
        display.CancelPress();

        Assert.Equal(new VirtualDisplay.PointerEvent(10, 10, true), display.ReadInput(out _));
        Assert.Equal(new VirtualDisplay.PointerEvent(-1, -1, true), display.ReadInput(out _));
        Assert.Equal(new VirtualDisplay.PointerEvent(-1, -1, false), display.ReadInput(out var more));
        Assert.False(more);
        display.CancelPress();   // nothing pressed: nothing queued
        Assert.Equal(0, display.PendingInput);
    }

    [Fact]
    public void AFullInputQueueDropsTheOldestEvents()
    {
        var display = new VirtualDisplay(new DisplayOptions { InputQueueCapacity = 4 });
        for (var i = 0; i < 10; i++)
        {
            display.Press(i, 0);
        }

        Assert.Equal(6, display.InputDropped);
        Assert.Equal(6, display.ReadInput(out _).X);
    }

    [Theory]
    [InlineData(new[] { 1, 10, 10, 5, 5, 1024 }, "display_flush: (10, 10)-(5, 5) is not a rectangle")]
    [InlineData(new[] { 1, 0, 0, 5000, 0, 1024 }, "display_flush: (0, 0)-(5000, 0) is not a rectangle")]
    [InlineData(new[] { 1, 320, 0, 330, 0, 1024 }, "lies outside the 320x240 display")]
    [InlineData(new[] { 1, -20, -20, -1, -1, 1024 }, "lies outside the 320x240 display")]
    [InlineData(new[] { 1, 0, 0, 319, 239, 1024 }, "display_flush: 320x240 pixels (307200 bytes) do not fit in memory")]
    [InlineData(new[] { 1, 0, 0, 0, 0, -1 }, "display_flush: 1x1 pixels (4 bytes) do not fit in memory")]
    [InlineData(new[] { 3, 0, 0, 1, 1, -4 }, "display_map: 2x2 pixels (16 bytes) do not fit in memory")]
    [InlineData(new[] { 1, 0, 0, 0, 0, 0x7FFFFFF0 }, "out of bounds")]
    [InlineData(new[] { 2, 0, 0, 1, 1, -2 }, "display_fill: the color does not fit in memory")]
    [InlineData(new[] { 4, 2048, 0, 0, 0, 1024 }, "display_vdb_write: pixel (0, 0) is not in a buffer 0 pixels wide")]
    [InlineData(new[] { 4, 2048, 3, 3, 0, 1024 }, "display_vdb_write: pixel (3, 0) is not in a buffer 3 pixels wide")]
    [InlineData(new[] { 4, 2048, 100, 0, 1000, 1024 }, "is past the end of memory")]
    [InlineData(new[] { 4, 2048, 1, 0, -1, 1024 }, "display_vdb_write: pixel (0, -1)")]
    [InlineData(new[] { 4, -3, 1, 0, 0, 1024 }, "display_vdb_write: pixel (0, 0) of a buffer 1 pixels wide is past the end of memory")]
    [InlineData(new[] { 5, -6, 0, 0, 0, 0 }, "display_input_read: the 12-byte lv_indev_data_t does not fit in memory")]
    public async Task BadRectanglesPointersAndSizesTrapTheAppletOnly(int[] call, string error)
    {
        await using var manager = NewManager();
        await manager.InstallAsync("bad", s_drawer);
        await manager.InstallAsync("good", s_drawer);
        var before = manager.Display!.GetRgba();

        var response = await Call(manager, "bad", call);

        Assert.Equal(ResponseStatus.InternalServerError, response.Status);
        Assert.Contains(error, System.Text.Encoding.UTF8.GetString(response.Payload.Span));
        Assert.Equal(AppletState.Faulted, manager.Query("bad")!.State);
        Assert.Equal(before, manager.Display.GetRgba());
        Assert.Equal(0, manager.Display.UpdateCount);
        Assert.Equal(ResponseStatus.Content, (await Call(manager, "good", 1, 0, 0, 1, 1, 1024)).Status);
        Assert.Equal(0xFFAABBCCu, Pixel(manager.Display, 1, 1));
    }

    [Fact]
    public async Task WithoutADisplayTheNativesAreMissing()
    {
        await using var manager = new AppManager(new AppManagerOptions { Output = _ => TextWriter.Null });

        var error = await Assert.ThrowsAsync<AppletInstallException>(() => manager.InstallAsync("d", s_drawer));

        Assert.Contains("display_flush", error.Message);
        Assert.Null(manager.Display);
    }

    [Fact]
    public void PngSnapshotsRoundTrip()
    {
        var display = new VirtualDisplay(new DisplayOptions { Width = 3, Height = 2 });
        display.Fill(new DisplayRect(1, 0, 2, 1), 0xFF102030);
        using var png = new MemoryStream();
        display.WritePng(png);

        var (width, height, rgba) = PngCodec.Read(png.ToArray());

        Assert.Equal((3, 2), (width, height));
        Assert.Equal(display.GetRgba(), rgba);
        Assert.Equal(new byte[] { 0x10, 0x20, 0x30, 0xFF }, rgba[4..8]);
        Assert.Throws<InvalidDataException>(() => PngCodec.Read(png.ToArray()[..20]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new VirtualDisplay(new DisplayOptions { Width = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new VirtualDisplay(new DisplayOptions { Height = DisplayOptions.MaxSize + 1 }));
    }
}
