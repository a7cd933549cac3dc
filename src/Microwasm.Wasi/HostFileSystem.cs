using System.Net.Sockets;
using Microsoft.Win32.SafeHandles;
using System.Runtime.InteropServices;
using System.Text;

namespace Microwasm.Wasi;

/// <summary>What an entry is, seen without following a final symlink.</summary>
internal enum EntryKind
{
    None,
    File,
    Directory,
    Symlink,
}

/// <summary>
/// The few host file system facts and operations the base class library does not offer (hard
/// links, POSIX rename), and the translation of host errors to WASI errnos.
/// </summary>
internal static partial class HostFileSystem
{
    public static EntryKind Lstat(string hostPath)
    {
        var info = new FileInfo(hostPath);
        if (info.LinkTarget is not null)
        {
            return EntryKind.Symlink;
        }
        var attributes = info.Attributes;
        if (attributes == (FileAttributes)(-1))
        {
            return EntryKind.None;
        }
        return attributes.HasFlag(FileAttributes.Directory) ? EntryKind.Directory : EntryKind.File;
    }

    /// <summary>
    /// The inode number and link count of the entry at <paramref name="hostPath"/> (not following a
    /// final symlink), so hard links to one file report one inode. The base class library does not
    /// expose them; on Linux they come from statx(2), whose result layout is the same on every
    /// architecture (struct stat's is not). Elsewhere, or if statx fails, a stable stand-in: a
    /// 64-bit FNV-1a hash of the path and one link.
    /// </summary>
    public static (ulong Inode, ulong LinkCount) IdentityOf(string hostPath) =>
        TryStatx(AtCurrentDirectory, hostPath, AtSymlinkNoFollow, out var identity) ? identity : (HashOf(hostPath), 1);

