namespace Microwasm.Text;

/// <summary>
/// Parses the fields of one text module and writes its binary. Three passes over the fields:
/// names are bound to indices (imports first in each index space, then definitions), then the
/// type definitions are read (type uses anywhere may refer to them), then every other field is
/// encoded in its section. Nothing is validated beyond what the text grammar requires.
/// </summary>
internal sealed partial class ModuleParser
{
    private readonly Space _types = new("type");
    private readonly Space _funcs = new("function");
    private readonly Space _tables = new("table");
    private readonly Space _memories = new("memory");
    private readonly Space _globals = new("global");
    private readonly Space _tags = new("tag");
    private readonly Space _elems = new("elem segment");
    private readonly Space _datas = new("data segment");

    private readonly List<TypeInfo> _typeInfos = [];
    private readonly Dictionary<string, int> _funcTypeBySignature = new(StringComparer.Ordinal);

    private readonly ByteBuffer _typeSection = new();
    private int _typeEntries;
    private readonly ByteBuffer _importSection = new();
    private int _importCount;
    private readonly ByteBuffer _funcSection = new();
    private int _funcCount;
    private readonly ByteBuffer _tableSection = new();
    private int _tableCount;
    private readonly ByteBuffer _memorySection = new();
    private int _memoryCount;
    private readonly ByteBuffer _tagSection = new();
    private int _tagCount;
    private readonly ByteBuffer _globalSection = new();
    private int _globalCount;
    private readonly ByteBuffer _exportSection = new();
    private int _exportCount;
    private readonly ByteBuffer _elemSection = new();
    private int _elemCount;
    private readonly ByteBuffer _codeSection = new();
    private readonly ByteBuffer _dataSection = new();
    private int _dataCount;
    private uint? _start;
    private bool _usesDataCount;

    // Pass 3's running definition counters (index = imports + counter).
    private int _nextFunc;
    private int _nextTable;
    private int _nextMemory;
    private int _nextGlobal;
    private int _nextTag;
    private int _nextElem;
    private int _nextData;

    // With a name section (Wat.ToBinary's nameSection): the local names of each defined function
    // that has any, by function index, as pass 3 reads the bodies.
    private readonly bool _nameSection;
    private List<(int Function, List<(int Index, string Name)> Locals)>? _localNames;

    private ModuleParser(TokenList list, int start, bool nameSection = false)
    {
        _list = list;
        _tokens = list.Tokens;
        _pos = start;
        _nameSection = nameSection;
    }

    /// <summary>
    /// Parses the module fields from token <paramref name="start"/> up to the <c>)</c> or end of
    /// text that closes them, and returns the module's binary.
    /// </summary>
    public static byte[] Parse(TokenList list, int start, out int end)
    {
        var parser = new ModuleParser(list, start);
        var bytes = parser.ParseFields();
        end = parser._pos;
        return bytes;
    }

    /// <summary>
    /// A whole <c>.wat</c> text: <c>(module $id? field*)</c> or the fields alone; with
    /// <paramref name="nameSection"/>, a "name" section of its function and local names at the end.
    /// </summary>
    public static byte[] ParseText(string text, bool nameSection = false)
    {
        var list = Lexer.Tokenize(text, fieldsAtTop: true);
        var start = 0;
        var wrapped = list.Tokens[0].Kind == TokenKind.LParen && list.Count > 1 && list.Tokens[1].Kind == TokenKind.Atom && list.GetSpan(list.Tokens[1]).SequenceEqual("module");
        if (wrapped)
        {
            start = 2;
            if (list.Tokens[start].Kind == TokenKind.Id)
            {
                start++;
            }
        }
        var parser = new ModuleParser(list, start, nameSection);
        var bytes = parser.ParseFields();
        var end = parser._pos;
        if (wrapped)
        {
            end++; // the module's ")"
        }
        if (list.Tokens[end].Kind != TokenKind.Eof)
        {
            throw new ModuleParser(list, end).Unexpected("end of text");
        }
        return bytes;
    }

    private byte[] ParseFields()
    {
        var first = _pos;
        BindNames();
        _pos = first;
        while (Current.Kind == TokenKind.LParen)
        {
            if (IsForm("type") || IsForm("rec"))
            {
                ParseTypeField();
            }
            else
            {
                SkipForm();
            }
        }
        _pos = first;
        while (Current.Kind == TokenKind.LParen)
        {
            ParseField();
        }
        if (Current.Kind is not (TokenKind.RParen or TokenKind.Eof))
        {
            throw Unexpected("a module field");
        }
        return Assemble();
    }

