using Microwasm.Model;

namespace Microwasm.Runtime;

/// <summary>
/// Module instantiation as the specification orders it: create every runtime object, then apply
/// active element and data segments in order, then run the start function.
/// </summary>
/// <remarks>
/// A link error (a limit exceeded) is raised before anything observable happens. Once segments are
/// being applied a failure is a trap, and earlier segments' writes to imported tables and memories
/// stay, as the specification requires.
/// </remarks>
internal static class Instantiator
{
    /// <summary>Instantiates <paramref name="compiled"/> in <paramref name="store"/> under <paramref name="name"/>.</summary>
    /// <param name="store">The owning store.</param>
    /// <param name="compiled">The module.</param>
    /// <param name="imports">The resolved and type-checked imports, in import order (see <see cref="Linker.Resolve"/>).</param>
    /// <param name="name">The instance's name for stack traces, or null.</param>
    public static Instance Instantiate(Store store, CompiledModule compiled, Extern[] imports, string? name)
    {
        var module = compiled.Module;
        if (imports.Length != module.Imports.Length)
        {
            throw new ArgumentException($"expected {module.Imports.Length} imports, got {imports.Length}", nameof(imports));
        }
        var options = store.Options;

        // Objects of another store are refused before anything changes: their references are
        // handles of that store, and their memories are kept mapped only while that store runs.
        // Objects no store has used yet join this one.
        for (var i = 0; i < imports.Length; i++)
        {
            var import = module.Imports[i];
            var what = $"import {WasmName.Quote(import.ModuleName)} {WasmName.Quote(import.Name)}: the {import.Kind.ToString().ToLowerInvariant()}";
            if (imports[i] is FunctionInstance function)
            {
                if (function.Store is { } owner && !ReferenceEquals(owner, store))
                {
                    throw Extern.ForeignStore(what);
                }
                store.HandleOf(function);
            }
            else
            {
                imports[i].Bind(store, what);
                // after binding: a Dispose from now on waits for the store to be idle
                if (imports[i] is MemoryInstance { IsDisposed: true })
                {
                    throw new WasmLinkException($"{what} is disposed");
                }
            }
        }

        // Memories and tables are created before anything is registered in the store, so exceeding
        // a limit (a link error) leaves the store untouched.
        var tables = new TableInstance[module.TotalTableCount];
        var memories = new MemoryInstance[module.TotalMemoryCount];
        var functions = new FunctionInstance[module.TotalFunctionCount];
        var globals = new GlobalInstance[module.TotalGlobalCount];
        int f = 0, t = 0, m = 0, g = 0;
        for (var i = 0; i < imports.Length; i++)
        {
            switch (imports[i])
            {
                case FunctionInstance function:
                    functions[f++] = function;
                    break;
                case TableInstance table:
                    tables[t++] = table;
                    break;
                case MemoryInstance memory:
                    memories[m++] = memory;
                    break;
                case GlobalInstance global:
                    globals[g++] = global;
                    break;
            }
        }
        ulong tableElements = 0;
        foreach (var type in module.Tables)
        {
            // each table's own limit first: its message is the more precise
            var max = TableInstance.MaxFor(type, options.MaxTableElements);
            if (type.Limits.Min > max)
            {
                throw new WasmLinkException($"table of {type.Limits.Min} elements exceeds the limit of {max} elements");
            }
            tableElements += type.Limits.Min;
        }
        if (!store.TryTakeTableElements(tableElements))
        {
            throw new WasmLinkException(
                $"tables of {tableElements} elements exceed the store's limit of {options.MaxStoreTableElements} table elements");
        }
        try
        {
            foreach (var type in module.Tables)
            {
                tables[t++] = new TableInstance(type, options.MaxTableElements, store);
            }
            foreach (var type in module.Memories)
            {
                var memory = new MemoryInstance(type, options.MaxMemoryPages);
                memory.TryBind(store);
                memories[m++] = memory;
            }
        }
        catch (Exception e) when (e is WasmLinkException or OutOfMemoryException)
        {
            store.ReturnTableElements(tableElements);
            for (var i = module.ImportedMemoryCount; i < m; i++)
            {
                memories[i].Dispose();
            }
            // limits an embedder raised past what the process can allocate: a link error too
            if (e is OutOfMemoryException)
            {
                throw new WasmLinkException($"cannot allocate the module's tables and memories: {e.Message}");
            }
            throw;
        }

        var instance = new Instance(store, compiled, name)
        {
            Functions = functions,
            Tables = tables,
            Memories = memories,
            Globals = globals,
        };
        for (var i = 0; i < module.Functions.Length; i++)
        {
            functions[f++] = compiled.CreateFunction(instance, i);
        }
        // Every function gets its handle now, so ref.func, tables and engines can use handles freely.
        foreach (var function in functions)
        {
            store.HandleOf(function);
        }

        // Globals in index order: an initialiser may read imported and earlier globals.
        foreach (var global in module.Globals)
        {
            var (value, high) = ConstantEvaluator.Evaluate(global.Init, instance);
            globals[g++] = new GlobalInstance(global.Type, value, high, store);
        }

        foreach (var export in module.Exports)
        {
            instance.ExportMap[export.Name] = export.Kind switch
            {
                ExternalKind.Function => functions[export.Index],
                ExternalKind.Table => tables[export.Index],
                ExternalKind.Memory => memories[export.Index],
                _ => globals[export.Index],
            };
        }

        var elements = new ulong[module.Elements.Length][];
        for (var i = 0; i < elements.Length; i++)
        {
            elements[i] = ResolveElements(module.Elements[i], instance);
        }
        instance.ElementSegments = elements;
        var datas = new ReadOnlyMemory<byte>[module.Datas.Length];
        for (var i = 0; i < datas.Length; i++)
        {
            datas[i] = module.Datas[i].Data;
        }
        instance.DataSegments = datas;

        // Segments write through raw pointers and the start function runs wasm: the store's
        // memories stay mapped until both are done (see Store.EnterExecution).
        var context = store.ContextForCurrentThread();
        store.EnterExecution(context);
        try
        {
            ApplySegmentsAndStart(store, module, instance);
        }
        finally
        {
            store.ExitExecution(context);
        }
        return instance;
    }

