namespace Microwasm.AppFramework.Protocol;

/// <summary>One decoded link frame: its type and its payload (a packed request or response).</summary>
public readonly record struct LinkFrame(LinkMessageType Type, ReadOnlyMemory<byte> Payload);

/// <summary>
/// A frame the decoder refused: its type and declared size as far as they were read, and why. The
/// decoder has already resynchronised when it reports one.
/// </summary>
public sealed record LinkFrameError(ushort Type, uint DeclaredSize, string Message)
{
    /// <summary>True when the frame declared more bytes than the decoder accepts (the answer is 4.13).</summary>
    public bool TooLarge { get; init; }
}

/// <summary>What <see cref="LinkFrameDecoder.Decode"/> produced.</summary>
public enum LinkDecodeStatus
{
    /// <summary>All input was consumed without completing a frame.</summary>
    NeedMoreData,

    /// <summary>A frame is complete.</summary>
    Frame,

    /// <summary>A frame was refused; see the error.</summary>
    Error,
}
