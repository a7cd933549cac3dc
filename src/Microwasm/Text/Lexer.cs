using System.Text;

namespace Microwasm.Text;

/// <summary>The kinds of token of the text format.</summary>
internal enum TokenKind : byte
{
    /// <summary><c>(</c></summary>
    LParen,

    /// <summary><c>)</c></summary>
    RParen,

    /// <summary>
    /// A run of identifier characters not starting with <c>$</c>: a keyword (starts with a
    /// lowercase letter), a number (starts with a digit or sign, or is <c>inf</c>/<c>nan</c>...),
    /// or something reserved. The parser decides which from where it stands.
    /// </summary>
    Atom,

    /// <summary><c>$name</c> or <c>$"name"</c>; the name (without <c>$</c>) is in <see cref="TokenList.GetText"/>.</summary>
    Id,

    /// <summary>A string literal; its bytes are in <see cref="TokenList.GetBytes"/>.</summary>
    String,

    /// <summary>Characters that form no valid token (for example <c>"a""b"</c> or <c>a"b"</c>).</summary>
    Reserved,

    /// <summary>The end of the text.</summary>
    Eof,
}

/// <summary>One token: its kind, where it is in the text and (for strings and ids) its decoded value.</summary>
internal readonly record struct Token(TokenKind Kind, int Start, int Length, int Line, int Column, int Value);

/// <summary>
/// The tokens of a whole text, with the decoded values of strings and ids and, for each
/// <c>(</c>, the index of its matching <c>)</c>.
/// </summary>
internal sealed class TokenList
{
    private readonly List<byte[]> _strings;
    private readonly List<string> _ids;

    internal TokenList(string source, Token[] tokens, int count, int[] match, List<byte[]> strings, List<string> ids)
    {
        Source = source;
        Tokens = tokens;
        Count = count;
        Match = match;
        _strings = strings;
        _ids = ids;
    }

    public string Source { get; }

    /// <summary>The tokens; the last one (at <see cref="Count"/> - 1) is <see cref="TokenKind.Eof"/>.</summary>
    public Token[] Tokens { get; }

    public int Count { get; }

    /// <summary>For a <c>(</c> at index i, the index of its <c>)</c>.</summary>
    public int[] Match { get; }

    /// <summary>The characters of an atom or reserved token.</summary>
    public ReadOnlySpan<char> GetSpan(in Token token) => Source.AsSpan(token.Start, token.Length);

    /// <summary>The bytes of a string token.</summary>
    public byte[] GetBytes(in Token token) => _strings[token.Value];

    /// <summary>The name of an id token, without the <c>$</c>.</summary>
    public string GetText(in Token token) => _ids[token.Value];
}

/// <summary>
/// Splits text into tokens as the WebAssembly text format defines them: nested block comments,
/// line comments, annotations (skipped), strings with every escape, ids (<c>$x</c> and <c>$"x"</c>)
/// and atoms. Errors are <see cref="WatParseException"/>s with the position.
/// </summary>
internal static class Lexer
{
    /// <summary>The deepest parenthesis nesting accepted, so hostile input cannot exhaust the parser's stack.</summary>
    public const int MaxNesting = 10_000;

