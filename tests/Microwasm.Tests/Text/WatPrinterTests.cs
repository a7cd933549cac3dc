using System.Text;
using Microwasm.Binary;
using Microwasm.Text;
using WatText = Microwasm.Text.Wat;

namespace Microwasm.Tests.Text;

/// <summary>
/// <see cref="WatPrinter"/>: the layout, names from the name section, custom sections in their
/// place, exact constants, what the text cannot express, and hostile bytes. The round trip over
/// both spec suites is in <c>Microwasm.SpecTests/PrinterRoundTripTests</c>.
/// </summary>
public class WatPrinterTests
{
    /// <summary>A module that uses most of the text format; also the seed of <see cref="WatFuzzTests"/>.</summary>
    internal const string Rich = """
        (module $m
          (type $t (func (param i32) (result i32)))
          (import "env" "f" (func $imp (type $t)))
          (table $tab 2 funcref)
          (memory $mem 1 2)
          (global $g (mut i64) (i64.const -0x8000_0000_0000_0000))
          (elem (table $tab) (i32.const 0) func $imp $f)
          (data (memory $mem) (i32.const 8) "\00\ff\u{e9}text")
          (func $f (export "f") (param $x i32) (result i32) (local $y f64) (local v128)
            (block $b (result i32)
              (loop $l
                (br_if $l (i32.eqz (local.get $x)))
                (if (result i32) (local.get $x) (then (i32.const 1)) (else (br $b (i32.const 2)))))
              drop
              (call_indirect $tab (type $t) (local.get $x) (i32.const 1))
              (f32.const 0x1.8p-3) (f64.const nan:0x4) (v128.const f32x4 1 -inf nan 0.5)
              (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 (local.get 2) (local.get 2))
              drop drop drop drop
              (i32.load offset=4 align=2 (local.get $x))
              (br_table $b $b (i32.const 0))))
          (start $f2)
          (func $f2 (memory.init 0 (i32.const 0) (i32.const 0) (i32.const 0)) (data.drop 0)))
        """;

    [Fact]
    public void PrintsAModuleInAReadableLayoutThatReadsBackToTheSameBytes()
    {
        var wasm = WatText.ToBinary("""
            (module
              (memory 1)
              (func (export "add") (param i32 i32) (result i32)
                (i32.add (local.get 0) (local.get 1)))
              (func (param i32)
                (if (local.get 0) (then (nop)) (else (unreachable)))
                (i64.store offset=8 align=4 (i32.const 0) (i64.const -1))))
            """);
        var text = WatPrinter.Print(wasm);
        Assert.Equal("""
            (module
              (type (;0;) (func (param i32 i32) (result i32)))
              (type (;1;) (func (param i32)))
              (func (;0;) (type 0) (param i32 i32) (result i32)
                local.get 0
                local.get 1
                i32.add)
              (func (;1;) (type 1) (param i32)
                local.get 0
                if
                  nop
                else
                  unreachable
                end
                i32.const 0
                i64.const -1
                i64.store offset=8 align=4)
              (memory (;0;) 1)
              (export "add" (func 0)))

            """.ReplaceLineEndings("\n"), text);
        Assert.Equal(wasm, WatText.ToBinary(text));
    }

    [Fact]
    public void ARichModuleRoundTrips()
    {
        var wasm = WatText.ToBinary(Rich);
        var notes = new List<string>();
        var text = WatPrinter.Print(wasm, notes);
        Assert.Empty(notes);
        Assert.Equal(wasm, WatText.ToBinary(text));
        Assert.Contains("f64.const nan:0x4", text);
        Assert.Contains("f32.const 0x1.8p-3", text);
        Assert.Contains("i32.load offset=4 align=2", text);
        Assert.Contains("call_indirect (type 0)", text);
    }

