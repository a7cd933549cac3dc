using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microwasm.Cli.Run;

namespace Microwasm.Cli.Tests;

/// <summary>
/// The <c>microwasm</c> command as a real process: by default this test build's CLI through
/// <c>dotnet Microwasm.Cli.dll</c>; with the environment variable <c>MICROWASM_EXE</c> set, that
/// executable instead (the NativeAOT build: <c>tools/aot.sh --test</c> runs the tests marked
/// <c>[Trait("Category", "Executable")]</c> against it).
/// </summary>
internal static class CliProcess
{
    /// <summary>The trait value of tests that run the command as a process, and may run it from MICROWASM_EXE.</summary>
    public const string Category = "Executable";

    /// <summary>The executable MICROWASM_EXE names (made absolute), or null for this test build's CLI.</summary>
    public static string? Executable { get; } =
        Environment.GetEnvironmentVariable("MICROWASM_EXE") is { Length: > 0 } path ? Path.GetFullPath(path) : null;

    /// <summary>How to start <c>microwasm ARGUMENTS</c>, standard output and error redirected.</summary>
    public static ProcessStartInfo StartInfo(params IEnumerable<string> arguments)
    {
        ProcessStartInfo start;
        if (Executable is { } executable)
        {
            start = new ProcessStartInfo(executable);
        }
        else
        {
            // apphost-free, through the CLI assembly the test build copies here
            start = new ProcessStartInfo("dotnet");
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Microwasm.Cli.dll"));
        }
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        return start;
    }

    /// <summary>Runs <c>microwasm ARGUMENTS</c> to its end (at most 60 s) with no input; its exit status and output.</summary>
    public static (int Status, string Out, string Err) Run(params IEnumerable<string> arguments)
    {
        return RunToEnd(StartInfo(arguments), $"microwasm {string.Join(' ', arguments)}");
    }

    /// <summary>
    /// Runs <paramref name="start"/> (its output and error redirected) to its end with no input, at most
    /// 60 s (then killed, and <paramref name="what"/> named in the exception); its exit status and output.
    /// </summary>
    public static (int Status, string Out, string Err) RunToEnd(ProcessStartInfo start, string what)
    {
        start.RedirectStandardInput = true;
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{what} ran for more than 60 s");
        }
        return (process.ExitCode, output.Result, error.Result);
    }

    /// <summary>Starts <c>microwasm ARGUMENTS</c> (standard output and error redirected).</summary>
    public static Process Start(params IEnumerable<string> arguments) => Process.Start(StartInfo(arguments))!;

    /// <summary>Sends SIGINT to <paramref name="process"/>, as Ctrl-C does.</summary>
    public static void Interrupt(Process process)
    {
        using var kill = Process.Start("kill", ["-INT", process.Id.ToString()])!;
        kill.WaitForExit();
    }

    /// <summary>Reads lines of <paramref name="reader"/> into <paramref name="seen"/> until one contains <paramref name="text"/> (or the stream ends, or the time is up); returns all read so far.</summary>
    public static async Task<string> ReadUntilAsync(StreamReader reader, StringBuilder seen, string text, int timeoutMs = 30_000)
    {
        using var timeout = new CancellationTokenSource(timeoutMs);
        while (!seen.ToString().Contains(text, StringComparison.Ordinal))
        {
            var line = await reader.ReadLineAsync(timeout.Token);
            if (line is null)
            {
                break;
            }
            seen.AppendLine(line);
        }
        return seen.ToString();
    }

    /// <summary>A loopback TCP port free a moment ago.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs <c>microwasm ARGUMENTS</c> in this process (no input); its exit status and output.</summary>
    public static (int Status, string Out, string Err) InProcess(params string[] arguments)
    {
        var output = new MemoryStream();
        var error = new MemoryStream();
        var status = Program.Invoke(arguments, new RunConsole(new MemoryStream(), output, error));
        return (status, Encoding.UTF8.GetString(output.ToArray()), Encoding.UTF8.GetString(error.ToArray()));
    }
}
