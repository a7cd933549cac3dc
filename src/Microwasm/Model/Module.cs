namespace Microwasm.Model;

/// <summary>An import: module and field name and the imported entity's description.</summary>
public sealed record Import(string ModuleName, string Name, ExternalKind Kind)
{
    /// <summary>For a function import: the index into <see cref="Module.Types"/>.</summary>
    public uint TypeIndex { get; init; }
    public TableType Table { get; init; }
    public MemoryType Memory { get; init; }
    public GlobalType Global { get; init; }
}

/// <summary>An export: a unique name and an index into the index space of its kind.</summary>
public sealed record Export(string Name, ExternalKind Kind, uint Index);

/// <summary>
/// A constant expression (global initialiser, segment offset, element item), kept as its
/// encoded bytes including the final <c>end</c> (0x0B). Validation checks it; the runtime evaluates it.
/// </summary>
public sealed class ConstantExpression
{
    public ConstantExpression(ReadOnlyMemory<byte> code, int offset)
    {
        Code = code;
        Offset = offset;
    }

    /// <summary>The instruction bytes, ending with 0x0B.</summary>
    public ReadOnlyMemory<byte> Code { get; }

    /// <summary>Byte offset of <see cref="Code"/> in the module binary.</summary>
    public int Offset { get; }
}

/// <summary>A global defined by the module.</summary>
public sealed record Global(GlobalType Type, ConstantExpression Init);

/// <summary>How an element or data segment is used.</summary>
public enum SegmentMode : byte
{
    Active,
    Passive,
    Declarative,
}

/// <summary>
/// An element segment. Items are either plain function indices (<see cref="FunctionIndices"/>,
/// for the encodings with a vector of funcidx) or constant expressions (<see cref="Expressions"/>).
/// Exactly one of the two is non-null.
/// </summary>
public sealed record ElementSegment(SegmentMode Mode, ValueType ElementType)
{
    public uint TableIndex { get; init; }
    /// <summary>The offset expression of an active segment, else null.</summary>
    public ConstantExpression? Offset { get; init; }
    public uint[]? FunctionIndices { get; init; }
    public ConstantExpression[]? Expressions { get; init; }

    /// <summary>The number of items.</summary>
    public int Count => FunctionIndices?.Length ?? Expressions!.Length;
}

/// <summary>A data segment: active (memory index + offset) or passive.</summary>
public sealed record DataSegment(SegmentMode Mode, ReadOnlyMemory<byte> Data)
{
    public uint MemoryIndex { get; init; }
    public ConstantExpression? Offset { get; init; }
}

/// <summary>A run of locals of one type, as the code section declares them.</summary>
public readonly record struct LocalEntry(uint Count, ValueType Type);

/// <summary>The body of a defined function.</summary>
public sealed class FunctionBody
{
    public FunctionBody(LocalEntry[] locals, ReadOnlyMemory<byte> code, int codeOffset)
    {
        Locals = locals;
        Code = code;
        CodeOffset = codeOffset;
    }

    /// <summary>Declared locals (not parameters), run-length encoded as in the binary.</summary>
    public LocalEntry[] Locals { get; }

    /// <summary>The instruction bytes (the expression), ending with the function's final 0x0B.</summary>
    public ReadOnlyMemory<byte> Code { get; }

    /// <summary>Byte offset of <see cref="Code"/> in the module binary, for error messages.</summary>
    public int CodeOffset { get; }
}

/// <summary>A custom section, kept as raw bytes.</summary>
public sealed record CustomSection(string Name, ReadOnlyMemory<byte> Content, int Offset);

/// <summary>Names from the "name" custom section. Missing entries are absent from the dictionaries.</summary>
public sealed class NameSection
{
    public string? ModuleName { get; init; }
    public IReadOnlyDictionary<uint, string> FunctionNames { get; init; } = new Dictionary<uint, string>();
    /// <summary>Function index → (local index → name).</summary>
    public IReadOnlyDictionary<uint, IReadOnlyDictionary<uint, string>> LocalNames { get; init; } =
        new Dictionary<uint, IReadOnlyDictionary<uint, string>>();
}

/// <summary>
/// A decoded WebAssembly module: the immutable result of <c>Binary.ModuleReader</c>.
/// Index spaces (functions, tables, memories, globals) start with the imports of that kind.
/// </summary>
public sealed class Module
{
    public required FuncType[] Types { get; init; }
    public required Import[] Imports { get; init; }
    /// <summary>Type index of each function defined in the module (function section).</summary>
    public required uint[] Functions { get; init; }
    public required TableType[] Tables { get; init; }
    public required MemoryType[] Memories { get; init; }
    public required Global[] Globals { get; init; }
    public required Export[] Exports { get; init; }
    public uint? Start { get; init; }
    public required ElementSegment[] Elements { get; init; }
    /// <summary>The count from the data count section, if present.</summary>
    public uint? DataCount { get; init; }
    public required FunctionBody[] Codes { get; init; }
    public required DataSegment[] Datas { get; init; }
    public required CustomSection[] CustomSections { get; init; }
    public NameSection? Names { get; init; }

    public int ImportedFunctionCount { get; init; }
    public int ImportedTableCount { get; init; }
    public int ImportedMemoryCount { get; init; }
    public int ImportedGlobalCount { get; init; }

    public int TotalFunctionCount => ImportedFunctionCount + Functions.Length;
    public int TotalTableCount => ImportedTableCount + Tables.Length;
    public int TotalMemoryCount => ImportedMemoryCount + Memories.Length;
    public int TotalGlobalCount => ImportedGlobalCount + Globals.Length;

    /// <summary>The type of function <paramref name="funcIndex"/> in the function index space.</summary>
    public FuncType GetFunctionType(uint funcIndex)
    {
        if (funcIndex < ImportedFunctionCount)
        {
            return Types[ImportAt(ExternalKind.Function, (int)funcIndex).TypeIndex];
        }
        return Types[Functions[funcIndex - ImportedFunctionCount]];
    }

    /// <summary>The table type at <paramref name="index"/> in the table index space.</summary>
    public TableType GetTableType(uint index) =>
        index < ImportedTableCount ? ImportAt(ExternalKind.Table, (int)index).Table : Tables[index - ImportedTableCount];

    /// <summary>The memory type at <paramref name="index"/> in the memory index space.</summary>
    public MemoryType GetMemoryType(uint index) =>
        index < ImportedMemoryCount ? ImportAt(ExternalKind.Memory, (int)index).Memory : Memories[index - ImportedMemoryCount];

    /// <summary>The global type at <paramref name="index"/> in the global index space.</summary>
    public GlobalType GetGlobalType(uint index) =>
        index < ImportedGlobalCount ? ImportAt(ExternalKind.Global, (int)index).Global : Globals[index - ImportedGlobalCount].Type;

    /// <summary>The <paramref name="n"/>th import of <paramref name="kind"/>.</summary>
    public Import ImportAt(ExternalKind kind, int n) => ImportsOfKind(kind)[n];

    private Import[][]? _importsByKind;

    /// <summary>The imports of one kind, in index-space order.</summary>
    public Import[] ImportsOfKind(ExternalKind kind)
    {
        // benign race: every thread computes the same arrays
        var byKind = _importsByKind ??= [.. Enumerable.Range(0, 4).Select(k => Imports.Where(i => (int)i.Kind == k).ToArray())];
        return byKind[(int)kind];
    }

    /// <summary>The name of a function from the name section, or null.</summary>
    public string? GetFunctionName(uint funcIndex) =>
        Names?.FunctionNames.TryGetValue(funcIndex, out var n) == true ? n : null;
}
