using System.Numerics;

namespace Microwasm.Text;

/// <summary>Instructions: plain and folded, structured blocks, and every immediate.</summary>
internal sealed partial class ModuleParser
{
    private readonly Stack<ByteBuffer> _scratch = new();

    /// <summary>
    /// Instructions until <c>)</c>, the end of text, or a keyword that closes a block
    /// (<c>end</c>, <c>else</c>, <c>catch</c>, <c>catch_all</c>, <c>delegate</c>), which is left for the caller.
    /// </summary>
    private void ParseInstructions(ByteBuffer output, FunctionContext context)
    {
        while (true)
        {
            var kind = Current.Kind;
            if (kind == TokenKind.LParen)
            {
                ParseFoldedInstruction(output, context);
                continue;
            }
            if (kind != TokenKind.Atom)
            {
                return;
            }
            var name = Text(Current);
            switch (name)
            {
                case "end":
                case "else":
                case "catch":
                case "catch_all":
                case "delegate":
                    return;
                case "block":
                case "loop":
                case "if":
                case "try":
                case "try_table":
                    ParsePlainBlock(output, context);
                    continue;
            }
            if (!Instructions.TryGet(name, out var info))
            {
                throw Error($"unknown operator \"{Shorten(name)}\"");
            }
            _pos++;
            ParseImmediates(output, info, context);
        }
    }

    private static byte BlockOpcode(ReadOnlySpan<char> name) => name switch
    {
        "block" => 0x02,
        "loop" => 0x03,
        "if" => 0x04,
        "try" => 0x06,
        _ => 0x1F, // try_table
    };

    /// <summary><c>block label? bt instr* end id?</c> and its relatives, in the plain syntax.</summary>
    private void ParsePlainBlock(ByteBuffer output, FunctionContext context)
    {
        CheckStack();
        var name = Text(Current).ToString();
        _pos++;
        var label = TryId();
        output.Byte(BlockOpcode(name));
        ParseBlockType(output);
        if (name == "try_table")
        {
            ParseCatchClauses(output, context);
        }
        context.Labels.Add(label);
        ParseInstructions(output, context);
        if (name == "if" && TryKeyword("else"))
        {
            CheckEndLabel(label);
            // An empty else is left out, as wat2wasm does.
            if (!IsKeyword("end"))
            {
                output.Byte(0x05);
                ParseInstructions(output, context);
            }
        }
        if (name == "try")
        {
            var handlers = false;
            while (TryKeyword("catch"))
            {
                handlers = true;
                output.Byte(0x07);
                output.U32(ParseIndex(_tags));
                ParseInstructions(output, context);
            }
            if (TryKeyword("catch_all"))
            {
                handlers = true;
                output.Byte(0x19);
                ParseInstructions(output, context);
            }
            // delegate replaces the handlers and the end; it cannot follow them.
            if (!handlers && TryKeyword("delegate"))
            {
                context.Labels.RemoveAt(context.Labels.Count - 1);
                output.Byte(0x18);
                output.U32(ResolveLabel(context));
                return;
            }
        }
        ExpectKeyword("end");
        CheckEndLabel(label);
        output.Byte(0x0B);
        context.Labels.RemoveAt(context.Labels.Count - 1);
    }

    /// <summary>An id after <c>end</c> or <c>else</c> must repeat the block's label.</summary>
    private void CheckEndLabel(string? label)
    {
        if (Current.Kind == TokenKind.Id)
        {
            var id = _list.GetText(Current);
            if (label != id)
            {
                throw Error($"mismatching label ${id}");
            }
            _pos++;
        }
    }

    /// <summary><c>(catch x l) (catch_ref x l) (catch_all l) (catch_all_ref l)</c> of a try_table.</summary>
    private void ParseCatchClauses(ByteBuffer output, FunctionContext context)
    {
        var clauses = new ByteBuffer();
        var count = 0;
        while (true)
        {
            byte kind;
            if (TryForm("catch"))
            {
                kind = 0;
            }
            else if (TryForm("catch_ref"))
            {
                kind = 1;
            }
            else if (TryForm("catch_all"))
            {
                kind = 2;
            }
            else if (TryForm("catch_all_ref"))
            {
                kind = 3;
            }
            else
            {
                break;
            }
            clauses.Byte(kind);
            if (kind < 2)
            {
                clauses.U32(ParseIndex(_tags));
            }
            clauses.U32(ResolveLabel(context));
            ExpectRParen();
            count++;
        }
        output.U32((uint)count);
        output.Append(clauses);
    }

