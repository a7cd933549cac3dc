using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microwasm.AppFramework.Applets;
using Microwasm.Runtime;

namespace Microwasm.AppFramework.Extensions.Connections;

/// <summary>
/// One applet's open connection (TCP, UDP or UART): an async read loop (no thread of its own)
/// that queues what it receives, and delivery to the applet's <c>on_connection_data</c> on the
/// applet's thread.
/// </summary>
/// <remarks>
/// Received bytes wait in a per-connection queue beside the applet's queue; at most one
/// <see cref="CallbackMessage"/> for a connection is in the applet's queue at a time, and it hands
/// over what has arrived (up to 16 chunks a message, so requests and timers get their turn). The
/// buffered bytes are bounded by <see cref="ConnectionPolicy.MaxBufferedBytes"/>: streams stop
/// reading at the limit (backpressure), datagrams beyond it are dropped. When the peer goes away
/// the applet gets <c>on_connection_data(handle, 0, 0)</c> once and the connection is closed (as
/// WAMR closes it); nothing is delivered after the applet closed it itself.
/// </remarks>
internal abstract class Connection
{
    private const int ChunksPerMessage = 16;

    private readonly ConcurrentQueue<byte[]> _chunks = new();   // an empty array: the peer went away
    private readonly SemaphoreSlim _room = new(0);
    private readonly CancellationTokenSource _closing = new();
    private int _scheduled;
    private long _buffered;
    private int _closed;
    private int _transportClosed;

    protected Connection(ConnectionExtension owner, Applet applet, uint handle)
    {
        Owner = owner;
        Applet = applet;
        Instance = applet.Instance;
        Handle = handle;
        Policy = owner.Policy;
    }

    public uint Handle { get; }

    public Applet Applet { get; }

    /// <summary>The applet instance that opened it: after a restart, a new instance does not inherit it.</summary>
    public Instance? Instance { get; }

    public abstract string Kind { get; }

    public abstract string Target { get; }

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Bytes received and not yet delivered.</summary>
    public long Buffered => Interlocked.Read(ref _buffered);

    public long BytesReceived;
    public long BytesDelivered;
    public long BytesDropped;

    protected ConnectionExtension Owner { get; }

    protected ConnectionPolicy Policy { get; }

    protected CancellationToken Closing => _closing.Token;

    protected ILogger? Logger => Owner.Logger;

    /// <summary>Starts the read loop.</summary>
    public void Start() => _ = Task.Run(async () =>
    {
        try
        {
            await ReadLoopAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (!IsClosed)
        {
            // a failure the loop did not expect still ends the connection visibly, never silently
            Logger?.LogError(e, "applet {Name}: {Kind} connection {Handle} failed", Applet.Name, Kind, Handle);
            Disconnected(e.Message);
        }
        catch (Exception)
        {
        }
    });

    /// <summary>Sends <paramref name="data"/>; the bytes sent, or -1.</summary>
    public abstract int Send(ReadOnlySpan<byte> data);

    /// <summary>Applies a configuration (UDP's remote peer); false if the connection has none or it is refused.</summary>
    public virtual bool Configure(AttrContainer.AttrContainer configuration) => false;

    /// <summary>Closes it: the read loop ends, nothing more is delivered. Idempotent.</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }
        EndTransport();
        _chunks.Clear();
        Interlocked.Exchange(ref _buffered, 0);
        _room.Release();
    }

    /// <summary>Ends the read loop and closes the socket or device (once).</summary>
    private void EndTransport()
    {
        if (Interlocked.Exchange(ref _transportClosed, 1) != 0)
        {
            return;
        }
        _closing.Cancel();
        try
        {
            CloseTransport();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or System.Net.Sockets.SocketException or InvalidOperationException or UnauthorizedAccessException)
        {
        }
    }

    protected abstract void CloseTransport();

    protected abstract Task ReadLoopAsync();

