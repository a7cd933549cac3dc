namespace Microwasm.Text;

/// <summary>
/// A value type as it is encoded: a one-byte code, or <c>0x63</c>/<c>0x64</c> (nullable and
/// non-nullable reference) with a heap type: an abstract one's byte (negative here) or a type index.
/// </summary>
internal readonly record struct ValType(byte Code, long Heap = 0)
{
    public static readonly ValType FuncRef = new(0x70);

    /// <summary>Marks an exact heap type <c>(exact $t)</c> (custom descriptors) in <see cref="Heap"/>, above any u32 index.</summary>
    public const long ExactFlag = 1L << 40;

    public void Write(ByteBuffer output)
    {
        output.Byte(Code);
        if (Code is 0x63 or 0x64)
        {
            WriteHeap(output, Heap);
        }
    }

    /// <summary>A heap type: an abstract one's byte, a type index, or <c>0x62</c> and the index of an exact one.</summary>
    public static void WriteHeap(ByteBuffer output, long heap)
    {
        if (heap < 0)
        {
            output.Byte((byte)-heap);
        }
        else if ((heap & ExactFlag) != 0)
        {
            output.Byte(0x62);
            output.S64(heap & ~ExactFlag);
        }
        else
        {
            output.S64(heap);
        }
    }
}

/// <summary>What later parts need of a type definition: a function's signature, a struct's field names.</summary>
internal sealed class TypeInfo
{
    public ValType[]? Params { get; init; }

    public ValType[]? Results { get; init; }

    public Dictionary<string, int>? FieldNames { get; set; }
}

/// <summary>The names in scope in a function body: locals (parameters first) and labels.</summary>
internal sealed class FunctionContext
{
    private readonly Dictionary<string, int> _locals = new(StringComparer.Ordinal);

    public int LocalCount { get; private set; }

    /// <summary>Label names, innermost last; null for an unnamed block.</summary>
    public List<string?> Labels { get; } = [];

    public void AddLocal(ModuleParser parser, Token? id)
    {
        if (id is { } token)
        {
            var name = parser.TokenText(token);
            if (!_locals.TryAdd(name, LocalCount))
            {
                throw new WatParseException(token.Line, token.Column, $"duplicate local ${name}");
            }
        }
        LocalCount++;
    }

    public void AddUnnamedLocals(int count) => LocalCount += count;

    public bool TryResolveLocal(string name, out int index) => _locals.TryGetValue(name, out index);

    /// <summary>The named locals (parameters included), by index.</summary>
    public List<(int Index, string Name)> LocalNames() => [.. _locals.Select(kv => (kv.Value, kv.Key)).OrderBy(n => n.Value)];
}

internal sealed partial class ModuleParser
{
    internal string TokenText(in Token id) => _list.GetText(id);

    private static readonly Dictionary<string, ValType> s_valueTypes = new(StringComparer.Ordinal)
    {
        ["i32"] = new(0x7F),
        ["i64"] = new(0x7E),
        ["f32"] = new(0x7D),
        ["f64"] = new(0x7C),
        ["v128"] = new(0x7B),
        ["funcref"] = new(0x70),
        ["externref"] = new(0x6F),
        ["anyref"] = new(0x6E),
        ["eqref"] = new(0x6D),
        ["i31ref"] = new(0x6C),
        ["structref"] = new(0x6B),
        ["arrayref"] = new(0x6A),
        ["exnref"] = new(0x69),
        ["nullref"] = new(0x71),
        ["nullexternref"] = new(0x72),
        ["nullfuncref"] = new(0x73),
        ["nullexnref"] = new(0x74),
    };

    private static readonly Dictionary<string, byte> s_heapTypes = new(StringComparer.Ordinal)
    {
        ["func"] = 0x70,
        ["extern"] = 0x6F,
        ["any"] = 0x6E,
        ["eq"] = 0x6D,
        ["i31"] = 0x6C,
        ["struct"] = 0x6B,
        ["array"] = 0x6A,
        ["exn"] = 0x69,
        ["none"] = 0x71,
        ["noextern"] = 0x72,
        ["nofunc"] = 0x73,
        ["noexn"] = 0x74,
    };

