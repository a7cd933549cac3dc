using System.Text;
using Microwasm.Host;

namespace Microwasm.Wasi;

// The fd_* functions.
public sealed partial class WasiPreview1
{
    private Errno FdAdvise(uint fd, ulong offset, ulong length, uint advice)
    {
        _ = (offset, length); // advice is a hint; the base class library has no posix_fadvise
        var entry = _files.Get(fd, Rights.FdAdvise);
        if (advice > 5)
        {
            return Errno.Inval;
        }
        return entry.IsDirectory ? Errno.Badf : Errno.Success;
    }

    private Errno FdAllocate(uint fd, ulong offset, ulong length)
    {
        var stream = SeekableFile(_files.Get(fd, Rights.FdAllocate));
        var end = offset + length;
        if (end < offset || end > long.MaxValue)
        {
            return Errno.Fbig;
        }
        if ((long)end > stream.Length)
        {
            SetLengthKeepingPosition(stream, (long)end);
        }
        return Errno.Success;
    }

    private Errno FdClose(uint fd)
    {
        _files.Remove(fd).Close();
        return Errno.Success;
    }

    private Errno FdSync(uint fd, Rights right)
    {
        var entry = _files.Get(fd, right);
        if (entry.Stream is FileStream file)
        {
            file.Flush(flushToDisk: true);
        }
        else
        {
            entry.Stream?.Flush();
        }
        return Errno.Success;
    }

    private Errno FdFdstatGet(GuestMemory memory, uint fd, uint result)
    {
        var span = memory.GetSpan(result, WasiConstants.FdstatSize);
        var entry = _files.Get(fd);
        span.Clear();
        span[0] = (byte)entry.Type;
        BitConverter.TryWriteBytes(span[2..], (ushort)entry.Flags);
        BitConverter.TryWriteBytes(span[8..], (ulong)entry.RightsBase);
        BitConverter.TryWriteBytes(span[16..], (ulong)entry.RightsInheriting);
        return Errno.Success;
    }

    private Errno FdFdstatSetFlags(uint fd, uint flags)
    {
        var entry = _files.Get(fd, Rights.FdFdstatSetFlags);
        if (flags > 0x1F)
        {
            return Errno.Inval;
        }
        entry.Flags = (FdFlags)flags;
        if (entry.Socket is { } socket)
        {
            socket.Blocking = (entry.Flags & FdFlags.NonBlock) == 0;
        }
        return Errno.Success;
    }

    private Errno FdFdstatSetRights(uint fd, ulong rightsBase, ulong rightsInheriting)
    {
        var entry = _files.Get(fd);
        // Rights can only be dropped, never regained.
        if ((rightsBase & ~(ulong)entry.RightsBase) != 0 || (rightsInheriting & ~(ulong)entry.RightsInheriting) != 0)
        {
            return Errno.NotCapable;
        }
        entry.RightsBase = (Rights)rightsBase;
        entry.RightsInheriting = (Rights)rightsInheriting;
        return Errno.Success;
    }

    private Errno FdFilestatGet(GuestMemory memory, uint fd, uint result, bool unstable)
    {
        memory.CheckRange(result, (ulong)(unstable ? WasiConstants.UnstableFilestatSize : WasiConstants.FilestatSize));
        var entry = _files.Get(fd, Rights.FdFilestatGet);
        if (entry.Root is null)
        {
            // stdio and sockets: no host path to ask about
            WriteFilestat(memory, result, unstable, new Filestat(0, entry.Type, 1, 0, 0, 0, 0));
            return Errno.Success;
        }
        Filestat stat;
        if (entry.Stream is FileStream file)
        {
            // An open file is asked through its handle: its name may have been unlinked or
            // replaced (even by a symlink to the outside) since it was opened.
            var handle = file.SafeFileHandle;
            var (inode, links) = HostFileSystem.IdentityOf(handle, entry.OpenedHostPath);
            stat = new Filestat(inode, FileType.RegularFile, links, (ulong)file.Length,
                HostFileSystem.ToTimestamp(File.GetLastAccessTimeUtc(handle)), HostFileSystem.ToTimestamp(File.GetLastWriteTimeUtc(handle)),
                HostFileSystem.ToTimestamp(File.GetLastWriteTimeUtc(handle)));
        }
        else
        {
            stat = StatPath(WasiPathResolver.CurrentHostPath(entry), EntryKind.Directory);
        }
        WriteFilestat(memory, result, unstable, stat);
        return Errno.Success;
    }

