using Microwasm.Runtime;

namespace Microwasm.Host;

/// <summary>
/// What a host function knows about its caller: declare it as the first parameter of a host
/// delegate to receive it. It is valid only during the call that received it.
/// </summary>
/// <remarks>
/// Use <see cref="Instance"/> to call back into wasm (<see cref="TypedFunctions"/>) or to reach the
/// memory helpers (<see cref="InstanceMemory"/>). Spans over linear memory obtained before calling
/// back into wasm must be fetched again afterwards: wasm may grow the memory, which moves it.
/// </remarks>
public readonly struct Caller
{
    private readonly ExecutionEnvironment _context;

    internal Caller(ExecutionEnvironment context)
    {
        _context = context;
    }

    /// <summary>The calling thread's execution context.</summary>
    public ExecutionEnvironment Context => _context;

    /// <summary>The store the call runs in.</summary>
    public Store Store => _context.Store;

    /// <summary>The instance whose code called the host function.</summary>
    /// <exception cref="WasmTrap">The function was called directly by the host, not by wasm code.</exception>
    public Instance Instance =>
        _context.CallerInstance ?? throw new WasmTrap(TrapKind.Host, "the host function was not called from a wasm instance");

    /// <summary>The calling instance's default memory.</summary>
    /// <exception cref="WasmTrap">The caller has no memory.</exception>
    public MemoryInstance Memory => HostValues.CallerMemory(_context);

    /// <summary>The calling instance's <see cref="Runtime.Instance.UserData"/>.</summary>
    public object? UserData => Instance.UserData;

    /// <summary>
    /// Makes a trap to throw from the host function (<c>throw caller.Trap("...")</c>): the wasm
    /// code's caller receives a <see cref="WasmTrap"/> of kind <see cref="TrapKind.Host"/>.
    /// </summary>
    public WasmTrap Trap(string message) => new(TrapKind.Host, message);
}
