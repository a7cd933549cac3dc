using Microwasm.Model;

namespace Microwasm.Validation;

/// <summary>
/// The spec's validation context C: the module's index spaces flattened into arrays (imports
/// first), so that instruction checks are array lookups rather than walks over the imports.
/// </summary>
internal sealed class ModuleContext
{
    public ModuleContext(Module module)
    {
        Module = module;

        var functionImports = module.ImportsOfKind(ExternalKind.Function);
        FunctionTypes = new FuncType[functionImports.Length + module.Functions.Length];
        for (var i = 0; i < functionImports.Length; i++)
        {
            FunctionTypes[i] = TypeAt(module, functionImports[i].TypeIndex);
        }
        for (var i = 0; i < module.Functions.Length; i++)
        {
            FunctionTypes[functionImports.Length + i] = TypeAt(module, module.Functions[i]);
        }

        var tableImports = module.ImportsOfKind(ExternalKind.Table);
        Tables = new TableType[tableImports.Length + module.Tables.Length];
        for (var i = 0; i < tableImports.Length; i++)
        {
            Tables[i] = tableImports[i].Table;
        }
        module.Tables.CopyTo(Tables, tableImports.Length);

        var globalImports = module.ImportsOfKind(ExternalKind.Global);
        Globals = new GlobalType[globalImports.Length + module.Globals.Length];
        for (var i = 0; i < globalImports.Length; i++)
        {
            Globals[i] = globalImports[i].Global;
        }
        for (var i = 0; i < module.Globals.Length; i++)
        {
            Globals[globalImports.Length + i] = module.Globals[i].Type;
        }

        ImportedFunctionCount = functionImports.Length;
        ImportedGlobalCount = globalImports.Length;
        MemoryCount = module.ImportsOfKind(ExternalKind.Memory).Length + module.Memories.Length;
        DeclaredFunctions = new bool[FunctionTypes.Length];
    }

    public Module Module { get; }

    /// <summary>The type of every function in the function index space.</summary>
    public FuncType[] FunctionTypes { get; }

    /// <summary>Every table in the table index space.</summary>
    public TableType[] Tables { get; }

    /// <summary>Every global in the global index space.</summary>
    public GlobalType[] Globals { get; }

    public int ImportedFunctionCount { get; }

    public int ImportedGlobalCount { get; }

    /// <summary>The number of memories, imported and defined (2.0 allows at most one).</summary>
    public int MemoryCount { get; }

    /// <summary>
    /// C.refs: the functions a <c>ref.func</c> in a body may name, those referenced outside the
    /// function bodies and the start function (globals, element segments, exports).
    /// </summary>
    public bool[] DeclaredFunctions { get; }

    private static FuncType TypeAt(Module module, uint typeIndex) =>
        typeIndex < module.Types.Length ? module.Types[typeIndex] : throw new WasmValidationException($"unknown type {typeIndex}");
}
