using Microwasm.Model;

namespace Microwasm.Binary;

/// <summary>
/// What a dynamic-linking custom section says of an Emscripten side module (tool-conventions
/// DynamicLinking.md): the memory and table it needs (size and alignment), and the libraries it needs.
/// </summary>
/// <param name="MemorySize">Bytes of static data the module's segments place at <c>__memory_base</c>.</param>
/// <param name="MemoryAlignment">log2 of the alignment <c>__memory_base</c> needs.</param>
/// <param name="TableSize">Table elements the module's segments place at <c>__table_base</c>.</param>
/// <param name="TableAlignment">log2 of the alignment <c>__table_base</c> needs.</param>
/// <param name="Needed">Other side modules this one needs loaded first.</param>
internal sealed record DylinkInfo(uint MemorySize, uint MemoryAlignment, uint TableSize, uint TableAlignment, IReadOnlyList<string> Needed);

/// <summary>Reads <c>dylink.0</c> (subsections; LLVM 13 and later) or the older <c>dylink</c> (fields in a row).</summary>
internal static class DylinkSectionReader
{
    private const byte MemoryInfo = 1;
    private const byte NeededLibraries = 2;

    /// <summary>The module's dylink information, or null when it has no such section (it is no side module).</summary>
    /// <exception cref="WasmDecodeException">The section is malformed (the offset is the module's).</exception>
    public static DylinkInfo? Read(Module module)
    {
        foreach (var section in module.CustomSections)
        {
            if (section.Name == "dylink.0")
            {
                return ReadCurrent(new WasmReader(section.Content.Span, section.Offset));
            }
            if (section.Name == "dylink")
            {
                return ReadLegacy(new WasmReader(section.Content.Span, section.Offset));
            }
        }
        return null;
    }

    private static DylinkInfo ReadCurrent(WasmReader reader)
    {
        var info = new DylinkInfo(0, 0, 0, 0, []);
        while (!reader.AtEnd)
        {
            var id = reader.ReadByte();
            var size = reader.ReadVarU32();
            if (size > reader.Remaining)
            {
                throw reader.Error($"dylink.0 subsection {id} of {size} bytes is longer than the section");
            }
            var body = new WasmReader(reader.ReadBytes((int)size), reader.Offset - (int)size);
            switch (id)
            {
                case MemoryInfo:
                    info = info with { MemorySize = body.ReadVarU32(), MemoryAlignment = body.ReadVarU32(), TableSize = body.ReadVarU32(), TableAlignment = body.ReadVarU32() };
                    break;
                case NeededLibraries:
                    info = info with { Needed = ReadNames(ref body) };
                    break;
                default:
                    // export and import information (symbol flags) changes nothing for a loader of one module
                    continue;
            }
            if (!body.AtEnd)
            {
                throw body.Error($"dylink.0 subsection {id} has {body.Remaining} bytes left over");
            }
        }
        return info;
    }

    private static DylinkInfo ReadLegacy(WasmReader reader)
    {
        var info = new DylinkInfo(reader.ReadVarU32(), reader.ReadVarU32(), reader.ReadVarU32(), reader.ReadVarU32(), []);
        return info with { Needed = ReadNames(ref reader) };
    }

    private static string[] ReadNames(ref WasmReader reader)
    {
        var count = reader.ReadVarU32();
        if (count > reader.Remaining)
        {
            throw reader.Error($"{count} needed libraries cannot fit in {reader.Remaining} bytes");
        }
        var names = new string[count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = reader.ReadName();
        }
        return names;
    }
}