    private Errno FdFilestatSetSize(uint fd, ulong size)
    {
        var stream = SeekableFile(_files.Get(fd, Rights.FdFilestatSetSize));
        if (size > long.MaxValue)
        {
            return Errno.Fbig;
        }
        SetLengthKeepingPosition(stream, (long)size);
        return Errno.Success;
    }

    private Errno FdFilestatSetTimes(uint fd, ulong accessTime, ulong modificationTime, uint flags)
    {
        var entry = _files.Get(fd, Rights.FdFilestatSetTimes);
        if (entry.Root is null)
        {
            return Errno.Badf;
        }
        var (access, modification) = TimesToSet(accessTime, modificationTime, flags);
        if (entry.Stream is FileStream file)
        {
            if (access is { } a)
            {
                File.SetLastAccessTimeUtc(file.SafeFileHandle, a);
            }
            if (modification is { } m)
            {
                File.SetLastWriteTimeUtc(file.SafeFileHandle, m);
            }
        }
        else
        {
            SetTimes(new DirectoryInfo(WasiPathResolver.CurrentHostPath(entry)), access, modification);
        }
        return Errno.Success;
    }

    private Errno FdPread(GuestMemory memory, uint fd, uint iovs, uint iovsLength, ulong offset, uint result) =>
        TransferAt(memory, fd, Rights.FdRead | Rights.FdSeek, iovs, iovsLength, offset, result, write: false);

    private Errno FdPwrite(GuestMemory memory, uint fd, uint iovs, uint iovsLength, ulong offset, uint result) =>
        TransferAt(memory, fd, Rights.FdWrite | Rights.FdSeek, iovs, iovsLength, offset, result, write: true);

    /// <summary>fd_pread / fd_pwrite: reads or writes the vectors at <paramref name="offset"/>, leaving the file position as it was.</summary>
    private Errno TransferAt(GuestMemory memory, uint fd, Rights rights, uint iovs, uint iovsLength, ulong offset, uint result, bool write)
    {
        var entry = _files.Get(fd, rights);
        var vectors = ReadVectors(memory, iovs, iovsLength);
        memory.CheckRange(result, 4);
        var stream = SeekableFile(entry);
        if (offset > long.MaxValue)
        {
            return Errno.Inval;
        }
        var saved = stream.Position;
        try
        {
            stream.Position = (long)offset;
            var transferred = write ? WriteVectors(memory, entry, vectors, append: false) : ReadVectors(memory, entry, vectors);
            memory.WriteUInt32(result, (uint)transferred);
        }
        finally
        {
            stream.Position = saved;
        }
        return Errno.Success;
    }

    private Errno FdPrestatGet(GuestMemory memory, uint fd, uint result)
    {
        memory.CheckRange(result, 8);
        var entry = _files.Get(fd);
        if (entry.PreopenName is not { } name)
        {
            return Errno.Badf;
        }
        var span = memory.GetSpan(result, 8);
        span.Clear();
        span[0] = WasiConstants.PreopenTypeDir;
        BitConverter.TryWriteBytes(span[4..], (uint)Encoding.UTF8.GetByteCount(name));
        return Errno.Success;
    }

    private Errno FdPrestatDirName(GuestMemory memory, uint fd, uint path, uint pathLength)
    {
        var entry = _files.Get(fd);
        if (entry.PreopenName is not { } name)
        {
            return Errno.Badf;
        }
        var bytes = Encoding.UTF8.GetBytes(name);
        if (pathLength < bytes.Length)
        {
            return Errno.NameTooLong;
        }
        bytes.CopyTo(memory.GetSpan(path, (ulong)bytes.Length));
        return Errno.Success;
    }

