namespace Microwasm.Runtime;

/// <summary>
/// Per-thread execution state for one store: the call depth and the engines' stacks. One thread
/// runs on one context at a time; each thread gets its own (see <see cref="ForCurrentThread"/>).
/// </summary>
public sealed partial class ExecutionEnvironment
{
    internal ExecutionEnvironment(Store store)
    {
        Store = store;
        Thread = Thread.CurrentThread;
        CompiledDepthLimit = store.Options.MaxCallDepth;
    }

    public Store Store { get; }

    /// <summary>The thread this context belongs to.</summary>
    internal Thread Thread { get; }

    /// <summary>
    /// The instance whose code made the current call into the host: engines set it before invoking
    /// a host function, so host libraries (WASI, libc) find the caller's memory and app heap.
    /// </summary>
    public Instance? CallerInstance { get; internal set; }

    /// <summary>Nested wasm calls currently active on this context, across engines and host calls.</summary>
    internal int CallDepth;

    /// <summary>Outermost entries into wasm (and instantiations) in progress on this context's thread; see <see cref="Store.EnterExecution"/>.</summary>
    internal int Executions;

    /// <summary>
    /// Set by <see cref="RequestInterrupt"/> from any thread; engines poll it at loop headers (where
    /// back-edges land) and calls, where one load and a never-taken branch are all it costs while it
    /// stays false.
    /// </summary>
    internal volatile bool InterruptRequested;

    /// <summary>
    /// Asks the wasm code running on this context to stop: at its next loop back-edge or call it traps
    /// with <see cref="TrapKind.Interrupted"/>. Safe to call from any thread (a watchdog timer, say);
    /// host functions that block are not woken. The request stays until <see cref="ClearInterrupt"/>.
    /// </summary>
    public void RequestInterrupt()
    {
        InterruptRequested = true;
        CompiledDepthLimit = -1;
    }

    /// <summary>
    /// True while an interrupt is requested: a host function that waits (WASI's <c>poll_oneoff</c>,
    /// say) polls it so that a timeout also ends a guest that sleeps.
    /// </summary>
    public bool IsInterruptRequested => InterruptRequested;

    /// <summary>Withdraws an interrupt request, so the context can run wasm again.</summary>
    public void ClearInterrupt()
    {
        InterruptRequested = false;
        CompiledDepthLimit = Store.Options.MaxCallDepth;
    }

    /// <summary>
    /// What compiled code compares its call depth with at each function entry: the store's
    /// <see cref="RuntimeOptions.MaxCallDepth"/>, or -1 while an interrupt is requested, so that one
    /// compare covers both and a recursion without loops stops at its next call.
    /// </summary>
    internal volatile int CompiledDepthLimit;

    /// <summary>The calling thread's context for <paramref name="store"/>.</summary>
    public static ExecutionEnvironment ForCurrentThread(Store store) => store.ContextForCurrentThread();
}
