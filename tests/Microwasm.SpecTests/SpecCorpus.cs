using System.Diagnostics;

namespace Microwasm.SpecTests;

/// <summary>
/// Finds the spec test suite converted to JSON by wast2json: <c>build/spec-json</c> under the
/// repository root, made on first use by <c>../shared/tools/spec-to-json</c> if it is missing.
/// </summary>
internal static class SpecCorpus
{
    private const string SolutionFile = "Microwasm.slnx";

    // The summary is the last file spec-to-json writes, so a conversion that was interrupted
    // half way is redone instead of being mistaken for a complete one.
    private const string CompletionMarker = "summary.tsv";

    private static readonly Lazy<string> s_jsonDirectory = new(Convert, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The folder that holds <c>Microwasm.slnx</c>.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The <c>shared</c> folder beside the repository: the test suite and the tools.</summary>
    public static string SharedDirectory => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));

    /// <summary>The vendored <c>.wast</c> scripts.</summary>
    public static string TestSuiteDirectory => Path.Combine(SharedDirectory, "spec-testsuite");

    /// <summary>The converted corpus, converting it first if needed.</summary>
    /// <exception cref="InvalidOperationException">wast2json is missing or the conversion failed.</exception>
    public static string JsonDirectory => s_jsonDirectory.Value;

    /// <summary>The names of the core (top-level) <c>.wast</c> scripts, without extension, in ordinal order.</summary>
    public static IReadOnlyList<string> CoreScriptNames()
    {
        if (!Directory.Exists(TestSuiteDirectory))
        {
            return [];
        }
        return [.. Directory.EnumerateFiles(TestSuiteDirectory, "*.wast")
            .Select(p => Path.GetFileNameWithoutExtension(p))
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>The JSON script of core test <paramref name="name"/> (<c>const</c> → <c>build/spec-json/const/const.json</c>).</summary>
    public static string CoreScriptPath(string name) => Path.Combine(JsonDirectory, name, name + ".json");

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"cannot find {SolutionFile} above {AppContext.BaseDirectory}");
    }

    private static string Convert()
    {
        var output = Path.Combine(RepositoryRoot, "build", "spec-json");
        if (File.Exists(Path.Combine(output, CompletionMarker)))
        {
            return output;
        }
        if (!CanRun("wast2json", "--version"))
        {
            throw new InvalidOperationException(
                $"{output} is missing and wast2json, which makes it, is not installed: install wabt: apt-get install -y wabt");
        }
        var script = Path.Combine(SharedDirectory, "tools", "spec-to-json");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"{output} is missing and so is {script}, which makes it (expected the shared folder at {SharedDirectory})");
        }
        var (exitCode, log) = Run("bash", script, output);
        if (exitCode != 0 || !File.Exists(Path.Combine(output, CompletionMarker)))
        {
            throw new InvalidOperationException($"{script} {output} failed with exit status {exitCode}:{Environment.NewLine}{log}");
        }
        return output;
    }

    private static bool CanRun(string program, string argument)
    {
        try
        {
            return Run(program, argument).ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Process.Start throws this when the program is not on PATH.
            return false;
        }
    }

    private static (int ExitCode, string Log) Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {program}");
        // Both streams are read concurrently so that neither pipe can fill up and block the child.
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }
}