    [Fact]
    public void TheSyntaxOf30RoundTrips()
    {
        var wasm = WatText.ToBinary("""
            (module
              (rec
                (type $node (sub (struct (field $next (ref null $node)) (field (mut i8)))))
                (type $leaf (sub final $node (struct (field (ref null $node)) (field (mut i8))))))
              (type $bytes (array (mut i8)))
              (type $sig (func (param i32) (result i32)))
              (tag $e (param i32))
              (memory $m0 1)
              (memory $m1 i64 1 2)
              (table $t 1 (ref null func) (ref.null func))
              (global $g (ref null $node) (struct.new_default $node))
              (func $f (type $sig) (param $x i32) (result i32)
                (block $out (result i32)
                  (try_table (result i32) (catch $e $out) (catch_all_ref 1)
                    (throw $e (local.get $x))))
                drop
                (i64.store8 $m1 offset=4294967296 (i64.const 0) (i64.const 1))
                (ref.test (ref null $leaf) (global.get $g))
                drop
                (block $b (result (ref null $node))
                  (br_on_cast $b (ref null $node) (ref $leaf) (global.get $g))
                  drop
                  (ref.null none))
                drop
                (array.new_fixed $bytes 2 (i32.const 1) (i32.const 2))
                drop
                (return_call $f (local.get $x))))
            """);
        var notes = new List<string>();
        var text = WatPrinter.Print(wasm, notes);
        Assert.Empty(notes);
        Assert.Equal(wasm, WatText.ToBinary(text));
        Assert.Contains("(rec\n    (type (;0;) (sub (struct (field (ref null 0)) (field (mut i8)))))\n    (type (;1;) (sub final 0 (struct", text);
        Assert.Contains("(memory (;1;) i64 1 2)", text);
        Assert.Contains("try_table (result i32) (catch 0 0) (catch_all_ref 1)", text);
        Assert.Contains("i64.store8 1 offset=4294967296", text);
        Assert.Contains("ref.test (ref null 1)", text);
        Assert.Contains("br_on_cast 0 (ref null 0) (ref 1)", text);
        Assert.Contains("array.new_fixed 2 2", text);
        Assert.Contains("return_call 0", text);
    }

    [Fact]
    public void TheWriterOverloadWritesTheSameText()
    {
        var wasm = WatText.ToBinary(Rich);
        var writer = new StringWriter();
        WatPrinter.Print(wasm, writer);
        Assert.Equal(WatPrinter.Print(wasm), writer.ToString());
    }

    [Fact]
    public void NamesFromTheNameSectionBecomeIdsAndTheSectionIsKept()
    {
        var module = WatText.ToBinary("""
            (module
              (type (func (param i32) (result i32)))
              (import "env" "g" (global (mut i32)))
              (func (type 0) (local i64) local.get 0)
              (func (type 0) local.get 0 call 0)
              (func (type 0) local.get 0 call 1))
            """);
        var names = new List<byte>();
        Subsection(names, 0, Name("m"));
        Subsection(names, 1, [.. Leb(3), .. Leb(0), .. Name("f"), .. Leb(1), .. Name("has space"), .. Leb(2), .. Name("f")]);
        Subsection(names, 2, [.. Leb(1), .. Leb(0), .. Leb(2), .. Leb(0), .. Name("x"), .. Leb(1), .. Name("y")]);
        Subsection(names, 7, [.. Leb(1), .. Leb(0), .. Name("g")]);
        var wasm = WithCustomSection(module, "name", [.. names]);

        var text = WatPrinter.Print(wasm);

        Assert.StartsWith("(module $m\n", text);
        Assert.Contains("(import \"env\" \"g\" (global $g (mut i32)))", text);
        Assert.Contains("(func $f (type 0) (param $x i32) (result i32) (local $y i64)\n    local.get $x)", text);
        Assert.Contains("(func $\"has space\" (type 0) (param i32) (result i32)\n    local.get 0\n    call $f)", text);
        // a name already taken is left out, so that each $id is defined once
        Assert.Contains("(func (;2;) (type 0)", text);
        Assert.Contains("call $\"has space\"", text);
        Assert.Contains("(@custom \"name\" (after code) ", text);
        Assert.Equal(wasm, WatText.ToBinary(text));
    }

