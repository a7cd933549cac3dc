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
        var spec = new Option<string>("--spec")
        {
            Description = "The specification the scripts test: 3.0 (a module using a 3.0 feature Microwasm lacks is counted as \"unsupported: FEATURE\") "
                + "or 2.0 (the 2022 suite: such bytes are malformed or invalid, as 2.0 says)",
            DefaultValueFactory = _ => "3.0",
        };
        spec.AcceptOnlyFromAmong("2.0", "3.0");
        var table = new Option<bool>("--table") { Description = "After the totals, print them as a Markdown table: passed, failed, unsupported by feature" };
        var command = new Command("wast", "Run WebAssembly spec test scripts (.wast, or wast2json output); exit status 1 if any command fails") { files, verbose, engine, spec, table };
        command.SetAction(parseResult => Run(
            parseResult.GetValue(files) ?? [], parseResult.GetValue(verbose), console.Out, parseResult.GetValue(engine) ?? Engines.Default,
            wasm20: parseResult.GetValue(spec) == "2.0", table: parseResult.GetValue(table)));
        return command;
    }

    public static int Run(IEnumerable<string> files, bool verbose, TextWriter output, string engine = Engines.Default, bool wasm20 = false, bool table = false)
    {
        var runner = WastExecutionHandlers.CreateRunner(engine, wasm20: wasm20);
        var report = new WastReport();
        foreach (var file in files)
        {
            var result = runner.RunFile(file);
            result.WriteTo(output, verbose);
            report.Add(result);
        }
        report.WriteTotals(output);
        if (table)
        {
            output.WriteLine();
            output.Write(report.ToMarkdownTable(wasm20 ? "WebAssembly 2.0 scripts" : "WebAssembly 3.0 scripts"));
        }
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
