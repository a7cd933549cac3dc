using Microwasm.Binary;
using Microwasm.Model;

namespace Microwasm.Validation;

/// <summary>The validation algorithm of the WebAssembly specification.</summary>
public static class Validator
{
    /// <summary>Validates a decoded module and records the facts engines need.</summary>
    /// <exception cref="WasmValidationException">The module breaks a validation rule.</exception>
    /// <exception cref="WasmDecodeException">An instruction is malformed (normally caught by the decoder first).</exception>
    public static ValidatedModule Validate(Module module)
    {
        ArgumentNullException.ThrowIfNull(module);

        // ModuleReader has already checked the structure of every body (opcodes, immediates,
        // nesting), so a malformed body is reported before any validation error.
        return ValidateModule(module);
    }

    private static ValidatedModule ValidateModule(Module module)
    {
        // The module-level checks run before the bodies because ref.func in a body needs the
        // set of declared functions (C.refs), which exports and segments make up.
        ValidateTypes(module);
        var context = new ModuleContext(module);
        ValidateTables(module);
        ValidateMemories(module, context);
        ValidateGlobals(module, context);
        ValidateElements(module, context);
        ValidateDatas(module, context);
        ValidateStart(module, context);
        ValidateExports(module, context);

        if (module.Codes.Length != module.Functions.Length)
        {
            throw new WasmDecodeException(0, "function and code section have inconsistent lengths");
        }

        var facts = new FunctionFacts[module.Codes.Length];
        if (facts.Length > 0)
        {
            var functionValidator = new FunctionValidator(context);
            for (var i = 0; i < facts.Length; i++)
            {
                facts[i] = functionValidator.Validate(i);
            }
        }
        return new ValidatedModule(module, facts);
    }

    /// <summary>
    /// Implementation limits on function types, the JS API's (which browsers apply): a block or
    /// call pushes and pops all of its type's values, so without a bound a module of a few bytes
    /// per instruction makes validation and translation cost instructions x arity.
    /// </summary>
    public const int MaxFunctionParameters = 1000;

    /// <inheritdoc cref="MaxFunctionParameters"/>
    public const int MaxFunctionResults = 1000;

    private static void ValidateTypes(Module module)
    {
        for (var i = 0; i < module.Types.Length; i++)
        {
            var type = module.Types[i];
            if (type.Parameters.Length > MaxFunctionParameters)
            {
                throw new WasmValidationException($"type {i} has {type.Parameters.Length} parameters: this implementation allows {MaxFunctionParameters}");
            }
            if (type.Results.Length > MaxFunctionResults)
            {
                throw new WasmValidationException($"type {i} has {type.Results.Length} results: this implementation allows {MaxFunctionResults}");
            }
        }
    }

    private static void ValidateTables(Module module)
    {
        foreach (var import in module.ImportsOfKind(ExternalKind.Table))
        {
            ValidateTableType(import.Table);
        }
        foreach (var table in module.Tables)
        {
            ValidateTableType(table);
        }
    }

    private static void ValidateTableType(TableType table)
    {
        if (!table.ElementType.IsReference())
        {
            // no encoding of a table type can say otherwise: only a lax decoder gets here
            throw new WasmDecodeException(0, "malformed reference type");
        }
        if (table.Limits.Max is { } max && table.Limits.Min > max)
        {
            throw new WasmValidationException("size minimum must not be greater than maximum");
        }
    }

    private static void ValidateMemories(Module module, ModuleContext context)
    {
        foreach (var import in module.ImportsOfKind(ExternalKind.Memory))
        {
            ValidateMemoryType(import.Memory);
        }
        foreach (var memory in module.Memories)
        {
            ValidateMemoryType(memory);
        }
        if (context.MemoryCount > 1)
        {
            // valid in 3.0 (ModuleReader reports it as well, where 2.0's decoder would have gone on)
            throw Wasm3Features.Unsupported(Wasm3Features.MultiMemory, new WasmValidationException("multiple memories"));
        }
    }