    // ---- pass 1: names ----

    private void BindNames()
    {
        var definitionSeen = (string?)null;
        while (Current.Kind == TokenKind.LParen)
        {
            var end = _list.Match[_pos];
            _pos++;
            if (Current.Kind != TokenKind.Atom)
            {
                throw Unexpected("a module field");
            }
            var keyword = Text(Current).ToString();
            var keywordToken = Current;
            _pos++;
            switch (keyword)
            {
                case "type":
                    _types.Define(TryIdToken(), Current);
                    break;
                case "rec":
                    while (IsForm("type"))
                    {
                        var inner = _list.Match[_pos];
                        _pos += 2;
                        _types.Define(TryIdToken(), Current);
                        _pos = inner + 1;
                    }
                    break;
                case "import":
                {
                    if (definitionSeen is not null)
                    {
                        throw Error(keywordToken, $"import after {definitionSeen}");
                    }
                    // (import "m" "n" (kind $id? ...))
                    if (Current.Kind == TokenKind.String)
                    {
                        _pos++;
                    }
                    if (Current.Kind == TokenKind.String)
                    {
                        _pos++;
                    }
                    if (Current.Kind == TokenKind.LParen && _tokens[_pos + 1].Kind == TokenKind.Atom)
                    {
                        var kind = Text(_tokens[_pos + 1]).ToString();
                        _pos += 2;
                        var id = TryIdToken();
                        if (SpaceOf(kind) is { } space)
                        {
                            space.Import(id, Current);
                        }
                    }
                    break;
                }
                case "func":
                case "table":
                case "memory":
                case "global":
                case "tag":
                {
                    var space = SpaceOf(keyword)!;
                    var id = TryIdToken();
                    while (IsForm("export"))
                    {
                        SkipForm();
                    }
                    if (IsForm("import"))
                    {
                        if (definitionSeen is not null)
                        {
                            throw Error(keywordToken, $"import after {definitionSeen}");
                        }
                        space.Import(id, keywordToken);
                        SkipForm();
                    }
                    else
                    {
                        space.Define(id, keywordToken);
                        definitionSeen ??= keyword == "func" ? "function" : keyword;
                    }
                    // Inline segments: (table ... (elem ...)) and (memory ... (data ...)).
                    for (var i = _pos; i < end; i++)
                    {
                        if (_tokens[i].Kind == TokenKind.LParen)
                        {
                            if (keyword == "table" && IsKeywordAt(i + 1, "elem"))
                            {
                                _elems.Define(null, _tokens[i]);
                            }
                            else if (keyword == "memory" && IsKeywordAt(i + 1, "data"))
                            {
                                _datas.Define(null, _tokens[i]);
                            }
                            i = _list.Match[i];
                        }
                    }
                    break;
                }
                case "elem":
                    _elems.Define(TryIdToken(), keywordToken);
                    break;
                case "data":
                    _datas.Define(TryIdToken(), keywordToken);
                    break;
                case "export":
                case "start":
                case "@custom":
                    break;
                default:
                    throw Error(keywordToken, $"unknown module field \"{Shorten(keyword)}\"");
            }
            _pos = end + 1;
        }
        _types.Finish(this);
        _funcs.Finish(this);
        _tables.Finish(this);
        _memories.Finish(this);
        _globals.Finish(this);
        _tags.Finish(this);
        _elems.Finish(this);
        _datas.Finish(this);
    }

    private Token? TryIdToken()
    {
        if (Current.Kind == TokenKind.Id)
        {
            return _tokens[_pos++];
        }
        return null;
    }

    private Space? SpaceOf(string kind) => kind switch
    {
        "func" => _funcs,
        "table" => _tables,
        "memory" => _memories,
        "global" => _globals,
        "tag" => _tags,
        _ => null,
    };

    /// <summary>One index space: the names bound in it and how many imports come first.</summary>
    private sealed class Space(string kind)
    {
        private readonly List<(Token? Id, Token At, bool Import)> _pending = [];
        private readonly Dictionary<string, int> _names = new(StringComparer.Ordinal);

        public string Kind { get; } = kind;

        /// <summary>The names bound, by index.</summary>
        public IEnumerable<(int Index, string Name)> Names => _names.Select(kv => (kv.Value, kv.Key)).OrderBy(n => n.Value);

        public int Imports { get; private set; }

        public int Count { get; private set; }

        public void Import(Token? id, in Token at)
        {
            _pending.Add((id, at, true));
        }

        public void Define(Token? id, in Token at)
        {
            _pending.Add((id, at, false));
        }

