namespace Microwasm.AppFramework.Messaging;

/// <summary>
/// A REST-like request, or (with <see cref="RequestMethod.Event"/>) an event: the one model the
/// framework, the wire protocol and the applet ABI share. Immutable; the payload is not copied, so
/// the creator must not change its bytes afterwards.
/// </summary>
public sealed record Request
{
    public Request(RequestMethod method, string url, ReadOnlyMemory<byte> payload = default, PayloadFormat format = PayloadFormat.Text)
    {
        ArgumentNullException.ThrowIfNull(url);
        Method = method;
        Url = url;
        Payload = payload;
        Format = format;
    }

    public RequestMethod Method { get; init; }

    /// <summary>The URL, e.g. <c>/app/request_handler/url1</c>, <c>/url1</c> or an event's <c>alert/overheat</c>.</summary>
    public string Url { get; init; }

    /// <summary>Correlates a response with its request; chosen by the sender.</summary>
    public uint Mid { get; init; }

    /// <summary>The sending applet's id, or <see cref="EndpointId.Host"/>.</summary>
    public uint Sender { get; init; } = EndpointId.Host;

    public PayloadFormat Format { get; init; }

    public ReadOnlyMemory<byte> Payload { get; init; }

    /// <summary>True when this is a published event rather than a request.</summary>
    public bool IsEvent => Method == RequestMethod.Event;

    public override string ToString() => $"{Method} {Url} (mid {Mid}, {Payload.Length} bytes, format {(ushort)Format})";
}
