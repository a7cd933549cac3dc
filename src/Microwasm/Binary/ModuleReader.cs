using Microwasm.Model;
using Microwasm.Validation;

namespace Microwasm.Binary;

/// <summary>Decodes the WebAssembly 2.0 binary format into a <see cref="Module"/>.</summary>
public static class ModuleReader
{
    /// <summary>
    /// The most locals (not counting parameters) one function may declare. The binary format only
    /// requires the total to fit in 32 bits; this lower bound, the one JavaScript engines use, keeps
    /// a hostile module from making engines reserve gigabytes of locals.
    /// </summary>
    public const int MaxFunctionLocals = 50000;

    private const uint Magic = 0x6D736100; // "\0asm"
    private const uint Version = 1;
    private const byte TagSectionId = 13;

    /// <summary>
    /// Decodes a module. The returned module keeps slices of <paramref name="bytes"/> (code, data,
    /// custom sections): the caller must not change them afterwards.
    /// </summary>
    /// <exception cref="WasmDecodeException">The bytes are malformed.</exception>
    public static Module Read(ReadOnlyMemory<byte> bytes) => new Decoder(bytes).Read();

    /// <summary>Reads a value type byte.</summary>
    internal static ValueType ReadValueType(ref WasmReader reader) =>
        Wasm3Features.ReadValueType(ref reader, "malformed value type");

    /// <summary>Reads a reference type byte (funcref or externref).</summary>
    internal static ValueType ReadReferenceType(ref WasmReader reader)
    {
        var start = reader.Position;
        var b = reader.ReadByte();
        if (b is not ((byte)ValueType.FuncRef or (byte)ValueType.ExternRef))
        {
            // 3.0's other reference types (typed references, GC, exceptions) are unsupported
            string? feature;
            try
            {
                feature = b is 0x63 or 0x64 || Wasm3Features.OfAbstractHeapType(b) is not null ? Wasm3Features.OfValueType(ref reader, b) : null;
            }
            catch (WasmDecodeException wasm30)
            {
                throw Wasm3Features.Malformed(wasm30, reader.ErrorAt(start, "malformed reference type"));
            }
            throw feature is null
                ? reader.ErrorAt(start, "malformed reference type")
                : Wasm3Features.Unsupported(reader, start, feature, "malformed reference type");
        }
        return (ValueType)b;
    }

    /// <summary>Reads the heap type of <c>ref.null</c>: func or extern (3.0's others are unsupported).</summary>
    internal static ValueType ReadRefNullType(ref WasmReader reader)
    {
        var start = reader.Position;
        var b = reader.ReadByte();
        if (b is (byte)ValueType.FuncRef or (byte)ValueType.ExternRef)
        {
            return (ValueType)b;
        }
        reader.Position = start;
        string? feature;
        try
        {
            feature = Wasm3Features.OfHeapType(ref reader, allowClassic: false);
        }
        catch (WasmDecodeException wasm30)
        {
            throw Wasm3Features.Malformed(wasm30, reader.ErrorAt(start, "malformed reference type"));
        }
        throw feature is not null
            ? Wasm3Features.Unsupported(reader, start, feature, "malformed reference type")
            : reader.ErrorAt(start, "malformed reference type");
    }

    /// <summary>
    /// Reads the length of a vector or byte string and checks it against the bytes left, so that
    /// no array is ever sized from an unchecked length: every element takes at least one byte.
    /// </summary>
    internal static int ReadLength(ref WasmReader reader)
    {
        var start = reader.Position;
        var n = reader.ReadVarU32();
        if (n > (uint)reader.Remaining)
        {
            throw reader.ErrorAt(start, "length out of bounds");
        }
        return (int)n;
    }

    /// <summary>The state of one decoding: the sections read so far.</summary>
    private sealed class Decoder
    {
        private readonly ReadOnlyMemory<byte> _bytes;
        private readonly CodeDecoder _code = new();

