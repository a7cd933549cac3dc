using System.Text;

namespace Microwasm.Wasi.Tests;

public sealed class WasiFileTests
{
    private const uint Creat = 1, Directory = 2, Excl = 4, Trunc = 8;

    [Fact]
    public void StdioReadsAndWritesTheConfiguredStreams()
    {
        using var h = new WasiHarness();
        h.Stdin.Write("input line\n"u8);
        h.Stdin.Position = 0;
        var iov = h.Iovecs(h.Str("hello, "), h.Str(""), h.Str("world\n"));
        Assert.Equal(Errno.Success, h.Call("fd_write", 1, iov, 3, WasiHarness.Scratch));
        Assert.Equal(13u, h.U32(WasiHarness.Scratch));
        Assert.Equal("hello, world\n", Encoding.UTF8.GetString(h.Stdout.ToArray()));
        Assert.Equal((Errno.Success, 3u), h.Write(2, "err"));
        Assert.Equal("err", Encoding.UTF8.GetString(h.Stderr.ToArray()));
        Assert.Equal((Errno.Success, "input line\n"), h.Read(0));

        // stdio is a character device without seek rights (what isatty looks for)
        Assert.Equal(Errno.Success, h.Call("fd_fdstat_get", 1, 2000));
        Assert.Equal((byte)FileType.CharacterDevice, h.Memory.GetSpan(2000, 1)[0]);
        Assert.Equal(0UL, h.U64(2008) & (ulong)(Rights.FdSeek | Rights.FdTell));
        Assert.Equal(Errno.NotCapable, h.Call("fd_seek", 1, 0, 1, 2000));
        Assert.Equal(Errno.NotCapable, h.Call("fd_tell", 1, 2000));
        Assert.Equal(Errno.NotCapable, h.Write(0, "x").Errno);
        Assert.Equal(Errno.Badf, h.Write(42, "x").Errno);
    }

    [Fact]
    public void CreateWriteSeekReadAndStat()
    {
        using var h = new WasiHarness();
        var (errno, fd) = h.Open("file.txt", Creat | Excl);
        Assert.Equal(Errno.Success, errno);
        Assert.Equal(4u, fd); // 0-2 stdio, 3 the pre-open
        Assert.Equal((Errno.Success, 11u), h.Write(fd, "hello world"));
        Assert.Equal("hello world", File.ReadAllText(h.InSandbox("file.txt")));

        Assert.Equal(Errno.Success, h.Call("fd_tell", fd, 2000));
        Assert.Equal(11UL, h.U64(2000));
        Assert.Equal(Errno.Success, h.Call("fd_seek", fd, unchecked((ulong)-5L), 2, 2000)); // end - 5
        Assert.Equal(6UL, h.U64(2000));
        Assert.Equal((Errno.Success, "world"), h.Read(fd));
        Assert.Equal(Errno.Inval, h.Call("fd_seek", fd, unchecked((ulong)-100L), 1, 2000));
        Assert.Equal(Errno.Inval, h.Call("fd_seek", fd, 0, 3, 2000));

        // pread/pwrite leave the offset alone
        Assert.Equal(Errno.Success, h.Call("fd_seek", fd, 2, 0, 2000));
        var iov = h.Iovecs(h.Str("HELLO"));
        Assert.Equal(Errno.Success, h.Call("fd_pwrite", fd, iov, 1, 0, 2000));
        var buffer = h.Alloc(16);
        Assert.Equal(Errno.Success, h.Call("fd_pread", fd, h.Iovecs((buffer, 3), (buffer + 8, 4)), 2, 4, 2000));
        Assert.Equal(7u, h.U32(2000));
        Assert.Equal("O w", h.Text(buffer, 3));
        Assert.Equal("orld", h.Text(buffer + 8, 4));
        Assert.Equal(Errno.Success, h.Call("fd_tell", fd, 2000));
        Assert.Equal(2UL, h.U64(2000));

        Assert.Equal(Errno.Success, h.Call("fd_filestat_get", fd, 3000));
        Assert.Equal((byte)FileType.RegularFile, h.Memory.GetSpan(3016, 1)[0]);
        Assert.Equal(1UL, h.U64(3024));
        Assert.Equal(11UL, h.U64(3032));
        Assert.NotEqual(0UL, h.U64(3048));

        Assert.Equal(Errno.Success, h.Call("fd_filestat_set_size", fd, 4));
        Assert.Equal("HELL", File.ReadAllText(h.InSandbox("file.txt")));
        Assert.Equal(Errno.Success, h.Call("fd_tell", fd, 2000));
        Assert.Equal(2UL, h.U64(2000));
        Assert.Equal(Errno.Success, h.Call("fd_allocate", fd, 0, 10));
        Assert.Equal(10, new FileInfo(h.InSandbox("file.txt")).Length);
        Assert.Equal(Errno.Success, h.Call("fd_advise", fd, 0, 0, 1));
        Assert.Equal(Errno.Inval, h.Call("fd_advise", fd, 0, 0, 6));
        Assert.Equal(Errno.Success, h.Call("fd_sync", fd));
        Assert.Equal(Errno.Success, h.Call("fd_datasync", fd));

        Assert.Equal(Errno.Success, h.Call("fd_close", fd));
        Assert.Equal(Errno.Badf, h.Call("fd_close", fd));
        Assert.Equal(Errno.Exist, h.Open("file.txt", Creat | Excl).Errno);
        Assert.Equal(Errno.NoEnt, h.Open("missing.txt").Errno);
        Assert.Equal(Errno.NotDir, h.Open("file.txt", Directory).Errno);
        Assert.Equal(Errno.NotDir, h.Open("file.txt/").Errno);
    }

