using System.Text;
using Microwasm.Host;

namespace Microwasm.Wasi;

// The path_* functions. Every path goes through WasiPathResolver, which keeps it in the sandbox.
public sealed partial class WasiPreview1
{
    private readonly record struct Filestat(ulong Inode, FileType Type, ulong LinkCount, ulong Size, ulong AccessTime, ulong ModificationTime, ulong ChangeTime);

    private Errno PathCreateDirectory(GuestMemory memory, uint fd, uint path, uint pathLength)
    {
        var directory = _files.Get(fd, Rights.PathCreateDirectory);
        var resolved = WasiPathResolver.Resolve(directory, memory.ReadString(path, pathLength), followFinalSymlink: false);
        if (resolved.IsRoot || HostFileSystem.Lstat(resolved.HostPath) != EntryKind.None)
        {
            return Errno.Exist;
        }
        Directory.CreateDirectory(resolved.HostPath);
        return Errno.Success;
    }

    private Errno PathFilestatGet(GuestMemory memory, uint fd, uint flags, uint path, uint pathLength, uint result, bool unstable)
    {
        memory.CheckRange(result, (ulong)(unstable ? WasiConstants.UnstableFilestatSize : WasiConstants.FilestatSize));
        var directory = _files.Get(fd, Rights.PathFilestatGet);
        var resolved = WasiPathResolver.Resolve(directory, memory.ReadString(path, pathLength), Follow(flags));
        var kind = ExistingEntry(resolved);
        WriteFilestat(memory, result, unstable, StatPath(resolved.HostPath, kind));
        return Errno.Success;
    }

    private Errno PathFilestatSetTimes(GuestMemory memory, uint fd, uint flags, uint path, uint pathLength, ulong accessTime, ulong modificationTime, uint fstFlags)
    {
        var directory = _files.Get(fd, Rights.PathFilestatSetTimes);
        var resolved = WasiPathResolver.Resolve(directory, memory.ReadString(path, pathLength), Follow(flags));
        // For an unfollowed symlink this changes the link's own times (the runtime uses lutimes
        // semantics on Unix), never its target's.
        var kind = ExistingEntry(resolved);
        var (access, modification) = TimesToSet(accessTime, modificationTime, fstFlags);
        SetTimes(kind == EntryKind.Directory ? new DirectoryInfo(resolved.HostPath) : new FileInfo(resolved.HostPath), access, modification);
        return Errno.Success;
    }

    private Errno PathLink(GuestMemory memory, uint oldFd, uint oldFlags, uint oldPath, uint oldPathLength, uint newFd, uint newPath, uint newPathLength)
    {
        var source = _files.Get(oldFd, Rights.PathLinkSource);
        var target = _files.Get(newFd, Rights.PathLinkTarget);
        var from = WasiPathResolver.Resolve(source, memory.ReadString(oldPath, oldPathLength), Follow(oldFlags));
        var to = WasiPathResolver.Resolve(target, memory.ReadString(newPath, newPathLength), followFinalSymlink: false);
        if (ExistingEntry(from) == EntryKind.Directory)
        {
            return Errno.Perm;
        }
        if (to.IsRoot || HostFileSystem.Lstat(to.HostPath) != EntryKind.None)
        {
            return Errno.Exist;
        }
        if (to.MustBeDirectory)
        {
            return Errno.NoEnt;
        }
        HostFileSystem.Link(from.HostPath, to.HostPath);
        return Errno.Success;
    }

