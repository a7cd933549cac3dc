using System.CommandLine;
using System.Text;
using Microwasm.Binary;
using Microwasm.Cli.Run;
using Microwasm.Text;

namespace Microwasm.Cli.Commands;

/// <summary><c>microwasm wat FILE.wasm [-o FILE.wat]</c>: the binary format printed as text.</summary>
internal static class WatCommand
{
    public static Command Create(RunConsole console)
    {
        var file = new Argument<string>("file") { Description = "The module to print: a .wasm file (or a .wat file, printed in the printer's own layout)" };
        var output = new Option<string?>("--output", "-o") { Description = "Where to write the text (default: standard output)" };
        var command = new Command("wat", "Print a module in the text format (.wat); reading the text back with wat2wasm gives the same bytes. The module is not validated")
        {
            file,
            output,
        };
        command.SetAction(parseResult => Run(parseResult.GetValue(file)!, parseResult.GetValue(output), console.Out, console.Err));
        return command;
    }

    public static int Run(string file, string? output, TextWriter standardOutput, TextWriter error)
    {
        string text;
        try
        {
            text = WatPrinter.Print(ModuleFiles.Read(file));
        }
        catch (WatParseException ex)
        {
            // the message starts with line:column
            error.WriteLine($"{file}:{ex.Message}");
            return 1;
        }
        catch (Exception ex) when (ex is WasmDecodeException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"{file}: {ex.Message}");
            return 1;
        }
        if (output is null)
        {
            standardOutput.Write(text);
            standardOutput.Flush();
            return 0;
        }
        try
        {
            File.WriteAllText(output, text, new UTF8Encoding(false));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"cannot write {output}: {ex.Message}");
            return 1;
        }
        return 0;
    }
}
