using Microwasm.Binary;
using Microwasm.Model;

namespace Microwasm.Runtime;

/// <summary>
/// Loads an Emscripten side module (<c>-s SIDE_MODULE=1</c>, a module with a <c>dylink.0</c> or
/// <c>dylink</c> section) the way a dynamic loader would for a program of one module: provides the
/// memory, the table, <c>__memory_base</c>, <c>__table_base</c>, <c>__stack_pointer</c> and the GOT
/// globals it imports (whatever the linker does not define itself), and after instantiation fills
/// the table slots of the GOT, places the app heap after the static data, and runs the module's
/// relocation and constructor exports. Layout of the memory:
/// <c>[0, 1 KiB)</c> left zero (so a null pointer reads zeros), the stack <c>[1 KiB, 65 KiB)</c>
/// growing down from <c>__stack_pointer</c>, the static data at <c>__memory_base</c> (aligned as the
/// section asks), then the app heap (builtin libc malloc). Table: slot 0 stays null, the module's
/// segments at <c>__table_base</c>, then one slot per <c>GOT.func</c> import.
/// </summary>
internal sealed class SideModule
{
    /// <summary>Bytes at address 0 nothing is placed in.</summary>
    public const uint NullGuard = 1024;

    /// <summary>The shadow stack's size (Emscripten's default for a main module is 64 KiB).</summary>
    public const uint StackSize = 64 * 1024;

    private readonly Dictionary<(string Module, string Name), Extern> _provided = new();
    private readonly List<(uint Slot, string Name)> _functionSlots = [];
    private TableInstance? _table;
    private MemoryInstance? _memory;
    private uint _heapOffset;
    private uint _heapSize;

    private SideModule()
    {
    }

    /// <summary>Where <c>__memory_base</c> is.</summary>
    public uint MemoryBase { get; private set; }

    /// <summary>
    /// The side-module loading of <paramref name="module"/>, with its imports ready, or null when it
    /// is no side module. Only imports that <paramref name="linker"/> does not define are provided.
    /// </summary>
    /// <exception cref="WasmLinkException">The dylink section is malformed, names libraries the module needs, or a GOT entry names a symbol nothing defines.</exception>
    public static SideModule? Prepare(Store store, Module module, Linker linker)
    {
        DylinkInfo? info;
        try
        {
            info = DylinkSectionReader.Read(module);
        }
        catch (WasmDecodeException e)
        {
            throw new WasmLinkException($"malformed dylink section: {e.Message}");
        }
        if (info is null)
        {
            return null;
        }
        if (info.Needed.Count > 0)
        {
            throw new WasmLinkException($"the side module needs the side module{(info.Needed.Count > 1 ? "s" : "")} {string.Join(", ", info.Needed.Select(name => WasmName.Quote(name)))}, " +
                "and Microwasm loads one side module at a time: link them into one (emcc -s SIDE_MODULE=1 a.c b.c -o ab.wasm)");
        }
        if (info.MemoryAlignment > 16 || info.TableAlignment > 16)
        {
            throw new WasmLinkException($"the dylink section asks for an alignment of 2^{Math.Max(info.MemoryAlignment, info.TableAlignment)}, more than a page");
        }
        var side = new SideModule();
        side.Layout(store, module, linker, info);
        return side;
    }

    /// <summary>The definition this loader provides for <paramref name="import"/>, if any.</summary>
    public bool TryProvide(Import import, out Extern value) => _provided.TryGetValue((import.ModuleName, import.Name), out value!);

