using System.Diagnostics;
using Microwasm.AppFramework.Applets;
using Microwasm.AppFramework.Extensions.Display;
using Microwasm.TestSupport;

namespace Microwasm.AppFramework.Tests.Display;

/// <summary>
/// WAMR's own LittlevGL app, unchanged: <c>samples/littlevgl/wasm-apps/src/main.c</c> with its
/// <c>lv_config/lv_conf.h</c> and LittlevGL 5.3 from ../shared, built with this project's SDK
/// (clang-14) as WAMR's <c>Makefile_wasm_app_no_wasi</c> does, draws its screen on the display and
/// counts a click.
/// </summary>
public sealed class WamrLittlevglAppTests
{
    private static readonly Lazy<byte[]> s_app = new(Build);

    private static string Wamr => Path.Combine(WamrTools.SharedDirectory, "third_party", "wamr-b9db23b", "samples", "littlevgl");

    private static string Lvgl => Path.Combine(WamrTools.SharedDirectory, "third_party", "lvgl-5.3");

    [Fact]
    public async Task WamrsAppDrawsItsScreenAndCountsAClick()
    {
        await using var manager = new AppManager(new AppManagerOptions
        {
            Display = new DisplayOptions(),
            Output = _ => TextWriter.Null,
            DefaultApplet = new AppletOptions { HeapSize = 128 * 1024 },   // its LittlevGL allocates with malloc
        });
        var display = manager.Display!;
        await manager.InstallAsync("ui_app", s_app.Value);

        // its button (LV_ALIGN_CENTER, 0, 20) in the default blue style
        await WaitUntil(() => IsBlue(display.GetRgba(), 160, 140));
        var before = BottomRows(display);
        display.Press(160, 140);
        display.Release(160, 140);

        // label_count1 (LV_ALIGN_IN_BOTTOM_MID) goes from "0" to "1"
        await WaitUntil(() => !BottomRows(display).SequenceEqual(before));
        Assert.Equal(AppletState.Running, manager.Query("ui_app")!.State);
        Assert.True(display.UpdateCount > 1);
    }

    private static bool IsBlue(byte[] rgba, int x, int y)
    {
        var i = (y * 320 + x) * 4;
        return rgba[i + 2] > rgba[i] + 40;
    }

    private static byte[] BottomRows(VirtualDisplay display) => display.GetRgba()[(200 * 320 * 4)..];

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = Stopwatch.GetTimestamp() + 10 * Stopwatch.Frequency;   // a safety net
        while (!condition())
        {
            Assert.True(Stopwatch.GetTimestamp() < deadline, "the display did not show it within 10 s");
            await Task.Delay(10);
        }
    }

    private static byte[] Build()
    {
        var directory = Directory.CreateTempSubdirectory("microwasm-wamr-lvgl-").FullName;
        try
        {
            // main.c includes "lvgl/lvgl.h", as in WAMR's build tree
            Directory.CreateSymbolicLink(Path.Combine(directory, "lvgl"), Lvgl);
            var undefined = Path.Combine(directory, "undefined.txt");
            File.WriteAllLines(undefined, File.ReadAllLines(Path.Combine(WamrTools.RepositoryRoot, "app-sdk", "defined-symbols.txt"))
                .Concat(["display_flush", "display_fill", "display_map", "display_input_read", "display_vdb_write", "time_get_ms"]));
            var output = Path.Combine(directory, "ui_app.wasm");
            var start = new ProcessStartInfo(Path.Combine(WamrTools.RepositoryRoot, "app-sdk", "build-applet.sh"))
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            start.ArgumentList.Add(Path.Combine(Wamr, "wasm-apps", "src", "main.c"));
            foreach (var folder in new[] { "lv_core", "lv_draw", "lv_hal", "lv_misc", "lv_objx", "lv_themes", "lv_fonts" })
            {
                foreach (var source in Directory.GetFiles(Path.Combine(Lvgl, folder), "*.c").Order(StringComparer.Ordinal))
                {
                    start.ArgumentList.Add(source);
                }
            }
            foreach (var argument in new[]
            {
                "-o", output, "-DLV_CONF_INCLUDE_SIMPLE", "-I", Path.Combine(Wamr, "lv_config"), "-I", Path.Combine(Wamr, "wasm-apps", "src"),
                "-I", directory, "-I", Lvgl, "-w", "-z", "stack-size=2048", "-Wl,--initial-memory=131072", "-Wl,--allow-undefined-file=" + undefined,
            })
            {
                start.ArgumentList.Add(argument);
            }
            using var process = Process.Start(start)!;
            var errors = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException("building WAMR's LittlevGL app failed:\n" + errors.Result);
            }
            return File.ReadAllBytes(output);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
