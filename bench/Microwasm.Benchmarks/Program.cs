using BenchmarkDotNet.Running;

namespace Microwasm.Benchmarks;

/// <summary>
/// Micro-benchmarks of the engines: <c>dotnet run -c Release --project bench/Microwasm.Benchmarks -- --filter '*'</c>.
/// Whole programs are measured by ../shared/bench/run instead.
/// </summary>
internal static class Program
{
    private static void Main(string[] args)
    {
        if (args is ["footprint", ..])
        {
            AppletFootprint.Run(args.Length > 1 ? int.Parse(args[1]) : 100);
            return;
        }
        if (args is ["latency", ..])
        {
            AppletLatency.Run(args.Length > 1 ? int.Parse(args[1]) : 2000);
            return;
        }
        if (args is ["remote", ..])
        {
            RemoteLoad.Run(args.Length > 1 ? int.Parse(args[1]) : 5000);
            return;
        }
        if (args is ["text", ..])
        {
            TextFormatTimes.Run(args.Length > 1 ? int.Parse(args[1]) : 10);
            return;
        }
        if (args is ["display", ..])
        {
            DisplayLatency.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 30).GetAwaiter().GetResult();
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
