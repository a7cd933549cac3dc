namespace Microwasm.AppFramework.Extensions.Display;

/// <summary>The last few thousand latencies of one kind, for percentiles (the benchmarks and tests read it).</summary>
internal sealed class LatencyRecorder
{
    private const int Capacity = 4096;
    private readonly double[] _milliseconds = new double[Capacity];
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Add(TimeSpan latency)
    {
        lock (_milliseconds)
        {
            _milliseconds[_count % Capacity] = latency.TotalMilliseconds;
            _count++;
        }
    }

    public void Clear()
    {
        lock (_milliseconds)
        {
            _count = 0;
        }
    }

    /// <summary>The <paramref name="percentile"/> (0..100) of the recorded values, in milliseconds; NaN when there are none.</summary>
    public double Percentile(double percentile)
    {
        double[] values;
        lock (_milliseconds)
        {
            values = _milliseconds.AsSpan(0, (int)Math.Min(_count, Capacity)).ToArray();
        }
        if (values.Length == 0)
        {
            return double.NaN;
        }
        Array.Sort(values);
        var index = (int)Math.Ceiling(percentile / 100 * values.Length) - 1;
        return values[Math.Clamp(index, 0, values.Length - 1)];
    }
}
