using System.Text;

namespace Microwasm.AppFramework.Tests.Support;

/// <summary>Collects every applet's output lines, by applet, and lets a test wait for a line.</summary>
internal sealed class AppletOutput
{
    private readonly object _lock = new();
    private readonly Dictionary<string, List<string>> _lines = new();

    /// <summary>For <see cref="Microwasm.AppFramework.Applets.AppManagerOptions.Output"/>.</summary>
    public TextWriter For(string applet) => new LineWriter(this, applet);

    public IReadOnlyList<string> Lines(string applet)
    {
        lock (_lock)
        {
            return _lines.TryGetValue(applet, out var lines) ? lines.ToArray() : [];
        }
    }

    /// <summary>Waits until applet <paramref name="applet"/> has printed <paramref name="count"/> lines containing <paramref name="text"/>; returns those lines.</summary>
    public IReadOnlyList<string> WaitFor(string applet, string text, int count = 1, int timeoutMs = 10_000)
    {
        lock (_lock)
        {
            var deadline = Environment.TickCount64 + timeoutMs;
            while (true)
            {
                var matching = _lines.TryGetValue(applet, out var lines) ? lines.Where(l => l.Contains(text, StringComparison.Ordinal)).ToArray() : [];
                if (matching.Length >= count)
                {
                    return matching;
                }
                var left = deadline - Environment.TickCount64;
                if (left <= 0)
                {
                    throw new TimeoutException($"applet {applet} printed {matching.Length} of {count} lines with \"{text}\" in {timeoutMs} ms; it printed:\n{string.Join("\n", Lines(applet))}");
                }
                Monitor.Wait(_lock, (int)left);
            }
        }
    }

    private void Add(string applet, string line)
    {
        lock (_lock)
        {
            if (!_lines.TryGetValue(applet, out var lines))
            {
                _lines[applet] = lines = new List<string>();
            }
            lines.Add(line);
            Monitor.PulseAll(_lock);
        }
    }

    private sealed class LineWriter(AppletOutput owner, string applet) : TextWriter
    {
        private readonly StringBuilder _line = new();

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            lock (_line)
            {
                if (value == '\n')
                {
                    owner.Add(applet, _line.ToString());
                    _line.Clear();
                }
                else
                {
                    _line.Append(value);
                }
            }
        }
    }
}