        private FuncType[] _types = [];
        private Import[] _imports = [];
        private uint[] _functions = [];
        private TableType[] _tables = [];
        private MemoryType[] _memories = [];
        private Global[] _globals = [];
        private Export[] _exports = [];
        private uint? _start;
        private ElementSegment[] _elements = [];
        private uint? _dataCount;
        private FunctionBody[]? _codes;
        private DataSegment[] _datas = [];
        private List<CustomSection>? _customSections;
        private NameSection? _names;
        private int _importedFunctions;
        private int _importedTables;
        private int _importedMemories;
        private int _importedGlobals;

        public Decoder(ReadOnlyMemory<byte> bytes) => _bytes = bytes;

        public Module Read()
        {
            var reader = new WasmReader(_bytes.Span);
            if (reader.ReadFixedU32() != Magic)
            {
                throw reader.ErrorAt(0, "magic header not detected");
            }
            if (reader.ReadFixedU32() != Version)
            {
                throw reader.ErrorAt(4, "unknown binary version");
            }

            var lastOrder = 0;
            while (!reader.AtEnd)
            {
                var sectionStart = reader.Position;
                var id = reader.ReadByte();
                var order = SectionOrder(id);
                if (order < 0)
                {
                    if (id == TagSectionId)
                    {
                        // exception handling's tag section: read its size, so truncation stays malformed
                        try
                        {
                            ReadLength(ref reader);
                        }
                        catch (WasmDecodeException wasm30)
                        {
                            throw Wasm3Features.Malformed(wasm30, reader.ErrorAt(sectionStart, "malformed section id"));
                        }
                        throw Wasm3Features.Unsupported(reader, sectionStart, Wasm3Features.ExceptionHandling, "malformed section id");
                    }
                    throw reader.ErrorAt(sectionStart, "malformed section id");
                }
                var size = ReadLength(ref reader);
                var contentOffset = reader.Offset;
                var section = new WasmReader(reader.ReadBytes(size), contentOffset);
                if (id == 0)
                {
                    ReadCustomSection(ref section);
                    continue;
                }
                if (order <= lastOrder)
                {
                    // a repeated or misplaced section: the sections in order have all been seen
                    throw reader.ErrorAt(sectionStart, "unexpected content after last section");
                }
                lastOrder = order;
                switch (id)
                {
                    case 1: ReadTypeSection(ref section); break;
                    case 2: ReadImportSection(ref section); break;
                    case 3: _functions = ReadU32Vector(ref section); break;
                    case 4: ReadTableSection(ref section); break;
                    case 5: ReadMemorySection(ref section); break;
                    case 6: ReadGlobalSection(ref section); break;
                    case 7: ReadExportSection(ref section); break;
                    case 8: _start = section.ReadVarU32(); break;
                    case 9: ReadElementSection(ref section); break;
                    case 10: ReadCodeSection(ref section); break;
                    case 11: ReadDataSection(ref section); break;
                    case 12: _dataCount = section.ReadVarU32(); break;
                }
                if (!section.AtEnd)
                {
                    throw section.Error("section size mismatch");
                }
            }

            if (_importedMemories + _memories.Length > 1)
            {
                // Multiple memories are checked last, where 2.0's validator would find them: an
                // error 2.0's decoder finds first is 2.0's error for the module.
                throw Wasm3Features.Unsupported(Wasm3Features.MultiMemory, new WasmValidationException("multiple memories"));
            }
            if (_codes is null && _functions.Length != 0)
            {
                throw reader.Error("function and code section have inconsistent lengths");
            }
            if (_dataCount is { } dataCount && dataCount != (uint)_datas.Length)
            {
                throw reader.Error("data count and data section have inconsistent lengths");
            }

            return new Module
            {
                Types = _types,
                Imports = _imports,
                Functions = _functions,
                Tables = _tables,
                Memories = _memories,
                Globals = _globals,
                Exports = _exports,
                Start = _start,
                Elements = _elements,
                DataCount = _dataCount,
                Codes = _codes ?? [],
                Datas = _datas,
                CustomSections = _customSections?.ToArray() ?? [],
                Names = _names,
                ImportedFunctionCount = _importedFunctions,
                ImportedTableCount = _importedTables,
                ImportedMemoryCount = _importedMemories,
                ImportedGlobalCount = _importedGlobals,
            };
        }

