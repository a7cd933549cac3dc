// DefineFunction overloads for delegates of 0 to 8 parameters (one pattern per arity).
using Microwasm.Runtime;

namespace Microwasm.Host;

public sealed partial class WasmLinker
{
    /// <summary>Defines a host function from a delegate; its wasm type is inferred from the parameter and return types (see the class remarks).</summary>
    public WasmLinker DefineFunction<TResult>(string module, string name, Func<TResult> function) =>
        DefineHost(module, name, function, new HostFunctionDefinition([], typeof(TResult), null, b => new HostFuncAdapter<TResult>(function, b).Invoke));

    /// <summary>Defines a host function from a delegate; its wasm type is inferred from the parameter and return types (see the class remarks).</summary>
    public WasmLinker DefineFunction(string module, string name, Action function) =>
        DefineHost(module, name, function, new HostFunctionDefinition([], null, null, _ => (_, _) => function()));

    /// <summary>Defines a host function from a delegate; its wasm type is inferred from the parameter and return types (see the class remarks).</summary>
    public WasmLinker DefineFunction<T1, TResult>(string module, string name, Func<T1, TResult> function)
        where T1 : allows ref struct =>
        DefineHost(module, name, function, new HostFunctionDefinition([typeof(T1)], typeof(TResult), null, b => new HostFuncAdapter<T1, TResult>(function, b).Invoke));

    /// <summary>Defines a host function from a delegate; its wasm type is inferred from the parameter and return types (see the class remarks).</summary>
    public WasmLinker DefineFunction<T1>(string module, string name, Action<T1> function)
        where T1 : allows ref struct =>
        DefineHost(module, name, function, new HostFunctionDefinition([typeof(T1)], null, null, b => new HostActionAdapter<T1>(function, b).Invoke));

    /// <summary>Defines a host function from a delegate; its wasm type is inferred from the parameter and return types (see the class remarks).</summary>
    public WasmLinker DefineFunction<T1, T2, TResult>(string module, string name, Func<T1, T2, TResult> function)
        where T1 : allows ref struct
        where T2 : allows ref struct =>
        DefineHost(module, name, function, new HostFunctionDefinition([typeof(T1), typeof(T2)], typeof(TResult), null, b => new HostFuncAdapter<T1, T2, TResult>(function, b).Invoke));

    /// <summary>Defines a host function from a delegate; its wasm type is inferred from the parameter and return types (see the class remarks).</summary>
    public WasmLinker DefineFunction<T1, T2>(string module, string name, Action<T1, T2> function)
        where T1 : allows ref struct
        where T2 : allows ref struct =>
        DefineHost(module, name, function, new HostFunctionDefinition([typeof(T1), typeof(T2)], null, null, b => new HostActionAdapter<T1, T2>(function, b).Invoke));

    /// <summary>Defines a host function from a delegate; its wasm type is inferred from the parameter and return types (see the class remarks).</summary>
    public WasmLinker DefineFunction<T1, T2, T3, TResult>(string module, string name, Func<T1, T2, T3, TResult> function)
        where T1 : allows ref struct
        where T2 : allows ref struct
        where T3 : allows ref struct =>
        DefineHost(module, name, function, new HostFunctionDefinition([typeof(T1), typeof(T2), typeof(T3)], typeof(TResult), null, b => new HostFuncAdapter<T1, T2, T3, TResult>(function, b).Invoke));

    /// <summary>Defines a host function from a delegate; its wasm type is inferred from the parameter and return types (see the class remarks).</summary>
    public WasmLinker DefineFunction<T1, T2, T3>(string module, string name, Action<T1, T2, T3> function)
        where T1 : allows ref struct
        where T2 : allows ref struct
        where T3 : allows ref struct =>
        DefineHost(module, name, function, new HostFunctionDefinition([typeof(T1), typeof(T2), typeof(T3)], null, null, b => new HostActionAdapter<T1, T2, T3>(function, b).Invoke));

    /// <summary>Defines a host function from a delegate; its wasm type is inferred from the parameter and return types (see the class remarks).</summary>
    public WasmLinker DefineFunction<T1, T2, T3, T4, TResult>(string module, string name, Func<T1, T2, T3, T4, TResult> function)
        where T1 : allows ref struct
        where T2 : allows ref struct
        where T3 : allows ref struct
        where T4 : allows ref struct =>
        DefineHost(module, name, function, new HostFunctionDefinition([typeof(T1), typeof(T2), typeof(T3), typeof(T4)], typeof(TResult), null, b => new HostFuncAdapter<T1, T2, T3, T4, TResult>(function, b).Invoke));

    /// <summary>Defines a host function from a delegate; its wasm type is inferred from the parameter and return types (see the class remarks).</summary>
    public WasmLinker DefineFunction<T1, T2, T3, T4>(string module, string name, Action<T1, T2, T3, T4> function)
        where T1 : allows ref struct
        where T2 : allows ref struct
        where T3 : allows ref struct
        where T4 : allows ref struct =>
        DefineHost(module, name, function, new HostFunctionDefinition([typeof(T1), typeof(T2), typeof(T3), typeof(T4)], null, null, b => new HostActionAdapter<T1, T2, T3, T4>(function, b).Invoke));

