// NativeSymbol.Create overloads for delegates of 0 to 8 parameters (one pattern per arity).
namespace Microwasm.Host;

public sealed partial class NativeSymbol
{
    /// <summary>A native symbol: <paramref name="function"/> exported as <paramref name="name"/> with a WAMR <paramref name="signature"/>.</summary>
    public static NativeSymbol Create<TResult>(string name, Func<TResult> function, string signature)
    {
        ArgumentNullException.ThrowIfNull(function);
        return new(name, signature, new HostFunctionDefinition([], typeof(TResult), signature, b => new HostFuncAdapter<TResult>(function, b).Invoke));
    }

    /// <summary>A native symbol: <paramref name="function"/> exported as <paramref name="name"/> with a WAMR <paramref name="signature"/>.</summary>
    public static NativeSymbol Create(string name, Action function, string signature)
    {
        ArgumentNullException.ThrowIfNull(function);
        return new(name, signature, new HostFunctionDefinition([], null, signature, _ => (_, _) => function()));
    }

    /// <summary>A native symbol: <paramref name="function"/> exported as <paramref name="name"/> with a WAMR <paramref name="signature"/>.</summary>
    public static NativeSymbol Create<T1, TResult>(string name, Func<T1, TResult> function, string signature)
        where T1 : allows ref struct
    {
        ArgumentNullException.ThrowIfNull(function);
        return new(name, signature, new HostFunctionDefinition([typeof(T1)], typeof(TResult), signature, b => new HostFuncAdapter<T1, TResult>(function, b).Invoke));
    }

    /// <summary>A native symbol: <paramref name="function"/> exported as <paramref name="name"/> with a WAMR <paramref name="signature"/>.</summary>
    public static NativeSymbol Create<T1>(string name, Action<T1> function, string signature)
        where T1 : allows ref struct
    {
        ArgumentNullException.ThrowIfNull(function);
        return new(name, signature, new HostFunctionDefinition([typeof(T1)], null, signature, b => new HostActionAdapter<T1>(function, b).Invoke));
    }

    /// <summary>A native symbol: <paramref name="function"/> exported as <paramref name="name"/> with a WAMR <paramref name="signature"/>.</summary>
    public static NativeSymbol Create<T1, T2, TResult>(string name, Func<T1, T2, TResult> function, string signature)
        where T1 : allows ref struct
        where T2 : allows ref struct
    {
        ArgumentNullException.ThrowIfNull(function);
        return new(name, signature, new HostFunctionDefinition([typeof(T1), typeof(T2)], typeof(TResult), signature, b => new HostFuncAdapter<T1, T2, TResult>(function, b).Invoke));
    }

    /// <summary>A native symbol: <paramref name="function"/> exported as <paramref name="name"/> with a WAMR <paramref name="signature"/>.</summary>
    public static NativeSymbol Create<T1, T2>(string name, Action<T1, T2> function, string signature)
        where T1 : allows ref struct
        where T2 : allows ref struct
    {
        ArgumentNullException.ThrowIfNull(function);
        return new(name, signature, new HostFunctionDefinition([typeof(T1), typeof(T2)], null, signature, b => new HostActionAdapter<T1, T2>(function, b).Invoke));
    }

    /// <summary>A native symbol: <paramref name="function"/> exported as <paramref name="name"/> with a WAMR <paramref name="signature"/>.</summary>
    public static NativeSymbol Create<T1, T2, T3, TResult>(string name, Func<T1, T2, T3, TResult> function, string signature)
        where T1 : allows ref struct
        where T2 : allows ref struct
        where T3 : allows ref struct
    {
        ArgumentNullException.ThrowIfNull(function);
        return new(name, signature, new HostFunctionDefinition([typeof(T1), typeof(T2), typeof(T3)], typeof(TResult), signature, b => new HostFuncAdapter<T1, T2, T3, TResult>(function, b).Invoke));
    }

    /// <summary>A native symbol: <paramref name="function"/> exported as <paramref name="name"/> with a WAMR <paramref name="signature"/>.</summary>
    public static NativeSymbol Create<T1, T2, T3>(string name, Action<T1, T2, T3> function, string signature)
        where T1 : allows ref struct
        where T2 : allows ref struct
        where T3 : allows ref struct
    {
        ArgumentNullException.ThrowIfNull(function);
        return new(name, signature, new HostFunctionDefinition([typeof(T1), typeof(T2), typeof(T3)], null, signature, b => new HostActionAdapter<T1, T2, T3>(function, b).Invoke));
    }

