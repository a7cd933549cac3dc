using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Microwasm.TestSupport;

/// <summary>
/// WAMR's own application-framework tools, for holding Microwasm against the real thing: built on
/// first use by <c>../shared/tools/build-wamr-tools</c> into <c>build/wamr-tools</c> under the
/// repository root (or taken from <c>WAMR_TOOLS</c>): WAMR's <c>simple</c> runtime, its
/// <c>host_tool</c>, and the samples/simple applets built with WAMR's SDK in <c>apps/</c>.
/// Compiled into each test project that needs it (linked from tests/Shared); test assemblies run
/// in parallel, so the build holds a lock file and the second one waits for the first.
/// </summary>
internal static class WamrTools
{
    private static readonly Lazy<string> s_directory = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string SharedDirectory => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));

    public static string Directory => s_directory.Value;

    /// <summary>The bytes of WAMR's SDK-built sample applet <paramref name="name"/> (e.g. <c>timer</c>).</summary>
    public static byte[] App(string name) => File.ReadAllBytes(Path.Combine(Directory, "apps", name + ".wasm"));

    /// <summary>
    /// Starts WAMR's <c>simple</c> runtime as a TCP server on a free loopback port and waits until it
    /// listens. Line-buffered (<c>stdbuf -oL</c>): unbuffered, WAMR's runtime overflows its manager
    /// thread's stack printing and hangs.
    /// </summary>
    public static async Task<WamrRuntime> StartRuntimeAsync()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        var start = new ProcessStartInfo("stdbuf") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-oL", Path.Combine(Directory, "simple"), "-s", "-p", port.ToString() })
        {
            start.ArgumentList.Add(argument);
        }
        var runtime = new WamrRuntime(Process.Start(start)!, port);
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return runtime;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        await runtime.DisposeAsync();
        throw new InvalidOperationException($"WAMR's runtime did not listen on port {port} within 5 s");
    }

    private static string Build()
    {
        if (Environment.GetEnvironmentVariable("WAMR_TOOLS") is { Length: > 0 } given)
        {
            return given;
        }
        var output = Path.Combine(RepositoryRoot, "build", "wamr-tools");
        var marker = Path.Combine(output, "apps", "timer.wasm");
        System.IO.Directory.CreateDirectory(Path.Combine(RepositoryRoot, "build"));
        using var lockFile = TakeLock(Path.Combine(RepositoryRoot, "build", "wamr-tools.lock"));
        if (File.Exists(marker) && File.Exists(Path.Combine(output, "host_tool")))
        {
            return output;
        }
        var script = Path.Combine(SharedDirectory, "tools", "build-wamr-tools");
        var start = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(output);
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0 || !File.Exists(marker))
        {
            throw new InvalidOperationException($"{script} {output} failed ({process.ExitCode}); it needs gcc, cmake, make, clang-14, lld-14:\n{errors.Result}");
        }
        return output;
    }

    private static FileStream TakeLock(string path)
    {
        var deadline = Environment.TickCount64 + 600_000;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (Environment.TickCount64 < deadline)
            {
                Thread.Sleep(200);
            }
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Microwasm.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("cannot find Microwasm.slnx above " + AppContext.BaseDirectory);
    }
}

/// <summary>A running WAMR <c>simple</c> runtime (<see cref="WamrTools.StartRuntimeAsync"/>); disposing it kills it.</summary>
internal sealed class WamrRuntime : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task<string> _output;
    private readonly Task<string> _errors;
    private bool _stopped;

    public WamrRuntime(Process process, int port)
    {
        _process = process;
        Port = port;
        _output = process.StandardOutput.ReadToEndAsync();
        _errors = process.StandardError.ReadToEndAsync();
    }

    /// <summary>The TCP port it serves on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Kills the runtime and returns what it printed (standard output, then standard error).</summary>
    public async Task<string> StopAsync()
    {
        await DisposeAsync();
        return await _output + await _errors;
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopped)
        {
            return;
        }
        _stopped = true;
        if (!_process.HasExited)
        {
            _process.Kill();
        }
        await _process.WaitForExitAsync();
        await _errors;
        _process.Dispose();
    }
}
