namespace Microwasm.AppFramework.Protocol;

/// <summary>The largest frames a <see cref="LinkFrameDecoder"/> accepts; a frame declaring more is refused before anything is allocated for it.</summary>
public sealed class LinkLimits
{
    /// <summary>Largest payload of a request or response frame (a packed message), in bytes. Default 64 KiB plus the header, the manager's <c>MaxMessageSize</c>.</summary>
    public int MaxPacketSize { get; init; } = 64 * 1024 + 256;

    /// <summary>Largest payload of an install frame (a packed request holding the module), in bytes. Default 16 MiB plus the header and URL.</summary>
    public int MaxInstallSize { get; init; } = 16 * 1024 * 1024 + 512;
}