    /// <summary>As <see cref="IdentityOf(string)"/>, asked through an open handle (the name may have changed since it was opened).</summary>
    public static (ulong Inode, ulong LinkCount) IdentityOf(SafeFileHandle handle, string openedHostPath)
    {
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            if (TryStatx((int)handle.DangerousGetHandle(), "", AtEmptyPath, out var identity))
            {
                return identity;
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
        return (HashOf(openedHostPath), 1);
    }

    /// <summary>The inode number alone: see <see cref="IdentityOf(string)"/>.</summary>
    public static ulong InodeOf(string hostPath) => IdentityOf(hostPath).Inode;

    private const int AtCurrentDirectory = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxNlink = 0x4;
    private const uint StatxIno = 0x100;

    // struct statx: stx_mask at 0, stx_nlink at 16, stx_ino at 32; 256 bytes in all
    private const int StatxSize = 256;

    private static bool s_statxMissing = !OperatingSystem.IsLinux();

    private static unsafe bool TryStatx(int directory, string path, int flags, out (ulong Inode, ulong LinkCount) identity)
    {
        identity = default;
        if (s_statxMissing)
        {
            return false;
        }
        var buffer = stackalloc byte[StatxSize];
        try
        {
            if (statx(directory, path, flags, StatxIno | StatxNlink, buffer) != 0)
            {
                return false;
            }
        }
        catch (EntryPointNotFoundException)
        {
            // a C library older than glibc 2.28 (or without statx): keep the stand-in
            s_statxMissing = true;
            return false;
        }
        var mask = *(uint*)buffer;
        if ((mask & StatxIno) == 0)
        {
            return false;
        }
        var inode = *(ulong*)(buffer + 32);
        identity = (inode == 0 ? 1 : inode, (mask & StatxNlink) != 0 ? *(uint*)(buffer + 16) : 1UL);
        return true;
    }

    private static ulong HashOf(string hostPath)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(hostPath))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }
        return hash == 0 ? 1 : hash;
    }

    public static ulong ToTimestamp(DateTime utc)
    {
        var ticks = utc.ToUniversalTime().Ticks - DateTime.UnixEpoch.Ticks;
        return ticks <= 0 ? 0 : (ulong)ticks * 100;
    }

    public static DateTime FromTimestamp(ulong nanoseconds) =>
        DateTime.UnixEpoch.AddTicks((long)Math.Min(nanoseconds / 100, (ulong)(DateTime.MaxValue.Ticks - DateTime.UnixEpoch.Ticks)));

    /// <summary>rename(2): atomically replaces a file or an empty directory, as POSIX specifies.</summary>
    public static void Rename(string from, string to, EntryKind fromKind)
    {
        if (!OperatingSystem.IsWindows())
        {
            if (rename(from, to) != 0)
            {
                throw new WasiErrnoException(FromHostErrno(Marshal.GetLastPInvokeError()));
            }
            return;
        }
        var toKind = Lstat(to);
        if (fromKind == EntryKind.Directory)
        {
            if (toKind == EntryKind.Directory)
            {
                if (Directory.EnumerateFileSystemEntries(to).Any())
                {
                    throw new WasiErrnoException(Errno.NotEmpty);
                }
                Directory.Delete(to);
            }
            else if (toKind != EntryKind.None)
            {
                throw new WasiErrnoException(Errno.NotDir);
            }
            Directory.Move(from, to);
        }
        else
        {
            if (toKind == EntryKind.Directory)
            {
                throw new WasiErrnoException(Errno.IsDir);
            }
            File.Move(from, to, overwrite: true);
        }
    }

    /// <summary>link(2): a new name for an existing file (never follows a symlink at <paramref name="from"/>).</summary>
    public static void Link(string from, string to)
    {
        if (OperatingSystem.IsWindows())
        {
            if (!CreateHardLinkW(to, from, 0))
            {
                throw new WasiErrnoException(Errno.Io);
            }
            return;
        }
        if (link(from, to) != 0)
        {
            throw new WasiErrnoException(FromHostErrno(Marshal.GetLastPInvokeError()));
        }
    }

    /// <summary>The CPU time of this process or thread in nanoseconds, or null where the host cannot tell.</summary>
    public static ulong? CpuTime(bool thread)
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            var id = OperatingSystem.IsLinux() ? (thread ? 3 : 2) : (thread ? 16 : 12);
            if (clock_gettime(id, out var ts) == 0)
            {
                return (ulong)ts.Seconds * 1_000_000_000UL + (ulong)ts.Nanoseconds;
            }
        }
        return null;
    }

    /// <summary>Host errno (Linux numbering; macOS agrees on the common ones) to WASI errno.</summary>
    public static Errno FromHostErrno(int errno)
    {
        if (OperatingSystem.IsMacOS())
        {
            switch (errno)
            {
                case 35: return Errno.Again;
                case 62: return Errno.Loop;
                case 63: return Errno.NameTooLong;
                case 66: return Errno.NotEmpty;
                case 45: return Errno.NotSup;
                case 78: return Errno.NoSys;
            }
        }
        return errno switch
        {
            1 => Errno.Perm,
            2 => Errno.NoEnt,
            5 => Errno.Io,
            9 => Errno.Badf,
            11 => Errno.Again,
            12 => Errno.NoMem,
            13 => Errno.Acces,
            16 => Errno.Busy,
            17 => Errno.Exist,
            18 => Errno.Xdev,
            20 => Errno.NotDir,
            21 => Errno.IsDir,
            22 => Errno.Inval,
            24 => Errno.Mfile,
            26 => Errno.TxtBsy,
            27 => Errno.Fbig,
            28 => Errno.NoSpc,
            29 => Errno.Spipe,
            30 => Errno.Rofs,
            31 => Errno.Mlink,
            32 => Errno.Pipe,
            36 => Errno.NameTooLong,
            38 => Errno.NoSys,
            39 => Errno.NotEmpty,
            40 => Errno.Loop,
            95 => Errno.NotSup,
            122 => Errno.Dquot,
            _ => Errno.Io,
        };
    }

    /// <summary>Translates an exception from a host file or socket operation.</summary>
    public static Errno FromException(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => Errno.NoEnt,
        PathTooLongException => Errno.NameTooLong,
        UnauthorizedAccessException => Errno.Acces,
        ObjectDisposedException => Errno.Badf,
        NotSupportedException => Errno.NotSup,
        ArgumentException => Errno.Inval,
        SocketException s => FromSocketError(s.SocketErrorCode),
        // On Unix the runtime leaves the raw errno in HResult for the errors it has no type for.
        IOException io when !OperatingSystem.IsWindows() && io.HResult is > 0 and < 4096 => FromHostErrno(io.HResult),
        IOException io when (io.HResult & 0xFFFF) is 80 or 183 => Errno.Exist,
        IOException io when (io.HResult & 0xFFFF) is 145 => Errno.NotEmpty,
        _ => Errno.Io,
    };

    public static Errno FromSocketError(SocketError error) => error switch
    {
        SocketError.WouldBlock or SocketError.TryAgain => Errno.Again,
        SocketError.ConnectionReset => Errno.ConnReset,
        SocketError.ConnectionAborted => Errno.ConnAborted,
        SocketError.ConnectionRefused => Errno.ConnRefused,
        SocketError.NotConnected => Errno.NotConn,
        SocketError.Shutdown => Errno.Pipe,
        SocketError.InvalidArgument => Errno.Inval,
        SocketError.TimedOut => Errno.TimedOut,
        SocketError.NotSocket => Errno.NotSock,
        SocketError.OperationNotSupported => Errno.NotSup,
        SocketError.MessageSize => Errno.MsgSize,
        SocketError.Interrupted => Errno.Intr,
        SocketError.IsConnected => Errno.IsConn,
        _ => Errno.Io,
    };

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public nint Seconds;
        public nint Nanoseconds;
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int rename(string from, string to);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int link(string from, string to);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int statx(int directory, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc")]
    private static partial int clock_gettime(int clockId, out TimeSpec time);

    [LibraryImport("kernel32", SetLastError = true, StringMarshalling = StringMarshalling.Utf16)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool CreateHardLinkW(string fileName, string existingFileName, nint securityAttributes);
}
