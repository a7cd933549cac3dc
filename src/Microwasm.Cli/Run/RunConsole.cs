using System.Text;
using Microwasm.Runtime;

namespace Microwasm.Cli.Run;

/// <summary>
/// The standard streams a run uses: the guest's stdio (WASI descriptors 0-2, the builtin libc's
/// output) and text writers over the same streams for what the command itself prints, so tests can
/// run the command in-process and see everything in order.
/// </summary>
internal sealed class RunConsole
{
    public RunConsole(Stream input, Stream output, Stream error)
    {
        Input = input;
        Output = output;
        Error = error;
        // Every write reaches the stream at once: the guest writes the same streams unbuffered.
        Out = new TerminalWriter(new StreamWriter(output, new UTF8Encoding(false), bufferSize: 256, leaveOpen: true) { AutoFlush = true });
        Err = new TerminalWriter(new StreamWriter(error, new UTF8Encoding(false), bufferSize: 256, leaveOpen: true) { AutoFlush = true });
    }

    /// <summary>
    /// The process's own standard streams. Output to a pipe, socket or terminal waits for room in
    /// slices that end at the guest's interrupt (<see cref="Guest"/>), so a reader that never
    /// reads cannot hold a run past <c>--timeout</c>.
    /// </summary>
    public static RunConsole ForProcess()
    {
        RunConsole? console = null;
        bool Interrupted() => console?.Guest is { IsInterruptRequested: true };
        console = new RunConsole(
            Console.OpenStandardInput(),
            (Stream?)InterruptibleOutputStream.TryCreate(1, Interrupted) ?? Console.OpenStandardOutput(),
            (Stream?)InterruptibleOutputStream.TryCreate(2, Interrupted) ?? Console.OpenStandardError());
        return console;
    }

    /// <summary>The execution environment the guest runs in, whose interrupt ends a wait for room in <see cref="Output"/> or <see cref="Error"/>.</summary>
    public ExecutionEnvironment? Guest { get; set; }

    public Stream Input { get; }

    public Stream Output { get; }

    public Stream Error { get; }

    /// <summary>Results and the REPL's prompt; control characters in them are shown escaped.</summary>
    public TextWriter Out { get; }

    /// <summary>Errors, traps and verbose reports; control characters in them are shown escaped.</summary>
    public TextWriter Err { get; }

    /// <summary>Whether a person is typing: the REPL prompts only then.</summary>
    public bool IsInteractive { get; init; }
}
