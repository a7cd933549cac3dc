using System.Net;
using System.Text;
using Microsoft.Playwright;
using Microwasm.AppFramework.Applets;
using Microwasm.AppFramework.Extensions.Display;

namespace Microwasm.Display.BrowserTests;

/// <summary>
/// An application manager with a display, the LittlevGL sample installed, its web page served on
/// loopback, and a headless Debian Chromium driven by Playwright (no browser download).
/// </summary>
internal sealed class DisplayRig : IAsyncDisposable
{
    private DisplayRig(AppManager manager, DisplayServer server, Uri url, LineCollector output)
    {
        Manager = manager;
        Server = server;
        Url = url;
        Output = output;
    }

    public AppManager Manager { get; }

    public VirtualDisplay Display => Manager.Display!;

    public DisplayServer Server { get; }

    public Uri Url { get; }

    /// <summary>The applet's standard output, line by line.</summary>
    public LineCollector Output { get; }

    public IPlaywright? Playwright { get; private set; }

    public IBrowser? Browser { get; private set; }

    public static string RepositoryRoot
    {
        get
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
    }

    public static string ArtifactsDirectory
    {
        get
        {
            var dir = Path.Combine(AppContext.BaseDirectory, "artifacts");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    public static string ChromiumPath =>
        Environment.GetEnvironmentVariable("MICROWASM_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static async Task<DisplayRig> StartAsync(string? token = null, int maxViewers = 8)
    {
        var output = new LineCollector();
        var manager = new AppManager(new AppManagerOptions { Display = new DisplayOptions(), Output = _ => output });
        try
        {
            var module = await File.ReadAllBytesAsync(Path.Combine(RepositoryRoot, "samples", "littlevgl", "ui.wasm"));
            await manager.InstallAsync("ui", module);
            var server = new DisplayServer(manager.Display!, new DisplayServerOptions { Token = token, Title = "littlevgl", MaxViewers = maxViewers });
            var url = server.Start(new IPEndPoint(IPAddress.Loopback, 0));
            return new DisplayRig(manager, server, url, output);
        }
        catch
        {
            await manager.DisposeAsync();
            throw;
        }
    }

    /// <summary>A new page of a headless Chromium (started on first use) showing the display.</summary>
    public async Task<IPage> OpenPageAsync()
    {
        if (Browser is null)
        {
            if (!File.Exists(ChromiumPath))
            {
                throw new InvalidOperationException($"Chromium is not at {ChromiumPath}: apt-get install chromium (or set MICROWASM_CHROMIUM)");
            }
            // Playwright drives the system's Chromium: it must never fetch a browser of its own
            Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
            Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
            Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--font-render-hinting=none"],
            });
        }
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 900, Height = 700 } });
        await page.GotoAsync(Url.ToString());
        await page.WaitForFunctionAsync("() => window.microwasmDisplay && window.microwasmDisplay.frames > 0", null, new PageWaitForFunctionOptions { Timeout = 10_000 });
        return page;
    }

    /// <summary>Clicks display pixel (<paramref name="x"/>, <paramref name="y"/>) on the page's canvas.</summary>
    public static async Task ClickAsync(IPage page, int x, int y)
    {
        var (px, py) = await ToPageAsync(page, x, y);
        await page.Mouse.ClickAsync(px, py);
    }

    /// <summary>Page coordinates of the middle of display pixel (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public static async Task<(float X, float Y)> ToPageAsync(IPage page, int x, int y)
    {
        var box = await page.Locator("#screen").BoundingBoxAsync() ?? throw new InvalidOperationException("no canvas on the page");
        return (box.X + (x + 0.5f) * box.Width / 320, box.Y + (y + 0.5f) * box.Height / 240);
    }

    /// <summary>The canvas's pixels as RGBA, read in the page.</summary>
    public static async Task<byte[]> ReadCanvasAsync(IPage page)
    {
        var base64 = await page.EvaluateAsync<string>("""
            () => {
              const c = document.getElementById("screen");
              const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
              let s = "";
              for (let i = 0; i < d.length; i += 8192) s += String.fromCharCode.apply(null, d.subarray(i, i + 8192));
              return btoa(s);
            }
            """);
        return Convert.FromBase64String(base64);
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        Playwright?.Dispose();
        await Server.DisposeAsync();
        await Manager.DisposeAsync();
    }
}

/// <summary>A writer that keeps complete lines and lets a test wait for one.</summary>
internal sealed class LineCollector : TextWriter
{
    private readonly StringBuilder _partial = new();
    private readonly List<string> _lines = new();

    public override Encoding Encoding => Encoding.UTF8;

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public override void Write(char value)
    {
        lock (_lines)
        {
            if (value == '\n')
            {
                _lines.Add(_partial.ToString());
                _partial.Clear();
                Monitor.PulseAll(_lines);
            }
            else
            {
                _partial.Append(value);
            }
        }
    }

    /// <summary>Waits (at most <paramref name="timeout"/>, a safety net) for a line equal to <paramref name="line"/>.</summary>
    public async Task WaitForAsync(string line, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            lock (_lines)
            {
                if (_lines.Contains(line))
                {
                    return;
                }
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the applet did not print \"{line}\" within {timeout.TotalSeconds} s; it printed: {string.Join(" | ", Lines)}");
            }
            await Task.Delay(5);
        }
    }
}
