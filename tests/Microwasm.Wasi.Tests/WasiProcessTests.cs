using Microwasm.Runtime;
using System.Buffers.Binary;

namespace Microwasm.Wasi.Tests;

public sealed class WasiProcessTests
{
    [Fact]
    public void ArgsAndEnvironmentAreLaidOutAsCStringArrays()
    {
        using var h = new WasiHarness(c => c.WithArguments("prog", "héllo", "").WithEnvironment("A", "1").WithEnvironment("PATH", "/x"));
        Assert.Equal(Errno.Success, h.Call("args_sizes_get", 100, 104));
        Assert.Equal(3u, h.U32(100));
        Assert.Equal((uint)("prog".Length + 1 + "héllo"u8.Length + 1 + 1), h.U32(104));
        Assert.Equal(Errno.Success, h.Call("args_get", 200, 300));
        Assert.Equal(300u, h.U32(200));
        Assert.Equal("prog\0", h.Text(300, 5));
        Assert.Equal(305u, h.U32(204));
        Assert.Equal("héllo\0", h.Text(h.U32(204), 7));
        Assert.Equal(0, h.Memory.GetSpan(h.U32(208), 1)[0]);

        Assert.Equal(Errno.Success, h.Call("environ_sizes_get", 100, 104));
        Assert.Equal(2u, h.U32(100));
        Assert.Equal(12u, h.U32(104));
        Assert.Equal(Errno.Success, h.Call("environ_get", 200, 300));
        Assert.Equal("A=1\0PATH=/x\0", h.Text(300, 12));
    }

    [Fact]
    public void ArgsOutOfBoundsIsEfault()
    {
        using var h = new WasiHarness(c => c.WithArguments("prog"));
        Assert.Equal(Errno.Fault, h.Call("args_get", 65534, 300));
        Assert.Equal(Errno.Fault, h.Call("args_get", 200, 65535));
        Assert.Equal(Errno.Fault, h.Call("args_sizes_get", 0xFFFF_FFFE, 0));
    }