        public void Finish(ModuleParser parser)
        {
            var imports = 0;
            foreach (var p in _pending)
            {
                if (p.Import)
                {
                    imports++;
                }
            }
            Imports = imports;
            var nextImport = 0;
            var nextDefinition = imports;
            foreach (var p in _pending)
            {
                var index = p.Import ? nextImport++ : nextDefinition++;
                if (p.Id is { } id)
                {
                    var name = parser._list.GetText(id);
                    if (!_names.TryAdd(name, index))
                    {
                        throw parser.Error(id, $"duplicate {Kind} ${name}");
                    }
                }
            }
            Count = _pending.Count;
        }

        public bool TryResolve(string name, out int index) => _names.TryGetValue(name, out index);
    }

    /// <summary>An index into <paramref name="space"/>: <c>$name</c> or a u32.</summary>
    private uint ParseIndex(Space space)
    {
        if (Current.Kind == TokenKind.Id)
        {
            var name = _list.GetText(Current);
            if (!space.TryResolve(name, out var index))
            {
                throw Error($"unknown {space.Kind} ${name}");
            }
            _pos++;
            return (uint)index;
        }
        if (Current.Kind == TokenKind.Atom && IsUnsignedAt(_pos))
        {
            return ParseU32();
        }
        throw Unexpected($"a {space.Kind} index");
    }

    private bool IsIndexAt(int index) => _tokens[index].Kind == TokenKind.Id || IsUnsignedAt(index);

    // ---- pass 3: fields ----

    private void ParseField()
    {
        CheckStack();
        var open = _pos;
        var end = _list.Match[_pos];
        _pos++;
        var keyword = Text(Current).ToString();
        _pos++;
        switch (keyword)
        {
            case "type":
            case "rec":
                _pos = end;
                break;
            case "import":
                ParseImport();
                break;
            case "func":
                ParseFunc();
                break;
            case "table":
                ParseTable();
                break;
            case "memory":
                ParseMemory();
                break;
            case "global":
                ParseGlobal();
                break;
            case "tag":
                ParseTag();
                break;
            case "export":
                ParseExport();
                break;
            case "start":
                if (_start is not null)
                {
                    throw Error(_tokens[open], "multiple start sections");
                }
                _start = ParseIndex(_funcs);
                break;
            case "elem":
                ParseElem();
                break;
            case "data":
                ParseData();
                break;
            case "@custom":
                ParseCustom();
                break;
        }
        ExpectRParen();
    }

    /// <summary><c>(export "name")*</c> after a definition's id: each exports index <paramref name="index"/>.</summary>
    private void InlineExports(byte kind, int index)
    {
        while (TryForm("export"))
        {
            _exportSection.Name(ExpectName());
            _exportSection.Byte(kind);
            _exportSection.U32((uint)index);
            _exportCount++;
            ExpectRParen();
        }
    }

    /// <summary><c>(import "m" "n")</c> inline in a definition: writes the names, returns true if present.</summary>
    private bool InlineImport()
    {
        if (!TryForm("import"))
        {
            return false;
        }
        _importSection.Name(ExpectName());
        _importSection.Name(ExpectName());
        ExpectRParen();
        _importCount++;
        return true;
    }

    private void ParseImport()
    {
        _importSection.Name(ExpectName());
        _importSection.Name(ExpectName());
        ExpectLParen();
        var kindToken = Current;
        var kind = Current.Kind == TokenKind.Atom ? Text(Current).ToString() : "";
        _pos++;
        TryId();
        _importCount++;
        switch (kind)
        {
            case "func":
                ImportedFunctionType();
                _nextFuncImport++;
                break;
            case "table":
                _importSection.Byte(0x01);
                TableType(_importSection);
                break;
            case "memory":
                _importSection.Byte(0x02);
                MemoryType(_importSection);
                break;
            case "global":
                _importSection.Byte(0x03);
                GlobalType(_importSection);
                break;
            case "tag":
                _importSection.Byte(0x04);
                _importSection.Byte(0x00);
                _importSection.U32((uint)ParseTypeUse(null, allowNames: true));
                break;
            default:
                throw Error(kindToken, $"unexpected {Describe(kindToken)}, expected an import kind (func, table, memory, global, tag)");
        }
        ExpectRParen();
    }

    /// <summary>An imported function's type use, or <c>(exact typeuse)</c> (custom descriptors: kind 0x20).</summary>
    private void ImportedFunctionType()
    {
        if (TryForm("exact"))
        {
            _importSection.Byte(0x20);
            _importSection.U32(ParseTypeUse(null, allowNames: true));
            ExpectRParen();
            return;
        }
        _importSection.Byte(0x00);
        _importSection.U32(ParseTypeUse(null, allowNames: true));
    }