    private static void ApplySegmentsAndStart(Store store, Module module, Instance instance)
    {
        var elements = instance.ElementSegments;
        var datas = instance.DataSegments;
        var tables = instance.Tables;
        var memories = instance.Memories;
        var functions = instance.Functions;
        // Active segments behave like table.init / memory.init followed by a drop; a failing one
        // traps with earlier segments' effects in place.
        for (var i = 0; i < elements.Length; i++)
        {
            var segment = module.Elements[i];
            if (segment.Mode == SegmentMode.Active)
            {
                var offset = ConstantEvaluator.EvaluateOffset(segment.Offset!, instance);
                tables[segment.TableIndex].Init(offset, elements[i], 0, (uint)elements[i].Length);
                elements[i] = [];
            }
            else if (segment.Mode == SegmentMode.Declarative)
            {
                elements[i] = [];
            }
        }
        for (var i = 0; i < datas.Length; i++)
        {
            var segment = module.Datas[i];
            if (segment.Mode == SegmentMode.Active)
            {
                var offset = ConstantEvaluator.EvaluateOffset(segment.Offset!, instance);
                memories[segment.MemoryIndex].Init(offset, datas[i].Span, 0, (ulong)datas[i].Length);
                datas[i] = ReadOnlyMemory<byte>.Empty;
            }
        }

        if (module.Start is { } start)
        {
            Span<ulong> slots = stackalloc ulong[1];
            var context = ExecutionEnvironment.ForCurrentThread(store);
            // An imported host start function sees the instance being started as its caller.
            var caller = context.CallerInstance;
            context.CallerInstance = instance;
            try
            {
                functions[start].Invoke(context, slots);
            }
            finally
            {
                context.CallerInstance = caller;
            }
        }
    }

    private static ulong[] ResolveElements(ElementSegment segment, Instance instance)
    {
        var handles = new ulong[segment.Count];
        if (segment.FunctionIndices is { } indices)
        {
            for (var i = 0; i < indices.Length; i++)
            {
                handles[i] = instance.Store.HandleOf(instance.Functions[indices[i]]);
            }
        }
        else
        {
            var expressions = segment.Expressions!;
            for (var i = 0; i < expressions.Length; i++)
            {
                handles[i] = ConstantEvaluator.Evaluate(expressions[i], instance).Value;
            }
        }
        return handles;
    }
}
