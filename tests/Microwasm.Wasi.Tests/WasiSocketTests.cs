using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Microwasm.Wasi.Tests;

public sealed class WasiSocketTests
{
    [Fact]
    public void WithoutSocketsTheCallsFailWithBadfOrNotsock()
    {
        using var h = new WasiHarness();
        Assert.Equal(Errno.Badf, h.Call("sock_accept", 9, 0, 100));
        Assert.Equal(Errno.NotSock, h.Call("sock_accept", 3, 0, 100));
        Assert.Equal(Errno.NotSock, h.Call("sock_recv", 1, h.Iovecs((200, 4)), 1, 0, 100, 104));
        Assert.Equal(Errno.NotSock, h.Call("sock_send", 0, h.Iovecs((200, 4)), 1, 0, 100));
        Assert.Equal(Errno.NotSock, h.Call("sock_shutdown", 2, 3));
        Assert.Equal(Errno.Badf, h.Call("sock_shutdown", 77, 3));
    }

    [Fact]
    public void APreopenedListenerAcceptsReceivesAndSends()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        using var h = new WasiHarness(c => c.WithSocket(listener));
        const uint listenerFd = 4;
        Assert.Equal(Errno.Success, h.Call("fd_fdstat_get", listenerFd, 2000));
        Assert.Equal((byte)FileType.SocketStream, h.Memory.GetSpan(2000, 1)[0]);

        // non-blocking accept with nobody waiting
        Assert.Equal(Errno.Success, h.Call("fd_fdstat_set_flags", listenerFd, (ulong)FdFlags.NonBlock));
        Assert.Equal(Errno.Again, h.Call("sock_accept", listenerFd, 0, 100));

        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect(listener.LocalEndPoint!);
        client.Send("ping!"u8);
        Thread.Sleep(50);
        Assert.Equal(Errno.Success, h.Call("sock_accept", listenerFd, 0, 100));
        var connection = h.U32(100);
        Assert.Equal(5u, connection);

        // peek, then read across two buffers
        var buffer = h.Alloc(16);
        Assert.Equal(Errno.Success, h.Call("sock_recv", connection, h.Iovecs((buffer, 2)), 1, 1, 100, 104));
        Assert.Equal(2u, h.U32(100));
        Assert.Equal(Errno.Success, h.Call("sock_recv", connection, h.Iovecs((buffer, 2), (buffer + 8, 8)), 2, 0, 100, 104));
        Assert.Equal(5u, h.U32(100));
        Assert.Equal("pi", h.Text(buffer, 2));
        Assert.Equal("ng!", h.Text(buffer + 8, 3));
        Assert.Equal(0, h.U16(104));

        Assert.Equal(Errno.Success, h.Call("sock_send", connection, h.Iovecs(h.Str("po"), h.Str("ng")), 2, 0, 100));
        Assert.Equal(4u, h.U32(100));
        var reply = new byte[4];
        Assert.Equal(4, client.Receive(reply, SocketFlags.None));
        Assert.Equal("pong", Encoding.ASCII.GetString(reply));

        // fd_write works on a socket too
        Assert.Equal((Errno.Success, 3u), h.Write(connection, "abc"));
        Assert.Equal(3, client.Receive(reply, SocketFlags.None));

        // poll: nothing to read, so the 30 ms clock fires; then data arrives and fd_read fires
        var subs = new byte[96];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(subs, 1);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(subs.AsSpan(16), 1);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(subs.AsSpan(24), 30_000_000);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(subs.AsSpan(48), 2);
        subs[56] = 1;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(subs.AsSpan(64), connection);
        var input = h.Bytes(subs).Address;
        var events = h.Alloc(64);
        Assert.Equal(Errno.Success, h.Call("poll_oneoff", input, events, 2, 100));
        Assert.Equal(1u, h.U32(100));
        Assert.Equal(1UL, h.U64(events));
        client.Send("x"u8);
        Assert.Equal(Errno.Success, h.Call("poll_oneoff", input, events, 2, 100));
        var fired = Enumerable.Range(0, (int)h.U32(100)).Select(i => (UserData: h.U64(events + (ulong)i * 32), Bytes: h.U64(events + (ulong)i * 32 + 16)));
        Assert.Contains((2UL, 1UL), fired);