    private Errno FdRead(GuestMemory memory, uint fd, uint iovs, uint iovsLength, uint result)
    {
        var entry = _files.Get(fd, Rights.FdRead);
        var vectors = ReadVectors(memory, iovs, iovsLength);
        memory.CheckRange(result, 4);
        if (entry.IsDirectory)
        {
            return Errno.IsDir;
        }
        memory.WriteUInt32(result, (uint)ReadVectors(memory, entry, vectors));
        return Errno.Success;
    }

    private Errno FdWrite(GuestMemory memory, uint fd, uint iovs, uint iovsLength, uint result)
    {
        var entry = _files.Get(fd, Rights.FdWrite);
        var vectors = ReadVectors(memory, iovs, iovsLength);
        memory.CheckRange(result, 4);
        if (entry.IsDirectory)
        {
            return Errno.Badf;
        }
        memory.WriteUInt32(result, (uint)WriteVectors(memory, entry, vectors, append: (entry.Flags & FdFlags.Append) != 0));
        return Errno.Success;
    }

    private Errno FdReaddir(GuestMemory memory, uint fd, uint buffer, uint bufferLength, ulong cookie, uint result)
    {
        // a buffer of 2 GiB or more is used up to 2 GiB: readdir may fill less than it is given
        memory.CheckRange(buffer, bufferLength);
        var output = memory.GetSpan(buffer, Math.Min(bufferLength, (uint)int.MaxValue));
        memory.CheckRange(result, 4);
        var entry = _files.Get(fd, Rights.FdReaddir);
        if (!entry.IsDirectory)
        {
            return Errno.NotDir;
        }
        if (cookie == 0 || entry.Listing is null)
        {
            entry.Listing = ListDirectory(entry);
        }
        var listing = entry.Listing;
        var used = 0;
        Span<byte> header = stackalloc byte[WasiConstants.DirentSize];
        // The cookie of an entry is its index + 1; d_next says where the next call resumes. An
        // entry that does not fit is written truncated, filling the buffer: wasi-libc reads
        // "buffer full" as "call again with a bigger buffer from this entry's cookie".
        for (var i = cookie; i < (ulong)listing.Count && used < output.Length; i++)
        {
            var item = listing[(int)i];
            header.Clear();
            BitConverter.TryWriteBytes(header, i + 1);
            BitConverter.TryWriteBytes(header[8..], item.Inode);
            BitConverter.TryWriteBytes(header[16..], (uint)item.NameUtf8.Length);
            header[20] = (byte)item.Type;
            used += CopyTruncated(header, output[used..]);
            used += CopyTruncated(item.NameUtf8, output[used..]);
        }
        memory.WriteUInt32(result, (uint)used);
        return Errno.Success;
    }

    private Errno FdRenumber(uint fd, uint to)
    {
        _files.Renumber(fd, to);
        return Errno.Success;
    }

    private Errno FdSeek(GuestMemory memory, uint fd, long offset, uint whence, uint result, bool unstable)
    {
        memory.CheckRange(result, 8);
        // wasi_unstable numbered whence cur, end, set; preview 1 set, cur, end.
        var origin = (unstable, whence) switch
        {
            (false, 0) or (true, 2) => SeekOrigin.Begin,
            (false, 1) or (true, 0) => SeekOrigin.Current,
            (false, 2) or (true, 1) => SeekOrigin.End,
            _ => throw new WasiErrnoException(Errno.Inval),
        };
        var tellOnly = offset == 0 && origin == SeekOrigin.Current;
        var entry = _files.Get(fd);
        if ((entry.RightsBase & (tellOnly ? Rights.FdSeek | Rights.FdTell : Rights.FdSeek)) == 0)
        {
            return Errno.NotCapable;
        }
        var stream = SeekableFile(entry);
        var start = origin switch
        {
            SeekOrigin.Begin => 0,
            SeekOrigin.Current => stream.Position,
            _ => stream.Length,
        };
        var target = start + offset;
        if (offset > 0 ? target < start : target > start)
        {
            return Errno.Overflow;
        }
        if (target < 0)
        {
            return Errno.Inval;
        }
        stream.Position = target;
        memory.WriteUInt64(result, (ulong)target);
        return Errno.Success;
    }

    private Errno FdTell(GuestMemory memory, uint fd, uint result)
    {
        memory.CheckRange(result, 8);
        var stream = SeekableFile(_files.Get(fd, Rights.FdTell));
        memory.WriteUInt64(result, (ulong)stream.Position);
        return Errno.Success;
    }

