using System.Globalization;
using System.Text;

namespace Microwasm.Text;

/// <summary>How a script writes a module.</summary>
internal enum WastModuleKind
{
    /// <summary><c>(module field*)</c>: parsed with the script.</summary>
    Text,

    /// <summary><c>(module binary "..."*)</c>: the bytes as given.</summary>
    Binary,

    /// <summary><c>(module quote "..."*)</c>: text parsed only when the module is used.</summary>
    Quote,
}

/// <summary>
/// A module of a script. <see cref="GetBinary"/> returns its binary or throws the
/// <see cref="WatParseException"/> its text gave; a malformed text module does not stop the script.
/// </summary>
internal sealed class WastModule
{
    private readonly byte[]? _bytes;
    private readonly WatParseException? _error;
    private readonly string? _quote;

    private WastModule(WastModuleKind kind, string? name, byte[]? bytes, WatParseException? error, string? quote)
    {
        Kind = kind;
        Name = name;
        _bytes = bytes;
        _error = error;
        _quote = quote;
    }

    public static WastModule FromBytes(WastModuleKind kind, string? name, byte[] bytes) => new(kind, name, bytes, null, null);

    public static WastModule FromError(string? name, WatParseException error) => new(WastModuleKind.Text, name, null, error, null);

    public WastModule AsDefinition() => new(Kind, Name, _bytes, _error, _quote) { IsDefinition = true };

    public static WastModule FromQuote(string? name, string text) => new(WastModuleKind.Quote, name, null, null, text);

    public WastModuleKind Kind { get; }

    /// <summary>The module's id (<c>$M</c>, with the dollar sign), or null.</summary>
    public string? Name { get; }

    /// <summary>True for <c>(module definition ...)</c>: defined, not instantiated.</summary>
    public bool IsDefinition { get; init; }

    /// <summary>The module's binary.</summary>
    /// <exception cref="WatParseException">The module's text (or quoted text) is malformed.</exception>
    public byte[] GetBinary()
    {
        if (_error is not null)
        {
            throw _error;
        }
        if (_bytes is not null)
        {
            return _bytes;
        }
        return ModuleParser.ParseText(_quote!);
    }
}

/// <summary>A typed value of a script, in wast2json's notation (see the CLI's <c>WastValue</c>).</summary>
internal sealed record WastScriptValue(string Type, string? Value, string? LaneType = null, string[]? Lanes = null);

/// <summary><c>(invoke $M? "name" arg*)</c> or <c>(get $M? "name")</c>.</summary>
internal sealed record WastScriptAction(string Type, string? Module, string Field, WastScriptValue[] Args);

/// <summary>
/// One command of a script. <see cref="Type"/> is wast2json's name for it (<c>module</c>,
/// <c>assert_return</c>, <c>assert_uninstantiable</c> for <c>assert_trap</c> on a module, ...).
/// </summary>
internal sealed class WastScriptCommand(string type, int line)
{
    public string Type { get; } = type;

    public int Line { get; } = line;

    public WastModule? Module { get; init; }

    /// <summary>The module's name (<c>module</c>), the registered or instantiated module (<c>register</c>, <c>module instance</c>).</summary>
    public string? Name { get; init; }

    /// <summary>For <c>register</c>: the import name; for <c>module instance</c>: the definition instantiated.</summary>
    public string? As { get; init; }

    public WastScriptAction? Action { get; init; }

    public WastScriptValue[]? Expected { get; init; }

    /// <summary>An <c>(either ...)</c> result: any one of these.</summary>
    public WastScriptValue[]? Either { get; init; }

    /// <summary>The expected message of an assertion.</summary>
    public string? Text { get; init; }
}

/// <summary>
/// Reads <c>.wast</c> scripts: modules (text, binary, quote, definition, instance), register,
/// invoke, get, and every assertion, with results in wast2json's notation.
/// </summary>
internal sealed class WastParser
{
    private readonly TokenList _list;
    private readonly Token[] _tokens;
    private int _pos;

    private WastParser(TokenList list)
    {
        _list = list;
        _tokens = list.Tokens;
    }

    /// <summary>Parses a whole script.</summary>
    /// <exception cref="WatParseException">The script (outside its modules) is malformed.</exception>
    public static List<WastScriptCommand> Parse(string text)
    {
        var parser = new WastParser(Lexer.Tokenize(text));
        var commands = new List<WastScriptCommand>();
        // A script may also be a bare module's fields.
        if (parser.Current.Kind == TokenKind.LParen && !parser.IsCommandAt(parser._pos))
        {
            var module = parser.ParseModuleFields(null, 0, out _);
            commands.Add(new WastScriptCommand("module", 1) { Module = module });
            return commands;
        }
        while (parser.Current.Kind != TokenKind.Eof)
        {
            commands.Add(parser.ParseCommand());
        }
        return commands;
    }