    private int _nextFuncImport;
    private int _nextTableImport;
    private int _nextMemoryImport;
    private int _nextGlobalImport;
    private int _nextTagImport;

    private void ParseFunc()
    {
        TryId();
        var exportsAt = _pos;
        while (IsForm("export"))
        {
            SkipForm();
        }
        int index;
        if (IsForm("import"))
        {
            index = _nextFuncImport++;
            var after = _pos;
            _pos = exportsAt;
            InlineExports(0x00, index);
            _pos = after;
            InlineImport();
            ImportedFunctionType();
            return;
        }
        index = _funcs.Imports + _nextFunc++;
        var bodyAt = _pos;
        _pos = exportsAt;
        InlineExports(0x00, index);
        _pos = bodyAt;
        var context = new FunctionContext();
        var typeIndex = ParseTypeUse(context, allowNames: true);
        _funcSection.U32((uint)typeIndex);
        _funcCount++;

        // Locals: (local $x t) or (local t*), run-length encoded.
        var locals = new List<ValType>();
        while (TryForm("local"))
        {
            if (Current.Kind == TokenKind.Id)
            {
                var idToken = Current;
                _pos++;
                context.AddLocal(this, idToken);
                locals.Add(ParseValType());
            }
            else
            {
                while (!AtRParen)
                {
                    context.AddLocal(this, null);
                    locals.Add(ParseValType());
                }
            }
            ExpectRParen();
        }
        var body = new ByteBuffer(256);
        var groups = 0;
        for (var i = 0; i < locals.Count; i++)
        {
            if (i == 0 || !locals[i].Equals(locals[i - 1]))
            {
                groups++;
            }
        }
        body.U32((uint)groups);
        for (var i = 0; i < locals.Count;)
        {
            var j = i;
            while (j < locals.Count && locals[j].Equals(locals[i]))
            {
                j++;
            }
            body.U32((uint)(j - i));
            locals[i].Write(body);
            i = j;
        }
        ParseInstructions(body, context);
        if (!AtRParen)
        {
            throw Unexpected("an instruction or \")\"");
        }
        if (_nameSection && context.LocalNames() is { Count: > 0 } localNames)
        {
            (_localNames ??= []).Add((index, localNames));
        }
        body.Byte(0x0B);
        _codeSection.U32((uint)body.Length);
        _codeSection.Append(body);
    }

    private void ParseTable()
    {
        TryId();
        var exportsAt = _pos;
        while (IsForm("export"))
        {
            SkipForm();
        }
        if (IsForm("import"))
        {
            var index = _nextTableImport++;
            var after = _pos;
            _pos = exportsAt;
            InlineExports(0x01, index);
            _pos = after;
            InlineImport();
            _importSection.Byte(0x01);
            TableType(_importSection);
            return;
        }
        var tableIndex = _tables.Imports + _nextTable++;
        var bodyAt = _pos;
        _pos = exportsAt;
        InlineExports(0x01, tableIndex);
        _pos = bodyAt;
        _tableCount++;
        var is64 = TryKeyword("i64");
        if (!is64)
        {
            TryKeyword("i32");
        }
        if (!IsUnsignedAt(_pos))
        {
            // (table $t? addrtype? reftype (elem ...)): limits from the element count.
            var elemType = ParseValType();
            if (!TryForm("elem"))
            {
                throw Unexpected("\"(elem\" or table limits");
            }
            var segment = new ByteBuffer();
            var count = ParseElemList(segment, elemType, allowBareIndices: true, out var asIndices);
            ExpectRParen();
            elemType.Write(_tableSection);
            LimitsBytes(_tableSection, (ulong)count, (ulong)count, is64, shared: false);
            WriteActiveElem(tableIndex, is64 ? [0x42, 0x00, 0x0B] : [0x41, 0x00, 0x0B], elemType, segment, count, asIndices);
            _nextElem++;
            return;
        }
        var (min, max) = ParseLimits();
        var type = ParseValType();
        if (!AtRParen)
        {
            // 3.0: an initialiser expression for every element.
            _tableSection.Byte(0x40);
            _tableSection.Byte(0x00);
            type.Write(_tableSection);
            LimitsBytes(_tableSection, min, max, is64, shared: false);
            ParseInstructions(_tableSection, new FunctionContext());
            _tableSection.Byte(0x0B);
            return;
        }
        type.Write(_tableSection);
        LimitsBytes(_tableSection, min, max, is64, shared: false);
    }

