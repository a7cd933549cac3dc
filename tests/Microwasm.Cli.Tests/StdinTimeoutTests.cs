using System.Diagnostics;
using System.IO.Pipes;
using System.Text;
using Microwasm.Cli.Run;

namespace Microwasm.Cli.Tests;

/// <summary>
/// <c>--timeout</c> with a WASI program waiting on standard input: a pipe that stays open and
/// never gets data blocks a plain read for ever, so the wait must end at the deadline with the
/// timeout's exit status, as a runaway loop does.
/// </summary>
public class StdinTimeoutTests
{
    private static (int Status, string Out, string Err) RunWithPipe(AnonymousPipeClientStream stdin, params string[] args)
    {
        var output = new MemoryStream();
        var error = new MemoryStream();
        var status = Program.Invoke(["run", .. args], new RunConsole(stdin, output, error));
        return (status, Encoding.UTF8.GetString(output.ToArray()), Encoding.UTF8.GetString(error.ToArray()));
    }

    [Fact]
    public async Task AReadOfAnOpenEmptyPipeEndsAtTheTimeout()
    {
        var program = TestPrograms.Get("wasi-cat");
        var writer = new AnonymousPipeServerStream(PipeDirection.Out);
        var reader = new AnonymousPipeClientStream(PipeDirection.In, writer.ClientSafePipeHandle);
        try
        {
            await ReadsUntilTheTimeout(program, writer, reader);
        }
        finally
        {
            // the writer first: the end of input ends the host read still waiting on the pipe
            // (closing the reader under that read would wait for it)
            writer.Dispose();
            reader.Dispose();
        }
    }

    private static async Task ReadsUntilTheTimeout(string program, AnonymousPipeServerStream writer, AnonymousPipeClientStream reader)
    {
        var clock = Stopwatch.StartNew();
        var run = Task.Run(() => RunWithPipe(reader, "--timeout", "500", program));
        // the safety net: a read that never ends would hang the test, not fail it
        var ended = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(10))) == run;
        if (!ended)
        {
            // end the stuck read (end of input), so the test fails instead of hanging
            writer.Dispose();
        }
        Assert.True(ended, "the read of standard input outlived the timeout");
        var (status, _, err) = await run;
        Assert.Equal(ModuleRunner.TimeoutExitCode, status);
        Assert.StartsWith("Exception: timed out after 500 ms (--timeout)", err);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(450), $"ended after {clock.Elapsed}, before the timeout");
    }

    [Fact]
    public async Task DataArrivingOnAPipeIsReadToItsEnd()
    {
        var program = TestPrograms.Get("wasi-cat");
        using var writer = new AnonymousPipeServerStream(PipeDirection.Out);
        using var reader = new AnonymousPipeClientStream(PipeDirection.In, writer.ClientSafePipeHandle);
        var run = Task.Run(() => RunWithPipe(reader, "--timeout", "60000", program));
        // more than the read-ahead buffer, in pieces, with pauses the guest waits through
        var piece = Encoding.ASCII.GetBytes(new string('x', 50_000));
        for (var i = 0; i < 4; i++)
        {
            writer.Write(piece);
            writer.Flush();
            await Task.Delay(20);
        }
        writer.Dispose();
        Assert.True(await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(30))) == run);
        var (status, output, err) = await run;
        Assert.Equal("", err);
        Assert.Equal(0, status);
        Assert.EndsWith("\ntotal=200000\n", output);
        Assert.Equal(200_000, output.Count(c => c == 'x'));
    }
}