    private static readonly Dictionary<string, ValType>.AlternateLookup<ReadOnlySpan<char>> s_valueTypeLookup =
        s_valueTypes.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly Dictionary<string, byte>.AlternateLookup<ReadOnlySpan<char>> s_heapTypeLookup =
        s_heapTypes.GetAlternateLookup<ReadOnlySpan<char>>();

    private bool IsValTypeAt(int index) =>
        (_tokens[index].Kind == TokenKind.Atom && s_valueTypeLookup.ContainsKey(_list.GetSpan(_tokens[index]))) ||
        IsFormAt(index, "ref");

    /// <summary>A value type: a keyword or <c>(ref null? heaptype)</c>.</summary>
    private ValType ParseValType()
    {
        if (Current.Kind == TokenKind.Atom && s_valueTypeLookup.TryGetValue(Text(Current), out var type))
        {
            _pos++;
            return type;
        }
        if (TryForm("ref"))
        {
            var nullable = TryKeyword("null");
            var heap = ParseHeapType();
            ExpectRParen();
            // (ref null func) is funcref: the short form keeps modules readable by 2.0 decoders.
            if (nullable && heap < 0)
            {
                return new ValType((byte)-heap);
            }
            return new ValType(nullable ? (byte)0x63 : (byte)0x64, heap);
        }
        throw Unexpected("a value type");
    }

    /// <summary>A heap type: an abstract keyword (as its negated byte) or a type index.</summary>
    private long ParseHeapType()
    {
        if (Current.Kind == TokenKind.Atom && s_heapTypeLookup.TryGetValue(Text(Current), out var code))
        {
            _pos++;
            return -code;
        }
        if (IsIndexAt(_pos))
        {
            return ParseIndex(_types);
        }
        if (TryForm("exact"))
        {
            // custom descriptors: only defined types can be exact.
            var index = ParseIndex(_types);
            ExpectRParen();
            return index | ValType.ExactFlag;
        }
        throw Unexpected("a heap type");
    }

    private static void WriteHeapType(ByteBuffer output, long heap) => ValType.WriteHeap(output, heap);

    /// <summary>
    /// <c>(type x)? (param ...)* (result ...)*</c>: the index of the function type, adding an
    /// implicit type when there is no <c>(type x)</c> and no matching one. Parameter names go into
    /// <paramref name="context"/> when it is given.
    /// </summary>
    private uint ParseTypeUse(FunctionContext? context, bool allowNames)
    {
        var typeToken = Current;
        uint? explicitIndex = null;
        if (TryForm("type"))
        {
            explicitIndex = ParseIndex(_types);
            ExpectRParen();
        }
        var parameters = new List<ValType>();
        var names = new List<Token?>();
        var inline = false;
        while (IsForm("param"))
        {
            inline = true;
            _pos += 2;
            if (Current.Kind == TokenKind.Id)
            {
                if (!allowNames)
                {
                    throw Error("unexpected parameter name: a block or call_indirect type cannot name its parameters");
                }
                names.Add(_tokens[_pos++]);
                parameters.Add(ParseValType());
            }
            else
            {
                while (!AtRParen)
                {
                    names.Add(null);
                    parameters.Add(ParseValType());
                }
            }
            ExpectRParen();
        }
        var results = new List<ValType>();
        while (TryForm("result"))
        {
            inline = true;
            while (!AtRParen)
            {
                results.Add(ParseValType());
            }
            ExpectRParen();
        }
        uint index;
        if (explicitIndex is { } x)
        {
            index = x;
            var info = x < (uint)_typeInfos.Count ? _typeInfos[(int)x] : null;
            // With inline parameters or results, the type must exist and match them.
            if (inline && (info?.Params is not { } p || info.Results is not { } r ||
                !p.AsSpan().SequenceEqual(parameters.ToArray()) || !r.AsSpan().SequenceEqual(results.ToArray())))
            {
                throw Error(typeToken, info?.Params is null ? $"unknown type {x}: inline function type with no such type" : "inline function type does not match the type use");
            }
            if (!inline && info?.Params is { } typeParams && context is not null)
            {
                context.AddUnnamedLocals(typeParams.Length);
                return index;
            }
        }
        else
        {
            index = (uint)FindOrAddFuncType([.. parameters], [.. results]);
        }
        if (context is not null)
        {
            foreach (var name in names)
            {
                context.AddLocal(this, name);
            }
        }
        return index;
    }

