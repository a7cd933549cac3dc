using Microwasm.Model;

namespace Microwasm.Runtime;

/// <summary>
/// A module instance: the runtime objects of one instantiation of a module. Engines read the
/// internal arrays directly; index spaces include imports first, as in the module.
/// </summary>
public sealed class Instance
{
    internal Instance(Store store, CompiledModule compiled, string? name)
    {
        Store = store;
        Compiled = compiled;
        Name = name ?? compiled.Module.Names?.ModuleName;
    }

    public Store Store { get; }

    public CompiledModule Compiled { get; }

    public Module Module => Compiled.Module;

    /// <summary>A name for stack traces (registration name, or the name section's module name).</summary>
    public string? Name { get; internal set; }

    /// <summary>Arbitrary host data attached to this instance.</summary>
    public object? UserData { get; set; }

    /// <summary>The app heap inside the default memory (WAMR's module malloc), once <see cref="AppHeap.Attach"/> made one.</summary>
    public AppHeap? Heap { get; internal set; }

    internal FunctionInstance[] Functions = [];
    internal TableInstance[] Tables = [];
    internal MemoryInstance[] Memories = [];
    internal GlobalInstance[] Globals = [];

    /// <summary>Resolved element segments as reference handles; a dropped segment is empty.</summary>
    internal ulong[][] ElementSegments = [];

    /// <summary>Data segments' bytes; a dropped segment is empty.</summary>
    internal ReadOnlyMemory<byte>[] DataSegments = [];

    internal Dictionary<string, Extern> ExportMap = new(StringComparer.Ordinal);

    /// <summary>The exports by name.</summary>
    public IReadOnlyDictionary<string, Extern> Exports => ExportMap;

    public Extern? GetExport(string name) => ExportMap.GetValueOrDefault(name);

    public FunctionInstance? GetFunction(string name) => GetExport(name) as FunctionInstance;

    public MemoryInstance? GetMemory(string name) => GetExport(name) as MemoryInstance;

    public TableInstance? GetTable(string name) => GetExport(name) as TableInstance;

    public GlobalInstance? GetGlobal(string name) => GetExport(name) as GlobalInstance;

    /// <summary>The default memory (index 0), or null.</summary>
    public MemoryInstance? Memory => Memories.Length > 0 ? Memories[0] : null;
}
