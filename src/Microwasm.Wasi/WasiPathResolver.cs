namespace Microwasm.Wasi;

/// <summary>The outcome of resolving a guest path: where it lands inside the sandbox.</summary>
internal sealed class WasiResolvedPath
{
    public required WasiSandboxRoot Root { get; init; }

    /// <summary>Components below the root; empty for the root itself.</summary>
    public required string[] Components { get; init; }

    /// <summary>The guest wrote a trailing '/' (or '/.'): the result must be a directory.</summary>
    public required bool MustBeDirectory { get; init; }

    public string HostPath => Root.HostPathOf(Components);

    public bool IsRoot => Components.Length == 0;
}

/// <summary>
/// The sandbox: turns a guest path relative to a directory descriptor into a host path that is
/// guaranteed to lie inside the descriptor's pre-opened directory.
/// </summary>
/// <remarks>
/// The host file system is never asked to resolve more than one component at a time: each
/// component is looked up with lstat semantics, <c>..</c> is applied to the components walked so
/// far (and refused above the root), and a symlink's target is read and spliced into the
/// remaining path, so its own <c>..</c> components are checked the same way. Absolute paths and
/// absolute symlink targets are refused with ENOTCAPABLE.
/// </remarks>
internal static class WasiPathResolver
{
    /// <summary>Symlinks followed in one resolution before ELOOP (Linux's limit).</summary>
    public const int MaxSymlinkHops = 40;

    /// <summary>The longest path the guest may pass (PATH_MAX).</summary>
    public const int MaxPathLength = 4096;

    public static WasiResolvedPath Resolve(WasiFileDescriptor directory, string path, bool followFinalSymlink)
    {
        if (directory.Root is not { } root || !directory.IsDirectory)
        {
            throw new WasiErrnoException(Errno.NotDir);
        }
        if (path.Length == 0)
        {
            throw new WasiErrnoException(Errno.NoEnt);
        }
        if (path.Length > MaxPathLength)
        {
            throw new WasiErrnoException(Errno.NameTooLong);
        }
        if (path.Contains('\0'))
        {
            throw new WasiErrnoException(Errno.Inval);
        }
        if (path[0] == '/')
        {
            throw new WasiErrnoException(Errno.NotCapable, "absolute paths are outside the sandbox");
        }

        var mustBeDirectory = path.EndsWith('/') || path.EndsWith("/.", StringComparison.Ordinal) || path is "." or ".."
            || path.EndsWith("/..", StringComparison.Ordinal);

        // The descriptor's own components are walked again first: a directory on the way may have
        // been replaced by a symlink since the descriptor was opened. Where they lead is the floor
        // for the guest's path: '..' may not climb above the descriptor it was given (even when
        // that stays inside the pre-opened directory), as the WASI capability model requires.
        var walked = WalkDescriptor(root, directory);
        var pending = new List<string>();
        PushComponents(pending, path);
        return new WasiResolvedPath
        {
            Root = root,
            Components = [.. Walk(root, walked, walked.Count, pending, followFinalSymlink || mustBeDirectory)],
            MustBeDirectory = mustBeDirectory,
        };
    }

    /// <summary>
    /// Where a descriptor's file or directory is now, walked again from its root: a directory on
    /// the way (or the entry itself) may have been replaced by a symlink since it was opened.
    /// </summary>
    public static string CurrentHostPath(WasiFileDescriptor descriptor)
    {
        var root = descriptor.Root ?? throw new WasiErrnoException(Errno.Badf);
        return root.HostPathOf(WalkDescriptor(root, descriptor));
    }

    /// <summary>The components of the descriptor's directory or file, walked from its root now.</summary>
    private static List<string> WalkDescriptor(WasiSandboxRoot root, WasiFileDescriptor descriptor)
    {
        var pending = new List<string>(descriptor.Components.Length);
        for (var i = descriptor.Components.Length - 1; i >= 0; i--)
        {
            pending.Add(descriptor.Components[i]);
        }
        return Walk(root, [], 0, pending, followFinalSymlink: true);
    }

    /// <summary>
    /// Walks <paramref name="pending"/> (a stack: the next component last) one component at a time
    /// onto <paramref name="walked"/>; '..' may not remove the first <paramref name="floor"/> components.
    /// </summary>
    private static List<string> Walk(WasiSandboxRoot root, List<string> walked, int floor, List<string> pending, bool followFinalSymlink)
    {
        var hops = 0;
        while (pending.Count > 0)
        {
            var component = pending[^1];
            pending.RemoveAt(pending.Count - 1);
            var isLast = pending.Count == 0;
            if (component == "..")
            {
                if (walked.Count <= floor)
                {
                    throw new WasiErrnoException(Errno.NotCapable, floor == 0 ? "'..' leaves the sandbox" : "'..' leaves the directory descriptor");
                }
                walked.RemoveAt(walked.Count - 1);
                continue;
            }
            CheckComponent(component);

            walked.Add(component);
            var hostPath = root.HostPathOf(walked);
            var info = new FileInfo(hostPath);
            var target = info.LinkTarget;
            if (target is not null && (!isLast || followFinalSymlink))
            {
                if (++hops > MaxSymlinkHops)
                {
                    throw new WasiErrnoException(Errno.Loop);
                }
                if (target.Length == 0)
                {
                    throw new WasiErrnoException(Errno.NoEnt);
                }
                if (target[0] == '/' || Path.IsPathRooted(target))
                {
                    throw new WasiErrnoException(Errno.NotCapable, "absolute symlink targets are outside the sandbox");
                }
                walked.RemoveAt(walked.Count - 1);
                PushComponents(pending, target);
                continue;
            }
            if (!isLast)
            {
                var attributes = info.Attributes;
                if (attributes == (FileAttributes)(-1))
                {
                    throw new WasiErrnoException(Errno.NoEnt);
                }
                if (!attributes.HasFlag(FileAttributes.Directory))
                {
                    throw new WasiErrnoException(Errno.NotDir);
                }
            }
        }

        return walked;
    }

    /// <summary>Pushes the components of <paramref name="path"/> so the first one is popped first; empty and '.' components are dropped.</summary>
    private static void PushComponents(List<string> pending, string path)
    {
        var parts = path.Split('/');
        for (var i = parts.Length - 1; i >= 0; i--)
        {
            if (parts[i].Length != 0 && parts[i] != ".")
            {
                pending.Add(parts[i]);
            }
        }
        if (pending.Count > MaxSymlinkHops * 256)
        {
            throw new WasiErrnoException(Errno.NameTooLong);
        }
    }

    private static void CheckComponent(string component)
    {
        if (component.Length > 255)
        {
            throw new WasiErrnoException(Errno.NameTooLong);
        }
        // On Windows these characters would let one "component" name a drive or a deeper path.
        if (OperatingSystem.IsWindows() && component.AsSpan().IndexOfAny('\\', ':') >= 0)
        {
            throw new WasiErrnoException(Errno.NotCapable, "path component with a separator or drive");
        }
    }
}
