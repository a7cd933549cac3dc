using System.Diagnostics;
using System.Security.Cryptography;
using Microwasm.Host;

namespace Microwasm.Wasi;

// Arguments, environment, clocks, randomness and scheduling.
public sealed partial class WasiPreview1
{
    private static Errno ArgsGet(GuestMemory memory, byte[][] strings, uint pointers, uint buffer)
    {
        memory.CheckRange(pointers, (ulong)strings.Length * 4);
        memory.CheckRange(buffer, (ulong)strings.Sum(s => (long)s.Length));
        var at = buffer;
        for (var i = 0; i < strings.Length; i++)
        {
            memory.WriteUInt32(pointers + (ulong)i * 4, at);
            strings[i].CopyTo(memory.GetSpan(at, (ulong)strings[i].Length));
            at += (uint)strings[i].Length;
        }
        return Errno.Success;
    }

    private static Errno SizesGet(GuestMemory memory, byte[][] strings, uint count, uint bufferSize)
    {
        memory.CheckRange(count, 4);
        memory.CheckRange(bufferSize, 4);
        memory.WriteUInt32(count, (uint)strings.Length);
        memory.WriteUInt32(bufferSize, (uint)strings.Sum(s => (long)s.Length));
        return Errno.Success;
    }

    private static Errno ClockResGet(GuestMemory memory, uint id, uint result)
    {
        ulong resolution = (ClockId)id switch
        {
            ClockId.Realtime => 100,
            ClockId.Monotonic => Math.Max(1UL, (ulong)(1_000_000_000 / Stopwatch.Frequency)),
            ClockId.ProcessCputime or ClockId.ThreadCputime => HostFileSystem.CpuTime(thread: false) is null ? 100UL : 1UL,
            _ => throw new WasiErrnoException(Errno.Inval),
        };
        memory.WriteUInt64(result, resolution);
        return Errno.Success;
    }

    private static Errno ClockTimeGet(GuestMemory memory, uint id, ulong precision, uint result)
    {
        _ = precision; // every clock here is read at its best precision anyway
        memory.CheckRange(result, 8);
        memory.WriteUInt64(result, Now(id));
        return Errno.Success;
    }

    /// <summary>The current value of WASI clock <paramref name="id"/> in nanoseconds.</summary>
    internal static ulong Now(uint id) => (ClockId)id switch
    {
        ClockId.Realtime => HostFileSystem.ToTimestamp(DateTime.UtcNow),
        ClockId.Monotonic => MonotonicNow(),
        ClockId.ProcessCputime => HostFileSystem.CpuTime(thread: false) ?? ProcessCpuTime(),
        // Without a host thread clock the process clock is the closest honest answer.
        ClockId.ThreadCputime => HostFileSystem.CpuTime(thread: true) ?? ProcessCpuTime(),
        _ => throw new WasiErrnoException(Errno.Inval),
    };

    // Environment.CpuUsage rather than Process.GetCurrentProcess().TotalProcessorTime: the same user
    // plus system time, without System.Diagnostics.Process (about 19 KB of a NativeAOT executable).
    private static ulong ProcessCpuTime() => (ulong)Environment.CpuUsage.TotalTime.Ticks * 100;

    private static ulong MonotonicNow()
    {
        var ticks = Stopwatch.GetTimestamp();
        var frequency = Stopwatch.Frequency;
        return (ulong)(ticks / frequency * 1_000_000_000 + ticks % frequency * 1_000_000_000 / frequency);
    }

    private static Errno RandomGet(GuestMemory memory, uint buffer, uint length)
    {
        memory.CheckRange(buffer, length);
        // 1 MiB at a time: filling 4 GiB takes seconds, and an interrupt must not wait for it
        for (ulong done = 0; done < length;)
        {
            if (done != 0)
            {
                ThrowIfInterrupted();
            }
            var chunk = Math.Min(length - done, 1UL << 20);
            RandomNumberGenerator.Fill(memory.GetSpan(buffer + done, chunk));
            done += chunk;
        }
        return Errno.Success;
    }

    private static Errno SchedYield()
    {
        Thread.Yield();
        return Errno.Success;
    }
}
