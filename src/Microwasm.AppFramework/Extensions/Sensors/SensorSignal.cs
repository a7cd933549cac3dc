using System.Globalization;

namespace Microwasm.AppFramework.Extensions.Sensors;

/// <summary>The shape of a <see cref="SensorSignal"/>.</summary>
public enum SensorSignalKind
{
    /// <summary>Always <see cref="SensorSignal.Value"/>.</summary>
    Constant,

    /// <summary><see cref="SensorSignal.Offset"/> + <see cref="SensorSignal.Amplitude"/> · sin(2π n / <see cref="SensorSignal.Period"/>).</summary>
    Sine,

    /// <summary><see cref="SensorSignal.Start"/> + <see cref="SensorSignal.Step"/> · n, starting over after <see cref="SensorSignal.End"/> when it is set.</summary>
    Ramp,
}

/// <summary>
/// A deterministic signal for a <see cref="SimulatedSensor"/>: reading number n (0, 1, 2, ...) is a
/// pure function of n and the parameters, the seeded noise included, so a run is reproducible
/// whatever the timing.
/// </summary>
public sealed record SensorSignal
{
    /// <summary>The shape.</summary>
    public SensorSignalKind Kind { get; init; }

    /// <summary>A constant signal's value.</summary>
    public double Value { get; init; }

    /// <summary>A sine's middle value.</summary>
    public double Offset { get; init; }

    /// <summary>A sine's amplitude (default 1).</summary>
    public double Amplitude { get; init; } = 1;

    /// <summary>A sine's period in readings (default 60).</summary>
    public double Period { get; init; } = 60;

    /// <summary>A ramp's first value.</summary>
    public double Start { get; init; }

    /// <summary>What a ramp adds per reading (default 1).</summary>
    public double Step { get; init; } = 1;

    /// <summary>A ramp's last value: after it the ramp starts over at <see cref="Start"/>; null for a ramp that never ends.</summary>
    public double? End { get; init; }

    /// <summary>Uniform noise added to every reading, in [-Noise, +Noise] (default 0: none).</summary>
    public double Noise { get; init; }

    /// <summary>The noise's seed (default 1).</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>A constant signal.</summary>
    public static SensorSignal Constant(double value) => new() { Kind = SensorSignalKind.Constant, Value = value };

    /// <summary>A sine around <paramref name="offset"/>.</summary>
    public static SensorSignal Sine(double offset, double amplitude, double period) =>
        new() { Kind = SensorSignalKind.Sine, Offset = offset, Amplitude = amplitude, Period = period };

    /// <summary>A ramp from <paramref name="start"/> by <paramref name="step"/>, starting over after <paramref name="end"/> if given.</summary>
    public static SensorSignal Ramp(double start, double step, double? end = null) =>
        new() { Kind = SensorSignalKind.Ramp, Start = start, Step = step, End = end };

    /// <summary>Reading number <paramref name="n"/> (from 0).</summary>
    public double ValueAt(long n)
    {
        var value = Kind switch
        {
            SensorSignalKind.Sine => Offset + Amplitude * Math.Sin(2 * Math.PI * (n % Period) / Period),
            SensorSignalKind.Ramp => Start + Step * RampIndex(n),
            _ => Value,
        };
        if (Noise != 0)
        {
            // a hash of (seed, n), not a stateful generator: reading n is the same whoever reads first
            var bits = Mix(Seed * 0x9E3779B97F4A7C15UL + (ulong)n);
            var unit = (bits >> 11) * (1.0 / (1UL << 53));   // [0, 1)
            value += (2 * unit - 1) * Noise;
        }
        return value;
    }

    private long RampIndex(long n)
    {
        if (End is not { } end || Step == 0)
        {
            return n;
        }
        var count = (long)Math.Floor((end - Start) / Step) + 1;
        return count <= 1 ? 0 : n % count;
    }

