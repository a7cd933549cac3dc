using System.Buffers.Binary;
using System.IO.Pipes;
using Microwasm.Runtime;

namespace Microwasm.Wasi.Tests;

/// <summary>
/// Standard input from a pipe that stays open: <c>fd_read</c> waits for data, and an interrupt
/// (the embedder's deadline) ends that wait with <see cref="TrapKind.Interrupted"/>; poll_oneoff
/// reports the pipe ready only once data has arrived.
/// </summary>
public sealed class WasiStdinTests : IDisposable
{
    private readonly AnonymousPipeServerStream _writer = new(PipeDirection.Out);
    private readonly AnonymousPipeClientStream _reader;
    private readonly WasiHarness _h;

    public WasiStdinTests()
    {
        _reader = new AnonymousPipeClientStream(PipeDirection.In, _writer.ClientSafePipeHandle);
        _h = new WasiHarness(c => c.StandardInput = _reader);
    }

    public void Dispose()
    {
        _h.Dispose();
        // the writer first: the end of input ends the reader thread's host read
        _writer.Dispose();
        _reader.Dispose();
    }

    [Fact]
    public void AnInterruptEndsAReadOfAnEmptyPipe()
    {
        var buffer = _h.Alloc(16);
        var iovs = _h.Iovecs((buffer, 16));
        using var timer = new Timer(_ => _h.Context.RequestInterrupt(), null, 200, Timeout.Infinite);
        var trap = Assert.Throws<WasmTrap>(() => _h.Call("fd_read", 0, iovs, 1, _h.Alloc(4)));
        Assert.Equal(TrapKind.Interrupted, trap.Kind);
    }

    [Fact]
    public void DataOnThePipeIsReadAndPollSeesItArrive()
    {
        _h.Context.ClearInterrupt();
        // poll_oneoff on stdin and a 100 ms clock: only the clock fires while the pipe is empty
        var subscriptions = new byte[2 * 48];
        BinaryPrimitives.WriteUInt64LittleEndian(subscriptions, 1);
        subscriptions[8] = 1; // fd_read
        BinaryPrimitives.WriteUInt32LittleEndian(subscriptions.AsSpan(16), 0);
        BinaryPrimitives.WriteUInt64LittleEndian(subscriptions.AsSpan(48), 2);
        subscriptions[48 + 8] = 0; // clock
        BinaryPrimitives.WriteUInt64LittleEndian(subscriptions.AsSpan(48 + 24), 100_000_000);
        var input = _h.Bytes(subscriptions).Address;
        var events = _h.Alloc(2 * 32);
        var count = _h.Alloc(4);
        Assert.Equal(Errno.Success, _h.Call("poll_oneoff", input, events, 2, count));
        Assert.Equal(1u, _h.U32(count));
        Assert.Equal(2UL, BinaryPrimitives.ReadUInt64LittleEndian(_h.Memory.GetSpan(events, 8)));

        _writer.Write("hello"u8);
        _writer.Flush();
        // now the pipe is ready (with or before the clock)
        Assert.Equal(Errno.Success, _h.Call("poll_oneoff", input, events, 1, count));
        Assert.Equal(1u, _h.U32(count));
        Assert.Equal(1UL, BinaryPrimitives.ReadUInt64LittleEndian(_h.Memory.GetSpan(events, 8)));

        var buffer = _h.Alloc(16);
        var iovs = _h.Iovecs((buffer, 16));
        var read = _h.Alloc(4);
        Assert.Equal(Errno.Success, _h.Call("fd_read", 0, iovs, 1, read));
        Assert.Equal(5u, _h.U32(read));
        Assert.Equal("hello"u8.ToArray(), _h.Memory.GetSpan(buffer, 5).ToArray());
    }
}