    /// <summary>A folded instruction: <c>(op imm* folded*)</c>, or a folded block, loop, if or try.</summary>
    private void ParseFoldedInstruction(ByteBuffer output, FunctionContext context)
    {
        CheckStack();
        ExpectLParen();
        if (Current.Kind != TokenKind.Atom)
        {
            throw Unexpected("an instruction");
        }
        var name = Text(Current);
        switch (name)
        {
            case "block":
            case "loop":
            case "try_table":
            {
                var isTryTable = name.SequenceEqual("try_table");
                output.Byte(BlockOpcode(name));
                _pos++;
                var label = TryId();
                ParseBlockType(output);
                if (isTryTable)
                {
                    ParseCatchClauses(output, context);
                }
                context.Labels.Add(label);
                ParseInstructions(output, context);
                ExpectRParen();
                output.Byte(0x0B);
                context.Labels.RemoveAt(context.Labels.Count - 1);
                return;
            }
            case "if":
            {
                _pos++;
                var label = TryId();
                var blockType = new ByteBuffer(8);
                ParseBlockType(blockType);
                while (Current.Kind == TokenKind.LParen && !IsForm("then") && !IsForm("else"))
                {
                    ParseFoldedInstruction(output, context);
                }
                output.Byte(0x04);
                output.Append(blockType);
                context.Labels.Add(label);
                if (!TryForm("then"))
                {
                    throw Unexpected("\"(then\"");
                }
                ParseInstructions(output, context);
                ExpectRParen();
                if (TryForm("else"))
                {
                    if (!AtRParen)
                    {
                        output.Byte(0x05);
                        ParseInstructions(output, context);
                    }
                    ExpectRParen();
                }
                ExpectRParen();
                output.Byte(0x0B);
                context.Labels.RemoveAt(context.Labels.Count - 1);
                return;
            }
            case "try":
            {
                _pos++;
                var label = TryId();
                output.Byte(0x06);
                ParseBlockType(output);
                context.Labels.Add(label);
                if (!TryForm("do"))
                {
                    throw Unexpected("\"(do\"");
                }
                ParseInstructions(output, context);
                ExpectRParen();
                var handlers = false;
                while (TryForm("catch"))
                {
                    handlers = true;
                    output.Byte(0x07);
                    output.U32(ParseIndex(_tags));
                    ParseInstructions(output, context);
                    ExpectRParen();
                }
                if (TryForm("catch_all"))
                {
                    handlers = true;
                    output.Byte(0x19);
                    ParseInstructions(output, context);
                    ExpectRParen();
                }
                if (!handlers && TryForm("delegate"))
                {
                    context.Labels.RemoveAt(context.Labels.Count - 1);
                    output.Byte(0x18);
                    output.U32(ResolveLabel(context));
                    ExpectRParen();
                    ExpectRParen();
                    return;
                }
                ExpectRParen();
                output.Byte(0x0B);
                context.Labels.RemoveAt(context.Labels.Count - 1);
                return;
            }
        }
        if (!Instructions.TryGet(name, out var info) || info.Immediate is Immediate.Else or Immediate.End or Immediate.Catch)
        {
            throw Error($"unknown operator \"{Shorten(name)}\"");
        }
        _pos++;
        var scratch = _scratch.Count > 0 ? _scratch.Pop() : new ByteBuffer(16);
        scratch.Clear();
        ParseImmediates(scratch, info, context);
        while (Current.Kind == TokenKind.LParen)
        {
            ParseFoldedInstruction(output, context);
        }
        ExpectRParen();
        output.Append(scratch);
        _scratch.Push(scratch);
    }