    /// <summary>A block type: <c>0x40</c>, a value type, or a type index (s33).</summary>
    private void ParseBlockType(ByteBuffer output)
    {
        if (IsForm("type"))
        {
            var index = ParseTypeUse(null, allowNames: false);
            // A type with no parameters and at most one result has a shorter form (as wat2wasm writes it).
            if (index < (uint)_typeInfos.Count && _typeInfos[(int)index] is { Params.Length: 0, Results.Length: <= 1 } info)
            {
                if (info.Results!.Length == 0)
                {
                    output.Byte(0x40);
                }
                else
                {
                    info.Results[0].Write(output);
                }
                return;
            }
            output.S64(index);
            return;
        }
        if (!IsForm("param") && !IsForm("result"))
        {
            output.Byte(0x40);
            return;
        }
        if (IsForm("param"))
        {
            output.S64(ParseTypeUse(null, allowNames: false));
            return;
        }
        var save = _pos;
        var results = new List<ValType>();
        while (TryForm("result"))
        {
            while (!AtRParen)
            {
                results.Add(ParseValType());
            }
            ExpectRParen();
        }
        if (results.Count == 0)
        {
            output.Byte(0x40);
            return;
        }
        if (results.Count == 1)
        {
            results[0].Write(output);
            return;
        }
        _pos = save;
        output.S64(ParseTypeUse(null, allowNames: false));
    }

    private int FindOrAddFuncType(ValType[] parameters, ValType[] results)
    {
        var encoded = new ByteBuffer(16);
        EncodeFuncType(encoded, parameters, results);
        var key = Convert.ToBase64String(encoded.Span);
        if (_funcTypeBySignature.TryGetValue(key, out var index))
        {
            return index;
        }
        index = _typeInfos.Count;
        _typeInfos.Add(new TypeInfo { Params = parameters, Results = results });
        _typeSection.Append(encoded);
        _typeEntries++;
        _funcTypeBySignature[key] = index;
        return index;
    }

    private static void EncodeFuncType(ByteBuffer output, ValType[] parameters, ValType[] results)
    {
        output.Byte(0x60);
        output.U32((uint)parameters.Length);
        foreach (var p in parameters)
        {
            p.Write(output);
        }
        output.U32((uint)results.Length);
        foreach (var r in results)
        {
            r.Write(output);
        }
    }

    // ---- type definitions (pass 2) ----

    private void ParseTypeField()
    {
        if (TryForm("rec"))
        {
            _typeSection.Byte(0x4E);
            var count = 0;
            var countAt = _pos;
            while (IsForm("type"))
            {
                count++;
                _pos = _list.Match[_pos] + 1;
            }
            _typeSection.U32((uint)count);
            _pos = countAt;
            while (TryForm("type"))
            {
                TryId();
                ParseSubType(inRecGroup: count != 1);
                ExpectRParen();
            }
            ExpectRParen();
            _typeEntries++;
            return;
        }
        _pos += 2;
        TryId();
        ParseSubType(inRecGroup: false);
        ExpectRParen();
        _typeEntries++;
    }

    /// <summary><c>(sub final? x* comptype)</c> or a bare composite type.</summary>
    private void ParseSubType(bool inRecGroup)
    {
        if (TryForm("sub"))
        {
            var final = TryKeyword("final");
            var supers = new List<uint>();
            while (IsIndexAt(_pos))
            {
                supers.Add(ParseIndex(_types));
            }
            _typeSection.Byte(final ? (byte)0x4F : (byte)0x50);
            _typeSection.U32((uint)supers.Count);
            foreach (var s in supers)
            {
                _typeSection.U32(s);
            }
            ParseDescriptorClauses();
            ParseCompositeType(registerSignature: false);
            ExpectRParen();
            return;
        }
        var described = ParseDescriptorClauses();
        ParseCompositeType(registerSignature: !inRecGroup && !described);
    }