        /// <summary>
        /// The position of a section id in the order the binary format prescribes (the data count
        /// section, id 12, comes before code, id 10); 0 for custom sections; -1 for an unknown id.
        /// </summary>
        private static int SectionOrder(byte id) => id switch
        {
            0 => 0,
            >= 1 and <= 9 => id,
            12 => 10,
            10 => 11,
            11 => 12,
            _ => -1,
        };

        private void ReadCustomSection(ref WasmReader section)
        {
            var name = section.ReadName();
            var contentOffset = section.Offset;
            var content = _bytes.Slice(contentOffset, section.Remaining);
            section.ReadBytes(section.Remaining);
            (_customSections ??= []).Add(new CustomSection(name, content, contentOffset));
            if (name == "name" && _names is null)
            {
                _names = NameSectionReader.TryRead(content.Span, contentOffset);
            }
        }

        private void ReadTypeSection(ref WasmReader section)
        {
            var count = ReadLength(ref section);
            var types = new FuncType[count];
            for (var i = 0; i < types.Length; i++)
            {
                var form = section.ReadByte();
                if (form != 0x60)
                {
                    // The form is a one-byte signed LEB128 number (-0x20): a continuation bit
                    // makes it an overlong integer rather than an unknown form.
                    if (Wasm3Features.OfTypeForm(form) is { } feature)
                    {
                        throw Wasm3Features.Unsupported(section, section.Position - 1, feature, "malformed function type");
                    }
                    throw section.ErrorAt(section.Position - 1,
                        (form & 0x80) != 0 ? "integer representation too long" : "malformed function type");
                }
                var parameters = ReadValueTypes(ref section);
                var results = ReadValueTypes(ref section);
                types[i] = parameters.Length == 0 && results.Length == 0 ? FuncType.Empty : new FuncType(parameters, results);
            }
            _types = types;
        }

        private static ValueType[] ReadValueTypes(ref WasmReader section)
        {
            var count = ReadLength(ref section);
            if (count == 0)
            {
                return [];
            }
            var types = new ValueType[count];
            for (var i = 0; i < types.Length; i++)
            {
                types[i] = ReadValueType(ref section);
            }
            return types;
        }

        private void ReadImportSection(ref WasmReader section)
        {
            var count = ReadLength(ref section);
            var imports = new Import[count];
            for (var i = 0; i < imports.Length; i++)
            {
                var moduleName = section.ReadName();
                var name = section.ReadName();
                var kindPosition = section.Position;
                var kind = section.ReadByte();
                imports[i] = kind switch
                {
                    (byte)ExternalKind.Function => new Import(moduleName, name, ExternalKind.Function)
                    {
                        TypeIndex = section.ReadVarU32(),
                    },
                    (byte)ExternalKind.Table => new Import(moduleName, name, ExternalKind.Table)
                    {
                        Table = ReadTableType(ref section),
                    },
                    (byte)ExternalKind.Memory => new Import(moduleName, name, ExternalKind.Memory)
                    {
                        Memory = new MemoryType(ReadLimits(ref section, memory: true)),
                    },
                    (byte)ExternalKind.Global => new Import(moduleName, name, ExternalKind.Global)
                    {
                        Global = ReadGlobalType(ref section),
                    },
                    TagKind => throw UnsupportedTag(ref section, kindPosition, "malformed import kind"),
                    ExactFunctionKind => throw UnsupportedExactFunction(ref section, kindPosition),
                    _ => throw section.ErrorAt(kindPosition, "malformed import kind"),
                };
                switch (imports[i].Kind)
                {
                    case ExternalKind.Function: _importedFunctions++; break;
                    case ExternalKind.Table: _importedTables++; break;
                    case ExternalKind.Memory: _importedMemories++; break;
                    case ExternalKind.Global: _importedGlobals++; break;
                }
            }
            _imports = imports;
        }