    private void TableType(ByteBuffer output)
    {
        var is64 = TryKeyword("i64");
        if (!is64)
        {
            TryKeyword("i32");
        }
        var (min, max) = ParseLimits();
        var type = ParseValType();
        type.Write(output);
        LimitsBytes(output, min, max, is64, shared: false);
    }

    /// <summary>
    /// <c>min max?</c>, read as u64 whatever the address type (as in Wasm 3.0): a 32-bit limit too
    /// large is then a validation error, or a decoding error for a Wasm 2.0 decoder.
    /// </summary>
    private (ulong Min, ulong? Max) ParseLimits()
    {
        var min = ParseU64();
        ulong? max = null;
        if (IsUnsignedAt(_pos))
        {
            max = ParseU64();
        }
        return (min, max);
    }

    private static void LimitsBytes(ByteBuffer output, ulong min, ulong? max, bool is64, bool shared)
    {
        var flags = (byte)((max is null ? 0 : 1) | (shared ? 2 : 0) | (is64 ? 4 : 0));
        output.Byte(flags);
        output.U64(min);
        if (max is { } m)
        {
            output.U64(m);
        }
    }

    private void MemoryType(ByteBuffer output)
    {
        var is64 = TryKeyword("i64");
        if (!is64)
        {
            TryKeyword("i32");
        }
        var (min, max) = ParseLimits();
        var shared = TryKeyword("shared");
        if (!shared)
        {
            TryKeyword("unshared");
        }
        if (TryForm("pagesize"))
        {
            var size = ParsePageSize();
            ExpectRParen();
            var flags = (byte)((max is null ? 0 : 1) | (shared ? 2 : 0) | (is64 ? 4 : 0) | 8);
            output.Byte(flags);
            output.U64(min);
            if (max is { } m)
            {
                output.U64(m);
            }
            output.U32((uint)System.Numerics.BitOperations.Log2(size == 0 ? 1 : size));
            return;
        }
        LimitsBytes(output, min, max, is64, shared);
    }

    /// <summary>custom-page-sizes: a page size is a power of two.</summary>
    private uint ParsePageSize()
    {
        var token = Current;
        var size = ParseU32();
        if (size == 0 || !System.Numerics.BitOperations.IsPow2(size))
        {
            throw Error(token, $"invalid custom page size {size}: not a power of two");
        }
        return size;
    }

    private void ParseMemory()
    {
        TryId();
        var exportsAt = _pos;
        while (IsForm("export"))
        {
            SkipForm();
        }
        if (IsForm("import"))
        {
            var index = _nextMemoryImport++;
            var after = _pos;
            _pos = exportsAt;
            InlineExports(0x02, index);
            _pos = after;
            InlineImport();
            _importSection.Byte(0x02);
            MemoryType(_importSection);
            return;
        }
        var memoryIndex = _memories.Imports + _nextMemory++;
        var bodyAt = _pos;
        _pos = exportsAt;
        InlineExports(0x02, memoryIndex);
        _pos = bodyAt;
        _memoryCount++;
        var save = _pos;
        var is64 = TryKeyword("i64");
        if (!is64)
        {
            TryKeyword("i32");
        }
        uint? pageSize = null;
        if (IsForm("pagesize") && IsFormAt(_list.Match[_pos] + 1, "data"))
        {
            _pos += 2;
            pageSize = ParsePageSize();
            ExpectRParen();
        }
        if (TryForm("data"))
        {
            var bytes = Strings();
            ExpectRParen();
            if (pageSize is { } size)
            {
                // custom-page-sizes: flag 0x08 and the page size's log2.
                var sizePages = size == 0 ? 0 : ((ulong)bytes.Length + size - 1) / size;
                _memorySection.Byte((byte)(0x09 | (is64 ? 4 : 0)));
                _memorySection.U64(sizePages);
                _memorySection.U64(sizePages);
                _memorySection.U32((uint)System.Numerics.BitOperations.Log2(size == 0 ? 1 : size));
            }
            else
            {
                var pages = ((ulong)bytes.Length + 65535) / 65536;
                LimitsBytes(_memorySection, pages, pages, is64, shared: false);
            }
            _dataSection.Byte(memoryIndex == 0 ? (byte)0x00 : (byte)0x02);
            if (memoryIndex != 0)
            {
                _dataSection.U32((uint)memoryIndex);
            }
            _dataSection.Bytes(is64 ? [0x42, 0x00, 0x0B] : [0x41, 0x00, 0x0B]);
            _dataSection.Name(bytes);
            _dataCount++;
            _nextData++;
            return;
        }
        _pos = save;
        MemoryType(_memorySection);
    }