    [Fact]
    public void TruncateAppendAndFlags()
    {
        using var h = new WasiHarness();
        File.WriteAllText(h.InSandbox("log"), "abc");
        var (_, fd) = h.Open("log", fdflags: (uint)FdFlags.Append);
        h.Write(fd, "def");
        Assert.Equal("abcdef", File.ReadAllText(h.InSandbox("log")));
        Assert.Equal(Errno.Success, h.Call("fd_fdstat_get", fd, 2000));
        Assert.Equal((ushort)FdFlags.Append, h.U16(2002));
        Assert.Equal(Errno.Success, h.Call("fd_fdstat_set_flags", fd, 0));
        Assert.Equal(Errno.Success, h.Call("fd_seek", fd, 0, 0, 2000));
        h.Write(fd, "X");
        Assert.Equal("Xbcdef", File.ReadAllText(h.InSandbox("log")));
        Assert.Equal(Errno.Inval, h.Call("fd_fdstat_set_flags", fd, 0x20));

        var (errno, truncated) = h.Open("log", Trunc);
        Assert.Equal(Errno.Success, errno);
        Assert.Equal(0, new FileInfo(h.InSandbox("log")).Length);
        Assert.Equal(Errno.Success, h.Call("fd_close", truncated));
    }

    [Fact]
    public void RightsCanOnlyBeDropped()
    {
        using var h = new WasiHarness();
        var (_, fd) = h.Open("f", Creat);
        Assert.Equal(Errno.Success, h.Call("fd_fdstat_set_rights", fd, (ulong)Rights.FdRead, 0));
        Assert.Equal(Errno.NotCapable, h.Write(fd, "x").Errno);
        Assert.Equal(Errno.NotCapable, h.Call("fd_fdstat_set_rights", fd, (ulong)(Rights.FdRead | Rights.FdWrite), 0));
        Assert.Equal(Errno.Success, h.Call("fd_fdstat_get", fd, 2000));
        Assert.Equal((ulong)Rights.FdRead, h.U64(2008));

        // a read-only open cannot write
        var (_, ro) = h.Open("f", rights: Rights.FdRead);
        Assert.Equal(Errno.NotCapable, h.Write(ro, "x").Errno);
        // a directory cannot hand out rights it does not hold
        Assert.Equal(Errno.Success, h.Call("fd_fdstat_set_rights", WasiHarness.Sandbox, (ulong)Rights.Directory, (ulong)Rights.FdRead));
        Assert.Equal(Errno.NotCapable, h.Open("f", rights: Rights.FdWrite).Errno);
    }

    [Fact]
    public void PrestatNamesThePreopen()
    {
        using var h = new WasiHarness();
        Assert.Equal(Errno.Success, h.Call("fd_prestat_get", 3, 2000));
        Assert.Equal(0, h.Memory.GetSpan(2000, 1)[0]);
        Assert.Equal(8u, h.U32(2004));
        Assert.Equal(Errno.Success, h.Call("fd_prestat_dir_name", 3, 2100, 8));
        Assert.Equal("/sandbox", h.Text(2100, 8));
        Assert.Equal(Errno.NameTooLong, h.Call("fd_prestat_dir_name", 3, 2100, 3));
        Assert.Equal(Errno.Badf, h.Call("fd_prestat_get", 4, 2000));
        Assert.Equal(Errno.Badf, h.Call("fd_prestat_get", 1, 2000));
        Assert.Equal(Errno.Success, h.Call("fd_fdstat_get", 3, 2000));
        Assert.Equal((byte)FileType.Directory, h.Memory.GetSpan(2000, 1)[0]);
    }

