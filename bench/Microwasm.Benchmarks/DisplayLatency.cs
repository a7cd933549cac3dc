using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.Playwright;
using Microwasm.AppFramework.Applets;
using Microwasm.AppFramework.Extensions.Display;
using Microwasm.AppFramework.Messaging;

namespace Microwasm.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/Microwasm.Benchmarks -- display [CLICKS]</c>: the display's
/// web page in headless Debian Chromium (<c>/usr/bin/chromium</c> or <c>$MICROWASM_CHROMIUM</c>) on loopback.
/// <list type="bullet">
/// <item>frame latency: an applet flushes a full 320×240 frame every 100 ms; from the flush to the
/// page's acknowledgement that it drew the frame (after <c>putImageData</c>);</item>
/// <item>frames/s: the same applet flushing every 1 ms; full-screen frames the page drew per second
/// (the server merges what the page cannot keep up with);</item>
/// <item>click latency: the LittlevGL sample; from Playwright's mouse-up on the button to the
/// applet's handler printing its line (CLICKS clicks, default 30).</item>
/// </list>
/// </summary>
internal static class DisplayLatency
{
    public static async Task RunAsync(int clicks)
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var chromium = Environment.GetEnvironmentVariable("MICROWASM_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu"],
        });
        await FramesAsync(browser);
        await ClicksAsync(browser, clicks);
    }

    private static async Task FramesAsync(IBrowser browser)
    {
        await using var manager = new AppManager(new AppManagerOptions { Display = new DisplayOptions(), Output = _ => TextWriter.Null });
        await manager.InstallAsync("painter", await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "wasm", "display-painter.wasm")));
        await using var server = new DisplayServer(manager.Display!);
        var url = server.Start(new IPEndPoint(IPAddress.Loopback, 0));
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 900, Height = 700 } });
        await page.GotoAsync(url.ToString());
        await page.WaitForFunctionAsync("() => window.microwasmDisplay && window.microwasmDisplay.frames > 3");

        server.FrameLatency.Clear();
        await Task.Delay(TimeSpan.FromSeconds(6));
        var latency = server.FrameLatency;
        Console.WriteLine($"display frame, applet flush → drawn on the page (full 320x240 frame every 100 ms, {latency.Count} frames): " +
            $"median {latency.Percentile(50):F1} ms, p95 {latency.Percentile(95):F1} ms, max {latency.Percentile(100):F1} ms");

        await SetRateAsync(manager, 1);
        await Task.Delay(1000);
        var drawn = server.FramesAcknowledged;
        var flushed = manager.Display!.UpdateCount;
        server.FrameLatency.Clear();
        var start = Stopwatch.GetTimestamp();
        await Task.Delay(TimeSpan.FromSeconds(5));
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        Console.WriteLine($"display full-screen frames drawn by the page: {(server.FramesAcknowledged - drawn) / seconds:F1} frames/s " +
            $"(the applet flushed {(manager.Display.UpdateCount - flushed) / seconds:F0}/s; latency under that load: median {server.FrameLatency.Percentile(50):F1} ms, p95 {server.FrameLatency.Percentile(95):F1} ms)");
        await page.CloseAsync();
    }

    private static async Task SetRateAsync(AppManager manager, int milliseconds)
    {
        var payload = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(payload, milliseconds);
        var response = await manager.SendRequestAsync(new Request(RequestMethod.Post, "/app/painter/rate", payload, PayloadFormat.RawBinary));
        if (response.Status != ResponseStatus.Changed)
        {
            throw new InvalidOperationException($"the painter answered {response.Status}");
        }
    }

    private static async Task ClicksAsync(IBrowser browser, int clicks)
    {
        var output = new TimedLines();
        await using var manager = new AppManager(new AppManagerOptions { Display = new DisplayOptions(), Output = _ => output });
        var ui = Path.Combine(RepositoryRoot(), "samples", "littlevgl", "ui.wasm");
        await manager.InstallAsync("ui", await File.ReadAllBytesAsync(ui));
        await using var server = new DisplayServer(manager.Display!);
        var url = server.Start(new IPEndPoint(IPAddress.Loopback, 0));
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 900, Height = 700 } });
        await page.GotoAsync(url.ToString());
        await page.WaitForFunctionAsync("() => window.microwasmDisplay && window.microwasmDisplay.frames > 0");
        var box = (await page.Locator("#screen").BoundingBoxAsync())!;
        float x = box.X + box.Width / 2, y = box.Y + box.Height / 2;
        var times = new List<double>();
        for (var i = 1; i <= clicks; i++)
        {
            await page.Mouse.MoveAsync(x, y);
            await page.Mouse.DownAsync();
            await Task.Delay(30);
            var start = Stopwatch.GetTimestamp();
            await page.Mouse.UpAsync();
            var printed = await output.WaitForAsync($"clicked: {i}", TimeSpan.FromSeconds(10));
            times.Add(Stopwatch.GetElapsedTime(start, printed).TotalMilliseconds);
            await Task.Delay(50);
        }
        times.Sort();
        Console.WriteLine($"display input, mouse-up in the page → the applet's click handler ({times.Count} clicks): " +
            $"median {times[times.Count / 2]:F1} ms, p95 {times[(int)Math.Ceiling(times.Count * 0.95) - 1]:F1} ms, max {times[^1]:F1} ms");
        Console.WriteLine($"display frame latency over the clicks (partial updates of the LittlevGL sample, {server.FrameLatency.Count} frames): " +
            $"median {server.FrameLatency.Percentile(50):F1} ms, p95 {server.FrameLatency.Percentile(95):F1} ms");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Microwasm.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("the repository root (Microwasm.slnx) is not above " + AppContext.BaseDirectory);
    }

    /// <summary>An applet's output, each line with the Stopwatch timestamp at which its end arrived.</summary>
    private sealed class TimedLines : TextWriter
    {
        private readonly StringBuilder _partial = new();
        private readonly Dictionary<string, long> _lines = new();

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            var now = Stopwatch.GetTimestamp();
            lock (_lines)
            {
                if (value == '\n')
                {
                    _lines.TryAdd(_partial.ToString(), now);
                    _partial.Clear();
                }
                else
                {
                    _partial.Append(value);
                }
            }
        }

        public async Task<long> WaitForAsync(string line, TimeSpan timeout)
        {
            var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
            while (true)
            {
                lock (_lines)
                {
                    if (_lines.TryGetValue(line, out var at))
                    {
                        return at;
                    }
                }
                if (Stopwatch.GetTimestamp() > deadline)
                {
                    throw new TimeoutException($"no \"{line}\" from the applet");
                }
                await Task.Delay(1);
            }
        }
    }
}
