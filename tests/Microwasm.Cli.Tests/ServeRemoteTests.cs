using System.Diagnostics;
using Microwasm.AppFramework.Messaging;
using Microwasm.AppFramework.Transports;
using Microwasm.TestSupport;

namespace Microwasm.Cli.Tests;

/// <summary><c>microwasm serve --listen</c> and <c>--stdio</c>: the remote manager as a real process.</summary>
[Trait("Category", CliProcess.Category)]
public sealed class ServeRemoteTests
{
    private static string RequestHandler => Path.Combine(TestPrograms.RepositoryRoot, "samples", "simple", "request_handler.wasm");

    private static Process Start(bool redirectInput, params string[] arguments)
    {
        var start = CliProcess.StartInfo(["serve", .. arguments]);
        start.RedirectStandardInput = redirectInput;
        return Process.Start(start)!;
    }

    [Fact]
    public async Task WamrsHostToolDrivesServeListen()
    {
        // WAMR's tools are built on first use (tens of seconds on a busy machine): before the clock starts
        var hostTool = Path.Combine(WamrTools.Directory, "host_tool");
        var port = CliProcess.FreePort();
        using var process = Start(false, "--listen", $"127.0.0.1:{port}", "--applet", "request_handler=" + RequestHandler);
        try
        {
            using var timeout = new CancellationTokenSource(30_000);
            string? line;
            while ((line = await process.StandardError.ReadLineAsync(timeout.Token)) is not null && !line.Contains("Ctrl-C stops"))
            {
                Assert.DoesNotContain("cannot listen", line);
            }
            var start = new ProcessStartInfo(hostTool, ["-P", port.ToString(), "-r", "/app/request_handler/url1", "-A", "GET"]) { RedirectStandardOutput = true };
            using var tool = Process.Start(start)!;
            var output = await tool.StandardOutput.ReadToEndAsync(timeout.Token);
            await tool.WaitForExitAsync(timeout.Token);
            Assert.Equal(69, tool.ExitCode);
            Assert.Equal("\nresponse status 69\n{\n\t\"key1\":\t\"value1\",\n\t\"key2\":\t\"value2\"\n}", output);
        }
        finally
        {
            using var kill = Process.Start("kill", ["-INT", process.Id.ToString()])!;
            await kill.WaitForExitAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        Assert.Equal(0, process.ExitCode);
    }

    [Fact]
    public async Task ServeStdioSpeaksTheProtocolOnItsStandardStreamsAndStopsWhenTheInputEnds()
    {
        using var process = Start(true, "--stdio", "--applet", "request_handler=" + RequestHandler);
        var client = new AppManagerClient(process.StandardOutput.BaseStream, process.StandardInput.BaseStream) { Timeout = TimeSpan.FromSeconds(30) };
        var answer = await client.RequestAsync(RequestMethod.Get, "/url1");
        Assert.Equal(ResponseStatus.Content, answer.Status);
        Assert.Equal(ResponseStatus.Created, (await client.InstallAsync("second", await File.ReadAllBytesAsync(RequestHandler))).Status);
        process.StandardInput.Close();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, process.ExitCode);
        await client.DisposeAsync();
    }

    [Theory]
    [InlineData("0.0.0.0:18888", "refusing to listen on 0.0.0.0:18888 without a token")]
    [InlineData("localhost", "--listen wants ADDR:PORT")]
    public async Task ABadOrUnprotectedListenAddressIsRefused(string address, string message)
    {
        using var process = Start(false, "--listen", address);
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, process.ExitCode);
        Assert.Contains(message, error);
    }

    /// <summary>A pseudo-terminal pair made by socat stands for the serial line; WAMR's host tool talks UART on its end.</summary>
    [Fact]
    public async Task WamrsHostToolDrivesServeSerialOverAPtyPair()
    {
        var directory = Directory.CreateTempSubdirectory("microwasm-pty-");
        var (device, peer) = (Path.Combine(directory.FullName, "device"), Path.Combine(directory.FullName, "host"));
        using var socat = Process.Start(new ProcessStartInfo("socat", [$"pty,raw,echo=0,link={device}", $"pty,raw,echo=0,link={peer}"]) { RedirectStandardError = true })!;
        Process? process = null;
        try
        {
            for (var i = 0; i < 100 && !(File.Exists(device) && File.Exists(peer)); i++)
            {
                await Task.Delay(50);
            }
            process = Start(false, "--serial", device, "--baud", "115200", "--applet", "request_handler=" + RequestHandler);
            using var timeout = new CancellationTokenSource(30_000);
            string? line;
            while ((line = await process.StandardError.ReadLineAsync(timeout.Token)) is not null && !line.Contains("Ctrl-C stops"))
            {
                Assert.DoesNotContain("cannot open", line);
            }
            var start = new ProcessStartInfo(Path.Combine(WamrTools.Directory, "host_tool"), ["-D", peer, "-B", "115200", "-r", "/app/request_handler/url1", "-A", "GET"]) { RedirectStandardOutput = true };
            using var tool = Process.Start(start)!;
            var output = await tool.StandardOutput.ReadToEndAsync(timeout.Token);
            await tool.WaitForExitAsync(timeout.Token);
            Assert.Equal(69, tool.ExitCode);
            Assert.Equal("\nresponse status 69\n{\n\t\"key1\":\t\"value1\",\n\t\"key2\":\t\"value2\"\n}", output);
        }
        finally
        {
            if (process is not null)
            {
                using var kill = Process.Start("kill", ["-INT", process.Id.ToString()])!;
                await kill.WaitForExitAsync();
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
                process.Dispose();
            }
            socat.Kill();
            await socat.WaitForExitAsync();
            directory.Delete(recursive: true);
        }
    }
}
