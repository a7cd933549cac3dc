namespace Microwasm.Cli.Wast;

/// <summary>A failed command: where it is in the .wast source, what it was, and why it failed.</summary>
public readonly record struct WastFailure(int Line, string Command, string Reason)
{
    public override string ToString() => $"line {Line}: {Command}: {Reason}";
}

/// <summary>The counters of one script run.</summary>
public sealed class WastFileResult
{
    private readonly List<WastFailure> _failures = [];

    public WastFileResult(string name)
    {
        Name = name;
    }

    /// <summary>The script's file name (<c>const.json</c>).</summary>
    public string Name { get; }

    public int Passed { get; private set; }
    public int Failed { get; private set; }

    /// <summary>All skipped commands, including <see cref="TextSkipped"/> and <see cref="UnsupportedSkipped"/>.</summary>
    public int Skipped { get; private set; }

    /// <summary>Commands skipped because their module is in the text format.</summary>
    public int TextSkipped { get; private set; }

    /// <summary>Commands skipped because their module uses a feature beyond WebAssembly 2.0.</summary>
    public int UnsupportedSkipped { get; private set; }

    /// <summary>Assertions the suite's core scripts contradict (<see cref="WastSuperseded"/>).</summary>
    public int SupersededSkipped { get; private set; }

    /// <summary>The commands of <see cref="UnsupportedSkipped"/> by the feature they need (<c>memory64</c>, <c>gc</c>, ...).</summary>
    public IReadOnlyDictionary<string, int> UnsupportedByFeature => _unsupportedByFeature;

    private readonly SortedDictionary<string, int> _unsupportedByFeature = new(StringComparer.Ordinal);

    /// <summary>True when at least one module of the script was skipped for an unsupported feature.</summary>
    public bool UsesUnsupportedFeature => UnsupportedSkipped > 0;

    public TimeSpan Elapsed { get; internal set; }

    public IReadOnlyList<WastFailure> Failures => _failures;

    /// <summary>Counts <paramref name="outcome"/> of <paramref name="command"/>.</summary>
    public void Record(WastCommand command, WastOutcome outcome)
    {
        switch (outcome.Kind)
        {
            case WastOutcomeKind.Passed:
                Passed++;
                break;
            case WastOutcomeKind.Failed:
                RecordFailure(command.Line, command.Type, outcome.Reason ?? "failed");
                break;
            default:
                Skipped++;
                if (outcome.SkipReason == WastSkipReason.TextModule)
                {
                    TextSkipped++;
                }
                else if (outcome.SkipReason == WastSkipReason.Superseded)
                {
                    SupersededSkipped++;
                }
                else if (outcome.Feature is { } feature)
                {
                    UnsupportedSkipped++;
                    _unsupportedByFeature[feature] = _unsupportedByFeature.GetValueOrDefault(feature) + 1;
                }
                break;
        }
    }

    /// <summary>Counts a failure that is not one command's, such as a script that cannot be read (line 0).</summary>
    public void RecordFailure(int line, string command, string reason)
    {
        Failed++;
        _failures.Add(new WastFailure(line, command, reason));
    }

    /// <summary><c>NAME: N passed, N failed, N skipped</c>.</summary>
    public string Summary => $"{Name}: {Passed} passed, {Failed} failed, {Skipped} skipped";

    /// <summary>Writes the summary line, the unsupported commands by feature if any, and, when <paramref name="verbose"/>, one line per failure.</summary>
    public void WriteTo(TextWriter writer, bool verbose)
    {
        writer.WriteLine(Summary);
        if (UnsupportedSkipped > 0)
        {
            writer.WriteLine($"  unsupported: {string.Join(", ", UnsupportedByFeature.Select(kv => $"{kv.Key} {kv.Value}"))}");
        }
        if (SupersededSkipped > 0)
        {
            writer.WriteLine($"  superseded: {SupersededSkipped}");
        }
        if (verbose)
        {
            foreach (var f in _failures)
            {
                writer.WriteLine($"  {f}");
            }
        }
    }
}