    private ref readonly Token Current => ref _tokens[_pos];

    private bool IsCommandAt(int index) =>
        _tokens[index + 1].Kind == TokenKind.Atom && _list.GetSpan(_tokens[index + 1]) switch
        {
            "module" or "register" or "invoke" or "get" or "assert_return" or "assert_trap" or "assert_exhaustion" or
            "assert_malformed" or "assert_invalid" or "assert_unlinkable" or "assert_exception" or "assert_suspension" or
            "assert_malformed_custom" or "assert_invalid_custom" or "thread" or "wait" or "input" or "output" => true,
            _ => false,
        };

    private WatParseException Error(string message) => new(Current.Line, Current.Column, message);

    private WatParseException Unexpected(string expected)
    {
        var token = Current;
        var what = token.Kind switch
        {
            TokenKind.LParen => "\"(\"",
            TokenKind.RParen => "\")\"",
            TokenKind.Eof => "end of script",
            TokenKind.String => "string",
            TokenKind.Id => "$" + _list.GetText(token),
            _ => $"\"{_list.GetSpan(token)}\"",
        };
        return Error($"unexpected {what}, expected {expected}");
    }

    private void Expect(TokenKind kind, string what)
    {
        if (Current.Kind != kind)
        {
            throw Unexpected(what);
        }
        _pos++;
    }

    private bool IsKeyword(string keyword) => Current.Kind == TokenKind.Atom && _list.GetSpan(Current).SequenceEqual(keyword);

    private bool IsForm(string keyword) =>
        Current.Kind == TokenKind.LParen && _tokens[_pos + 1].Kind == TokenKind.Atom && _list.GetSpan(_tokens[_pos + 1]).SequenceEqual(keyword);

    private string? TryId() => Current.Kind == TokenKind.Id ? "$" + _list.GetText(_tokens[_pos++]) : null;

    private string ExpectString()
    {
        if (Current.Kind != TokenKind.String)
        {
            throw Unexpected("a string");
        }
        var token = _tokens[_pos++];
        return Lexer.DecodeUtf8(_list.GetBytes(token), token.Line, token.Column);
    }

    private WastScriptCommand ParseCommand()
    {
        var line = Current.Line;
        Expect(TokenKind.LParen, "\"(\" and a command");
        if (Current.Kind != TokenKind.Atom)
        {
            throw Unexpected("a command");
        }
        var keyword = _list.GetSpan(Current).ToString();
        _pos++;
        WastScriptCommand command;
        switch (keyword)
        {
            case "module":
                // The module form is the whole command, its ")" included.
                return ParseModuleCommand(line);
            case "register":
            {
                var name = ExpectString();
                command = new WastScriptCommand("register", line) { As = name, Name = TryId() };
                break;
            }
            case "invoke":
            case "get":
                // The action form is the whole command, its ")" included.
                _pos -= 2;
                return new WastScriptCommand("action", line) { Action = ParseAction() };
            case "assert_return":
            {
                var action = ParseAction();
                var results = new List<WastScriptValue>();
                WastScriptValue[]? either = null;
                while (Current.Kind == TokenKind.LParen)
                {
                    if (IsForm("either"))
                    {
                        _pos += 2;
                        var alternatives = new List<WastScriptValue>();
                        while (Current.Kind == TokenKind.LParen)
                        {
                            alternatives.Add(ParseValue(result: true));
                        }
                        Expect(TokenKind.RParen, "\")\"");
                        either = [.. alternatives];
                    }
                    else
                    {
                        results.Add(ParseValue(result: true));
                    }
                }
                command = either is not null && results.Count == 0
                    ? new WastScriptCommand("assert_return", line) { Action = action, Either = either }
                    : new WastScriptCommand("assert_return", line) { Action = action, Expected = [.. results] };
                break;
            }
            case "assert_trap":
            {
                if (IsForm("module"))
                {
                    var module = ParseModuleForm(out _);
                    command = new WastScriptCommand("assert_uninstantiable", line) { Module = module, Text = ExpectString() };
                }
                else
                {
                    var action = ParseAction();
                    command = new WastScriptCommand("assert_trap", line) { Action = action, Text = ExpectString() };
                }
                break;
            }
            case "assert_exhaustion":
            {
                var action = ParseAction();
                command = new WastScriptCommand("assert_exhaustion", line) { Action = action, Text = ExpectString() };
                break;
            }
            case "assert_exception":
                command = new WastScriptCommand("assert_exception", line) { Action = ParseAction() };
                break;
            case "assert_malformed":
            case "assert_invalid":
            case "assert_unlinkable":
            case "assert_malformed_custom":
            case "assert_invalid_custom":
            {
                var module = ParseModuleForm(out _);
                command = new WastScriptCommand(keyword, line) { Module = module, Text = ExpectString() };
                break;
            }
            default:
                // thread, wait, assert_suspension...: kept as commands the runner can count as unsupported.
                _pos = _list.Match[_pos - 2];
                command = new WastScriptCommand(keyword, line);
                break;
        }
        Expect(TokenKind.RParen, "\")\"");
        return command;
    }

