using System.Diagnostics;
using Microwasm.AppFramework.Applets;

namespace Microwasm.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/Microwasm.Benchmarks -- footprint [N]</c>: installs N (100)
/// copies of each samples/simple applet that runs on its own (timer, request_handler,
/// event_subscriber), and prints what each costs beyond its declared linear memory: resident memory
/// (RSS, which counts the touched linear memory too, so that is subtracted) and managed heap.
/// Not a BenchmarkDotNet benchmark: it measures what stays, not how long something takes.
/// </summary>
internal static class AppletFootprint
{
    public static void Run(int count)
    {
        foreach (var sample in new[] { "timer", "request_handler", "event_subscriber" })
        {
            var module = File.ReadAllBytes(Path.Combine(AppFrameworkBenchmarks.RepositoryRoot, "samples", "simple", sample + ".wasm"));
            var manager = new AppManager(new AppManagerOptions { Output = _ => TextWriter.Null, MaxApplets = count + 1 });
            manager.Install("warmup", module);
            manager.Uninstall("warmup");
            var (rss0, managed0) = Measure();
            for (var i = 0; i < count; i++)
            {
                manager.Install($"{sample}{i}", module);
            }
            Thread.Sleep(1500);   // timers tick, handlers run: what an applet touches while alive
            var (rss1, managed1) = Measure();
            var memory = manager.List().Sum(a => (long)a.MemorySize);
            Console.WriteLine($"{sample}: {count} applets, linear memory {memory / count / 1024.0:F1} KiB each; " +
                $"RSS +{(rss1 - rss0) / count / 1024.0:F1} KiB each, beyond linear memory +{(rss1 - rss0 - memory) / count / 1024.0:F1} KiB; " +
                $"managed heap +{(managed1 - managed0) / count / 1024.0:F1} KiB each; threads {Process.GetCurrentProcess().Threads.Count}");
            manager.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static (long Rss, long Managed) Measure()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        using var process = Process.GetCurrentProcess();
        return (process.WorkingSet64, GC.GetTotalMemory(forceFullCollection: true));
    }
}
