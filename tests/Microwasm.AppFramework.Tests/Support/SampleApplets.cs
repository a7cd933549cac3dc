using System.Collections.Concurrent;
using System.Diagnostics;
using Microwasm.TestSupport;

namespace Microwasm.AppFramework.Tests.Support;

/// <summary>
/// The five classic applets in three builds: WAMR's sources with WAMR's SDK (<c>wamr</c>), our
/// samples/simple as committed (<c>ours</c>), and WAMR's sources with our SDK (<c>wamr-sources-our-sdk</c>),
/// the last built at test time with <c>app-sdk/build-applet.sh</c>.
/// </summary>
internal static class SampleApplets
{
    public static readonly string[] Builds = ["wamr", "ours", "wamr-sources-our-sdk"];

    private static readonly ConcurrentDictionary<string, Lazy<byte[]>> s_built = new();

    public static string SamplesDirectory => Path.Combine(WamrTools.RepositoryRoot, "samples", "simple");

    public static string WamrSamplesDirectory => Path.Combine(WamrTools.SharedDirectory, "third_party", "wamr-b9db23b", "samples", "simple", "wasm-apps");

    public static byte[] Get(string build, string name) => build switch
    {
        "wamr" => WamrTools.App(name),
        "ours" => File.ReadAllBytes(Path.Combine(SamplesDirectory, name + ".wasm")),
        "wamr-sources-our-sdk" => s_built.GetOrAdd(Path.Combine(WamrSamplesDirectory, name + ".c"),
            source => new Lazy<byte[]>(() => BuildWithOurSdk(source))).Value,
        _ => throw new ArgumentOutOfRangeException(nameof(build)),
    };

    /// <summary>Builds <paramref name="source"/> with <c>app-sdk/build-applet.sh</c> into a fresh file; returns its bytes.</summary>
    public static byte[] BuildWithOurSdk(string source)
    {
        var directory = Directory.CreateTempSubdirectory("microwasm-applet-");
        try
        {
            var output = Path.Combine(directory.FullName, Path.GetFileNameWithoutExtension(source) + ".wasm");
            var (code, log) = Run("bash", Path.Combine(WamrTools.RepositoryRoot, "app-sdk", "build-applet.sh"), source, "-o", output);
            if (code != 0)
            {
                throw new InvalidOperationException($"build-applet.sh {source} failed ({code}):\n{log}");
            }
            return File.ReadAllBytes(output);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    public static (int ExitCode, string Log) Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + errors.Result);
    }
}
