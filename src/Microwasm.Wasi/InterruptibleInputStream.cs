namespace Microwasm.Wasi;

/// <summary>
/// Standard input that a waiting guest can be interrupted out of. A read of a pipe or terminal
/// with no data blocks in the operating system, where no timeout or interrupt reaches it; so the
/// blocking reads happen on a background thread that fills a bounded buffer, and
/// <c>fd_read</c> waits for that buffer in short slices, checking for an interrupt between them
/// (the same way <c>poll_oneoff</c> sleeps).
/// </summary>
/// <remarks>
/// The reader thread starts on the first read or poll, so a program that never reads its input
/// costs nothing. It reads ahead at most <see cref="Capacity"/> bytes that the guest has not yet
/// taken; those are lost to anyone else reading the same stream. After <see cref="Dispose(bool)"/>
/// the thread ends when its current host read returns (it is a background thread, so a read that
/// never returns does not keep the process alive).
/// </remarks>
internal sealed class InterruptibleInputStream(Stream inner, bool ownsInner, Action throwIfInterrupted) : Stream
{
    /// <summary>The most bytes read ahead of the guest.</summary>
    public const int Capacity = 64 * 1024;

    private const int ChunkSize = 16 * 1024;

    /// <summary>The longest wait between checks for an interrupt.</summary>
    private static readonly TimeSpan Slice = TimeSpan.FromMilliseconds(50);

    private readonly object _gate = new();
    private readonly byte[] _buffer = new byte[Capacity];
    private int _start;
    private int _count;
    private bool _ended;
    private bool _disposed;
    private Exception? _error;
    private Thread? _reader;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>The bytes a read would return at once, and whether the input has ended (for <c>poll_oneoff</c>).</summary>
    public (int Available, bool Ended) Peek()
    {
        lock (_gate)
        {
            StartReader();
            return (_count, _ended);
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> destination)
    {
        if (destination.IsEmpty)
        {
            return 0;
        }
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            StartReader();
            while (_count == 0 && !_ended)
            {
                Monitor.Wait(_gate, Slice);
                throwIfInterrupted();
            }
            if (_count == 0)
            {
                if (_error is { } error)
                {
                    throw new IOException("reading standard input failed: " + error.Message, error);
                }
                return 0;
            }
            var n = Math.Min(_count, destination.Length);
            _buffer.AsSpan(_start, n).CopyTo(destination);
            _start += n;
            _count -= n;
            if (_count == 0)
            {
                _start = 0;
            }
            // room for the reader again
            Monitor.PulseAll(_gate);
            return n;
        }
    }

    private void StartReader()
    {
        if (_reader is null && !_ended)
        {
            _reader = new Thread(Pump) { IsBackground = true, Name = "WASI standard input" };
            _reader.Start();
        }
    }

    private void Pump()
    {
        var chunk = new byte[ChunkSize];
        while (true)
        {
            int n;
            try
            {
                n = inner.Read(chunk);
            }
            catch (Exception e)
            {
                lock (_gate)
                {
                    _error = _disposed ? null : e;
                    _ended = true;
                    Monitor.PulseAll(_gate);
                }
                return;
            }
            lock (_gate)
            {
                if (n == 0 || _disposed)
                {
                    _ended = true;
                    Monitor.PulseAll(_gate);
                    return;
                }
                // bounded: wait for the guest to take enough before reading further
                while (_count + n > Capacity && !_disposed)
                {
                    Monitor.Wait(_gate);
                }
                if (_disposed)
                {
                    return;
                }
                if (_start + _count + n > Capacity)
                {
                    _buffer.AsSpan(_start, _count).CopyTo(_buffer);
                    _start = 0;
                }
                chunk.AsSpan(0, n).CopyTo(_buffer.AsSpan(_start + _count));
                _count += n;
                Monitor.PulseAll(_gate);
            }
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lock (_gate)
            {
                _disposed = true;
                _ended = true;
                Monitor.PulseAll(_gate);
            }
            if (ownsInner)
            {
                inner.Dispose();
            }
        }
        base.Dispose(disposing);
    }
}
