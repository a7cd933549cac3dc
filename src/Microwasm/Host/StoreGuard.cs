using System.Runtime.CompilerServices;
using Microwasm.Runtime;

namespace Microwasm.Host;

/// <summary>
/// Lets one thread at a time run wasm in a <see cref="Store"/>, and refuses a second thread with a
/// clear error instead of letting two threads race on the store's instances.
/// </summary>
/// <remarks>
/// Instances in a store share mutable state with no synchronisation: a <c>memory.grow</c> on one
/// thread reallocates the memory another thread may be reading through a raw pointer, and globals
/// and tables are plain fields. Serialising with a lock would hide a deadlock whenever a host
/// function waits for another thread that calls the same instance; refusing makes the mistake
/// visible at the first call. Nested entries on the owning thread (a host function calling back
/// into wasm) are allowed. The embedding API creates one store per instance unless instances are
/// linked together, so separate instances run in parallel.
/// </remarks>
internal sealed class StoreGuard
{
    private static readonly ConditionalWeakTable<Store, StoreGuard> s_guards = new();

    /// <summary>Managed thread id of the thread running wasm in the store; 0 when none.</summary>
    private int _owner;

    private StoreGuard(Store store)
    {
        Store = store;
    }

    public Store Store { get; }

    /// <summary>The guard of <paramref name="store"/> (one per store, created on first use).</summary>
    public static StoreGuard For(Store store) => s_guards.GetValue(store, static s => new StoreGuard(s));

    /// <summary>
    /// Claims the store for the calling thread. Returns true if this call claimed it (the outermost
    /// entry, which must call <see cref="Exit"/>), false if the thread already holds it.
    /// </summary>
    /// <exception cref="InvalidOperationException">Another thread is running wasm in the store.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Enter()
    {
        var me = Environment.CurrentManagedThreadId;
        if (_owner == me)
        {
            return false;
        }
        if (Interlocked.CompareExchange(ref _owner, me, 0) != 0)
        {
            ThrowBusy();
        }
        return true;
    }

    /// <summary>Releases the store if <paramref name="claimed"/> (the result of the matching <see cref="Enter"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Exit(bool claimed)
    {
        if (claimed)
        {
            Volatile.Write(ref _owner, 0);
        }
    }

    private void ThrowBusy() => throw new InvalidOperationException(
        $"the instance is already running on thread {Volatile.Read(ref _owner)}: an instance (with the instances linked to it) " +
        "runs wasm on one thread at a time. Give each thread its own instance, or take turns (for example with a lock).");
}
