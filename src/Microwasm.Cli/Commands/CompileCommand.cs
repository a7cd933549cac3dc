using System.CommandLine;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microwasm.Cli.Native;
using Microwasm.Cli.Run;
using Microwasm.Compiler;

namespace Microwasm.Cli.Commands;

/// <summary>
/// <c>microwasm compile FILE.wasm -o FILE.mwasm</c>: compiles a module ahead of time, so that
/// <c>microwasm run FILE.mwasm</c> starts without translating it (see <see cref="PrecompiledModule"/>);
/// with <c>--native</c>, to a native executable (<see cref="NativeCompiler"/>).
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
        var output = new Option<string?>("--output", "-o") { Description = "The file to write (default: FILE with the extension .mwasm, or with --native without its extension)" };
        var native = new Option<bool>("--native")
        {
            Description = "Write a native executable that runs the module as `microwasm run` does (with the options below baked in; "
                + "its arguments are the program's), compiled with the runtime by NativeAOT: needs the .NET SDK, about 10 s a module",
        };
        var keepTemp = new Option<bool>("--keep-temp") { Description = "With --native: keep the generated project and the publish log (the folder is printed)" };
        var verbose = CommandParts.Verbose("Print the time taken and the sizes");
        var settings = new RunSettingOptions();
        foreach (var option in settings.All)
        {
            option.Description = $"With --native: {char.ToLowerInvariant(option.Description![0])}{option.Description[1..]}";
        }
        var command = new Command("compile", "Compile a module ahead of time to a .mwasm file, which `microwasm run` starts without translating, "
            + "or with --native to a native executable. " + TrustNote)
        {
            file,
            output,
            native,
            verbose,
        };
        settings.AddTo(command);
        command.Options.Add(keepTemp);
        command.SetAction(parseResult =>
        {
            var path = parseResult.GetValue(file)!;
            if (parseResult.GetValue(native))
            {
                var target = parseResult.GetValue(output) ?? NativeCompiler.DefaultOutput(path);
                if (Path.GetFullPath(target) == Path.GetFullPath(path))
                {
                    console.Err.WriteLine($"microwasm: the output would replace the module: name it with -o (see: microwasm compile --help)");
                    return 2;
                }
                if (!RuntimeFeature.IsDynamicCodeSupported)
                {
                    // tested here, where ILC folds it: the NativeAOT microwasm then carries none of
                    // NativeCompiler (System.Diagnostics.Process alone is ~200 KB of it)
                    console.Err.WriteLine($"error: {NativeCompiler.UnavailableUnderNativeAot}");
                    return 1;
                }
                return new NativeCompiler(console.Out, console.Err, parseResult.GetValue(verbose))
                    .Compile(path, target, settings.Read(parseResult, "", []), parseResult.GetValue(keepTemp));
            }
            var misplaced = settings.Given(parseResult).Concat(parseResult.GetValue(keepTemp) ? ["--keep-temp"] : []).ToArray();
            if (misplaced.Length > 0)
            {
                console.Err.WriteLine($"microwasm: {string.Join(", ", misplaced)} {(misplaced.Length == 1 ? "applies" : "apply")} only with --native (see: microwasm compile --help)");
                return 2;
            }
            return Run(path, parseResult.GetValue(output), parseResult.GetValue(verbose), console.Out, console.Err);
        });
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