    /// <summary>Waits while the buffered bytes are at the limit (streams); false when the connection closed meanwhile.</summary>
    protected async Task<bool> WaitForRoomAsync()
    {
        while (!IsClosed && Interlocked.Read(ref _buffered) >= Policy.MaxBufferedBytes)
        {
            try
            {
                await _room.WaitAsync(Closing).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
        return !IsClosed;
    }

    /// <summary>Queues received bytes for the applet (copied); for a datagram, false (and counted) when they do not fit.</summary>
    protected bool Received(ReadOnlySpan<byte> data, bool dropIfFull)
    {
        if (IsClosed || data.IsEmpty)
        {
            return false;
        }
        Interlocked.Add(ref BytesReceived, data.Length);
        if (dropIfFull && Interlocked.Read(ref _buffered) + data.Length > Policy.MaxBufferedBytes)
        {
            Interlocked.Add(ref BytesDropped, data.Length);
            return false;
        }
        Interlocked.Add(ref _buffered, data.Length);
        _chunks.Enqueue(data.ToArray());
        Schedule();
        return true;
    }

    /// <summary>The peer went away or the transport failed: the applet gets one disconnect event and the connection closes.</summary>
    protected void Disconnected(string reason)
    {
        if (IsClosed)
        {
            return;
        }
        Logger?.LogInformation("applet {Name}: {Kind} connection {Handle} to {Target} ended: {Reason}", Applet.Name, Kind, Handle, Target, reason);
        // the socket goes now; what was received and the disconnect event are still delivered
        EndTransport();
        _chunks.Enqueue([]);
        Owner.Forget(this);   // its handle is gone, as in WAMR, and it no longer counts against the limit
        Schedule();
    }

    private void Schedule()
    {
        if (Interlocked.Exchange(ref _scheduled, 1) != 0)
        {
            return;
        }
        if (Applet.TryPost(new CallbackMessage("on_connection_data", Deliver)))
        {
            return;
        }
        Volatile.Write(ref _scheduled, 0);
        if (Applet.State is AppletState.Running or AppletState.Starting)
        {
            // the applet's queue is full: try again shortly (what arrived stays buffered and counted)
            _ = RetryScheduleAsync();
        }
    }

    private async Task RetryScheduleAsync()
    {
        await Task.Delay(20).ConfigureAwait(false);
        if (!_chunks.IsEmpty && Applet.State is AppletState.Running or AppletState.Starting)
        {
            Schedule();
        }
    }

    /// <summary>On the applet's thread: hand what arrived to on_connection_data.</summary>
    private void Deliver(Applet applet)
    {
        Volatile.Write(ref _scheduled, 0);   // what arrives from now on schedules another delivery
        var instance = applet.Instance;
        if (instance is null || instance != Instance)
        {
            Close();   // the instance that opened it is gone (a restart)
            Owner.Forget(this);
            return;
        }
        var onData = AppletCalls.Find(instance, "on_connection_data");
        var delivered = 0;
        try
        {
            while (delivered < ChunksPerMessage && !IsClosed && _chunks.TryDequeue(out var chunk))
            {
                delivered++;
                if (chunk.Length == 0)
                {
                    Close();
                    if (onData is not null)
                    {
                        AppletCalls.Call(instance, onData, Handle, []);
                    }
                    return;
                }
                if (Interlocked.Add(ref _buffered, -chunk.Length) < Policy.MaxBufferedBytes && _room.CurrentCount == 0)
                {
                    _room.Release();
                }
                if (onData is null)
                {
                    continue;   // WAMR prints "Cannot find function on_connection_data"
                }
                if (!AppletCalls.Call(instance, onData, Handle, chunk))
                {
                    Interlocked.Add(ref BytesDropped, chunk.Length);
                    Logger?.LogWarning("applet {Name}: {Size} bytes on connection {Handle} dropped: no room in its app heap", applet.Name, chunk.Length, Handle);
                    continue;
                }
                Interlocked.Add(ref BytesDelivered, chunk.Length);
            }
        }
        finally
        {
            if (!_chunks.IsEmpty && !IsClosed)
            {
                Schedule();
            }
        }
    }
}
