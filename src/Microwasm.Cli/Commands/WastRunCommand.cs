using System.CommandLine;
using Microwasm.Cli.Run;
using Microwasm.Cli.Wast;

namespace Microwasm.Cli.Commands;

/// <summary><c>microwasm wast FILE.wast|FILE.json... [--verbose]</c>: run spec test scripts, from their text or as wast2json converted them.</summary>
internal static class WastRunCommand
{
    public static Command Create(RunConsole console)
    {
        var files = CommandParts.Files("Scripts: .wast text, or wast2json output (.json; module files are looked up beside them)");
        var verbose = CommandParts.Verbose("Print the line and reason of every failure");
        var engine = CommandParts.Engine("The execution engine the scripts' modules run on");
        var command = new Command("wast", "Run WebAssembly spec test scripts (.wast, or wast2json output); exit status 1 if any command fails") { files, verbose, engine };
        command.SetAction(parseResult => Run(
            parseResult.GetValue(files) ?? [], parseResult.GetValue(verbose), console.Out, parseResult.GetValue(engine) ?? Engines.Default));
        return command;
    }

    public static int Run(IEnumerable<string> files, bool verbose, TextWriter output, string engine = Engines.Default)
    {
        var runner = WastExecutionHandlers.CreateRunner(engine);
        var report = new WastReport();
        foreach (var file in files)
        {
            var result = runner.RunFile(file);
            result.WriteTo(output, verbose);
            report.Add(result);
        }
        report.WriteTotals(output);
        if (verbose)
        {
            output.WriteLine($"time: {report.Elapsed.TotalSeconds:F2} s");
            if (Engines.Canonical(engine) == "auto")
            {
                output.WriteLine($"tier-up: {Microwasm.Compiler.TieredModule.TotalPromotions} functions promoted, {Microwasm.Compiler.TieredModule.TotalOsrRuns} calls continued from a loop in compiled code");
            }
        }
        return report.Failed == 0 ? 0 : 1;
    }
}
