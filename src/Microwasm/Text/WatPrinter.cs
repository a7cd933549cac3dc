using System.Globalization;
using System.Text;
using Microwasm.Binary;

namespace Microwasm.Text;

/// <summary>
/// Prints a binary module in the WebAssembly text format: every section of WebAssembly 2.0 and the
/// 3.0 syntax that <see cref="Wat"/> reads (GC types, exceptions, tail calls, memory64, multiple
/// memories, threads, relaxed SIMD, ...), names from the "name" section as <c>$ids</c>, and each
/// custom section as a <c>(@custom ...)</c> annotation in its place, so that
/// <see cref="Wat.ToBinary(string)"/> gives the same bytes back for any module the text can express.
/// </summary>
/// <remarks>
/// The module is decoded, not validated: an invalid module prints too. The text cannot express a
/// few binary choices (non-minimal LEB128 numbers, empty sections, a data count section no
/// instruction needs, some element segment encodings); such a module prints, and reads back as
/// the same module with those choices made the usual way. The "name" section is printed both as
/// the names it gives and, unchanged, as a custom section, because the text parser does not write one.
/// </remarks>
public static class WatPrinter
{
    /// <summary>Prints <paramref name="wasm"/> as a text module, <c>(module ...)</c>.</summary>
    /// <exception cref="WasmDecodeException">The bytes are not a module in the binary format.</exception>
    public static string Print(ReadOnlySpan<byte> wasm)
    {
        var output = new StringBuilder((int)Math.Min(wasm.Length * 3L + 64, 1 << 26));
        new ModulePrinter(wasm.ToArray(), output, null, null).Print();
        return output.ToString();
    }

    /// <summary>Prints <paramref name="wasm"/> as a text module to <paramref name="writer"/>.</summary>
    /// <exception cref="WasmDecodeException">The bytes are not a module in the binary format; part of the text may have been written.</exception>
    public static void Print(ReadOnlySpan<byte> wasm, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var output = new StringBuilder(64 * 1024);
        new ModulePrinter(wasm.ToArray(), output, writer, null).Print();
    }

    /// <summary>
    /// Prints and lists, in <paramref name="notExpressible"/>, each binary choice the text cannot
    /// express (so that reading the text back cannot give these exact bytes).
    /// </summary>
    internal static string Print(ReadOnlySpan<byte> wasm, List<string> notExpressible)
    {
        var output = new StringBuilder((int)Math.Min(wasm.Length * 3L + 64, 1 << 26));
        new ModulePrinter(wasm.ToArray(), output, null, notExpressible).Print();
        return output.ToString();
    }
}

/// <summary>One printing of one module: a first pass for what the text needs before it is printed (types, index spaces, names), then the sections in order.</summary>
internal sealed class ModulePrinter
{
    private const int FlushThreshold = 32 * 1024;
    private const int MaxIndent = 32;

    // The canonical order of the sections (SectionOrder of the parser), by section id.
    private static readonly int[] s_slotOfSection = [-1, 0, 1, 2, 3, 4, 6, 7, 8, 9, 11, 12, 10, 5];

    private readonly byte[] _wasm;
    private readonly StringBuilder _out;
    private readonly TextWriter? _writer;
    private readonly List<string>? _notes;

    private readonly List<(byte Id, int Start, int End)> _sections = [];
    private readonly List<SubType> _types = [];
    // The type section's entries: the first type of each and how many (a rec group may have any number).
    private readonly List<(int First, int Count, bool Rec)> _typeEntries = [];
    private readonly List<uint> _functionTypes = [];
    private int _importedFunctions;
    private int _importedTables;
    private int _importedMemories;
    private int _importedGlobals;
    private int _importedTags;
    private int _dataSegments;
    private bool _hasDataCount;
    private uint _dataCount;
    private bool _usesDataCount;

    private readonly Names _names = new();
    private Dictionary<uint, string>? _localNames;

    // The label names of the function being printed (the name section's subsection 3, by the order
    // of the blocks that open them), the blocks opened so far, and each open block's name or null.
    private Dictionary<uint, string>? _labelNames;
    private uint _labelsOpened;
    private readonly List<string?> _openLabels = [];
    private int _indent;

    public ModulePrinter(byte[] wasm, StringBuilder output, TextWriter? writer, List<string>? notes)
    {
        _wasm = wasm;
        _out = output;
        _writer = writer;
        _notes = notes;
    }

    private void Note(string what)
    {
        if (_notes is not null && !_notes.Contains(what))
        {
            _notes.Add(what);
        }
    }

    private void Flush(bool force = false)
    {
        if (_writer is not null && (force || _out.Length >= FlushThreshold))
        {
            foreach (var chunk in _out.GetChunks())
            {
                _writer.Write(chunk.Span);
            }
            _out.Clear();
        }
    }

    public void Print()
    {
        ReadSections();
        _out.Append("(module");
        if (_names.Module is { } moduleName)
        {
            _out.Append(' ').Append(moduleName);
        }
        _indent = 1;
        var lastSlot = -1;
        var functionsPrinted = false;
        foreach (var (id, start, end) in _sections)
        {
            var reader = new WasmReader(_wasm.AsSpan(start, end - start), start);
            switch (id)
            {
                case 0:
                    PrintCustom(ref reader, lastSlot);
                    break;
                case 1:
                    PrintTypes();
                    break;
                case 2:
                    PrintImports(ref reader);
                    break;
                case 3:
                case 10:
                    if (!functionsPrinted)
                    {
                        functionsPrinted = true;
                        PrintFunctions();
                    }
                    break;
                case 4:
                    PrintTables(ref reader);
                    break;
                case 5:
                    PrintMemories(ref reader);
                    break;
                case 6:
                    PrintGlobals(ref reader);
                    break;
                case 7:
                    PrintExports(ref reader);
                    break;
                case 8:
                    Line().Append("(start ").Append(Ref(_names.Functions, U32(ref reader))).Append(')');
                    End(ref reader);
                    break;
                case 9:
                    PrintElements(ref reader);
                    break;
                case 11:
                    PrintData(ref reader);
                    break;
                case 13:
                    PrintTags(ref reader);
                    break;
            }
            if (id != 0)
            {
                lastSlot = s_slotOfSection[id];
            }
            Flush();
        }
        if (_hasDataCount != _usesDataCount)
        {
            Note(_hasDataCount ? "a data count section that no instruction needs" : "no data count section where an instruction needs one");
        }
        else if (_hasDataCount && _dataCount != (uint)_dataSegments)
        {
            Note("a data count that differs from the number of data segments");
        }
        _out.Append(")\n");
        Flush(force: true);
    }

    // ---- pass 1 ----