    [Fact]
    public void AMalformedNameSectionGivesNoNamesButIsKept()
    {
        var module = WatText.ToBinary("(module (func) (func call 0))");
        var wasm = WithCustomSection(module, "name", [1, 9, 1, 0]);
        var text = WatPrinter.Print(wasm);
        Assert.Contains("call 0", text);
        Assert.Equal(wasm, WatText.ToBinary(text));
    }

    [Fact]
    public void CustomSectionsArePrintedAndReadBackInTheirPlace()
    {
        var wasm = WatText.ToBinary("""
            (module
              (@custom "first" (before first) "\01\02")
              (type (func))
              (@custom "after type" (after type) "x")
              (func (type 0))
              (@custom "at the end" "\00")
              (@custom "before func" (before func) ""))
            """);
        // the first custom section comes right after the header
        Assert.Equal(0, wasm[8]);
        var text = WatPrinter.Print(wasm);
        Assert.Contains("(@custom \"first\" (before first) \"\\01\\02\")", text);
        Assert.Contains("(@custom \"after type\" (after type) \"x\")", text);
        Assert.Contains("(@custom \"before func\" (after type))", text);
        Assert.Contains("(@custom \"at the end\" (after code) \"\\00\")", text);
        Assert.Equal(wasm, WatText.ToBinary(text));
    }

    [Fact]
    public void ACustomSectionAfterASectionPrecedesOneBeforeTheNextSection()
    {
        var wasm = WatText.ToBinary("""
            (module
              (@custom "b" (before import) "2")
              (@custom "a" (after type) "1")
              (@custom "c")
              (type (func)))
            """);
        // each custom section: id 0, size 3, name length 1, the name, one byte
        var a = wasm.AsSpan().IndexOf(new byte[] { 0, 3, 1, (byte)'a', (byte)'1' });
        var b = wasm.AsSpan().IndexOf(new byte[] { 0, 3, 1, (byte)'b', (byte)'2' });
        Assert.True(a > 0 && a < b, $"a at {a}, b at {b}");
        var text = WatPrinter.Print(wasm);
        Assert.Contains("(@custom \"a\" (after type) \"1\")\n  (@custom \"b\" (after type) \"2\")\n  (@custom \"c\" (after type)))", text);
        Assert.Equal(wasm, WatText.ToBinary(text));
    }

    [Fact]
    public void TypeAndFieldNamesNameGcTypesAndTheirFields()
    {
        var module = WatText.ToBinary("""
            (module
              (type (struct (field i32) (field (mut i64))))
              (func (param (ref null 0)) (result i64) local.get 0 struct.get 0 1))
            """);
        var names = new List<byte>();
        Subsection(names, 4, [.. Leb(1), .. Leb(0), .. Name("point")]);
        Subsection(names, 10, [.. Leb(1), .. Leb(0), .. Leb(2), .. Leb(0), .. Name("x"), .. Leb(1), .. Name("y")]);
        var wasm = WithCustomSection(module, "name", [.. names]);
        var text = WatPrinter.Print(wasm);
        Assert.Contains("(type $point (struct (field $x i32) (field $y (mut i64))))", text);
        Assert.Contains("(param (ref null $point)) (result i64)", text);
        Assert.Contains("struct.get $point $y", text);
        Assert.Equal(wasm, WatText.ToBinary(text));
    }

    [Fact]
    public void OtherAnnotationsAreIgnoredAndACustomOneInsideAFieldIsMisplaced()
    {
        Assert.Equal(WatText.ToBinary("(module (func nop))"), WatText.ToBinary("(module (@other 1 2 (3)) (func (@other) nop))"));
        var error = Assert.Throws<WatParseException>(() => WatText.ToBinary("(module\n  (func (@custom \"x\") nop))"));
        Assert.Equal("2:9: misplaced @custom annotation", error.Message);
        // a text of fields alone may start with one
        Assert.Equal([0, 0x61, 0x73, 0x6D, 1, 0, 0, 0, 0, 4, 3, (byte)'b', (byte)'l', (byte)'a'], WatText.ToBinary("(@custom \"bla\")"));
        Assert.Throws<WatParseException>(() => WatText.ToBinary("(module (@custom \"bla\" (after types)))"));
        Assert.Throws<WatParseException>(() => WatText.ToBinary("(module (@custom bla))"));
    }