    private void GlobalType(ByteBuffer output)
    {
        if (TryForm("mut"))
        {
            ParseValType().Write(output);
            ExpectRParen();
            output.Byte(0x01);
        }
        else
        {
            ParseValType().Write(output);
            output.Byte(0x00);
        }
    }

    private void ParseGlobal()
    {
        TryId();
        var exportsAt = _pos;
        while (IsForm("export"))
        {
            SkipForm();
        }
        if (IsForm("import"))
        {
            var index = _nextGlobalImport++;
            var after = _pos;
            _pos = exportsAt;
            InlineExports(0x03, index);
            _pos = after;
            InlineImport();
            _importSection.Byte(0x03);
            GlobalType(_importSection);
            return;
        }
        var globalIndex = _globals.Imports + _nextGlobal++;
        var bodyAt = _pos;
        _pos = exportsAt;
        InlineExports(0x03, globalIndex);
        _pos = bodyAt;
        _globalCount++;
        GlobalType(_globalSection);
        ParseInstructions(_globalSection, new FunctionContext());
        _globalSection.Byte(0x0B);
    }

    private void ParseTag()
    {
        TryId();
        var exportsAt = _pos;
        while (IsForm("export"))
        {
            SkipForm();
        }
        if (IsForm("import"))
        {
            var index = _nextTagImport++;
            var after = _pos;
            _pos = exportsAt;
            InlineExports(0x04, index);
            _pos = after;
            InlineImport();
            _importSection.Byte(0x04);
            _importSection.Byte(0x00);
            _importSection.U32((uint)ParseTypeUse(null, allowNames: true));
            return;
        }
        var tagIndex = _tags.Imports + _nextTag++;
        var bodyAt = _pos;
        _pos = exportsAt;
        InlineExports(0x04, tagIndex);
        _pos = bodyAt;
        _tagCount++;
        _tagSection.Byte(0x00);
        _tagSection.U32((uint)ParseTypeUse(null, allowNames: true));
    }

    private void ParseExport()
    {
        _exportSection.Name(ExpectName());
        ExpectLParen();
        var kindToken = Current;
        var kind = Current.Kind == TokenKind.Atom ? Text(Current).ToString() : "";
        _pos++;
        var (code, space) = kind switch
        {
            "func" => ((byte)0x00, _funcs),
            "table" => ((byte)0x01, _tables),
            "memory" => ((byte)0x02, _memories),
            "global" => ((byte)0x03, _globals),
            "tag" => ((byte)0x04, _tags),
            _ => throw Error(kindToken, $"unexpected {Describe(kindToken)}, expected an export kind (func, table, memory, global, tag)"),
        };
        _exportSection.Byte(code);
        _exportSection.U32(ParseIndex(space));
        ExpectRParen();
        _exportCount++;
    }

    // ---- element and data segments ----

    private void ParseElem()
    {
        TryId();
        _nextElem++;
        if (TryKeyword("declare"))
        {
            WriteOtherElem(declare: true);
            return;
        }
        uint table = 0;
        var active = false;
        if (TryForm("table"))
        {
            table = ParseIndex(_tables);
            ExpectRParen();
            active = true;
        }
        else if (IsIndexAt(_pos) && _tokens[_pos + 1].Kind == TokenKind.LParen)
        {
            // The old form with a bare table index: (elem 0 (i32.const 0) $f).
            table = ParseIndex(_tables);
            active = true;
        }
        var offset = new ByteBuffer();
        if (TryForm("offset"))
        {
            ParseInstructions(offset, new FunctionContext());
            ExpectRParen();
            offset.Byte(0x0B);
            active = true;
        }
        else if (active || (Current.Kind == TokenKind.LParen && !IsForm("item") && !IsForm("ref")))
        {
            // An offset given as one folded instruction.
            ParseFoldedInstruction(offset, new FunctionContext());
            offset.Byte(0x0B);
            active = true;
        }
        if (!active)
        {
            WriteOtherElem(declare: false);
            return;
        }
        var items = new ByteBuffer();
        ValType type;
        bool asIndices;
        int count;
        if (IsKeyword("func"))
        {
            _pos++;
            type = ValType.FuncRef;
            count = ParseElemItems(items, type, indicesOnly: true, out asIndices);
        }
        else if (IsIndexAt(_pos) || AtRParen)
        {
            // (elem (offset) funcidx*): the 2.0 abbreviation.
            type = ValType.FuncRef;
            count = ParseElemItems(items, type, indicesOnly: true, out asIndices);
        }
        else
        {
            type = ParseValType();
            count = ParseElemItems(items, type, indicesOnly: false, out asIndices);
        }
        WriteActiveElem((int)table, offset.ToArray(), type, items, count, asIndices);
    }

