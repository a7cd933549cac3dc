using Microwasm.Runtime;

namespace Microwasm.Host;

/// <summary>
/// Calls of exported functions from C#: typed delegates checked once at lookup
/// (<c>instance.GetFunction&lt;int, int&gt;("fib")</c>) and an untyped form with <see cref="WasmValue"/>s.
/// </summary>
/// <remarks>
/// <para>
/// Parameter and result types: <see cref="int"/> or <see cref="uint"/> for i32, <see cref="long"/> or
/// <see cref="ulong"/> for i64, <see cref="float"/> for f32, <see cref="double"/> for f64, and
/// <see cref="WasmValue"/> for a value of any type (including v128 and references). A function with
/// no result is an <see cref="Action"/> (<c>GetAction</c>); functions with several results are
/// called with <see cref="Invoke"/>.
/// </para>
/// <para>
/// A typed call allocates nothing: the arguments go into stack-allocated slots and the call runs on
/// the calling thread's <see cref="ExecutionEnvironment"/>. Every call from the host claims the
/// instance's store for the calling thread; a call from a second thread while the first is still
/// running throws <see cref="InvalidOperationException"/> instead of racing (nested calls from host
/// functions on the same thread are fine). Traps surface as <see cref="WasmTrap"/>.
/// </para>
/// </remarks>
public static partial class TypedFunctions
{
    /// <summary>Calls exported function <paramref name="name"/> with typed values (allocating; for any type, any number of results).</summary>
    /// <exception cref="WasmLinkException">There is no such exported function.</exception>
    /// <exception cref="ArgumentException">The arguments do not match the function's parameters.</exception>
    public static WasmValue[] Invoke(this Instance instance, string name, params WasmValue[] arguments)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var function = TypedTarget.FindFunction(instance, name);
        var guard = StoreGuard.For(instance.Store);
        var claimed = guard.Enter();
        try
        {
            return function.Invoke(instance.Store, arguments);
        }
        finally
        {
            guard.Exit(claimed);
        }
    }
}
