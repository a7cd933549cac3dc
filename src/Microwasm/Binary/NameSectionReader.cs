using Microwasm.Model;

namespace Microwasm.Binary;

/// <summary>Reads the "name" custom section: module, function and local names.</summary>
internal static class NameSectionReader
{
    private const byte ModuleNameId = 0;
    private const byte FunctionNamesId = 1;
    private const byte LocalNamesId = 2;

    /// <summary>
    /// Reads the content of a "name" section (after its name), or returns null if it is malformed.
    /// Names are debug information: the specification says a malformed name section is ignored
    /// rather than making the module malformed.
    /// </summary>
    public static NameSection? TryRead(ReadOnlySpan<byte> content, int offset)
    {
        try
        {
            return Read(new WasmReader(content, offset));
        }
        catch (WasmDecodeException)
        {
            return null;
        }
    }

    private static NameSection Read(WasmReader reader)
    {
        string? moduleName = null;
        Dictionary<uint, string>? functionNames = null;
        Dictionary<uint, IReadOnlyDictionary<uint, string>>? localNames = null;
        var lastId = -1;
        while (!reader.AtEnd)
        {
            var id = reader.ReadByte();
            var size = ModuleReader.ReadLength(ref reader);
            var subsectionOffset = reader.Offset;
            var subsection = new WasmReader(reader.ReadBytes(size), subsectionOffset);
            // Later proposals add subsections 3 and up (labels, types, ...): skip what we do not use.
            if (id > LocalNamesId)
            {
                continue;
            }
            if (id <= lastId)
            {
                throw subsection.Error("name subsections out of order");
            }
            lastId = id;
            switch (id)
            {
                case ModuleNameId:
                    moduleName = subsection.ReadName();
                    break;
                case FunctionNamesId:
                    functionNames = ReadNameMap(ref subsection);
                    break;
                case LocalNamesId:
                {
                    var count = ModuleReader.ReadLength(ref subsection);
                    localNames = [];
                    for (var i = 0; i < count; i++)
                    {
                        var functionIndex = subsection.ReadVarU32();
                        var map = ReadNameMap(ref subsection);
                        localNames.TryAdd(functionIndex, map);
                    }
                    break;
                }
            }
            if (!subsection.AtEnd)
            {
                throw subsection.Error("name subsection size mismatch");
            }
        }
        return new NameSection
        {
            ModuleName = moduleName,
            FunctionNames = functionNames ?? [],
            LocalNames = localNames ?? [],
        };
    }

    private static Dictionary<uint, string> ReadNameMap(ref WasmReader reader)
    {
        // not pre-sized from the count: the count is checked against the bytes left, but a
        // dictionary entry costs far more than the byte that bounds it
        var count = ModuleReader.ReadLength(ref reader);
        var names = new Dictionary<uint, string>();
        for (var i = 0; i < count; i++)
        {
            var index = reader.ReadVarU32();
            var name = reader.ReadName();
            // duplicates are malformed by the spec's rules, but keeping the first is harmless
            names.TryAdd(index, name);
        }
        return names;
    }
}