    /// <summary>After <c>(module</c>: a module command, a definition, or an instance.</summary>
    private WastScriptCommand ParseModuleCommand(int line)
    {
        if (IsKeyword("instance"))
        {
            _pos++;
            var instance = TryId();
            var definition = TryId();
            Expect(TokenKind.RParen, "\")\"");
            return new WastScriptCommand("module_instance", line) { Name = instance, As = definition };
        }
        _pos -= 2;
        var module = ParseModuleForm(out var name);
        return new WastScriptCommand(module.IsDefinition ? "module_definition" : "module", line) { Module = module, Name = name };
    }

    /// <summary><c>(module definition? $id? (binary|quote)? ...)</c>.</summary>
    private WastModule ParseModuleForm(out string? name)
    {
        if (!IsForm("module"))
        {
            throw Unexpected("\"(module\"");
        }
        var open = _pos;
        var close = _list.Match[open];
        _pos += 2;
        var definition = false;
        if (IsKeyword("definition"))
        {
            definition = true;
            _pos++;
        }
        name = TryId();
        WastModule module;
        if (IsKeyword("binary") || IsKeyword("quote"))
        {
            var quote = IsKeyword("quote");
            _pos++;
            var bytes = new List<byte>();
            while (Current.Kind == TokenKind.String)
            {
                bytes.AddRange(_list.GetBytes(_tokens[_pos++]));
            }
            if (quote)
            {
                // The text of a quoted module is UTF-8 by construction when the script is; a
                // string with other bytes makes the module malformed when it is used.
                string text;
                try
                {
                    text = new UTF8Encoding(false, true).GetString([.. bytes]);
                }
                catch (DecoderFallbackException)
                {
                    module = WastModule.FromError(name, new WatParseException(_tokens[open].Line, _tokens[open].Column, "malformed UTF-8 encoding in a quoted module"));
                    Expect(TokenKind.RParen, "\")\"");
                    return module;
                }
                module = WastModule.FromQuote(name, text);
            }
            else
            {
                module = WastModule.FromBytes(WastModuleKind.Binary, name, [.. bytes]);
            }
            Expect(TokenKind.RParen, "\")\"");
            return definition ? module.AsDefinition() : module;
        }
        module = ParseModuleFields(name, _pos, out _);
        if (definition)
        {
            module = module.AsDefinition();
        }
        _pos = close + 1;
        return module;
    }

    private WastModule ParseModuleFields(string? name, int start, out int end)
    {
        try
        {
            var bytes = ModuleParser.Parse(_list, start, out end);
            if (_tokens[end].Kind != TokenKind.RParen && _tokens[end].Kind != TokenKind.Eof)
            {
                throw new WatParseException(_tokens[end].Line, _tokens[end].Column, "unexpected token, expected a module field or \")\"");
            }
            return WastModule.FromBytes(WastModuleKind.Text, name, bytes);
        }
        catch (WatParseException ex)
        {
            end = start;
            return WastModule.FromError(name, ex);
        }
    }

    /// <summary><c>(invoke $M? "name" const*)</c> or <c>(get $M? "name")</c>.</summary>
    private WastScriptAction ParseAction()
    {
        Expect(TokenKind.LParen, "\"(invoke\" or \"(get\"");
        var type = IsKeyword("invoke") ? "invoke" : IsKeyword("get") ? "get" : throw Unexpected("\"invoke\" or \"get\"");
        _pos++;
        var module = TryId();
        var field = ExpectString();
        var args = new List<WastScriptValue>();
        while (Current.Kind == TokenKind.LParen)
        {
            args.Add(ParseValue(result: false));
        }
        Expect(TokenKind.RParen, "\")\"");
        return new WastScriptAction(type, module, field, [.. args]);
    }