    private static void ValidateMemoryType(MemoryType memory)
    {
        var limits = memory.Limits;
        if (limits.Min > MemoryType.MaxPages || limits.Max > MemoryType.MaxPages)
        {
            throw new WasmValidationException("memory size must be at most 65536 pages (4GiB)");
        }
        if (limits.Max is { } max && limits.Min > max)
        {
            throw new WasmValidationException("size minimum must not be greater than maximum");
        }
    }

    private static void ValidateGlobals(Module module, ModuleContext context)
    {
        for (var i = 0; i < module.Globals.Length; i++)
        {
            var global = module.Globals[i];
            ValidateConstantExpression(global.Init, global.Type.ValueType, context, context.ImportedGlobalCount, context.ImportedGlobalCount + i);
        }
    }

    private static void ValidateElements(Module module, ModuleContext context)
    {
        for (var i = 0; i < module.Elements.Length; i++)
        {
            var segment = module.Elements[i];
            if (!segment.ElementType.IsReference())
            {
                throw new WasmDecodeException(segment.Offset?.Offset ?? 0, "malformed reference type");
            }
            if (segment.Mode == SegmentMode.Active)
            {
                if (segment.TableIndex >= context.Tables.Length)
                {
                    throw new WasmValidationException($"unknown table {segment.TableIndex}", offset: segment.Offset?.Offset);
                }
                if (context.Tables[segment.TableIndex].ElementType != segment.ElementType)
                {
                    throw new WasmValidationException(
                        $"type mismatch: element segment {i} of {segment.ElementType.Name()} does not fit table {segment.TableIndex}",
                        offset: segment.Offset?.Offset);
                }
                if (segment.Offset is null)
                {
                    throw new WasmValidationException($"active element segment {i} has no offset");
                }
                ValidateConstantExpression(segment.Offset, ValueType.I32, context, context.ImportedGlobalCount, context.Globals.Length);
            }

            if (segment.FunctionIndices is { } indices)
            {
                if (segment.ElementType != ValueType.FuncRef)
                {
                    throw new WasmValidationException($"type mismatch: element segment {i} lists functions but is not funcref");
                }
                foreach (var index in indices)
                {
                    if (index >= context.FunctionTypes.Length)
                    {
                        throw new WasmValidationException($"unknown function {index}");
                    }
                    context.DeclaredFunctions[index] = true;
                }
            }
            else
            {
                foreach (var item in segment.Expressions!)
                {
                    ValidateConstantExpression(item, segment.ElementType, context, context.ImportedGlobalCount, context.Globals.Length);
                }
            }
        }
    }

    private static void ValidateDatas(Module module, ModuleContext context)
    {
        foreach (var segment in module.Datas)
        {
            if (segment.Mode != SegmentMode.Active)
            {
                continue;
            }
            if (segment.MemoryIndex >= context.MemoryCount)
            {
                throw new WasmValidationException($"unknown memory {segment.MemoryIndex}", offset: segment.Offset?.Offset);
            }
            if (segment.Offset is null)
            {
                throw new WasmValidationException("active data segment has no offset");
            }
            ValidateConstantExpression(segment.Offset, ValueType.I32, context, context.ImportedGlobalCount, context.Globals.Length);
        }
    }

    private static void ValidateStart(Module module, ModuleContext context)
    {
        if (module.Start is not { } start)
        {
            return;
        }
        if (start >= context.FunctionTypes.Length)
        {
            throw new WasmValidationException($"unknown function {start}");
        }
        var type = context.FunctionTypes[start];
        if (type.Parameters.Length != 0 || type.Results.Length != 0)
        {
            throw new WasmValidationException($"start function {start} must have type [] -> [], not {type}");
        }
    }