    private static void WriteOpcode(ByteBuffer output, in InstructionInfo info, uint delta = 0)
    {
        if (info.Prefix == 0)
        {
            output.Byte((byte)(info.Code + delta));
        }
        else
        {
            output.Byte(info.Prefix);
            output.U32(info.Code + delta);
        }
    }

    /// <summary>Writes the opcode and the immediates that follow the instruction's name.</summary>
    private void ParseImmediates(ByteBuffer output, in InstructionInfo info, FunctionContext context)
    {
        switch (info.Immediate)
        {
            case Immediate.None:
                WriteOpcode(output, info);
                return;
            case Immediate.Else:
            case Immediate.End:
            case Immediate.Catch:
                throw Error(_tokens[_pos - 1], $"unexpected \"{Text(_tokens[_pos - 1])}\"");
            case Immediate.Select:
            {
                if (IsForm("result"))
                {
                    var types = new List<ValType>();
                    while (TryForm("result"))
                    {
                        while (!AtRParen)
                        {
                            types.Add(ParseValType());
                        }
                        ExpectRParen();
                    }
                    output.Byte(0x1C);
                    output.U32((uint)types.Count);
                    foreach (var t in types)
                    {
                        t.Write(output);
                    }
                }
                else
                {
                    output.Byte(0x1B);
                }
                return;
            }
            case Immediate.RefTest:
            {
                var type = ParseValType();
                var nullable = type.Code != 0x64;
                WriteOpcode(output, info, nullable ? 1u : 0u);
                WriteHeapType(output, type.Code is 0x63 or 0x64 ? type.Heap : -type.Code);
                return;
            }
            case Immediate.BrOnCast:
            {
                var label = ResolveLabel(context);
                var from = ParseValType();
                var to = ParseValType();
                WriteOpcode(output, info);
                output.Byte((byte)((from.Code != 0x64 ? 1 : 0) | (to.Code != 0x64 ? 2 : 0)));
                output.U32(label);
                WriteHeapType(output, from.Code is 0x63 or 0x64 ? from.Heap : -from.Code);
                WriteHeapType(output, to.Code is 0x63 or 0x64 ? to.Heap : -to.Code);
                return;
            }
        }
        WriteOpcode(output, info);
        switch (info.Immediate)
        {
            case Immediate.Label:
                output.U32(ResolveLabel(context));
                break;
            case Immediate.BrTable:
            {
                var labels = new List<uint>();
                while (IsIndexAt(_pos))
                {
                    labels.Add(ResolveLabel(context));
                }
                if (labels.Count == 0)
                {
                    throw Unexpected("a label");
                }
                output.U32((uint)(labels.Count - 1));
                foreach (var l in labels)
                {
                    output.U32(l);
                }
                break;
            }
            case Immediate.Func:
                output.U32(ParseIndex(_funcs));
                break;
            case Immediate.CallIndirect:
            {
                var table = IsIndexAt(_pos) ? ParseIndex(_tables) : 0;
                output.U32((uint)ParseTypeUse(null, allowNames: false));
                output.U32(table);
                break;
            }
            case Immediate.Type:
                output.U32(ParseIndex(_types));
                break;
            case Immediate.Tag:
                output.U32(ParseIndex(_tags));
                break;
            case Immediate.Local:
                output.U32(ResolveLocal(context));
                break;
            case Immediate.Global:
                output.U32(ParseIndex(_globals));
                break;
            case Immediate.Table:
                output.U32(IsIndexAt(_pos) ? ParseIndex(_tables) : 0);
                break;
            case Immediate.Memory:
                output.U32(IsIndexAt(_pos) ? ParseIndex(_memories) : 0);
                break;
            case Immediate.MemArg:
                ParseMemArg(output, info.NaturalAlignment, lane: false);
                break;
            case Immediate.MemArgLane:
                ParseMemArg(output, info.NaturalAlignment, lane: true);
                output.Byte(ParseLaneIndex());
                break;
            case Immediate.I32:
                output.S32((int)(uint)ParseInt(32));
                break;
            case Immediate.I64:
                output.S64((long)ParseInt(64));
                break;
            case Immediate.F32:
                output.Fixed32(ParseF32());
                break;
            case Immediate.F64:
                output.Fixed64(ParseF64());
                break;
            case Immediate.V128:
                ParseV128(output);
                break;
            case Immediate.Shuffle:
                for (var i = 0; i < 16; i++)
                {
                    output.Byte(ParseLaneIndex());
                }
                break;
            case Immediate.Lane:
                output.Byte(ParseLaneIndex());
                break;
            case Immediate.RefNull:
                WriteHeapType(output, ParseHeapType());
                break;
            case Immediate.MemoryInit:
            {
                uint memory = 0;
                if (IsIndexAt(_pos) && IsIndexAt(_pos + 1))
                {
                    memory = ParseIndex(_memories);
                }
                output.U32(ParseIndex(_datas));
                output.U32(memory);
                _usesDataCount = true;
                break;
            }
            case Immediate.MemoryCopy:
            {
                uint to = 0, from = 0;
                if (IsIndexAt(_pos))
                {
                    to = ParseIndex(_memories);
                    from = ParseIndex(_memories);
                }
                output.U32(to);
                output.U32(from);
                break;
            }
            case Immediate.Data:
                output.U32(ParseIndex(_datas));
                _usesDataCount = true;
                break;
            case Immediate.TableInit:
            {
                uint table = 0;
                if (IsIndexAt(_pos) && IsIndexAt(_pos + 1))
                {
                    table = ParseIndex(_tables);
                }
                output.U32(ParseIndex(_elems));
                output.U32(table);
                break;
            }
            case Immediate.TableCopy:
            {
                uint to = 0, from = 0;
                if (IsIndexAt(_pos))
                {
                    to = ParseIndex(_tables);
                    from = ParseIndex(_tables);
                }
                output.U32(to);
                output.U32(from);
                break;
            }
            case Immediate.Elem:
                output.U32(ParseIndex(_elems));
                break;
            case Immediate.Field:
            {
                var type = ParseIndex(_types);
                output.U32(type);
                output.U32(ParseFieldIndex(type));
                break;
            }
            case Immediate.ArrayFixed:
                output.U32(ParseIndex(_types));
                output.U32(ParseU32());
                break;
            case Immediate.TypeData:
                output.U32(ParseIndex(_types));
                output.U32(ParseIndex(_datas));
                _usesDataCount = true;
                break;
            case Immediate.TypeElem:
                output.U32(ParseIndex(_types));
                output.U32(ParseIndex(_elems));
                break;
            case Immediate.Type2:
                output.U32(ParseIndex(_types));
                output.U32(ParseIndex(_types));
                break;
            case Immediate.Fence:
                output.Byte(0x00);
                break;
        }
    }

