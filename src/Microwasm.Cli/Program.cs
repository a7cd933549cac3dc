using System.CommandLine;

namespace Microwasm.Cli;

internal static class Program
{
    private static int Main(string[] args)
    {
        var root = new RootCommand("microwasm: a WebAssembly micro runtime for .NET");
        return root.Parse(args).Invoke();
    }
}
