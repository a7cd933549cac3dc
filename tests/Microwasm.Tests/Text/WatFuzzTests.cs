using Microwasm.Text;
using WatText = Microwasm.Text.Wat;

namespace Microwasm.Tests.Text;

/// <summary>Mutated text gives a module or a <see cref="WatParseException"/>, never another exception or a hang.</summary>
public class WatFuzzTests
{
    private const string Seed = WatPrinterTests.Rich;

    private const string Alphabet = "()\"$;\\ 0123456789abcdefxp._-+=:nu{}@\n\t\u00e9";

    [Fact]
    public void SeedParses()
    {
        Assert.True(WatText.ToBinary(Seed).Length > 100);
    }

    [Fact]
    public void MutatedModulesGiveAModuleOrAParseError()
    {
        var random = new Random(20261204);
        var parsed = 0;
        var rejected = 0;
        for (var i = 0; i < 4000; i++)
        {
            var text = Mutate(Seed, random);
            try
            {
                WatText.ToBinary(text);
                parsed++;
            }
            catch (WatParseException ex)
            {
                Assert.True(ex.Line >= 1 && ex.Column >= 1, $"position {ex.Line}:{ex.Column} for {ex.Reason}");
                rejected++;
            }
        }
        // Both outcomes happen, so the mutations reach past the lexer.
        Assert.True(parsed > 100, $"{parsed} parsed");
        Assert.True(rejected > 100, $"{rejected} rejected");
    }

    [Fact]
    public void MutatedScriptsGiveCommandsOrAParseError()
    {
        var script = Seed + """

            (register "m" $m)
            (assert_return (invoke $m "f" (i32.const 1)) (i32.const 1) (either (f32.const nan:canonical) (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15)))
            (assert_trap (invoke "f" (i32.const 0)) "unreachable")
            (assert_malformed (module quote "(func (i32.const 0x))") "unknown operator")
            (assert_invalid (module binary "\00asm" "\01\00\00\00") "x")
            (assert_unlinkable (module (import "x" "y" (func))) "unknown import")
            """;
        var random = new Random(42);
        for (var i = 0; i < 2000; i++)
        {
            var text = Mutate(script, random);
            try
            {
                foreach (var command in WastParser.Parse(text))
                {
                    try
                    {
                        command.Module?.GetBinary();
                    }
                    catch (WatParseException)
                    {
                    }
                }
            }
            catch (WatParseException)
            {
            }
        }
    }

    private static string Mutate(string text, Random random)
    {
        var chars = new System.Text.StringBuilder(text);
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits; e++)
        {
            var at = random.Next(chars.Length);
            switch (random.Next(4))
            {
                case 0:
                    chars.Remove(at, Math.Min(random.Next(1, 6), chars.Length - at));
                    break;
                case 1:
                    chars.Insert(at, Alphabet[random.Next(Alphabet.Length)]);
                    break;
                case 2:
                    var length = Math.Min(random.Next(1, 40), chars.Length - at);
                    chars.Insert(random.Next(chars.Length), chars.ToString(at, length));
                    break;
                default:
                    chars[at] = Alphabet[random.Next(Alphabet.Length)];
                    break;
            }
        }
        return chars.ToString();
    }
}
