namespace Microwasm.SpecTests;

/// <summary>Finds the spec test suites: <c>../shared/spec-testsuite</c> (2022) and <c>spec-testsuite-latest</c> (2026) beside the repository.</summary>
internal static class SpecCorpus
{
    private const string SolutionFile = "Microwasm.slnx";

    /// <summary>The folder that holds <c>Microwasm.slnx</c>.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The <c>shared</c> folder beside the repository: the test suites and the tools.</summary>
    public static string SharedDirectory => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));

    /// <summary>The 2022 suite's <c>.wast</c> scripts (WebAssembly 2.0).</summary>
    public static string TestSuiteDirectory => Path.Combine(SharedDirectory, "spec-testsuite");

    /// <summary>The 2026 suite's <c>.wast</c> scripts (WebAssembly 3.0 and proposals), in subfolders too.</summary>
    public static string LatestDirectory => Path.Combine(SharedDirectory, "spec-testsuite-latest");

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

    /// <summary>Every script of the 2026 suite, subfolders included, in ordinal order of their paths.</summary>
    public static IReadOnlyList<string> LatestScripts() => Directory.Exists(LatestDirectory)
        ? [.. Directory.EnumerateFiles(LatestDirectory, "*.wast", SearchOption.AllDirectories).Order(StringComparer.Ordinal)]
        : [];

    /// <summary>
    /// The distinct binaries of every module of the 2022 core scripts (text modules assembled by
    /// Microwasm.Text, binary ones as written; those that do not parse left out), in script order.
    /// </summary>
    public static IEnumerable<byte[]> CoreModules()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in CoreScriptNames())
        {
            foreach (var command in Microwasm.Text.WastParser.Parse(File.ReadAllText(Path.Combine(TestSuiteDirectory, name + ".wast"))))
            {
                if (command.Module is not { } module)
                {
                    continue;
                }
                byte[] bytes;
                try
                {
                    bytes = module.GetBinary();
                }
                catch (Microwasm.Text.WatParseException)
                {
                    continue;
                }
                if (seen.Add(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes))))
                {
                    yield return bytes;
                }
            }
        }
    }

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
}
