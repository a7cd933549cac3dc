using System.CommandLine;
using Microwasm.Cli.Run;

namespace Microwasm.Cli.Commands;

/// <summary><c>microwasm wat2wasm FILE.wat [-o FILE.wasm]</c>: the text format to the binary format.</summary>
internal static class Wat2WasmCommand
{
    public static Command Create(RunConsole console)
    {
        var file = new Argument<string>("file") { Description = "The .wat file (text format) to convert" };
        var output = new Option<string?>("--output", "-o") { Description = "Where to write the binary (default: the input's name with .wasm)" };
        var command = new Command("wat2wasm", "Convert a module from the text format (.wat) to the binary format (.wasm); the module is not validated")
        {
            file,
            output,
        };
        command.SetAction(parseResult => Run(parseResult.GetValue(file)!, parseResult.GetValue(output), console.Err));
        return command;
    }

    public static int Run(string file, string? output, TextWriter error)
    {
        if (!ModuleFiles.IsText(file))
        {
            error.WriteLine($"{file}: expected a .wat file");
            return 1;
        }
        byte[] bytes;
        try
        {
            bytes = ModuleFiles.Read(file);
        }
        catch (Exception ex) when (ex is WasmException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"{file}:{ex.Message}");
            return 1;
        }
        var target = output ?? Path.ChangeExtension(file, ".wasm");
        try
        {
            File.WriteAllBytes(target, bytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"cannot write {target}: {ex.Message}");
            return 1;
        }
        return 0;
    }
}
