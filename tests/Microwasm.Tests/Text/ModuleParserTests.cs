using Microwasm.Interpreter;
using Microwasm.Runtime;
using Microwasm.Text;
using WatText = Microwasm.Text.Wat;

namespace Microwasm.Tests.Text;

public class ModuleParserTests
{
    private static readonly byte[] Header = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00];

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes);

    /// <summary>The module's bytes after the header, as hex.</summary>
    private static string Sections(string text)
    {
        var bytes = WatText.ToBinary(text);
        Assert.Equal(Header, bytes[..8]);
        return Hex(bytes[8..]);
    }

    private static WasmValue[] Run(string text, string export, params WasmValue[] args)
    {
        var store = new Store();
        var instance = new Linker().Instantiate(store, new InterpreterEngine().Compile(ModuleLoader.Load(WatText.ToBinary(text))));
        return instance.GetFunction(export)!.Invoke(store, args);
    }

    private static WatParseException Fails(string text) => Assert.Throws<WatParseException>(() => WatText.ToBinary(text));

    [Fact]
    public void EmptyModuleIsTheHeader()
    {
        Assert.Equal(Header, WatText.ToBinary("(module)"));
        Assert.Equal(Header, WatText.ToBinary("(module $m)"));
        Assert.Equal(Header, WatText.ToBinary(""));
        Assert.Equal(Header, WatText.ToBinary(" ;; nothing\n"));
    }

    [Fact]
    public void FunctionWithInlineTypeAndExport()
    {
        // type (i32 i32) -> i32; func 0; export "add"; code: local.get 0, local.get 1, i32.add
        Assert.Equal(
            "0107016002" + "7F7F017F" + "03020100" + "070701036164640000" + "0A09010700200020016A0B",
            Sections("(module (func (export \"add\") (param $a i32) (param $b i32) (result i32) (i32.add (local.get $a) (local.get $b))))"));
    }

    [Fact]
    public void FoldedAndPlainInstructionsEncodeAlike()
    {
        var folded = WatText.ToBinary("(func (result i32) (i32.sub (i32.const 10) (i32.mul (i32.const 2) (i32.const 3))))");
        var plain = WatText.ToBinary("(func (result i32) i32.const 10 i32.const 2 i32.const 3 i32.mul i32.sub)");
        Assert.Equal(Hex(plain), Hex(folded));
        Assert.Equal(4, Run("(func (export \"f\") (result i32) (i32.sub (i32.const 10) (i32.mul (i32.const 2) (i32.const 3))))", "f")[0].AsI32());
    }

    [Fact]
    public void ExplicitTypesComeFirstAndImplicitTypesAreShared()
    {
        // The func's (param i32) uses the explicit type 0 declared after it; the second func adds type 1, the third reuses it.
        Assert.Equal(
            "0109026001" + "7F00" + "6000017F" + "0304030001" + "01" + "0A0E03" + "02000B" + "040041000B" + "040041010B",
            Sections("(func (param i32)) (func (result i32) (i32.const 0)) (func (result i32) (i32.const 1)) (type (func (param i32)))"));
    }

    [Fact]
    public void ImportsAreIndexedPerKindInTextOrder()
    {
        var text = """
            (module
              (func $a (import "env" "a"))
              (global $x (import "env" "x") i32)
              (import "env" "b" (func $b))
              (func $c (call $b) (drop (global.get $x))))
            """;
        var bytes = WatText.ToBinary(text);
        Assert.Equal(3, ModuleLoader.Load(bytes).Module.Imports.Length);
        Assert.Contains("0A090107001001" + "2300" + "1A0B", Hex(bytes)); // $c calls function 1 and reads global 0
    }

    [Fact]
    public void InlineImportAfterADefinitionIsMalformed()
    {
        var ex = Fails("(func) (memory (import \"a\" \"b\") 1)");
        Assert.Equal("import after function", ex.Reason);
        Assert.Equal((1, 9), (ex.Line, ex.Column));
    }

    [Fact]
    public void LabelsResolveToDepths()
    {
        var text = """
            (func (export "f") (param i32) (result i32)
              (block $outer (result i32)
                (block $inner
                  (br_if $inner (local.get 0))
                  (br $outer (i32.const 1)))
                (i32.const 2)))
            """;
        Assert.Equal(1, Run(text, "f", WasmValue.I32(0))[0].AsI32());
        Assert.Equal(2, Run(text, "f", WasmValue.I32(1))[0].AsI32());
        Assert.Contains("0D00" + "41010C010B", Hex(WatText.ToBinary(text))); // br_if 0 ... br 1
    }

    [Fact]
    public void ShadowedLabelsResolveToTheInnermost()
    {
        var bytes = WatText.ToBinary("(func (block $l (block $l (br $l))))");
        Assert.Contains("02400240" + "0C00" + "0B0B", Hex(bytes));
    }

    [Fact]
    public void IfWithThenElseAndPlainForm()
    {
        var folded = "(func (export \"f\") (param i32) (result i32) (if (result i32) (local.get 0) (then (i32.const 7)) (else (i32.const 8))))";
        var plain = "(func (export \"f\") (param i32) (result i32) local.get 0 if $l (result i32) i32.const 7 else $l i32.const 8 end $l)";
        Assert.Equal(Hex(WatText.ToBinary(folded)), Hex(WatText.ToBinary(plain)));
        Assert.Equal(7, Run(folded, "f", WasmValue.I32(1))[0].AsI32());
        Assert.Equal(8, Run(folded, "f", WasmValue.I32(0))[0].AsI32());
    }

    [Fact]
    public void BlockTypesByTypeUse()
    {
        // (param i32) (result i32): a type index; a type with no params and one result: the value type.
        var hex = Hex(WatText.ToBinary("(type $r (func (result i64))) (func (result i32) (i32.const 1) (block (param i32) (result i32)) (block (type $r) (i64.const 0)) drop)"));
        Assert.Contains("0201", hex); // block type index 1 (implicit [i32] -> [i32])
        Assert.Contains("027E", hex); // block i64
    }

    [Fact]
    public void TablesWithInlineElementsAndMemoriesWithInlineData()
    {
        var text = """
            (module
              (table $t funcref (elem $f $g))
              (memory (data "hi" "!"))
              (func $f (export "f") (result i32) (i32.load8_u (i32.const 2)))
              (func $g (export "g") (result i32) (call_indirect $t (result i32) (i32.const 0))))
            """;
        Assert.Equal((int)'!', Run(text, "f")[0].AsI32());
        Assert.Equal((int)'!', Run(text, "g")[0].AsI32());
        var hex = Hex(WatText.ToBinary(text));
        Assert.Contains("0405017001" + "0202", hex); // table: funcref, limits min=max=2
        Assert.Contains("0504010101" + "01", hex); // memory: limits min=max=1 page
        Assert.Contains("0B09010041000B03686921", hex); // data: active, memory 0, i32.const 0, "hi!"
    }

    [Fact]
    public void ElementSegmentForms()
    {
        var hex = Hex(WatText.ToBinary("""
            (table 1 funcref)
            (func $f)
            (elem (i32.const 0) $f)
            (elem func $f)
            (elem declare func $f)
            (elem funcref (ref.null func))
            (elem (table 0) (offset (i32.const 0)) externref (item ref.null extern))
            """));
        Assert.Contains("0041000B0100", hex); // flags 0: offset, one index
        Assert.Contains("0100010003000100", hex); // flags 1 (passive, elemkind, 1 index) then flags 3 (declarative)
        Assert.Contains("057001D0700B", hex); // flags 5: funcref, one expression ref.null func
        Assert.Contains("060041000B6F01D06F0B", hex); // flags 6: table 0, offset, externref, ref.null extern
    }

    [Fact]
    public void MemArgsAndAlignment()
    {
        var hex = Hex(WatText.ToBinary("(memory 1) (func (drop (i32.load offset=0x10 align=2 (i32.const 0))) (drop (i64.load (i32.const 0))))"));
        Assert.Contains("280110", hex); // align 2 = 2^1, offset 16
        Assert.Contains("290300", hex); // natural alignment 8 = 2^3
        var ex = Fails("(memory 1) (func (drop (i32.load align=3 (i32.const 0))))");
        Assert.Equal((1, 34), (ex.Line, ex.Column));
        Assert.Contains("power of two", ex.Reason);
    }

    [Fact]
    public void MultiMemoryIndexIsEncodedInTheFlags()
    {
        var hex = Hex(WatText.ToBinary("(memory 1) (memory $m 1) (func (drop (i32.load $m offset=4 (i32.const 0))))"));
        Assert.Contains("28420104", hex); // flags 0x40 | 2, memory 1, offset 4
    }

    [Fact]
    public void ConstantsAndVectors()
    {
        var hex = Hex(WatText.ToBinary("(func (result v128) i32.const -1 drop i64.const 0x8000_0000_0000_0000 drop f32.const -nan:0x1 drop v128.const i16x8 1 2 3 4 5 6 7 -1)"));
        Assert.Contains("417F1A", hex);
        Assert.Contains("428080808080808080807F1A", hex);
        Assert.Contains("43010080FF1A", hex);
        Assert.Contains("FD0C" + "0100020003000400050006000700FFFF", hex);
    }

    [Fact]
    public void SimdLaneAndShuffleImmediates()
    {
        var hex = Hex(WatText.ToBinary("(memory 1) (func (param v128) (result v128) (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 31 (local.get 0) (local.get 0)) (v128.load8_lane 1 (i32.const 0)) drop (i32x4.extract_lane 3) drop (local.get 0))"));
        Assert.Contains("FD0D000102030405060708090A0B0C0D0E1F", hex);
        Assert.Contains("FD5400" + "0001", hex); // load8_lane: align 1 (2^0), offset 0, lane 1
        Assert.Contains("FD1B03", hex);
    }

    [Fact]
    public void NamesThatAreNotBoundAreErrorsWithPositions()
    {
        var ex = Fails("(module\n  (func (call $nowhere)))");
        Assert.Equal((2, 15), (ex.Line, ex.Column));
        Assert.Equal("unknown function $nowhere", ex.Reason);
        Assert.Equal("unknown local $x", Fails("(func (local.get $x))").Reason);
        Assert.Equal("unknown label $l", Fails("(func (br $l))").Reason);
        Assert.Equal("unknown global $g", Fails("(func (global.get $g))").Reason);
        Assert.Equal("unknown type $t", Fails("(func (type $t))").Reason);
        Assert.Equal("unknown table $t", Fails("(func (table.size $t))").Reason);
        Assert.Equal("unknown memory $m", Fails("(data (memory $m) (i32.const 0))").Reason);
        Assert.Equal("unknown elem segment $e", Fails("(func (elem.drop $e))").Reason);
        Assert.Equal("unknown data segment $d", Fails("(func (data.drop $d))").Reason);
    }

    [Theory]
    [InlineData("(func $f) (func $f)", "duplicate function $f")]
    [InlineData("(func (param $x i32) (local $x i32))", "duplicate local $x")]
    [InlineData("(global $g i32 (i32.const 0)) (global $g i32 (i32.const 0))", "duplicate global $g")]
    [InlineData("(func) (start 0) (start 0)", "multiple start sections")]
    [InlineData("(func block $a end $b)", "mismatching label $b")]
    [InlineData("(func block end $x)", "mismatching label $x")]
    [InlineData("(type (func (param i32))) (func (type 0) (param i64))", "inline function type does not match the type use")]
    [InlineData("(func (type 5) (param i32))", "unknown type 5: inline function type with no such type")]
    [InlineData("(func (block (param $x i32)))", "cannot name its parameters")]
    [InlineData("(func (call_indirect (param $x i32)))", "cannot name its parameters")]
    [InlineData("(func (i32.const 0x1_0000_0000))", "constant out of range")]
    [InlineData("(func (f32.const 1e39))", "constant out of range")]
    [InlineData("(func (i32.const 1.5))", "expected an i32 literal")]
    [InlineData("(func (i32.add2))", "unknown operator \"i32.add2\"")]
    [InlineData("(func (result i32) (param i32))", "unknown operator \"param\"")]
    [InlineData("(func (v128.const i32x4 1 2 3))", "wrong number of lanes")]
    [InlineData("(func (i8x16.extract_lane_s 256 (v128.const i64x2 0 0)))", "constant out of range")]
    [InlineData("(func (if (i32.const 0) (else)))", "expected \"(then\"")]
    [InlineData("(potato)", "unknown module field \"potato\"")]
    [InlineData("(func (export \"\\ff\"))", "malformed UTF-8")]
    [InlineData("(func (br_table))", "expected a label")]
    [InlineData("(memory 1) (func (drop (i32.load offset=-1 (i32.const 0))))", "expected an offset literal")]
    [InlineData("(func (local.get))", "expected a local index")]
    [InlineData("(module (func) x)", "expected a module field")]
    [InlineData("(module) (module)", "expected end of text")]
    public void ErrorPaths(string text, string reason) => Assert.Contains(reason, Fails(text).Reason);

    [Fact]
    public void NumericIndicesOutOfRangeAreLeftToTheValidator()
    {
        // The text is well formed: only validation can say the function does not exist.
        var bytes = WatText.ToBinary("(func (call 7))");
        Assert.Throws<Microwasm.Validation.WasmValidationException>(() => ModuleLoader.Load(bytes));
    }

    [Fact]
    public void QuotedIdsAreTheSameNamesAsPlainOnes()
    {
        Assert.Equal(3, Run("(func $\"the f\" (result i32) (i32.const 3)) (func (export \"g\") (result i32) (call $\"the f\"))", "g")[0].AsI32());
        Assert.Equal(4, Run("(func $f (result i32) (i32.const 4)) (func (export \"g\") (result i32) (call $\"f\"))", "g")[0].AsI32());
    }

    [Fact]
    public void GlobalsImportsAndExportsOfEveryKind()
    {
        var text = """
            (module
              (import "spectest" "global_i32" (global $gi i32))
              (global $g (export "g") (mut i32) (global.get $gi))
              (table (export "t") 1 funcref)
              (memory (export "m") 1)
              (func (export "get") (result i32) (global.get $g))
              (export "g2" (global $g)))
            """;
        var module = ModuleLoader.Load(WatText.ToBinary(text)).Module;
        Assert.Equal(["g", "t", "m", "get", "g2"], module.Exports.Select(e => e.Name));
    }

    [Fact]
    public void DeeplyNestedFoldedInstructionsAreBounded()
    {
        var depth = 5_000;
        var text = "(func (result i32) " + string.Concat(Enumerable.Repeat("(i32.add (i32.const 1) ", depth)) + "(i32.const 0)" + new string(')', depth) + ")";
        var bytes = WatText.ToBinary(text);
        Assert.True(bytes.Length >= depth * 3); // i32.const 1, i32.add per level
        var tooDeep = "(func " + string.Concat(Enumerable.Repeat("(block ", Lexer.MaxNesting)) + new string(')', Lexer.MaxNesting) + ")";
        Assert.Throws<WatParseException>(() => WatText.ToBinary(tooDeep));
    }

    [Fact]
    public void DeeplyNestedPlainBlocksEndInAnErrorOrAModule()
    {
        var depth = 200_000;
        var text = "(func " + string.Concat(Enumerable.Repeat("block ", depth)) + string.Concat(Enumerable.Repeat("end ", depth)) + ")";
        try
        {
            var bytes = WatText.ToBinary(text);
            Assert.True(bytes.Length > depth * 3);
        }
        catch (WatParseException ex)
        {
            Assert.Equal("nesting too deep", ex.Reason);
        }
    }
}
