using System.Runtime.CompilerServices;

namespace Microwasm.Runtime;

/// <summary>
/// Owns the runtime objects of a group of instances that may link to each other, and the
/// handle registries that let engines keep references in 64-bit value slots.
/// A reference handle is 0 for null, otherwise an index + 1 into the function or extern registry.
/// </summary>
public sealed class Store
{
    private readonly object _lock = new();
    private FunctionInstance[] _functions = new FunctionInstance[64];
    private int _functionCount;
    private object[] _externs = new object[16];
    private int _externCount;
    private readonly Dictionary<object, ulong> _externHandles = new();

    // Each thread's contexts, keyed weakly by store. A ThreadLocal<ExecutionEnvironment> here kept every
    // store that ever ran wasm alive for the life of the thread (the thread's slot holds the context,
    // the context holds the store), and with it its instances, their reserved memories and the 8 MiB
    // value stack: an embedder making an instance per request ran out of address space. A
    // ConditionalWeakTable is an ephemeron table: the context lives exactly as long as its store
    // and its thread.
    [ThreadStatic]
    private static ConditionalWeakTable<Store, ExecutionEnvironment>? t_contexts;

    // The last context used, so the common case (one thread calling) is two field reads.
    private ExecutionEnvironment? _lastContext;

    public Store(RuntimeOptions? options = null)
    {
        Options = options ?? new RuntimeOptions();
    }

    internal ExecutionEnvironment ContextForCurrentThread()
    {
        var context = _lastContext;
        if (context is not null && ReferenceEquals(context.Thread, Thread.CurrentThread))
        {
            return context;
        }
        return ContextForCurrentThreadSlow();
    }

    /// <summary>True while the current thread runs wasm in this store (between <see cref="EnterExecution"/> and <see cref="ExitExecution"/>).</summary>
    internal bool IsExecutingOnCurrentThread()
    {
        var context = _lastContext;
        if (context is null || !ReferenceEquals(context.Thread, Thread.CurrentThread))
        {
            context = null;
            t_contexts?.TryGetValue(this, out context);
        }
        return context is { Executions: > 0 };
    }

    private ExecutionEnvironment ContextForCurrentThreadSlow()
    {
        var contexts = t_contexts ??= new ConditionalWeakTable<Store, ExecutionEnvironment>();
        var context = contexts.GetValue(this, static store => new ExecutionEnvironment(store));
        _lastContext = context;
        return context;
    }

    public RuntimeOptions Options { get; }

    /// <summary>Elements of this store's tables (see <see cref="RuntimeOptions.MaxStoreTableElements"/>).</summary>
    private long _tableElements;

    /// <summary>Takes <paramref name="count"/> elements from the store's table budget; false (and nothing taken) if they do not fit.</summary>
    internal bool TryTakeTableElements(ulong count)
    {
        while (true)
        {
            var used = Volatile.Read(ref _tableElements);
            if (count > (ulong)Math.Max(0, Options.MaxStoreTableElements - used))
            {
                return false;
            }
            if (Interlocked.CompareExchange(ref _tableElements, used + (long)count, used) == used)
            {
                return true;
            }
        }
    }

    /// <summary>Gives back elements taken by <see cref="TryTakeTableElements"/>.</summary>
    internal void ReturnTableElements(ulong count) => Interlocked.Add(ref _tableElements, -(long)count);

    // Entries into wasm in progress (each thread's outermost one), or -1 while disposed memories
    // are unmapped; see EnterExecution and FreeWhenIdle.
    private int _executing;
    private List<MemoryInstance>? _pendingFrees;
    private int _pendingFreeCount;