    [Fact]
    public void ClocksAdvanceAndRejectUnknownIds()
    {
        using var h = new WasiHarness();
        Assert.Equal(Errno.Success, h.Call("clock_time_get", 0, 0, 100));
        var realtime = h.U64(100);
        var expected = (ulong)(DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
        Assert.InRange(realtime, expected - 5_000_000_000, expected + 5_000_000_000);

        Assert.Equal(Errno.Success, h.Call("clock_time_get", 1, 0, 100));
        var first = h.U64(100);
        Thread.Sleep(5);
        Assert.Equal(Errno.Success, h.Call("clock_time_get", 1, 0, 100));
        Assert.True(h.U64(100) - first >= 4_000_000);

        for (ulong id = 0; id < 4; id++)
        {
            Assert.Equal(Errno.Success, h.Call("clock_res_get", id, 100));
            Assert.InRange(h.U64(100), 1UL, 1_000_000UL);
            Assert.Equal(Errno.Success, h.Call("clock_time_get", id, 1, 100));
            Assert.NotEqual(0UL, h.U64(100));
        }
        Assert.Equal(Errno.Inval, h.Call("clock_time_get", 4, 0, 100));
        Assert.Equal(Errno.Inval, h.Call("clock_res_get", 99, 100));
        Assert.Equal(Errno.Fault, h.Call("clock_time_get", 0, 0, 65532));
    }

    [Fact]
    public void RandomFillsTheBufferAndChecksBounds()
    {
        using var h = new WasiHarness();
        Assert.Equal(Errno.Success, h.Call("random_get", 1000, 64));
        Assert.Contains(h.Memory.GetSpan(1000, 64).ToArray(), b => b != 0);
        Assert.Equal(Errno.Success, h.Call("random_get", 0, 0));
        Assert.Equal(Errno.Fault, h.Call("random_get", 65500, 100));
        // a pointer plus length that wraps around 2^32 is out of bounds, not a small range
        Assert.Equal(Errno.Fault, h.Call("random_get", 0xFFFF_FFF0, 0x20));
    }

    [Fact]
    public void ProcExitThrowsTheExitCodeAndRaiseIsNosys()
    {
        using var h = new WasiHarness();
        var e = Assert.Throws<WasmExitException>(() => h.Call("proc_exit", 42));
        Assert.Equal(42, e.ExitCode);
        Assert.Equal(Errno.NoSys, h.Call("proc_raise", 6));
        Assert.Equal(Errno.Success, h.Call("sched_yield"));
    }

    [Fact]
    public void EveryPreview1FunctionIsDefinedUnderBothModuleNames()
    {
        using var h = new WasiHarness();
        string[] names =
        [
            "args_get", "args_sizes_get", "environ_get", "environ_sizes_get", "clock_res_get", "clock_time_get",
            "fd_advise", "fd_allocate", "fd_close", "fd_datasync", "fd_fdstat_get", "fd_fdstat_set_flags",
            "fd_fdstat_set_rights", "fd_filestat_get", "fd_filestat_set_size", "fd_filestat_set_times", "fd_pread",
            "fd_prestat_get", "fd_prestat_dir_name", "fd_pwrite", "fd_read", "fd_readdir", "fd_renumber", "fd_seek",
            "fd_sync", "fd_tell", "fd_write", "path_create_directory", "path_filestat_get", "path_filestat_set_times",
            "path_link", "path_open", "path_readlink", "path_remove_directory", "path_rename", "path_symlink",
            "path_unlink_file", "poll_oneoff", "proc_exit", "proc_raise", "sched_yield", "random_get", "sock_accept",
            "sock_recv", "sock_send", "sock_shutdown",
        ];
        foreach (var name in names)
        {
            Assert.True(h.Functions.ContainsKey("wasi_snapshot_preview1." + name), name);
            if (name != "sock_accept")
            {
                Assert.True(h.Functions.ContainsKey("wasi_unstable." + name), name);
            }
        }
        Assert.Equal(names.Length * 2 - 1, h.Functions.Count);
        var pathOpen = h.Functions["wasi_snapshot_preview1.path_open"].Type;
        Assert.Equal("(i32 i32 i32 i32 i32 i64 i64 i32 i32) -> (i32)", pathOpen.ToString());
        Assert.Equal("(i32) -> ()", h.Functions["wasi_snapshot_preview1.proc_exit"].Type.ToString());
    }

    [Fact]
    public void PollWaitsForRelativeAndAbsoluteClocks()
    {
        using var h = new WasiHarness();
        // one relative 20 ms clock subscription (preview 1 layout: 48 bytes)
        var sub = new byte[48];
        BinaryPrimitives.WriteUInt64LittleEndian(sub, 0xABCD);
        sub[8] = 0; // clock
        BinaryPrimitives.WriteUInt32LittleEndian(sub.AsSpan(16), 1); // monotonic
        BinaryPrimitives.WriteUInt64LittleEndian(sub.AsSpan(24), 20_000_000);
        var input = h.Bytes(sub).Address;
        var output = h.Alloc(64);
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        Assert.Equal(Errno.Success, h.Call("poll_oneoff", input, output, 1, WasiHarness.Scratch));
        Assert.True(System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds >= 19);
        Assert.Equal(1u, h.U32(WasiHarness.Scratch));
        Assert.Equal(0xABCDUL, h.U64(output));
        Assert.Equal(0, h.U16(output + 8));
        Assert.Equal(0, h.Memory.GetSpan(output + 10, 1)[0]);

        // absolute realtime deadline already in the past fires at once
        BinaryPrimitives.WriteUInt32LittleEndian(sub.AsSpan(16), 0);
        BinaryPrimitives.WriteUInt64LittleEndian(sub.AsSpan(24), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(sub.AsSpan(40), 1);
        input = h.Bytes(sub).Address;
        Assert.Equal(Errno.Success, h.Call("poll_oneoff", input, output, 1, WasiHarness.Scratch));
        Assert.Equal(1u, h.U32(WasiHarness.Scratch));

        Assert.Equal(Errno.Inval, h.Call("poll_oneoff", input, output, 0, WasiHarness.Scratch));
        Assert.Equal(Errno.Fault, h.Call("poll_oneoff", 65530, output, 1, WasiHarness.Scratch));
    }

    [Fact]
    public void PollReportsReadableFilesBeforeALongClock()
    {
        using var h = new WasiHarness();
        File.WriteAllText(h.InSandbox("data"), "12345");
        var (errno, fd) = h.Open("data");
        Assert.Equal(Errno.Success, errno);
        var subs = new byte[96];
        BinaryPrimitives.WriteUInt64LittleEndian(subs, 1);
        subs[8] = 0;
        BinaryPrimitives.WriteUInt32LittleEndian(subs.AsSpan(16), 1);
        BinaryPrimitives.WriteUInt64LittleEndian(subs.AsSpan(24), 60_000_000_000);
        BinaryPrimitives.WriteUInt64LittleEndian(subs.AsSpan(48), 2);
        subs[56] = 1; // fd_read
        BinaryPrimitives.WriteUInt32LittleEndian(subs.AsSpan(64), fd);
        var input = h.Bytes(subs).Address;
        var output = h.Alloc(64);
        Assert.Equal(Errno.Success, h.Call("poll_oneoff", input, output, 2, WasiHarness.Scratch));
        Assert.Equal(1u, h.U32(WasiHarness.Scratch));
        Assert.Equal(2UL, h.U64(output));
        Assert.Equal(1, h.Memory.GetSpan(output + 10, 1)[0]);
        Assert.Equal(5UL, h.U64(output + 16));

        // a bad descriptor is an event carrying EBADF
        BinaryPrimitives.WriteUInt32LittleEndian(subs.AsSpan(64), 77);
        input = h.Bytes(subs).Address;
        Assert.Equal(Errno.Success, h.Call("poll_oneoff", input, output, 2, WasiHarness.Scratch));
        Assert.Equal((ushort)Errno.Badf, h.U16(output + 8));
    }

    [Fact]
    public void UnstablePollReadsTheClockAfterItsIdentifier()
    {
        using var h = new WasiHarness();
        var sub = new byte[56];
        BinaryPrimitives.WriteUInt64LittleEndian(sub, 7);
        sub[8] = 0;
        BinaryPrimitives.WriteUInt64LittleEndian(sub.AsSpan(16), 0x1111); // identifier
        BinaryPrimitives.WriteUInt32LittleEndian(sub.AsSpan(24), 1);
        BinaryPrimitives.WriteUInt64LittleEndian(sub.AsSpan(32), 1_000_000);
        var input = h.Bytes(sub).Address;
        var output = h.Alloc(64);
        Assert.Equal(Errno.Success, h.CallUnstable("poll_oneoff", input, output, 1, WasiHarness.Scratch));
        Assert.Equal(1u, h.U32(WasiHarness.Scratch));
        Assert.Equal(7UL, h.U64(output));
        Assert.Equal(0, h.U16(output + 8));
    }
}
