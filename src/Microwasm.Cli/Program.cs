using System.CommandLine;
using Microwasm.Cli.Commands;

namespace Microwasm.Cli;

internal static class Program
{
    private static int Main(string[] args)
    {
        var root = new RootCommand("microwasm: a WebAssembly micro runtime for .NET")
        {
            ValidateCommand.Create(),
            InspectCommand.Create(),
            WastRunCommand.Create(),
            RunCommand.Create(),
        };
        return root.Parse(args).Invoke();
    }
}
