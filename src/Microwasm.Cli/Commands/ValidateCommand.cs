using Microwasm.Validation;
using Microwasm.Runtime;
using System.CommandLine;
using Microwasm.Cli.Run;

namespace Microwasm.Cli.Commands;

/// <summary><c>microwasm validate FILE.wasm...</c>: decode and validate each file.</summary>
internal static class ValidateCommand
{
    public static Command Create(RunConsole console)
    {
        var files = CommandParts.Files("The .wasm files to check");
        var command = new Command("validate", "Decode and validate WebAssembly modules; exit status 1 if any is rejected")
        {
            files,
        };
        command.SetAction(parseResult => Run(parseResult.GetValue(files) ?? [], console.Out));
        return command;
    }

    /// <summary>Prints <c>FILE: OK</c> or <c>FILE: error</c> per file; returns 1 if any failed.</summary>
    public static int Run(IEnumerable<string> files, TextWriter output)
    {
        var exitCode = 0;
        foreach (var file in files)
        {
            try
            {
                ModuleLoader.Load(ModuleFiles.Read(file));
                output.WriteLine($"{file}: OK");
            }
            catch (Exception ex) when (ex is WasmException or IOException or UnauthorizedAccessException)
            {
                output.WriteLine($"{file}: {ex.Message}");
                exitCode = 1;
            }
            catch (Exception ex)
            {
                // Not a verdict on the module but a defect in Microwasm: say so, keep checking the rest.
                output.WriteLine($"{file}: internal error: {ex.GetType().Name}: {ex.Message}");
                exitCode = 1;
            }
        }
        return exitCode;
    }
}