    /// <summary>A passive or declarative segment (after <c>declare</c> or the id).</summary>
    private void WriteOtherElem(bool declare)
    {
        var items = new ByteBuffer();
        ValType type;
        bool asIndices;
        int count;
        if (IsKeyword("func"))
        {
            _pos++;
            type = ValType.FuncRef;
            count = ParseElemItems(items, type, indicesOnly: true, out asIndices);
        }
        else
        {
            type = ParseValType();
            count = ParseElemItems(items, type, indicesOnly: false, out asIndices);
        }
        _elemCount++;
        if (asIndices)
        {
            _elemSection.Byte(declare ? (byte)3 : (byte)1);
            _elemSection.Byte(0x00);
        }
        else
        {
            _elemSection.Byte(declare ? (byte)7 : (byte)5);
            type.Write(_elemSection);
        }
        _elemSection.U32((uint)count);
        _elemSection.Append(items);
    }

    private void WriteActiveElem(int table, byte[] offset, ValType type, ByteBuffer items, int count, bool asIndices)
    {
        _elemCount++;
        if (asIndices)
        {
            if (table == 0)
            {
                _elemSection.Byte(0);
                _elemSection.Bytes(offset);
            }
            else
            {
                _elemSection.Byte(2);
                _elemSection.U32((uint)table);
                _elemSection.Bytes(offset);
                _elemSection.Byte(0x00);
            }
        }
        else if (table == 0 && type.Equals(ValType.FuncRef))
        {
            _elemSection.Byte(4);
            _elemSection.Bytes(offset);
        }
        else
        {
            _elemSection.Byte(6);
            _elemSection.U32((uint)table);
            _elemSection.Bytes(offset);
            type.Write(_elemSection);
        }
        _elemSection.U32((uint)count);
        _elemSection.Append(items);
    }

    /// <summary>The element list of an inline table segment: <c>reftype? (item ...)*</c> or function indices.</summary>
    private int ParseElemList(ByteBuffer items, ValType type, bool allowBareIndices, out bool asIndices)
    {
        var indicesOnly = allowBareIndices && (IsIndexAt(_pos) || AtRParen);
        return ParseElemItems(items, type, indicesOnly, out asIndices);
    }

    /// <summary>
    /// Items until <c>)</c>: function indices (written as indices) or expressions
    /// (<c>(item instr*)</c> or one folded instruction), written as expressions.
    /// </summary>
    private int ParseElemItems(ByteBuffer items, ValType type, bool indicesOnly, out bool asIndices)
    {
        var count = 0;
        if (indicesOnly)
        {
            // Function indices; for a typed reference type they are written as (ref.func x) expressions.
            asIndices = type.Equals(ValType.FuncRef);
            while (!AtRParen)
            {
                if (!asIndices)
                {
                    items.Byte(0xD2);
                }
                items.U32(ParseIndex(_funcs));
                if (!asIndices)
                {
                    items.Byte(0x0B);
                }
                count++;
            }
            return count;
        }
        asIndices = false;
        var start = items.Length;
        var allFunctions = type.Equals(ValType.FuncRef);
        var functionIndices = new ByteBuffer();
        while (!AtRParen)
        {
            var itemStart = items.Length;
            if (TryForm("item"))
            {
                ParseInstructions(items, new FunctionContext());
                ExpectRParen();
            }
            else if (Current.Kind == TokenKind.LParen)
            {
                ParseFoldedInstruction(items, new FunctionContext());
            }
            else
            {
                throw Unexpected("an element expression");
            }
            // An item that is just (ref.func x): the segment may use the shorter index form.
            var item = items.Span[itemStart..];
            if (allFunctions && item.Length >= 2 && item[0] == 0xD2 && LebLength(item[1..]) == item.Length - 1)
            {
                functionIndices.Bytes(item[1..]);
            }
            else
            {
                allFunctions = false;
            }
            items.Byte(0x0B);
            count++;
        }
        if (allFunctions)
        {
            // Written as function indices, as wat2wasm does (flags 0-3 rather than 4-7).
            items.Truncate(start);
            items.Append(functionIndices);
            asIndices = true;
        }
        return count;
    }

