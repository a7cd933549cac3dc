using Microwasm.Model;

namespace Microwasm.Runtime;

/// <summary>
/// Names runtime objects by (module, name) so modules can import them, and instantiates modules
/// against those definitions. A linker is not tied to a store; the objects defined in it must
/// belong to (or be unused by any other) store the modules are instantiated in.
/// </summary>
/// <remarks>
/// Defining a name again replaces the earlier definition, as the spec test scripts' repeated
/// <c>register</c> commands expect. A linker is not thread-safe for definitions; instantiating
/// from several threads once all definitions are made is safe.
/// </remarks>
public sealed class Linker
{
    private readonly Dictionary<(string Module, string Name), Extern> _definitions = new();

    /// <summary>Makes <paramref name="value"/> importable as <paramref name="module"/> <paramref name="name"/>.</summary>
    public Linker Define(string module, string name, Extern value)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        _definitions[(module, name)] = value;
        return this;
    }

    /// <summary>Makes every export of <paramref name="instance"/> importable under <paramref name="module"/>.</summary>
    public Linker DefineInstance(string module, Instance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        foreach (var (name, value) in instance.ExportMap)
        {
            Define(module, name, value);
        }
        return this;
    }

    /// <summary>The object defined as <paramref name="module"/> <paramref name="name"/>, or null.</summary>
    public Extern? Get(string module, string name) => _definitions.GetValueOrDefault((module, name));

    /// <summary>Looks up a definition.</summary>
    public bool TryGet(string module, string name, out Extern value) =>
        _definitions.TryGetValue((module, name), out value!);

    /// <summary>
    /// Resolves <paramref name="module"/>'s imports against this linker's definitions and
    /// instantiates it in <paramref name="store"/>: objects are created, segments applied and the
    /// start function run, in the order the specification gives.
    /// </summary>
    /// <param name="store">The store that will own the instance's objects.</param>
    /// <param name="module">The module, compiled by any engine.</param>
    /// <param name="name">A name for the instance in stack traces (defaults to the name section's).</param>
    /// <exception cref="WasmLinkException">An import is missing or has an incompatible type, or a limit is exceeded. Nothing has changed.</exception>
    /// <exception cref="WasmTrap">A segment did not fit or the start function trapped; effects on imported objects remain.</exception>
    public Instance Instantiate(Store store, CompiledModule module, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(module);
        // an Emscripten side module gets what a dynamic loader would give it (see SideModule)
        var side = SideModule.Prepare(store, module.Module, this);
        var imports = ResolveWith(module.Module, side);
        var instance = Instantiator.Instantiate(store, module, imports, name);
        side?.Complete(store, instance);
        return instance;
    }

    /// <summary>
    /// Finds and type-checks every import of <paramref name="module"/> without side effects.
    /// </summary>
    /// <returns>The resolved objects in import order.</returns>
    /// <exception cref="WasmLinkException">The first import that is missing or incompatible.</exception>
    public Extern[] Resolve(Module module) => ResolveWith(module, side: null);

    private Extern[] ResolveWith(Module module, SideModule? side)
    {
        var imports = module.Imports;
        var resolved = new Extern[imports.Length];
        for (var i = 0; i < imports.Length; i++)
        {
            var import = imports[i];
            if (!_definitions.TryGetValue((import.ModuleName, import.Name), out var value) && (side is null || !side.TryProvide(import, out value)))
            {
                throw new WasmLinkException($"unknown import: {WasmName.Quote(import.ModuleName)} {WasmName.Quote(import.Name)}");
            }
            CheckImport(module, import, value);
            resolved[i] = value;
        }
        return resolved;
    }

    /// <summary>Checks that <paramref name="value"/> matches <paramref name="import"/>'s type (import subtyping of the specification).</summary>
    /// <exception cref="WasmLinkException">It does not.</exception>
    public static void CheckImport(Module module, Import import, Extern value)
    {
        if (value is MemoryInstance { IsDisposed: true })
        {
            throw new WasmLinkException($"import \"{import.ModuleName}\" \"{import.Name}\": the memory is disposed");
        }
        var ok = (import.Kind, value) switch
        {
            (ExternalKind.Function, FunctionInstance f) => f.Type.Equals(module.Types[import.TypeIndex]),
            // Tables and memories match on their current size, not the size they were created with.
            (ExternalKind.Table, TableInstance t) =>
                t.Type.ElementType == import.Table.ElementType && LimitsMatch(t.CurrentType.Limits, import.Table.Limits),
            (ExternalKind.Memory, MemoryInstance m) => LimitsMatch(m.CurrentType.Limits, import.Memory.Limits),
            (ExternalKind.Global, GlobalInstance g) => g.Type == import.Global,
            _ => false,
        };
        if (!ok)
        {
            throw new WasmLinkException(
                $"incompatible import type: {WasmName.Quote(import.ModuleName)} {WasmName.Quote(import.Name)}: expected {Describe(module, import)}, got {Describe(value)}");
        }
    }

    /// <summary>Limits subtyping: the actual limits must lie within the expected ones.</summary>
    private static bool LimitsMatch(Limits actual, Limits expected) =>
        actual.Min >= expected.Min && (expected.Max is not { } max || (actual.Max is { } actualMax && actualMax <= max));

    private static string Describe(Module module, Import import) => import.Kind switch
    {
        ExternalKind.Function => $"func {module.Types[import.TypeIndex]}",
        ExternalKind.Table => $"table {import.Table.ElementType.Name()} {import.Table.Limits}",
        ExternalKind.Memory => $"memory {import.Memory.Limits}",
        _ => $"global {Describe(import.Global)}",
    };

    private static string Describe(Extern value) => value switch
    {
        FunctionInstance f => $"func {f.Type}",
        TableInstance t => $"table {t.Type.ElementType.Name()} {t.CurrentType.Limits}",
        MemoryInstance m => $"memory {m.CurrentType.Limits}",
        GlobalInstance g => $"global {Describe(g.Type)}",
        _ => value.Kind.ToString(),
    };

    private static string Describe(GlobalType type) => type.Mutable ? $"(mut {type.ValueType.Name()})" : type.ValueType.Name();
}