    [Fact]
    public void FloatConstantsRoundTripExactly()
    {
        var f32 = new List<uint> { 0, 0x80000000, 1, 0x80000001, 0x007FFFFF, 0x00800000, 0x7F7FFFFF, 0x7F800000, 0xFF800000, 0x7FC00000, 0xFFC00000, 0x7F800001, 0x7FA00000, 0xFFFFFFFF, 0x3F800000 };
        var f64 = new List<ulong> { 0, 1UL << 63, 1, 0x000FFFFFFFFFFFFF, 0x0010000000000000, 0x7FEFFFFFFFFFFFFF, 0x7FF0000000000000, 0xFFF0000000000000, 0x7FF8000000000000, 0x7FF0000000000001, 0xFFFFFFFFFFFFFFFF, 0x3FF0000000000000 };
        var random = new Random(19);
        for (var i = 0; i < 2000; i++)
        {
            f32.Add((uint)random.NextInt64(0, 1L << 32));
            f64.Add((ulong)random.NextInt64() ^ ((ulong)random.Next(2) << 63));
        }
        var body = new List<byte> { 0 };
        foreach (var bits in f32)
        {
            body.Add(0x43);
            body.AddRange(BitConverter.GetBytes(bits));
            body.Add(0x1A);
        }
        foreach (var bits in f64)
        {
            body.Add(0x44);
            body.AddRange(BitConverter.GetBytes(bits));
            body.Add(0x1A);
        }
        body.Add(0x0B);
        var wasm = ModuleWithBody([.. body]);

        var text = WatPrinter.Print(wasm);

        Assert.Equal(wasm, WatText.ToBinary(text));
        Assert.Contains("f32.const -0x0p+0", text);
        Assert.Contains("f32.const 0x0.000002p-126", text);
        Assert.Contains("f32.const 0x1.fffffep+127", text);
        Assert.Contains("f32.const -nan\n", text);
        Assert.Contains("f32.const nan:0x200000", text);
        Assert.Contains("f64.const 0x1p+0", text);
        Assert.Contains("f64.const -inf", text);
    }

    [Fact]
    public void WhatTheTextCannotExpressIsNotedAndReadsBackTheUsualWay()
    {
        // i32.const 1 with a two-byte LEB128 (0x81 0x00), and an empty else
        var wasm = ModuleWithBody([0, 0x41, 0x81, 0x00, 0x04, 0x40, 0x05, 0x0B, 0x0B]);
        var notes = new List<string>();
        var text = WatPrinter.Print(wasm, notes);
        Assert.Equal(["a LEB128 number longer than it needs to be", "an empty else"], notes);
        Assert.Equal(ModuleWithBody([0, 0x41, 0x01, 0x04, 0x40, 0x0B, 0x0B]), WatText.ToBinary(text));
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(100_000)]
    public void DeepNestingPrintsInTextLinearInTheModuleSize(int depth)
    {
        
        var body = new byte[1 + depth * 3 + 1];
        body[0] = 0;
        for (var i = 0; i < depth; i++)
        {
            body[1 + i * 2] = 0x02;
            body[2 + i * 2] = 0x40;
            body[1 + depth * 2 + i] = 0x0B;
        }
        body[^1] = 0x0B;
        var wasm = ModuleWithBody(body);
        var notes = new List<string>();
        var text = WatPrinter.Print(wasm, notes);
        // the indentation stops growing (at 32 levels), so each instruction takes a bounded line:
        // at most 64 spaces, the name and a newline for each byte here
        Assert.True(text.Length < wasm.Length * 72L, $"{text.Length} characters for {wasm.Length} bytes");
        Assert.True(text.Length > wasm.Length * 10L, $"{text.Length} characters for {wasm.Length} bytes");
        if (depth < 10_000)
        {
            Assert.Empty(notes);
            Assert.Equal(wasm, WatText.ToBinary(text));
        }
        else
        {
            // the parser reads blocks recursively: this deep, the text is printed but not read back
            Assert.Equal(["blocks nested more than 10,000 deep, which the text parser may refuse"], notes);
        }
    }