    /// <summary>
    /// Marks wasm running in this store, from a thread's outermost entry until the matching
    /// <see cref="ExitExecution"/>: engines keep raw pointers into the store's memories while it
    /// runs, so a memory disposed meanwhile stays mapped until the store is idle.
    /// </summary>
    internal void EnterExecution(ExecutionEnvironment context)
    {
        context.Executions++;
        var spinner = new SpinWait();
        while (true)
        {
            var n = Volatile.Read(ref _executing);
            if (n >= 0 && Interlocked.CompareExchange(ref _executing, n + 1, n) == n)
            {
                return;
            }
            // another thread is unmapping a disposed memory: microseconds
            spinner.SpinOnce();
        }
    }

    /// <summary>Ends an <see cref="EnterExecution"/>; the last one out unmaps memories disposed meanwhile.</summary>
    internal void ExitExecution(ExecutionEnvironment context)
    {
        context.Executions--;
        if (Interlocked.Decrement(ref _executing) == 0 && Volatile.Read(ref _pendingFreeCount) != 0)
        {
            FreePending();
        }
    }

    /// <summary>Unmaps a disposed, unused <paramref name="memory"/> now if no wasm runs in this store, else when the last entry exits.</summary>
    internal void FreeWhenIdle(MemoryInstance memory)
    {
        lock (_lock)
        {
            (_pendingFrees ??= []).Add(memory);
            _pendingFreeCount = _pendingFrees.Count;
        }
        FreePending();
    }

    // The pending list is written before trying to claim the store and the count is read after an
    // exit's decrement, both with full fences, so either the exiting thread or this one frees.
    private void FreePending()
    {
        while (Volatile.Read(ref _pendingFreeCount) != 0 && Interlocked.CompareExchange(ref _executing, -1, 0) == 0)
        {
            try
            {
                List<MemoryInstance> memories;
                lock (_lock)
                {
                    memories = _pendingFrees!;
                    _pendingFrees = null;
                    _pendingFreeCount = 0;
                }
                foreach (var memory in memories)
                {
                    // one a host access still holds is freed when that access ends
                    memory.FreeOnce();
                }
            }
            finally
            {
                Volatile.Write(ref _executing, 0);
            }
        }
    }

    /// <summary>The handle of a function in this store, registering it on first use.</summary>
    /// <exception cref="WasmLinkException">The function belongs to another store.</exception>
    public ulong HandleOf(FunctionInstance function)
    {
        if (ReferenceEquals(function.Store, this) && Volatile.Read(ref function.Handle) is var handle and not 0)
        {
            return handle;
        }
        lock (_lock)
        {
            if (!function.TryBind(this))
            {
                throw Extern.ForeignStore($"function {function.DisplayName}");
            }
            if (function.Handle != 0)
            {
                return function.Handle;
            }
            if (_functionCount == _functions.Length)
            {
                Array.Resize(ref _functions, _functions.Length * 2);
            }
            _functions[_functionCount++] = function;
            Volatile.Write(ref function.Handle, (ulong)_functionCount);
            return function.Handle;
        }
    }

    /// <summary>The function behind a funcref handle; null for 0.</summary>
    public FunctionInstance? GetFunction(ulong handle)
    {
        var functions = Volatile.Read(ref _functions);
        return handle == 0 || handle > (ulong)functions.Length ? null : functions[handle - 1];
    }

    /// <summary>The handle of a host object as an externref (equal objects share a handle); 0 for null.</summary>
    public ulong InternExtern(object? value)
    {
        if (value is null)
        {
            return 0;
        }
        lock (_lock)
        {
            if (_externHandles.TryGetValue(value, out var h))
            {
                return h;
            }
            if (_externCount == _externs.Length)
            {
                Array.Resize(ref _externs, _externs.Length * 2);
            }
            _externs[_externCount++] = value;
            h = (ulong)_externCount;
            _externHandles.Add(value, h);
            return h;
        }
    }

    /// <summary>The host object behind an externref handle; null for 0.</summary>
    public object? GetExtern(ulong handle)
    {
        var externs = Volatile.Read(ref _externs);
        return handle == 0 || handle > (ulong)externs.Length ? null : externs[handle - 1];
    }
}
