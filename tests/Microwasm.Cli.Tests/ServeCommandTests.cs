using System.Diagnostics;
using System.Text;
using Microwasm.TestSupport;

namespace Microwasm.Cli.Tests;

/// <summary><c>microwasm serve --applet</c>, as a real process stopped by SIGINT.</summary>
[Trait("Category", CliProcess.Category)]
public sealed class ServeCommandTests
{
    /// <summary>A sample applet: ours (samples/simple) or WAMR's own build of it (by WAMR's SDK).</summary>
    private static string Sample(string build, string name) => build == "wamr"
        ? Path.Combine(WamrTools.Directory, "apps", name + ".wasm")
        : Path.Combine(TestPrograms.RepositoryRoot, "samples", "simple", name + ".wasm");

    private static Process Start(params string[] arguments) => Process.Start(CliProcess.StartInfo(["serve", .. arguments]))!;

    [Theory]
    [InlineData("ours")]
    [InlineData("wamr")]
    public async Task TheFiveSamplesRunWithTheirOutputPrefixedAndCtrlCStopsEveryApplet(string build)
    {
        var farewell = Path.Combine(Path.GetTempPath(), $"microwasm-farewell-{Guid.NewGuid():N}.wasm");
        File.WriteAllBytes(farewell, Wat.ToWasm("""
            (module
              (import "env" "puts" (func $puts (param i32) (result i32)))
              (memory (export "memory") 1)
              (data (i32.const 16) "on_destroy ran\00")
              (func (export "on_init"))
              (func (export "on_destroy") (drop (call $puts (i32.const 16)))))
            """));
        try
        {
            using var process = Start(
                "--applet", "timer=" + Sample(build, "timer"),
                "--applet", "request_handler=" + Sample(build, "request_handler"),
                "--applet", "event_subscriber=" + Sample(build, "event_subscriber"),
                "--applet", "event_publisher=" + Sample(build, "event_publisher"),
                "--applet", "request_sender=" + Sample(build, "request_sender"),
                "--applet", "farewell=" + farewell);
            var output = new StringBuilder();
            var error = new StringBuilder();
            await CliProcess.ReadUntilAsync(process.StandardError, error, "Ctrl-C stops");
            await CliProcess.ReadUntilAsync(process.StandardOutput, output, "[timer] Timer update 2");
            await CliProcess.ReadUntilAsync(process.StandardOutput, output, "[event_subscriber] ### user over heat event handler called");

            CliProcess.Interrupt(process);
            var rest = await process.StandardOutput.ReadToEndAsync();
            output.Append(rest);
            error.Append(await process.StandardError.ReadToEndAsync());
            Assert.True(process.WaitForExit(20_000));

            Assert.Equal(0, process.ExitCode);
            var text = output.ToString();
            Assert.Contains("[request_sender] [req] response handler called mid:1, status:69", text);
            Assert.Contains("[request_sender]   key: key1, type: string, value: value1", text);
            Assert.Contains("[request_handler] [resp] ### user resource 1 handler called", text);
            Assert.Contains("[farewell] on_destroy ran", text);
            Assert.Contains("microwasm: serving 6 applet(s)", error.ToString());
            Assert.EndsWith("microwasm: stopped", error.ToString().TrimEnd());
        }
        finally
        {
            File.Delete(farewell);
        }
    }

    [Fact]
    public async Task AnAppletThatCannotBeInstalledIsNamedAndTheExitStatusIs1()
    {
        var junk = Path.Combine(Path.GetTempPath(), $"microwasm-junk-{Guid.NewGuid():N}.wasm");
        File.WriteAllBytes(junk, [0, 0x61, 0x73, 0x6d, 9, 0, 0, 0]);
        try
        {
            using var process = Start("--applet", "junk=" + junk);
            var error = await process.StandardError.ReadToEndAsync();
            Assert.True(process.WaitForExit(20_000));
            Assert.Equal(1, process.ExitCode);
            Assert.Contains("applet \"junk\" refused:", error);
        }
        finally
        {
            File.Delete(junk);
        }
    }

    [Theory]
    [InlineData("noequals")]
    [InlineData("=file.wasm")]
    [InlineData("name=")]
    public void AMalformedAppletOptionIsAUsageError(string value)
    {
        using var process = Start("--applet", value);
        var error = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(20_000));
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("NAME=FILE.wasm", error);
    }

    [Theory]
    [InlineData(new[] { "--log-level", "Information" }, true)]
    [InlineData(new[] { "-v" }, true)]
    [InlineData(new string[0], false)]
    [InlineData(new[] { "-v", "--log-level", "Error" }, false)]
    public async Task TheLogLevelDecidesWhatTheManagerSays(string[] options, bool installsLogged)
    {
        using var process = Start([.. options, "--applet", "timer=" + Sample("ours", "timer")]);
        var seen = new StringBuilder();
        await CliProcess.ReadUntilAsync(process.StandardError, seen, "Ctrl-C stops");
        CliProcess.Interrupt(process);
        seen.Append(await process.StandardError.ReadToEndAsync());
        Assert.True(process.WaitForExit(20_000));
        Assert.Equal(0, process.ExitCode);
        Assert.Equal(installsLogged, seen.ToString().Contains("microwasm: applet timer installed (id 1, heap 8192 bytes)"));
        Assert.Equal(installsLogged, seen.ToString().Contains("microwasm: applet timer uninstalled"));
    }

    [Fact]
    public void AnUnknownLogLevelIsAUsageError()
    {
        using var process = Start("--log-level", "loud");
        var error = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(20_000));
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("--log-level", error);
    }
}
