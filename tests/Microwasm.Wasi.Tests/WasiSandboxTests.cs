namespace Microwasm.Wasi.Tests;

/// <summary>
/// Every way out of the pre-opened directory must fail and leave the host untouched outside the
/// sandbox (the harness's "outside" directory sits right next to it and holds a canary).
/// </summary>
public sealed class WasiSandboxTests
{
    private const uint Creat = 1, Directory = 2;

    [Theory]
    [InlineData("../outside/secret.txt")]
    [InlineData("..")]
    [InlineData("a/../../outside/secret.txt")]
    [InlineData("./../outside/secret.txt")]
    [InlineData("sub/../../outside/secret.txt")]
    [InlineData("sub/../sub/../../outside")]
    public void DotDotCannotClimbAboveThePreopen(string path)
    {
        using var h = new WasiHarness();
        System.IO.Directory.CreateDirectory(h.InSandbox("sub"));
        System.IO.Directory.CreateDirectory(h.InSandbox("a"));
        Assert.Equal(Errno.NotCapable, h.Open(path, rights: Rights.FdRead).Errno);
        Assert.Equal(Errno.NotCapable, h.Open(path, Creat).Errno);
        Assert.Equal(Errno.NotCapable, h.PathCall("path_unlink_file", path));
        Assert.Equal(Errno.NotCapable, h.PathCall("path_remove_directory", path));
        Assert.Equal(Errno.NotCapable, h.PathCall("path_create_directory", path + "/newdir"));
        h.AssertOutsideUntouched();
    }

