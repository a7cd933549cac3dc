using System.Reflection;
using Microwasm.Cli.Run;
using Microwasm.Compiler;
using Microwasm.Runtime;

namespace Microwasm.Cli.Native;

/// <summary>
/// What the <c>Main</c> of every program <c>microwasm compile --native</c> writes (<see cref="NativeCompiler"/>):
/// the generated program is a few lines that call <see cref="Run"/> with what was baked into it, so the
/// run itself is <c>microwasm run</c>'s (<see cref="ModuleRunner"/>): entry point, WASI and the builtin
/// libc, traps, exit statuses.
/// </summary>
/// <remarks>
/// The generated program's assembly is always named <see cref="AssemblyName"/>, to which this
/// assembly's internals are visible: the program can use <see cref="RunOptions"/> and this class
/// without either being public API of the command-line tool.
/// </remarks>
internal static class NativeProgram
{
    /// <summary>The name of every generated program's assembly (and so of the executable ILC writes).</summary>
    public const string AssemblyName = "Microwasm.NativeProgram";

    /// <summary>The manifest resource of the generated program that holds the module's bytes.</summary>
    public const string ModuleResource = "module.wasm";

    /// <summary>Runs the module the program carries; returns the process's exit status.</summary>
    /// <param name="args">The process's arguments: the program's argv[1...] (or -f's function's arguments).</param>
    /// <param name="program">The generated program's assembly, which holds <see cref="ModuleResource"/>.</param>
    /// <param name="code">The module's compiled code (<see cref="PrecompiledModule.CompileAssembly"/>), compiled into the executable.</param>
    /// <param name="settings">The run options given to <c>compile --native</c>; <see cref="RunOptions.File"/> and the arguments are this process's.</param>
    public static int Run(string[] args, Assembly program, Assembly code, RunOptions settings)
    {
        // argv[0] is the executable as it was invoked, as `run` passes the module's path as it was given
        var argv0 = Environment.GetCommandLineArgs() is [var first, ..] && first.Length > 0 ? first : settings.ModuleName ?? "";
        return TopLevel.Run(() => new ModuleRunner(settings with { File = argv0, Arguments = args }, RunConsole.ForProcess(), () => Load(program, code)).Run());
    }

    private static CompiledModule Load(Assembly program, Assembly code)
    {
        using var stream = program.GetManifestResourceStream(ModuleResource)
            ?? throw new PrecompiledFileException($"the program carries no module (resource {ModuleResource} missing)");
        var wasm = new byte[stream.Length];
        stream.ReadExactly(wasm);
        return PrecompiledModule.LoadCompiledAssembly(wasm, code);
    }
}