    private static ulong Mix(ulong x)
    {
        // SplitMix64's finalizer
        x ^= x >> 30;
        x *= 0xBF58476D1CE4E5B9UL;
        x ^= x >> 27;
        x *= 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    /// <summary>
    /// Parses <c>KIND[,KEY=VALUE]...</c>: <c>constant,value=21.5</c>; <c>sine,offset=20,amplitude=5,period=60</c>;
    /// <c>ramp,start=0,step=1,end=99</c>; any of them with <c>noise=X</c> and <c>seed=N</c>.
    /// </summary>
    /// <exception cref="FormatException">The text is not such a signal; the message says what is wrong.</exception>
    public static SensorSignal Parse(string text) => Parse(text, out _);

    /// <summary>Parses like <see cref="Parse(string)"/>, also accepting <c>interval=MS</c>, returned apart (null if absent).</summary>
    internal static SensorSignal Parse(string text, out TimeSpan? interval)
    {
        ArgumentNullException.ThrowIfNull(text);
        interval = null;
        var parts = text.Split(',');
        var signal = parts[0].Trim().ToLowerInvariant() switch
        {
            "constant" => new SensorSignal { Kind = SensorSignalKind.Constant },
            "sine" => new SensorSignal { Kind = SensorSignalKind.Sine },
            "ramp" => new SensorSignal { Kind = SensorSignalKind.Ramp },
            var kind => throw new FormatException($"unknown signal \"{kind}\": use constant, sine or ramp"),
        };
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in parts.Skip(1))
        {
            var equals = part.IndexOf('=');
            if (equals <= 0)
            {
                throw new FormatException($"\"{part}\" is not KEY=VALUE");
            }
            var key = part[..equals].Trim().ToLowerInvariant();
            var valueText = part[(equals + 1)..].Trim();
            if (!seen.Add(key))
            {
                throw new FormatException($"\"{key}\" is given twice");
            }
            if (key == "seed")
            {
                if (!ulong.TryParse(valueText, NumberStyles.None, CultureInfo.InvariantCulture, out var seed))
                {
                    throw new FormatException($"seed must be a whole number, not \"{valueText}\"");
                }
                signal = signal with { Seed = seed };
                continue;
            }
            if (!double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            {
                throw new FormatException($"{key} must be a number, not \"{valueText}\"");
            }
            signal = (signal.Kind, key) switch
            {
                (_, "noise") when value >= 0 => signal with { Noise = value },
                (_, "noise") => throw new FormatException("noise must not be negative"),
                (_, "interval") when value >= 0 && value <= int.MaxValue => Interval(signal, TimeSpan.FromMilliseconds(value), out interval),
                (_, "interval") => throw new FormatException("interval must be 0 .. 2147483647 ms"),
                (SensorSignalKind.Constant, "value") => signal with { Value = value },
                (SensorSignalKind.Sine, "offset") => signal with { Offset = value },
                (SensorSignalKind.Sine, "amplitude") => signal with { Amplitude = value },
                (SensorSignalKind.Sine, "period") when value > 0 => signal with { Period = value },
                (SensorSignalKind.Sine, "period") => throw new FormatException("period must be above 0"),
                (SensorSignalKind.Ramp, "start") => signal with { Start = value },
                (SensorSignalKind.Ramp, "step") => signal with { Step = value },
                (SensorSignalKind.Ramp, "end") => signal with { End = value },
                _ => throw new FormatException($"a {signal.Kind.ToString().ToLowerInvariant()} signal has no \"{key}\" (it takes {KeysOf(signal.Kind)}, noise, seed, interval)"),
            };
        }
        return signal;
    }

    private static SensorSignal Interval(SensorSignal signal, TimeSpan value, out TimeSpan? interval)
    {
        interval = value;
        return signal;
    }

    private static string KeysOf(SensorSignalKind kind) => kind switch
    {
        SensorSignalKind.Sine => "offset, amplitude, period",
        SensorSignalKind.Ramp => "start, step, end",
        _ => "value",
    };

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        SensorSignalKind.Sine => Format($"sine,offset={Offset},amplitude={Amplitude},period={Period}"),
        SensorSignalKind.Ramp when End is { } end => Format($"ramp,start={Start},step={Step},end={end}"),
        SensorSignalKind.Ramp => Format($"ramp,start={Start},step={Step}"),
        _ => Format($"constant,value={Value}"),
    } + (Noise != 0 ? Format($",noise={Noise},seed={Seed}") : "");

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