    [Fact]
    public void DirectoriesAreCreatedListedAndRemoved()
    {
        using var h = new WasiHarness();
        Assert.Equal(Errno.Success, h.PathCall("path_create_directory", "d"));
        Assert.Equal(Errno.Exist, h.PathCall("path_create_directory", "d"));
        Assert.Equal(Errno.Success, h.PathCall("path_create_directory", "d/e/"));
        Assert.Equal(Errno.NoEnt, h.PathCall("path_create_directory", "x/y"));
        File.WriteAllText(h.InSandbox("d/bb"), "12");
        File.WriteAllText(h.InSandbox("d/a"), "1");

        var (errno, dir) = h.Open("d", Directory, Rights.FdReaddir | Rights.PathOpen | Rights.FdFilestatGet);
        Assert.Equal(Errno.Success, errno);
        var entries = ReadDir(h, dir, 4096, 0);
        Assert.Equal([".", "..", "a", "bb", "e"], entries.Select(e => e.Name));
        Assert.Equal([1UL, 2, 3, 4, 5], entries.Select(e => e.Next));
        Assert.Equal([FileType.Directory, FileType.Directory, FileType.RegularFile, FileType.RegularFile, FileType.Directory], entries.Select(e => e.Type));
        // resuming from a cookie
        Assert.Equal(["bb", "e"], ReadDir(h, dir, 4096, 3).Select(e => e.Name));
        Assert.Empty(ReadDir(h, dir, 4096, 5));

        // a buffer too small for the next entry is filled completely (the "call again" signal)
        var buffer = h.Alloc(40);
        Assert.Equal(Errno.Success, h.Call("fd_readdir", dir, buffer, 30, 0, 2000));
        Assert.Equal(30u, h.U32(2000));
        Assert.Equal(1UL, h.U64(buffer));
        Assert.Equal(1u, h.U32(buffer + 16));
        Assert.Equal(Errno.NotCapable, h.Call("fd_readdir", 1, buffer, 30, 0, 2000));

        // opening a file relative to the opened directory
        var (fileErrno, file) = h.Open("bb", directory: dir, rights: Rights.FdRead);
        Assert.Equal(Errno.Success, fileErrno);
        Assert.Equal((Errno.Success, "12"), h.Read(file));
        Assert.Equal(Errno.NotCapable, h.Write(file, "x").Errno);

        Assert.Equal(Errno.NotEmpty, h.PathCall("path_remove_directory", "d"));
        Assert.Equal(Errno.NotDir, h.PathCall("path_remove_directory", "d/a"));
        Assert.Equal(Errno.IsDir, h.PathCall("path_unlink_file", "d/e"));
        Assert.Equal(Errno.Success, h.PathCall("path_remove_directory", "d/e"));
        Assert.Equal(Errno.Success, h.PathCall("path_unlink_file", "d/a"));
        Assert.Equal(Errno.NoEnt, h.PathCall("path_unlink_file", "d/a"));
        Assert.False(File.Exists(h.InSandbox("d/a")));
        Assert.Equal(Errno.IsDir, h.Open("d", rights: Rights.FdWrite).Errno);
        Assert.Equal(Errno.NotCapable, h.Read(dir).Errno); // directories never hold fd_read
    }

