namespace Microwasm.Runtime;

/// <summary>
/// Per-thread execution state for one store: the call depth and the engines' stacks. One thread
/// runs on one context at a time; each thread gets its own (see <see cref="ForCurrentThread"/>).
/// </summary>
public sealed partial class ExecutionContext
{
    internal ExecutionContext(Store store)
    {
        Store = store;
    }

    public Store Store { get; }

    /// <summary>
    /// The instance whose code made the current call into the host: engines set it before invoking
    /// a host function, so host libraries (WASI, libc) find the caller's memory and app heap.
    /// </summary>
    public Instance? CallerInstance { get; internal set; }

    /// <summary>Nested wasm calls currently active on this context, across engines and host calls.</summary>
    internal int CallDepth;

    /// <summary>The calling thread's context for <paramref name="store"/>.</summary>
    public static ExecutionContext ForCurrentThread(Store store) => store.ContextForCurrentThread();
}