    private Errno PathOpen(GuestMemory memory, uint fd, uint dirFlags, uint path, uint pathLength, uint openFlags,
        ulong rightsBase, ulong rightsInheriting, uint fdFlags, uint result)
    {
        memory.CheckRange(result, 4);
        var directory = _files.Get(fd, Rights.PathOpen);
        var oflags = (OFlags)openFlags;
        if (openFlags > 0xF || fdFlags > 0x1F)
        {
            return Errno.Inval;
        }
        var creating = (oflags & OFlags.Creat) != 0;
        var exclusive = creating && (oflags & OFlags.Excl) != 0;
        var truncating = (oflags & OFlags.Trunc) != 0;
        var wantDirectory = (oflags & OFlags.Directory) != 0;
        var required = Rights.PathOpen | (creating ? Rights.PathCreateFile : 0) | (truncating ? Rights.PathFilestatSetSize : 0);
        if ((directory.RightsBase & required) != required)
        {
            return Errno.NotCapable;
        }
        // A descriptor never gets rights its directory could not hand down.
        var requested = (Rights)rightsBase;
        var inheriting = (Rights)rightsInheriting;
        if ((requested & ~directory.RightsInheriting) != 0 || (inheriting & ~directory.RightsInheriting) != 0)
        {
            return Errno.NotCapable;
        }
        var pathText = memory.ReadString(path, pathLength);
        _files.EnsureRoom();

        // O_CREAT|O_EXCL never follows a final symlink (POSIX), so an existing link is EEXIST.
        var resolved = WasiPathResolver.Resolve(directory, pathText, Follow(dirFlags) && !exclusive);
        var hostPath = resolved.HostPath;
        var kind = HostFileSystem.Lstat(hostPath);
        switch (kind)
        {
            case EntryKind.Symlink:
                // an unfollowed final symlink cannot be opened (O_NOFOLLOW)
                return exclusive ? Errno.Exist : Errno.Loop;
            case EntryKind.Directory:
                if (exclusive)
                {
                    return Errno.Exist;
                }
                if (truncating || (requested & Rights.FdWrite) != 0)
                {
                    return Errno.IsDir;
                }
                return Opened(memory, result, new WasiFileDescriptor
                {
                    Type = FileType.Directory,
                    RightsBase = requested & Rights.Directory,
                    RightsInheriting = inheriting,
                    Flags = (FdFlags)fdFlags,
                    Root = resolved.Root,
                    Components = resolved.Components,
                });
            case EntryKind.File:
                if (wantDirectory || resolved.MustBeDirectory)
                {
                    return Errno.NotDir;
                }
                if (exclusive)
                {
                    return Errno.Exist;
                }
                break;
            default:
                if (!creating)
                {
                    return Errno.NoEnt;
                }
                if (wantDirectory || resolved.MustBeDirectory)
                {
                    return Errno.IsDir;
                }
                break;
        }

        var read = (requested & Rights.FdRead) != 0;
        var write = (requested & Rights.FdWrite) != 0;
        var mode = kind == EntryKind.None ? FileMode.CreateNew : truncating ? FileMode.Truncate : FileMode.Open;
        // The host handle may need write access to create or truncate; the guest's rights still
        // decide what it may do with the descriptor.
        var access = mode == FileMode.Open
            ? (write ? (read ? FileAccess.ReadWrite : FileAccess.Write) : FileAccess.Read)
            : (read || !write ? FileAccess.ReadWrite : FileAccess.Write);
        var stream = new FileStream(hostPath, mode, access, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        return Opened(memory, result, new WasiFileDescriptor
        {
            Type = FileType.RegularFile,
            RightsBase = requested & Rights.RegularFile,
            RightsInheriting = inheriting,
            Flags = (FdFlags)fdFlags,
            Stream = stream,
            OwnsStream = true,
            Root = resolved.Root,
            Components = resolved.Components,
        });
    }

    private Errno Opened(GuestMemory memory, uint result, WasiFileDescriptor entry)
    {
        memory.WriteUInt32(result, _files.Add(entry));
        return Errno.Success;
    }

    private Errno PathReadlink(GuestMemory memory, uint fd, uint path, uint pathLength, uint buffer, uint bufferLength, uint result)
    {
        // readlink truncates to the buffer: one of 2 GiB or more is used up to 2 GiB
        memory.CheckRange(buffer, bufferLength);
        var output = memory.GetSpan(buffer, Math.Min(bufferLength, (uint)int.MaxValue));
        memory.CheckRange(result, 4);
        var directory = _files.Get(fd, Rights.PathReadlink);
        var resolved = WasiPathResolver.Resolve(directory, memory.ReadString(path, pathLength), followFinalSymlink: false);
        if (new FileInfo(resolved.HostPath).LinkTarget is not { } target)
        {
            return HostFileSystem.Lstat(resolved.HostPath) == EntryKind.None ? Errno.NoEnt : Errno.Inval;
        }
        var bytes = Encoding.UTF8.GetBytes(target);
        // like readlink(2): silently truncated to the buffer
        memory.WriteUInt32(result, (uint)CopyTruncated(bytes, output));
        return Errno.Success;
    }

    private Errno PathRemoveDirectory(GuestMemory memory, uint fd, uint path, uint pathLength)
    {
        var directory = _files.Get(fd, Rights.PathRemoveDirectory);
        var resolved = WasiPathResolver.Resolve(directory, memory.ReadString(path, pathLength), followFinalSymlink: false);
        if (resolved.IsRoot)
        {
            return Errno.NotCapable;
        }
        switch (HostFileSystem.Lstat(resolved.HostPath))
        {
            case EntryKind.None:
                return Errno.NoEnt;
            case EntryKind.Directory:
                break;
            default:
                return Errno.NotDir;
        }
        if (Directory.EnumerateFileSystemEntries(resolved.HostPath).Any())
        {
            return Errno.NotEmpty;
        }
        Directory.Delete(resolved.HostPath, recursive: false);
        return Errno.Success;
    }

    private Errno PathRename(GuestMemory memory, uint fd, uint oldPath, uint oldPathLength, uint newFd, uint newPath, uint newPathLength)
    {
        var source = _files.Get(fd, Rights.PathRenameSource);
        var target = _files.Get(newFd, Rights.PathRenameTarget);
        var from = WasiPathResolver.Resolve(source, memory.ReadString(oldPath, oldPathLength), followFinalSymlink: false);
        var to = WasiPathResolver.Resolve(target, memory.ReadString(newPath, newPathLength), followFinalSymlink: false);
        if (from.IsRoot || to.IsRoot)
        {
            return Errno.NotCapable;
        }
        var kind = ExistingEntry(from);
        if (to.MustBeDirectory && kind != EntryKind.Directory)
        {
            return Errno.NotDir;
        }
        HostFileSystem.Rename(from.HostPath, to.HostPath, kind);
        return Errno.Success;
    }

    private Errno PathSymlink(GuestMemory memory, uint oldPath, uint oldPathLength, uint fd, uint newPath, uint newPathLength)
    {
        var directory = _files.Get(fd, Rights.PathSymlink);
        var contents = memory.ReadString(oldPath, oldPathLength);
        var resolved = WasiPathResolver.Resolve(directory, memory.ReadString(newPath, newPathLength), followFinalSymlink: false);
        if (contents.Length == 0)
        {
            return Errno.NoEnt;
        }
        if (contents.Contains('\0'))
        {
            return Errno.Inval;
        }
        // An absolute target could never be followed inside the sandbox; refusing it here also
        // keeps the guest from planting links that lead host tools outside.
        if (contents[0] == '/' || Path.IsPathRooted(contents))
        {
            return Errno.NotCapable;
        }
        if (resolved.IsRoot || HostFileSystem.Lstat(resolved.HostPath) != EntryKind.None)
        {
            return Errno.Exist;
        }
        if (resolved.MustBeDirectory)
        {
            // "link/" names a directory that does not exist, and a symlink is not one: POSIX
            // symlink(2) fails with ENOENT rather than creating "link"
            return Errno.NoEnt;
        }
        File.CreateSymbolicLink(resolved.HostPath, contents);
        return Errno.Success;
    }

    private Errno PathUnlinkFile(GuestMemory memory, uint fd, uint path, uint pathLength)
    {
        var directory = _files.Get(fd, Rights.PathUnlinkFile);
        var resolved = WasiPathResolver.Resolve(directory, memory.ReadString(path, pathLength), followFinalSymlink: false);
        switch (HostFileSystem.Lstat(resolved.HostPath))
        {
            case EntryKind.None:
                return Errno.NoEnt;
            case EntryKind.Directory:
                return Errno.IsDir;
        }
        if (resolved.MustBeDirectory)
        {
            return Errno.NotDir;
        }
        File.Delete(resolved.HostPath);
        return Errno.Success;
    }

    private static bool Follow(uint lookupFlags) => (lookupFlags & WasiConstants.LookupSymlinkFollow) != 0;

    /// <summary>The kind of an entry that must exist; ENOENT if it does not, ENOTDIR for "file/".</summary>
    private static EntryKind ExistingEntry(WasiResolvedPath resolved)
    {
        var kind = HostFileSystem.Lstat(resolved.HostPath);
        if (kind == EntryKind.None)
        {
            throw new WasiErrnoException(Errno.NoEnt);
        }
        if (resolved.MustBeDirectory && kind == EntryKind.File)
        {
            throw new WasiErrnoException(Errno.NotDir);
        }
        return kind;
    }

    private static Filestat StatPath(string hostPath, EntryKind kind)
    {
        FileSystemInfo info = kind == EntryKind.Directory ? new DirectoryInfo(hostPath) : new FileInfo(hostPath);
        var type = kind switch
        {
            EntryKind.Directory => FileType.Directory,
            EntryKind.Symlink => FileType.SymbolicLink,
            _ => FileType.RegularFile,
        };
        var size = info switch
        {
            // a symlink's size is the length of its target text, as lstat reports it
            FileInfo file when kind == EntryKind.Symlink => (ulong)Encoding.UTF8.GetByteCount(file.LinkTarget ?? ""),
            FileInfo file => (ulong)file.Length,
            _ => 4096UL,
        };
        var modified = HostFileSystem.ToTimestamp(info.LastWriteTimeUtc);
        // The base class library has no ctime; the modification time is the closest it offers.
        var (inode, links) = HostFileSystem.IdentityOf(hostPath);
        return new Filestat(inode, type, links, size, HostFileSystem.ToTimestamp(info.LastAccessTimeUtc), modified, modified);
    }

    private static void WriteFilestat(GuestMemory memory, uint address, bool unstable, Filestat stat)
    {
        var span = memory.GetSpan(address, (ulong)(unstable ? WasiConstants.UnstableFilestatSize : WasiConstants.FilestatSize));
        span.Clear();
        BitConverter.TryWriteBytes(span, 0UL); // dev: one device for the whole sandbox
        BitConverter.TryWriteBytes(span[8..], stat.Inode);
        span[16] = (byte)stat.Type;
        if (unstable)
        {
            // wasi_unstable: linkcount is u32, so everything after it sits 8 bytes earlier
            BitConverter.TryWriteBytes(span[20..], (uint)stat.LinkCount);
            BitConverter.TryWriteBytes(span[24..], stat.Size);
            BitConverter.TryWriteBytes(span[32..], stat.AccessTime);
            BitConverter.TryWriteBytes(span[40..], stat.ModificationTime);
            BitConverter.TryWriteBytes(span[48..], stat.ChangeTime);
        }
        else
        {
            BitConverter.TryWriteBytes(span[24..], stat.LinkCount);
            BitConverter.TryWriteBytes(span[32..], stat.Size);
            BitConverter.TryWriteBytes(span[40..], stat.AccessTime);
            BitConverter.TryWriteBytes(span[48..], stat.ModificationTime);
            BitConverter.TryWriteBytes(span[56..], stat.ChangeTime);
        }
    }

    /// <summary>The times an fstflags value asks for (null: leave alone); EINVAL for contradictory flags.</summary>
    private static (DateTime? Access, DateTime? Modification) TimesToSet(ulong accessTime, ulong modificationTime, uint flags)
    {
        var f = (FstFlags)flags;
        if (flags > 0xF || (f & (FstFlags.Atim | FstFlags.AtimNow)) == (FstFlags.Atim | FstFlags.AtimNow)
            || (f & (FstFlags.Mtim | FstFlags.MtimNow)) == (FstFlags.Mtim | FstFlags.MtimNow))
        {
            throw new WasiErrnoException(Errno.Inval);
        }
        var now = DateTime.UtcNow;
        DateTime? access = (f & FstFlags.Atim) != 0 ? HostFileSystem.FromTimestamp(accessTime) : (f & FstFlags.AtimNow) != 0 ? now : null;
        DateTime? modification = (f & FstFlags.Mtim) != 0 ? HostFileSystem.FromTimestamp(modificationTime) : (f & FstFlags.MtimNow) != 0 ? now : null;
        return (access, modification);
    }

    private static void SetTimes(FileSystemInfo info, DateTime? access, DateTime? modification)
    {
        if (access is { } a)
        {
            info.LastAccessTimeUtc = a;
        }
        if (modification is { } m)
        {
            info.LastWriteTimeUtc = m;
        }
    }
}