    /// <summary>Defines a host function from a delegate; its wasm type is inferred from the parameter and return types (see the class remarks).</summary>
    public WasmLinker DefineFunction<T1, T2, T3, T4, T5, TResult>(string module, string name, Func<T1, T2, T3, T4, T5, TResult> function)
        where T1 : allows ref struct
        where T2 : allows ref struct
        where T3 : allows ref struct
        where T4 : allows ref struct
        where T5 : allows ref struct =>
        DefineHost(module, name, function, new HostFunctionDefinition([typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5)], typeof(TResult), null, b => new HostFuncAdapter<T1, T2, T3, T4, T5, TResult>(function, b).Invoke));

    /// <summary>Defines a host function from a delegate; its wasm type is inferred from the parameter and return types (see the class remarks).</summary>
    public WasmLinker DefineFunction<T1, T2, T3, T4, T5>(string module, string name, Action<T1, T2, T3, T4, T5> function)
        where T1 : allows ref struct
        where T2 : allows ref struct
        where T3 : allows ref struct
        where T4 : allows ref struct
        where T5 : allows ref struct =>
        DefineHost(module, name, function, new HostFunctionDefinition([typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5)], null, null, b => new HostActionAdapter<T1, T2, T3, T4, T5>(function, b).Invoke));

    /// <summary>Defines a host function from a delegate; its wasm type is inferred from the parameter and return types (see the class remarks).</summary>
    public WasmLinker DefineFunction<T1, T2, T3, T4, T5, T6, TResult>(string module, string name, Func<T1, T2, T3, T4, T5, T6, TResult> function)
        where T1 : allows ref struct
        where T2 : allows ref struct
        where T3 : allows ref struct
        where T4 : allows ref struct
        where T5 : allows ref struct
        where T6 : allows ref struct =>
        DefineHost(module, name, function, new HostFunctionDefinition([typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5), typeof(T6)], typeof(TResult), null, b => new HostFuncAdapter<T1, T2, T3, T4, T5, T6, TResult>(function, b).Invoke));

    /// <summary>Defines a host function from a delegate; its wasm type is inferred from the parameter and return types (see the class remarks).</summary>
    public WasmLinker DefineFunction<T1, T2, T3, T4, T5, T6>(string module, string name, Action<T1, T2, T3, T4, T5, T6> function)
        where T1 : allows ref struct
        where T2 : allows ref struct
        where T3 : allows ref struct
        where T4 : allows ref struct
        where T5 : allows ref struct
        where T6 : allows ref struct =>
        DefineHost(module, name, function, new HostFunctionDefinition([typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5), typeof(T6)], null, null, b => new HostActionAdapter<T1, T2, T3, T4, T5, T6>(function, b).Invoke));

    /// <summary>Defines a host function from a delegate; its wasm type is inferred from the parameter and return types (see the class remarks).</summary>
    public WasmLinker DefineFunction<T1, T2, T3, T4, T5, T6, T7, TResult>(string module, string name, Func<T1, T2, T3, T4, T5, T6, T7, TResult> function)
        where T1 : allows ref struct
        where T2 : allows ref struct
        where T3 : allows ref struct
        where T4 : allows ref struct
        where T5 : allows ref struct
        where T6 : allows ref struct
        where T7 : allows ref struct =>
        DefineHost(module, name, function, new HostFunctionDefinition([typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5), typeof(T6), typeof(T7)], typeof(TResult), null, b => new HostFuncAdapter<T1, T2, T3, T4, T5, T6, T7, TResult>(function, b).Invoke));

    /// <summary>Defines a host function from a delegate; its wasm type is inferred from the parameter and return types (see the class remarks).</summary>
    public WasmLinker DefineFunction<T1, T2, T3, T4, T5, T6, T7>(string module, string name, Action<T1, T2, T3, T4, T5, T6, T7> function)
        where T1 : allows ref struct
        where T2 : allows ref struct
        where T3 : allows ref struct
        where T4 : allows ref struct
        where T5 : allows ref struct
        where T6 : allows ref struct
        where T7 : allows ref struct =>
        DefineHost(module, name, function, new HostFunctionDefinition([typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5), typeof(T6), typeof(T7)], null, null, b => new HostActionAdapter<T1, T2, T3, T4, T5, T6, T7>(function, b).Invoke));

    /// <summary>Defines a host function from a delegate; its wasm type is inferred from the parameter and return types (see the class remarks).</summary>
    public WasmLinker DefineFunction<T1, T2, T3, T4, T5, T6, T7, T8, TResult>(string module, string name, Func<T1, T2, T3, T4, T5, T6, T7, T8, TResult> function)
        where T1 : allows ref struct
        where T2 : allows ref struct
        where T3 : allows ref struct
        where T4 : allows ref struct
        where T5 : allows ref struct
        where T6 : allows ref struct
        where T7 : allows ref struct
        where T8 : allows ref struct =>
        DefineHost(module, name, function, new HostFunctionDefinition([typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5), typeof(T6), typeof(T7), typeof(T8)], typeof(TResult), null, b => new HostFuncAdapter<T1, T2, T3, T4, T5, T6, T7, T8, TResult>(function, b).Invoke));

    /// <summary>Defines a host function from a delegate; its wasm type is inferred from the parameter and return types (see the class remarks).</summary>
    public WasmLinker DefineFunction<T1, T2, T3, T4, T5, T6, T7, T8>(string module, string name, Action<T1, T2, T3, T4, T5, T6, T7, T8> function)
        where T1 : allows ref struct
        where T2 : allows ref struct
        where T3 : allows ref struct
        where T4 : allows ref struct
        where T5 : allows ref struct
        where T6 : allows ref struct
        where T7 : allows ref struct
        where T8 : allows ref struct =>
        DefineHost(module, name, function, new HostFunctionDefinition([typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5), typeof(T6), typeof(T7), typeof(T8)], null, null, b => new HostActionAdapter<T1, T2, T3, T4, T5, T6, T7, T8>(function, b).Invoke));
}
