using System.Diagnostics;
using Microwasm.AppFramework.Applets;
using Microwasm.AppFramework.Messaging;

namespace Microwasm.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/Microwasm.Benchmarks -- latency [N]</c>: the round trip of
/// an isolated host → applet request, sent after the applet has gone idle (its thread blocked, so
/// the request pays for waking it and the host's thread), which BenchmarkDotNet's back-to-back
/// loop never sees. Prints the median, 90th and 99th percentiles of N (2,000) requests, each after
/// a 2 ms pause, and of N requests back to back for comparison.
/// </summary>
internal static class AppletLatency
{
    public static void Run(int count)
    {
        var manager = new AppManager(new AppManagerOptions { Output = _ => TextWriter.Null });
        manager.Install("echo", File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "wasm", "echo-applet.wasm")));
        var request = new Request(RequestMethod.Get, "/app/echo/echo");
        for (var i = 0; i < 1000; i++)
        {
            manager.SendRequestAsync(request).GetAwaiter().GetResult();
        }
        Report("after 2 ms idle", Measure(manager, request, count, pause: true));
        Report("back to back", Measure(manager, request, count, pause: false));
        manager.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    private static double[] Measure(AppManager manager, Request request, int count, bool pause)
    {
        var times = new double[count];
        for (var i = 0; i < count; i++)
        {
            if (pause)
            {
                Thread.Sleep(2);
            }
            var start = Stopwatch.GetTimestamp();
            var response = manager.SendRequestAsync(request).GetAwaiter().GetResult();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            if (response.Status != ResponseStatus.Content)
            {
                throw new InvalidOperationException($"unexpected {response}");
            }
        }
        Array.Sort(times);
        return times;
    }

    private static void Report(string what, double[] sorted) =>
        Console.WriteLine($"host → applet round trip, {what}: median {sorted[sorted.Length / 2]:F1} µs, " +
            $"p90 {sorted[sorted.Length * 9 / 10]:F1} µs, p99 {sorted[sorted.Length * 99 / 100]:F1} µs ({sorted.Length} requests)");
}