    /// <param name="text">The text.</param>
    /// <param name="fieldsAtTop">
    /// True when the text may be a module's fields alone (a <c>.wat</c> file), so that a
    /// <c>(@custom ...)</c> annotation outside any form is a module field too; false for a script.
    /// </param>
    public static TokenList Tokenize(string text, bool fieldsAtTop = false)
    {
        var tokens = new Token[Math.Max(16, text.Length / 8)];
        var count = 0;
        var strings = new List<byte[]>();
        var ids = new List<string>();
        var parens = new Stack<int>();
        var match = Array.Empty<int>();
        var matchList = new List<(int Open, int Close)>();
        var line = 1;
        var lineStart = 0;
        var pos = 0;
        var n = text.Length;
        var buffer = new List<byte>();
        // Inside an annotation (@name ...): its tokens are checked like any others, then dropped.
        var annotationDepth = 0;
        var annotationLine = 0;
        var annotationColumn = 0;

        void Add(TokenKind kind, int start, int length, int value, int tokLine, int tokLineStart)
        {
            if (annotationDepth > 0)
            {
                return;
            }
            if (count == tokens.Length)
            {
                Array.Resize(ref tokens, tokens.Length * 2);
            }
            tokens[count++] = new Token(kind, start, length, tokLine, start - tokLineStart + 1, value);
        }

        // (@custom ...) directly in a module is kept as a module field, "@custom" its keyword (a
        // custom section); one inside a field is an error; every other annotation is dropped.
        bool IsModuleLevel()
        {
            if (parens.Count == 0)
            {
                return fieldsAtTop;
            }
            var open = parens.Peek();
            return open + 1 < count && tokens[open + 1].Kind == TokenKind.Atom &&
                text.AsSpan(tokens[open + 1].Start, tokens[open + 1].Length).SequenceEqual("module");
        }

        while (pos < n)
        {
            var c = text[pos];
            switch (c)
            {
                case ' ':
                case '\t':
                    pos++;
                    continue;
                case '\n':
                    pos++;
                    line++;
                    lineStart = pos;
                    continue;
                case '\r':
                    pos++;
                    if (pos < n && text[pos] == '\n')
                    {
                        pos++;
                    }
                    line++;
                    lineStart = pos;
                    continue;
                case ';':
                    if (pos + 1 < n && text[pos + 1] == ';')
                    {
                        while (pos < n && text[pos] != '\n' && text[pos] != '\r')
                        {
                            pos++;
                        }
                        continue;
                    }
                    break;
                case '(':
                    if (pos + 1 < n && text[pos + 1] == ';')
                    {
                        SkipBlockComment(text, ref pos, ref line, ref lineStart);
                        continue;
                    }
                    if (annotationDepth > 0)
                    {
                        if (++annotationDepth > MaxNesting)
                        {
                            throw new WatParseException(line, pos - lineStart + 1, $"nesting deeper than {MaxNesting} parentheses");
                        }
                        pos++;
                        continue;
                    }
                    if (pos + 1 < n && text[pos + 1] == '@' && pos + 2 < n && (IsIdChar(text[pos + 2]) || text[pos + 2] == '"') &&
                        !(IsCustomAnnotation(text, pos) && IsModuleLevel()))
                    {
                        if (IsCustomAnnotation(text, pos) && parens.Count > 0)
                        {
                            // a custom section belongs to the module, not to one of its fields
                            throw new WatParseException(line, pos - lineStart + 1, "misplaced @custom annotation");
                        }
                        annotationDepth = 1;
                        annotationLine = line;
                        annotationColumn = pos - lineStart + 1;
                        pos += 2;
                        if (text[pos] == '"')
                        {
                            // (@"name" ...): the name must be a non-empty UTF-8 string.
                            var name = strings[ReadString(text, ref pos, line, pos - lineStart + 1, strings, buffer)];
                            if (name.Length == 0)
                            {
                                throw new WatParseException(annotationLine, annotationColumn, "empty annotation id");
                            }
                            DecodeUtf8(name, annotationLine, annotationColumn);
                        }
                        continue;
                    }
                    if (parens.Count >= MaxNesting)
                    {
                        throw new WatParseException(line, pos - lineStart + 1, $"nesting deeper than {MaxNesting} parentheses");
                    }
                    parens.Push(count);
                    Add(TokenKind.LParen, pos, 1, 0, line, lineStart);
                    pos++;
                    continue;
                case ')':
                    if (annotationDepth > 0)
                    {
                        annotationDepth--;
                        pos++;
                        continue;
                    }
                    if (parens.Count == 0)
                    {
                        throw new WatParseException(line, pos - lineStart + 1, "unexpected \")\"");
                    }
                    matchList.Add((parens.Pop(), count));
                    Add(TokenKind.RParen, pos, 1, 0, line, lineStart);
                    pos++;
                    continue;
            }

            // A run of identifier characters and strings: one token.
            var start = pos;
            var startLine = line;
            var startLineStart = lineStart;
            var stringCount = 0;
            var otherCount = 0;
            var lastString = -1;
            while (pos < n)
            {
                c = text[pos];
                if (c == '"')
                {
                    var tokLine = line;
                    var tokCol = pos - lineStart + 1;
                    lastString = ReadString(text, ref pos, tokLine, tokCol, strings, buffer);
                    stringCount++;
                }
                else if (IsIdChar(c) || c is ',' or '[' or ']' or '{' or '}')
                {
                    if (c == ';' && pos + 1 < n && text[pos + 1] == ';')
                    {
                        break;
                    }
                    pos++;
                    otherCount++;
                }
                else if (c == ';' && !(pos + 1 < n && text[pos + 1] == ';'))
                {
                    pos++;
                    otherCount++;
                }
                else
                {
                    break;
                }
            }
            if (pos == start)
            {
                throw new WatParseException(line, pos - lineStart + 1, $"unexpected character {Describe(c)}");
            }
            var length = pos - start;
            if (stringCount == 1 && otherCount == 0)
            {
                Add(TokenKind.String, start, length, lastString, startLine, startLineStart);
            }
            else if (text[start] == '$' && stringCount == 0 && otherCount > 1 && IsIdRun(text, start + 1, pos))
            {
                ids.Add(text.Substring(start + 1, length - 1));
                Add(TokenKind.Id, start, length, ids.Count - 1, startLine, startLineStart);
            }
            else if (text[start] == '$' && stringCount == 1 && otherCount == 1)
            {
                var bytes = strings[lastString];
                if (bytes.Length == 0)
                {
                    throw new WatParseException(startLine, start - startLineStart + 1, "empty identifier");
                }
                ids.Add(DecodeUtf8(bytes, startLine, start - startLineStart + 1));
                Add(TokenKind.Id, start, length, ids.Count - 1, startLine, startLineStart);
            }
            else if (stringCount == 0 && text[start] != '$' && IsIdRun(text, start, pos))
            {
                Add(TokenKind.Atom, start, length, 0, startLine, startLineStart);
            }
            else
            {
                Add(TokenKind.Reserved, start, length, 0, startLine, startLineStart);
            }
        }
        if (annotationDepth > 0)
        {
            throw new WatParseException(annotationLine, annotationColumn, "unterminated annotation");
        }
        if (parens.Count > 0)
        {
            var open = tokens[parens.Peek()];
            throw new WatParseException(open.Line, open.Column, "unclosed \"(\"");
        }
        Add(TokenKind.Eof, n, 0, 0, line, lineStart);
        match = new int[count];
        foreach (var (open, close) in matchList)
        {
            match[open] = close;
        }
        return new TokenList(text, tokens, count, match, strings, ids);
    }

