using Microwasm.Binary;
using Microwasm.Model;
using Microwasm.TestSupport;

namespace Microwasm.Tests.Binary;

public class ModuleReaderTests
{
    private static readonly byte[] Header = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00];

    // type section with one type: () -> ()
    private static readonly byte[] VoidType = Section(1, 0x01, 0x60, 0x00, 0x00);

    private static byte[] Module(params byte[][] sections) => [.. Header, .. sections.SelectMany(s => s)];

    private static byte[] Section(byte id, params byte[] content) => [id, .. Leb(checked((uint)content.Length)), .. content];

    private static byte[] Leb(uint value) => Leb128.Unsigned(value);

    /// <summary>A code section entry: size, then the given locals vector and instructions.</summary>
    private static byte[] Body(params byte[] localsAndCode) => [.. Leb((uint)localsAndCode.Length), .. localsAndCode];

    /// <summary>A module with one memory, one funcref table and one function () -> () whose body has no locals.</summary>
    private static byte[] OneFunction(params byte[] code) => Module(
        VoidType,
        Section(3, 0x01, 0x00),
        Section(4, 0x01, 0x70, 0x00, 0x01),
        Section(5, 0x01, 0x00, 0x01),
        Section(10, [0x01, .. Body([0x00, .. code])]));

    // 2.0's error: where 3.0 has a feature, Wasm3FeatureTests checks that it is reported as unsupported
    private static WasmDecodeException Malformed(byte[] bytes) => Wasm20Errors.Throws<WasmDecodeException>(() => ModuleReader.Read(bytes));

    private static void AssertMalformed(byte[] bytes, string reason) => Assert.Equal(reason, Malformed(bytes).Reason);

    [Fact]
    public void ReadsEmptyModule()
    {
        var module = ModuleReader.Read(Header);
        Assert.Empty(module.Types);
        Assert.Empty(module.Imports);
        Assert.Empty(module.Functions);
        Assert.Empty(module.Codes);
        Assert.Empty(module.Datas);
        Assert.Empty(module.CustomSections);
        Assert.Null(module.Start);
        Assert.Null(module.DataCount);
        Assert.Null(module.Names);
    }

    [Theory]
    [InlineData(new byte[] { }, "unexpected end")]
    [InlineData(new byte[] { 0x00, 0x61, 0x73 }, "unexpected end")]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00 }, "unexpected end")]
    [InlineData(new byte[] { 0x00, 0x41, 0x53, 0x4D, 0x01, 0x00, 0x00, 0x00 }, "magic header not detected")]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00 }, "unknown binary version")]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x01, 0x00 }, "unknown binary version")]
    public void RejectsBadHeader(byte[] bytes, string reason) => AssertMalformed(bytes, reason);

    [Fact]
    public void ReadsTypeSection()
    {
        var module = ModuleReader.Read(Module(Section(1, 0x02, 0x60, 0x02, 0x7F, 0x7E, 0x01, 0x7D, 0x60, 0x00, 0x02, 0x7B, 0x6F)));
        Assert.Equal(2, module.Types.Length);
        Assert.Equal(new FuncType([ValueType.I32, ValueType.I64], [ValueType.F32]), module.Types[0]);
        Assert.Equal(new FuncType([], [ValueType.V128, ValueType.ExternRef]), module.Types[1]);
    }

    [Theory]
    [InlineData(new byte[] { 0x01, 0x61, 0x00, 0x00 }, "malformed function type")]
    [InlineData(new byte[] { 0x01, 0xE0, 0x7F, 0x00, 0x00 }, "integer representation too long")]
    [InlineData(new byte[] { 0x01, 0x60, 0x01, 0x40, 0x00 }, "malformed value type")]
    [InlineData(new byte[] { 0x01, 0x60, 0x00 }, "unexpected end")]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x60 }, "length out of bounds")]
    [InlineData(new byte[] { 0x01, 0x60, 0x05, 0x7F, 0x7F }, "length out of bounds")]
    public void RejectsBadTypeSection(byte[] content, string reason) => AssertMalformed(Module(Section(1, content)), reason);

    [Fact]
    public void ReadsImportsOfEveryKind()
    {
        var module = ModuleReader.Read(Module(
            VoidType,
            Section(2,
                0x05,
                0x01, (byte)'m', 0x01, (byte)'f', 0x00, 0x00,
                0x01, (byte)'m', 0x01, (byte)'t', 0x01, 0x6F, 0x01, 0x02, 0x03,
                0x01, (byte)'m', 0x01, (byte)'n', 0x02, 0x00, 0x01,
                0x01, (byte)'m', 0x01, (byte)'g', 0x03, 0x7E, 0x01,
                0x01, (byte)'m', 0x01, (byte)'h', 0x00, 0x00)));
        Assert.Equal(5, module.Imports.Length);
        Assert.Equal(new Import("m", "f", ExternalKind.Function) { TypeIndex = 0 }, module.Imports[0]);
        Assert.Equal(new TableType(ValueType.ExternRef, new Limits(2, 3)), module.Imports[1].Table);
        Assert.Equal(new MemoryType(new Limits(1, null)), module.Imports[2].Memory);
        Assert.Equal(new GlobalType(ValueType.I64, true), module.Imports[3].Global);
        Assert.Equal(2, module.ImportedFunctionCount);
        Assert.Equal(1, module.ImportedTableCount);
        Assert.Equal(1, module.ImportedMemoryCount);
        Assert.Equal(1, module.ImportedGlobalCount);
        Assert.Same(module.Imports[4], module.ImportAt(ExternalKind.Function, 1));
    }

    [Theory]
    [InlineData(new byte[] { 0x01, 0x01, (byte)'m', 0x01, (byte)'f', 0x04, 0x00 }, "malformed import kind")]
    [InlineData(new byte[] { 0x01, 0x01, (byte)'m', 0x01, 0xFF, 0x00, 0x00 }, "malformed UTF-8 encoding")]
    [InlineData(new byte[] { 0x01, 0x01, (byte)'m', 0x05, (byte)'f', 0x00, 0x00 }, "unexpected end")]
    [InlineData(new byte[] { 0x01, 0x01, (byte)'m', 0x01, (byte)'g', 0x03, 0x7F, 0x02 }, "malformed mutability")]
    public void RejectsBadImport(byte[] content, string reason) => AssertMalformed(Module(VoidType, Section(2, content)), reason);

    [Fact]
    public void ReadsDefinitionsExportsAndStart()
    {
        var module = ModuleReader.Read(Module(
            VoidType,
            Section(3, 0x02, 0x00, 0x00),
            Section(4, 0x02, 0x70, 0x00, 0x0A, 0x6F, 0x01, 0x00, 0x80, 0x01),
            Section(5, 0x01, 0x01, 0x01, 0x80, 0x80, 0x04),
            Section(6, 0x02, 0x7F, 0x00, 0x41, 0x2A, 0x0B, 0x7C, 0x01, 0x44, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 0x0B),
            Section(7, 0x02, 0x01, (byte)'a', 0x00, 0x01, 0x03, (byte)'m', (byte)'e', (byte)'m', 0x02, 0x00),
            Section(8, 0x01),
            Section(10, 0x02, 0x02, 0x00, 0x0B, 0x04, 0x01, 0x01, 0x7F, 0x0B)));

        Assert.Equal([0u, 0u], module.Functions);
        Assert.Equal([new TableType(ValueType.FuncRef, new Limits(10, null)), new TableType(ValueType.ExternRef, new Limits(0, 128))], module.Tables);
        Assert.Equal(new MemoryType(new Limits(1, 65536)), Assert.Single(module.Memories));
        Assert.Equal(2, module.Globals.Length);
        Assert.Equal(new GlobalType(ValueType.I32, false), module.Globals[0].Type);
        Assert.Equal([0x41, 0x2A, 0x0B], module.Globals[0].Init.Code.ToArray());
        Assert.Equal(new GlobalType(ValueType.F64, true), module.Globals[1].Type);
        Assert.Equal(10, module.Globals[1].Init.Code.Length);
        Assert.Equal([new Export("a", ExternalKind.Function, 1), new Export("mem", ExternalKind.Memory, 0)], module.Exports);
        Assert.Equal(1u, module.Start);
        Assert.Equal(2, module.Codes.Length);
        Assert.Empty(module.Codes[0].Locals);
        Assert.Equal([new LocalEntry(1, ValueType.I32)], module.Codes[1].Locals);
        Assert.Equal([0x0B], module.Codes[1].Code.ToArray());
    }

    [Fact]
    public void KeepsCodeAndConstantExpressionOffsets()
    {
        var bytes = Module(
            VoidType,
            Section(3, 0x01, 0x00),
            Section(6, 0x01, 0x7E, 0x00, 0x42, 0x7F, 0x0B),
            Section(10, [0x01, .. Body(0x01, 0x02, 0x7D, 0x01, 0x1A, 0x0B)]));
        var module = ModuleReader.Read(bytes);

        var body = Assert.Single(module.Codes);
        Assert.Equal([0x01, 0x1A, 0x0B], body.Code.ToArray());
        Assert.Equal(body.Code.ToArray(), bytes.AsSpan(body.CodeOffset, body.Code.Length).ToArray());
        Assert.Equal([new LocalEntry(2, ValueType.F32)], body.Locals);

        var init = module.Globals[0].Init;
        Assert.Equal(init.Code.ToArray(), bytes.AsSpan(init.Offset, init.Code.Length).ToArray());
        Assert.Equal([0x42, 0x7F, 0x0B], init.Code.ToArray());
    }

    [Theory]
    [InlineData(new byte[] { 0x01, 0x7F, 0x00, 0x00 }, "malformed reference type")]
    [InlineData(new byte[] { 0x01, 0x70, 0x02, 0x00 }, "integer too large")]
    [InlineData(new byte[] { 0x01, 0x70, 0x81, 0x00 }, "integer representation too long")]
    [InlineData(new byte[] { 0x01, 0x70, 0x01, 0x00 }, "unexpected end")]
    public void RejectsBadTable(byte[] content, string reason) => AssertMalformed(Module(Section(4, content)), reason);

    [Theory]
    [InlineData(new byte[] { 0x01, 0x03, 0x00 }, "integer too large")]
    [InlineData(new byte[] { 0x01, 0x00, 0x80, 0x80, 0x80, 0x80, 0x10 }, "integer too large")]
    [InlineData(new byte[] { 0x01, 0x00, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00 }, "integer representation too long")]
    public void RejectsBadMemory(byte[] content, string reason) => AssertMalformed(Module(Section(5, content)), reason);

    [Theory]
    [InlineData(new byte[] { 0x01, 0x7F, 0x02, 0x41, 0x00, 0x0B }, "malformed mutability")]
    [InlineData(new byte[] { 0x01, 0x7F, 0x00, 0x41, 0x00 }, "unexpected end")]
    [InlineData(new byte[] { 0x01, 0x7F, 0x00, 0x06, 0x0B }, "illegal opcode")]
    public void RejectsBadGlobal(byte[] content, string reason) => AssertMalformed(Module(Section(6, content)), reason);

    [Fact]
    public void RejectsBadExportKind() =>
        AssertMalformed(Module(Section(7, 0x01, 0x01, (byte)'x', 0x04, 0x00)), "malformed export kind");

    public static TheoryData<byte[], SegmentMode, ValueType, uint, bool, bool> ElementEncodings => new()
    {
        // flags 0: offset expression, funcidx vector (table 0, funcref)
        { [0x00, 0x41, 0x01, 0x0B, 0x02, 0x00, 0x00], SegmentMode.Active, ValueType.FuncRef, 0u, true, false },
        // flags 1: elemkind, funcidx vector, passive
        { [0x01, 0x00, 0x02, 0x00, 0x00], SegmentMode.Passive, ValueType.FuncRef, 0u, false, false },
        // flags 2: table index, offset, elemkind, funcidx vector
        { [0x02, 0x01, 0x41, 0x00, 0x0B, 0x00, 0x02, 0x00, 0x00], SegmentMode.Active, ValueType.FuncRef, 1u, true, false },
        // flags 3: elemkind, funcidx vector, declarative
        { [0x03, 0x00, 0x02, 0x00, 0x00], SegmentMode.Declarative, ValueType.FuncRef, 0u, false, false },
        // flags 4: offset, expression vector (table 0, funcref)
        { [0x04, 0x41, 0x00, 0x0B, 0x02, 0xD2, 0x00, 0x0B, 0xD0, 0x70, 0x0B], SegmentMode.Active, ValueType.FuncRef, 0u, true, true },
        // flags 5: reftype, expression vector, passive
        { [0x05, 0x6F, 0x02, 0xD0, 0x6F, 0x0B, 0xD0, 0x6F, 0x0B], SegmentMode.Passive, ValueType.ExternRef, 0u, false, true },
        // flags 6: table index, offset, reftype, expression vector
        { [0x06, 0x01, 0x41, 0x00, 0x0B, 0x70, 0x02, 0xD2, 0x00, 0x0B, 0xD2, 0x00, 0x0B], SegmentMode.Active, ValueType.FuncRef, 1u, true, true },
        // flags 7: reftype, expression vector, declarative
        { [0x07, 0x70, 0x02, 0xD2, 0x00, 0x0B, 0xD2, 0x00, 0x0B], SegmentMode.Declarative, ValueType.FuncRef, 0u, false, true },
    };

    [Theory]
    [MemberData(nameof(ElementEncodings))]
    public void ReadsEveryElementEncoding(byte[] segment, SegmentMode mode, ValueType elementType, uint tableIndex, bool hasOffset, bool hasExpressions)
    {
        var module = ModuleReader.Read(Module(
            VoidType,
            Section(3, 0x01, 0x00),
            Section(4, 0x02, 0x70, 0x00, 0x01, 0x70, 0x00, 0x01),
            Section(9, [0x01, .. segment]),
            Section(10, [0x01, .. Body(0x00, 0x0B)])));

        var element = Assert.Single(module.Elements);
        Assert.Equal(mode, element.Mode);
        Assert.Equal(elementType, element.ElementType);
        Assert.Equal(tableIndex, element.TableIndex);
        Assert.Equal(hasOffset, element.Offset is not null);
        Assert.Equal(2, element.Count);
        if (hasExpressions)
        {
            Assert.Null(element.FunctionIndices);
            Assert.All(element.Expressions!, e => Assert.Equal(0x0B, e.Code.Span[^1]));
        }
        else
        {
            Assert.Equal([0u, 0u], element.FunctionIndices!);
            Assert.Null(element.Expressions);
        }
    }

    [Theory]
    [InlineData(new byte[] { 0x01, 0x01, 0x00 }, "malformed element kind")]
    [InlineData(new byte[] { 0x05, 0x7F, 0x00 }, "malformed reference type")]
    [InlineData(new byte[] { 0x08, 0x00 }, "malformed elements segment kind")]
    [InlineData(new byte[] { 0x00, 0x41, 0x00, 0x0B, 0x05, 0x00 }, "length out of bounds")]
    public void RejectsBadElementSegment(byte[] segment, string reason) =>
        AssertMalformed(Module(Section(9, [0x01, .. segment])), reason);

    [Fact]
    public void ReadsEveryDataEncoding()
    {
        var module = ModuleReader.Read(Module(
            Section(5, 0x01, 0x00, 0x01),
            Section(12, 0x03),
            Section(11,
                0x03,
                0x00, 0x41, 0x08, 0x0B, 0x02, 0xAA, 0xBB,
                0x01, 0x01, 0xCC,
                0x02, 0x00, 0x41, 0x10, 0x0B, 0x00)));

        Assert.Equal(3u, module.DataCount);
        Assert.Equal(3, module.Datas.Length);
        Assert.Equal(SegmentMode.Active, module.Datas[0].Mode);
        Assert.Equal([0x41, 0x08, 0x0B], module.Datas[0].Offset!.Code.ToArray());
        Assert.Equal([0xAA, 0xBB], module.Datas[0].Data.ToArray());
        Assert.Equal(SegmentMode.Passive, module.Datas[1].Mode);
        Assert.Null(module.Datas[1].Offset);
        Assert.Equal([0xCC], module.Datas[1].Data.ToArray());
        Assert.Equal(SegmentMode.Active, module.Datas[2].Mode);
        Assert.Equal(0u, module.Datas[2].MemoryIndex);
        Assert.Equal([0x41, 0x10, 0x0B], module.Datas[2].Offset!.Code.ToArray());
        Assert.True(module.Datas[2].Data.IsEmpty);
    }

    [Theory]
    [InlineData(new byte[] { 0x01, 0x03, 0x00 }, "malformed data segment kind")]
    [InlineData(new byte[] { 0x01, 0x01, 0x05, 0x00 }, "length out of bounds")]
    [InlineData(new byte[] { 0x02, 0x01, 0x00 }, "unexpected end")]
    public void RejectsBadDataSection(byte[] content, string reason) => AssertMalformed(Module(Section(11, content)), reason);

    [Theory]
    [InlineData(2, 1)]
    [InlineData(0, 1)]
    public void RejectsDataCountMismatch(byte dataCount, byte segments)
    {
        var datas = Enumerable.Repeat(new byte[] { 0x01, 0x00 }, segments).SelectMany(d => d);
        AssertMalformed(Module(Section(12, dataCount), Section(11, [segments, .. datas])),
            "data count and data section have inconsistent lengths");
    }

    [Fact]
    public void RejectsDataCountWithoutDataSection() =>
        AssertMalformed(Module(Section(12, 0x01)), "data count and data section have inconsistent lengths");

    [Theory]
    [InlineData(new byte[] { 0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x08, 0x00, 0x00, 0x0B })]
    [InlineData(new byte[] { 0xFC, 0x09, 0x00, 0x0B })]
    public void RequiresDataCountForDataIndices(byte[] code)
    {
        // The decoder cannot tell yet (the data section follows the code section): the
        // validator reports a missing data count section as malformed when the index names an
        // existing segment, and as an unknown data segment when it names none.
        var withData = ModuleReader.Read(Module(
            VoidType,
            Section(3, 0x01, 0x00),
            Section(5, 0x01, 0x00, 0x01),
            Section(10, [0x01, .. Body([0x00, .. code])]),
            Section(11, 0x01, 0x01, 0x00)));
        var malformed = Assert.Throws<WasmDecodeException>(() => Microwasm.Validation.Validator.Validate(withData));
        Assert.Equal("data count section required", malformed.Reason);
        var withoutData = ModuleReader.Read(OneFunction(code));
        Assert.Throws<Microwasm.Validation.WasmValidationException>(() => Microwasm.Validation.Validator.Validate(withoutData));

        var module = ModuleReader.Read(Module(
            VoidType,
            Section(3, 0x01, 0x00),
            Section(5, 0x01, 0x00, 0x01),
            Section(12, 0x01),
            Section(10, [0x01, .. Body([0x00, .. code])]),
            Section(11, 0x01, 0x01, 0x00)));
        Assert.Equal(1u, module.DataCount);
    }

    [Fact]
    public void KeepsCustomSectionsAnywhere()
    {
        var bytes = Module(
            Section(0, 0x01, (byte)'a', 0x01, 0x02),
            VoidType,
            Section(0, 0x01, (byte)'b'),
            Section(3, 0x01, 0x00),
            Section(0, 0x02, 0xC3, 0xA9, 0xFF),
            Section(10, [0x01, .. Body(0x00, 0x0B)]));
        var module = ModuleReader.Read(bytes);

        Assert.Equal(["a", "b", "é"], module.CustomSections.Select(c => c.Name));
        Assert.Equal([0x01, 0x02], module.CustomSections[0].Content.ToArray());
        Assert.True(module.CustomSections[1].Content.IsEmpty);
        var third = module.CustomSections[2];
        Assert.Equal([0xFF], third.Content.ToArray());
        Assert.Equal(0xFF, bytes[third.Offset]);
    }

    [Theory]
    [InlineData(new byte[] { 0x00, 0x02, 0x01, 0x80 }, "malformed UTF-8 encoding")]
    [InlineData(new byte[] { 0x00, 0x00 }, "unexpected end")]
    [InlineData(new byte[] { 0x00, 0x02, 0x05, 0x61 }, "unexpected end")]
    [InlineData(new byte[] { 0x00, 0x05, 0x01, 0x61 }, "length out of bounds")]
    public void RejectsBadCustomSection(byte[] section, string reason) => AssertMalformed([.. Header, .. section], reason);

    [Fact]
    public void ReadsNameSection()
    {
        byte[] names =
        [
            0x04, (byte)'n', (byte)'a', (byte)'m', (byte)'e',
            // module name "m"
            0x00, 0x02, 0x01, (byte)'m',
            // function names: 0 → "f", 1 → "g"
            0x01, 0x07, 0x02, 0x00, 0x01, (byte)'f', 0x01, 0x01, (byte)'g',
            // local names: function 1: local 0 → "x", local 2 → "y"
            0x02, 0x09, 0x01, 0x01, 0x02, 0x00, 0x01, (byte)'x', 0x02, 0x01, (byte)'y',
            // an unknown later subsection (labels), skipped
            0x03, 0x01, 0x00,
        ];
        var module = ModuleReader.Read(Module(
            VoidType,
            Section(3, 0x02, 0x00, 0x00),
            Section(10, [0x02, .. Body(0x00, 0x0B), .. Body(0x00, 0x0B)]),
            Section(0, names)));

        Assert.NotNull(module.Names);
        Assert.Equal("m", module.Names.ModuleName);
        Assert.Equal("f", module.GetFunctionName(0));
        Assert.Equal("g", module.GetFunctionName(1));
        Assert.Null(module.GetFunctionName(2));
        var locals = module.Names.LocalNames[1];
        Assert.Equal("x", locals[0]);
        Assert.Equal("y", locals[2]);
        Assert.False(module.Names.LocalNames.ContainsKey(0));
    }

    [Theory]
    [InlineData(new byte[] { 0x01, 0x05, 0x01, 0x00, 0x01, (byte)'f' })]
    [InlineData(new byte[] { 0x01, 0x04, 0x01, 0x00, 0x01, 0xFF })]
    [InlineData(new byte[] { 0x01, 0x05, 0x01, 0x00, 0x01, (byte)'f', 0x00 })]
    [InlineData(new byte[] { 0x01, 0x01, 0x00, 0x00, 0x02, 0x01, (byte)'m' })]
    [InlineData(new byte[] { 0x01 })]
    public void IgnoresMalformedNameSection(byte[] subsections)
    {
        var module = ModuleReader.Read(Module(Section(0, [0x04, (byte)'n', (byte)'a', (byte)'m', (byte)'e', .. subsections])));
        Assert.Null(module.Names);
        Assert.Equal("name", Assert.Single(module.CustomSections).Name);
    }

    [Fact]
    public void AcceptsDataCountBeforeCode()
    {
        var module = ModuleReader.Read(Module(
            VoidType,
            Section(3, 0x01, 0x00),
            Section(12, 0x00),
            Section(10, [0x01, .. Body(0x00, 0x0B)]),
            Section(11, 0x00)));
        Assert.Equal(0u, module.DataCount);
    }

    [Fact]
    public void RejectsRepeatedSection() =>
        AssertMalformed(Module(VoidType, Section(3, 0x00), Section(8, 0x00), Section(8, 0x00)), "unexpected content after last section");

    [Fact]
    public void RejectsMisorderedSection() =>
        AssertMalformed(Module(Section(5, 0x00), Section(4, 0x00)), "unexpected content after last section");

    [Fact]
    public void RejectsDataCountAfterCode() =>
        AssertMalformed(Module(Section(10, 0x00), Section(12, 0x00)), "unexpected content after last section");

    [Theory]
    [InlineData(13)]
    [InlineData(0x7F)]
    [InlineData(0xFF)]
    public void RejectsUnknownSectionId(byte id) => AssertMalformed(Module(Section(id)), "malformed section id");

    [Fact]
    public void RejectsSectionWithTrailingBytes() =>
        AssertMalformed(Module(Section(1, 0x01, 0x60, 0x00, 0x00, 0x00)), "section size mismatch");

    [Fact]
    public void RejectsSectionLongerThanModule() =>
        AssertMalformed([.. Header, 0x01, 0x10, 0x01, 0x60, 0x00, 0x00], "length out of bounds");

    [Fact]
    public void RejectsContentReadingPastItsSection() =>
        AssertMalformed(Module(Section(1, 0x01, 0x60, 0x00), Section(3, 0x00)), "unexpected end");

    [Fact]
    public void RejectsHugeCountsWithoutAllocating()
    {
        AssertMalformed(Module(Section(3, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F)), "length out of bounds");
        AssertMalformed(Module(Section(10, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F)), "length out of bounds");
        AssertMalformed(OneFunction(0x0E, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x0B), "length out of bounds");
    }

    [Fact]
    public void RejectsFunctionsWithoutCode() =>
        AssertMalformed(Module(VoidType, Section(3, 0x01, 0x00)), "function and code section have inconsistent lengths");

    [Fact]
    public void RejectsCodeWithoutFunctions() =>
        AssertMalformed(Module(VoidType, Section(10, [0x01, .. Body(0x00, 0x0B)])), "function and code section have inconsistent lengths");

    [Fact]
    public void RejectsFunctionAndCodeCountMismatch() =>
        AssertMalformed(Module(VoidType, Section(3, 0x02, 0x00, 0x00), Section(10, [0x01, .. Body(0x00, 0x0B)])),
            "function and code section have inconsistent lengths");

    [Theory]
    // 50001 i32 locals in one entry
    [InlineData(new byte[] { 0x01, 0xD1, 0x86, 0x03, 0x7F })]
    // 25000 + 25001
    [InlineData(new byte[] { 0x02, 0xA8, 0xC3, 0x01, 0x7F, 0xA9, 0xC3, 0x01, 0x7E })]
    // 0xFFFFFFFF + 2: the sum overflows 32 bits
    [InlineData(new byte[] { 0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x7F, 0x02, 0x7F })]
    public void RejectsTooManyLocals(byte[] locals) =>
        AssertMalformed(Module(VoidType, Section(3, 0x01, 0x00), Section(10, [0x01, .. Body([.. locals, 0x0B])])), "too many locals");

    [Fact]
    public void AcceptsManyLocalsWithinTheLimit()
    {
        var module = ModuleReader.Read(Module(VoidType, Section(3, 0x01, 0x00), Section(10, [0x01, .. Body(0x01, 0xD0, 0x86, 0x03, 0x7F, 0x0B)])));
        Assert.Equal(50000u, module.Codes[0].Locals[0].Count);
    }

    [Theory]
    // block/loop/if with every block type form, else, nesting
    [InlineData(new byte[] { 0x02, 0x40, 0x03, 0x7F, 0x41, 0x00, 0x0B, 0x1A, 0x0B })]
    [InlineData(new byte[] { 0x41, 0x01, 0x04, 0x40, 0x01, 0x05, 0x01, 0x0B })]
    [InlineData(new byte[] { 0x02, 0x00, 0x0B })]
    [InlineData(new byte[] { 0x02, 0x80, 0x80, 0x80, 0x80, 0x0F, 0x0B })]
    [InlineData(new byte[] { 0x41, 0x01, 0x04, 0x40, 0x41, 0x01, 0x04, 0x40, 0x05, 0x0B, 0x05, 0x0B })]
    // br_table with two labels and a default; call_indirect; typed select
    [InlineData(new byte[] { 0x02, 0x40, 0x41, 0x00, 0x0E, 0x02, 0x00, 0x00, 0x00, 0x0B })]
    [InlineData(new byte[] { 0x41, 0x00, 0x11, 0x00, 0x00 })]
    [InlineData(new byte[] { 0x41, 0x01, 0x41, 0x02, 0x41, 0x00, 0x1C, 0x01, 0x7F, 0x1A })]
    // loads and stores with memarg, memory.size / grow, constants
    [InlineData(new byte[] { 0x41, 0x00, 0x28, 0x02, 0x80, 0x01, 0x1A, 0x3F, 0x00, 0x40, 0x00, 0x1A })]
    [InlineData(new byte[] { 0x42, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F, 0x1A, 0x43, 0, 0, 0x80, 0x3F, 0x1A, 0x44, 1, 2, 3, 4, 5, 6, 7, 8, 0x1A })]
    // reference instructions
    [InlineData(new byte[] { 0xD0, 0x70, 0xD1, 0x1A, 0xD2, 0x00, 0x1A })]
    // 0xFC: saturating truncation, memory.copy / fill, table operations
    [InlineData(new byte[] { 0x43, 0, 0, 0, 0, 0xFC, 0x00, 0x1A, 0x41, 0, 0x41, 0, 0x41, 0, 0xFC, 0x0A, 0x00, 0x00, 0x41, 0, 0x41, 0, 0x41, 0, 0xFC, 0x0B, 0x00 })]
    [InlineData(new byte[] { 0xFC, 0x10, 0x00, 0x1A, 0xFC, 0x0D, 0x00, 0xFC, 0x0E, 0x00, 0x00 })]
    // SIMD: v128.load (memarg), v128.const (16 bytes), i8x16.shuffle, extract_lane, load lane, plain op
    [InlineData(new byte[] { 0x41, 0x00, 0xFD, 0x00, 0x04, 0x00, 0x1A, 0xFD, 0x0C, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 0x1A })]
    [InlineData(new byte[] { 0xFD, 0x0C, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFD, 0x15, 0x03, 0x1A })]
    [InlineData(new byte[] { 0x41, 0x00, 0xFD, 0x0C, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFD, 0x54, 0x00, 0x00, 0x07, 0x1A })]
    [InlineData(new byte[] { 0xFD, 0x0C, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFD, 0x80, 0x01, 0x1A })]
    public void AcceptsWellFormedInstructions(byte[] code)
    {
        var module = ModuleReader.Read(OneFunction([.. code, 0x0B]));
        Assert.Equal([.. code, 0x0B], module.Codes[0].Code.ToArray());
    }

    [Theory]
    [InlineData(new byte[] { 0x01 }, "END opcode expected")]
    [InlineData(new byte[] { 0x02, 0x40, 0x0B }, "END opcode expected")]
    [InlineData(new byte[] { 0x0B, 0x01 }, "section size mismatch")]
    [InlineData(new byte[] { 0x0B, 0x0B }, "section size mismatch")]
    [InlineData(new byte[] { 0x05, 0x0B }, "END opcode expected")]
    [InlineData(new byte[] { 0x02, 0x40, 0x05, 0x0B, 0x0B }, "END opcode expected")]
    [InlineData(new byte[] { 0x41, 0x00, 0x04, 0x40, 0x05, 0x05, 0x0B, 0x0B }, "END opcode expected")]
    [InlineData(new byte[] { 0x06, 0x0B }, "illegal opcode")]
    [InlineData(new byte[] { 0x12, 0x00, 0x0B }, "illegal opcode")]
    [InlineData(new byte[] { 0x13, 0x00, 0x00, 0x0B }, "illegal opcode")]
    [InlineData(new byte[] { 0xFF, 0x0B }, "illegal opcode")]
    [InlineData(new byte[] { 0xFC, 0x12, 0x0B }, "illegal opcode")]
    [InlineData(new byte[] { 0xFD, 0x9A, 0x01, 0x0B }, "illegal opcode")]
    [InlineData(new byte[] { 0xFD, 0x80, 0x02, 0x0B }, "illegal opcode")]
    [InlineData(new byte[] { 0x3F, 0x01, 0x1A, 0x0B }, "zero byte expected")]
    [InlineData(new byte[] { 0x41, 0x00, 0x40, 0x01, 0x1A, 0x0B }, "zero byte expected")]
    [InlineData(new byte[] { 0xFC, 0x0A, 0x00, 0x01, 0x0B }, "zero byte expected")]
    [InlineData(new byte[] { 0xFC, 0x0B, 0x01, 0x0B }, "zero byte expected")]
    [InlineData(new byte[] { 0x02, 0x60, 0x0B, 0x0B }, "malformed block type")]
    [InlineData(new byte[] { 0x02 }, "unexpected end")]
    [InlineData(new byte[] { 0xD0, 0x7F, 0x0B }, "malformed reference type")]
    [InlineData(new byte[] { 0x1C, 0x01, 0x40, 0x0B }, "malformed value type")]
    [InlineData(new byte[] { 0x41, 0x80, 0x80, 0x80, 0x80, 0x10, 0x0B }, "integer too large")]
    [InlineData(new byte[] { 0x28, 0x02, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0x0B }, "integer representation too long")]
    [InlineData(new byte[] { 0x44, 0x00, 0x00, 0x0B }, "unexpected end")]
    public void RejectsMalformedInstructions(byte[] code, string reason) => AssertMalformed(OneFunction(code), reason);

    [Fact]
    public void ReportsAbsoluteOffsetOfIllegalOpcode()
    {
        var bytes = OneFunction(0x01, 0x06, 0x0B);
        var ex = Malformed(bytes);
        Assert.Equal(0x06, bytes[ex.Offset]);
        Assert.Equal(0x01, bytes[ex.Offset - 1]);
    }

    [Fact]
    public void DecodesDeepNesting()
    {
        const int depth = 10000;
        var code = new List<byte>();
        for (var i = 0; i < depth; i++)
        {
            code.AddRange([0x02, 0x40]);
        }
        code.AddRange(Enumerable.Repeat((byte)0x0B, depth + 1));
        var module = ModuleReader.Read(OneFunction([.. code]));
        Assert.Equal(code.Count, module.Codes[0].Code.Length);
    }

    [Fact]
    public void TruncatedModulesRaiseOnlyDecodeErrors()
    {
        var bytes = Module(
            VoidType,
            Section(2, 0x01, 0x01, (byte)'m', 0x01, (byte)'g', 0x03, 0x7F, 0x00),
            Section(3, 0x01, 0x00),
            Section(4, 0x01, 0x70, 0x00, 0x01),
            Section(5, 0x01, 0x00, 0x01),
            Section(6, 0x01, 0x7F, 0x01, 0x23, 0x00, 0x0B),
            Section(7, 0x01, 0x01, (byte)'f', 0x00, 0x01),
            Section(9, 0x01, 0x00, 0x41, 0x00, 0x0B, 0x01, 0x00),
            Section(12, 0x01),
            Section(10, [0x01, .. Body(0x01, 0x01, 0x7F, 0x20, 0x00, 0x1A, 0x0B)]),
            Section(11, 0x01, 0x01, 0x02, 0xAB, 0xCD),
            Section(0, 0x01, (byte)'c', 0x00));
        ModuleReader.Read(bytes);
        for (var length = 0; length < bytes.Length; length++)
        {
            // a cut at a section boundary leaves a well-formed module with fewer sections
            // (or an inconsistency the decoder reports); anything else must be malformed
            try
            {
                ModuleReader.Read(bytes.AsMemory(0, length));
            }
            catch (WasmDecodeException)
            {
            }
        }
    }
}
