namespace Microwasm.AppFramework.Messaging;

/// <summary>The answer to a <see cref="Request"/>, correlated by <see cref="Mid"/>.</summary>
public sealed record Response
{
    public Response(ResponseStatus status, ReadOnlyMemory<byte> payload = default, PayloadFormat format = PayloadFormat.Text)
    {
        Status = status;
        Payload = payload;
        Format = format;
    }

    public ResponseStatus Status { get; init; }

    /// <summary>The mid of the request this answers.</summary>
    public uint Mid { get; init; }

    /// <summary>Who the response goes to: the requesting applet's id or <see cref="EndpointId.Host"/> (WAMR's <c>reciever</c>).</summary>
    public uint Receiver { get; init; } = EndpointId.Host;

    public PayloadFormat Format { get; init; }

    public ReadOnlyMemory<byte> Payload { get; init; }

    /// <summary>A response to <paramref name="request"/>: its mid, addressed to its sender.</summary>
    public static Response For(Request request, ResponseStatus status, ReadOnlyMemory<byte> payload = default, PayloadFormat format = PayloadFormat.Text) =>
        new(status, payload, format) { Mid = request.Mid, Receiver = request.Sender };

    public override string ToString() => $"{Status.ToCoapString()} {Status} (mid {Mid}, {Payload.Length} bytes, format {(ushort)Format})";
}
