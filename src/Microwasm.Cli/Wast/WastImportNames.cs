using Microwasm.Binary;

namespace Microwasm.Cli.Wast;

/// <summary>
/// The module names a binary imports from, read from its import section even when the module as a
/// whole cannot be decoded (it uses a feature Microwasm lacks): what an unsupported module would
/// have linked to, and so could have changed. Best effort: it stops at the first thing it cannot
/// read and returns the names found so far.
/// </summary>
internal static class WastImportNames
{
    private const byte ImportSectionId = 2;

    public static IReadOnlyList<string> Read(ReadOnlySpan<byte> bytes)
    {
        var names = new List<string>();
        try
        {
            var reader = new WasmReader(bytes);
            reader.ReadFixedU32();
            reader.ReadFixedU32();
            while (!reader.AtEnd)
            {
                var id = reader.ReadByte();
                var size = reader.ReadVarU32();
                if (size > (uint)reader.Remaining)
                {
                    break;
                }
                var section = new WasmReader(reader.ReadBytes((int)size));
                if (id == ImportSectionId)
                {
                    ReadImports(ref section, names);
                    break;
                }
            }
        }
        catch (WasmDecodeException)
        {
            // the names before the bytes it could not read
        }
        return names;
    }

    private static void ReadImports(ref WasmReader section, List<string> names)
    {
        var count = section.ReadVarU32();
        for (var i = 0u; i < count; i++)
        {
            names.Add(section.ReadName());
            section.ReadName();
            switch (section.ReadByte())
            {
                case 0x00: // function
                case 0x20: // exact function (custom descriptors)
                    section.ReadVarU32();
                    break;
                case 0x01: // table
                    SkipValueType(ref section);
                    SkipLimits(ref section);
                    break;
                case 0x02: // memory
                    SkipLimits(ref section);
                    break;
                case 0x03: // global
                    SkipValueType(ref section);
                    section.ReadByte();
                    break;
                case 0x04: // tag
                    section.ReadByte();
                    section.ReadVarU32();
                    break;
                default:
                    return;
            }
        }
    }

    private static void SkipValueType(ref WasmReader section)
    {
        var b = section.ReadByte();
        if (b is 0x63 or 0x64)
        {
            if (section.PeekByte() == 0x62)
            {
                section.ReadByte();
                section.ReadVarU32();
            }
            else
            {
                section.ReadVarS33();
            }
        }
    }

    private static void SkipLimits(ref WasmReader section)
    {
        var flags = section.ReadByte();
        section.ReadVarU64();
        if ((flags & 0x01) != 0)
        {
            section.ReadVarU64();
        }
        if ((flags & 0x08) != 0)
        {
            section.ReadVarU32();
        }
    }
}