    /// <summary>The length of the LEB128 number at the start of <paramref name="bytes"/>, or -1.</summary>
    private static int LebLength(ReadOnlySpan<byte> bytes)
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

    private void ParseData()
    {
        TryId();
        _nextData++;
        _dataCount++;
        if (Current.Kind == TokenKind.String || AtRParen)
        {
            _dataSection.Byte(0x01);
            _dataSection.Name(Strings());
            return;
        }
        uint memory = 0;
        if (TryForm("memory"))
        {
            memory = ParseIndex(_memories);
            ExpectRParen();
        }
        else if (IsIndexAt(_pos))
        {
            // The old form with a bare memory index: (data 0 (i32.const 0) "...").
            memory = ParseIndex(_memories);
        }
        var offset = new ByteBuffer();
        if (TryForm("offset"))
        {
            ParseInstructions(offset, new FunctionContext());
            ExpectRParen();
        }
        else
        {
            ParseFoldedInstruction(offset, new FunctionContext());
        }
        offset.Byte(0x0B);
        if (memory == 0)
        {
            _dataSection.Byte(0x00);
        }
        else
        {
            _dataSection.Byte(0x02);
            _dataSection.U32(memory);
        }
        _dataSection.Append(offset);
        _dataSection.Name(Strings());
    }

    // ---- assembly ----

    private byte[] Assemble()
    {
        var output = new ByteBuffer(1024);
        output.Bytes([0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]);
        var customs = _customs.Count > 0;
        // One slot per section of SectionOrder; custom sections go between them.
        for (var slot = 0; slot < SectionOrder.Length; slot++)
        {
            if (customs)
            {
                CustomSections(output, slot);
            }
            switch (slot)
            {
                case 0 when _typeEntries > 0:
                    output.Section(1, _typeSection, _typeEntries);
                    break;
                case 1 when _importCount > 0:
                    output.Section(2, _importSection, _importCount);
                    break;
                case 2 when _funcCount > 0:
                    output.Section(3, _funcSection, _funcCount);
                    break;
                case 3 when _tableCount > 0:
                    output.Section(4, _tableSection, _tableCount);
                    break;
                case 4 when _memoryCount > 0:
                    output.Section(5, _memorySection, _memoryCount);
                    break;
                case 5 when _tagCount > 0:
                    output.Section(13, _tagSection, _tagCount);
                    break;
                case 6 when _globalCount > 0:
                    output.Section(6, _globalSection, _globalCount);
                    break;
                case 7 when _exportCount > 0:
                    output.Section(7, _exportSection, _exportCount);
                    break;
                case 8 when _start is { } start:
                {
                    var s = new ByteBuffer(8);
                    s.U32(start);
                    output.Section(8, s);
                    break;
                }
                case 9 when _elemCount > 0:
                    output.Section(9, _elemSection, _elemCount);
                    break;
                case 10 when _usesDataCount:
                    output.Section(12, new ByteBuffer(1), _dataCount);
                    break;
                case 11 when _funcCount > 0:
                    output.Section(10, _codeSection, _funcCount);
                    break;
                case 12 when _dataCount > 0:
                    output.Section(11, _dataSection, _dataCount);
                    break;
            }
        }
        if (customs)
        {
            CustomSections(output, SectionOrder.Length);
        }
        if (_nameSection)
        {
            NameSection(output);
        }
        return output.ToArray();
    }

    /// <summary>The "name" custom section: function names (subsection 1) and local names (subsection 2), by index.</summary>
    private void NameSection(ByteBuffer output)
    {
        var content = new ByteBuffer(256);
        content.Name("name"u8);
        var functions = _funcs.Names.ToList();
        if (functions.Count > 0)
        {
            var map = new ByteBuffer(64);
            map.U32((uint)functions.Count);
            foreach (var (index, name) in functions)
            {
                map.U32((uint)index);
                map.Name(System.Text.Encoding.UTF8.GetBytes(name));
            }
            content.Byte(1);
            content.U32((uint)map.Length);
            content.Append(map);
        }
        if (_localNames is { } locals)
        {
            var map = new ByteBuffer(64);
            map.U32((uint)locals.Count);
            foreach (var (function, names) in locals)
            {
                map.U32((uint)function);
                map.U32((uint)names.Count);
                foreach (var (index, name) in names)
                {
                    map.U32((uint)index);
                    map.Name(System.Text.Encoding.UTF8.GetBytes(name));
                }
            }
            content.Byte(2);
            content.U32((uint)map.Length);
            content.Append(map);
        }
        output.Byte(0);
        output.U32((uint)content.Length);
        output.Append(content);
    }
}
