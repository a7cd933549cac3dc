using System.Net;
using System.Net.WebSockets;
using System.Text;
using Microsoft.Playwright;
using Microwasm.AppFramework.Applets;
using Microwasm.AppFramework.Extensions.Display;

namespace Microwasm.Display.BrowserTests;

/// <summary>
/// The LittlevGL sample on the display's web page in headless Chromium: clicks reach the applet,
/// its drawing reaches the canvas, and nothing a browser does (leaving, coming back, sending
/// garbage) changes the applet. Screenshots go to the test output's <c>artifacts/</c>.
/// </summary>
public sealed class BrowserDisplayTests
{
    private const int Width = 320, Height = 240;
    private const int ButtonX = 160, ButtonY = 120;   // the middle of the sample's button
    private const int TopBar = 40;                    // rows above: "Hello world!" and the uptime, which changes every second
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);   // a safety net, not a measurement

    [Fact]
    public async Task ThreeClicksOnTheButtonShowThreeOnTheCanvasAndInTheAppletsOutput()
    {
        await using var rig = await DisplayRig.StartAsync();
        var page = await rig.OpenPageAsync();
        await rig.Output.WaitForAsync("littlevgl: ready (320x240)", s_wait);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifact("page-initial.png") });
        // MICROWASM_UPDATE_REFERENCE=1 writes a new reference/three-clicks.png (look at it before committing it)
        var update = Environment.GetEnvironmentVariable("MICROWASM_UPDATE_REFERENCE") == "1";
        var reference = update ? null : LoadReference("three-clicks.png");
        var before = await DisplayRig.ReadCanvasAsync(page);
        if (reference is not null)
        {
            Assert.True(DifferentPixels(before, reference) > 50, "the reference must differ from the first frame (it shows 3, not 0)");
        }

        for (var click = 1; click <= 3; click++)
        {
            await DisplayRig.ClickAsync(page, ButtonX, ButtonY);
            await rig.Output.WaitForAsync($"clicked: {click}", s_wait);
        }

        if (reference is null)
        {
            await WaitForCanvasAsync(page, pixels => DifferentPixels(pixels, rig.Display.GetRgba()) == 0);
            WritePng(Path.Combine(DisplayRig.RepositoryRoot, "tests", "Microwasm.Display.BrowserTests", "reference", "three-clicks.png"), rig.Display.GetRgba());
            reference = LoadReferenceFrom(Path.Combine(DisplayRig.RepositoryRoot, "tests", "Microwasm.Display.BrowserTests", "reference", "three-clicks.png"));
        }
        var canvas = await WaitForCanvasAsync(page, pixels => DifferentPixels(pixels, reference) <= Tolerance);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifact("page-three-clicks.png") });
        await page.Locator("#screen").ScreenshotAsync(new LocatorScreenshotOptions { Path = Artifact("canvas-three-clicks.png") });
        WritePng(Artifact("canvas-pixels-three-clicks.png"), canvas);
        using (var file = File.Create(Artifact("framebuffer-three-clicks.png")))
        {
            rig.Display.WritePng(file);
        }
        Assert.True(DifferentPixels(canvas, reference) <= Tolerance, $"{DifferentPixels(canvas, reference)} pixels differ from reference/three-clicks.png");
        Assert.Equal(["clicked: 1", "clicked: 2", "clicked: 3"], rig.Output.Lines.Where(l => l.StartsWith("clicked:", StringComparison.Ordinal)));
        Assert.Equal("live", await page.EvaluateAsync<string>("() => window.microwasmDisplay.state"));
    }

    [Fact]
    public async Task LeavingComingBackAndGarbageChangeNothingForTheApplet()
    {
        await using var rig = await DisplayRig.StartAsync();
        var page = await rig.OpenPageAsync();
        await DisplayRig.ClickAsync(page, ButtonX, ButtonY);
        await rig.Output.WaitForAsync("clicked: 1", s_wait);

        // a page that goes away in the middle of a press: the press is lost, not a click
        var (px, py) = await DisplayRig.ToPageAsync(page, ButtonX, ButtonY);
        await page.Mouse.MoveAsync(px, py);
        var released = rig.Display.GetRgba();
        await page.Mouse.DownAsync();
        // the applet has the press when it draws the button pressed (a darker style)
        await WaitUntilAsync(() => !SamePixel(rig.Display.GetRgba(), released, ButtonX, ButtonY - 20));
        await page.CloseAsync();
        await WaitUntilAsync(() => rig.Server.ViewerCount == 0);

        // garbage on the WebSocket: not understood, ignored; a message too big closes that socket only
        var rejectedBefore = rig.Server.InputRejected;
        using (var socket = new ClientWebSocket())
        {
            await socket.ConnectAsync(new Uri($"ws://{rig.Url.Authority}/ws"), CancellationToken.None);
            foreach (var garbage in new[] { "down", "up 1", "click 160 120", "down x y", "ack -1", "ack 99999", "\u00e9\u00e9\u00e9", "move 1 2 3" })
            {
                await socket.SendAsync(Encoding.UTF8.GetBytes(garbage), WebSocketMessageType.Text, true, CancellationToken.None);
            }
            await socket.SendAsync(new byte[] { 0xFF, 0xFE, 0x00, 0x80 }, WebSocketMessageType.Binary, true, CancellationToken.None);
            await socket.SendAsync(new byte[4096], WebSocketMessageType.Text, true, CancellationToken.None);
            var buffer = new byte[400_000];
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(s_wait);
            }
            while (result.MessageType != WebSocketMessageType.Close);
            Assert.Equal(WebSocketCloseStatus.MessageTooBig, result.CloseStatus);
        }
        using (var socket = new ClientWebSocket())
        {
            // text that is not UTF-8 breaks the WebSocket protocol: that connection ends (1007 or a reset)
            await socket.ConnectAsync(new Uri($"ws://{rig.Url.Authority}/ws"), CancellationToken.None);
            await socket.SendAsync(new byte[] { 0xC3, 0x28 }, WebSocketMessageType.Text, true, CancellationToken.None);
            var buffer = new byte[400_000];
            try
            {
                while ((await socket.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(s_wait)).MessageType != WebSocketMessageType.Close)
                {
                }
                Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, socket.CloseStatus);
            }
            catch (WebSocketException)
            {
                // reset before the close frame was read: ended all the same
            }
        }
        await WaitUntilAsync(() => rig.Server.ViewerCount == 0);
        Assert.True(rig.Server.InputRejected - rejectedBefore >= 10, $"{rig.Server.InputRejected - rejectedBefore} messages rejected");

        // a new page: the current screen at once, and the next click is the second
        var again = await rig.OpenPageAsync();
        await DisplayRig.ClickAsync(again, ButtonX, ButtonY);
        await rig.Output.WaitForAsync("clicked: 2", s_wait);
        var canvas = await WaitForCanvasAsync(again, pixels => DifferentPixels(pixels, rig.Display.GetRgba()) == 0);
        await again.ScreenshotAsync(new PageScreenshotOptions { Path = Artifact("page-after-reconnect.png") });
        Assert.Equal(0, DifferentPixels(canvas, rig.Display.GetRgba()));
        Assert.Equal(["clicked: 1", "clicked: 2"], rig.Output.Lines.Where(l => l.StartsWith("clicked:", StringComparison.Ordinal)));
        Assert.Equal(AppletState.Running, rig.Manager.List().Single().State);
    }

    [Fact]
    public async Task WithATokenThePageNeedsIt()
    {
        await using var rig = await DisplayRig.StartAsync(token: "s3cret-token");
        using var http = new HttpClient();
        var bare = new Uri($"http://{rig.Url.Authority}/");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(bare)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(new Uri(bare, "/?token=s3cret-tokeN"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(new Uri(bare, "/screen.png"))).StatusCode);
        using (var socket = new ClientWebSocket())
        {
            var refused = await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(new Uri($"ws://{rig.Url.Authority}/ws"), CancellationToken.None));
            Assert.Contains("401", refused.Message);
        }
        Assert.Contains("token=s3cret-token", rig.Url.Query);
        var page = await rig.OpenPageAsync();   // the page's URL carries the token, and the page hands it to its WebSocket
        Assert.Equal("live", await page.EvaluateAsync<string>("() => window.microwasmDisplay.state"));
        var png = await http.GetByteArrayAsync(rig.Url.ToString().Replace("/?", "/screen.png?", StringComparison.Ordinal));
        Assert.Equal(rig.Display.Width, PngCodec.Read(png).Width);
    }

    [Fact]
    public async Task ThePageComesWithItsHeadersAndOtherRequestsAreRefused()
    {
        await using var rig = await DisplayRig.StartAsync();
        using var http = new HttpClient();

        using var page = await http.GetAsync(rig.Url);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("default-src 'none'", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("<title>littlevgl · display</title>", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(rig.Url, "/nothing"))).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await http.PostAsync(rig.Url, new ByteArrayContent([1, 2, 3]))).StatusCode);
        Assert.Equal(HttpStatusCode.UpgradeRequired, (await http.GetAsync(new Uri(rig.Url, "/ws"))).StatusCode);   // not a WebSocket handshake
        // a page of another site that resolves its name to 127.0.0.1 (DNS rebinding) names its own host
        using var rebound = new HttpRequestMessage(HttpMethod.Get, rig.Url);
        rebound.Headers.Host = "attacker.example:" + rig.Url.Port;
        Assert.Equal(HttpStatusCode.MisdirectedRequest, (await http.SendAsync(rebound)).StatusCode);
        Assert.Equal(AppletState.Running, rig.Manager.List().Single().State);
    }

    [Fact]
    public async Task PagesBeyondTheLimitAreRefusedAndStoppingTheServerClosesTheRest()
    {
        var rig = await DisplayRig.StartAsync(maxViewers: 1);
        using var first = new ClientWebSocket();
        await first.ConnectAsync(new Uri($"ws://{rig.Url.Authority}/ws"), CancellationToken.None);
        var buffer = new byte[400_000];
        var hello = await first.ReceiveAsync(buffer, CancellationToken.None);
        Assert.Equal("{\"type\":\"hello\",\"width\":320,\"height\":240}", Encoding.UTF8.GetString(buffer, 0, hello.Count));
        var frame = await first.ReceiveAsync(buffer, CancellationToken.None);
        Assert.Equal(WebSocketMessageType.Binary, frame.MessageType);
        Assert.Equal(12 + 320 * 240 * 4, frame.Count);   // the whole screen first: x 0, y 0, 320 x 240
        Assert.Equal(new byte[] { 1, 0, 0, 0, 0, 0, 0, 0, 64, 1, 240, 0 }, buffer[..12]);

        using (var second = new ClientWebSocket())
        {
            var refused = await Assert.ThrowsAsync<WebSocketException>(() => second.ConnectAsync(new Uri($"ws://{rig.Url.Authority}/ws"), CancellationToken.None));
            Assert.Contains("503", refused.Message);
        }

        await rig.DisposeAsync().AsTask().WaitAsync(s_wait);
        try
        {
            // the server's close, or a reset: either way within the safety net, not a TimeoutException
            while ((await first.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(s_wait)).MessageType != WebSocketMessageType.Close)
            {
            }
        }
        catch (WebSocketException)
        {
        }
        Assert.NotEqual(WebSocketState.Open, first.State);
    }

    // ---- helpers ----

    /// <summary>Pixels allowed to differ from a reference below the top bar (antialiasing may differ by a shade; a digit is ~150 pixels).</summary>
    private const int Tolerance = 40;

    private static int DifferentPixels(byte[] a, byte[] b)
    {
        Assert.Equal(Width * Height * 4, a.Length);
        Assert.Equal(Width * Height * 4, b.Length);
        var count = 0;
        for (var i = TopBar * Width * 4; i < a.Length; i += 4)
        {
            if (Math.Abs(a[i] - b[i]) > 24 || Math.Abs(a[i + 1] - b[i + 1]) > 24 || Math.Abs(a[i + 2] - b[i + 2]) > 24)
            {
                count++;
            }
        }
        return count;
    }

    private static bool SamePixel(byte[] a, byte[] b, int x, int y) => a.AsSpan((y * Width + x) * 4, 4).SequenceEqual(b.AsSpan((y * Width + x) * 4, 4));

    private static async Task<byte[]> WaitForCanvasAsync(IPage page, Func<byte[], bool> done)
    {
        var deadline = DateTime.UtcNow + s_wait;
        while (true)
        {
            var pixels = await DisplayRig.ReadCanvasAsync(page);
            if (done(pixels) || DateTime.UtcNow > deadline)
            {
                return pixels;
            }
            await Task.Delay(20);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + s_wait;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("condition not met within " + s_wait);
            }
            await Task.Delay(5);
        }
    }

    private static byte[] LoadReference(string name) => LoadReferenceFrom(Path.Combine(AppContext.BaseDirectory, "reference", name));

    private static byte[] LoadReferenceFrom(string path)
    {
        var (width, height, rgba) = PngCodec.Read(File.ReadAllBytes(path));
        Assert.Equal((Width, Height), (width, height));
        return rgba;
    }

    private static void WritePng(string path, byte[] rgba)
    {
        using var file = File.Create(path);
        PngCodec.Write(file, Width, Height, rgba);
    }

    private static string Artifact(string name) => Path.Combine(DisplayRig.ArtifactsDirectory, name);
}