    /// <summary>A native symbol: <paramref name="function"/> exported as <paramref name="name"/> with a WAMR <paramref name="signature"/>.</summary>
    public static NativeSymbol Create<T1, T2, T3, T4, TResult>(string name, Func<T1, T2, T3, T4, TResult> function, string signature)
        where T1 : allows ref struct
        where T2 : allows ref struct
        where T3 : allows ref struct
        where T4 : allows ref struct
    {
        ArgumentNullException.ThrowIfNull(function);
        return new(name, signature, new HostFunctionDefinition([typeof(T1), typeof(T2), typeof(T3), typeof(T4)], typeof(TResult), signature, b => new HostFuncAdapter<T1, T2, T3, T4, TResult>(function, b).Invoke));
    }

    /// <summary>A native symbol: <paramref name="function"/> exported as <paramref name="name"/> with a WAMR <paramref name="signature"/>.</summary>
    public static NativeSymbol Create<T1, T2, T3, T4>(string name, Action<T1, T2, T3, T4> function, string signature)
        where T1 : allows ref struct
        where T2 : allows ref struct
        where T3 : allows ref struct
        where T4 : allows ref struct
    {
        ArgumentNullException.ThrowIfNull(function);
        return new(name, signature, new HostFunctionDefinition([typeof(T1), typeof(T2), typeof(T3), typeof(T4)], null, signature, b => new HostActionAdapter<T1, T2, T3, T4>(function, b).Invoke));
    }