    private static (uint Address, int Length)[] ReadVectors(GuestMemory memory, uint iovs, uint count)
    {
        // IOV_MAX: also bounds the host array allocated for the list.
        if (count > 1024)
        {
            throw new WasiErrnoException(Errno.Inval);
        }
        return memory.ReadIovecs(iovs, count);
    }

    private static long ReadVectors(GuestMemory memory, WasiFileDescriptor entry, (uint Address, int Length)[] vectors)
    {
        if (entry.Socket is { } socket)
        {
            return SocketReceive(memory, socket, vectors, System.Net.Sockets.SocketFlags.None, waitAll: false);
        }
        var stream = entry.Stream ?? throw new WasiErrnoException(Errno.Badf);
        long total = 0;
        foreach (var (address, length) in vectors)
        {
            if (length == 0)
            {
                continue;
            }
            var read = stream.Read(memory.GetSpan(address, (ulong)length));
            total += read;
            // a short read ends the call rather than blocking again for the next buffer
            if (read < length)
            {
                break;
            }
        }
        return total;
    }

    private static long WriteVectors(GuestMemory memory, WasiFileDescriptor entry, (uint Address, int Length)[] vectors, bool append)
    {
        if (entry.Socket is { } socket)
        {
            return SocketSend(memory, socket, vectors);
        }
        var stream = entry.Stream ?? throw new WasiErrnoException(Errno.Badf);
        if (append && stream.CanSeek)
        {
            stream.Seek(0, SeekOrigin.End);
        }
        long total = 0;
        foreach (var (address, length) in vectors)
        {
            stream.Write(memory.GetSpan(address, (ulong)length));
            total += length;
        }
        if (stream is FileStream file && (entry.Flags & (FdFlags.Sync | FdFlags.Dsync)) != 0)
        {
            file.Flush(flushToDisk: true);
        }
        else
        {
            stream.Flush();
        }
        return total;
    }

    /// <summary>The stream of a regular file; ESPIPE for pipes and terminals, EBADF for directories and sockets.</summary>
    private static Stream SeekableFile(WasiFileDescriptor entry)
    {
        if (entry.Stream is not { } stream)
        {
            throw new WasiErrnoException(entry.IsDirectory ? Errno.IsDir : Errno.Badf);
        }
        if (!stream.CanSeek)
        {
            throw new WasiErrnoException(Errno.Spipe);
        }
        return stream;
    }

    /// <summary>ftruncate leaves the offset alone; Stream.SetLength may move it.</summary>
    private static void SetLengthKeepingPosition(Stream stream, long length)
    {
        var position = stream.Position;
        stream.SetLength(length);
        stream.Position = position;
    }

    private static int CopyTruncated(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var count = Math.Min(source.Length, destination.Length);
        source[..count].CopyTo(destination);
        return count;
    }

    private static List<WasiDirectoryEntry> ListDirectory(WasiFileDescriptor directory)
    {
        var path = WasiPathResolver.CurrentHostPath(directory);
        var opened = directory.OpenedHostPath;
        var parent = directory.Components.Length == 0 ? opened : directory.Root!.HostPathOf(directory.Components[..^1]);
        var list = new List<WasiDirectoryEntry>
        {
            new(".", "."u8.ToArray(), HostFileSystem.InodeOf(opened), FileType.Directory),
            new("..", ".."u8.ToArray(), HostFileSystem.InodeOf(parent), FileType.Directory),
        };
        var names = Directory.EnumerateFileSystemEntries(path).Select(Path.GetFileName).OfType<string>().ToList();
        // Ordinal order makes listings deterministic across hosts.
        names.Sort(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var full = Path.Join(path, name);
            var type = HostFileSystem.Lstat(full) switch
            {
                EntryKind.Directory => FileType.Directory,
                EntryKind.Symlink => FileType.SymbolicLink,
                EntryKind.File => FileType.RegularFile,
                _ => FileType.Unknown,
            };
            list.Add(new(name, Encoding.UTF8.GetBytes(name), HostFileSystem.InodeOf(Path.Join(opened, name)), type));
        }
        return list;
    }
}
