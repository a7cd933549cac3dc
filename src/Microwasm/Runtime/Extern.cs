using Microwasm.Model;

namespace Microwasm.Runtime;

/// <summary>
/// A runtime object that can be imported and exported: a function, table, memory or global.
/// </summary>
/// <remarks>
/// Every object belongs to one <see cref="Runtime.Store"/>: the store whose instantiation created it,
/// or, for an object the host made, the first store that used it. References inside tables and
/// globals are handles into their store, and memories are kept mapped while their store runs wasm,
/// so an object is never used by a second store: linking or storing it there is a
/// <see cref="WasmLinkException"/>.
/// </remarks>
public abstract class Extern
{
    private Store? _store;

    /// <summary>The kind of import/export this object satisfies.</summary>
    public abstract ExternalKind Kind { get; }

    /// <summary>The store this object belongs to; null for an object the host made that no store has used yet.</summary>
    public Store? Store => Volatile.Read(ref _store);

    /// <summary>Makes <paramref name="store"/> this object's store if it has none; false if it belongs to another.</summary>
    internal bool TryBind(Store store)
    {
        var current = Interlocked.CompareExchange(ref _store, store, null);
        return current is null || ReferenceEquals(current, store);
    }

    /// <summary>Binds to <paramref name="store"/> (see <see cref="TryBind"/>), or refuses with a link error naming <paramref name="what"/>.</summary>
    /// <exception cref="WasmLinkException">The object belongs to another store.</exception>
    internal void Bind(Store store, string what)
    {
        if (!TryBind(store))
        {
            throw ForeignStore(what);
        }
    }

    internal static WasmLinkException ForeignStore(string what) =>
        new($"{what} belongs to another store: a store's instances link, call and store references only within that store");
}
