using System.Diagnostics;
using System.Text;
using Microwasm.Text;
using WatText = Microwasm.Text.Wat;

namespace Microwasm.Tests.Text;

/// <summary>
/// Hostile text (issue #19, bad input): megabytes of one construct — an unterminated comment, a
/// literal, a string, nesting — give a module or a positioned <see cref="WatParseException"/>, in
/// time and memory linear in the input. The sizes bound the work; the 10 s cap is only a safety net
/// that turns a quadratic or endless parse into a failure instead of a hung run.
/// </summary>
public class WatBadInputTests
{
    private const int Megabytes = 4 << 20;
    private static readonly TimeSpan s_safetyNet = TimeSpan.FromSeconds(10);

    private static WatParseException Rejected(string text)
    {
        var stopwatch = Stopwatch.StartNew();
        var ex = Assert.Throws<WatParseException>(() => WatText.ToBinary(text));
        Assert.True(stopwatch.Elapsed < s_safetyNet, $"{stopwatch.Elapsed.TotalSeconds:F1} s for {text.Length} characters");
        Assert.True(ex.Line >= 1 && ex.Column >= 1);
        return ex;
    }

    private static byte[] Accepted(string text)
    {
        var stopwatch = Stopwatch.StartNew();
        var bytes = WatText.ToBinary(text);
        Assert.True(stopwatch.Elapsed < s_safetyNet, $"{stopwatch.Elapsed.TotalSeconds:F1} s for {text.Length} characters");
        return bytes;
    }

    [Fact]
    public void AnUnterminatedCommentOfMegabytesIsAnErrorAtItsStart()
    {
        var ex = Rejected("(module)\n  (; " + new string('x', Megabytes));
        Assert.Equal((2, 3), (ex.Line, ex.Column));
        Assert.Contains("unterminated block comment", ex.Reason);
    }

    [Fact]
    public void AMillionNestedCommentOpenersNeverClosedAreAnError()
    {
        var ex = Rejected(string.Concat(Enumerable.Repeat("(;", 1_000_000)));
        Assert.Contains("unterminated block comment", ex.Reason);
    }

    [Fact]
    public void AMillionNestedCommentsClosedAreNothing()
    {
        var text = "(module " + string.Concat(Enumerable.Repeat("(;", 1_000_000)) + string.Concat(Enumerable.Repeat(";)", 1_000_000)) + ")";
        Assert.Equal(8, Accepted(text).Length);
    }

    [Fact]
    public void AnUnterminatedStringOfMegabytesIsAnError()
    {
        var ex = Rejected("(module (data \"" + new string('a', Megabytes));
        Assert.Contains("unterminated string", ex.Reason);
    }

    [Fact]
    public void AStringOfMegabytesIsData()
    {
        var text = new StringBuilder("(module (memory 64) (data (i32.const 0) \"").Append('\u00e9', Megabytes / 2).Append("\\00\"))").ToString();
        var bytes = Accepted(text);
        Assert.True(bytes.Length > Megabytes, $"{bytes.Length} bytes");
    }

    [Theory]
    [InlineData("i32.const")]
    [InlineData("i64.const")]
    public void AnIntegerOfAMillionDigitsIsOutOfRange(string instruction)
    {
        var ex = Rejected($"(module (func (drop ({instruction} 1{new string('0', 1_000_000)}))))");
        Assert.Contains("constant out of range", ex.Reason);
        Assert.Equal(1, ex.Line);
    }

    [Theory]
    [InlineData("f32.const")]
    [InlineData("f64.const")]
    public void FloatsOfAMillionDigitsAreRoundedOrInfinite(string instruction)
    {
        // a million-digit decimal and hexadecimal fraction round; a million-digit integer part is too large
        Accepted($"(module (func (drop ({instruction} 0.{new string('3', 1_000_000)}))))");
        Accepted($"(module (func (drop ({instruction} 0x1.{new string('f', 1_000_000)}p-3))))");
        Accepted($"(module (func (drop ({instruction} 1{new string('0', 1_000_000)}e-1000000))))");
        var ex = Rejected($"(module (func (drop ({instruction} 1{new string('0', 1_000_000)}))))");
        Assert.Contains("constant out of range", ex.Reason);
    }

    [Fact]
    public void AnExponentOfAMillionDigitsIsBounded()
    {
        Accepted($"(module (func (drop (f64.const 1e-{new string('9', 1_000_000)}))))");
        Rejected($"(module (func (drop (f64.const 1e{new string('9', 1_000_000)}))))");
    }

    [Fact]
    public void AnIdentifierOfMegabytesIsAName()
    {
        var id = "$" + new string('n', Megabytes);
        Assert.True(Accepted($"(module (func {id}) (export \"f\" (func {id})))").Length > 8);
        var ex = Rejected($"(module (func (call {id})))");
        Assert.Contains("unknown function", ex.Reason);
    }

    [Fact]
    public void ScriptNestingOfModuleQuotesIsBounded()
    {
        // a quote module whose text is a deep nest: the script parses, the module is an error with a position
        var nest = new string('(', Lexer.MaxNesting + 1);
        var commands = WastParser.Parse($"(module quote \"{nest}\")");
        var ex = Assert.Throws<WatParseException>(() => commands.Single().Module!.GetBinary());
        Assert.True(ex.Line >= 1 && ex.Column >= 1);
    }
}