    private static void ValidateExports(Module module, ModuleContext context)
    {
        var names = new HashSet<string>(module.Exports.Length, StringComparer.Ordinal);
        foreach (var export in module.Exports)
        {
            if (!names.Add(export.Name))
            {
                throw new WasmValidationException($"duplicate export name {WasmName.Quote(export.Name)}");
            }
            var (count, what) = export.Kind switch
            {
                ExternalKind.Function => (context.FunctionTypes.Length, "function"),
                ExternalKind.Table => (context.Tables.Length, "table"),
                ExternalKind.Memory => (context.MemoryCount, "memory"),
                ExternalKind.Global => (context.Globals.Length, "global"),
                _ => throw new WasmDecodeException(0, "malformed export kind"),
            };
            if (export.Index >= count)
            {
                throw new WasmValidationException($"unknown {what} {export.Index}");
            }
            if (export.Kind == ExternalKind.Function)
            {
                context.DeclaredFunctions[export.Index] = true;
            }
        }
    }

    /// <summary>
    /// Checks that <paramref name="expression"/> is constant and produces one value of
    /// <paramref name="expected"/> type. Functions it references become declared (C.refs).
    /// In WebAssembly 2.0 every constant expression (global initialiser, segment offset or item)
    /// sees only the imported globals, so <paramref name="visibleGlobals"/> is their count; 3.0
    /// (with GC) lets it see the globals defined before it too, <paramref name="visibleGlobals30"/>
    /// in all, which is unsupported.
    /// </summary>
    private static void ValidateConstantExpression(ConstantExpression expression, ValueType expected, ModuleContext context, int visibleGlobals, int visibleGlobals30)
    {
        var reader = new WasmReader(expression.Code.Span, expression.Offset);
        var count = 0;
        var result = ValueType.I32;
        while (true)
        {
            var start = reader.Offset;
            var instruction = InstructionReader.Read(ref reader);
            switch (instruction.Opcode)
            {
                case Opcode.I32Const:
                    result = ValueType.I32;
                    break;
                case Opcode.I64Const:
                    result = ValueType.I64;
                    break;
                case Opcode.F32Const:
                    result = ValueType.F32;
                    break;
                case Opcode.F64Const:
                    result = ValueType.F64;
                    break;
                case Opcode.RefNull:
                    result = instruction.ValueType;
                    break;
                case Opcode.RefFunc:
                {
                    var index = instruction.Index;
                    if (index >= context.FunctionTypes.Length)
                    {
                        throw new WasmValidationException($"unknown function {index}", offset: start);
                    }
                    context.DeclaredFunctions[index] = true;
                    result = ValueType.FuncRef;
                    break;
                }
                case Opcode.GlobalGet:
                {
                    var index = instruction.Index;
                    if (index >= visibleGlobals)
                    {
                        var unknown = new WasmValidationException($"unknown global {index}", offset: start);
                        throw index < visibleGlobals30 && !context.Globals[index].Mutable ? Wasm3Features.Unsupported(Wasm3Features.Gc, unknown) : unknown;
                    }
                    var global = context.Globals[index];
                    if (global.Mutable)
                    {
                        throw new WasmValidationException($"constant expression required: global {index} is mutable", offset: start);
                    }
                    result = global.ValueType;
                    break;
                }
                case Opcode.PrefixSimd:
                    // v128.const is the one SIMD instruction that is constant
                    if (instruction.SimdOpcode != SimdOpcode.V128Const)
                    {
                        throw new WasmValidationException("constant expression required", offset: start);
                    }
                    result = ValueType.V128;
                    break;
                case Opcode.End:
                    if (!reader.AtEnd)
                    {
                        throw reader.Error("unexpected bytes after the end of a constant expression");
                    }
                    if (count != 1 || result != expected)
                    {
                        var found = count == 1 ? result.Name() : $"{count} values";
                        throw new WasmValidationException($"type mismatch: expected {expected.Name()}, found {found}", offset: start);
                    }
                    return;
                case Opcode.I32Add or Opcode.I32Sub or Opcode.I32Mul or Opcode.I64Add or Opcode.I64Sub or Opcode.I64Mul:
                    throw Wasm3Features.Unsupported(Wasm3Features.ExtendedConst, new WasmValidationException("constant expression required", offset: start));
                default:
                    throw new WasmValidationException("constant expression required", offset: start);
            }
            count++;
        }
    }
}
