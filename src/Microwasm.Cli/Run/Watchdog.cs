using Microwasm.Runtime;

namespace Microwasm.Cli.Run;

/// <summary>
/// <c>--timeout</c>: a timer that asks the guest's execution context to stop. The interrupt is
/// cooperative (the engine polls a flag at loop back-edges and calls), so a runaway loop ends with
/// a trap that unwinds normally instead of a killed thread.
/// </summary>
internal sealed class Watchdog : IDisposable
{
    private readonly ExecutionEnvironment _context;
    private readonly Timer? _timer;
    private volatile bool _fired;

    private Watchdog(ExecutionEnvironment context, int? milliseconds)
    {
        _context = context;
        // An interrupt meant for an earlier call (a timer that fired as that call returned) must not stop this one.
        context.ClearInterrupt();
        if (milliseconds is { } ms)
        {
            _timer = new Timer(_ => Fire(), null, ms, Timeout.Infinite);
        }
    }

    /// <summary>True once the time ran out.</summary>
    public bool Fired => _fired;

    /// <summary>Starts timing (a run, or one REPL call); no timer when <paramref name="milliseconds"/> is null.</summary>
    public static Watchdog Start(ExecutionEnvironment context, int? milliseconds) => new(context, milliseconds);

    private void Fire()
    {
        _fired = true;
        _context.RequestInterrupt();
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _timer?.Dispose();
        _context.ClearInterrupt();
    }

    private bool _disposed;
}
