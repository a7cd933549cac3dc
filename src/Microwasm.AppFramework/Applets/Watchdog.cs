using System.Diagnostics;

namespace Microwasm.AppFramework.Applets;

/// <summary>
/// The manager's watchdog (WAMR's is a TODO): one thread that looks at every applet ten times a
/// second and interrupts, through the engine's interrupt, a message that has run past its applet's
/// limit. Each applet records when its current message started, so the check costs the applet
/// nothing but two timestamps per message.
/// </summary>
internal sealed class Watchdog : IDisposable
{
    private static readonly TimeSpan s_period = TimeSpan.FromMilliseconds(100);
    private readonly Func<IEnumerable<Applet>> _applets;
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _stop = new();

    public Watchdog(Func<IEnumerable<Applet>> applets)
    {
        _applets = applets;
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
        }
    }

    public void Dispose()
    {
        _stop.Set();
        _thread.Join();
        _stop.Dispose();
    }
}
