using System.Net.Sockets;

namespace Microwasm.Wasi;

/// <summary>
/// What a WASI program sees of the world: its arguments, environment, standard streams,
/// and the only host directories and sockets it may reach.
/// </summary>
public sealed class WasiConfiguration
{
    /// <summary>argv, including argv[0] (the program name) if the caller wants one.</summary>
    public List<string> Arguments { get; } = [];

    /// <summary>The environment as name/value pairs; empty unless set (the host environment is not inherited by default).</summary>
    public List<KeyValuePair<string, string>> Environment { get; } = [];

    /// <summary>fd 0; null means the console's standard input.</summary>
    public Stream? StandardInput { get; set; }

    /// <summary>fd 1; null means the console's standard output.</summary>
    public Stream? StandardOutput { get; set; }

    /// <summary>fd 2; null means the console's standard error.</summary>
    public Stream? StandardError { get; set; }

    /// <summary>Directories the guest may use, in fd order from 3.</summary>
    public List<WasiPreopenDirectory> PreopenedDirectories { get; } = [];

    /// <summary>Sockets handed to the guest, numbered after the directories.</summary>
    public List<Socket> PreopenedSockets { get; } = [];

    /// <summary>The most descriptors the guest may hold open at once (EMFILE beyond).</summary>
    public int MaxOpenFiles { get; set; } = 1024;

    /// <summary>Appends argv entries.</summary>
    public WasiConfiguration WithArguments(params string[] arguments)
    {
        Arguments.AddRange(arguments);
        return this;
    }

    /// <summary>Adds one environment variable.</summary>
    public WasiConfiguration WithEnvironment(string name, string value)
    {
        if (name.Length == 0 || name.Contains('=') || name.Contains('\0') || value.Contains('\0'))
        {
            throw new ArgumentException($"invalid environment variable name or value: '{name}'");
        }
        Environment.Add(new(name, value));
        return this;
    }

    /// <summary>Copies the host process's environment (an explicit choice: it can leak secrets to the guest).</summary>
    public WasiConfiguration InheritEnvironment()
    {
        foreach (System.Collections.DictionaryEntry e in System.Environment.GetEnvironmentVariables())
        {
            Environment.Add(new((string)e.Key, (string?)e.Value ?? ""));
        }
        return this;
    }

    /// <summary><c>--dir X</c>: the guest sees host directory <paramref name="path"/> under the same name.</summary>
    public WasiConfiguration WithDirectory(string path) => WithMappedDirectory(path, path);

    /// <summary><c>--map-dir guest::host</c>: the guest sees <paramref name="hostPath"/> as <paramref name="guestPath"/>.</summary>
    public WasiConfiguration WithMappedDirectory(string guestPath, string hostPath)
    {
        PreopenedDirectories.Add(new WasiPreopenDirectory(guestPath, hostPath));
        return this;
    }

    /// <summary>Parses the CLI's <c>--map-dir</c> value <c>guest::host</c>.</summary>
    public static WasiPreopenDirectory ParseMapDirectory(string value)
    {
        var at = value.IndexOf("::", StringComparison.Ordinal);
        if (at <= 0 || at + 2 >= value.Length)
        {
            throw new ArgumentException($"--map-dir expects GUEST::HOST, got '{value}'");
        }
        return new WasiPreopenDirectory(value[..at], value[(at + 2)..]);
    }

    /// <summary>Hands an open socket (listening or connected) to the guest as a pre-opened descriptor.</summary>
    public WasiConfiguration WithSocket(Socket socket)
    {
        PreopenedSockets.Add(socket);
        return this;
    }
}

/// <summary>A pre-opened directory: the name the guest uses and the host directory behind it.</summary>
public sealed record WasiPreopenDirectory(string GuestPath, string HostPath);
