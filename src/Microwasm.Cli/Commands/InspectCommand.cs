using System.CommandLine;
using Microwasm.Cli.Run;
using System.Globalization;
using System.Text;
using Microwasm.Binary;
using Microwasm.Model;
using Microwasm.Runtime;

namespace Microwasm.Cli.Commands;

/// <summary>
/// <c>microwasm inspect FILE.wasm</c>: a readable summary of a module in the manner of
/// <c>wasm-objdump -x</c>: sections, then the contents of each index space.
/// </summary>
internal static class InspectCommand
{
    private const int DataPreviewBytes = 64;

    public static Command Create(RunConsole console)
    {
        var file = new Argument<string>("file") { Description = "The .wasm (or .wat) file to describe" };
        var command = new Command("inspect", "Print the sections, types, imports, functions, exports and segments of a module")
        {
            file,
        };
        command.SetAction(parseResult => Run(parseResult.GetValue(file)!, console.Out, console.Err));
        return command;
    }

    public static int Run(string file, TextWriter output, TextWriter error)
    {
        byte[] bytes;
        Module module;
        string engines;
        try
        {
            bytes = ModuleFiles.Read(file);
            if (file.EndsWith(Compiler.PrecompiledModule.Extension, StringComparison.OrdinalIgnoreCase))
            {
                // the file's own account, read without loading its code; then the module it carries
                var (build, sha256, wasm, codeBytes) = Compiler.PrecompiledModule.Describe(bytes);
                var same = build == Compiler.PrecompiledModule.RuntimeBuild ? "this build" : "another build: this one refuses to run it";
                output.WriteLine($"{Path.GetFileName(file)}: compiled ahead of time ({codeBytes} bytes of code) by {build} ({same})");
                output.WriteLine($"module SHA-256: {sha256}");
                bytes = wasm.ToArray();
                engines = "compiled ahead of time; " + Compilation(bytes);
            }
            else
            {
                engines = Compilation(bytes);
            }
            module = ModuleReader.Read(bytes);
        }
        catch (Exception ex) when (ex is WasmException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"{file}: {ex.Message}");
            return 1;
        }
        Write(output, Path.GetFileName(file), bytes, module);
        output.WriteLine($"Engines: {engines}");
        return 0;
    }

    /// <summary>What the compiler makes of the module: how many functions it compiles, and why it leaves any to the interpreter.</summary>
    private static string Compilation(byte[] bytes)
    {
        Validation.ValidatedModule validated;
        try
        {
            validated = ModuleLoader.Load(bytes);
        }
        catch (WasmException ex)
        {
            return $"none (the module does not validate: {ex.Message})";
        }
        var count = validated.Functions.Length;
        var reasons = Enumerable.Range(0, count).Select(i => Compiler.FunctionScanner.Unsupported(validated, i)).Where(r => r is not null).ToList();
        var left = reasons.Count == 0 ? "" : $"; {reasons.Count} interpreted under it ({string.Join(", ", reasons.Distinct())})";
        return $"the compiler compiles {count - reasons.Count} of {count} defined functions{left}; auto starts them all interpreted";
    }

    /// <summary>Writes the summary of <paramref name="module"/>, decoded from <paramref name="bytes"/>.</summary>
    public static void Write(TextWriter o, string name, byte[] bytes, Module module)
    {
        o.WriteLine($"{name}: {bytes.Length} bytes");
        o.WriteLine();
        WriteSections(o, bytes);
        WriteTypes(o, module);
        WriteImports(o, module);
        WriteFunctions(o, module);
        WriteTables(o, module);
        WriteMemories(o, module);
        WriteGlobals(o, module);
        WriteExports(o, module);
        if (module.Start is { } start)
        {
            o.WriteLine("Start:");
            o.WriteLine($" - start function: {FunctionRef(module, start)}");
        }
        WriteElements(o, module);
        WriteData(o, module);
        WriteCustomSections(o, module);
    }

    // The model keeps contents, not section boundaries, so the section table comes from a
    // second pass over the section headers; the bytes already decoded, so this cannot fail
    // except on a decoder bug, which it reports rather than hides.
    private static void WriteSections(TextWriter o, byte[] bytes)
    {
        o.WriteLine("Sections:");
        try
        {
            var reader = new WasmReader(bytes);
            reader.ReadBytes(8);
            while (!reader.AtEnd)
            {
                var id = reader.ReadByte();
                var size = (int)reader.ReadVarU32();
                var start = reader.Offset;
                var body = new WasmReader(reader.ReadBytes(size), start);
                var detail = id switch
                {
                    0 => CustomSectionName(ref body),
                    8 => $"start: {body.ReadVarU32()}",
                    12 => $"count: {body.ReadVarU32()}",
                    _ => $"count: {body.ReadVarU32()}",
                };
                o.WriteLine($"  {SectionName(id),9} start=0x{start:x8} end=0x{start + size:x8} (size=0x{size:x8}) {detail}");
            }
        }
        catch (WasmDecodeException ex)
        {
            o.WriteLine($"  (cannot list sections: {ex.Message})");
        }
        o.WriteLine();
    }

    // The name's bytes, not a decoded string: this listing is also what shows where a module is malformed.
    private static string CustomSectionName(ref WasmReader body)
    {
        var length = (int)body.ReadVarU32();
        return "\"" + WasmName.Escape(body.ReadBytes(length)) + "\"";
    }

    private static string SectionName(byte id) => id switch
    {
        0 => "Custom",
        1 => "Type",
        2 => "Import",
        3 => "Function",
        4 => "Table",
        5 => "Memory",
        6 => "Global",
        7 => "Export",
        8 => "Start",
        9 => "Elem",
        10 => "Code",
        11 => "Data",
        12 => "DataCount",
        _ => $"<{id}>",
    };

    private static void WriteTypes(TextWriter o, Module module)
    {
        if (module.Types.Length == 0)
        {
            return;
        }
        o.WriteLine($"Type[{module.Types.Length}]:");
        for (var i = 0; i < module.Types.Length; i++)
        {
            o.WriteLine($" - type[{i}] {module.Types[i]}");
        }
        o.WriteLine();
    }

    private static void WriteImports(TextWriter o, Module module)
    {
        if (module.Imports.Length == 0)
        {
            return;
        }
        o.WriteLine($"Import[{module.Imports.Length}]:");
        var counts = new int[4];
        foreach (var import in module.Imports)
        {
            var index = counts[(int)import.Kind]++;
            var source = $"<- {WasmName.Escape(import.ModuleName)}.{WasmName.Escape(import.Name)}";
            o.WriteLine(import.Kind switch
            {
                ExternalKind.Function => $" - func[{index}] sig={import.TypeIndex} {NameOf(module, (uint)index)}{TypeOf(module, import.TypeIndex)} {source}",
                ExternalKind.Table => $" - table[{index}] {Describe(import.Table)} {source}",
                ExternalKind.Memory => $" - memory[{index}] {Describe(import.Memory)} {source}",
                _ => $" - global[{index}] {Describe(import.Global)} {source}",
            });
        }
        o.WriteLine();
    }

    private static void WriteFunctions(TextWriter o, Module module)
    {
        if (module.Functions.Length == 0)
        {
            return;
        }
        o.WriteLine($"Function[{module.Functions.Length}]:");
        for (var i = 0; i < module.Functions.Length; i++)
        {
            var index = (uint)(module.ImportedFunctionCount + i);
            var typeIndex = module.Functions[i];
            var code = i < module.Codes.Length ? module.Codes[i] : null;
            var body = code is null ? "" : $" size={code.Code.Length}{DescribeLocals(code.Locals)}";
            o.WriteLine($" - func[{index}] sig={typeIndex} {NameOf(module, index)}{TypeOf(module, typeIndex)}{body}");
        }
        o.WriteLine();
    }

    private static void WriteTables(TextWriter o, Module module)
    {
        if (module.Tables.Length == 0)
        {
            return;
        }
        o.WriteLine($"Table[{module.Tables.Length}]:");
        for (var i = 0; i < module.Tables.Length; i++)
        {
            o.WriteLine($" - table[{module.ImportedTableCount + i}] {Describe(module.Tables[i])}");
        }
        o.WriteLine();
    }

    private static void WriteMemories(TextWriter o, Module module)
    {
        if (module.Memories.Length == 0)
        {
            return;
        }
        o.WriteLine($"Memory[{module.Memories.Length}]:");
        for (var i = 0; i < module.Memories.Length; i++)
        {
            o.WriteLine($" - memory[{module.ImportedMemoryCount + i}] {Describe(module.Memories[i])}");
        }
        o.WriteLine();
    }

    private static void WriteGlobals(TextWriter o, Module module)
    {
        if (module.Globals.Length == 0)
        {
            return;
        }
        o.WriteLine($"Global[{module.Globals.Length}]:");
        for (var i = 0; i < module.Globals.Length; i++)
        {
            var global = module.Globals[i];
            o.WriteLine($" - global[{module.ImportedGlobalCount + i}] {Describe(global.Type)} - init {FormatConstant(global.Init)}");
        }
        o.WriteLine();
    }

    private static void WriteExports(TextWriter o, Module module)
    {
        if (module.Exports.Length == 0)
        {
            return;
        }
        o.WriteLine($"Export[{module.Exports.Length}]:");
        foreach (var export in module.Exports)
        {
            var target = export.Kind switch
            {
                ExternalKind.Function => FunctionRef(module, export.Index),
                ExternalKind.Table => $"table[{export.Index}]",
                ExternalKind.Memory => $"memory[{export.Index}]",
                _ => $"global[{export.Index}]",
            };
            o.WriteLine($" - {target} -> {WasmName.Quote(export.Name)}");
        }
        o.WriteLine();
    }

    private static void WriteElements(TextWriter o, Module module)
    {
        if (module.Elements.Length == 0)
        {
            return;
        }
        o.WriteLine($"Elem[{module.Elements.Length}]:");
        for (var i = 0; i < module.Elements.Length; i++)
        {
            var segment = module.Elements[i];
            var mode = segment.Mode switch
            {
                SegmentMode.Active => $"active table={segment.TableIndex} offset: {FormatConstant(segment.Offset)}",
                SegmentMode.Passive => "passive",
                _ => "declarative",
            };
            o.WriteLine($" - segment[{i}] {segment.ElementType.Name()} count={segment.Count} {mode}");
            if (segment.FunctionIndices is { } functions)
            {
                for (var j = 0; j < functions.Length; j++)
                {
                    o.WriteLine($"   - elem[{j}] = {FunctionRef(module, functions[j])}");
                }
            }
            else if (segment.Expressions is { } expressions)
            {
                for (var j = 0; j < expressions.Length; j++)
                {
                    o.WriteLine($"   - elem[{j}] = {FormatConstant(expressions[j])}");
                }
            }
        }
        o.WriteLine();
    }

    private static void WriteData(TextWriter o, Module module)
    {
        if (module.Datas.Length == 0)
        {
            return;
        }
        o.WriteLine($"Data[{module.Datas.Length}]:");
        for (var i = 0; i < module.Datas.Length; i++)
        {
            var segment = module.Datas[i];
            var mode = segment.Mode == SegmentMode.Active
                ? $"active memory={segment.MemoryIndex} offset: {FormatConstant(segment.Offset)}"
                : "passive";
            o.WriteLine($" - segment[{i}] size={segment.Data.Length} {mode}");
            WriteHex(o, segment.Data.Span);
        }
        o.WriteLine();
    }

    private static void WriteCustomSections(TextWriter o, Module module)
    {
        if (module.CustomSections.Length == 0)
        {
            return;
        }
        o.WriteLine($"Custom[{module.CustomSections.Length}]:");
        foreach (var custom in module.CustomSections)
        {
            var extra = custom.Name == "name" && module.Names?.ModuleName is { } moduleName ? $" module name: {WasmName.Quote(moduleName)}" : "";
            o.WriteLine($" - {WasmName.Quote(custom.Name)} size={custom.Content.Length}{extra}");
        }
        o.WriteLine();
    }

    // Data can be large; a preview is enough to recognise it, as hex plus printable ASCII.
    private static void WriteHex(TextWriter o, ReadOnlySpan<byte> data)
    {
        var shown = Math.Min(data.Length, DataPreviewBytes);
        for (var row = 0; row < shown; row += 16)
        {
            var line = new StringBuilder($"   - {row:x7}: ");
            var ascii = new StringBuilder();
            for (var k = 0; k < 16; k++)
            {
                if (row + k < shown)
                {
                    var b = data[row + k];
                    line.Append(b.ToString("x2", CultureInfo.InvariantCulture));
                    ascii.Append(b is >= 0x20 and < 0x7F ? (char)b : '.');
                }
                else
                {
                    line.Append("  ");
                }
                if (k % 2 == 1)
                {
                    line.Append(' ');
                }
            }
            o.WriteLine($"{line} {ascii}");
        }
        if (data.Length > shown)
        {
            o.WriteLine($"   - ... {data.Length - shown} more bytes");
        }
    }

    private static string NameOf(Module module, uint funcIndex) =>
        module.GetFunctionName(funcIndex) is { } n ? $"<{WasmName.Escape(n)}> " : "";

    private static string FunctionRef(Module module, uint funcIndex) =>
        module.GetFunctionName(funcIndex) is { } n ? $"func[{funcIndex}] <{WasmName.Escape(n)}>" : $"func[{funcIndex}]";

    private static string TypeOf(Module module, uint typeIndex) =>
        typeIndex < module.Types.Length ? module.Types[typeIndex].ToString() : "<bad type index>";

    private static string Describe(TableType table) => $"type={table.ElementType.Name()} limits={table.Limits}";

    private static string Describe(MemoryType memory) => $"pages={memory.Limits}";

    private static string Describe(GlobalType global) => $"{global.ValueType.Name()} mutable={(global.Mutable ? 1 : 0)}";

    private static string DescribeLocals(LocalEntry[] locals) =>
        locals.Length == 0 ? "" : " locals=" + string.Join(", ", locals.Select(l => $"{l.Type.Name()}×{l.Count}"));

    /// <summary>The instructions of a constant expression in text form, without the final <c>end</c>.</summary>
    private static string FormatConstant(ConstantExpression? expression)
    {
        if (expression is null)
        {
            return "<none>";
        }
        var parts = new List<string>();
        try
        {
            var r = new WasmReader(expression.Code.Span, expression.Offset);
            while (!r.AtEnd)
            {
                var op = r.ReadByte();
                switch (op)
                {
                    case 0x0B:
                        return string.Join(" ", parts);
                    case 0x41:
                        parts.Add($"i32.const {r.ReadVarS32()}");
                        break;
                    case 0x42:
                        parts.Add($"i64.const {r.ReadVarS64()}");
                        break;
                    case 0x43:
                        parts.Add($"f32.const {BitConverter.Int32BitsToSingle((int)r.ReadFixedU32()).ToString("R", CultureInfo.InvariantCulture)}");
                        break;
                    case 0x44:
                        parts.Add($"f64.const {BitConverter.Int64BitsToDouble((long)r.ReadFixedU64()).ToString("R", CultureInfo.InvariantCulture)}");
                        break;
                    case 0x23:
                        parts.Add($"global.get {r.ReadVarU32()}");
                        break;
                    case 0xD0:
                        parts.Add($"ref.null {((ValueType)r.ReadByte()).Name()}");
                        break;
                    case 0xD2:
                        parts.Add($"ref.func {r.ReadVarU32()}");
                        break;
                    case 0x6A or 0x6B or 0x6C:
                        parts.Add(op switch { 0x6A => "i32.add", 0x6B => "i32.sub", _ => "i32.mul" });
                        break;
                    case 0x7C or 0x7D or 0x7E:
                        parts.Add(op switch { 0x7C => "i64.add", 0x7D => "i64.sub", _ => "i64.mul" });
                        break;
                    case 0xFD when r.ReadVarU32() == 0x0C:
                        parts.Add($"v128.const 0x{Convert.ToHexStringLower(r.ReadBytes(16))}");
                        break;
                    default:
                        parts.Add($"<opcode 0x{op:x2}>");
                        return string.Join(" ", parts);
                }
            }
        }
        catch (WasmDecodeException)
        {
            parts.Add("<malformed>");
        }
        return string.Join(" ", parts);
    }
}
