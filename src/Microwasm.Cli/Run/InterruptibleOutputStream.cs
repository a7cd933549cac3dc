using System.Runtime.InteropServices;
using Microwasm.Runtime;

namespace Microwasm.Cli.Run;

/// <summary>
/// The process's standard output or error when it is a pipe, socket or terminal (Linux): a write
/// to a pipe nobody reads blocks in the operating system, where no timeout or interrupt reaches
/// it. So each write first waits, in short slices that check for an interrupt, until
/// <c>poll(2)</c> says the descriptor has room, then writes at most one page — which a pipe with
/// room takes without blocking — and repeats.
/// </summary>
/// <remarks>
/// Unbuffered, like the console stream it replaces: when <c>fd_write</c> (or the builtin libc's
/// output) returns, its bytes are in the pipe, so output keeps its order with everything else the
/// process writes there. A wait that sees <paramref name="interrupted"/> ends with a
/// <see cref="TrapKind.Interrupted"/> trap, which <c>--timeout</c> reports as it does a runaway loop.
/// </remarks>
internal sealed partial class InterruptibleOutputStream(int descriptor, Func<bool> interrupted) : Stream
{
    // a pipe that polls writable has at least a page free, and a write of one page or less into it
    // does not block (pipe(7): writes of up to PIPE_BUF bytes are atomic)
    private const int Piece = 4096;

    /// <summary>The longest wait between checks for an interrupt, in milliseconds.</summary>
    private const int SliceMilliseconds = 50;

    private const short PollOut = 0x004;
    private const int EINTR = 4;
    private const int EAGAIN = 11;
    private const int ESPIPE = 29;

    private bool _disposed;

    /// <summary>
    /// An interruptible stream for <paramref name="descriptor"/> (1 or 2) if it is a pipe, socket or
    /// terminal on Linux; null elsewhere (a regular file never blocks for long, and other systems
    /// keep the console stream).
    /// </summary>
    public static InterruptibleOutputStream? TryCreate(int descriptor, Func<bool> interrupted)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }
        // pipes, sockets and terminals cannot seek (ESPIPE); files can, and a closed descriptor
        // (EBADF) keeps the console stream's behaviour
        return lseek(descriptor, 0, 1) < 0 && Marshal.GetLastPInvokeError() == ESPIPE
            ? new InterruptibleOutputStream(descriptor, interrupted)
            : null;
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => !_disposed;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override unsafe void Write(ReadOnlySpan<byte> source)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (!source.IsEmpty)
        {
            WaitForRoom();
            var length = Math.Min(source.Length, Piece);
            nint written;
            fixed (byte* bytes = source)
            {
                written = write(descriptor, bytes, length);
            }
            if (written < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno is EINTR or EAGAIN)
                {
                    continue;
                }
                throw new IOException($"writing to descriptor {descriptor} failed: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
            }
            source = source[(int)written..];
        }
    }

    private unsafe void WaitForRoom()
    {
        var entry = new PollEntry { Descriptor = descriptor, Events = PollOut };
        while (true)
        {
            var ready = poll(&entry, 1, SliceMilliseconds);
            if (ready > 0)
            {
                // writable, or an error or hang-up that the write then reports
                return;
            }
            if (ready < 0 && Marshal.GetLastPInvokeError() != EINTR)
            {
                // poll itself failed: let the write say why
                return;
            }
            if (interrupted())
            {
                throw new WasmTrap(TrapKind.Interrupted);
            }
        }
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        // the descriptor is the process's own: it stays open
        _disposed = true;
        base.Dispose(disposing);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollEntry
    {
        public int Descriptor;
        public short Events;
        public short ReturnedEvents;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial int poll(PollEntry* entries, nuint count, int timeoutMilliseconds);

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial nint write(int descriptor, byte* bytes, nint count);

    [LibraryImport("libc", SetLastError = true)]
    private static partial long lseek(int descriptor, long offset, int whence);
}
