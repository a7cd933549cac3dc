using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using Microwasm.Cli.Commands;
using Microwasm.Cli.Run;

namespace Microwasm.Cli;

internal static class Program
{
    /// <summary>The feature switch that a program of <c>compile --native</c> sets to false (see <see cref="IsCommandLine"/>).</summary>
    internal const string CommandLineSwitch = "Microwasm.Cli.IsCommandLine";

    /// <summary>
    /// False in a program of <c>compile --native</c>, which links this assembly for its run code only:
    /// NativeAOT keeps the entry point of every assembly whose types it keeps metadata for, and without
    /// this constant for the trimmer that would pull in the whole command line (System.CommandLine, the
    /// application framework): 2.4 MB of a 5.4 MB executable.
    /// </summary>
    [FeatureSwitchDefinition(CommandLineSwitch)]
    internal static bool IsCommandLine => !AppContext.TryGetSwitch(CommandLineSwitch, out bool enabled) || enabled;

    private static int Main(string[] args) =>
        IsCommandLine
            ? TopLevel.Run(() => Invoke(args, RunConsole.ForProcess() is var console && !Console.IsInputRedirected ? WithPrompt(console) : console))
            : 1;

    /// <summary>Parses and runs one command line on <paramref name="console"/>; returns the exit status.</summary>
    internal static int Invoke(string[] args, RunConsole console)
    {
        var run = RunCommand.Create(console);
        var root = new RootCommand("microwasm: a WebAssembly micro runtime for .NET")
        {
            ValidateCommand.Create(console),
            CompileCommand.Create(console),
            InspectCommand.Create(console),
            WastRunCommand.Create(console),
            Wat2WasmCommand.Create(console),
            WatCommand.Create(console),
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
        // exceptions reach Main, which stops quietly when the reader of standard output went away
        var configuration = new InvocationConfiguration { Output = console.Out, Error = console.Err, EnableDefaultExceptionHandler = false };
        var parseResult = root.Parse(RunCommand.SeparateGuestArguments(run, args));
        if (parseResult.Errors.Count > 0)
        {
            // a bad command line is exit status 2 with one line a user can act on (not a page of help)
            var message = string.Join(' ', parseResult.Errors[0].Message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            console.Err.WriteLine($"microwasm: {message} (see: {CommandPath(parseResult)} --help)");
            return 2;
        }
        if (parseResult.CommandResult.Command.Name == "serve")
        {
            // serve stops its applets itself on SIGINT/SIGTERM (every on_destroy runs, each given 1 s),
            // which on a loaded machine took longer than System.CommandLine's 2 s, after which it forces
            // exit 130 in the middle of the stop
            configuration.ProcessTerminationTimeout = null;
        }
        return parseResult.Invoke(configuration);
    }

    /// <summary>"microwasm app install" for the command a parse ended in.</summary>
    private static string CommandPath(ParseResult parseResult)
    {
        var names = new List<string>();
        for (SymbolResult? result = parseResult.CommandResult; result is CommandResult command; result = command.Parent)
        {
            names.Insert(0, command.Parent is null ? "microwasm" : command.Command.Name);
        }
        return string.Join(' ', names);
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