    private void Layout(Store store, Module module, Linker linker, DylinkInfo info)
    {
        MemoryBase = AlignUp(NullGuard + StackSize, info.MemoryAlignment);
        ulong dataEnd = (ulong)MemoryBase + info.MemorySize;
        ulong heapOffset = (dataEnd + 15) & ~15UL;
        ulong end = heapOffset + store.Options.AppHeapSize;
        if (end > (ulong)MemoryType.MaxPages * MemoryType.PageSize)
        {
            throw new WasmLinkException($"the side module's {info.MemorySize} bytes of data and the app heap of {store.Options.AppHeapSize} bytes do not fit in 4 GiB");
        }
        _heapOffset = (uint)heapOffset;
        _heapSize = store.Options.AppHeapSize;
        var pages = (uint)((end + MemoryType.PageSize - 1) / MemoryType.PageSize);
        if (pages > store.Options.MaxMemoryPages)
        {
            throw new WasmLinkException($"the side module needs {pages} pages of memory (its {info.MemorySize} bytes of data after 1 KiB and a 64 KiB stack, then an app heap of {store.Options.AppHeapSize} bytes), more than the limit of {store.Options.MaxMemoryPages} pages");
        }
        var tableBase = AlignUp(1, info.TableAlignment);

        // GOT.func slots follow the module's own table segments
        var nextSlot = (ulong)tableBase + info.TableSize;
        var exports = module.Exports.ToDictionary(e => (e.Name, e.Kind), e => e.Index);
        var importedFunctions = ImportedFunctionIndices(module);
        foreach (var import in module.Imports)
        {
            if (import.Kind == ExternalKind.Global && import.ModuleName == "GOT.func" && !linker.TryGet(import.ModuleName, import.Name, out _))
            {
                if (!exports.ContainsKey((import.Name, ExternalKind.Function)) && !importedFunctions.ContainsKey(import.Name))
                {
                    throw new WasmLinkException($"the side module needs the function {WasmName.Quote(import.Name)} (GOT.func), which neither it nor the host defines");
                }
                _functionSlots.Add(((uint)nextSlot, import.Name));
                Provide(import, new GlobalInstance(import.Global, (uint)nextSlot));
                nextSlot++;
            }
        }
        if (nextSlot > store.Options.MaxTableElements)
        {
            throw new WasmLinkException($"the side module's table of {nextSlot} elements is larger than the limit of {store.Options.MaxTableElements}");
        }

        foreach (var import in module.Imports)
        {
            if (linker.TryGet(import.ModuleName, import.Name, out _) || _provided.ContainsKey((import.ModuleName, import.Name)))
            {
                continue;
            }
            switch (import.ModuleName, import.Kind, import.Name)
            {
                case ("env", ExternalKind.Memory, _):
                    var limits = import.Memory.Limits;
                    if (limits.Max is { } max && max < pages)
                    {
                        throw new WasmLinkException($"the side module's memory may have at most {max} pages, and its data, stack and app heap need {pages}");
                    }
                    _memory = new MemoryInstance(new MemoryType(new Limits(Math.Max(limits.Min, pages), limits.Max)), store.Options.MaxMemoryPages);
                    Provide(import, _memory);
                    break;
                case ("env", ExternalKind.Table, _) when import.Table.ElementType == ValueType.FuncRef:
                    var tableLimits = import.Table.Limits;
                    if (tableLimits.Max is { } maxElements && maxElements < nextSlot)
                    {
                        throw new WasmLinkException($"the side module's table may have at most {maxElements} elements, and it needs {nextSlot}");
                    }
                    _table = new TableInstance(new TableType(ValueType.FuncRef, new Limits(Math.Max(tableLimits.Min, (uint)nextSlot), tableLimits.Max)), store.Options.MaxTableElements);
                    Provide(import, _table);
                    break;
                case ("env", ExternalKind.Global, "__memory_base"):
                    ProvideI32(import, MemoryBase);
                    break;
                case ("env", ExternalKind.Global, "__table_base"):
                    ProvideI32(import, tableBase);
                    break;
                case ("env", ExternalKind.Global, "__stack_pointer"):
                    ProvideI32(import, NullGuard + StackSize);
                    break;
                case ("env", ExternalKind.Global, "__stack_low"):
                    ProvideI32(import, NullGuard);
                    break;
                case ("env", ExternalKind.Global, "__stack_high"):
                    ProvideI32(import, NullGuard + StackSize);
                    break;
                case ("env", ExternalKind.Global, "__heap_base"):
                    ProvideI32(import, _heapOffset);
                    break;
                case ("GOT.mem", ExternalKind.Global, var symbol):
                    if (!exports.TryGetValue((symbol, ExternalKind.Global), out var globalIndex) || globalIndex < module.ImportedGlobalCount
                        || ConstantI32(module.Globals[globalIndex - module.ImportedGlobalCount].Init) is not { } address)
                    {
                        throw new WasmLinkException($"the side module needs the address of the data symbol {WasmName.Quote(symbol)} (GOT.mem), which neither it nor the host defines");
                    }
                    ProvideI32(import, MemoryBase + address);
                    break;
            }
        }
    }

