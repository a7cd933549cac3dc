namespace Microwasm.Cli.Tests;

/// <summary>The base of test classes that write files: a temporary folder per test, deleted after it.</summary>
public abstract class TempFolderTests(string prefix) : IDisposable
{
    /// <summary>The folder, empty when the test starts.</summary>
    protected string Dir { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    public void Dispose()
    {
        Directory.Delete(Dir, recursive: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Writes <paramref name="bytes"/> to file <paramref name="name"/> in <see cref="Dir"/>; returns its path.</summary>
    protected string WriteFile(string name, byte[] bytes)
    {
        var path = Path.Combine(Dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Writes <paramref name="text"/> to file <paramref name="name"/> in <see cref="Dir"/>; returns its path.</summary>
    protected string WriteFile(string name, string text)
    {
        var path = Path.Combine(Dir, name);
        File.WriteAllText(path, text);
        return path;
    }
}
