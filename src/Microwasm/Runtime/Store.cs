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

    private readonly ThreadLocal<ExecutionContext> _contexts;

    public Store(RuntimeOptions? options = null)
    {
        Options = options ?? new RuntimeOptions();
        _contexts = new ThreadLocal<ExecutionContext>(() => new ExecutionContext(this));
    }

    internal ExecutionContext ContextForCurrentThread() => _contexts.Value!;

    public RuntimeOptions Options { get; }

    /// <summary>The handle of a function in this store, registering it on first use.</summary>
    public ulong HandleOf(FunctionInstance function)
    {
        if (function.Store == this)
        {
            return function.Handle;
        }
        lock (_lock)
        {
            if (function.Store == this)
            {
                return function.Handle;
            }
            if (function.Store is not null)
            {
                throw new WasmLinkException("a function cannot be used in two stores");
            }
            if (_functionCount == _functions.Length)
            {
                Array.Resize(ref _functions, _functions.Length * 2);
            }
            _functions[_functionCount++] = function;
            function.Handle = (ulong)_functionCount;
            function.Store = this;
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