    /// <summary>
    /// After instantiation: fills the GOT's table slots, gives the instance its app heap after the
    /// static data (when the memory is ours), and runs <c>__wasm_apply_relocs</c>,
    /// <c>__wasm_call_ctors</c> and <c>__post_instantiate</c>, whichever the module exports.
    /// </summary>
    /// <exception cref="WasmTrap">A relocation or constructor trapped.</exception>
    public void Complete(Store store, Instance instance)
    {
        if (_table is not null && _functionSlots.Count > 0)
        {
            var importedFunctions = ImportedFunctionIndices(instance.Module);
            foreach (var (slot, name) in _functionSlots)
            {
                var function = instance.GetFunction(name) ?? (importedFunctions.TryGetValue(name, out var index) ? instance.Functions[index] : null);
                _table.SetValue(slot, WasmValue.FuncRef(function));
            }
        }
        if (_memory is not null && _heapSize > 0 && instance.Heap is null && instance.Memory == _memory)
        {
            instance.Heap = new AppHeap(_memory, _heapOffset, _heapSize);
        }
        foreach (var name in (string[])["__wasm_apply_relocs", "__wasm_call_ctors", "__post_instantiate"])
        {
            if (instance.GetFunction(name) is { Type: { Parameters.Length: 0, Results.Length: 0 } } function)
            {
                function.Invoke(store);
            }
        }
    }

    /// <summary>Each imported function's name (the first of that name) and its function index.</summary>
    private static Dictionary<string, int> ImportedFunctionIndices(Module module)
    {
        var imports = module.ImportsOfKind(ExternalKind.Function);
        var indices = new Dictionary<string, int>(imports.Length, StringComparer.Ordinal);
        for (var i = 0; i < imports.Length; i++)
        {
            indices.TryAdd(imports[i].Name, i);
        }
        return indices;
    }

    private void Provide(Import import, Extern value) => _provided[(import.ModuleName, import.Name)] = value;

    private void ProvideI32(Import import, uint value)
    {
        if (import.Global.ValueType != ValueType.I32)
        {
            throw new WasmLinkException($"the side module imports {WasmName.Quote(import.ModuleName)} {WasmName.Quote(import.Name)} as {import.Global.ValueType}, not i32 (wasm64 side modules are not supported)");
        }
        Provide(import, new GlobalInstance(import.Global, value));
    }

    /// <summary>The value of a constant expression that is a single <c>i32.const</c>, else null.</summary>
    private static uint? ConstantI32(ConstantExpression expression)
    {
        var reader = new WasmReader(expression.Code.Span, expression.Offset);
        if (reader.ReadByte() != 0x41)
        {
            return null;
        }
        var value = (uint)reader.ReadVarS32();
        return reader.ReadByte() == 0x0B ? value : null;
    }

    private static uint AlignUp(uint value, uint log2Alignment)
    {
        var alignment = 1u << (int)log2Alignment;
        return (value + alignment - 1) & ~(alignment - 1);
    }
}
