using System.Buffers.Binary;
using Microwasm.AppFramework.Messaging;

namespace Microwasm.AppFramework.Protocol;

/// <summary>
/// Encodes WAMR's link frames: the 8-byte header (<c>0x12 0x34</c>, type u16 BE, size u32 BE) and a
/// packed request or response (<see cref="PackedMessage"/>), in one buffer. Decoding is
/// <see cref="LinkFrameDecoder"/> and <see cref="TryReadRequest"/> / <see cref="TryReadResponse"/>.
/// </summary>
public static class LinkCodec
{
    /// <summary>Writes a frame header for a payload of <paramref name="payloadSize"/> bytes.</summary>
    public static void WriteHeader(Span<byte> destination, LinkMessageType type, int payloadSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(payloadSize);
        destination[0] = LinkFrameDecoder.Leading0;
        destination[1] = LinkFrameDecoder.Leading1;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)type);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], (uint)payloadSize);
    }

    /// <summary>
    /// A whole frame holding <paramref name="request"/>: type <see cref="LinkMessageType.Request"/>, or
    /// <see cref="LinkMessageType.InstallWasmApp"/> for an install (WAMR's host tool uses it for wasm modules).
    /// </summary>
    public static byte[] EncodeRequest(Request request, LinkMessageType type = LinkMessageType.Request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var size = PackedMessage.GetPackedSize(request);
        var frame = new byte[LinkFrameDecoder.HeaderSize + size];
        WriteHeader(frame, type, size);
        PackedMessage.Pack(request, frame.AsSpan(LinkFrameDecoder.HeaderSize));
        return frame;
    }

    /// <summary>A whole frame of type <see cref="LinkMessageType.Response"/> holding <paramref name="response"/>.</summary>
    public static byte[] EncodeResponse(Response response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var size = PackedMessage.GetPackedSize(response);
        var frame = new byte[LinkFrameDecoder.HeaderSize + size];
        WriteHeader(frame, LinkMessageType.Response, size);
        PackedMessage.Pack(response, frame.AsSpan(LinkFrameDecoder.HeaderSize));
        return frame;
    }

    /// <summary>
    /// Reads the packed request of a request or install frame, checking every field
    /// (<see cref="PackedMessage.TryUnpackRequest"/>). When it fails, <paramref name="mid"/> is the mid
    /// the packet carried if it was long enough to hold one, so the error can still be answered.
    /// </summary>
    public static bool TryReadRequest(LinkFrame frame, out Request? request, out uint? mid, out string? error)
    {
        var packet = frame.Payload.Span;
        mid = packet.Length >= 8 ? BinaryPrimitives.ReadUInt32BigEndian(packet[4..]) : null;
        if (frame.Type is not (LinkMessageType.Request or LinkMessageType.InstallWasmApp))
        {
            request = null;
            error = $"a frame of type {(ushort)frame.Type} does not hold a request";
            return false;
        }
        return PackedMessage.TryUnpackRequest(packet, out request, out error);
    }

    /// <summary>Reads the packed response of a response frame, checking every field.</summary>
    public static bool TryReadResponse(LinkFrame frame, out Response? response, out string? error)
    {
        if (frame.Type != LinkMessageType.Response)
        {
            response = null;
            error = $"a frame of type {(ushort)frame.Type} does not hold a response";
            return false;
        }
        return PackedMessage.TryUnpackResponse(frame.Payload.Span, out response, out error);
    }
}