    private uint ParseFieldIndex(uint type)
    {
        if (Current.Kind == TokenKind.Id)
        {
            var name = _list.GetText(Current);
            if (type < _typeInfos.Count && _typeInfos[(int)type].FieldNames is { } names && names.TryGetValue(name, out var index))
            {
                _pos++;
                return (uint)index;
            }
            throw Error($"unknown field ${name}");
        }
        return ParseU32();
    }

    private uint ResolveLabel(FunctionContext context)
    {
        if (Current.Kind == TokenKind.Id)
        {
            var name = _list.GetText(Current);
            for (var i = context.Labels.Count - 1; i >= 0; i--)
            {
                if (context.Labels[i] == name)
                {
                    _pos++;
                    return (uint)(context.Labels.Count - 1 - i);
                }
            }
            throw Error($"unknown label ${name}");
        }
        if (!IsUnsignedAt(_pos))
        {
            throw Unexpected("a label");
        }
        return ParseU32();
    }

    private uint ResolveLocal(FunctionContext context)
    {
        if (Current.Kind == TokenKind.Id)
        {
            var name = _list.GetText(Current);
            if (!context.TryResolveLocal(name, out var index))
            {
                throw Error($"unknown local ${name}");
            }
            _pos++;
            return (uint)index;
        }
        if (!IsUnsignedAt(_pos))
        {
            throw Unexpected("a local index");
        }
        return ParseU32();
    }

