using Microwasm.LibcBuiltin;
using Microwasm.Model;
using Microwasm.Runtime;
using Microwasm.Wasi;
using WasiModule = Microwasm.Wasi.WasiPreview1;

namespace Microwasm.Cli.Run;

/// <summary>
/// Wires up the host libraries a module imports, as iwasm does: WASI preview 1 (under both
/// <c>wasi_snapshot_preview1</c> and <c>wasi_unstable</c>) and the builtin libc (<c>env</c>).
/// Only the libraries the module names are created; an import neither provides is left for the
/// linker to report by name.
/// </summary>
internal sealed class HostImports : IDisposable
{
    private readonly WasiModule? _wasi;

    private HostImports(WasiModule? wasi, bool usesBuiltinLibc)
    {
        _wasi = wasi;
        UsesBuiltinLibc = usesBuiltinLibc;
    }

    /// <summary>True when the module imports from <c>env</c>: it gets an app heap for malloc.</summary>
    public bool UsesBuiltinLibc { get; }

    /// <summary>True when the module imports WASI.</summary>
    public bool UsesWasi => _wasi is not null;

    /// <summary>Defines in <paramref name="linker"/> what <paramref name="module"/> imports.</summary>
    /// <param name="linker">Receives the definitions.</param>
    /// <param name="module">The module to run.</param>
    /// <param name="wasi">The program's WASI view: argv, environment, pre-opened directories.</param>
    /// <param name="console">The guest's standard streams.</param>
    /// <exception cref="DirectoryNotFoundException">A pre-opened directory does not exist.</exception>
    public static HostImports Define(Linker linker, Module module, WasiConfiguration wasi, RunConsole console)
    {
        var importsWasi = false;
        var importsLibc = false;
        foreach (var import in module.Imports)
        {
            importsWasi |= import.ModuleName is WasiModule.ModuleName or WasiModule.UnstableModuleName;
            importsLibc |= import.ModuleName == LibcBuiltinModule.ModuleName;
        }

        WasiModule? instance = null;
        if (importsWasi)
        {
            wasi.StandardInput = console.Input;
            wasi.StandardOutput = console.Output;
            wasi.StandardError = console.Error;
            instance = new WasiModule(wasi);
            instance.Define((m, n, f) => linker.Define(m, n, f));
        }
        if (importsLibc)
        {
            foreach (var (moduleName, name, function) in LibcBuiltinModule.CreateImports(new LibcOptions { Stdout = console.Output }))
            {
                linker.Define(moduleName, name, function);
            }
        }
        return new HostImports(instance, importsLibc);
    }

    /// <summary>Closes the descriptors the guest left open.</summary>
    public void Dispose() => _wasi?.Dispose();
}
