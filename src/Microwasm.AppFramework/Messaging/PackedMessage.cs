using System.Buffers.Binary;
using System.Text;

namespace Microwasm.AppFramework.Messaging;

/// <summary>
/// WAMR's packed request and response (<c>pack_request</c>/<c>unpack_request</c> in its
/// <c>restful_utils.c</c>): the layout on the host link and across the wasm boundary. Header fields
/// are big-endian. Request: version 1, action, fmt u16, mid u32, sender u32, url_len u16 (with the
/// NUL), payload_len u32, the URL with its NUL, the payload (18 bytes of header). Response: version
/// 1, status, fmt u16, mid u32, receiver u32, payload_len u32, the payload (16 bytes of header).
/// </summary>
public static class PackedMessage
{
    /// <summary>WAMR's <c>REQUES_PACKET_VER</c>.</summary>
    public const byte Version = 1;

    /// <summary>WAMR's <c>REQUEST_PACKET_FIX_PART_LEN</c>.</summary>
    public const int RequestHeaderSize = 18;

    /// <summary>WAMR's <c>RESPONSE_PACKET_FIX_PART_LEN</c>.</summary>
    public const int ResponseHeaderSize = 16;

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The packed size of <paramref name="request"/>.</summary>
    public static int GetPackedSize(Request request) =>
        checked(RequestHeaderSize + Encoding.UTF8.GetByteCount(request.Url) + 1 + request.Payload.Length);

    /// <summary>The packed size of <paramref name="response"/>.</summary>
    public static int GetPackedSize(Response response) => checked(ResponseHeaderSize + response.Payload.Length);

    /// <summary>Packs <paramref name="request"/> into a new array.</summary>
    public static byte[] Pack(Request request)
    {
        var buffer = new byte[GetPackedSize(request)];
        Pack(request, buffer);
        return buffer;
    }

    /// <summary>Packs <paramref name="response"/> into a new array.</summary>
    public static byte[] Pack(Response response)
    {
        var buffer = new byte[GetPackedSize(response)];
        Pack(response, buffer);
        return buffer;
    }

    /// <summary>Packs <paramref name="request"/> into <paramref name="destination"/>; returns the bytes written.</summary>
    /// <exception cref="ArgumentException">The destination is too small, or the URL is longer than 65,534 bytes.</exception>
    public static int Pack(Request request, Span<byte> destination)
    {
        var urlBytes = Encoding.UTF8.GetByteCount(request.Url);
        if (urlBytes + 1 > ushort.MaxValue)
        {
            throw new ArgumentException($"the URL is {urlBytes} bytes long; a packed request holds at most {ushort.MaxValue - 1}", nameof(request));
        }
        var size = RequestHeaderSize + urlBytes + 1 + request.Payload.Length;
        if (destination.Length < size)
        {
            throw new ArgumentException($"the packed request needs {size} bytes", nameof(destination));
        }
        destination[0] = Version;
        destination[1] = (byte)request.Method;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)request.Format);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], request.Mid);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], request.Sender);
        BinaryPrimitives.WriteUInt16BigEndian(destination[12..], (ushort)(urlBytes + 1));
        BinaryPrimitives.WriteUInt32BigEndian(destination[14..], (uint)request.Payload.Length);
        Encoding.UTF8.GetBytes(request.Url, destination[RequestHeaderSize..]);
        destination[RequestHeaderSize + urlBytes] = 0;
        request.Payload.Span.CopyTo(destination[(RequestHeaderSize + urlBytes + 1)..]);
        return size;
    }

    /// <summary>Packs <paramref name="response"/> into <paramref name="destination"/>; returns the bytes written.</summary>
    public static int Pack(Response response, Span<byte> destination)
    {
        var size = ResponseHeaderSize + response.Payload.Length;
        if (destination.Length < size)
        {
            throw new ArgumentException($"the packed response needs {size} bytes", nameof(destination));
        }
        destination[0] = Version;
        destination[1] = (byte)response.Status;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)response.Format);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], response.Mid);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], response.Receiver);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], (uint)response.Payload.Length);
        response.Payload.Span.CopyTo(destination[ResponseHeaderSize..]);
        return size;
    }

    /// <summary>
    /// Reads a packed request, copying its URL and payload out of <paramref name="packet"/>. Refuses
    /// what WAMR's <c>unpack_request</c> refuses (version, sizes that disagree, a URL without its
    /// terminating NUL) and, beyond it, a NUL inside the URL and a URL that is not UTF-8.
    /// </summary>
    public static bool TryUnpackRequest(ReadOnlySpan<byte> packet, out Request? request, out string? error)
    {
        request = null;
        if (packet.Length < RequestHeaderSize)
        {
            error = $"a packed request is at least {RequestHeaderSize} bytes; got {packet.Length}";
            return false;
        }
        if (packet[0] != Version)
        {
            error = $"packet version {packet[0]}; expected {Version}";
            return false;
        }
        var urlLength = BinaryPrimitives.ReadUInt16BigEndian(packet[12..]);
        var payloadLength = BinaryPrimitives.ReadUInt32BigEndian(packet[14..]);
        if ((ulong)RequestHeaderSize + urlLength + payloadLength != (ulong)packet.Length)
        {
            error = $"header says {urlLength} URL bytes and {payloadLength} payload bytes, but the packet has {packet.Length - RequestHeaderSize} after its header";
            return false;
        }
        if (urlLength == 0 || packet[RequestHeaderSize + urlLength - 1] != 0)
        {
            error = "the URL does not end with a NUL";
            return false;
        }
        var urlBytes = packet.Slice(RequestHeaderSize, urlLength - 1);
        if (urlBytes.IndexOf((byte)0) >= 0)
        {
            error = "the URL contains a NUL before its end";
            return false;
        }
        string url;
        try
        {
            url = s_strictUtf8.GetString(urlBytes);
        }
        catch (DecoderFallbackException)
        {
            error = "the URL is not valid UTF-8";
            return false;
        }
        request = new Request((RequestMethod)packet[1], url, packet[(RequestHeaderSize + urlLength)..].ToArray(),
            (PayloadFormat)BinaryPrimitives.ReadUInt16BigEndian(packet[2..]))
        {
            Mid = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]),
            Sender = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]),
        };
        error = null;
        return true;
    }

    /// <summary>Reads a packed response, copying its payload; refuses what WAMR's <c>unpack_response</c> refuses.</summary>
    public static bool TryUnpackResponse(ReadOnlySpan<byte> packet, out Response? response, out string? error)
    {
        response = null;
        if (packet.Length < ResponseHeaderSize)
        {
            error = $"a packed response is at least {ResponseHeaderSize} bytes; got {packet.Length}";
            return false;
        }
        if (packet[0] != Version)
        {
            error = $"packet version {packet[0]}; expected {Version}";
            return false;
        }
        var payloadLength = BinaryPrimitives.ReadUInt32BigEndian(packet[12..]);
        if ((ulong)ResponseHeaderSize + payloadLength != (ulong)packet.Length)
        {
            error = $"header says {payloadLength} payload bytes, but the packet has {packet.Length - ResponseHeaderSize} after its header";
            return false;
        }
        response = new Response((ResponseStatus)packet[1], packet[ResponseHeaderSize..].ToArray(),
            (PayloadFormat)BinaryPrimitives.ReadUInt16BigEndian(packet[2..]))
        {
            Mid = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]),
            Receiver = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]),
        };
        error = null;
        return true;
    }
}
