using System.Diagnostics;
using System.Net;
using Microwasm.AppFramework.Applets;
using Microwasm.AppFramework.Messaging;
using Microwasm.AppFramework.Transports;

namespace Microwasm.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/Microwasm.Benchmarks -- remote [N]</c>: the remote
/// manager's figures of issue #14 in one sitting, over loopback TCP to the echo applet: the round
/// trip of one client (median, p99; back to back and after 2 ms idle), requests per second pipelined
/// on one connection (a window of 100 in flight), and in total over 64 connections (a window of 2
/// each). Percentiles need every sample, which BenchmarkDotNet does not keep; the mean of the round
/// trip is also in <see cref="RemoteManagerBenchmarks"/>.
/// </summary>
internal static class RemoteLoad
{
    public static void Run(int count)
    {
        var manager = new AppManager(new AppManagerOptions { Output = _ => TextWriter.Null });
        manager.Install("echo", File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "wasm", "echo-applet.wasm")));
        var server = new RemoteManagerServer(manager);
        var port = server.ListenTcp(new IPEndPoint(IPAddress.Loopback, 0)).Port;
        var client = AppManagerClient.ConnectAsync("127.0.0.1", port).GetAwaiter().GetResult();
        for (var i = 0; i < 2000; i++)
        {
            Check(client.RequestAsync(RequestMethod.Get, "/app/echo/echo").GetAwaiter().GetResult());
        }
        Report("back to back", RoundTrips(client, count, pause: false));
        Report("after 2 ms idle", RoundTrips(client, count / 4, pause: true));
        Print("pipelined, 1 connection, 100 in flight", Throughput([client], count * 20, window: 100));
        var clients = Enumerable.Range(0, 64).Select(_ => AppManagerClient.ConnectAsync("127.0.0.1", port).GetAwaiter().GetResult()).ToArray();
        // 64 × 2 in flight stays under the applet's queue (256), past which requests are refused with 5.03
        Print("64 connections, 2 in flight each", Throughput(clients, count * 20, window: 2));
        Print("64 connections, 1 in flight each", Throughput(clients, count * 10, window: 1));
        foreach (var c in clients.Append(client))
        {
            c.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        manager.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    private static double[] RoundTrips(AppManagerClient client, int count, bool pause)
    {
        var times = new double[count];
        for (var i = 0; i < count; i++)
        {
            if (pause)
            {
                Thread.Sleep(2);
            }
            var start = Stopwatch.GetTimestamp();
            var response = client.RequestAsync(RequestMethod.Get, "/app/echo/echo").GetAwaiter().GetResult();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            Check(response);
        }
        Array.Sort(times);
        return times;
    }

    /// <summary>Requests per second with <paramref name="window"/> requests in flight on each client, <paramref name="total"/> in all.</summary>
    private static (double PerSecond, double CpuMicroseconds) Throughput(AppManagerClient[] clients, int total, int window)
    {
        var perClient = total / clients.Length;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var start = Stopwatch.GetTimestamp();
        var loops = clients.SelectMany(client => Enumerable.Range(0, window).Select(async _ =>
        {
            for (var i = 0; i < perClient / window; i++)
            {
                Check(await client.RequestAsync(RequestMethod.Get, "/app/echo/echo").ConfigureAwait(false));
            }
        })).ToArray();
        Task.WaitAll(loops);
        var done = perClient / window * window * clients.Length;
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        // CPU time per request (client and server together, both in this process) is what bounds the
        // rate on 2 cores, and is far less disturbed by other load on the machine than the wall clock
        var cpuPerRequest = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / done;
        return (done / seconds, cpuPerRequest);
    }

    private static void Print(string what, (double PerSecond, double CpuMicroseconds) result) =>
        Console.WriteLine($"{what}: {result.PerSecond:N0} requests/s, {result.CpuMicroseconds:F1} µs CPU per request (client and server)");

    private static void Check(Response response)
    {
        if (response.Status != ResponseStatus.Content)
        {
            throw new InvalidOperationException($"unexpected {response}");
        }
    }

    private static void Report(string what, double[] sorted) =>
        Console.WriteLine($"loopback round trip, one client, {what}: median {sorted[sorted.Length / 2]:F1} µs, " +
            $"p90 {sorted[sorted.Length * 9 / 10]:F1} µs, p99 {sorted[sorted.Length * 99 / 100]:F1} µs ({sorted.Length} requests)");
}
