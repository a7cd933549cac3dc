using Microwasm.Binary;
using Microwasm.Interpreter;
using Microwasm.Model;
using Microwasm.Runtime;
using Microwasm.Validation;

namespace Microwasm.Tests.Interpreter;

/// <summary>
/// Just enough instantiation to run the interpreter's tests (function imports only, constant
/// initialisers of one instruction), so they do not depend on the runtime's instantiator.
/// </summary>
internal static class TestInstantiator
{
    public static Instance Instantiate(Store store, byte[] wasm, params FunctionInstance[] functionImports)
    {
        var validated = Validator.Validate(ModuleReader.Read(wasm));
        var compiled = InterpreterEngine.Default.Compile(validated);
        var module = compiled.Module;
        var instance = new Instance(store, compiled, null);
        var functions = new FunctionInstance[module.TotalFunctionCount];
        functionImports.CopyTo(functions, 0);
        for (var i = 0; i < module.Functions.Length; i++)
        {
            functions[module.ImportedFunctionCount + i] = compiled.CreateFunction(instance, i);
        }
        instance.Functions = functions;
        instance.Tables = [.. module.Tables.Select(t => new TableInstance(t))];
        instance.Memories = [.. module.Memories.Select(m => new MemoryInstance(m))];
        var globals = new List<GlobalInstance>();
        foreach (var g in module.Globals)
        {
            globals.Add(new GlobalInstance(g.Type, Evaluate(g.Init, store, functions, globals)));
        }
        instance.Globals = [.. globals];
        instance.ElementSegments = [.. module.Elements.Select(e => e.FunctionIndices is { } indices
            ? indices.Select(f => store.HandleOf(functions[f])).ToArray()
            : e.Expressions!.Select(x => Evaluate(x, store, functions, globals)).ToArray())];
        instance.DataSegments = [.. module.Datas.Select(d => d.Data)];
        for (var i = 0; i < module.Elements.Length; i++)
        {
            var e = module.Elements[i];
            if (e.Mode == SegmentMode.Active)
            {
                var segment = instance.ElementSegments[i];
                instance.Tables[e.TableIndex].Init((uint)Evaluate(e.Offset!, store, functions, globals), segment, 0, (uint)segment.Length);
            }
            if (e.Mode != SegmentMode.Passive)
            {
                instance.ElementSegments[i] = [];
            }
        }
        for (var i = 0; i < module.Datas.Length; i++)
        {
            var d = module.Datas[i];
            if (d.Mode == SegmentMode.Active)
            {
                instance.Memories[d.MemoryIndex].Init((uint)Evaluate(d.Offset!, store, functions, globals), d.Data.Span, 0, (ulong)d.Data.Length);
                instance.DataSegments[i] = ReadOnlyMemory<byte>.Empty;
            }
        }
        foreach (var export in module.Exports)
        {
            instance.ExportMap[export.Name] = export.Kind switch
            {
                ExternalKind.Function => functions[export.Index],
                ExternalKind.Table => instance.Tables[export.Index],
                ExternalKind.Memory => instance.Memories[export.Index],
                _ => instance.Globals[export.Index],
            };
        }
        return instance;
    }

    private static ulong Evaluate(ConstantExpression expression, Store store, FunctionInstance[] functions, List<GlobalInstance> globals)
    {
        var reader = new WasmReader(expression.Code.Span);
        return (Opcode)reader.ReadByte() switch
        {
            Opcode.I32Const => (uint)reader.ReadVarS32(),
            Opcode.I64Const => (ulong)reader.ReadVarS64(),
            Opcode.F32Const => reader.ReadFixedU32(),
            Opcode.F64Const => reader.ReadFixedU64(),
            Opcode.RefFunc => store.HandleOf(functions[reader.ReadVarU32()]),
            Opcode.GlobalGet => globals[(int)reader.ReadVarU32()].Value,
            _ => 0,
        };
    }
}
