using System.Diagnostics;
using System.Text;
using Microwasm.Cli.Run;

namespace Microwasm.Cli.Tests;

/// <summary>
/// <c>--timeout</c> is one deadline for everything after the module is loaded: an endless loop in
/// the start function, which runs during instantiation, ends like a runaway <c>main</c>.
/// </summary>
public sealed class RunDeadlineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("microwasm-deadline-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // (module (func $spin (loop (br 0))) (start $spin) (func (export "_start")))
    private static readonly byte[] SpinningStart =
    [
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x03, 0x02, 0x00, 0x00,
        0x07, 0x0a, 0x01, 0x06, 0x5f, 0x73, 0x74, 0x61, 0x72, 0x74, 0x00, 0x01, 0x08, 0x01, 0x00, 0x0a, 0x0c, 0x02, 0x07,
        0x00, 0x03, 0x40, 0x0c, 0x00, 0x0b, 0x0b, 0x02, 0x00, 0x0b,
    ];

    private (int Status, string Out, string Err) Run(byte[] module, params string[] args)
    {
        var path = Path.Combine(_dir, "module.wasm");
        File.WriteAllBytes(path, module);
        var output = new MemoryStream();
        var error = new MemoryStream();
        var status = Program.Invoke(["run", .. args, path], new RunConsole(new MemoryStream(), output, error));
        return (status, Encoding.UTF8.GetString(output.ToArray()), Encoding.UTF8.GetString(error.ToArray()));
    }

    [Fact]
    public void AnEndlessStartFunctionEndsAtTheTimeout()
    {
        // the watchdog used to start after instantiation, so this ran forever
        var clock = Stopwatch.StartNew();
        var (status, output, error) = Run(SpinningStart, "--timeout", "300");
        Assert.Equal(ModuleRunner.TimeoutExitCode, status);
        Assert.Equal("", output);
        Assert.StartsWith("Exception: timed out after 300 ms (--timeout)", error);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public void AnEndlessStartFunctionEndsAtTheTimeoutWhenAFunctionIsNamed()
    {
        var (status, _, error) = Run(SpinningStart, "--timeout", "200", "-f", "_start");
        Assert.Equal(ModuleRunner.TimeoutExitCode, status);
        Assert.StartsWith("Exception: timed out after 200 ms (--timeout)", error);
    }
}