    [Fact]
    public void TooManyLocalsIsAnErrorNotAnAllocation()
    {
        var wasm = ModuleWithBody([1, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x7F, 0x0B]);
        var error = Assert.Throws<WasmDecodeException>(() => WatPrinter.Print(wasm));
        Assert.Equal("too many locals", error.Reason);
    }

    [Theory]
    [InlineData(new byte[] { 0, 0x61, 0x73 }, "magic header not detected")]
    [InlineData(new byte[] { 0, 0x61, 0x73, 0x6D, 2, 0, 0, 0 }, "unknown binary version")]
    [InlineData(new byte[] { 0, 0x61, 0x73, 0x6D, 1, 0, 0, 0, 14, 0 }, "malformed section id")]
    [InlineData(new byte[] { 0, 0x61, 0x73, 0x6D, 1, 0, 0, 0, 1, 5, 1 }, "section size out of bounds")]
    [InlineData(new byte[] { 0, 0x61, 0x73, 0x6D, 1, 0, 0, 0, 1, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 1 }, "section size out of bounds")]
    [InlineData(new byte[] { 0, 0x61, 0x73, 0x6D, 1, 0, 0, 0, 3, 2, 1, 0 }, "function and code section have inconsistent lengths")]
    [InlineData(new byte[] { 0, 0x61, 0x73, 0x6D, 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0, 10, 6, 1, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F }, "unexpected end of section or function")]
    [InlineData(new byte[] { 0, 0x61, 0x73, 0x6D, 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0, 10, 7, 2, 2, 0, 0x0B, 2, 0, 0x0B, 10, 4, 1, 2, 0, 0x0B }, "function and code section have inconsistent lengths")]
    public void MalformedModulesAreDecodeErrors(byte[] wasm, string reason)
    {
        var error = Assert.Throws<WasmDecodeException>(() => WatPrinter.Print(wasm));
        Assert.Equal(reason, error.Reason);
    }

    [Fact]
    public void EveryPrefixAndMutationIsTextOrADecodeError()
    {
        var wasm = WatText.ToBinary(Rich);
        var printed = 0;
        var refused = 0;
        void Try(byte[] bytes)
        {
            try
            {
                WatPrinter.Print(bytes);
                printed++;
            }
            catch (WasmDecodeException)
            {
                refused++;
            }
        }
        for (var length = 0; length < wasm.Length; length++)
        {
            Try(wasm[..length]);
        }
        var random = new Random(1919);
        for (var i = 0; i < 20_000; i++)
        {
            var mutated = (byte[])wasm.Clone();
            for (var k = random.Next(1, 4); k > 0; k--)
            {
                mutated[random.Next(8, mutated.Length)] = (byte)random.Next(256);
            }
            Try(mutated);
        }
        Assert.Equal(wasm.Length + 20_000, printed + refused);
        Assert.True(refused > wasm.Length, $"{refused} refused");
        Assert.True(printed > 1000, $"{printed} printed");
    }

    // ---- building modules ----

