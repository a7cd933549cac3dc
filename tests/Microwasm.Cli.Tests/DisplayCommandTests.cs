using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Microwasm.Cli.Tests;

/// <summary><c>--display</c>, <c>--display-size</c> and <c>--display-png</c> of <c>serve</c> and <c>run</c>, as real processes, with the LittlevGL sample.</summary>
public sealed partial class DisplayCommandTests
{
    private static string Ui => Path.Combine(TestPrograms.RepositoryRoot, "samples", "littlevgl", "ui.wasm");

    private static Process Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Microwasm.Cli.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        return Process.Start(start)!;
    }

    /// <summary>A PNG's signature and the size its IHDR gives (the pixels are checked by the display's own tests).</summary>
    private static (int Width, int Height) PngSize(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.Equal("IHDR", Encoding.ASCII.GetString(bytes, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }

    [Fact]
    public async Task RunWithDisplayPngRunsTheAppletForTheTimeoutAndWritesTheScreen()
    {
        var png = Path.Combine(Path.GetTempPath(), $"microwasm-display-{Guid.NewGuid():N}.png");
        try
        {
            using var process = Start("run", "--display-png", png, "--display-size", "400x300", "--timeout", "1500", Ui);
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            Assert.True(process.WaitForExit(60_000));

            Assert.Equal(0, process.ExitCode);
            Assert.Contains("littlevgl: ready (320x240)", await stdout);
            Assert.Contains($"microwasm: display written to {png}", await stderr);
            Assert.Equal((400, 300), PngSize(png));
        }
        finally
        {
            File.Delete(png);
        }
    }

    [Fact]
    public async Task ServeWithDisplayServesThePageAndTheScreenUntilCtrlC()
    {
        var png = Path.Combine(Path.GetTempPath(), $"microwasm-display-{Guid.NewGuid():N}.png");
        try
        {
            using var process = Start("serve", "--applet", "ui=" + Ui, "--display", "127.0.0.1:0", "--display-png", png);
            string? url = null;
            var seen = new StringBuilder();
            using (var timeout = new CancellationTokenSource(30_000))
            {
                while (url is null && await process.StandardError.ReadLineAsync(timeout.Token) is { } line)
                {
                    seen.AppendLine(line);
                    url = DisplayUrl().Match(line) is { Success: true } m ? m.Groups[1].Value : null;
                }
            }
            Assert.True(url is not null, "no display URL in: " + seen);
            using (var timeout = new CancellationTokenSource(30_000))
            {
                while (!seen.ToString().Contains("Ctrl-C stops", StringComparison.Ordinal) && await process.StandardError.ReadLineAsync(timeout.Token) is { } line)
                {
                    seen.AppendLine(line);
                }
            }
            using var http = new HttpClient();
            var page = await http.GetStringAsync(url);
            Assert.Contains("<canvas id=\"screen\" width=\"320\" height=\"240\"", page);
            Assert.Contains("<title>ui · display</title>", page);
            var screen = await http.GetByteArrayAsync(url + "screen.png");
            Assert.Equal((byte)0x89, screen[0]);

            using (var kill = Process.Start("kill", ["-INT", process.Id.ToString()])!)
            {
                kill.WaitForExit();
            }
            var rest = await process.StandardError.ReadToEndAsync();
            Assert.True(process.WaitForExit(30_000));
            Assert.Equal(0, process.ExitCode);
            Assert.Contains("display written to", rest);
            Assert.Equal((320, 240), PngSize(png));
        }
        finally
        {
            File.Delete(png);
        }
    }

    [Theory]
    [InlineData("serve --display 0.0.0.0:8080", "refusing to show the display on 0.0.0.0:8080 without a token")]
    [InlineData("run --display 192.0.2.1:80 x.wasm", "use microwasm serve --display with --token")]
    [InlineData("serve --display nonsense", "--display wants ADDR:PORT")]
    [InlineData("serve --display-size 0x10", "--display-size wants WxH with each 1..4096")]
    [InlineData("run --display-size 320 x.wasm", "--display-size wants WxH")]
    public void BadDisplayOptionsAreExitStatusTwoWithOneLine(string commandLine, string message)
    {
        using var process = Start(commandLine.Split(' '));
        var stderr = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(30_000));

        Assert.Equal(2, process.ExitCode);
        Assert.Contains(message, stderr);
    }

    [GeneratedRegex(@"microwasm: display 320x240 on (http://\S+/)")]
    private static partial Regex DisplayUrl();
}
