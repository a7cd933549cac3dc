using System.Net;
using System.Net.Sockets;
using System.Text;
using Microwasm.AppFramework.Extensions.Display;

namespace Microwasm.AppFramework.Tests.Display;

/// <summary>
/// The display server's own HTTP front over raw sockets: what a well-formed request gets, and that
/// malformed, oversized, misdirected and silent connections get a clear status or are closed, while
/// the server goes on serving. (The page itself, in a browser, is tested in Display.BrowserTests.)
/// </summary>
public sealed class DisplayHttpTests
{
    private static readonly TimeSpan s_safetyNet = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task APageRequestIsAnsweredAndTheConnectionClosed()
    {
        await using var server = Start(out var url);
        var answer = await ExchangeAsync(url, $"GET / HTTP/1.1\r\nHost: {url.Authority}\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", answer);
        Assert.Contains("\r\nConnection: close\r\n", answer);
        Assert.Contains("\r\nContent-Type: text/html; charset=utf-8\r\n", answer);
        Assert.Contains("<canvas", answer);

        var head = await ExchangeAsync(url, $"HEAD /screen.png HTTP/1.1\r\nHost: {url.Authority}\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", head);
        Assert.Contains("\r\nContent-Type: image/png\r\n", head);
        Assert.EndsWith("\r\n\r\n", head);   // no body after the head
    }

    [Theory]
    [InlineData("GET /\r\n\r\n", "400 Bad Request")]                                         // HTTP/0.9
    [InlineData("GET / HTTP/2.0\r\nHost: {0}\r\n\r\n", "400 Bad Request")]
    [InlineData("GET relative HTTP/1.1\r\nHost: {0}\r\n\r\n", "400 Bad Request")]
    [InlineData("GET / HTTP/1.1\r\nHost : {0}\r\n\r\n", "400 Bad Request")]                // space before the colon
    [InlineData("GET / HTTP/1.1\r\nHost: {0}\r\nHost: {0}\r\n\r\n", "400 Bad Request")]     // two Host headers
    [InlineData("GET / HTTP/1.1\r\nno colon\r\n\r\n", "400 Bad Request")]
    [InlineData("GET / HTTP/1.1\r\n\r\n", "421 Misdirected Request")]                        // no Host
    [InlineData("GET / HTTP/1.1\r\nHost: attacker.example\r\n\r\n", "421 Misdirected Request")]
    [InlineData("DELETE / HTTP/1.1\r\nHost: {0}\r\n\r\n", "405 Method Not Allowed")]
    [InlineData("GET /ws HTTP/1.1\r\nHost: {0}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 8\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n", "426 Upgrade Required")]
    [InlineData("GET /%2e%2e/etc/passwd HTTP/1.1\r\nHost: {0}\r\n\r\n", "404 Not Found")]
    public async Task MalformedOrMisdirectedRequestsGetAStatus(string request, string status)
    {
        await using var server = Start(out var url);
        var answer = await ExchangeAsync(url, string.Format(request, url.Authority));
        Assert.StartsWith("HTTP/1.1 " + status + "\r\n", answer);
        Assert.StartsWith("HTTP/1.1 200 OK", await ExchangeAsync(url, $"GET / HTTP/1.1\r\nHost: {url.Authority}\r\n\r\n"));
    }

    [Fact]
    public async Task AHeadOverEightKilobytesIsRefusedWith431()
    {
        await using var server = Start(out var url);
        var request = $"GET / HTTP/1.1\r\nHost: {url.Authority}\r\nX-Padding: {new string('a', 9000)}\r\n\r\n";
        Assert.StartsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n", await ExchangeAsync(url, request));
    }

    [Fact]
    public async Task AWebSocketUpgradeGetsTheAcceptKeyOfRfc6455()
    {
        await using var server = Start(out var url);
        // the example handshake of RFC 6455, section 1.3
        var answer = await ExchangeAsync(url, $"GET /ws HTTP/1.1\r\nHost: {url.Authority}\r\nUpgrade: websocket\r\nConnection: keep-alive, Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n", untilHeadEnd: true);
        Assert.StartsWith("HTTP/1.1 101 Switching Protocols\r\n", answer);
        Assert.Contains("\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n", answer);
    }

    [Fact]
    public async Task ASilentConnectionIsClosedAtTheHeadDeadlineAndIdleOnesBeyondTheLimitAtOnce()
    {
        await using var server = Start(out var url, headTimeout: TimeSpan.FromMilliseconds(300));
        var idle = new List<TcpClient>();
        try
        {
            for (var i = 0; i < 40; i++)
            {
                var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, url.Port);
                idle.Add(client);
            }
            // every one of them ends (the 8 beyond the 32 at once, the rest at the deadline): a read returns 0 or fails
            foreach (var client in idle)
            {
                var ended = await ReadToEndAsync(client.GetStream()).WaitAsync(s_safetyNet);
                Assert.Equal("", ended);
            }
        }
        finally
        {
            idle.ForEach(c => c.Dispose());
        }
        Assert.StartsWith("HTTP/1.1 200 OK", await ExchangeAsync(url, $"GET / HTTP/1.1\r\nHost: {url.Authority}\r\n\r\n"));
    }

    private static DisplayServer Start(out Uri url, TimeSpan? headTimeout = null)
    {
        var server = new DisplayServer(new VirtualDisplay(), new DisplayServerOptions { Title = "test" })
        {
            HeadTimeout = headTimeout ?? TimeSpan.FromSeconds(10),
        };
        url = server.Start(new IPEndPoint(IPAddress.Loopback, 0));
        return server;
    }

    private static async Task<string> ExchangeAsync(Uri url, string request, bool untilHeadEnd = false)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, url.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request));
        if (!untilHeadEnd)
        {
            return await ReadToEndAsync(stream).WaitAsync(s_safetyNet);
        }
        var text = new StringBuilder();
        var buffer = new byte[1];
        while (!text.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(buffer).AsTask().WaitAsync(s_safetyNet) == 1)
        {
            text.Append((char)buffer[0]);
        }
        return text.ToString();
    }

    private static async Task<string> ReadToEndAsync(NetworkStream stream)
    {
        var all = new MemoryStream();
        try
        {
            await stream.CopyToAsync(all);
        }
        catch (IOException)
        {
            // a reset after the answer: what was read counts
        }
        return Encoding.Latin1.GetString(all.ToArray());
    }
}