    /// <summary>Whether <c>(@custom</c> starts at <paramref name="pos"/> (and not a longer annotation id).</summary>
    private static bool IsCustomAnnotation(string text, int pos)
    {
        const string Keyword = "@custom";
        return text.AsSpan(pos + 1).StartsWith(Keyword, StringComparison.Ordinal) &&
            (pos + 1 + Keyword.Length >= text.Length || !IsIdChar(text[pos + 1 + Keyword.Length]));
    }

    private static bool IsIdRun(string text, int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            if (!IsIdChar(text[i]))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The characters of ids, keywords and numbers (printable ASCII except space, quotes, parens, comma, semicolon, brackets and braces).</summary>
    public static bool IsIdChar(char c) => c < 128 && s_idChars[c];

    private static readonly bool[] s_idChars = BuildIdChars();

    private static bool[] BuildIdChars()
    {
        var table = new bool[128];
        for (var c = '0'; c <= '9'; c++)
        {
            table[c] = true;
        }
        for (var c = 'a'; c <= 'z'; c++)
        {
            table[c] = true;
            table[c - 'a' + 'A'] = true;
        }
        foreach (var c in "!#$%&'*+-./:<=>?@\\^_`|~")
        {
            table[c] = true;
        }
        return table;
    }

    private static string Describe(char c) => c is >= ' ' and < (char)0x7F ? $"'{c}'" : $"U+{(int)c:X4}";

    private static void SkipBlockComment(string text, ref int pos, ref int line, ref int lineStart)
    {
        var startLine = line;
        var startCol = pos - lineStart + 1;
        var depth = 0;
        var n = text.Length;
        while (pos < n)
        {
            var c = text[pos];
            if (c == '(' && pos + 1 < n && text[pos + 1] == ';')
            {
                depth++;
                pos += 2;
            }
            else if (c == ';' && pos + 1 < n && text[pos + 1] == ')')
            {
                depth--;
                pos += 2;
                if (depth == 0)
                {
                    return;
                }
            }
            else
            {
                pos++;
                if (c == '\n' || (c == '\r' && !(pos < n && text[pos] == '\n')))
                {
                    line++;
                    lineStart = pos;
                }
            }
        }
        throw new WatParseException(startLine, startCol, "unterminated block comment");
    }

    /// <summary>Reads a string literal at <paramref name="pos"/> (its opening quote); returns the index of its bytes.</summary>
    private static int ReadString(string text, ref int pos, int line, int column, List<byte[]> strings, List<byte> buffer)
    {
        buffer.Clear();
        var start = pos;
        pos++;
        var n = text.Length;
        Span<byte> utf8 = stackalloc byte[4];
        while (true)
        {
            if (pos >= n)
            {
                throw new WatParseException(line, column, "unterminated string");
            }
            var c = text[pos];
            var col = column + (pos - start);
            if (c == '"')
            {
                pos++;
                break;
            }
            if (c == '\n' || c == '\r')
            {
                throw new WatParseException(line, column, "unterminated string");
            }
            if (c < ' ' || c == (char)0x7F)
            {
                throw new WatParseException(line, col, $"control character {Describe(c)} in string");
            }
            if (c == '\\')
            {
                if (pos + 1 >= n)
                {
                    throw new WatParseException(line, column, "unterminated string");
                }
                var e = text[pos + 1];
                switch (e)
                {
                    case 't': buffer.Add(0x09); pos += 2; continue;
                    case 'n': buffer.Add(0x0A); pos += 2; continue;
                    case 'r': buffer.Add(0x0D); pos += 2; continue;
                    case '"': buffer.Add(0x22); pos += 2; continue;
                    case '\'': buffer.Add(0x27); pos += 2; continue;
                    case '\\': buffer.Add(0x5C); pos += 2; continue;
                    case 'u':
                    {
                        if (pos + 2 >= n || text[pos + 2] != '{')
                        {
                            throw new WatParseException(line, col, "malformed escape: expected \\u{hex}");
                        }
                        var p = pos + 3;
                        var value = 0L;
                        var digits = 0;
                        var lastUnderscore = false;
                        while (p < n && (HexValue(text[p]) >= 0 || text[p] == '_'))
                        {
                            if (text[p] == '_')
                            {
                                if (digits == 0 || lastUnderscore)
                                {
                                    throw new WatParseException(line, col, "malformed escape: misplaced \"_\"");
                                }
                                lastUnderscore = true;
                            }
                            else
                            {
                                value = Math.Min(value * 16 + HexValue(text[p]), 0x7FFF_FFFF);
                                digits++;
                                lastUnderscore = false;
                            }
                            p++;
                        }
                        if (digits == 0 || lastUnderscore || p >= n || text[p] != '}')
                        {
                            throw new WatParseException(line, col, "malformed escape: expected \\u{hex}");
                        }
                        if (value >= 0x110000 || value is >= 0xD800 and < 0xE000)
                        {
                            throw new WatParseException(line, col, $"malformed escape: \\u{{{text[(pos + 3)..p]}}} is not a Unicode scalar value");
                        }
                        var rune = new Rune((int)value);
                        var written = rune.EncodeToUtf8(utf8);
                        for (var i = 0; i < written; i++)
                        {
                            buffer.Add(utf8[i]);
                        }
                        pos = p + 1;
                        continue;
                    }
                    default:
                    {
                        var hi = HexValue(e);
                        var lo = pos + 2 < n ? HexValue(text[pos + 2]) : -1;
                        if (hi < 0 || lo < 0)
                        {
                            throw new WatParseException(line, col, $"malformed escape \"\\{e}\"");
                        }
                        buffer.Add((byte)(hi * 16 + lo));
                        pos += 3;
                        continue;
                    }
                }
            }
            if (c < 0x80)
            {
                buffer.Add((byte)c);
                pos++;
                continue;
            }
            // A non-ASCII character: its UTF-8 encoding (a surrogate pair is one character).
            if (Rune.DecodeFromUtf16(text.AsSpan(pos), out var r, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                throw new WatParseException(line, col, "malformed UTF-16 in the source text");
            }
            var w = r.EncodeToUtf8(utf8);
            for (var i = 0; i < w; i++)
            {
                buffer.Add(utf8[i]);
            }
            pos += consumed;
        }
        strings.Add([.. buffer]);
        return strings.Count - 1;
    }

    public static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    private static readonly UTF8Encoding s_strictUtf8 = new(false, true);

    /// <summary>Decodes a name; WebAssembly names must be valid UTF-8.</summary>
    public static string DecodeUtf8(byte[] bytes, int line, int column)
    {
        try
        {
            return s_strictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new WatParseException(line, column, "malformed UTF-8 encoding");
        }
    }
}
