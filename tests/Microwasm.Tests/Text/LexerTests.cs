using System.Text;
using Microwasm.Text;

namespace Microwasm.Tests.Text;

public class LexerTests
{
    private static List<(TokenKind Kind, string Text)> Lex(string text)
    {
        var list = Lexer.Tokenize(text);
        var result = new List<(TokenKind, string)>();
        for (var i = 0; i < list.Count - 1; i++)
        {
            var t = list.Tokens[i];
            result.Add((t.Kind, t.Kind switch
            {
                TokenKind.String => Convert.ToHexString(list.GetBytes(t)),
                TokenKind.Id => list.GetText(t),
                _ => list.GetSpan(t).ToString(),
            }));
        }
        return result;
    }

    [Fact]
    public void TokensOfAModule()
    {
        Assert.Equal(
        [
            (TokenKind.LParen, "("), (TokenKind.Atom, "module"), (TokenKind.Id, "m"),
            (TokenKind.LParen, "("), (TokenKind.Atom, "func"), (TokenKind.Atom, "i32.const"), (TokenKind.Atom, "-0x1_0"),
            (TokenKind.Atom, "offset=4"), (TokenKind.RParen, ")"), (TokenKind.RParen, ")"),
        ],
        Lex("(module $m (func i32.const -0x1_0 offset=4))"));
    }

    [Fact]
    public void CommentsNestAndAnnotationsAreSkipped()
    {
        Assert.Equal(
            [(TokenKind.Atom, "a"), (TokenKind.Atom, "b"), (TokenKind.Atom, "c")],
            Lex("a (; x (; nested ;) still ;) b ;; line\n(@custom \"name\" (nested \")\") ;; c\n) c"));
    }

    [Theory]
    [InlineData("\"\"", "")]
    [InlineData("\"abc\"", "616263")]
    [InlineData("\"\\t\\n\\r\\\"\\'\\\\\"", "090A0D22275C")]
    [InlineData("\"\\00\\ff\\7F\"", "00FF7F")]
    [InlineData("\"\\u{41}\\u{e9}\\u{1F600}\"", "41C3A9F09F9880")]
    [InlineData("\"\\u{1_0000}\"", "F0908080")]
    [InlineData("\"é😀\"", "C3A9F09F9880")]
    public void StringEscapes(string text, string hex) =>
        Assert.Equal([(TokenKind.String, hex)], Lex(text));

    [Theory]
    [InlineData("$x", "x")]
    [InlineData("$a.b-c!#%&'*+/:<=>?@\\^_`|~", "a.b-c!#%&'*+/:<=>?@\\^_`|~")]
    [InlineData("$\"with space\"", "with space")]
    [InlineData("$\"\\u{e9}\"", "é")]
    public void Ids(string text, string name) => Assert.Equal([(TokenKind.Id, name)], Lex(text));

    [Theory]
    [InlineData("\"a\"\"b\"")]
    [InlineData("a\"b\"")]
    [InlineData("$x\"y\"")]
    [InlineData("a,b")]
    [InlineData("$")]
    public void RunsOfNonTokensAreReserved(string text) => Assert.Equal(TokenKind.Reserved, Lex(text)[0].Kind);

    [Theory]
    [InlineData("\"abc", 1, 1, "unterminated string")]
    [InlineData("  \"a\nb\"", 1, 3, "unterminated string")]
    [InlineData("x \"\\q\"", 1, 4, "malformed escape")]
    [InlineData("\"\\u{D800}\"", 1, 2, "not a Unicode scalar value")]
    [InlineData("\"\\u{110000}\"", 1, 2, "not a Unicode scalar value")]
    [InlineData("\"\\u{}\"", 1, 2, "expected \\u{hex}")]
    [InlineData("\"\\4\"", 1, 2, "malformed escape")]
    [InlineData("\"a\tb\"", 1, 3, "control character")]
    [InlineData("a\n  (; never closed", 2, 3, "unterminated block comment")]
    [InlineData("(a", 1, 1, "unclosed \"(\"")]
    [InlineData("a)", 1, 2, "unexpected \")\"")]
    [InlineData("a\n\n b {", 3, 4, "")]
    [InlineData("$\"\"", 1, 1, "empty identifier")]
    [InlineData("$\"\\ff\"", 1, 1, "malformed UTF-8")]
    [InlineData("x\n (@a \"b\"", 2, 2, "unterminated annotation")]
    [InlineData("(@a \u0001)", 1, 5, "unexpected character")]
    [InlineData("(@\"\")", 1, 1, "empty annotation id")]
    [InlineData("(@\"\\ef\")", 1, 1, "malformed UTF-8")]
    public void ErrorsHavePositions(string text, int line, int column, string reason)
    {
        var ex = Assert.Throws<WatParseException>(() =>
        {
            var list = Lexer.Tokenize(text);
            // Reserved tokens are rejected by the parser; here a lone "{" is reserved, which is fine for the lexer.
            if (reason.Length == 0)
            {
                var reserved = list.Tokens.Take(list.Count).First(t => t.Kind == TokenKind.Reserved);
                throw new WatParseException(reserved.Line, reserved.Column, "reserved");
            }
        });
        Assert.Equal(line, ex.Line);
        Assert.Equal(column, ex.Column);
        Assert.Contains(reason, ex.Reason);
    }

    [Fact]
    public void DeepNestingIsAnErrorNotACrash()
    {
        var text = new string('(', Lexer.MaxNesting + 1) + new string(')', Lexer.MaxNesting + 1);
        var ex = Assert.Throws<WatParseException>(() => Lexer.Tokenize(text));
        Assert.Equal(Lexer.MaxNesting + 1, ex.Column);
    }

    [Fact]
    public void LongStringsAndCommentsAreLinear()
    {
        var text = new StringBuilder().Append('"').Append('a', 2_000_000).Append("\" (;").Append(' ', 2_000_000).Append(";)").ToString();
        var list = Lexer.Tokenize(text);
        Assert.Equal(2_000_000, list.GetBytes(list.Tokens[0]).Length);
    }

    [Fact]
    public void LineEndingsCountLines()
    {
        var list = Lexer.Tokenize("a\r\nb\rc\nd");
        Assert.Equal([1, 2, 3, 4], list.Tokens.Take(4).Select(t => t.Line));
        Assert.All(list.Tokens.Take(4), t => Assert.Equal(1, t.Column));
    }
}
