using Microwasm.Model;
using Microwasm.TestSupport;

namespace Microwasm.Tests.Validation;

/// <summary>
/// Builds <see cref="Module"/> objects directly, so the validator can be tested without the
/// binary decoder.
/// </summary>
internal static class TestModules
{
    /// <summary>The absolute offset every test function body starts at, to check error offsets.</summary>
    public const int CodeOffset = 0x100;

    /// <summary>The empty block type.</summary>
    public const byte BlockEmpty = 0x40;

    /// <summary>
    /// Encodes instruction bytes from parts: <see cref="Opcode"/>, <see cref="PrefixedOpcode"/>
    /// (0xFC and its LEB128 sub-opcode), <see cref="SimdOpcode"/> (0xFD and its LEB128 sub-opcode), <see cref="ValueType"/>, <see cref="byte"/>, byte arrays,
    /// nested part arrays (as xunit's InlineData hands them over), and <see cref="int"/> as unsigned LEB128 (indices, label depths, small constants).
    /// </summary>
    public static byte[] Code(params object[] parts)
    {
        var bytes = new List<byte>();
        foreach (var part in parts)
        {
            switch (part)
            {
                case Opcode op:
                    bytes.Add((byte)op);
                    break;
                case PrefixedOpcode op:
                    bytes.Add((byte)Opcode.PrefixFC);
                    AddUnsigned(bytes, (uint)op);
                    break;
                case SimdOpcode op:
                    bytes.Add((byte)Opcode.PrefixSimd);
                    AddUnsigned(bytes, (uint)op);
                    break;
                case ValueType t:
                    bytes.Add((byte)t);
                    break;
                case byte b:
                    bytes.Add(b);
                    break;
                case byte[] a:
                    bytes.AddRange(a);
                    break;
                case object[] nested:
                    bytes.AddRange(Code(nested));
                    break;
                case int i:
                    AddUnsigned(bytes, checked((uint)i));
                    break;
                default:
                    throw new ArgumentException($"cannot encode {part}");
            }
        }
        return [.. bytes];
    }

    /// <summary>A function body of <paramref name="code"/> with its final end appended.</summary>
    public static FunctionBody Body(byte[] code, params LocalEntry[] locals) =>
        new(locals, (byte[])[.. code, (byte)Opcode.End], CodeOffset);

    /// <summary>A constant expression of <paramref name="code"/> with its end appended.</summary>
    public static ConstantExpression Expr(params object[] code) => new((byte[])[.. Code(code), (byte)Opcode.End], 0x80);

    /// <summary>A module with a single function of <paramref name="type"/>.</summary>
    public static Module Function(FuncType type, byte[] code, params LocalEntry[] locals) =>
        Build(types: [type], functions: [0], codes: [Body(code, locals)]);

    public static Module Build(
        FuncType[]? types = null,
        Import[]? imports = null,
        uint[]? functions = null,
        FunctionBody[]? codes = null,
        TableType[]? tables = null,
        MemoryType[]? memories = null,
        Global[]? globals = null,
        Export[]? exports = null,
        uint? start = null,
        ElementSegment[]? elements = null,
        DataSegment[]? datas = null,
        uint? dataCount = null)
    {
        imports ??= [];
        return new Module
        {
            Types = types ?? [],
            Imports = imports,
            Functions = functions ?? [],
            Tables = tables ?? [],
            Memories = memories ?? [],
            Globals = globals ?? [],
            Exports = exports ?? [],
            Start = start,
            Elements = elements ?? [],
            DataCount = dataCount,
            // without codes, an empty body per function: for tests of what is around the code
            Codes = codes ?? [.. (functions ?? []).Select(_ => new FunctionBody([], new byte[] { (byte)Opcode.End }, 0))],
            Datas = datas ?? [],
            CustomSections = [],
            ImportedFunctionCount = imports.Count(i => i.Kind == ExternalKind.Function),
            ImportedTableCount = imports.Count(i => i.Kind == ExternalKind.Table),
            ImportedMemoryCount = imports.Count(i => i.Kind == ExternalKind.Memory),
            ImportedGlobalCount = imports.Count(i => i.Kind == ExternalKind.Global),
        };
    }

    public static Import ImportGlobal(ValueType type, bool mutable = false) =>
        new("env", "g", ExternalKind.Global) { Global = new GlobalType(type, mutable) };

    public static Import ImportFunction(uint typeIndex) =>
        new("env", "f", ExternalKind.Function) { TypeIndex = typeIndex };

    public static MemoryType Memory(uint min, uint? max = null) => new(new Limits(min, max));

    public static TableType Table(ValueType elementType, uint min = 1, uint? max = null) => new(elementType, new Limits(min, max));

    private static void AddUnsigned(List<byte> bytes, uint value) => bytes.AddRange(Leb128.Unsigned(value));
}
