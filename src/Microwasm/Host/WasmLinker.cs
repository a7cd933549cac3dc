using Microwasm.LibcBuiltin;
using Microwasm.Model;
using Microwasm.Runtime;

namespace Microwasm.Host;

/// <summary>
/// The embedding API's linker: names what modules may import (host functions, native symbols,
/// other instances' exports, runtime objects, libraries such as WASI or the builtin libc) and
/// instantiates modules against those names, as many times as wanted.
/// </summary>
/// <remarks>
/// <para>
/// Unlike <see cref="Linker"/>, whose objects belong to the store they were first used in, host
/// functions defined here are definitions: each instantiation binds them afresh to the new
/// instance's store, checking each against the type the module imports it with. Every
/// instantiation gets a new <see cref="Store"/>, so instances are independent and can run in
/// parallel, except that a module importing another instance's exports (<see cref="DefineInstance"/>)
/// joins that instance's store: linked instances share state, and run on one thread at a time.
/// </para>
/// <para>
/// Host functions from delegates infer their wasm type from the delegate: <see cref="int"/> or
/// <see cref="uint"/> is i32, <see cref="long"/> or <see cref="ulong"/> i64, <see cref="float"/> f32,
/// <see cref="double"/> f64, <see cref="object"/> an externref (the host object), and
/// <see cref="WasmValue"/> whatever type the import has there. A leading <see cref="Caller"/>
/// parameter receives the calling instance. Exceptions other than <see cref="WasmException"/>s
/// thrown by a host function become a <see cref="WasmTrap"/> of kind <see cref="TrapKind.Host"/>
/// (with the exception as <see cref="Exception.InnerException"/>); a <see cref="WasmTrap"/> passes
/// through unchanged.
/// </para>
/// <para>
/// Defining a name again replaces the earlier definition. Definitions are not thread-safe;
/// instantiating from several threads once the definitions are made is.
/// </para>
/// </remarks>
public sealed partial class WasmLinker
{
    // A HostFunctionDefinition (bound per instantiation) or an Extern (used as is).
    private readonly Dictionary<(string Module, string Name), object> _definitions = new();
    private readonly List<Action<Store, Linker>> _libraries = [];
    private Store? _store;