    private static byte[] Leb(uint value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value != 0 ? (byte)(b | 0x80) : b);
        }
        while (value != 0);
        return [.. bytes];
    }

    private static byte[] Name(string name)
    {
        var bytes = Encoding.UTF8.GetBytes(name);
        return [.. Leb((uint)bytes.Length), .. bytes];
    }

    private static void Subsection(List<byte> output, byte id, byte[] content)
    {
        output.Add(id);
        output.AddRange(Leb((uint)content.Length));
        output.AddRange(content);
    }

    private static byte[] Section(byte id, byte[] content) => [id, .. Leb((uint)content.Length), .. content];

    private static byte[] WithCustomSection(byte[] module, string name, byte[] content) =>
        [.. module, .. Section(0, [.. Name(name), .. content])];

    /// <summary>A module of one function of type [] → [] with this body (locals, instructions and end).</summary>
    private static byte[] ModuleWithBody(byte[] body) =>
    [
        0, 0x61, 0x73, 0x6D, 1, 0, 0, 0,
        .. Section(1, [1, 0x60, 0, 0]),
        .. Section(3, [1, 0]),
        .. Section(10, [1, .. Leb((uint)body.Length), .. body]),
    ];

    /// <summary>A "name" custom section of label names only (subsection 3): function index → (label index → name).</summary>
    private static byte[] LabelNameSection(uint function, params (uint Index, string Name)[] labels)
    {
        var map = new List<byte> { 0x01, (byte)function, (byte)labels.Length };
        foreach (var (index, name) in labels)
        {
            map.Add((byte)index);
            map.Add((byte)name.Length);
            map.AddRange(Encoding.UTF8.GetBytes(name));
        }
        byte[] content = [0x04, .. "name"u8, 0x03, (byte)map.Count, .. map];
        return [0x00, (byte)content.Length, .. content];
    }

    [Fact]
    public void LabelNamesFromTheNameSectionNameBlocksAndBranches()
    {
        // labels in order of the blocks that open them: 0 block, 1 loop, 2 block (a sibling), 3 block (inside 2)
        var code = WatText.ToBinary("""
            (module (func (param i32)
              (block (loop (br_if 1 (local.get 0)) (br_table 0 1 (local.get 0))))
              (block (block (br 1) (br 0)))))
            """);
        byte[] wasm = [.. code, .. LabelNameSection(0, (0, "out"), (1, "top"), (2, "l"), (3, "l"))];

        var text = WatPrinter.Print(wasm);

        Assert.Contains("block $out", text);
        Assert.Contains("loop $top", text);
        Assert.Contains("br_if $out", text);
        Assert.Contains("br_table $top $out", text);
        // the inner $l shadows the outer one: the outer is reached by its depth
        Assert.Contains("br 1", text);
        Assert.Contains("br $l", text);
        Assert.DoesNotContain("br $out", text.Replace("br_if $out", "", StringComparison.Ordinal));
        // and the text reads back as the same bytes (the name section is printed as a custom section too)
        Assert.Equal(wasm, WatText.ToBinary(text));
    }

    [Fact]
    public void LabelNamesOfAnotherFunctionOrBeyondItsBlocksAreIgnored()
    {
        var code = WatText.ToBinary("(module (func (block (br 0))) (func (loop (br 0))))");
        byte[] wasm = [.. code, .. LabelNameSection(1, (0, "again"), (7, "none"))];

        var text = WatPrinter.Print(wasm);

        Assert.Contains("loop $again", text);
        Assert.Contains("br $again", text);
        Assert.Contains("block\n", text.Replace("\r", "", StringComparison.Ordinal) + "\n");
        Assert.Equal(wasm, WatText.ToBinary(text));
    }

    [Fact]
    public void TheParsersNameSectionNamesFunctionsAndLocals()
    {
        var wasm = WatText.ToBinary("(module (import \"e\" \"f\" (func $imp)) (func $f (param $x i32) (local $y i64) (local i32)) (func))", nameSection: true);

        var names = ModuleReader.Read(wasm).Names!;
        Assert.Equal(new Dictionary<uint, string> { [0] = "imp", [1] = "f" }, names.FunctionNames);
        Assert.Equal(new Dictionary<uint, string> { [0] = "x", [1] = "y" }, names.LocalNames[1]);
        Assert.False(names.LocalNames.ContainsKey(2));
        // without it, no custom section
        Assert.Empty(ModuleReader.Read(WatText.ToBinary("(module (func $f))")).CustomSections);
    }
}