        // exception handling's tag (import and export kind 4) and custom descriptors' exact function import (0x20)
        private const byte TagKind = 4;
        private const byte ExactFunctionKind = 0x20;

        private static WasmUnsupportedFeatureException UnsupportedTag(ref WasmReader section, int kindPosition, string wasm20Message)
        {
            // a tag type: attribute 0, then a type index
            try
            {
                section.ReadByte();
                section.ReadVarU32();
            }
            catch (WasmDecodeException wasm30)
            {
                throw Wasm3Features.Malformed(wasm30, section.ErrorAt(kindPosition, wasm20Message));
            }
            return Wasm3Features.Unsupported(section, kindPosition, Wasm3Features.ExceptionHandling, wasm20Message);
        }

        private static WasmUnsupportedFeatureException UnsupportedExactFunction(ref WasmReader section, int kindPosition)
        {
            try
            {
                section.ReadVarU32();
            }
            catch (WasmDecodeException wasm30)
            {
                throw Wasm3Features.Malformed(wasm30, section.ErrorAt(kindPosition, "malformed import kind"));
            }
            return Wasm3Features.Unsupported(section, kindPosition, Wasm3Features.CustomDescriptors, "malformed import kind");
        }

        private static uint[] ReadU32Vector(ref WasmReader section)
        {
            var count = ReadLength(ref section);
            if (count == 0)
            {
                return [];
            }
            var values = new uint[count];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = section.ReadVarU32();
            }
            return values;
        }

        private void ReadTableSection(ref WasmReader section)
        {
            var count = ReadLength(ref section);
            var tables = new TableType[count];
            for (var i = 0; i < tables.Length; i++)
            {
                if (section.PeekByte() == 0x40)
                {
                    // 3.0's table with an initialiser: 0x40 0x00, the table type, an expression
                    var start = section.Position;
                    section.ReadByte();
                    if (section.ReadByte() == 0x00)
                    {
                        try
                        {
                            ReadTableType(ref section);
                            ReadConstantExpression(ref section);
                        }
                        catch (WasmDecodeException wasm30)
                        {
                            throw Wasm3Features.Malformed(wasm30, section.ErrorAt(start, "malformed reference type"));
                        }
                        throw Wasm3Features.Unsupported(section, start, Wasm3Features.FunctionReferences, "malformed reference type");
                    }
                    section.Position = start;
                }
                tables[i] = ReadTableType(ref section);
            }
            _tables = tables;
        }

        private void ReadMemorySection(ref WasmReader section)
        {
            var count = ReadLength(ref section);
            var memories = new MemoryType[count];
            for (var i = 0; i < memories.Length; i++)
            {
                memories[i] = new MemoryType(ReadLimits(ref section, memory: true));
            }
            _memories = memories;
        }

        private static TableType ReadTableType(ref WasmReader section)
        {
            var elementType = ReadReferenceType(ref section);
            return new TableType(elementType, ReadLimits(ref section, memory: false));
        }