    /// <summary>
    /// Defines a host function with an explicit wasm type and the engines' raw calling convention:
    /// arguments arrive in the slots and results are written from slot 0 (see <see cref="HostCallback"/>).
    /// </summary>
    public WasmLinker DefineFunction(string module, string name, FuncType type, HostCallback callback)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(callback);
        var definition = new RawHostFunction(type, callback);
        return Set(module, name, definition);
    }

    /// <summary>
    /// Defines a host function from any delegate, through reflection: slower than the typed
    /// overloads (each call boxes its arguments), for shapes they do not cover (more than eight
    /// parameters, custom delegate types).
    /// </summary>
    public WasmLinker DefineFunction(string module, string name, Delegate function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return DefineHost(module, name, function, ReflectionHostAdapter.Define(function));
    }

    /// <summary>
    /// Registers WAMR-style native symbols under <paramref name="module"/> (WAMR's
    /// <c>wasm_runtime_register_natives</c>); see <see cref="NativeSymbol"/> for signature strings.
    /// </summary>
    public WasmLinker RegisterNatives(string module, params IEnumerable<NativeSymbol> symbols)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        foreach (var symbol in symbols)
        {
            Set(module, symbol.Name, symbol.Definition);
        }
        return this;
    }

    /// <summary>
    /// Makes a runtime object importable as is. A function, table, memory or global object belongs
    /// to one store, so every module importing it is instantiated in that store (see the remarks);
    /// one that no store has used yet joins the store of the first instantiation that imports it,
    /// and a later instantiation in another store is refused.
    /// </summary>
    /// <exception cref="WasmLinkException">The object belongs to another store than earlier definitions.</exception>
    public WasmLinker Define(string module, string name, Extern value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Store is { } store)
        {
            UseStore(store);
        }
        return Set(module, name, value);
    }

    /// <summary>
    /// Makes every export of <paramref name="instance"/> importable under <paramref name="module"/>.
    /// Modules instantiated by this linker then join <paramref name="instance"/>'s store.
    /// </summary>
    public WasmLinker DefineInstance(string module, Instance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        UseStore(instance.Store);
        foreach (var (name, value) in instance.Exports)
        {
            Set(module, name, value);
        }
        return this;
    }

    /// <summary>
    /// Adds a library whose objects are created afresh for every instantiation (host functions
    /// belong to one store): <paramref name="define"/> receives the new instance's store and a
    /// <see cref="Linker"/> to define them in. Names defined directly on this linker take
    /// precedence over a library's. This is how WASI and the builtin libc are plugged in.
    /// </summary>
    public WasmLinker DefineLibrary(Action<Store, Linker> define)
    {
        ArgumentNullException.ThrowIfNull(define);
        _libraries.Add(define);
        return this;
    }

    /// <summary>
    /// Instantiates <paramref name="module"/>: resolves its imports against this linker's
    /// definitions, binds host functions to the new instance's store, and runs the start function.
    /// </summary>
    /// <param name="module">A module loaded by a <see cref="WasmRuntime"/>.</param>
    /// <param name="userData">The new instance's <see cref="Instance.UserData"/>.</param>
    /// <param name="name">A name for the instance in stack traces (defaults to the name section's).</param>
    /// <exception cref="WasmLinkException">An import is missing or has a different type than its definition (the message names it).</exception>
    /// <exception cref="WasmTrap">A segment did not fit, or the start function trapped.</exception>
    public Instance Instantiate(WasmModule module, object? userData = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        var store = _store ?? new Store(module.Runtime.Options);
        var linker = new Linker();
        foreach (var library in _libraries)
        {
            library(store, linker);
        }
        var types = module.Module.Types;
        foreach (var import in module.Module.Imports)
        {
            if (!_definitions.TryGetValue((import.ModuleName, import.Name), out var definition))
            {
                // the runtime linker reports what is missing, or takes a library's definition
                continue;
            }
            Extern value = definition switch
            {
                HostFunctionDefinition host when import.Kind == ExternalKind.Function =>
                    host.Bind(import.ModuleName, import.Name, types[import.TypeIndex]),
                RawHostFunction raw when import.Kind == ExternalKind.Function => raw.Bind(import.ModuleName, import.Name),
                Extern e => e,
                _ => throw new WasmLinkException(
                    $"incompatible import type: {WasmName.Quote(import.ModuleName)} {WasmName.Quote(import.Name)}: the module imports a {import.Kind.ToString().ToLowerInvariant()}, the linker defines a host function"),
            };
            linker.Define(import.ModuleName, import.Name, value);
        }

        var guard = StoreGuard.For(store);
        var claimed = guard.Enter();
        Instance instance;
        try
        {
            instance = linker.Instantiate(store, module.Compiled, name);
        }
        finally
        {
            guard.Exit(claimed);
        }
        instance.UserData = userData;
        // Before any host code sees the instance; WAMR places the heap while instantiating memory,
        // so unlike WAMR a start function runs before the heap exists.
        if (instance.Heap is null)
        {
            AppHeap.Attach(instance, module.Runtime.Options.AppHeapSize);
        }
        return instance;
    }

    /// <summary>
    /// Adds WAMR's builtin libc (module <c>env</c>: printf, string.h, malloc on the app heap ...)
    /// for modules built with <c>-nostdlib</c>; each instance gets its own set of natives.
    /// </summary>
    public WasmLinker DefineBuiltinLibc(LibcOptions? options = null) => DefineLibrary((_, linker) =>
    {
        foreach (var import in LibcBuiltinModule.CreateImports(options))
        {
            linker.Define(import.Module, import.Name, import.Function);
        }
    });

    /// <summary>Defines a host function from a definition made without a delegate (the C API's natives, <c>libmicrowasm</c>).</summary>
    internal WasmLinker DefineHost(string module, string name, HostFunctionDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return Set(module, name, definition);
    }

    internal WasmLinker DefineHost(string module, string name, Delegate function, HostFunctionDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Set(module, name, definition);
    }

    private WasmLinker Set(string module, string name, object definition)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(name);
        _definitions[(module, name)] = definition;
        return this;
    }

    private void UseStore(Store store)
    {
        if (_store is not null && _store != store)
        {
            throw new WasmLinkException("objects from two different stores cannot be linked together: instances exchange functions only within one store");
        }
        _store = store;
    }

    /// <summary>A host function given as a raw callback with an explicit type.</summary>
    private sealed class RawHostFunction(FuncType type, HostCallback callback)
    {
        public HostFunction Bind(string module, string name) => new(type, callback, $"{WasmName.Escape(module)}.{WasmName.Escape(name)}");
    }
}
