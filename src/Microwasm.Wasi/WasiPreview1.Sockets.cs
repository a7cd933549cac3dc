using System.Buffers;
using System.Net.Sockets;
using Microwasm.Host;

namespace Microwasm.Wasi;

// sock_* on pre-opened sockets (WASI preview 1 cannot create or connect sockets).
public sealed partial class WasiPreview1
{
    private Errno SockAccept(GuestMemory memory, uint fd, uint flags, uint result)
    {
        memory.CheckRange(result, 4);
        var socket = SocketOf(fd, Rights.SockAccept);
        if ((flags & ~(uint)FdFlags.NonBlock) != 0)
        {
            return Errno.Inval;
        }
        _files.EnsureRoom();
        var entry = _files.Get(fd);
        if ((entry.Flags & FdFlags.NonBlock) != 0 && !socket.Poll(0, SelectMode.SelectRead))
        {
            return Errno.Again;
        }
        WaitUntilReady(socket, SelectMode.SelectRead);
        var client = socket.Accept();
        client.Blocking = (flags & (uint)FdFlags.NonBlock) == 0;
        memory.WriteUInt32(result, _files.Add(new WasiFileDescriptor
        {
            Type = FileType.SocketStream,
            RightsBase = Rights.Socket & ~Rights.SockAccept,
            RightsInheriting = Rights.None,
            Flags = (FdFlags)flags,
            Socket = client,
        }));
        return Errno.Success;
    }

    private Errno SockRecv(GuestMemory memory, uint fd, uint iovs, uint iovsLength, uint flags, uint resultLength, uint resultFlags)
    {
        var socket = SocketOf(fd, Rights.FdRead);
        var vectors = ReadVectors(memory, iovs, iovsLength);
        memory.CheckRange(resultLength, 4);
        memory.CheckRange(resultFlags, 2);
        if ((flags & ~(uint)(WasiConstants.RecvPeek | WasiConstants.RecvWaitall)) != 0)
        {
            return Errno.Inval;
        }
        var socketFlags = (flags & WasiConstants.RecvPeek) != 0 ? SocketFlags.Peek : SocketFlags.None;
        var received = SocketReceive(memory, socket, vectors, socketFlags, waitAll: (flags & WasiConstants.RecvWaitall) != 0);
        memory.WriteUInt32(resultLength, (uint)received);
        memory.WriteUInt16(resultFlags, 0);
        return Errno.Success;
    }

    private Errno SockSend(GuestMemory memory, uint fd, uint iovs, uint iovsLength, uint flags, uint result)
    {
        _ = flags; // siflags has no flags defined
        var socket = SocketOf(fd, Rights.FdWrite);
        var vectors = ReadVectors(memory, iovs, iovsLength);
        memory.CheckRange(result, 4);
        memory.WriteUInt32(result, (uint)SocketSend(memory, socket, vectors));
        return Errno.Success;
    }

    private Errno SockShutdown(uint fd, uint how)
    {
        var socket = SocketOf(fd, Rights.SockShutdown);
        var mode = how switch
        {
            WasiConstants.ShutdownRead => SocketShutdown.Receive,
            WasiConstants.ShutdownWrite => SocketShutdown.Send,
            WasiConstants.ShutdownRead | WasiConstants.ShutdownWrite => SocketShutdown.Both,
            _ => throw new WasiErrnoException(Errno.Inval),
        };
        socket.Shutdown(mode);
        return Errno.Success;
    }

    /// <summary>EBADF for no descriptor, ENOTSOCK for a descriptor that is not a socket.</summary>
    private Socket SocketOf(uint fd, Rights rights)
    {
        var entry = _files.Get(fd);
        if (entry.Socket is not { } socket)
        {
            throw new WasiErrnoException(Errno.NotSock);
        }
        if ((entry.RightsBase & rights) != rights)
        {
            throw new WasiErrnoException(Errno.NotCapable);
        }
        return socket;
    }

    /// <summary>
    /// One receive into a host buffer scattered over the iovecs: a single call keeps
    /// <c>MSG_PEEK</c> and datagram boundaries right across several buffers.
    /// </summary>
    private static long SocketReceive(GuestMemory memory, Socket socket, (uint Address, int Length)[] vectors, SocketFlags flags, bool waitAll)
    {
        var total = (int)Math.Min(vectors.Sum(v => (long)v.Length), 1 << 20);
        if (total == 0)
        {
            return 0;
        }
        var buffer = ArrayPool<byte>.Shared.Rent(total);
        try
        {
            WaitUntilReady(socket, SelectMode.SelectRead);
            var received = socket.Receive(buffer, 0, total, flags);
            while (waitAll && received > 0 && received < total && (flags & SocketFlags.Peek) == 0)
            {
                WaitUntilReady(socket, SelectMode.SelectRead);
                var more = socket.Receive(buffer, received, total - received, flags);
                if (more == 0)
                {
                    break;
                }
                received += more;
            }
            var at = 0;
            foreach (var (address, length) in vectors)
            {
                if (at == received)
                {
                    break;
                }
                var count = Math.Min(length, received - at);
                buffer.AsSpan(at, count).CopyTo(memory.GetSpan(address, (ulong)count));
                at += count;
            }
            return received;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Waits, for a blocking socket, until <paramref name="mode"/> would not block, in slices that
    /// check for an interrupt: a blocking accept or receive with no peer never returns, and
    /// nothing else could end it at the embedder's deadline. (A readable socket may also be one
    /// whose peer closed or that failed; the call that follows reports that.)
    /// </summary>
    private static void WaitUntilReady(Socket socket, SelectMode mode)
    {
        if (!socket.Blocking)
        {
            return;
        }
        while (!socket.Poll(InterruptSlice, mode))
        {
            ThrowIfInterrupted();
        }
    }

    private static long SocketSend(GuestMemory memory, Socket socket, (uint Address, int Length)[] vectors)
    {
        // A blocking send to a peer that stops reading would wait in the host for ever: it is
        // done without blocking, waiting for room in slices that check for an interrupt.
        var blocking = socket.Blocking;
        socket.Blocking = false;
        try
        {
            long total = 0;
            foreach (var (address, length) in vectors)
            {
                var data = memory.GetSpan(address, (ulong)length);
                var offset = 0;
                while (offset < length)
                {
                    var sent = socket.Send(data[offset..], SocketFlags.None, out var error);
                    if (error == SocketError.WouldBlock)
                    {
                        if (!blocking)
                        {
                            // non-blocking: what was sent so far, or EAGAIN for nothing
                            return total + offset > 0 ? total + offset : throw new SocketException((int)error);
                        }
                        while (!socket.Poll(InterruptSlice, SelectMode.SelectWrite))
                        {
                            ThrowIfInterrupted();
                        }
                        continue;
                    }
                    if (error != SocketError.Success)
                    {
                        throw new SocketException((int)error);
                    }
                    offset += sent;
                    if (!blocking && offset < length)
                    {
                        // a short non-blocking send ends the call
                        return total + offset;
                    }
                }
                total += length;
            }
            return total;
        }
        finally
        {
            socket.Blocking = blocking;
        }
    }
}
