using System.Net.Sockets;

namespace Microwasm.Wasi;

/// <summary>
/// One entry of the descriptor table: a stream (stdio or an open file), a directory, or a socket.
/// Files and directories are remembered by their place in the sandbox (a pre-open root and the
/// components below it), not by a host handle, so every path operation can re-walk and re-check
/// the route from the root.
/// </summary>
internal sealed class WasiFileDescriptor
{
    public required FileType Type { get; init; }

    public Rights RightsBase { get; set; }

    public Rights RightsInheriting { get; set; }

    public FdFlags Flags { get; set; }

    /// <summary>The data stream of stdio and regular files.</summary>
    public Stream? Stream { get; init; }

    /// <summary>False for streams the embedder owns (the configured stdio streams).</summary>
    public bool OwnsStream { get; init; }

    /// <summary>The sandbox this descriptor lives in (null for stdio and sockets).</summary>
    public WasiSandboxRoot? Root { get; init; }

    /// <summary>The path components from <see cref="Root"/> to this file or directory.</summary>
    public string[] Components { get; init; } = [];

    /// <summary>The guest name of a pre-opened directory (what <c>fd_prestat_dir_name</c> reports).</summary>
    public string? PreopenName { get; init; }

    public Socket? Socket { get; init; }

    /// <summary>The listing <c>fd_readdir</c> hands out, taken at cookie 0 so later cookies stay stable.</summary>
    public List<WasiDirectoryEntry>? Listing { get; set; }

    public bool IsDirectory => Type == FileType.Directory;

    /// <summary>The host path this descriptor was opened at (for inode numbers; not re-checked).</summary>
    public string OpenedHostPath => Root!.HostPathOf(Components);

    public void Close()
    {
        if (OwnsStream)
        {
            Stream?.Dispose();
        }
        Socket?.Dispose();
    }
}

/// <summary>One directory entry as <c>fd_readdir</c> reports it.</summary>
internal readonly record struct WasiDirectoryEntry(string Name, byte[] NameUtf8, ulong Inode, FileType Type);

/// <summary>The host directory behind a pre-open: the fixed, trusted top of one sandbox.</summary>
internal sealed class WasiSandboxRoot(string hostPath)
{
    public string HostPath { get; } = Path.GetFullPath(hostPath);

    public string HostPathOf(IReadOnlyList<string> components)
    {
        if (components.Count == 0)
        {
            return HostPath;
        }
        return Path.Join(HostPath, string.Join(Path.DirectorySeparatorChar, components));
    }
}