    [Fact]
    public void DotDotInsideTheSandboxIsFine()
    {
        using var h = new WasiHarness();
        System.IO.Directory.CreateDirectory(h.InSandbox("sub/deeper"));
        File.WriteAllText(h.InSandbox("top.txt"), "top");
        Assert.Equal((Errno.Success, "top"), h.Read(h.Open("sub/deeper/../../top.txt", rights: Rights.FdRead).Fd));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/etc/passwd")]
    [InlineData("/sandbox/x")]
    [InlineData("//x")]
    public void AbsolutePathsAreNotCapable(string path)
    {
        using var h = new WasiHarness();
        Assert.Equal(Errno.NotCapable, h.Open(path, rights: Rights.FdRead).Errno);
        Assert.Equal(Errno.NotCapable, h.Open(path, Creat).Errno);
        Assert.Equal(Errno.NotCapable, h.PathCall("path_create_directory", path));
        h.AssertOutsideUntouched();
    }

    [Fact]
    public void SymlinksLeavingTheSandboxAreNotFollowed()
    {
        using var h = new WasiHarness();
        File.CreateSymbolicLink(h.InSandbox("relative"), "../outside/secret.txt");
        File.CreateSymbolicLink(h.InSandbox("absolute"), Path.Combine(h.OutsidePath, "secret.txt"));
        System.IO.Directory.CreateSymbolicLink(h.InSandbox("outdir"), "../outside/dir");
        System.IO.Directory.CreateSymbolicLink(h.InSandbox("outdir-abs"), Path.Combine(h.OutsidePath, "dir"));
        // a chain: each link looks harmless, together they leave
        System.IO.Directory.CreateDirectory(h.InSandbox("sub"));
        File.CreateSymbolicLink(h.InSandbox("chain1"), "sub/chain2");
        File.CreateSymbolicLink(h.InSandbox("sub/chain2"), "../chain3");
        File.CreateSymbolicLink(h.InSandbox("chain3"), "sub/../../outside/secret.txt");

        foreach (var link in new[] { "relative", "absolute", "chain1" })
        {
            Assert.Equal(Errno.NotCapable, h.Open(link, rights: Rights.FdRead).Errno);
            Assert.Equal(Errno.NotCapable, h.Open(link, Creat).Errno);
            var (p, n) = h.Str(link);
            Assert.Equal(Errno.NotCapable, h.Call("path_filestat_get", 3, 1, p, n, 3000));
            Assert.Equal(Errno.NotCapable, h.Call("path_filestat_set_times", 3, 1, p, n, 0, 0, 2 | 8));
            // without follow, the link itself is what is named: opening it is ELOOP, never the target
            Assert.Equal(Errno.Loop, h.Open(link, dirflags: 0, rights: Rights.FdRead).Errno);
        }
        foreach (var dir in new[] { "outdir", "outdir-abs" })
        {
            Assert.Equal(Errno.NotCapable, h.Open(dir + "/x", Creat).Errno);
            Assert.Equal(Errno.NotCapable, h.Open(dir, Directory, Rights.FdReaddir).Errno);
            Assert.Equal(Errno.NotCapable, h.PathCall("path_create_directory", dir + "/new"));
            Assert.Equal(Errno.NotCapable, h.PathCall("path_unlink_file", dir + "/../secret.txt"));
            Assert.Equal(Errno.NotCapable, h.PathCall("path_create_directory", dir + "/"));
            var (t, tn) = h.Str("x");
            var (l, ln) = h.Str(dir + "/planted");
            Assert.Equal(Errno.NotCapable, h.Call("path_symlink", t, tn, 3, l, ln));
        }

        // unlinking and renaming a link touches the link, never its target
        Assert.Equal(Errno.Success, h.PathCall("path_unlink_file", "relative"));
        var (a, an) = h.Str("absolute");
        var (b, bn) = h.Str("moved");
        Assert.Equal(Errno.Success, h.Call("path_rename", 3, a, an, 3, b, bn));
        Assert.Equal(Errno.NotDir, h.PathCall("path_remove_directory", "outdir"));
        Assert.Equal(Errno.Success, h.PathCall("path_unlink_file", "outdir"));
        h.AssertOutsideUntouched();
    }

    [Fact]
    public void DotDotAfterASymlinkAppliesToTheTarget()
    {
        using var h = new WasiHarness();
        System.IO.Directory.CreateDirectory(h.InSandbox("a/b"));
        File.WriteAllText(h.InSandbox("a/here.txt"), "here");
        System.IO.Directory.CreateSymbolicLink(h.InSandbox("link"), "a/b");
        // link/.. is a (the target's parent), not the sandbox root
        Assert.Equal((Errno.Success, "here"), h.Read(h.Open("link/../here.txt", rights: Rights.FdRead).Fd));
        // and climbing further still stops at the root
        Assert.Equal(Errno.NotCapable, h.Open("link/../../../outside/secret.txt", rights: Rights.FdRead).Errno);
        System.IO.Directory.CreateSymbolicLink(h.InSandbox("a/b/up"), "../../..");
        Assert.Equal(Errno.NotCapable, h.Open("a/b/up/outside/secret.txt", rights: Rights.FdRead).Errno);
        h.AssertOutsideUntouched();
    }

    [Fact]
    public void SymlinkLoopsAreEloop()
    {
        using var h = new WasiHarness();
        File.CreateSymbolicLink(h.InSandbox("x"), "y");
        File.CreateSymbolicLink(h.InSandbox("y"), "x");
        File.CreateSymbolicLink(h.InSandbox("self"), "self/a");
        Assert.Equal(Errno.Loop, h.Open("x", rights: Rights.FdRead).Errno);
        Assert.Equal(Errno.Loop, h.Open("self", rights: Rights.FdRead).Errno);
        Assert.Equal(Errno.Loop, h.PathCall("path_create_directory", "x/d"));
    }

    [Fact]
    public void RenameAndLinkCannotReachOutside()
    {
        using var h = new WasiHarness();
        File.WriteAllText(h.InSandbox("f"), "inside");
        System.IO.Directory.CreateSymbolicLink(h.InSandbox("out"), "../outside");
        var (f, fn) = h.Str("f");
        foreach (var target in new[] { "../outside/f", "/tmp/f", "out/f", "out/secret.txt" })
        {
            var (t, tn) = h.Str(target);
            Assert.Equal(Errno.NotCapable, h.Call("path_rename", 3, f, fn, 3, t, tn));
            Assert.Equal(Errno.NotCapable, h.Call("path_link", 3, 0, f, fn, 3, t, tn));
            // and the other way round: pulling an outside file in
            Assert.Equal(Errno.NotCapable, h.Call("path_rename", 3, t, tn, 3, f, fn));
            Assert.Equal(Errno.NotCapable, h.Call("path_link", 3, 1, t, tn, 3, f, fn));
        }
        // linking a symlink that points outside copies the link, not the outside file
        File.CreateSymbolicLink(h.InSandbox("evil"), "../outside/secret.txt");
        var (e, en) = h.Str("evil");
        var (c, cn) = h.Str("copy");
        Assert.Equal(Errno.NotCapable, h.Call("path_link", 3, 1, e, en, 3, c, cn));
        Assert.Equal(Errno.Success, h.Call("path_link", 3, 0, e, en, 3, c, cn));
        Assert.Equal("../outside/secret.txt", new FileInfo(h.InSandbox("copy")).LinkTarget);
        Assert.Equal(Errno.NotCapable, h.Open("copy", rights: Rights.FdRead).Errno);
        // the sandbox root itself cannot be renamed or removed
        var (dot, dotn) = h.Str(".");
        var (n, nn) = h.Str("newname");
        Assert.Equal(Errno.NotCapable, h.Call("path_rename", 3, dot, dotn, 3, n, nn));
        Assert.Equal(Errno.NotCapable, h.PathCall("path_remove_directory", "."));
        Assert.Equal("inside", File.ReadAllText(h.InSandbox("f")));
        h.AssertOutsideUntouched();
    }

    [Fact]
    public void AbsoluteSymlinkTargetsCannotBeCreated()
    {
        using var h = new WasiHarness();
        var (t, tn) = h.Str(Path.Combine(h.OutsidePath, "secret.txt"));
        var (l, ln) = h.Str("l");
        Assert.Equal(Errno.NotCapable, h.Call("path_symlink", t, tn, 3, l, ln));
        Assert.False(File.Exists(h.InSandbox("l")));
        // a relative target that leaves may be created (it is only text) but never followed out
        var (r, rn) = h.Str("../outside/secret.txt");
        Assert.Equal(Errno.Success, h.Call("path_symlink", r, rn, 3, l, ln));
        Assert.Equal(Errno.NotCapable, h.Open("l", rights: Rights.FdRead).Errno);
        Assert.Equal(Errno.NotCapable, h.Open("l", Creat | 8).Errno);
        h.AssertOutsideUntouched();
    }

    [Fact]
    public void ADirectoryDescriptorReplacedByASymlinkStaysInside()
    {
        using var h = new WasiHarness();
        System.IO.Directory.CreateDirectory(h.InSandbox("sub"));
        var (errno, dir) = h.Open("sub", Directory, Rights.PathOpen | Rights.PathCreateFile | Rights.FdReaddir | Rights.FdFilestatSetTimes | Rights.FdFilestatGet);
        Assert.Equal(Errno.Success, errno);
        // the guest (or anyone) swaps the directory for a link to the outside
        System.IO.Directory.Move(h.InSandbox("sub"), h.InSandbox("sub-old"));
        System.IO.Directory.CreateSymbolicLink(h.InSandbox("sub"), "../outside/dir");
        Assert.Equal(Errno.NotCapable, h.Open("planted", Creat, directory: dir).Errno);
        Assert.Equal(Errno.NotCapable, h.Open("../secret.txt", rights: Rights.FdRead, directory: dir).Errno);
        // the descriptor's own operations re-walk its path too
        Assert.Equal(Errno.NotCapable, h.Call("fd_readdir", dir, h.Alloc(256), 256, 0, 2000));
        Assert.Equal(Errno.NotCapable, h.Call("fd_filestat_set_times", dir, 0, 0, 2 | 8));
        Assert.Equal(Errno.NotCapable, h.Call("fd_filestat_get", dir, 3000));
        h.AssertOutsideUntouched();
    }

    [Fact]
    public void AnOpenFileKeepsWorkingOnItsOwnHandle()
    {
        using var h = new WasiHarness();
        System.IO.Directory.CreateDirectory(h.InSandbox("sub"));
        File.WriteAllText(h.InSandbox("sub/secret.txt"), "mine");
        var (_, fd) = h.Open("sub/secret.txt");
        System.IO.Directory.Move(h.InSandbox("sub"), h.InSandbox("sub-old"));
        System.IO.Directory.CreateSymbolicLink(h.InSandbox("sub"), "../outside");
        Assert.Equal(Errno.Success, h.Call("fd_filestat_set_times", fd, 0, 0, 2 | 8));
        Assert.Equal(Errno.Success, h.Call("fd_filestat_get", fd, 3000));
        Assert.Equal(4UL, h.U64(3032));
        Assert.Equal(Errno.Success, h.Call("fd_filestat_set_size", fd, 2));
        Assert.Equal("mi", File.ReadAllText(h.InSandbox("sub-old/secret.txt")));
        h.AssertOutsideUntouched();
    }

    [Fact]
    public void GuestPointersOutsideMemoryAreEfault()
    {
        using var h = new WasiHarness();
        File.WriteAllText(h.InSandbox("f"), "data");
        const ulong end = 65536;
        // path pointer past the end, and path that straddles the end
        Assert.Equal(Errno.Fault, h.Call("path_open", 3, 0, end, 1, 1, (ulong)Rights.RegularFile, 0, 0, 100));
        Assert.Equal(Errno.Fault, h.Call("path_open", 3, 0, end - 2, 4, 1, (ulong)Rights.RegularFile, 0, 0, 100));
        Assert.Equal(Errno.Fault, h.Call("path_open", 3, 0, 0xFFFF_FFFF, 2, 1, (ulong)Rights.RegularFile, 0, 0, 100));
        // the result pointer is checked before anything is created
        var (p, n) = h.Str("created");
        Assert.Equal(Errno.Fault, h.Call("path_open", 3, 0, p, n, 1, (ulong)Rights.RegularFile, 0, 0, end - 2));
        Assert.False(File.Exists(h.InSandbox("created")));

        var (_, fd) = h.Open("f");
        // an iovec array that runs off the end, and an iovec whose buffer does
        Assert.Equal(Errno.Fault, h.Call("fd_write", fd, end - 4, 1, 100));
        var bad = h.Iovecs((h.Str("ok").Address, 2), (end - 1, 2));
        Assert.Equal(Errno.Fault, h.Call("fd_write", fd, bad, 2, 100));
        Assert.Equal("data", File.ReadAllText(h.InSandbox("f"))); // validated before any byte was written
        var wraps = h.Iovecs((0xFFFF_FFF0, 0x20));
        Assert.Equal(Errno.Fault, h.Call("fd_read", fd, wraps, 1, 100));
        Assert.Equal(Errno.Fault, h.Call("fd_read", fd, h.Iovecs((100, 4)), 1, end));
        Assert.Equal(Errno.Inval, h.Call("fd_write", fd, 0, 100_000, 100));
        Assert.Equal(Errno.Fault, h.Call("fd_readdir", 3, end - 10, 100, 0, 100));
        Assert.Equal(Errno.Fault, h.Call("fd_fdstat_get", fd, end - 8));
        Assert.Equal(Errno.Fault, h.Call("fd_filestat_get", fd, end - 63));
        Assert.Equal(Errno.Fault, h.Call("fd_prestat_dir_name", 3, end - 3, 8));
        Assert.Equal(Errno.Fault, h.Call("path_readlink", 3, p, n, end - 1, 10, 100));
        Assert.Equal(Errno.Fault, h.Call("poll_oneoff", 0, end - 31, 1, 100));
        h.AssertOutsideUntouched();
    }

    [Fact]
    public void InvalidPathsAreRejected()
    {
        using var h = new WasiHarness();
        Assert.Equal(Errno.NoEnt, h.Open("", rights: Rights.FdRead).Errno);
        Assert.Equal(Errno.Inval, h.Open("a\0b", Creat).Errno);
        var invalidUtf8 = h.Bytes([0x61, 0xFF, 0x62]);
        Assert.Equal(Errno.Ilseq, h.Call("path_create_directory", 3, invalidUtf8.Address, invalidUtf8.Length));
        Assert.Equal(Errno.NameTooLong, h.Open(new string('a', 300), Creat).Errno);
        Assert.Equal(Errno.NotCapable, h.Open("x", Creat, directory: 1).Errno); // stdout holds no path rights
        Assert.Equal(Errno.Badf, h.Open("x", Creat, directory: 99).Errno);
        Assert.Empty(System.IO.Directory.GetFileSystemEntries(h.SandboxPath));
    }
}