    /// <summary>
    /// custom descriptors: <c>(describes x)? (descriptor y)?</c> before a composite type, written as
    /// <c>0x4C x</c> and <c>0x4D y</c>. Returns true if there was either.
    /// </summary>
    private bool ParseDescriptorClauses()
    {
        var any = false;
        if (TryForm("describes"))
        {
            _typeSection.Byte(0x4C);
            _typeSection.U32(ParseIndex(_types));
            ExpectRParen();
            any = true;
        }
        if (TryForm("descriptor"))
        {
            _typeSection.Byte(0x4D);
            _typeSection.U32(ParseIndex(_types));
            ExpectRParen();
            any = true;
        }
        return any;
    }

    private void ParseCompositeType(bool registerSignature)
    {
        var index = _typeInfos.Count;
        if (TryForm("func"))
        {
            var parameters = new List<ValType>();
            while (TryForm("param"))
            {
                if (TryId() is not null)
                {
                    parameters.Add(ParseValType());
                }
                else
                {
                    while (!AtRParen)
                    {
                        parameters.Add(ParseValType());
                    }
                }
                ExpectRParen();
            }
            var results = new List<ValType>();
            while (TryForm("result"))
            {
                while (!AtRParen)
                {
                    results.Add(ParseValType());
                }
                ExpectRParen();
            }
            ExpectRParen();
            var p = parameters.ToArray();
            var r = results.ToArray();
            var encoded = new ByteBuffer(16);
            EncodeFuncType(encoded, p, r);
            _typeSection.Append(encoded);
            _typeInfos.Add(new TypeInfo { Params = p, Results = r });
            if (registerSignature)
            {
                _funcTypeBySignature.TryAdd(Convert.ToBase64String(encoded.Span), index);
            }
            return;
        }
        if (TryForm("struct"))
        {
            var fields = new ByteBuffer();
            var count = 0;
            var info = new TypeInfo { FieldNames = new(StringComparer.Ordinal) };
            while (TryForm("field"))
            {
                if (Current.Kind == TokenKind.Id)
                {
                    var idToken = Current;
                    var name = TryId()!;
                    if (!info.FieldNames.TryAdd(name, count))
                    {
                        throw Error(idToken, $"duplicate field ${name}");
                    }
                    ParseFieldType(fields);
                    count++;
                }
                else
                {
                    while (!AtRParen)
                    {
                        ParseFieldType(fields);
                        count++;
                    }
                }
                ExpectRParen();
            }
            ExpectRParen();
            _typeSection.Byte(0x5F);
            _typeSection.U32((uint)count);
            _typeSection.Append(fields);
            _typeInfos.Add(info);
            return;
        }
        if (TryForm("array"))
        {
            _typeSection.Byte(0x5E);
            if (TryForm("field"))
            {
                TryId();
                ParseFieldType(_typeSection);
                ExpectRParen();
            }
            else
            {
                ParseFieldType(_typeSection);
            }
            ExpectRParen();
            _typeInfos.Add(new TypeInfo());
            return;
        }
        throw Unexpected("\"(func\", \"(struct\" or \"(array\"");
    }

    /// <summary><c>storagetype</c> or <c>(mut storagetype)</c>; storage types add <c>i8</c> and <c>i16</c>.</summary>
    private void ParseFieldType(ByteBuffer output)
    {
        var mutable = TryForm("mut");
        if (TryKeyword("i8"))
        {
            output.Byte(0x78);
        }
        else if (TryKeyword("i16"))
        {
            output.Byte(0x77);
        }
        else
        {
            ParseValType().Write(output);
        }
        if (mutable)
        {
            ExpectRParen();
        }
        output.Byte(mutable ? (byte)1 : (byte)0);
    }
}
