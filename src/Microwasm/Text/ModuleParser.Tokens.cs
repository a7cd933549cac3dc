using System.Runtime.CompilerServices;

namespace Microwasm.Text;

/// <summary>The token cursor and its small helpers.</summary>
internal sealed partial class ModuleParser
{
    private readonly TokenList _list;
    private readonly Token[] _tokens;
    private int _pos;

    private ref readonly Token Current => ref _tokens[_pos];

    private bool AtRParen => _tokens[_pos].Kind == TokenKind.RParen;

    private ReadOnlySpan<char> Text(in Token token) => _list.GetSpan(token);

    /// <summary>True when the current token is the atom <paramref name="keyword"/>.</summary>
    private bool IsKeyword(string keyword) => IsKeywordAt(_pos, keyword);

    private bool IsKeywordAt(int index, string keyword) =>
        index < _list.Count && _tokens[index].Kind == TokenKind.Atom && _list.GetSpan(_tokens[index]).SequenceEqual(keyword);

    /// <summary>True when the current token is <c>(</c> followed by the atom <paramref name="keyword"/>.</summary>
    private bool IsForm(string keyword) => _tokens[_pos].Kind == TokenKind.LParen && IsKeywordAt(_pos + 1, keyword);

    private bool IsFormAt(int index, string keyword) => _tokens[index].Kind == TokenKind.LParen && IsKeywordAt(index + 1, keyword);

    /// <summary>The keyword after <c>(</c> at the current position, or an empty span.</summary>
    private ReadOnlySpan<char> FormKeyword() =>
        _tokens[_pos].Kind == TokenKind.LParen && _tokens[_pos + 1].Kind == TokenKind.Atom ? Text(_tokens[_pos + 1]) : default;

    private bool TryKeyword(string keyword)
    {
        if (IsKeyword(keyword))
        {
            _pos++;
            return true;
        }
        return false;
    }

    /// <summary>Consumes <c>( keyword</c> if it is next.</summary>
    private bool TryForm(string keyword)
    {
        if (IsForm(keyword))
        {
            _pos += 2;
            return true;
        }
        return false;
    }

    private void ExpectKeyword(string keyword)
    {
        if (!TryKeyword(keyword))
        {
            throw Unexpected($"\"{keyword}\"");
        }
    }

    private void ExpectLParen()
    {
        if (Current.Kind != TokenKind.LParen)
        {
            throw Unexpected("\"(\"");
        }
        _pos++;
    }

    private void ExpectRParen()
    {
        if (Current.Kind != TokenKind.RParen)
        {
            throw Unexpected("\")\"");
        }
        _pos++;
    }

    private string? TryId()
    {
        if (Current.Kind == TokenKind.Id)
        {
            return _list.GetText(_tokens[_pos++]);
        }
        return null;
    }

    private byte[] ExpectString()
    {
        if (Current.Kind != TokenKind.String)
        {
            throw Unexpected("a string");
        }
        return _list.GetBytes(_tokens[_pos++]);
    }

    /// <summary>A string that is a name, so it must be valid UTF-8.</summary>
    private byte[] ExpectName()
    {
        var token = Current;
        var bytes = ExpectString();
        Lexer.DecodeUtf8(bytes, token.Line, token.Column);
        return bytes;
    }

    /// <summary>Strings until something else, concatenated (data segments, binary modules).</summary>
    private byte[] Strings()
    {
        if (Current.Kind != TokenKind.String)
        {
            return [];
        }
        var buffer = new ByteBuffer();
        while (Current.Kind == TokenKind.String)
        {
            buffer.Bytes(_list.GetBytes(_tokens[_pos++]));
        }
        return buffer.ToArray();
    }

    private void SkipForm()
    {
        _pos = _list.Match[_pos] + 1;
    }

    /// <summary>An atom that starts like a number: a digit, a sign, or <c>inf</c>/<c>nan</c>.</summary>
    private bool IsNumberAt(int index)
    {
        if (_tokens[index].Kind != TokenKind.Atom)
        {
            return false;
        }
        var s = _list.GetSpan(_tokens[index]);
        return s[0] is >= '0' and <= '9' or '+' or '-' || s.StartsWith("inf") || s.StartsWith("nan");
    }

    /// <summary>An atom of digits only (the start of an unsigned index).</summary>
    private bool IsUnsignedAt(int index) =>
        _tokens[index].Kind == TokenKind.Atom && _list.GetSpan(_tokens[index])[0] is >= '0' and <= '9';

    private WatParseException Error(in Token token, string message) => new(token.Line, token.Column, message);

    private WatParseException Error(string message) => Error(Current, message);

    /// <summary>"unexpected TOKEN, expected WHAT".</summary>
    private WatParseException Unexpected(string expected) => Error($"unexpected {Describe(Current)}, expected {expected}");

    private string Describe(in Token token) => token.Kind switch
    {
        TokenKind.LParen => "\"(\"",
        TokenKind.RParen => "\")\"",
        TokenKind.Eof => "end of text",
        TokenKind.String => "string",
        TokenKind.Id => $"${_list.GetText(token)}",
        _ => $"\"{Shorten(Text(token))}\"",
    };

    /// <summary>"a" or "an" before a type name (an i32, an f64, a u32).</summary>
    internal static string Article(string word) => word.Length > 0 && word[0] is 'a' or 'e' or 'i' or 'o' or 'f' ? "an" : "a";

    private static string Shorten(ReadOnlySpan<char> s) => s.Length <= 40 ? s.ToString() : string.Concat(s[..37], "...");

    private uint ParseU32()
    {
        var token = Current;
        if (token.Kind != TokenKind.Atom)
        {
            throw Unexpected("a number");
        }
        var error = WatNumbers.ParseUnsigned(Text(token), 32, out var value);
        CheckNumber(token, error, "u32");
        _pos++;
        return (uint)value;
    }

    private ulong ParseU64()
    {
        var token = Current;
        if (token.Kind != TokenKind.Atom)
        {
            throw Unexpected("a number");
        }
        var error = WatNumbers.ParseUnsigned(Text(token), 64, out var value);
        CheckNumber(token, error, "u64");
        _pos++;
        return value;
    }

    private ulong ParseInt(int bits)
    {
        var token = Current;
        if (token.Kind != TokenKind.Atom)
        {
            throw Unexpected($"an i{bits} literal");
        }
        var error = WatNumbers.ParseInteger(Text(token), bits, out var value);
        CheckNumber(token, error, $"i{bits}");
        _pos++;
        return value;
    }

    private uint ParseF32()
    {
        var token = Current;
        if (token.Kind != TokenKind.Atom)
        {
            throw Unexpected("an f32 literal");
        }
        var error = WatNumbers.ParseF32(Text(token), out var value);
        CheckNumber(token, error, "f32");
        _pos++;
        return value;
    }

    private ulong ParseF64()
    {
        var token = Current;
        if (token.Kind != TokenKind.Atom)
        {
            throw Unexpected("an f64 literal");
        }
        var error = WatNumbers.ParseF64(Text(token), out var value);
        CheckNumber(token, error, "f64");
        _pos++;
        return value;
    }

    private void CheckNumber(in Token token, NumberError error, string type)
    {
        if (error == NumberError.Malformed)
        {
            throw Error(token, $"unexpected {Describe(token)}, expected {Article(type)} {type} literal");
        }
        if (error == NumberError.OutOfRange)
        {
            throw Error(token, $"constant out of range: {Shorten(Text(token))} is not a {type}");
        }
    }

    /// <summary>Guards the recursive parts of the parser against hostile nesting.</summary>
    private void CheckStack()
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw Error("nesting too deep");
        }
    }
}