        private static Limits ReadLimits(ref WasmReader section, bool memory)
        {
            // The flag is a one-bit LEB128 number in 2.0, so its errors are those of an integer.
            // Later bits: 1 shared (threads, memories only), 2 a 64-bit index (memory64, tables
            // too), 3 a custom page size (custom-page-sizes, memories only).
            var flagsPosition = section.Position;
            var flags = section.ReadByte();
            if ((flags & 0x80) != 0)
            {
                throw section.ErrorAt(flagsPosition, "integer representation too long");
            }
            if (flags > 1)
            {
                if (memory ? flags > 0x0F : flags is not (0x04 or 0x05))
                {
                    throw section.ErrorAt(flagsPosition, "integer too large");
                }
                // read the rest as 3.0 has it (u64 limits), so that truncated limits stay malformed
                try
                {
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
                catch (WasmDecodeException wasm30)
                {
                    throw Wasm3Features.Malformed(wasm30, section.ErrorAt(flagsPosition, "integer too large"));
                }
                var feature = (flags & 0x02) != 0 ? Wasm3Features.Threads
                    : (flags & 0x08) != 0 ? Wasm3Features.CustomPageSizes
                    : Wasm3Features.Memory64;
                throw Wasm3Features.Unsupported(section, flagsPosition, feature, "integer too large");
            }
            // 3.0 reads u64 limits: beyond 32 bits they are too large for a 32-bit memory or table
            var what = memory ? "memory size must be at most 65536 pages (4GiB)" : "table size must be at most 2^32-1";
            var min = Wasm3Features.ReadU32OrWide(ref section, what);
            uint? max = flags == 1 ? Wasm3Features.ReadU32OrWide(ref section, what) : null;
            return new Limits(min, max);
        }

        private static GlobalType ReadGlobalType(ref WasmReader section)
        {
            var valueType = ReadValueType(ref section);
            var mutability = section.ReadByte();
            if (mutability > 1)
            {
                throw section.ErrorAt(section.Position - 1, "malformed mutability");
            }
            return new GlobalType(valueType, mutability == 1);
        }

        private void ReadGlobalSection(ref WasmReader section)
        {
            var count = ReadLength(ref section);
            var globals = new Global[count];
            for (var i = 0; i < globals.Length; i++)
            {
                var type = ReadGlobalType(ref section);
                globals[i] = new Global(type, ReadConstantExpression(ref section));
            }
            _globals = globals;
        }

        private void ReadExportSection(ref WasmReader section)
        {
            var count = ReadLength(ref section);
            var exports = new Export[count];
            for (var i = 0; i < exports.Length; i++)
            {
                var name = section.ReadName();
                var kindPosition = section.Position;
                var kind = section.ReadByte();
                if (kind == TagKind)
                {
                    try
                    {
                        section.ReadVarU32();
                    }
                    catch (WasmDecodeException wasm30)
                    {
                        throw Wasm3Features.Malformed(wasm30, section.ErrorAt(kindPosition, "malformed export kind"));
                    }
                    throw Wasm3Features.Unsupported(section, kindPosition, Wasm3Features.ExceptionHandling, "malformed export kind");
                }
                if (kind > (byte)ExternalKind.Global)
                {
                    throw section.ErrorAt(kindPosition, "malformed export kind");
                }
                exports[i] = new Export(name, (ExternalKind)kind, section.ReadVarU32());
            }
            _exports = exports;
        }

        private ConstantExpression ReadConstantExpression(ref WasmReader section)
        {
            var start = section.Offset;
            _code.SkipExpression(ref section, "unexpected end");
            return new ConstantExpression(_bytes.Slice(start, section.Offset - start), start);
        }

        private void ReadElementSection(ref WasmReader section)
        {
            var count = ReadLength(ref section);
            var elements = new ElementSegment[count];
            for (var i = 0; i < elements.Length; i++)
            {
                elements[i] = ReadElementSegment(ref section);
            }
            _elements = elements;
        }

        private ElementSegment ReadElementSegment(ref WasmReader section)
        {
            // The flags' bits: 0 = passive or declarative (else active), 1 = explicit table index
            // (active) or declarative (not active), 2 = items are expressions (else function indices).
            var flagsPosition = section.Position;
            var flags = section.ReadVarU32();
            if (flags > 7)
            {
                throw section.ErrorAt(flagsPosition, "malformed elements segment kind");
            }
            var mode = (flags & 1) == 0 ? SegmentMode.Active : (flags & 2) == 0 ? SegmentMode.Passive : SegmentMode.Declarative;
            var hasExpressions = (flags & 4) != 0;

            uint tableIndex = 0;
            ConstantExpression? offset = null;
            if (mode == SegmentMode.Active)
            {
                if ((flags & 2) != 0)
                {
                    tableIndex = section.ReadVarU32();
                }
                offset = ReadConstantExpression(ref section);
            }

            // Flags 0 and 4 imply funcref; the others name the element kind or reference type.
            var elementType = ValueType.FuncRef;
            if ((flags & 3) != 0)
            {
                if (hasExpressions)
                {
                    elementType = ReadReferenceType(ref section);
                }
                else
                {
                    var kind = section.ReadByte();
                    if (kind != 0x00)
                    {
                        throw section.ErrorAt(section.Position - 1, "malformed element kind");
                    }
                }
            }

            if (hasExpressions)
            {
                var count = ReadLength(ref section);
                var expressions = new ConstantExpression[count];
                for (var i = 0; i < expressions.Length; i++)
                {
                    expressions[i] = ReadConstantExpression(ref section);
                }
                return new ElementSegment(mode, elementType) { TableIndex = tableIndex, Offset = offset, Expressions = expressions };
            }
            var functionIndices = ReadU32Vector(ref section);
            return new ElementSegment(mode, elementType) { TableIndex = tableIndex, Offset = offset, FunctionIndices = functionIndices };
        }

        private void ReadCodeSection(ref WasmReader section)
        {
            var countPosition = section.Position;
            var count = ReadLength(ref section);
            if (count != _functions.Length)
            {
                throw section.ErrorAt(countPosition, "function and code section have inconsistent lengths");
            }
            var codes = new FunctionBody[count];
            for (var i = 0; i < codes.Length; i++)
            {
                var size = ReadLength(ref section);
                var bodyOffset = section.Offset;
                var body = new WasmReader(section.ReadBytes(size), bodyOffset);
                // A body that uses memory.init/data.drop without a data count section is not
                // rejected here: the validator decides between "unknown data segment" (the index
                // names no segment: invalid, as memory_init.wast expects for wabt's encoding) and
                // "data count section required" (malformed), since the data section comes later.
                codes[i] = ReadFunctionBody(ref body);
            }
            _codes = codes;
        }

        private FunctionBody ReadFunctionBody(ref WasmReader body)
        {
            var localsPosition = body.Position;
            var count = ReadLength(ref body);
            var locals = count == 0 ? [] : new LocalEntry[count];
            ulong total = 0;
            for (var i = 0; i < locals.Length; i++)
            {
                var n = body.ReadVarU32();
                total += n;
                locals[i] = new LocalEntry(n, ReadValueType(ref body));
            }
            if (total > MaxFunctionLocals)
            {
                throw body.ErrorAt(localsPosition, "too many locals");
            }

            var codeOffset = body.Offset;
            try
            {
                _code.SkipExpression(ref body, "END opcode expected");
            }
            catch (WasmUnsupportedFeatureException ex) when (ex.Feature == Wasm3Features.MultiMemory && ex.MemoryIndex != 0 && _importedMemories + _memories.Length <= 1)
            {
                // A memory index in a module of one memory (or none) names no memory: invalid in
                // 3.0 (2.0's reserved zero byte is its error there).
                throw new WasmValidationException($"unknown memory {ex.MemoryIndex}", offset: ex.Offset) { Wasm20Error = ex.Wasm20Error };
            }
            if (!body.AtEnd)
            {
                throw body.Error("section size mismatch");
            }
            return new FunctionBody(locals, _bytes.Slice(codeOffset, body.Offset - codeOffset), codeOffset);
        }

        private void ReadDataSection(ref WasmReader section)
        {
            var count = ReadLength(ref section);
            var datas = new DataSegment[count];
            for (var i = 0; i < datas.Length; i++)
            {
                var flagsPosition = section.Position;
                var flags = section.ReadVarU32();
                uint memoryIndex = 0;
                ConstantExpression? offset = null;
                switch (flags)
                {
                    case 0:
                        offset = ReadConstantExpression(ref section);
                        break;
                    case 1:
                        break;
                    case 2:
                        memoryIndex = section.ReadVarU32();
                        offset = ReadConstantExpression(ref section);
                        break;
                    default:
                        throw section.ErrorAt(flagsPosition, "malformed data segment kind");
                }
                var length = ReadLength(ref section);
                var dataOffset = section.Offset;
                section.ReadBytes(length);
                var mode = flags == 1 ? SegmentMode.Passive : SegmentMode.Active;
                datas[i] = new DataSegment(mode, _bytes.Slice(dataOffset, length)) { MemoryIndex = memoryIndex, Offset = offset };
            }
            _datas = datas;
        }
    }
}
