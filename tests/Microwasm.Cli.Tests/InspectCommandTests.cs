using Microwasm.Cli.Commands;
using Microwasm.Model;

namespace Microwasm.Cli.Tests;

public class InspectCommandTests
{
    // samples/hello-validate/add.wasm: (func $add (export "add") (param i32 i32) (result i32) ...) with a name section.
    private static readonly byte[] s_addWasm = Convert.FromHexString(
        "0061736d0100000001070160027f7f017f030201000707010361646400000a09010700200020016a0b" +
        "0018046e616d6501060100036164640209010002000161010162");

    // The module the decoder makes of s_addWasm, written out so this test does not depend on the decoder.
    private static Module AddModule() => new()
    {
        Types = [new FuncType([ValueType.I32, ValueType.I32], [ValueType.I32])],
        Imports = [],
        Functions = [0],
        Tables = [],
        Memories = [],
        Globals = [],
        Exports = [new Export("add", ExternalKind.Function, 0)],
        Elements = [],
        Codes = [new FunctionBody([], s_addWasm.AsMemory(0x23, 6), 0x23)],
        Datas = [],
        CustomSections = [new CustomSection("name", s_addWasm.AsMemory(0x30), 0x30)],
        Names = new NameSection { FunctionNames = new Dictionary<uint, string> { [0] = "add" } },
    };

    [Fact]
    public void DescribesSectionsFunctionsAndExports()
    {
        var output = new StringWriter();

        InspectCommand.Write(output, "add.wasm", s_addWasm, AddModule());

        AssertContainsAll(
            output.ToString(),
            "add.wasm: 67 bytes",
            "     Type start=0x0000000a end=0x00000011 (size=0x00000007) count: 1",
            "     Code start=0x00000020 end=0x00000029 (size=0x00000009) count: 1",
            "   Custom start=0x0000002b end=0x00000043 (size=0x00000018) \"name\"",
            " - type[0] (i32 i32) -> (i32)",
            " - func[0] sig=0 <add> (i32 i32) -> (i32) size=6",
            " - func[0] <add> -> \"add\"",
            " - \"name\" size=");
    }

    /// <summary>Fails unless <paramref name="text"/> contains every one of <paramref name="parts"/>.</summary>
    internal static void AssertContainsAll(string text, params string[] parts)
    {
        foreach (var part in parts)
        {
            Assert.Contains(part, text);
        }
    }

    [Fact]
    public void DescribesImportsGlobalsAndSegments()
    {
        var module = AddModule();
        var i32Const16 = new ConstantExpression(new byte[] { 0x41, 0x10, 0x0B }, 0);
        module = new Module
        {
            Types = module.Types,
            Imports = [new Import("env", "log", ExternalKind.Function) { TypeIndex = 0 }, new Import("env", "mem", ExternalKind.Memory) { Memory = new MemoryType(new Limits(1, 2)) }],
            ImportedFunctionCount = 1,
            ImportedMemoryCount = 1,
            Functions = [0],
            Tables = [new TableType(ValueType.FuncRef, new Limits(2, null))],
            Memories = [],
            Globals = [new Global(new GlobalType(ValueType.I64, true), new ConstantExpression(new byte[] { 0x42, 0x7F, 0x0B }, 0))],
            Exports = [],
            Start = 1,
            Elements = [new ElementSegment(SegmentMode.Active, ValueType.FuncRef) { Offset = i32Const16, FunctionIndices = [1, 0] }],
            Codes = module.Codes,
            Datas = [new DataSegment(SegmentMode.Active, "hello"u8.ToArray()) { Offset = i32Const16 }],
            CustomSections = [],
        };
        var output = new StringWriter();

        InspectCommand.Write(output, "m.wasm", s_addWasm, module);

        var text = output.ToString();
        AssertContainsAll(
            text,
            " - func[0] sig=0 (i32 i32) -> (i32) <- env.log",
            " - memory[0] pages={min 1, max 2} <- env.mem",
            " - func[1] sig=0 (i32 i32) -> (i32) size=6",
            " - table[0] type=funcref limits={min 2}",
            " - global[0] i64 mutable=1 - init i64.const -1",
            " - start function: func[1]",
            " - segment[0] funcref count=2 active table=0 offset: i32.const 16",
            "   - elem[0] = func[1]",
            " - segment[0] size=5 active memory=0 offset: i32.const 16",
            "hello");
        Assert.Contains("68656c6c6f", text.Replace(" ", ""));
    }
}
