using Microwasm.Text;
using WatText = Microwasm.Text.Wat;

namespace Microwasm.Tests.Text;

/// <summary>The 3.0 syntax (and proposals of the 2026 suite) parses to the binary format the spec gives, even where the runtime does not run it.</summary>
public class Wasm3SyntaxTests
{
    private static string Hex(string text) => Convert.ToHexString(WatText.ToBinary(text)[8..]);

    [Fact]
    public void RecursiveStructAndArrayTypes()
    {
        // rec group of 2: struct (field $next (ref null 0)) (field (mut i8)), array (mut i64); then sub final with supertype.
        Assert.Equal(
            "0112" + "02" + "4E02" + "5F02630000" + "7801" + "5E7E01" + "4F0100" + "5F00",
            Hex("(rec (type $node (struct (field $next (ref null $node)) (field (mut i8)))) (type (array (mut i64)))) (type (sub final $node (struct)))"));
    }

    [Fact]
    public void FieldNamesResolveInStructInstructions()
    {
        var hex = Hex("(type $p (struct (field $x i32) (field $y (mut i32)))) (func (param (ref $p)) (struct.set $p $y (local.get 0) (struct.get $p $x (local.get 0))))");
        Assert.Contains("FB020000" + "FB050001", hex); // struct.get $p 0, struct.set $p 1
    }

    [Fact]
    public void CastsEncodeNullabilityInTheOpcodeOrFlags()
    {
        var hex = Hex("(type $t (struct)) (func (param anyref) (result anyref) (block $l (result anyref) (drop (ref.test (ref $t) (local.get 0))) (drop (ref.cast (ref null $t) (local.get 0))) (br_on_cast $l anyref (ref $t) (local.get 0))))");
        Assert.Contains("FB1400", hex); // ref.test (ref 0)
        Assert.Contains("FB1700", hex); // ref.cast (ref null 0)
        Assert.Contains("FB1801006E00", hex); // br_on_cast flags=1 (source nullable), label 0, any, 0
    }

    [Fact]
    public void TryTableCatchLabelsResolveOutsideTheBlock()
    {
        var hex = Hex("(tag $e (param i32)) (func (result i32) (block $h (result i32) (try_table $t (catch $e $h) (throw $e (i32.const 1))) (i32.const 0)))");
        Assert.Contains("1F40" + "01" + "000000", hex); // try_table, empty block type, one clause: catch tag 0 label 0
        Assert.Contains("41010800", hex); // i32.const 1, throw 0
    }

    [Fact]
    public void Memory64AndMultipleMemories()
    {
        // Two memories: flags 0x04 (64-bit) min 1; flags 0x01 min 0 max 2.
        Assert.Equal("0506" + "02" + "0401" + "010002", Hex("(memory i64 1) (memory 0 2)"));
        // A memory index in the alignment flags (bit 6) and a 64-bit offset.
        Assert.Contains("2842" + "01" + "FFFFFFFFFF1F", Hex("(memory 1) (memory i64 1) (func (drop (i32.load 1 offset=0xff_ffff_ffff align=4 (i64.const 0))))"));
    }

    [Fact]
    public void ExactTypesAndDescriptorClauses()
    {
        var hex = Hex("(rec (type $a (descriptor $b) (struct)) (type $b (describes $a) (struct))) (global (ref null (exact $a)) (ref.null (exact $a)))");
        Assert.Contains("4E02" + "4D015F00" + "4C005F00", hex);
        Assert.Contains("63620000" + "D062000B", hex); // (ref null exact 0), not mutable; ref.null exact 0
        Assert.Contains("016D01662000", Hex("(type $f (func)) (import \"m\" \"f\" (func (exact (type $f))))")); // exact import: kind 0x20, type 0
    }

    [Theory]
    [InlineData("(memory 0 (pagesize 3))", "invalid custom page size")]
    [InlineData("(func (try (do) (catch_all) (delegate 0)))", "expected \")\"")]
    [InlineData("(func (delegate 0))", "unknown operator \"delegate\"")]
    [InlineData("(type $t (struct)) (global (ref (exact any)) (unreachable))", "expected a type index")]
    [InlineData("(type (struct (field $x i32) (field $x i32)))", "duplicate field $x")]
    [InlineData("(type $p (struct (field $x i32))) (func (struct.get $p $y (unreachable)))", "unknown field $y")]
    public void Errors(string text, string reason) =>
        Assert.Contains(reason, Assert.Throws<WatParseException>(() => WatText.ToBinary(text)).Reason);
}