    /// <summary>
    /// <c>(t.const n)</c>, <c>(v128.const shape n*)</c>, <c>(ref.null ht)</c>, <c>(ref.extern n)</c>,
    /// <c>(ref.host n)</c>; results may also be NaN patterns and untyped references (<c>(ref.func)</c>, <c>(ref.any)</c>...).
    /// </summary>
    private WastScriptValue ParseValue(bool result)
    {
        Expect(TokenKind.LParen, "\"(\" and a value");
        if (Current.Kind != TokenKind.Atom)
        {
            throw Unexpected("a value");
        }
        var keyword = _list.GetSpan(Current).ToString();
        var keywordToken = Current;
        _pos++;
        WastScriptValue value;
        switch (keyword)
        {
            case "i32.const":
                value = new("i32", Integer(32));
                break;
            case "i64.const":
                value = new("i64", Integer(64));
                break;
            case "f32.const":
                value = new("f32", Float(32, result));
                break;
            case "f64.const":
                value = new("f64", Float(64, result));
                break;
            case "v128.const":
            {
                var shapeToken = Current;
                var shape = Current.Kind == TokenKind.Atom ? _list.GetSpan(Current).ToString() : "";
                _pos++;
                var (laneType, count) = shape switch
                {
                    "i8x16" => ("i8", 16),
                    "i16x8" => ("i16", 8),
                    "i32x4" => ("i32", 4),
                    "i64x2" => ("i64", 2),
                    "f32x4" => ("f32", 4),
                    "f64x2" => ("f64", 2),
                    _ => throw new WatParseException(shapeToken.Line, shapeToken.Column, "expected a vector shape"),
                };
                var lanes = new string[count];
                for (var i = 0; i < count; i++)
                {
                    lanes[i] = laneType[0] == 'f' ? Float(laneType == "f32" ? 32 : 64, result) : Integer(laneType switch { "i8" => 8, "i16" => 16, "i32" => 32, _ => 64 });
                }
                value = new("v128", null, laneType, lanes);
                break;
            }
            case "ref.null":
            {
                var heap = Current.Kind == TokenKind.Atom ? _list.GetSpan(Current).ToString() : Current.Kind == TokenKind.RParen && result ? "" : throw Unexpected("a heap type");
                if (Current.Kind != TokenKind.RParen)
                {
                    _pos++;
                }
                value = new(heap switch
                {
                    "func" or "nofunc" => "funcref",
                    "extern" or "noextern" => "externref",
                    "exn" or "noexn" => "exnref",
                    "" => "ref",
                    _ => "anyref",
                }, "null");
                break;
            }
            case "ref.extern":
            case "ref.host":
                value = Current.Kind == TokenKind.RParen && result ? new("externref", null) : new("externref", Unsigned());
                break;
            case "ref.func":
                if (Current.Kind == TokenKind.Atom)
                {
                    _pos++;
                }
                value = new("funcref", null);
                break;
            case "ref.any":
            case "ref.eq":
            case "ref.i31":
            case "ref.struct":
            case "ref.array":
            case "ref.exn":
            case "ref":
                if (Current.Kind == TokenKind.Atom)
                {
                    _pos++;
                }
                value = new(keyword == "ref" ? "ref" : keyword[4..] + "ref", null);
                break;
            default:
                throw new WatParseException(keywordToken.Line, keywordToken.Column, $"unexpected \"{keyword}\", expected a constant");
        }
        Expect(TokenKind.RParen, "\")\"");
        return value;
    }

    private string Integer(int bits)
    {
        var token = Current;
        if (token.Kind != TokenKind.Atom)
        {
            throw Unexpected($"an i{bits} literal");
        }
        var error = WatNumbers.ParseInteger(_list.GetSpan(token), bits, out var value);
        Check(token, error, $"i{bits}");
        _pos++;
        return value.ToString(CultureInfo.InvariantCulture);
    }

    private string Unsigned()
    {
        var token = Current;
        if (token.Kind != TokenKind.Atom)
        {
            throw Unexpected("a number");
        }
        var error = WatNumbers.ParseUnsigned(_list.GetSpan(token), 64, out var value);
        Check(token, error, "u64");
        _pos++;
        return value.ToString(CultureInfo.InvariantCulture);
    }

    private string Float(int bits, bool result)
    {
        var token = Current;
        if (token.Kind != TokenKind.Atom)
        {
            throw Unexpected($"an f{bits} literal");
        }
        var text = _list.GetSpan(token);
        if (result && (text.SequenceEqual("nan:canonical") || text.SequenceEqual("nan:arithmetic")))
        {
            _pos++;
            return text.ToString();
        }
        NumberError error;
        ulong value;
        if (bits == 32)
        {
            error = WatNumbers.ParseF32(text, out var f);
            value = f;
        }
        else
        {
            error = WatNumbers.ParseF64(text, out value);
        }
        Check(token, error, $"f{bits}");
        _pos++;
        return value.ToString(CultureInfo.InvariantCulture);
    }

    private void Check(in Token token, NumberError error, string type)
    {
        if (error != NumberError.None)
        {
            throw new WatParseException(token.Line, token.Column,
                error == NumberError.OutOfRange ? $"constant out of range for {type}" : $"unexpected \"{_list.GetSpan(token)}\", expected {ModuleParser.Article(type)} {type} literal");
        }
    }
}
