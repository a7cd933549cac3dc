using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

using Microwasm.TestSupport;

namespace Microwasm.Cli.Tests;

/// <summary><c>microwasm serve --sensor</c>, <c>--allow-connect</c>: samples/sensor and samples/connection as a real process.</summary>
public sealed class ServeExtensionsTests
{
    private static string Sample(string name) => Path.Combine(TestPrograms.RepositoryRoot, "samples", name, name + ".wasm");

    private static async Task StopAsync(Process process)
    {
        CliProcess.Interrupt(process);
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task TheSensorSampleRunsOnASimulatedSensor()
    {
        using var process = CliProcess.Start("serve", "--sensor", "temperature=ramp,start=20,step=0.5", "--applet", "sensor=" + Sample("sensor"));
        var output = new StringBuilder();
        try
        {
            await CliProcess.ReadUntilAsync(process.StandardOutput, output, "[sensor] temperature 21.00 (reading 2)");
        }
        finally
        {
            await StopAsync(process);
        }
        output.Append(await process.StandardOutput.ReadToEndAsync());
        Assert.Equal(0, process.ExitCode);
        var text = output.ToString();
        Assert.Contains("[sensor] sensor \"temperature\" open, a reading every 500 ms\n[sensor] temperature 20.00 (reading 0)\n[sensor] temperature 20.50 (reading 1)\n[sensor] temperature 21.00 (reading 2)\n", text);
        Assert.Matches(@"\[sensor\] sensor closed after \d+ readings", text);
    }

    [Fact]
    public async Task TheConnectionSampleReachesOnlyWhatIsAllowed()
    {
        using var listener = await SamplePort.ListenAsync();

        // not allowed: the sample says it cannot connect, and the manager's log says why
        using (var refused = CliProcess.Start("serve", "--applet", "connection=" + Sample("connection")))
        {
            var output = new StringBuilder();
            var error = new StringBuilder();
            try
            {
                await CliProcess.ReadUntilAsync(refused.StandardOutput, output, "[connection] cannot connect to 127.0.0.1:7777");
                await CliProcess.ReadUntilAsync(refused.StandardError, error, "Ctrl-C stops");
            }
            finally
            {
                await StopAsync(refused);
            }
            Assert.Contains("TCP connection refused: 127.0.0.1:7777 is not allowed (allow it with --allow-connect 127.0.0.1:7777)", error.ToString());
            Assert.False(listener.Pending());
        }

        using var process = CliProcess.Start("serve", "--allow-connect", "127.0.0.1:7777", "--applet", "connection=" + Sample("connection"));
        try
        {
            using var server = await listener.AcceptSocketAsync().WaitAsync(TimeSpan.FromSeconds(30));
            var buffer = new byte[64];
            var count = await server.ReceiveAsync(buffer, SocketFlags.None).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.StartsWith("Hello 0", Encoding.ASCII.GetString(buffer, 0, count));
            await server.SendAsync(Encoding.ASCII.GetBytes("pong"), SocketFlags.None);
            var output = new StringBuilder();
            await CliProcess.ReadUntilAsync(process.StandardOutput, output, "[connection] received 4 bytes: pong");
            server.Shutdown(SocketShutdown.Both);
            await CliProcess.ReadUntilAsync(process.StandardOutput, output, "[connection] the server closed the connection");
            Assert.Contains("[connection] connected to 127.0.0.1:7777\n", output.ToString());
        }
        finally
        {
            await StopAsync(process);
        }
        Assert.Equal(0, process.ExitCode);
    }

    [Theory]
    [InlineData("--sensor", "temp=square", "microwasm: --sensor temp=square: unknown signal \"square\": use constant, sine or ramp")]
    [InlineData("--sensor", "temp", "microwasm: --sensor temp: \"temp\" is not NAME[:INSTANCE]=SIGNAL")]
    [InlineData("--allow-connect", "localhost", "microwasm: --allow-connect: \"localhost\" is not HOST:PORT (e.g. 127.0.0.1:7777, [::1]:7777)")]
    [InlineData("--allow-connect", "localhost:0", "microwasm: --allow-connect: \"localhost:0\" is not HOST:PORT with a port of 1 .. 65535")]
    public async Task ABadSensorOrRuleIsAUsageError(string option, string value, string message)
    {
        using var process = CliProcess.Start("serve", option, value);
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, process.ExitCode);
        Assert.Equal(message, error.TrimEnd());
    }
}
