using System.Diagnostics;

namespace Microwasm.AppFramework.Applets;

/// <summary>
/// The manager's watchdog (WAMR's is a TODO): one thread that looks at every applet twenty times a
/// second and interrupts, through the engine's interrupt, a message that has run past its applet's
/// limit. Each applet records when its current message started, so the check costs the applet
/// nothing but two timestamps per message.
/// </summary>
internal sealed class Watchdog : IDisposable
{
    private static readonly TimeSpan s_period = TimeSpan.FromMilliseconds(50);
    private readonly Func<IEnumerable<Applet>> _applets;
    private readonly Action<long> _expireRequests;
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _stop = new();

    /// <param name="applets">The applets to watch.</param>
    /// <param name="expireRequests">Called on each round with <see cref="Environment.TickCount64"/>: the manager times out host requests here, so no request needs a timer of its own.</param>
    public Watchdog(Func<IEnumerable<Applet>> applets, Action<long> expireRequests)
    {
        _applets = applets;
        _expireRequests = expireRequests;
        _thread = new Thread(Run) { IsBackground = true, Name = "microwasm watchdog" };
        _thread.Start();
    }

    private void Run()
    {
        while (!_stop.Wait(s_period))
        {
            var now = Stopwatch.GetTimestamp();
            foreach (var applet in _applets())
            {
                applet.CheckWatchdog(now);
            }
            _expireRequests(Environment.TickCount64);
        }
    }

    public void Dispose()
    {
        _stop.Set();
        _thread.Join();
        _stop.Dispose();
    }
}