    private byte ParseLaneIndex()
    {
        var token = Current;
        if (token.Kind != TokenKind.Atom)
        {
            throw Unexpected("a lane index");
        }
        var error = WatNumbers.ParseUnsigned(Text(token), 8, out var value);
        CheckNumber(token, error, "lane index (u8)");
        _pos++;
        return (byte)value;
    }

    /// <summary><c>memidx? offset=N? align=N?</c>; the alignment must be a power of two.</summary>
    private void ParseMemArg(ByteBuffer output, int naturalAlignment, bool lane)
    {
        uint memory = 0;
        if (Current.Kind == TokenKind.Id ||
            (IsUnsignedAt(_pos) && (!lane || IsUnsignedAt(_pos + 1) || IsMemArgKeywordAt(_pos + 1))))
        {
            memory = ParseIndex(_memories);
        }
        ulong offset = 0;
        var alignment = (ulong)naturalAlignment;
        if (Current.Kind == TokenKind.Atom && Text(Current).StartsWith("offset="))
        {
            var token = Current;
            var error = WatNumbers.ParseUnsigned(Text(token)[7..], 64, out offset);
            CheckNumber(token, error, "offset");
            // u64 whatever the memory (as in Wasm 3.0): more than 32 bits for a 32-bit memory is a
            // validation error, or a decoding error for a Wasm 2.0 decoder.
            _pos++;
        }
        if (Current.Kind == TokenKind.Atom && Text(Current).StartsWith("align="))
        {
            var token = Current;
            var error = WatNumbers.ParseUnsigned(Text(token)[6..], 64, out alignment);
            CheckNumber(token, error, "alignment");
            if (alignment == 0 || !BitOperations.IsPow2(alignment))
            {
                throw Error(token, "alignment must be a power of two");
            }
            _pos++;
        }
        var flags = (uint)BitOperations.Log2(alignment);
        if (memory != 0)
        {
            flags |= 0x40;
        }
        output.U32(flags);
        if (memory != 0)
        {
            output.U32(memory);
        }
        output.U64(offset);
    }

    private bool IsMemArgKeywordAt(int index) =>
        _tokens[index].Kind == TokenKind.Atom && (_list.GetSpan(_tokens[index]).StartsWith("offset=") || _list.GetSpan(_tokens[index]).StartsWith("align="));

    /// <summary><c>v128.const shape lane*</c>: 16 bytes, little-endian lanes.</summary>
    private void ParseV128(ByteBuffer output)
    {
        if (Current.Kind != TokenKind.Atom)
        {
            throw Unexpected("a vector shape (i8x16, i16x8, i32x4, i64x2, f32x4, f64x2)");
        }
        var shape = Text(Current).ToString();
        _pos++;
        switch (shape)
        {
            case "i8x16":
                for (var i = 0; i < 16; i++)
                {
                    output.Byte((byte)ParseLane(8));
                }
                break;
            case "i16x8":
                for (var i = 0; i < 8; i++)
                {
                    var v = ParseLane(16);
                    output.Byte((byte)v);
                    output.Byte((byte)(v >> 8));
                }
                break;
            case "i32x4":
                for (var i = 0; i < 4; i++)
                {
                    output.Fixed32((uint)ParseLane(32));
                }
                break;
            case "i64x2":
                for (var i = 0; i < 2; i++)
                {
                    output.Fixed64(ParseLane(64));
                }
                break;
            case "f32x4":
                for (var i = 0; i < 4; i++)
                {
                    RequireLane();
                    output.Fixed32(ParseF32());
                }
                break;
            case "f64x2":
                for (var i = 0; i < 2; i++)
                {
                    RequireLane();
                    output.Fixed64(ParseF64());
                }
                break;
            default:
                throw Error(_tokens[_pos - 1], $"unexpected \"{Shorten(shape)}\", expected a vector shape (i8x16, i16x8, i32x4, i64x2, f32x4, f64x2)");
        }
    }

    private ulong ParseLane(int bits)
    {
        RequireLane();
        return ParseInt(bits);
    }

    private void RequireLane()
    {
        if (Current.Kind != TokenKind.Atom)
        {
            throw Unexpected("another lane value (wrong number of lanes)");
        }
    }
}
