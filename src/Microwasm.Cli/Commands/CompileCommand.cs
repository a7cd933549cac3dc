using System.CommandLine;
using System.Diagnostics;
using Microwasm.Cli.Run;
using Microwasm.Compiler;

namespace Microwasm.Cli.Commands;

/// <summary>
/// <c>microwasm compile FILE.wasm -o FILE.mwasm</c>: compiles a module ahead of time, so that
/// <c>microwasm run FILE.mwasm</c> starts without translating it (see <see cref="PrecompiledModule"/>).
/// </summary>
internal static class CompileCommand
{
    /// <summary>What the help says about trusting .mwasm files.</summary>
    public const string TrustNote =
        "A .mwasm file is .NET code: running it is as trusted as loading a DLL (not sandboxed like a .wasm). " +
        "It runs only on the Microwasm build that compiled it.";

    public static Command Create(RunConsole console)
    {
        var file = new Argument<string>("file") { Description = "The .wasm (or .wat) module to compile" };
        var output = new Option<string?>("--output", "-o") { Description = "The file to write (default: FILE with the extension .mwasm)" };
        var verbose = CommandParts.Verbose("Print the time taken and the sizes");
        var command = new Command("compile", "Compile a module ahead of time to a .mwasm file, which `microwasm run` starts without translating. " + TrustNote)
        {
            file,
            output,
            verbose,
        };
        command.SetAction(parseResult => Run(parseResult.GetValue(file)!, parseResult.GetValue(output), parseResult.GetValue(verbose), console.Out, console.Err));
        return command;
    }

    public static int Run(string file, string? output, bool verbose, TextWriter stdout, TextWriter stderr)
    {
        output ??= Path.ChangeExtension(file, PrecompiledModule.Extension);
        if (!output.EndsWith(PrecompiledModule.Extension, StringComparison.OrdinalIgnoreCase))
        {
            // run takes a file as compiled code by its extension only: the name must say what it is
            stderr.WriteLine($"microwasm: the output's name must end with {PrecompiledModule.Extension}: {output}");
            return 2;
        }
        if (Engines.WhyUnavailable("compiler") is { } why)
        {
            stderr.WriteLine($"microwasm: compile: {why}");
            return 2;
        }
        var clock = Stopwatch.StartNew();
        byte[] wasm;
        byte[] compiled;
        try
        {
            wasm = ModuleFiles.Read(file);
            compiled = PrecompiledModule.Compile(wasm);
        }
        catch (Exception ex) when (ex is WasmException or IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"{file}: {ex.Message}");
            return 1;
        }
        try
        {
            File.WriteAllBytes(output, compiled);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"cannot write {output}: {ex.Message}");
            return 1;
        }
        if (verbose)
        {
            stdout.WriteLine($"{file} ({wasm.Length} bytes) -> {output} ({compiled.Length} bytes) in {clock.ElapsedMilliseconds} ms");
        }
        return 0;
    }
}
