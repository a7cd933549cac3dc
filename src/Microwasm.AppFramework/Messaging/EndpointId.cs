namespace Microwasm.AppFramework.Messaging;

/// <summary>
/// Who sent a request or receives a response: an applet's id, or one of WAMR's special ids. The
/// values are WAMR's (<c>ID_HOST</c> = -3, <c>ID_APP_MGR</c> = -2, <c>ID_NONE</c> = -1 as uint32), because
/// they travel in the <c>sender</c> and <c>reciever</c> fields of packets.
/// </summary>
public static class EndpointId
{
    /// <summary>The host (a remote tool or the embedding program).</summary>
    public const uint Host = 0xFFFF_FFFD;

    /// <summary>The application manager itself.</summary>
    public const uint AppManager = 0xFFFF_FFFE;

    /// <summary>Nobody.</summary>
    public const uint None = 0xFFFF_FFFF;
}
