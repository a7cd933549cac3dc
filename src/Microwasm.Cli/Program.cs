using System.CommandLine;
using System.CommandLine.Invocation;
using Microwasm.Cli.Commands;
using Microwasm.Cli.Run;

namespace Microwasm.Cli;

internal static class Program
{
    private static int Main(string[] args) =>
        Invoke(args, RunConsole.ForProcess() is var console && !Console.IsInputRedirected ? WithPrompt(console) : console);

    /// <summary>Parses and runs one command line on <paramref name="console"/>; returns the exit status.</summary>
    internal static int Invoke(string[] args, RunConsole console)
    {
        var run = RunCommand.Create(console);
        var root = new RootCommand("microwasm: a WebAssembly micro runtime for .NET")
        {
            ValidateCommand.Create(console),
            InspectCommand.Create(console),
            WastRunCommand.Create(console),
            Wat2WasmCommand.Create(console),
            ServeCommand.Create(console),
            AppCommand.Create(console),
            run,
        };
        // iwasm's --version lists what the runtime supports, not just a number.
        foreach (var option in root.Options)
        {
            if (option is VersionOption version)
            {
                version.Action = new VersionAction(console);
            }
        }
        var configuration = new InvocationConfiguration { Output = console.Out, Error = console.Err };
        return root.Parse(RunCommand.SeparateGuestArguments(run, args)).Invoke(configuration);
    }

    private static RunConsole WithPrompt(RunConsole console) =>
        new(console.Input, console.Output, console.Error) { IsInteractive = true };

    private sealed class VersionAction(RunConsole console) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            console.Out.WriteLine(Features.Describe());
            return 0;
        }
    }
}