    /// <summary>A native symbol: <paramref name="function"/> exported as <paramref name="name"/> with a WAMR <paramref name="signature"/>.</summary>
    public static NativeSymbol Create<T1, T2, T3, T4, T5, TResult>(string name, Func<T1, T2, T3, T4, T5, TResult> function, string signature)
        where T1 : allows ref struct
        where T2 : allows ref struct
        where T3 : allows ref struct
        where T4 : allows ref struct
        where T5 : allows ref struct
    {
        ArgumentNullException.ThrowIfNull(function);
        return new(name, signature, new HostFunctionDefinition([typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5)], typeof(TResult), signature, b => new HostFuncAdapter<T1, T2, T3, T4, T5, TResult>(function, b).Invoke));
    }

    /// <summary>A native symbol: <paramref name="function"/> exported as <paramref name="name"/> with a WAMR <paramref name="signature"/>.</summary>
    public static NativeSymbol Create<T1, T2, T3, T4, T5>(string name, Action<T1, T2, T3, T4, T5> function, string signature)
        where T1 : allows ref struct
        where T2 : allows ref struct
        where T3 : allows ref struct
        where T4 : allows ref struct
        where T5 : allows ref struct
    {
        ArgumentNullException.ThrowIfNull(function);
        return new(name, signature, new HostFunctionDefinition([typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5)], null, signature, b => new HostActionAdapter<T1, T2, T3, T4, T5>(function, b).Invoke));
    }

    /// <summary>A native symbol: <paramref name="function"/> exported as <paramref name="name"/> with a WAMR <paramref name="signature"/>.</summary>
    public static NativeSymbol Create<T1, T2, T3, T4, T5, T6, TResult>(string name, Func<T1, T2, T3, T4, T5, T6, TResult> function, string signature)
        where T1 : allows ref struct
        where T2 : allows ref struct
        where T3 : allows ref struct
        where T4 : allows ref struct
        where T5 : allows ref struct
        where T6 : allows ref struct
    {
        ArgumentNullException.ThrowIfNull(function);
        return new(name, signature, new HostFunctionDefinition([typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5), typeof(T6)], typeof(TResult), signature, b => new HostFuncAdapter<T1, T2, T3, T4, T5, T6, TResult>(function, b).Invoke));
    }

    /// <summary>A native symbol: <paramref name="function"/> exported as <paramref name="name"/> with a WAMR <paramref name="signature"/>.</summary>
    public static NativeSymbol Create<T1, T2, T3, T4, T5, T6>(string name, Action<T1, T2, T3, T4, T5, T6> function, string signature)
        where T1 : allows ref struct
        where T2 : allows ref struct
        where T3 : allows ref struct
        where T4 : allows ref struct
        where T5 : allows ref struct
        where T6 : allows ref struct
    {
        ArgumentNullException.ThrowIfNull(function);
        return new(name, signature, new HostFunctionDefinition([typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5), typeof(T6)], null, signature, b => new HostActionAdapter<T1, T2, T3, T4, T5, T6>(function, b).Invoke));
    }

    /// <summary>A native symbol: <paramref name="function"/> exported as <paramref name="name"/> with a WAMR <paramref name="signature"/>.</summary>
    public static NativeSymbol Create<T1, T2, T3, T4, T5, T6, T7, TResult>(string name, Func<T1, T2, T3, T4, T5, T6, T7, TResult> function, string signature)
        where T1 : allows ref struct
        where T2 : allows ref struct
        where T3 : allows ref struct
        where T4 : allows ref struct
        where T5 : allows ref struct
        where T6 : allows ref struct
        where T7 : allows ref struct
    {
        ArgumentNullException.ThrowIfNull(function);
        return new(name, signature, new HostFunctionDefinition([typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5), typeof(T6), typeof(T7)], typeof(TResult), signature, b => new HostFuncAdapter<T1, T2, T3, T4, T5, T6, T7, TResult>(function, b).Invoke));
    }

    /// <summary>A native symbol: <paramref name="function"/> exported as <paramref name="name"/> with a WAMR <paramref name="signature"/>.</summary>
    public static NativeSymbol Create<T1, T2, T3, T4, T5, T6, T7>(string name, Action<T1, T2, T3, T4, T5, T6, T7> function, string signature)
        where T1 : allows ref struct
        where T2 : allows ref struct
        where T3 : allows ref struct
        where T4 : allows ref struct
        where T5 : allows ref struct
        where T6 : allows ref struct
        where T7 : allows ref struct
    {
        ArgumentNullException.ThrowIfNull(function);
        return new(name, signature, new HostFunctionDefinition([typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5), typeof(T6), typeof(T7)], null, signature, b => new HostActionAdapter<T1, T2, T3, T4, T5, T6, T7>(function, b).Invoke));
    }

    /// <summary>A native symbol: <paramref name="function"/> exported as <paramref name="name"/> with a WAMR <paramref name="signature"/>.</summary>
    public static NativeSymbol Create<T1, T2, T3, T4, T5, T6, T7, T8, TResult>(string name, Func<T1, T2, T3, T4, T5, T6, T7, T8, TResult> function, string signature)
        where T1 : allows ref struct
        where T2 : allows ref struct
        where T3 : allows ref struct
        where T4 : allows ref struct
        where T5 : allows ref struct
        where T6 : allows ref struct
        where T7 : allows ref struct
        where T8 : allows ref struct
    {
        ArgumentNullException.ThrowIfNull(function);
        return new(name, signature, new HostFunctionDefinition([typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5), typeof(T6), typeof(T7), typeof(T8)], typeof(TResult), signature, b => new HostFuncAdapter<T1, T2, T3, T4, T5, T6, T7, T8, TResult>(function, b).Invoke));
    }

    /// <summary>A native symbol: <paramref name="function"/> exported as <paramref name="name"/> with a WAMR <paramref name="signature"/>.</summary>
    public static NativeSymbol Create<T1, T2, T3, T4, T5, T6, T7, T8>(string name, Action<T1, T2, T3, T4, T5, T6, T7, T8> function, string signature)
        where T1 : allows ref struct
        where T2 : allows ref struct
        where T3 : allows ref struct
        where T4 : allows ref struct
        where T5 : allows ref struct
        where T6 : allows ref struct
        where T7 : allows ref struct
        where T8 : allows ref struct
    {
        ArgumentNullException.ThrowIfNull(function);
        return new(name, signature, new HostFunctionDefinition([typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5), typeof(T6), typeof(T7), typeof(T8)], null, signature, b => new HostActionAdapter<T1, T2, T3, T4, T5, T6, T7, T8>(function, b).Invoke));
    }
}
