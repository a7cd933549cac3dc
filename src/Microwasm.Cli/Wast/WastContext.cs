using Microwasm.Runtime;
using Microwasm.Validation;

namespace Microwasm.Cli.Wast;

/// <summary>
/// The state of one script run that command handlers share: where the module files are, the
/// modules defined so far, and the counters. An execution engine keeps its instances and
/// registrations in <see cref="EngineState"/>.
/// </summary>
public sealed class WastContext
{
    private readonly Dictionary<string, ValidatedModule> _namedModules = new(StringComparer.Ordinal);

    public WastContext(WastScript script, WastFileResult result)
    {
        Script = script;
        Result = result;
    }

    public WastScript Script { get; }

    public WastFileResult Result { get; }

    /// <summary>
    /// True when the script is WebAssembly 2.0's (the 2022 suite): bytes 2.0 and 3.0 read
    /// differently are judged as 2.0 does (a multi-memory module is invalid, a 64-bit memory's
    /// limits are malformed) rather than as a 3.0 feature Microwasm lacks.
    /// </summary>
    public bool Wasm20 { get; init; }

    /// <summary>The module of the most recent <c>module</c> command, or null if it failed or was skipped.</summary>
    public ValidatedModule? CurrentModule { get; private set; }

    /// <summary>Modules defined with a name (<c>(module $M ...)</c>).</summary>
    public IReadOnlyDictionary<string, ValidatedModule> NamedModules => _namedModules;

    /// <summary>State owned by the execution handlers (store, instances, registry); null until they set it.</summary>
    public object? EngineState { get; set; }

    /// <summary>Makes <paramref name="module"/> the current module, and names it if <paramref name="name"/> is set.</summary>
    public void DefineModule(string? name, ValidatedModule? module)
    {
        CurrentModule = module;
        if (name is not null)
        {
            if (module is null)
            {
                _namedModules.Remove(name);
            }
            else
            {
                _namedModules[name] = module;
            }
        }
    }

    /// <summary>The full path of a module file named by a command.</summary>
    public string ResolvePath(WastCommand command) =>
        Path.Combine(Script.Directory, command.Filename ?? throw new FormatException($"{command.Type} at line {command.Line} has no \"filename\""));

    /// <summary>Reads the module file named by <paramref name="command"/>.</summary>
    public byte[] ReadModuleBytes(WastCommand command) => command.ModuleSource is { } source ? source() : ModuleLoader.ReadModuleFile(ResolvePath(command));

    /// <summary>
    /// Decodes and validates the command's module. In a <see cref="Wasm20"/> run an error is the
    /// one WebAssembly 2.0 gives for the bytes (never <see cref="WasmUnsupportedFeatureException"/>).
    /// </summary>
    public ValidatedModule LoadModule(WastCommand command)
    {
        try
        {
            return ModuleLoader.Load(ReadModuleBytes(command));
        }
        catch (WasmException ex) when (Wasm20 && ex.AsWasm20 != ex)
        {
            throw ex.AsWasm20;
        }
    }
}
