using System.Collections.Concurrent;

namespace Microwasm.AppFramework.Protocol;

/// <summary>
/// Writes link frames to a stream for many threads at once, without a writer thread: frames queue,
/// and the thread that finds no write going on drains the queue, as many frames per write as fit
/// in a 64 KiB batch. The remote manager's connections and <c>AppManagerClient</c> both write
/// through one, so that frames produced together (pipelined requests, the responses of a busy
/// applet) go out together, and a lone frame goes out with no thread woken for it.
/// </summary>
internal sealed class LinkWriter(Stream output, CancellationToken cancellation, Action<Exception> onFailure)
{
    private readonly ConcurrentQueue<byte[]> _queue = new();
    private readonly byte[] _batch = new byte[64 * 1024];
    private long _queuedBytes;
    private int _writing;

    /// <summary>Bytes queued and not yet handed to the stream.</summary>
    public long QueuedBytes => Interlocked.Read(ref _queuedBytes);

    /// <summary>True when nothing is queued and no drain is writing.</summary>
    public bool IsIdle => Volatile.Read(ref _writing) == 0 && _queue.IsEmpty;

    /// <summary>
    /// Queues <paramref name="frame"/> and, if no drain is writing, starts one: on this thread when
    /// <paramref name="inline"/> (it writes until an await does not complete synchronously, then goes
    /// on on the pool, so the caller is never blocked by a slow reader), else on the pool. Returns
    /// the drain this call ran inline, or a completed task.
    /// </summary>
    public Task Enqueue(byte[] frame, bool inline)
    {
        Interlocked.Add(ref _queuedBytes, frame.Length);
        _queue.Enqueue(frame);
        if (Interlocked.CompareExchange(ref _writing, 1, 0) != 0)
        {
            return Task.CompletedTask;   // the drain writing now takes this frame too
        }
        if (inline)
        {
            return DrainAsync();
        }
        ThreadPool.UnsafeQueueUserWorkItem(static writer => _ = writer.DrainAsync(), this, preferLocal: false);
        return Task.CompletedTask;
    }

    private async Task DrainAsync()
    {
        try
        {
            while (true)
            {
                var fill = 0;
                while (_queue.TryDequeue(out var frame))
                {
                    Interlocked.Add(ref _queuedBytes, -frame.Length);
                    if (fill + frame.Length > _batch.Length)
                    {
                        if (fill > 0)
                        {
                            await output.WriteAsync(_batch.AsMemory(0, fill), cancellation).ConfigureAwait(false);
                            fill = 0;
                        }
                        if (frame.Length > _batch.Length)
                        {
                            await output.WriteAsync(frame, cancellation).ConfigureAwait(false);
                            continue;
                        }
                    }
                    frame.CopyTo(_batch, fill);
                    fill += frame.Length;
                }
                if (fill > 0)
                {
                    await output.WriteAsync(_batch.AsMemory(0, fill), cancellation).ConfigureAwait(false);
                    await output.FlushAsync(cancellation).ConfigureAwait(false);
                }
                Volatile.Write(ref _writing, 0);
                // a frame queued after the last TryDequeue found the flag still set: take it
                if (_queue.IsEmpty || Interlocked.CompareExchange(ref _writing, 1, 0) != 0)
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or NotSupportedException)
        {
            // the flag stays set: nothing more is written to a stream that failed
            onFailure(e);
        }
    }
}
