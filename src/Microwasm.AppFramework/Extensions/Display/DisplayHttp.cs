using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Microwasm.AppFramework.Extensions.Display;

/// <summary>
/// The little of HTTP/1.1 the display's page needs: one request head per connection (GET or HEAD of
/// a page, a PNG, or a WebSocket upgrade), and a response with <c>Connection: close</c>. See
/// RATIONALE.md beside this file for why this is not <see cref="HttpListener"/>.
/// </summary>
internal static class DisplayHttp
{
    /// <summary>The largest request head read (request line and headers); a longer one is refused with 431.</summary>
    public const int MaxHeadSize = 8 * 1024;

    private const string WebSocketGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /// <summary>
    /// Reads a request head from <paramref name="stream"/> up to its empty line. Returns the head, or
    /// null with the status to answer (400 malformed, 431 too long, 0 when the peer closed first), and
    /// whether bytes came after the head (a body: no request of this protocol has one; before a
    /// WebSocket's 101 a client sends nothing more, so an upgrade followed by bytes is refused).
    /// </summary>
    public static async Task<(RequestHead? Head, int Status, bool MoreBytes)> ReadHeadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxHeadSize];
        var length = 0;
        var end = -1;
        while (end < 0)
        {
            if (length == buffer.Length)
            {
                return (null, 431, false);
            }
            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return (null, length == 0 ? 0 : 400, false);
            }
            var from = Math.Max(0, length - 3);
            length += read;
            var found = buffer.AsSpan(from, length - from).IndexOf("\r\n\r\n"u8);
            if (found >= 0)
            {
                end = from + found;
            }
        }
        var head = RequestHead.Parse(Encoding.Latin1.GetString(buffer, 0, end));
        return (head, head is null ? 400 : 200, end + 4 != length);
    }

    /// <summary>Writes a whole response and flushes it; the caller closes the connection.</summary>
    public static async Task WriteResponseAsync(Stream stream, int status, string contentType, byte[] body, bool includeBody, CancellationToken cancellationToken)
    {
        var head = new StringBuilder()
            .Append("HTTP/1.1 ").Append(status).Append(' ').Append(ReasonPhrase(status)).Append("\r\n")
            .Append("Content-Type: ").Append(contentType).Append("\r\n")
            .Append("Content-Length: ").Append(body.Length).Append("\r\n")
            .Append("Cache-Control: no-store\r\n")
            .Append("X-Content-Type-Options: nosniff\r\n")
            // the page runs only its own inline script and talks only to this server
            .Append("Content-Security-Policy: default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self'; frame-ancestors 'none'\r\n")
            .Append("Connection: close\r\n\r\n")
            .ToString();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(head), cancellationToken).ConfigureAwait(false);
        if (includeBody && body.Length > 0)
        {
            await stream.WriteAsync(body, cancellationToken).ConfigureAwait(false);
        }
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The 101 that accepts a WebSocket upgrade (RFC 6455, section 4.2.2).</summary>
    public static byte[] SwitchingProtocols(string key)
    {
        var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + WebSocketGuid)));
        return Encoding.ASCII.GetBytes($"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n");
    }

    private static string ReasonPhrase(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        421 => "Misdirected Request",
        426 => "Upgrade Required",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "Error",
    };

    /// <summary>A parsed request line and headers.</summary>
    internal sealed class RequestHead
    {
        private readonly Dictionary<string, string> _headers;
        private readonly Dictionary<string, string> _query;

        private RequestHead(string method, string path, Dictionary<string, string> query, Dictionary<string, string> headers)
        {
            Method = method;
            Path = path;
            _query = query;
            _headers = headers;
        }

        public string Method { get; }

        /// <summary>The target's path, percent-decoded.</summary>
        public string Path { get; }

        public string? Header(string name) => _headers.GetValueOrDefault(name);

        /// <summary>The first value of a query parameter, decoded as a form field (<c>+</c> is a space).</summary>
        public string? Query(string name) => _query.GetValueOrDefault(name);

        /// <summary>The WebSocket key when this is an upgrade request as RFC 6455 defines it (GET, version 13), else null.</summary>
        public string? WebSocketKey =>
            Method == "GET"
            && HasToken(Header("Upgrade"), "websocket")
            && HasToken(Header("Connection"), "upgrade")
            && Header("Sec-WebSocket-Version") == "13"
            && Header("Sec-WebSocket-Key") is { Length: > 0 } key
                ? key
                : null;

        /// <summary>The head's request line and headers, or null when they are not HTTP/1.1 as this server reads it.</summary>
        public static RequestHead? Parse(string text)
        {
            var lines = text.Split("\r\n");
            var requestLine = lines[0].Split(' ');
            if (requestLine.Length != 3 || requestLine[2] is not ("HTTP/1.1" or "HTTP/1.0") || requestLine[0].Length == 0 || !requestLine[1].StartsWith('/'))
            {
                return null;
            }
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 1; i < lines.Length; i++)
            {
                var colon = lines[i].IndexOf(':');
                if (colon <= 0 || lines[i].AsSpan(0, colon).ContainsAny(" \t"))
                {
                    return null;   // no name, or whitespace before the colon (RFC 9112 5.1), or obsolete line folding
                }
                var name = lines[i][..colon];
                var value = lines[i][(colon + 1)..].Trim(' ', '\t');
                if (!headers.TryAdd(name, value))
                {
                    if (name.Equals("Host", StringComparison.OrdinalIgnoreCase))
                    {
                        return null;   // two Host headers (RFC 9112 3.2)
                    }
                    headers[name] = headers[name] + ", " + value;
                }
            }
            var target = requestLine[1];
            var question = target.IndexOf('?');
            var query = new Dictionary<string, string>(StringComparer.Ordinal);
            if (question >= 0)
            {
                foreach (var pair in target[(question + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
                {
                    var equals = pair.IndexOf('=');
                    var key = WebUtility.UrlDecode(equals < 0 ? pair : pair[..equals]);
                    query.TryAdd(key, equals < 0 ? "" : WebUtility.UrlDecode(pair[(equals + 1)..]));
                }
                target = target[..question];
            }
            return new RequestHead(requestLine[0], Uri.UnescapeDataString(target), query, headers);
        }

        private static bool HasToken(string? value, string token)
        {
            if (value is null)
            {
                return false;
            }
            foreach (var part in value.Split(','))
            {
                if (part.Trim().Equals(token, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
            return false;
        }
    }
}
