using Microwasm.Model;
using Microwasm.Runtime;

namespace Microwasm.Host;

/// <summary>
/// A decoded, validated and compiled module, ready to be instantiated any number of times, from
/// any thread (see <see cref="WasmLinker.Instantiate"/>).
/// </summary>
public sealed class WasmModule
{
    internal WasmModule(WasmRuntime runtime, CompiledModule compiled)
    {
        Runtime = runtime;
        Compiled = compiled;
        Imports = compiled.Module.Imports.Select(i => new ExternDescription(i.ModuleName, i.Name, i.Kind, TypeOf(compiled.Module, i))).ToArray();
        Exports = compiled.Module.Exports.Select(e => new ExternDescription(null, e.Name, e.Kind, TypeOf(compiled.Module, e))).ToArray();
    }

    /// <summary>The runtime that loaded the module (whose limits its instances get).</summary>
    public WasmRuntime Runtime { get; }

    /// <summary>The module as the engine prepared it.</summary>
    public CompiledModule Compiled { get; }

    /// <summary>The decoded module.</summary>
    public Module Module => Compiled.Module;

    /// <summary>What the module imports, with types, in import order.</summary>
    public IReadOnlyList<ExternDescription> Imports { get; }

    /// <summary>What the module exports, with types, in export order.</summary>
    public IReadOnlyList<ExternDescription> Exports { get; }

    /// <summary>Instantiates the module with no imports other than <paramref name="linker"/>'s (an empty linker when null).</summary>
    public Instance Instantiate(WasmLinker? linker = null, object? userData = null) =>
        (linker ?? new WasmLinker()).Instantiate(this, userData);

    private static string TypeOf(Module module, Import import) => import.Kind switch
    {
        ExternalKind.Function => $"func {module.Types[import.TypeIndex]}",
        ExternalKind.Table => $"table {import.Table.ElementType.Name()} {import.Table.Limits}",
        ExternalKind.Memory => $"memory {import.Memory.Limits}",
        _ => Global(import.Global),
    };

    private static string TypeOf(Module module, Export export)
    {
        var index = (int)export.Index;
        switch (export.Kind)
        {
            case ExternalKind.Function:
                var function = index < module.ImportedFunctionCount
                    ? module.Types[module.Imports.Where(i => i.Kind == ExternalKind.Function).ElementAt(index).TypeIndex]
                    : module.Types[module.Functions[index - module.ImportedFunctionCount]];
                return $"func {function}";
            case ExternalKind.Table:
                var table = index < module.ImportedTableCount
                    ? module.Imports.Where(i => i.Kind == ExternalKind.Table).ElementAt(index).Table
                    : module.Tables[index - module.ImportedTableCount];
                return $"table {table.ElementType.Name()} {table.Limits}";
            case ExternalKind.Memory:
                var memory = index < module.ImportedMemoryCount
                    ? module.Imports.Where(i => i.Kind == ExternalKind.Memory).ElementAt(index).Memory
                    : module.Memories[index - module.ImportedMemoryCount];
                return $"memory {memory.Limits}";
            default:
                var imported = module.Imports.Count(i => i.Kind == ExternalKind.Global);
                return Global(index < imported
                    ? module.Imports.Where(i => i.Kind == ExternalKind.Global).ElementAt(index).Global
                    : module.Globals[index - imported].Type);
        }
    }

    private static string Global(GlobalType type) => type.Mutable ? $"global (mut {type.ValueType.Name()})" : $"global {type.ValueType.Name()}";
}

/// <summary>An import or export of a module: its names, kind and type in text-format style (<c>func (i32) -> (i32)</c>).</summary>
/// <param name="Module">The module name of an import; null for an export.</param>
/// <param name="Name">The import or export name.</param>
/// <param name="Kind">Function, table, memory or global.</param>
/// <param name="Type">The type, as text.</param>
public sealed record ExternDescription(string? Module, string Name, ExternalKind Kind, string Type);