        Assert.Equal(Errno.Inval, h.Call("sock_shutdown", connection, 4));
        Assert.Equal(Errno.Success, h.Call("sock_shutdown", connection, 2));
        Assert.Equal(0, client.Receive(reply, SocketFlags.None));
        Assert.Equal(Errno.Success, h.Call("fd_close", connection));
    }

    [Fact]
    public void AnInterruptEndsABlockingAcceptAndReceive()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        using var h = new WasiHarness(c => c.WithSocket(listener));
        const uint listenerFd = 4;

        // nobody connects: the accept waits until the interrupt
        using (new Timer(_ => h.Context.RequestInterrupt(), null, 200, Timeout.Infinite))
        {
            Assert.Equal(Runtime.TrapKind.Interrupted, Assert.Throws<Runtime.WasmTrap>(() => h.Call("sock_accept", listenerFd, 0, 100)).Kind);
        }
        h.Context.ClearInterrupt();

        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect(listener.LocalEndPoint!);
        Assert.Equal(Errno.Success, h.Call("sock_accept", listenerFd, 0, 100));
        var connection = h.U32(100);

        // connected, but the peer sends nothing: sock_recv and fd_read wait until the interrupt
        var buffer = h.Alloc(16);
        foreach (var call in new Func<Errno>[]
        {
            () => h.Call("sock_recv", connection, h.Iovecs((buffer, 16)), 1, 0, 100, 104),
            () => h.Call("fd_read", connection, h.Iovecs((buffer, 16)), 1, 100),
        })
        {
            using (new Timer(_ => h.Context.RequestInterrupt(), null, 200, Timeout.Infinite))
            {
                Assert.Equal(Runtime.TrapKind.Interrupted, Assert.Throws<Runtime.WasmTrap>(() => call()).Kind);
            }
            h.Context.ClearInterrupt();
        }

        client.Send("late"u8);
        Assert.Equal(Errno.Success, h.Call("sock_recv", connection, h.Iovecs((buffer, 16)), 1, 0, 100, 104));
        Assert.Equal(4u, h.U32(100));
        Assert.Equal("late", h.Text(buffer, 4));
    }

    [Fact]
    public void AnInterruptEndsASendToAPeerThatDoesNotRead()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        using var h = new WasiHarness(c => c.WithSocket(listener));
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.ReceiveBufferSize = 4096;
        client.Connect(listener.LocalEndPoint!);
        Assert.Equal(Errno.Success, h.Call("sock_accept", 4, 0, 100));
        var connection = h.U32(100);

        // 32 MiB, far more than the socket buffers hold, to a peer that reads nothing
        const uint Length = 32 << 20;
        using var memory = new Runtime.MemoryInstance(new Model.MemoryType(new Model.Limits(Length / 65536 + 1, null)));
        h.UseMemory(memory);
        var iovs = Length;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(memory.GetSpan(iovs, 8), 0);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(memory.GetSpan(iovs + 4, 4), Length);
        using (new Timer(_ => h.Context.RequestInterrupt(), null, 300, Timeout.Infinite))
        {
            Assert.Equal(Runtime.TrapKind.Interrupted, Assert.Throws<Runtime.WasmTrap>(() => h.Call("sock_send", connection, iovs, 1, 0, iovs + 8)).Kind);
        }
        h.Context.ClearInterrupt();

        // non-blocking, the same send returns at once: a short count or EAGAIN
        Assert.Equal(Errno.Success, h.Call("fd_fdstat_set_flags", connection, (ulong)FdFlags.NonBlock));
        var errno = h.Call("sock_send", connection, iovs, 1, 0, iovs + 8);
        Assert.True(errno == Errno.Again || (errno == Errno.Success && System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(memory.GetSpan(iovs + 8, 4)) < Length), errno.ToString());
    }
}
