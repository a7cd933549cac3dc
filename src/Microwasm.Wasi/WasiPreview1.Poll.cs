using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;
using Microwasm.Host;

namespace Microwasm.Wasi;

// poll_oneoff.
public sealed partial class WasiPreview1
{
    private struct Subscription
    {
        public ulong UserData;
        public EventType Type;
        public uint Fd;
        /// <summary>Stopwatch timestamp when a clock subscription fires.</summary>
        public long Deadline;
        public Errno Error;
        public ulong Bytes;
        public ushort Flags;
        public bool Ready;
    }

    /// <summary>
    /// The most subscriptions one <c>poll_oneoff</c> takes; more is EINVAL, as Linux's poll(2) refuses
    /// more descriptors than the process may open. Bounds the host's copy (about 3 MiB).
    /// </summary>
    public const uint MaxPollSubscriptions = 65536;

    /// <summary>The longest sleep between checks for an interrupt.</summary>
    private static readonly TimeSpan InterruptSlice = TimeSpan.FromMilliseconds(50);

    private Errno PollOneoff(GuestMemory memory, uint input, uint output, uint count, uint result, bool unstable)
    {
        if (count == 0)
        {
            return Errno.Inval;
        }
        var size = unstable ? WasiConstants.UnstableSubscriptionSize : WasiConstants.SubscriptionSize;
        memory.CheckRange(input, (ulong)count * (ulong)size);
        memory.CheckRange(output, (ulong)count * WasiConstants.EventSize);
        memory.CheckRange(result, 4);
        if (count > MaxPollSubscriptions)
        {
            // a count the memory can hold would still have the host copy every subscription (a
            // 4 GiB memory holds 89 million)
            return Errno.Inval;
        }
        var raw = memory.GetSpan(input, (ulong)count * (ulong)size);

        var subscriptions = new Subscription[count];
        var earliest = long.MaxValue;
        for (var i = 0; i < subscriptions.Length; i++)
        {
            var s = raw.Slice(i * size, size);
            ref var sub = ref subscriptions[i];
            sub.UserData = BinaryPrimitives.ReadUInt64LittleEndian(s);
            sub.Type = (EventType)s[8];
            switch (sub.Type)
            {
                case EventType.Clock:
                    // wasi_unstable's clock subscription starts with an extra u64 identifier
                    var clock = unstable ? s[24..] : s[16..];
                    var id = BinaryPrimitives.ReadUInt32LittleEndian(clock);
                    var timeout = BinaryPrimitives.ReadUInt64LittleEndian(clock[8..]);
                    var flags = BinaryPrimitives.ReadUInt16LittleEndian(clock[24..]);
                    if (id > (uint)ClockId.ThreadCputime)
                    {
                        sub.Error = Errno.Inval;
                        sub.Ready = true;
                        break;
                    }
                    var relative = (flags & WasiConstants.SubscriptionClockAbstime) != 0
                        ? (Now(id) is var now && timeout > now ? timeout - now : 0)
                        : timeout;
                    var ticks = (double)relative * Stopwatch.Frequency / 1e9;
                    sub.Deadline = ticks >= long.MaxValue / 2 ? long.MaxValue : Stopwatch.GetTimestamp() + (long)ticks;
                    earliest = Math.Min(earliest, sub.Deadline);
                    break;
                case EventType.FdRead:
                case EventType.FdWrite:
                    sub.Fd = BinaryPrimitives.ReadUInt32LittleEndian(s[16..]);
                    break;
                default:
                    sub.Error = Errno.Inval;
                    sub.Ready = true;
                    break;
            }
        }

        while (true)
        {
            var ready = false;
            var readers = new List<Socket>();
            var writers = new List<Socket>();
            var now = Stopwatch.GetTimestamp();
            for (var i = 0; i < subscriptions.Length; i++)
            {
                ref var sub = ref subscriptions[i];
                if (sub.Type is EventType.FdRead or EventType.FdWrite && !sub.Ready)
                {
                    CheckReadiness(ref sub, sub.Type == EventType.FdRead ? readers : writers);
                }
                ready |= sub.Ready;
            }
            // Clocks fire with the fd events that are ready, or alone once due.
            for (var i = 0; i < subscriptions.Length; i++)
            {
                ref var sub = ref subscriptions[i];
                if (sub.Type == EventType.Clock && sub.Error == Errno.Success && sub.Deadline <= now)
                {
                    sub.Ready = true;
                    ready = true;
                }
            }
            if (ready)
            {
                break;
            }
            // a guest sleeping in poll_oneoff must not outlive a timeout: waits are cut into slices
            ThrowIfInterrupted();
            var wait = earliest == long.MaxValue ? TimeSpan.FromMilliseconds(100)
                : TimeSpan.FromSeconds((double)(earliest - now) / Stopwatch.Frequency);
            if (readers.Count + writers.Count > 0)
            {
                // wakes as soon as a socket is ready; the loop above then reports it
                var micro = (int)Math.Clamp(wait.TotalMicroseconds, 0, 100_000);
                Socket.Select(readers.Count > 0 ? readers : null, writers.Count > 0 ? writers : null, null, micro);
            }
            else if (wait > TimeSpan.Zero)
            {
                Thread.Sleep(wait > InterruptSlice ? InterruptSlice : wait);
            }
        }

        var events = memory.GetSpan(output, (ulong)count * WasiConstants.EventSize);
        var written = 0;
        foreach (var sub in subscriptions)
        {
            if (!sub.Ready)
            {
                continue;
            }
            var e = events.Slice(written * WasiConstants.EventSize, WasiConstants.EventSize);
            e.Clear();
            BinaryPrimitives.WriteUInt64LittleEndian(e, sub.UserData);
            BinaryPrimitives.WriteUInt16LittleEndian(e[8..], (ushort)sub.Error);
            e[10] = (byte)sub.Type;
            if (sub.Type != EventType.Clock)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(e[16..], sub.Bytes);
                BinaryPrimitives.WriteUInt16LittleEndian(e[24..], sub.Flags);
            }
            written++;
        }
        memory.WriteUInt32(result, (uint)written);
        return Errno.Success;
    }

    private void CheckReadiness(ref Subscription sub, List<Socket> pending)
    {
        if (!_files.TryGet(sub.Fd, out var entry) || entry is null)
        {
            sub.Error = Errno.Badf;
            sub.Ready = true;
            return;
        }
        var right = sub.Type == EventType.FdRead ? Rights.FdRead : Rights.FdWrite;
        if ((entry.RightsBase & Rights.PollFdReadwrite) == 0 && (entry.RightsBase & right) == 0)
        {
            sub.Error = Errno.NotCapable;
            sub.Ready = true;
            return;
        }
        if (entry.Socket is { } socket)
        {
            try
            {
                if (sub.Type == EventType.FdRead && socket.Poll(0, SelectMode.SelectRead))
                {
                    sub.Bytes = (ulong)socket.Available;
                    // readable with nothing to read: the peer closed the connection
                    sub.Flags = socket.Available == 0 ? WasiConstants.EventFdReadwriteHangup : (ushort)0;
                    sub.Ready = true;
                }
                else if (sub.Type == EventType.FdWrite && socket.Poll(0, SelectMode.SelectWrite))
                {
                    sub.Ready = true;
                }
                else
                {
                    pending.Add(socket);
                }
            }
            catch (SocketException e)
            {
                sub.Error = HostFileSystem.FromSocketError(e.SocketErrorCode);
                sub.Ready = true;
            }
            return;
        }
        if (sub.Type == EventType.FdRead && entry.Stream is InterruptibleInputStream input)
        {
            // standard input from a pipe or terminal: ready once data (or its end) has arrived
            var (available, ended) = input.Peek();
            if (available == 0 && !ended)
            {
                return;
            }
            sub.Bytes = (ulong)available;
            sub.Flags = available == 0 ? WasiConstants.EventFdReadwriteHangup : (ushort)0;
            sub.Ready = true;
            return;
        }
        // Files are always ready (as POSIX poll says); other stdio streams are reported ready too,
        // since the base class library cannot ask them whether a read would block.
        if (sub.Type == EventType.FdRead && entry.Stream is { CanSeek: true } stream)
        {
            sub.Bytes = (ulong)Math.Max(0, stream.Length - stream.Position);
        }
        sub.Ready = true;
    }
}