    [Fact]
    public void PathFilestatRenameLinkAndSymlink()
    {
        using var h = new WasiHarness();
        File.WriteAllText(h.InSandbox("f"), "content");
        var (p, n) = h.Str("f");
        Assert.Equal(Errno.Success, h.Call("path_filestat_get", 3, 1, p, n, 3000));
        Assert.Equal((byte)FileType.RegularFile, h.Memory.GetSpan(3016, 1)[0]);
        Assert.Equal(7UL, h.U64(3032));

        // unstable layout: nlink is u32 at 20, size at 24
        Assert.Equal(Errno.Success, h.CallUnstable("path_filestat_get", 3, 1, p, n, 3000));
        Assert.Equal(1u, h.U32(3020));
        Assert.Equal(7UL, h.U64(3024));

        var (t, tn) = h.Str("f");
        var (l, ln) = h.Str("link");
        Assert.Equal(Errno.Success, h.Call("path_symlink", t, tn, 3, l, ln));
        Assert.Equal("f", new FileInfo(h.InSandbox("link")).LinkTarget);
        Assert.Equal(Errno.Exist, h.Call("path_symlink", t, tn, 3, l, ln));
        var buffer = h.Alloc(16);
        Assert.Equal(Errno.Success, h.Call("path_readlink", 3, l, ln, buffer, 16, 2000));
        Assert.Equal(1u, h.U32(2000));
        Assert.Equal("f", h.Text(buffer, 1));
        Assert.Equal(Errno.Inval, h.Call("path_readlink", 3, p, n, buffer, 16, 2000));
        Assert.Equal(Errno.Success, h.Call("path_filestat_get", 3, 0, l, ln, 3000));
        Assert.Equal((byte)FileType.SymbolicLink, h.Memory.GetSpan(3016, 1)[0]);
        Assert.Equal(Errno.Success, h.Call("path_filestat_get", 3, 1, l, ln, 3000));
        Assert.Equal((byte)FileType.RegularFile, h.Memory.GetSpan(3016, 1)[0]);
        Assert.Equal((Errno.Success, "content"), h.Read(h.Open("link").Fd));
        Assert.Equal(Errno.Loop, h.Open("link", dirflags: 0).Errno);

        var (g, gn) = h.Str("g");
        Assert.Equal(Errno.Success, h.Call("path_link", 3, 0, p, n, 3, g, gn));
        Assert.Equal("content", File.ReadAllText(h.InSandbox("g")));
        Assert.Equal(Errno.Exist, h.Call("path_link", 3, 0, p, n, 3, g, gn));

        var (r, rn) = h.Str("renamed");
        Assert.Equal(Errno.Success, h.Call("path_rename", 3, g, gn, 3, r, rn));
        Assert.False(File.Exists(h.InSandbox("g")));
        Assert.Equal("content", File.ReadAllText(h.InSandbox("renamed")));
        Assert.Equal(Errno.NoEnt, h.Call("path_rename", 3, g, gn, 3, r, rn));

        // set times on the file, through the symlink
        Assert.Equal(Errno.Success, h.Call("path_filestat_set_times", 3, 1, l, ln, 1_000_000_000UL * 86400 * 365, 1_000_000_000UL * 86400 * 366, 1 | 4));
        Assert.Equal(new DateTime(1971, 1, 2, 0, 0, 0, DateTimeKind.Utc), File.GetLastWriteTimeUtc(h.InSandbox("f")));
        Assert.Equal(Errno.Inval, h.Call("path_filestat_set_times", 3, 1, l, ln, 0, 0, 1 | 2));
        var (_, fd) = h.Open("f");
        Assert.Equal(Errno.Success, h.Call("fd_filestat_set_times", fd, 0, 0, 8));
        Assert.True(DateTime.UtcNow - File.GetLastWriteTimeUtc(h.InSandbox("f")) < TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void RenumberReplacesTheTarget()
    {
        using var h = new WasiHarness();
        var (_, a) = h.Open("a", Creat);
        var (_, b) = h.Open("b", Creat);
        Assert.Equal(Errno.Success, h.Call("fd_renumber", a, b));
        h.Write(b, "to-a");
        Assert.Equal("to-a", File.ReadAllText(h.InSandbox("a")));
        Assert.Equal(Errno.Badf, h.Write(a, "x").Errno);
        Assert.Equal(Errno.Badf, h.Call("fd_renumber", a, b));
        // the lowest free number is reused
        Assert.Equal(a, h.Open("c", Creat).Fd);
    }

    [Fact]
    public void UnstableSeekUsesTheOldWhenceOrder()
    {
        using var h = new WasiHarness();
        File.WriteAllText(h.InSandbox("f"), "0123456789");
        var (_, fd) = h.Open("f");
        Assert.Equal(Errno.Success, h.CallUnstable("fd_seek", fd, 4, 2, 2000)); // set
        Assert.Equal(4UL, h.U64(2000));
        Assert.Equal(Errno.Success, h.CallUnstable("fd_seek", fd, 1, 0, 2000)); // cur
        Assert.Equal(5UL, h.U64(2000));
        Assert.Equal(Errno.Success, h.CallUnstable("fd_seek", fd, unchecked((ulong)-1L), 1, 2000)); // end
        Assert.Equal(9UL, h.U64(2000));
        Assert.Equal(Errno.Success, h.CallUnstable("fd_filestat_get", fd, 3000));
        Assert.Equal(10UL, h.U64(3024));
    }

    internal static List<(ulong Next, ulong Inode, FileType Type, string Name)> ReadDir(WasiHarness h, uint fd, int size, ulong cookie)
    {
        var buffer = h.Alloc(size);
        Assert.Equal(Errno.Success, h.Call("fd_readdir", fd, buffer, (ulong)size, cookie, 2000));
        var used = h.U32(2000);
        var result = new List<(ulong, ulong, FileType, string)>();
        for (ulong at = 0; at < used;)
        {
            var length = (int)h.U32(buffer + at + 16);
            result.Add((h.U64(buffer + at), h.U64(buffer + at + 8), (FileType)h.Memory.GetSpan(buffer + at + 20, 1)[0], h.Text(buffer + at + 24, length)));
            at += 24 + (ulong)length;
        }
        return result;
    }
}