    private void ReadSections()
    {
        var reader = new WasmReader(_wasm);
        if (_wasm.Length < 8 || _wasm[0] != 0 || _wasm[1] != 0x61 || _wasm[2] != 0x73 || _wasm[3] != 0x6D)
        {
            throw new WasmDecodeException(0, "magic header not detected");
        }
        if (_wasm[4] != 1 || _wasm[5] != 0 || _wasm[6] != 0 || _wasm[7] != 0)
        {
            throw new WasmDecodeException(4, "unknown binary version");
        }
        reader.Position = 8;
        var lastSlot = -1;
        var functionCount = -1;
        var codeCount = -1;
        while (!reader.AtEnd)
        {
            var idAt = reader.Position;
            var id = reader.ReadByte();
            if (id >= s_slotOfSection.Length)
            {
                throw reader.ErrorAt(idAt, "malformed section id");
            }
            var length = U32(ref reader);
            if (length > (uint)reader.Remaining)
            {
                throw reader.Error("section size out of bounds");
            }
            var size = (int)length;
            var start = reader.Position;
            reader.Position += size;
            _sections.Add((id, start, start + size));
            var content = new WasmReader(_wasm.AsSpan(start, size), start);
            if (id == 0)
            {
                var name = ReadNameBytes(ref content);
                if (name.SequenceEqual("name"u8))
                {
                    _names.Read(_wasm.AsSpan(start + content.Position, size - content.Position), start + content.Position);
                }
                continue;
            }
            var slot = s_slotOfSection[id];
            if (slot <= lastSlot)
            {
                Note("sections out of the usual order, or repeated");
            }
            lastSlot = Math.Max(lastSlot, slot);
            if (id == 8)
            {
                continue;
            }
            var count = id == 12 ? U32(ref content) : Count(ref content);
            if (count == 0 && id != 12)
            {
                Note("an empty section");
            }
            switch (id)
            {
                case 1:
                    ReadTypes(ref content, count);
                    break;
                case 2:
                    CountImports(ref content, count);
                    break;
                case 3:
                    functionCount = (int)count;
                    for (var i = 0u; i < count; i++)
                    {
                        _functionTypes.Add(U32(ref content));
                    }
                    End(ref content);
                    break;
                case 10:
                    codeCount = (int)count;
                    break;
                case 11:
                    _dataSegments = (int)count;
                    break;
                case 12:
                    _hasDataCount = true;
                    _dataCount = count;
                    End(ref content);
                    break;
            }
        }
        if (Math.Max(functionCount, 0) != Math.Max(codeCount, 0))
        {
            throw new WasmDecodeException(_wasm.Length, "function and code section have inconsistent lengths");
        }
    }

    private void CountImports(ref WasmReader reader, uint count)
    {
        for (var i = 0u; i < count; i++)
        {
            ReadNameBytes(ref reader);
            ReadNameBytes(ref reader);
            var kindAt = reader.Position;
            switch (reader.ReadByte())
            {
                case 0x00:
                case 0x20:
                    _importedFunctions++;
                    U32(ref reader);
                    break;
                case 0x01:
                    _importedTables++;
                    ReadValType(ref reader);
                    ReadLimits(ref reader);
                    break;
                case 0x02:
                    _importedMemories++;
                    ReadLimits(ref reader);
                    break;
                case 0x03:
                    _importedGlobals++;
                    ReadValType(ref reader);
                    reader.ReadByte();
                    break;
                case 0x04:
                    _importedTags++;
                    reader.ReadByte();
                    U32(ref reader);
                    break;
                default:
                    throw reader.ErrorAt(kindAt, "malformed import kind");
            }
        }
        End(ref reader);
    }

    /// <summary>One subtype: its <c>sub</c> prefix, descriptor clauses and composite type.</summary>
    private sealed class SubType
    {
        public bool IsSub;
        public bool Final;
        public uint[] Supers = [];
        public uint? Describes;
        public uint? Descriptor;
        public byte Kind;
        public ValType[] Params = [];
        public ValType[] Results = [];
        public (ValType Type, byte Storage, bool Mutable)[] Fields = [];
    }

    private void ReadTypes(ref WasmReader reader, uint count)
    {
        for (var i = 0u; i < count; i++)
        {
            if (reader.PeekByte() == 0x4E)
            {
                reader.ReadByte();
                var size = Count(ref reader);
                _typeEntries.Add((_types.Count, (int)size, true));
                for (var j = 0u; j < size; j++)
                {
                    _types.Add(ReadSubType(ref reader));
                }
            }
            else
            {
                _typeEntries.Add((_types.Count, 1, false));
                _types.Add(ReadSubType(ref reader));
            }
        }
        End(ref reader);
    }

    private SubType ReadSubType(ref WasmReader reader)
    {
        var type = new SubType();
        var b = reader.PeekByte();
        if (b is 0x50 or 0x4F)
        {
            reader.ReadByte();
            type.IsSub = true;
            type.Final = b == 0x4F;
            var count = Count(ref reader);
            type.Supers = new uint[count];
            for (var i = 0; i < count; i++)
            {
                type.Supers[i] = U32(ref reader);
            }
        }
        if (reader.PeekByte() == 0x4C)
        {
            reader.ReadByte();
            type.Describes = U32(ref reader);
        }
        if (reader.PeekByte() == 0x4D)
        {
            reader.ReadByte();
            type.Descriptor = U32(ref reader);
        }
        var kindAt = reader.Position;
        type.Kind = reader.ReadByte();
        switch (type.Kind)
        {
            case 0x60:
                type.Params = ReadValTypes(ref reader);
                type.Results = ReadValTypes(ref reader);
                break;
            case 0x5F:
            {
                var count = Count(ref reader);
                type.Fields = new (ValType, byte, bool)[count];
                for (var i = 0; i < count; i++)
                {
                    type.Fields[i] = ReadFieldType(ref reader);
                }
                break;
            }
            case 0x5E:
                type.Fields = [ReadFieldType(ref reader)];
                break;
            default:
                throw reader.ErrorAt(kindAt, "malformed composite type");
        }
        return type;
    }

    private (ValType Type, byte Storage, bool Mutable) ReadFieldType(ref WasmReader reader)
    {
        ValType type = default;
        byte storage = 0;
        if (reader.PeekByte() is 0x78 or 0x77)
        {
            storage = reader.ReadByte();
        }
        else
        {
            type = ReadValType(ref reader);
        }
        var mutable = reader.ReadByte();
        if (mutable > 1)
        {
            throw reader.ErrorAt(reader.Position - 1, "malformed mutability");
        }
        return (type, storage, mutable == 1);
    }

    private ValType[] ReadValTypes(ref WasmReader reader)
    {
        var count = Count(ref reader);
        var types = new ValType[count];
        for (var i = 0; i < count; i++)
        {
            types[i] = ReadValType(ref reader);
        }
        return types;
    }

    // ---- numbers, names and types ----

    /// <summary>A vector's length, at most the bytes left (every element takes at least one).</summary>
    private uint Count(ref WasmReader reader)
    {
        var count = U32(ref reader);
        if (count > (uint)reader.Remaining)
        {
            throw reader.Error("length out of bounds");
        }
        return count;
    }

    private uint U32(ref WasmReader reader)
    {
        var start = reader.Position;
        var value = reader.ReadVarU32();
        CheckLength(reader.Position - start, UnsignedLength(value));
        return value;
    }

    private ulong U64(ref WasmReader reader)
    {
        var start = reader.Position;
        var value = reader.ReadVarU64();
        CheckLength(reader.Position - start, UnsignedLength(value));
        return value;
    }

    private long S64(ref WasmReader reader, int bits)
    {
        var start = reader.Position;
        var value = bits switch
        {
            32 => reader.ReadVarS32(),
            33 => reader.ReadVarS33(),
            _ => reader.ReadVarS64(),
        };
        CheckLength(reader.Position - start, SignedLength(value));
        return value;
    }

    private void CheckLength(int length, int minimal)
    {
        if (length != minimal)
        {
            Note("a LEB128 number longer than it needs to be");
        }
    }

    private static int UnsignedLength(ulong value)
    {
        var length = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            length++;
        }
        return length;
    }

    private static int SignedLength(long value)
    {
        var length = 1;
        while (value is < -64 or > 63)
        {
            value >>= 7;
            length++;
        }
        return length;
    }

    private static void End(ref WasmReader reader)
    {
        if (!reader.AtEnd)
        {
            throw reader.Error("section size mismatch");
        }
    }

    private ReadOnlySpan<byte> ReadNameBytes(ref WasmReader reader)
    {
        var length = U32(ref reader);
        if (length > (uint)reader.Remaining)
        {
            throw reader.Error("unexpected end");
        }
        return reader.ReadBytes((int)length);
    }

    private ValType ReadValType(ref WasmReader reader)
    {
        var at = reader.Position;
        var code = reader.ReadByte();
        switch (code)
        {
            case >= 0x7B and <= 0x7F:
            case >= 0x69 and <= 0x74:
                return new ValType(code);
            case 0x63:
            case 0x64:
            {
                var heap = ReadHeapType(ref reader);
                if (code == 0x63 && heap < 0)
                {
                    Note("(ref null ABSTRACT) in its long form");
                }
                return new ValType(code, heap);
            }
            default:
                throw reader.ErrorAt(at, "malformed value type");
        }
    }

    private long ReadHeapType(ref WasmReader reader)
    {
        var at = reader.Position;
        var b = reader.PeekByte();
        if (b is >= 0x69 and <= 0x74)
        {
            reader.ReadByte();
            return -b;
        }
        if (b == 0x62)
        {
            reader.ReadByte();
            var exact = S64(ref reader, 33);
            if (exact < 0)
            {
                throw reader.ErrorAt(at, "malformed heap type");
            }
            return exact | ValType.ExactFlag;
        }
        var index = S64(ref reader, 33);
        if (index < 0)
        {
            throw reader.ErrorAt(at, "malformed heap type");
        }
        return index;
    }

    private (byte Flags, ulong Min, ulong? Max, uint? PageLog2) ReadLimits(ref WasmReader reader)
    {
        var at = reader.Position;
        var flags = reader.ReadByte();
        if (flags > 0x0F)
        {
            throw reader.ErrorAt(at, "malformed limits flags");
        }
        var min = U64(ref reader);
        ulong? max = (flags & 1) != 0 ? U64(ref reader) : null;
        uint? log2 = null;
        if ((flags & 8) != 0)
        {
            log2 = U32(ref reader);
            if (log2 > 31)
            {
                Note("a page size above 2^31");
            }
        }
        return (flags, min, max, log2);
    }

    private void AppendLimits((byte Flags, ulong Min, ulong? Max, uint? PageLog2) limits, bool memory)
    {
        if ((limits.Flags & 4) != 0)
        {
            _out.Append(" i64");
        }
        _out.Append(' ').Append(limits.Min.ToString(CultureInfo.InvariantCulture));
        if (limits.Max is { } max)
        {
            _out.Append(' ').Append(max.ToString(CultureInfo.InvariantCulture));
        }
        if ((limits.Flags & 2) != 0)
        {
            if (memory)
            {
                _out.Append(" shared");
            }
            else
            {
                Note("a shared table");
            }
        }
        if (limits.PageLog2 is { } log2)
        {
            if (memory)
            {
                _out.Append(" (pagesize ").Append((1UL << (int)Math.Min(log2, 63u)).ToString(CultureInfo.InvariantCulture)).Append(')');
            }
            else
            {
                Note("a table with a page size");
            }
        }
    }

    private static string? AbstractHeapName(long heap) => -heap switch
    {
        0x70 => "func",
        0x6F => "extern",
        0x6E => "any",
        0x6D => "eq",
        0x6C => "i31",
        0x6B => "struct",
        0x6A => "array",
        0x69 => "exn",
        0x71 => "none",
        0x72 => "noextern",
        0x73 => "nofunc",
        0x74 => "noexn",
        _ => null,
    };

    private void AppendHeapType(long heap)
    {
        if (heap < 0)
        {
            _out.Append(AbstractHeapName(heap));
        }
        else if ((heap & ValType.ExactFlag) != 0)
        {
            _out.Append("(exact ").Append(TypeRef((uint)(heap & ~ValType.ExactFlag))).Append(')');
        }
        else
        {
            _out.Append(TypeRef((uint)heap));
        }
    }

    private void AppendValType(ValType type)
    {
        switch (type.Code)
        {
            case 0x7F: _out.Append("i32"); return;
            case 0x7E: _out.Append("i64"); return;
            case 0x7D: _out.Append("f32"); return;
            case 0x7C: _out.Append("f64"); return;
            case 0x7B: _out.Append("v128"); return;
            case 0x63:
            case 0x64:
                _out.Append(type.Code == 0x63 ? "(ref null " : "(ref ");
                AppendHeapType(type.Heap);
                _out.Append(')');
                return;
            default:
                _out.Append(AbstractHeapName(-type.Code) switch
                {
                    "none" => "nullref",
                    "noextern" => "nullexternref",
                    "nofunc" => "nullfuncref",
                    "noexn" => "nullexnref",
                    { } name => name + "ref",
                    null => "?",
                });
                return;
        }
    }

    /// <summary>A reference type as <c>ref.test</c> and <c>br_on_cast</c> print it: <c>(ref null? heaptype)</c>.</summary>
    private void AppendRefType(long heap, bool nullable)
    {
        _out.Append(nullable ? "(ref null " : "(ref ");
        AppendHeapType(heap);
        _out.Append(')');
    }

    private string TypeRef(uint index) => Ref(_names.Types, index);

    /// <summary><c>memory.init</c>/<c>table.init</c>: segment index, then memory/table index (omitted when 0), printed the other way round.</summary>
    private void AppendInit(ref WasmReader reader, Dictionary<uint, string> segments, Dictionary<uint, string> targets)
    {
        var segment = U32(ref reader);
        var target = U32(ref reader);
        if (target != 0)
        {
            _out.Append(' ').Append(Ref(targets, target));
        }
        _out.Append(' ').Append(Ref(segments, segment));
    }

    /// <summary><c>memory.copy</c>/<c>table.copy</c>: destination and source, both omitted when both are 0.</summary>
    private void AppendCopy(ref WasmReader reader, Dictionary<uint, string> names)
    {
        var to = U32(ref reader);
        var from = U32(ref reader);
        if (to != 0 || from != 0)
        {
            _out.Append(' ').Append(Ref(names, to)).Append(' ').Append(Ref(names, from));
        }
    }

    private static string Ref(Dictionary<uint, string> names, uint index) =>
        names.TryGetValue(index, out var name) ? name : index.ToString(CultureInfo.InvariantCulture);

    /// <summary>The definition's <c>$id</c>, or its index as a comment <c>(;N;)</c> for the reader when it has no name.</summary>
    private void AppendId(Dictionary<uint, string> names, uint index)
    {
        if (names.TryGetValue(index, out var name))
        {
            _out.Append(' ').Append(name);
        }
        else
        {
            _out.Append(" (;").Append(index.ToString(CultureInfo.InvariantCulture)).Append(";)");
        }
    }

    private StringBuilder Line()
    {
        _out.Append('\n');
        // capped, so that deeply nested blocks cannot make the text quadratic in the module's size
        _out.Append(' ', Math.Clamp(_indent, 0, MaxIndent) * 2);
        return _out;
    }

    /// <summary>A string literal: printable ASCII as is, every other byte escaped.</summary>
    internal static void AppendString(StringBuilder output, ReadOnlySpan<byte> bytes)
    {
        output.Append('"');
        foreach (var b in bytes)
        {
            if (b is >= 0x20 and < 0x7F && b != '"' && b != '\\')
            {
                output.Append((char)b);
            }
            else
            {
                output.Append('\\').Append(HexDigit(b >> 4)).Append(HexDigit(b & 0xF));
            }
        }
        output.Append('"');
    }

    /// <summary>A name: a string that must be UTF-8 for the text to read it back.</summary>
    private void AppendName(ReadOnlySpan<byte> name)
    {
        if (!System.Text.Unicode.Utf8.IsValid(name))
        {
            Note("a name that is not UTF-8");
        }
        AppendString(_out, name);
    }

    private static char HexDigit(int value) => (char)(value < 10 ? '0' + value : 'a' + value - 10);

    // ---- sections ----

    private void PrintCustom(ref WasmReader reader, int lastSlot)
    {
        var name = ReadNameBytes(ref reader);
        Line().Append("(@custom ");
        AppendName(name);
        _out.Append(lastSlot < 0 ? " (before first)" : " (after " + ModuleParser.SectionOrder[lastSlot] + ")");
        if (!reader.AtEnd)
        {
            _out.Append(' ');
            AppendString(_out, reader.Span[reader.Position..]);
        }
        _out.Append(')');
    }

    private void PrintTypes()
    {
        foreach (var (first, count, rec) in _typeEntries)
        {
            if (rec)
            {
                Line().Append("(rec");
                _indent++;
                for (var j = 0; j < count; j++)
                {
                    PrintSubType((uint)(first + j));
                }
                _indent--;
                _out.Append(')');
            }
            else
            {
                PrintSubType((uint)first);
            }
            Flush();
        }
    }

    private void PrintSubType(uint index)
    {
        var type = _types[(int)index];
        Line().Append("(type");
        AppendId(_names.Types, index);
        _out.Append(' ');
        if (type.IsSub)
        {
            _out.Append("(sub ");
            if (type.Final)
            {
                _out.Append("final ");
            }
            foreach (var super in type.Supers)
            {
                _out.Append(TypeRef(super)).Append(' ');
            }
        }
        if (type.Describes is { } describes)
        {
            _out.Append("(describes ").Append(TypeRef(describes)).Append(") ");
        }
        if (type.Descriptor is { } descriptor)
        {
            _out.Append("(descriptor ").Append(TypeRef(descriptor)).Append(") ");
        }
        switch (type.Kind)
        {
            case 0x60:
                _out.Append("(func");
                AppendSignature(type.Params, type.Results);
                _out.Append(')');
                break;
            case 0x5F:
            {
                _out.Append("(struct");
                _names.Fields.TryGetValue(index, out var fieldNames);
                for (var f = 0; f < type.Fields.Length; f++)
                {
                    _out.Append(" (field");
                    if (fieldNames is not null && fieldNames.TryGetValue((uint)f, out var name))
                    {
                        _out.Append(' ').Append(name);
                    }
                    _out.Append(' ');
                    AppendFieldType(type.Fields[f]);
                    _out.Append(')');
                }
                _out.Append(')');
                break;
            }
            case 0x5E:
                _out.Append("(array ");
                AppendFieldType(type.Fields[0]);
                _out.Append(')');
                break;
        }
        if (type.IsSub)
        {
            _out.Append(')');
        }
        _out.Append(')');
    }

    private void AppendFieldType((ValType Type, byte Storage, bool Mutable) field)
    {
        if (field.Mutable)
        {
            _out.Append("(mut ");
        }
        if (field.Storage != 0)
        {
            _out.Append(field.Storage == 0x78 ? "i8" : "i16");
        }
        else
        {
            AppendValType(field.Type);
        }
        if (field.Mutable)
        {
            _out.Append(')');
        }
    }

    private void AppendSignature(ValType[] parameters, ValType[] results, Dictionary<uint, string>? parameterNames = null)
    {
        if (parameters.Length > 0)
        {
            if (parameterNames is { Count: > 0 })
            {
                for (var i = 0; i < parameters.Length; i++)
                {
                    _out.Append(" (param");
                    if (parameterNames.TryGetValue((uint)i, out var name))
                    {
                        _out.Append(' ').Append(name);
                    }
                    _out.Append(' ');
                    AppendValType(parameters[i]);
                    _out.Append(')');
                }
            }
            else
            {
                _out.Append(" (param");
                foreach (var p in parameters)
                {
                    _out.Append(' ');
                    AppendValType(p);
                }
                _out.Append(')');
            }
        }
        if (results.Length > 0)
        {
            _out.Append(" (result");
            foreach (var r in results)
            {
                _out.Append(' ');
                AppendValType(r);
            }
            _out.Append(')');
        }
    }

    private SubType? FunctionType(uint index) =>
        index < (uint)_types.Count && _types[(int)index] is { Kind: 0x60 } type ? type : null;

    /// <summary><c>(type x)</c>, with the signature spelled out when x is a function type.</summary>
    private void AppendTypeUse(uint index, Dictionary<uint, string>? parameterNames = null)
    {
        _out.Append(" (type ").Append(TypeRef(index)).Append(')');
        if (FunctionType(index) is { } type)
        {
            AppendSignature(type.Params, type.Results, parameterNames);
        }
    }

    private void PrintImports(ref WasmReader reader)
    {
        var count = Count(ref reader);
        uint functions = 0, tables = 0, memories = 0, globals = 0, tags = 0;
        for (var i = 0u; i < count; i++)
        {
            Line().Append("(import ");
            AppendName(ReadNameBytes(ref reader));
            _out.Append(' ');
            AppendName(ReadNameBytes(ref reader));
            var kind = reader.ReadByte();
            switch (kind)
            {
                case 0x00:
                case 0x20:
                {
                    _out.Append(" (func");
                    AppendId(_names.Functions, functions++);
                    var type = U32(ref reader);
                    if (kind == 0x20)
                    {
                        _out.Append(" (exact");
                        AppendTypeUse(type);
                        _out.Append(')');
                    }
                    else
                    {
                        AppendTypeUse(type);
                    }
                    break;
                }
                case 0x01:
                {
                    _out.Append(" (table");
                    AppendId(_names.Tables, tables++);
                    var type = ReadValType(ref reader);
                    AppendLimits(ReadLimits(ref reader), memory: false);
                    _out.Append(' ');
                    AppendValType(type);
                    break;
                }
                case 0x02:
                    _out.Append(" (memory");
                    AppendId(_names.Memories, memories++);
                    AppendLimits(ReadLimits(ref reader), memory: true);
                    break;
                case 0x03:
                    _out.Append(" (global");
                    AppendId(_names.Globals, globals++);
                    _out.Append(' ');
                    AppendGlobalType(ref reader);
                    break;
                case 0x04:
                    _out.Append(" (tag");
                    AppendId(_names.Tags, tags++);
                    TagAttribute(ref reader);
                    AppendTypeUse(U32(ref reader));
                    break;
            }
            _out.Append("))");
        }
        End(ref reader);
    }

    private void TagAttribute(ref WasmReader reader)
    {
        if (reader.ReadByte() != 0)
        {
            Note("a tag attribute other than 0");
        }
    }

    private void AppendGlobalType(ref WasmReader reader)
    {
        var type = ReadValType(ref reader);
        var mutable = reader.ReadByte();
        if (mutable > 1)
        {
            throw reader.ErrorAt(reader.Position - 1, "malformed mutability");
        }
        if (mutable == 1)
        {
            _out.Append("(mut ");
            AppendValType(type);
            _out.Append(')');
        }
        else
        {
            AppendValType(type);
        }
    }

    private void PrintTables(ref WasmReader reader)
    {
        var count = Count(ref reader);
        for (var i = 0u; i < count; i++)
        {
            var index = (uint)_importedTables + i;
            Line().Append("(table");
            AppendId(_names.Tables, index);
            if (reader.PeekByte() == 0x40)
            {
                reader.ReadByte();
                if (reader.ReadByte() != 0)
                {
                    Note("a table initialiser with a reserved byte other than 0");
                }
                var type = ReadValType(ref reader);
                AppendLimits(ReadLimits(ref reader), memory: false);
                _out.Append(' ');
                AppendValType(type);
                _out.Append(' ');
                if (reader.PeekByte() == 0x0B)
                {
                    Note("an empty table initialiser");
                }
                PrintExpression(ref reader);
            }
            else
            {
                var type = ReadValType(ref reader);
                AppendLimits(ReadLimits(ref reader), memory: false);
                _out.Append(' ');
                AppendValType(type);
            }
            _out.Append(')');
        }
        End(ref reader);
    }

    private void PrintMemories(ref WasmReader reader)
    {
        var count = Count(ref reader);
        for (var i = 0u; i < count; i++)
        {
            Line().Append("(memory");
            AppendId(_names.Memories, (uint)_importedMemories + i);
            AppendLimits(ReadLimits(ref reader), memory: true);
            _out.Append(')');
        }
        End(ref reader);
    }

    private void PrintTags(ref WasmReader reader)
    {
        var count = Count(ref reader);
        for (var i = 0u; i < count; i++)
        {
            Line().Append("(tag");
            AppendId(_names.Tags, (uint)_importedTags + i);
            TagAttribute(ref reader);
            AppendTypeUse(U32(ref reader));
            _out.Append(')');
        }
        End(ref reader);
    }

    private void PrintGlobals(ref WasmReader reader)
    {
        var count = Count(ref reader);
        for (var i = 0u; i < count; i++)
        {
            Line().Append("(global");
            AppendId(_names.Globals, (uint)_importedGlobals + i);
            _out.Append(' ');
            AppendGlobalType(ref reader);
            _out.Append(' ');
            PrintExpression(ref reader);
            _out.Append(')');
        }
        End(ref reader);
    }

    private void PrintExports(ref WasmReader reader)
    {
        var count = Count(ref reader);
        for (var i = 0u; i < count; i++)
        {
            Line().Append("(export ");
            AppendName(ReadNameBytes(ref reader));
            var kindAt = reader.Position;
            var kind = reader.ReadByte();
            var index = U32(ref reader);
            _out.Append(kind switch
            {
                0x00 => " (func " + Ref(_names.Functions, index),
                0x01 => " (table " + Ref(_names.Tables, index),
                0x02 => " (memory " + Ref(_names.Memories, index),
                0x03 => " (global " + Ref(_names.Globals, index),
                0x04 => " (tag " + Ref(_names.Tags, index),
                _ => throw reader.ErrorAt(kindAt, "malformed export kind"),
            }).Append("))");
        }
        End(ref reader);
    }

    private void PrintElements(ref WasmReader reader)
    {
        var count = Count(ref reader);
        for (var i = 0u; i < count; i++)
        {
            Line().Append("(elem");
            AppendId(_names.Elements, i);
            var flagsAt = reader.Position;
            var flags = U32(ref reader);
            if (flags > 7)
            {
                throw reader.ErrorAt(flagsAt, "malformed elements segment kind");
            }
            var active = (flags & 1) == 0;
            var explicitTable = (flags & 2) != 0;
            var expressions = (flags & 4) != 0;
            if (!active && explicitTable)
            {
                _out.Append(" declare");
            }
            var table = 0u;
            if (active)
            {
                table = explicitTable ? U32(ref reader) : 0;
                if (explicitTable)
                {
                    _out.Append(" (table ").Append(Ref(_names.Tables, table)).Append(')');
                    if (table == 0 && !expressions)
                    {
                        Note("an element segment that names table 0");
                    }
                }
                _out.Append(" (offset ");
                PrintExpression(ref reader);
                _out.Append(')');
            }
            if (!expressions)
            {
                if (active && !explicitTable)
                {
                    // flags 0: the element kind is implicit
                }
                else if (reader.ReadByte() != 0x00)
                {
                    throw reader.ErrorAt(reader.Position - 1, "malformed element kind");
                }
                _out.Append(" func");
                var items = Count(ref reader);
                for (var j = 0u; j < items; j++)
                {
                    _out.Append(' ').Append(Ref(_names.Functions, U32(ref reader)));
                }
            }
            else
            {
                ValType type = ValType.FuncRef;
                if (!active || explicitTable)
                {
                    type = ReadValType(ref reader);
                }
                _out.Append(' ');
                AppendValType(type);
                var items = Count(ref reader);
                var allFunctions = true;
                for (var j = 0u; j < items; j++)
                {
                    var itemStart = reader.Position;
                    _out.Append(" (item ");
                    PrintExpression(ref reader);
                    _out.Append(')');
                    // an item that is just ref.func x, with x in its shortest form
                    var item = reader.Span[itemStart..(reader.Position - 1)];
                    allFunctions &= item.Length >= 2 && item[0] == 0xD2 && UnsignedLengthAt(item[1..]) == item.Length - 1;
                }
                if (type.Equals(ValType.FuncRef) && allFunctions)
                {
                    Note("an element segment of expressions that are all ref.func (written as function indices)");
                }
                if (active && explicitTable && table == 0 && type.Equals(ValType.FuncRef))
                {
                    // the text writes this one with flags 4
                    Note("an element segment that names table 0");
                }
            }
            _out.Append(')');
        }
        End(ref reader);
    }

    private static int UnsignedLengthAt(ReadOnlySpan<byte> bytes)
    {
        for (var i = 0; i < bytes.Length && i < 10; i++)
        {
            if ((bytes[i] & 0x80) == 0)
            {
                return i + 1;
            }
        }
        return -1;
    }

    private void PrintData(ref WasmReader reader)
    {
        var count = Count(ref reader);
        for (var i = 0u; i < count; i++)
        {
            Line().Append("(data");
            AppendId(_names.Data, i);
            var flagsAt = reader.Position;
            var flags = U32(ref reader);
            switch (flags)
            {
                case 0:
                    _out.Append(" (offset ");
                    PrintExpression(ref reader);
                    _out.Append(')');
                    break;
                case 1:
                    break;
                case 2:
                {
                    var memory = U32(ref reader);
                    if (memory == 0)
                    {
                        Note("a data segment that names memory 0");
                    }
                    _out.Append(" (memory ").Append(Ref(_names.Memories, memory)).Append(") (offset ");
                    PrintExpression(ref reader);
                    _out.Append(')');
                    break;
                }
                default:
                    throw reader.ErrorAt(flagsAt, "malformed data segment kind");
            }
            _out.Append(' ');
            AppendString(_out, ReadNameBytes(ref reader));
            _out.Append(')');
        }
        End(ref reader);
    }

    // ---- functions ----

    private void PrintFunctions()
    {
        var code = _sections.Find(s => s.Id == 10);
        if (code.Id != 10)
        {
            return;
        }
        var reader = new WasmReader(_wasm.AsSpan(code.Start, code.End - code.Start), code.Start);
        var count = Count(ref reader);
        for (var i = 0; i < count; i++)
        {
            var length = U32(ref reader);
            if (length > (uint)reader.Remaining)
            {
                throw reader.Error("unexpected end of section or function");
            }
            if (i >= _functionTypes.Count)
            {
                // a second code section (the first is printed): more bodies than functions
                throw reader.Error("function and code section have inconsistent lengths");
            }
            var size = (int)length;
            var bodyStart = reader.Position;
            var body = new WasmReader(_wasm.AsSpan(code.Start + bodyStart, size), code.Start + bodyStart);
            reader.Position += size;
            PrintFunction(ref body, (uint)(_importedFunctions + i), _functionTypes[i]);
            Flush();
        }
        End(ref reader);
    }

    private void PrintFunction(ref WasmReader reader, uint index, uint typeIndex)
    {
        Line().Append("(func");
        AppendId(_names.Functions, index);
        var type = FunctionType(typeIndex);
        _localNames = type is not null && _names.Locals.TryGetValue(index, out var locals) ? locals : null;
        _labelNames = _names.Labels.GetValueOrDefault(index);
        _labelsOpened = 0;
        _openLabels.Clear();
        AppendTypeUse(typeIndex, _localNames);
        var groups = Count(ref reader);
        var local = (uint)(type?.Params.Length ?? 0);
        var total = 0L;
        ValType previous = default;
        for (var g = 0; g < groups; g++)
        {
            var n = U32(ref reader);
            total += n;
            if (total > ModuleReader.MaxFunctionLocals)
            {
                throw reader.Error("too many locals");
            }
            var localType = ReadValType(ref reader);
            if (n == 0 || (g > 0 && localType.Equals(previous)))
            {
                Note("local declarations grouped otherwise than by runs of one type");
            }
            previous = localType;
            var named = false;
            for (var k = 0u; k < n && _localNames is not null; k++)
            {
                named |= _localNames.ContainsKey(local + k);
            }
            if (named)
            {
                for (var k = 0u; k < n; k++, local++)
                {
                    _out.Append(" (local");
                    if (_localNames!.TryGetValue(local, out var name))
                    {
                        _out.Append(' ').Append(name);
                    }
                    _out.Append(' ');
                    AppendValType(localType);
                    _out.Append(')');
                }
            }
            else if (n > 0)
            {
                _out.Append(" (local");
                for (var k = 0u; k < n; k++, local++)
                {
                    _out.Append(' ');
                    AppendValType(localType);
                }
                _out.Append(')');
            }
        }
        _indent++;
        PrintInstructions(ref reader, inline: false);
        _indent--;
        _localNames = null;
        _labelNames = null;
        if (!reader.AtEnd)
        {
            throw reader.Error("section size mismatch");
        }
        _out.Append(')');
    }

    /// <summary>A constant expression on one line, up to and including its <c>end</c>.</summary>
    private void PrintExpression(ref WasmReader reader)
    {
        var locals = _localNames;
        _localNames = null;
        PrintInstructions(ref reader, inline: true);
        _localNames = locals;
    }

    /// <summary>Instructions up to the <c>end</c> that closes the body or expression (not printed).</summary>
    private void PrintInstructions(ref WasmReader reader, bool inline)
    {
        var depth = 0;
        var first = true;
        while (true)
        {
            var at = reader.Position;
            var op = reader.ReadByte();
            if (op == 0x0B && depth == 0)
            {
                return;
            }
            var dedent = op is 0x05 or 0x07 or 0x19 or 0x0B or 0x18;
            if (dedent)
            {
                depth--;
                _indent--;
                if (op is 0x0B or 0x18 && _labelNames is not null && _openLabels.Count > 0)
                {
                    _openLabels.RemoveAt(_openLabels.Count - 1);
                }
            }
            if (inline)
            {
                if (!first)
                {
                    _out.Append(' ');
                }
            }
            else
            {
                Line();
            }
            first = false;
            switch (op)
            {
                case 0x02:
                case 0x03:
                case 0x04:
                case 0x06:
                case 0x1F:
                    _out.Append(op switch { 0x02 => "block", 0x03 => "loop", 0x04 => "if", 0x06 => "try", _ => "try_table" });
                    string? label = null;
                    if (_labelNames is not null && _labelNames.TryGetValue(_labelsOpened++, out label))
                    {
                        _out.Append(' ').Append(label);
                    }
                    AppendBlockType(ref reader);
                    if (op == 0x1F)
                    {
                        // the catch clauses' labels are outside the try_table's own
                        AppendCatchClauses(ref reader);
                    }
                    if (_labelNames is not null)
                    {
                        _openLabels.Add(label);
                    }
                    if (++depth == Lexer.MaxNesting)
                    {
                        // the parser reads blocks recursively, as deep as its thread's stack allows
                        Note("blocks nested more than 10,000 deep, which the text parser may refuse");
                    }
                    _indent++;
                    break;
                case 0x05:
                    _out.Append("else");
                    if (reader.PeekByte() == 0x0B)
                    {
                        Note("an empty else");
                    }
                    depth++;
                    _indent++;
                    break;
                case 0x07:
                    _out.Append("catch ").Append(Ref(_names.Tags, U32(ref reader)));
                    depth++;
                    _indent++;
                    break;
                case 0x19:
                    _out.Append("catch_all");
                    depth++;
                    _indent++;
                    break;
                case 0x18:
                    _out.Append("delegate ").Append(U32(ref reader).ToString(CultureInfo.InvariantCulture));
                    break;
                case 0x0B:
                    _out.Append("end");
                    break;
                case 0x1C:
                {
                    _out.Append("select (result");
                    var count = Count(ref reader);
                    for (var i = 0; i < count; i++)
                    {
                        _out.Append(' ');
                        AppendValType(ReadValType(ref reader));
                    }
                    _out.Append(')');
                    break;
                }
                case 0xFB:
                case 0xFC:
                case 0xFD:
                case 0xFE:
                {
                    var code = U32(ref reader);
                    if (Instructions.TryGetByCode(op, code, out var name, out var info))
                    {
                        AppendInstruction(ref reader, name, info, nullable: false);
                    }
                    else if (code > 0 && Instructions.TryGetByCode(op, code - 1, out name, out info) && info.Immediate == Immediate.RefTest)
                    {
                        AppendInstruction(ref reader, name, info, nullable: true);
                    }
                    else
                    {
                        throw reader.ErrorAt(at, "illegal opcode");
                    }
                    break;
                }
                default:
                {
                    if (!Instructions.TryGetByCode(0, op, out var name, out var info) || info.Immediate is Immediate.Else or Immediate.End or Immediate.Catch)
                    {
                        throw reader.ErrorAt(at, "illegal opcode");
                    }
                    AppendInstruction(ref reader, name, info, nullable: false);
                    break;
                }
            }
        }
    }

    private void AppendBlockType(ref WasmReader reader)
    {
        var b = reader.PeekByte();
        if (b == 0x40)
        {
            reader.ReadByte();
            return;
        }
        if (b is (>= 0x7B and <= 0x7F) or (>= 0x69 and <= 0x74) or 0x63 or 0x64)
        {
            _out.Append(" (result ");
            AppendValType(ReadValType(ref reader));
            _out.Append(')');
            return;
        }
        var at = reader.Position;
        var index = S64(ref reader, 33);
        if (index < 0)
        {
            throw reader.ErrorAt(at, "malformed block type");
        }
        if (FunctionType((uint)index) is { Params.Length: 0, Results.Length: <= 1 })
        {
            Note("a block type index where a value type would do");
        }
        _out.Append(" (type ").Append(TypeRef((uint)index)).Append(')');
    }

    private void AppendCatchClauses(ref WasmReader reader)
    {
        var count = Count(ref reader);
        for (var i = 0; i < count; i++)
        {
            var kindAt = reader.Position;
            var kind = reader.ReadByte();
            _out.Append(kind switch
            {
                0 => " (catch ",
                1 => " (catch_ref ",
                2 => " (catch_all ",
                3 => " (catch_all_ref ",
                _ => throw reader.ErrorAt(kindAt, "malformed catch clause"),
            });
            if (kind < 2)
            {
                _out.Append(Ref(_names.Tags, U32(ref reader))).Append(' ');
            }
            _out.Append(LabelRef(U32(ref reader))).Append(')');
        }
    }

    private void Index(uint value) => _out.Append(' ').Append(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// A branch's label: the <c>$name</c> of the block <paramref name="depth"/> levels out if it has
    /// one that no block inside it shadows (the text resolves a name to the innermost such label),
    /// else the depth.
    /// </summary>
    private string LabelRef(uint depth)
    {
        var at = _openLabels.Count - 1 - (long)depth;
        if (_labelNames is not null && at >= 0 && _openLabels[(int)at] is { } name)
        {
            var shadowed = false;
            for (var i = (int)at + 1; i < _openLabels.Count; i++)
            {
                shadowed |= _openLabels[i] == name;
            }
            if (!shadowed)
            {
                return name;
            }
        }
        return depth.ToString(CultureInfo.InvariantCulture);
    }

    private void AppendInstruction(ref WasmReader reader, string name, InstructionInfo info, bool nullable)
    {
        _out.Append(name);
        switch (info.Immediate)
        {
            case Immediate.None:
            case Immediate.Select:
                break;
            case Immediate.Label:
                _out.Append(' ').Append(LabelRef(U32(ref reader)));
                break;
            case Immediate.BrTable:
            {
                var count = Count(ref reader);
                for (var i = 0u; i <= count; i++)
                {
                    _out.Append(' ').Append(LabelRef(U32(ref reader)));
                }
                break;
            }
            case Immediate.Func:
                _out.Append(' ').Append(Ref(_names.Functions, U32(ref reader)));
                break;
            case Immediate.CallIndirect:
            {
                var type = U32(ref reader);
                var table = U32(ref reader);
                if (table != 0 || _names.Tables.ContainsKey(0))
                {
                    _out.Append(' ').Append(Ref(_names.Tables, table));
                }
                _out.Append(" (type ").Append(TypeRef(type)).Append(')');
                break;
            }
            case Immediate.Type:
                _out.Append(' ').Append(TypeRef(U32(ref reader)));
                break;
            case Immediate.Tag:
                _out.Append(' ').Append(Ref(_names.Tags, U32(ref reader)));
                break;
            case Immediate.Local:
            {
                var local = U32(ref reader);
                _out.Append(' ').Append(_localNames is not null && _localNames.TryGetValue(local, out var localName)
                    ? localName
                    : local.ToString(CultureInfo.InvariantCulture));
                break;
            }
            case Immediate.Global:
                _out.Append(' ').Append(Ref(_names.Globals, U32(ref reader)));
                break;
            case Immediate.Table:
                OptionalIndex(_names.Tables, U32(ref reader));
                break;
            case Immediate.Memory:
                OptionalIndex(_names.Memories, U32(ref reader));
                break;
            case Immediate.MemArg:
                AppendMemArg(ref reader, info.NaturalAlignment);
                break;
            case Immediate.MemArgLane:
                AppendMemArg(ref reader, info.NaturalAlignment);
                Index(reader.ReadByte());
                break;
            case Immediate.I32:
                _out.Append(' ').Append(((int)S64(ref reader, 32)).ToString(CultureInfo.InvariantCulture));
                break;
            case Immediate.I64:
                _out.Append(' ').Append(S64(ref reader, 64).ToString(CultureInfo.InvariantCulture));
                break;
            case Immediate.F32:
                _out.Append(' ').Append(F32Text(reader.ReadFixedU32()));
                break;
            case Immediate.F64:
                _out.Append(' ').Append(F64Text(reader.ReadFixedU64()));
                break;
            case Immediate.V128:
            {
                var bytes = reader.ReadBytes(16);
                _out.Append(" i32x4");
                for (var i = 0; i < 16; i += 4)
                {
                    var lane = (uint)(bytes[i] | bytes[i + 1] << 8 | bytes[i + 2] << 16 | bytes[i + 3] << 24);
                    _out.Append(" 0x").Append(lane.ToString("x8", CultureInfo.InvariantCulture));
                }
                break;
            }
            case Immediate.Shuffle:
                foreach (var lane in reader.ReadBytes(16))
                {
                    Index(lane);
                }
                break;
            case Immediate.Lane:
                Index(reader.ReadByte());
                break;
            case Immediate.RefNull:
                _out.Append(' ');
                AppendHeapType(ReadHeapType(ref reader));
                break;
            case Immediate.MemoryInit:
                _usesDataCount = true;
                AppendInit(ref reader, _names.Data, _names.Memories);
                break;
            case Immediate.MemoryCopy:
                AppendCopy(ref reader, _names.Memories);
                break;
            case Immediate.Data:
                _usesDataCount = true;
                _out.Append(' ').Append(Ref(_names.Data, U32(ref reader)));
                break;
            case Immediate.TableInit:
                AppendInit(ref reader, _names.Elements, _names.Tables);
                break;
            case Immediate.TableCopy:
                AppendCopy(ref reader, _names.Tables);
                break;
            case Immediate.Elem:
                _out.Append(' ').Append(Ref(_names.Elements, U32(ref reader)));
                break;
            case Immediate.Field:
            {
                var type = U32(ref reader);
                var field = U32(ref reader);
                _out.Append(' ').Append(TypeRef(type)).Append(' ');
                if (type < (uint)_types.Count && _types[(int)type].Kind == 0x5F && field < (uint)_types[(int)type].Fields.Length &&
                    _names.Fields.TryGetValue(type, out var fields) && fields.TryGetValue(field, out var fieldName))
                {
                    _out.Append(fieldName);
                }
                else
                {
                    _out.Append(field.ToString(CultureInfo.InvariantCulture));
                }
                break;
            }
            case Immediate.ArrayFixed:
                _out.Append(' ').Append(TypeRef(U32(ref reader)));
                Index(U32(ref reader));
                break;
            case Immediate.TypeData:
                _usesDataCount = true;
                _out.Append(' ').Append(TypeRef(U32(ref reader)));
                _out.Append(' ').Append(Ref(_names.Data, U32(ref reader)));
                break;
            case Immediate.TypeElem:
                _out.Append(' ').Append(TypeRef(U32(ref reader)));
                _out.Append(' ').Append(Ref(_names.Elements, U32(ref reader)));
                break;
            case Immediate.Type2:
                _out.Append(' ').Append(TypeRef(U32(ref reader)));
                _out.Append(' ').Append(TypeRef(U32(ref reader)));
                break;
            case Immediate.RefTest:
                _out.Append(' ');
                AppendRefType(ReadHeapType(ref reader), nullable);
                break;
            case Immediate.BrOnCast:
            {
                var flagsAt = reader.Position;
                var flags = reader.ReadByte();
                if (flags > 3)
                {
                    throw reader.ErrorAt(flagsAt, "malformed cast flags");
                }
                _out.Append(' ').Append(LabelRef(U32(ref reader)));
                _out.Append(' ');
                AppendRefType(ReadHeapType(ref reader), (flags & 1) != 0);
                _out.Append(' ');
                AppendRefType(ReadHeapType(ref reader), (flags & 2) != 0);
                break;
            }
            case Immediate.Fence:
                if (reader.ReadByte() != 0)
                {
                    Note("an atomic.fence with a reserved byte other than 0");
                }
                break;
        }
    }

    /// <summary>A table or memory index that the text may leave out when it is 0.</summary>
    private void OptionalIndex(Dictionary<uint, string> names, uint index)
    {
        if (index != 0 || names.ContainsKey(0))
        {
            _out.Append(' ').Append(Ref(names, index));
        }
    }

    private void AppendMemArg(ref WasmReader reader, int naturalAlignment)
    {
        var flags = U32(ref reader);
        var memory = 0u;
        if ((flags & 0x40) != 0)
        {
            memory = U32(ref reader);
            if (memory == 0)
            {
                Note("a memory argument that names memory 0");
            }
            flags &= ~0x40u;
        }
        var offset = U64(ref reader);
        if (memory != 0)
        {
            _out.Append(' ').Append(Ref(_names.Memories, memory));
        }
        if (offset != 0)
        {
            _out.Append(" offset=").Append(offset.ToString(CultureInfo.InvariantCulture));
        }
        if (flags >= 64)
        {
            Note("an alignment of 2^64 or more");
            flags = 63;
        }
        var alignment = 1UL << (int)flags;
        if (alignment != (ulong)naturalAlignment)
        {
            _out.Append(" align=").Append(alignment.ToString(CultureInfo.InvariantCulture));
        }
    }

    // ---- floating-point constants, exactly ----

    internal static string F32Text(uint bits)
    {
        var sign = (bits >> 31) != 0 ? "-" : "";
        var exponent = (int)(bits >> 23) & 0xFF;
        var mantissa = bits & 0x7FFFFF;
        if (exponent == 0xFF)
        {
            return mantissa == 0 ? sign + "inf" : mantissa == 0x400000 ? sign + "nan" : sign + "nan:0x" + mantissa.ToString("x", CultureInfo.InvariantCulture);
        }
        return sign + HexFloat((ulong)mantissa << 1, 6, exponent == 0 ? -126 : exponent - 127, exponent != 0, mantissa == 0 && exponent == 0);
    }

    internal static string F64Text(ulong bits)
    {
        var sign = (bits >> 63) != 0 ? "-" : "";
        var exponent = (int)(bits >> 52) & 0x7FF;
        var mantissa = bits & 0xF_FFFF_FFFF_FFFF;
        if (exponent == 0x7FF)
        {
            return mantissa == 0 ? sign + "inf" : mantissa == 0x8_0000_0000_0000 ? sign + "nan" : sign + "nan:0x" + mantissa.ToString("x", CultureInfo.InvariantCulture);
        }
        return sign + HexFloat(mantissa, 13, exponent == 0 ? -1022 : exponent - 1023, exponent != 0, mantissa == 0 && exponent == 0);
    }

    /// <summary><c>0x1.hhhp±e</c> (normal) or <c>0x0.hhhp-bias</c> (subnormal); the fraction's digits without trailing zeros.</summary>
    private static string HexFloat(ulong fraction, int digits, int exponent, bool normal, bool zero)
    {
        if (zero)
        {
            return "0x0p+0";
        }
        var hex = fraction.ToString("x" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture).TrimEnd('0');
        var text = new StringBuilder(digits + 12);
        text.Append(normal ? "0x1" : "0x0");
        if (hex.Length > 0)
        {
            text.Append('.').Append(hex);
        }
        text.Append('p').Append(exponent >= 0 ? "+" : "").Append(exponent.ToString(CultureInfo.InvariantCulture));
        return text.ToString();
    }

    // ---- the name section ----

    /// <summary>The names of the "name" section, as <c>$ids</c> ready to print, each unique in its index space.</summary>
    private sealed class Names
    {
        public string? Module;
        public readonly Dictionary<uint, string> Functions = [];
        public readonly Dictionary<uint, Dictionary<uint, string>> Locals = [];
        public readonly Dictionary<uint, Dictionary<uint, string>> Labels = [];
        public readonly Dictionary<uint, string> Types = [];
        public readonly Dictionary<uint, string> Tables = [];
        public readonly Dictionary<uint, string> Memories = [];
        public readonly Dictionary<uint, string> Globals = [];
        public readonly Dictionary<uint, string> Elements = [];
        public readonly Dictionary<uint, string> Data = [];
        public readonly Dictionary<uint, Dictionary<uint, string>> Fields = [];
        public readonly Dictionary<uint, string> Tags = [];

        /// <summary>Reads the subsections it knows; a malformed name section gives no names at all (names are only debug information).</summary>
        public void Read(ReadOnlySpan<byte> content, int offset)
        {
            try
            {
                ReadAll(new WasmReader(content, offset));
            }
            catch (WasmDecodeException)
            {
                Module = null;
                foreach (var map in new[] { Functions, Types, Tables, Memories, Globals, Elements, Data, Tags })
                {
                    map.Clear();
                }
                Locals.Clear();
                Labels.Clear();
                Fields.Clear();
            }
        }

        private void ReadAll(WasmReader reader)
        {
            while (!reader.AtEnd)
            {
                var id = reader.ReadByte();
                var size = reader.ReadVarU32();
                var sub = new WasmReader(reader.ReadBytes((int)Math.Min(size, int.MaxValue)), reader.Offset);
                switch (id)
                {
                    case 0:
                        Module = Id(sub.ReadName());
                        break;
                    case 1:
                        ReadMap(ref sub, Functions);
                        break;
                    case 2:
                        ReadIndirect(ref sub, Locals);
                        break;
                    case 3:
                        // labels, by the order of the blocks that open them in each function; a
                        // name may repeat (an inner label shadows an outer one in the text)
                        ReadIndirect(ref sub, Labels, unique: false);
                        break;
                    case 4:
                        ReadMap(ref sub, Types);
                        break;
                    case 5:
                        ReadMap(ref sub, Tables);
                        break;
                    case 6:
                        ReadMap(ref sub, Memories);
                        break;
                    case 7:
                        ReadMap(ref sub, Globals);
                        break;
                    case 8:
                        ReadMap(ref sub, Elements);
                        break;
                    case 9:
                        ReadMap(ref sub, Data);
                        break;
                    case 10:
                        ReadIndirect(ref sub, Fields);
                        break;
                    case 11:
                        ReadMap(ref sub, Tags);
                        break;
                }
            }
        }

        private static void ReadIndirect(ref WasmReader reader, Dictionary<uint, Dictionary<uint, string>> maps, bool unique = true)
        {
            var count = reader.ReadVarU32();
            for (var i = 0u; i < count; i++)
            {
                var index = reader.ReadVarU32();
                var map = new Dictionary<uint, string>();
                ReadMap(ref reader, map, unique);
                maps.TryAdd(index, map);
            }
        }

        /// <summary>A name map; with <paramref name="unique"/>, a name already taken in the space is left out, so that every <c>$id</c> is defined once.</summary>
        private static void ReadMap(ref WasmReader reader, Dictionary<uint, string> map, bool unique = true)
        {
            var count = reader.ReadVarU32();
            var taken = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0u; i < count; i++)
            {
                var index = reader.ReadVarU32();
                var name = reader.ReadName();
                if (name.Length > 0 && (taken.Add(name) || !unique))
                {
                    map.TryAdd(index, Id(name));
                }
            }
        }

        /// <summary><c>$name</c>, or <c>$"name"</c> with escapes when the name has characters an id cannot.</summary>
        private static string Id(string name)
        {
            var plain = name.Length > 0;
            foreach (var c in name)
            {
                plain &= Lexer.IsIdChar(c);
            }
            if (plain)
            {
                return "$" + name;
            }
            var text = new StringBuilder(name.Length + 4);
            text.Append('$');
            AppendString(text, Encoding.UTF8.GetBytes(name));
            return text.ToString();
        }
    }
}
