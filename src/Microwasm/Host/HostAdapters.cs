// The host-function adapters for delegates of 0 to 8 parameters. Each arity repeats one pattern:
// convert every wasm argument (checking pointers) before the delegate runs, call it, store the result.
// Generic classes rather than compiled expression trees keep this NativeAOT-friendly, and the JIT
// specialises each instantiation so the conversions fold to plain loads and stores.
using Microwasm.Runtime;
using ExecutionContext = Microwasm.Runtime.ExecutionContext;

namespace Microwasm.Host;

internal sealed class HostFuncAdapter<TResult>(Func<TResult> function, HostBinding binding)
{
    private readonly ValueType _result = binding.ResultType;

    public void Invoke(ExecutionContext context, Span<ulong> slots)
    {
        var result = function();
        HostValues.Result(context, slots, result, _result);
    }
}

internal sealed class HostFuncAdapter<T1, TResult>(Func<T1, TResult> function, HostBinding binding)
    where T1 : allows ref struct
{
    private readonly HostParameter _p1 = binding[0];
    private readonly ValueType _result = binding.ResultType;

    public void Invoke(ExecutionContext context, Span<ulong> slots)
    {
        var result = function(HostValues.Argument<T1>(context, slots, _p1));
        HostValues.Result(context, slots, result, _result);
    }
}

internal sealed class HostActionAdapter<T1>(Action<T1> function, HostBinding binding)
    where T1 : allows ref struct
{
    private readonly HostParameter _p1 = binding[0];

    public void Invoke(ExecutionContext context, Span<ulong> slots)
    {
        function(HostValues.Argument<T1>(context, slots, _p1));
    }
}

internal sealed class HostFuncAdapter<T1, T2, TResult>(Func<T1, T2, TResult> function, HostBinding binding)
    where T1 : allows ref struct
    where T2 : allows ref struct
{
    private readonly HostParameter _p1 = binding[0];
    private readonly HostParameter _p2 = binding[1];
    private readonly ValueType _result = binding.ResultType;

    public void Invoke(ExecutionContext context, Span<ulong> slots)
    {
        var result = function(HostValues.Argument<T1>(context, slots, _p1), HostValues.Argument<T2>(context, slots, _p2));
        HostValues.Result(context, slots, result, _result);
    }
}

internal sealed class HostActionAdapter<T1, T2>(Action<T1, T2> function, HostBinding binding)
    where T1 : allows ref struct
    where T2 : allows ref struct
{
    private readonly HostParameter _p1 = binding[0];
    private readonly HostParameter _p2 = binding[1];

    public void Invoke(ExecutionContext context, Span<ulong> slots)
    {
        function(HostValues.Argument<T1>(context, slots, _p1), HostValues.Argument<T2>(context, slots, _p2));
    }
}

internal sealed class HostFuncAdapter<T1, T2, T3, TResult>(Func<T1, T2, T3, TResult> function, HostBinding binding)
    where T1 : allows ref struct
    where T2 : allows ref struct
    where T3 : allows ref struct
{
    private readonly HostParameter _p1 = binding[0];
    private readonly HostParameter _p2 = binding[1];
    private readonly HostParameter _p3 = binding[2];
    private readonly ValueType _result = binding.ResultType;

    public void Invoke(ExecutionContext context, Span<ulong> slots)
    {
        var result = function(HostValues.Argument<T1>(context, slots, _p1), HostValues.Argument<T2>(context, slots, _p2), HostValues.Argument<T3>(context, slots, _p3));
        HostValues.Result(context, slots, result, _result);
    }
}

internal sealed class HostActionAdapter<T1, T2, T3>(Action<T1, T2, T3> function, HostBinding binding)
    where T1 : allows ref struct
    where T2 : allows ref struct
    where T3 : allows ref struct
{
    private readonly HostParameter _p1 = binding[0];
    private readonly HostParameter _p2 = binding[1];
    private readonly HostParameter _p3 = binding[2];

    public void Invoke(ExecutionContext context, Span<ulong> slots)
    {
        function(HostValues.Argument<T1>(context, slots, _p1), HostValues.Argument<T2>(context, slots, _p2), HostValues.Argument<T3>(context, slots, _p3));
    }
}

internal sealed class HostFuncAdapter<T1, T2, T3, T4, TResult>(Func<T1, T2, T3, T4, TResult> function, HostBinding binding)
    where T1 : allows ref struct
    where T2 : allows ref struct
    where T3 : allows ref struct
    where T4 : allows ref struct
{
    private readonly HostParameter _p1 = binding[0];
    private readonly HostParameter _p2 = binding[1];
    private readonly HostParameter _p3 = binding[2];
    private readonly HostParameter _p4 = binding[3];
    private readonly ValueType _result = binding.ResultType;

    public void Invoke(ExecutionContext context, Span<ulong> slots)
    {
        var result = function(HostValues.Argument<T1>(context, slots, _p1), HostValues.Argument<T2>(context, slots, _p2), HostValues.Argument<T3>(context, slots, _p3), HostValues.Argument<T4>(context, slots, _p4));
        HostValues.Result(context, slots, result, _result);
    }
}

internal sealed class HostActionAdapter<T1, T2, T3, T4>(Action<T1, T2, T3, T4> function, HostBinding binding)
    where T1 : allows ref struct
    where T2 : allows ref struct
    where T3 : allows ref struct
    where T4 : allows ref struct
{
    private readonly HostParameter _p1 = binding[0];
    private readonly HostParameter _p2 = binding[1];
    private readonly HostParameter _p3 = binding[2];
    private readonly HostParameter _p4 = binding[3];

    public void Invoke(ExecutionContext context, Span<ulong> slots)
    {
        function(HostValues.Argument<T1>(context, slots, _p1), HostValues.Argument<T2>(context, slots, _p2), HostValues.Argument<T3>(context, slots, _p3), HostValues.Argument<T4>(context, slots, _p4));
    }
}

internal sealed class HostFuncAdapter<T1, T2, T3, T4, T5, TResult>(Func<T1, T2, T3, T4, T5, TResult> function, HostBinding binding)
    where T1 : allows ref struct
    where T2 : allows ref struct
    where T3 : allows ref struct
    where T4 : allows ref struct
    where T5 : allows ref struct
{
    private readonly HostParameter _p1 = binding[0];
    private readonly HostParameter _p2 = binding[1];
    private readonly HostParameter _p3 = binding[2];
    private readonly HostParameter _p4 = binding[3];
    private readonly HostParameter _p5 = binding[4];
    private readonly ValueType _result = binding.ResultType;

    public void Invoke(ExecutionContext context, Span<ulong> slots)
    {
        var result = function(HostValues.Argument<T1>(context, slots, _p1), HostValues.Argument<T2>(context, slots, _p2), HostValues.Argument<T3>(context, slots, _p3), HostValues.Argument<T4>(context, slots, _p4), HostValues.Argument<T5>(context, slots, _p5));
        HostValues.Result(context, slots, result, _result);
    }
}

internal sealed class HostActionAdapter<T1, T2, T3, T4, T5>(Action<T1, T2, T3, T4, T5> function, HostBinding binding)
    where T1 : allows ref struct
    where T2 : allows ref struct
    where T3 : allows ref struct
    where T4 : allows ref struct
    where T5 : allows ref struct
{
    private readonly HostParameter _p1 = binding[0];
    private readonly HostParameter _p2 = binding[1];
    private readonly HostParameter _p3 = binding[2];
    private readonly HostParameter _p4 = binding[3];
    private readonly HostParameter _p5 = binding[4];

    public void Invoke(ExecutionContext context, Span<ulong> slots)
    {
        function(HostValues.Argument<T1>(context, slots, _p1), HostValues.Argument<T2>(context, slots, _p2), HostValues.Argument<T3>(context, slots, _p3), HostValues.Argument<T4>(context, slots, _p4), HostValues.Argument<T5>(context, slots, _p5));
    }
}

internal sealed class HostFuncAdapter<T1, T2, T3, T4, T5, T6, TResult>(Func<T1, T2, T3, T4, T5, T6, TResult> function, HostBinding binding)
    where T1 : allows ref struct
    where T2 : allows ref struct
    where T3 : allows ref struct
    where T4 : allows ref struct
    where T5 : allows ref struct
    where T6 : allows ref struct
{
    private readonly HostParameter _p1 = binding[0];
    private readonly HostParameter _p2 = binding[1];
    private readonly HostParameter _p3 = binding[2];
    private readonly HostParameter _p4 = binding[3];
    private readonly HostParameter _p5 = binding[4];
    private readonly HostParameter _p6 = binding[5];
    private readonly ValueType _result = binding.ResultType;

    public void Invoke(ExecutionContext context, Span<ulong> slots)
    {
        var result = function(HostValues.Argument<T1>(context, slots, _p1), HostValues.Argument<T2>(context, slots, _p2), HostValues.Argument<T3>(context, slots, _p3), HostValues.Argument<T4>(context, slots, _p4), HostValues.Argument<T5>(context, slots, _p5), HostValues.Argument<T6>(context, slots, _p6));
        HostValues.Result(context, slots, result, _result);
    }
}

internal sealed class HostActionAdapter<T1, T2, T3, T4, T5, T6>(Action<T1, T2, T3, T4, T5, T6> function, HostBinding binding)
    where T1 : allows ref struct
    where T2 : allows ref struct
    where T3 : allows ref struct
    where T4 : allows ref struct
    where T5 : allows ref struct
    where T6 : allows ref struct
{
    private readonly HostParameter _p1 = binding[0];
    private readonly HostParameter _p2 = binding[1];
    private readonly HostParameter _p3 = binding[2];
    private readonly HostParameter _p4 = binding[3];
    private readonly HostParameter _p5 = binding[4];
    private readonly HostParameter _p6 = binding[5];

    public void Invoke(ExecutionContext context, Span<ulong> slots)
    {
        function(HostValues.Argument<T1>(context, slots, _p1), HostValues.Argument<T2>(context, slots, _p2), HostValues.Argument<T3>(context, slots, _p3), HostValues.Argument<T4>(context, slots, _p4), HostValues.Argument<T5>(context, slots, _p5), HostValues.Argument<T6>(context, slots, _p6));
    }
}

internal sealed class HostFuncAdapter<T1, T2, T3, T4, T5, T6, T7, TResult>(Func<T1, T2, T3, T4, T5, T6, T7, TResult> function, HostBinding binding)
    where T1 : allows ref struct
    where T2 : allows ref struct
    where T3 : allows ref struct
    where T4 : allows ref struct
    where T5 : allows ref struct
    where T6 : allows ref struct
    where T7 : allows ref struct
{
    private readonly HostParameter _p1 = binding[0];
    private readonly HostParameter _p2 = binding[1];
    private readonly HostParameter _p3 = binding[2];
    private readonly HostParameter _p4 = binding[3];
    private readonly HostParameter _p5 = binding[4];
    private readonly HostParameter _p6 = binding[5];
    private readonly HostParameter _p7 = binding[6];
    private readonly ValueType _result = binding.ResultType;

    public void Invoke(ExecutionContext context, Span<ulong> slots)
    {
        var result = function(HostValues.Argument<T1>(context, slots, _p1), HostValues.Argument<T2>(context, slots, _p2), HostValues.Argument<T3>(context, slots, _p3), HostValues.Argument<T4>(context, slots, _p4), HostValues.Argument<T5>(context, slots, _p5), HostValues.Argument<T6>(context, slots, _p6), HostValues.Argument<T7>(context, slots, _p7));
        HostValues.Result(context, slots, result, _result);
    }
}

internal sealed class HostActionAdapter<T1, T2, T3, T4, T5, T6, T7>(Action<T1, T2, T3, T4, T5, T6, T7> function, HostBinding binding)
    where T1 : allows ref struct
    where T2 : allows ref struct
    where T3 : allows ref struct
    where T4 : allows ref struct
    where T5 : allows ref struct
    where T6 : allows ref struct
    where T7 : allows ref struct
{
    private readonly HostParameter _p1 = binding[0];
    private readonly HostParameter _p2 = binding[1];
    private readonly HostParameter _p3 = binding[2];
    private readonly HostParameter _p4 = binding[3];
    private readonly HostParameter _p5 = binding[4];
    private readonly HostParameter _p6 = binding[5];
    private readonly HostParameter _p7 = binding[6];

    public void Invoke(ExecutionContext context, Span<ulong> slots)
    {
        function(HostValues.Argument<T1>(context, slots, _p1), HostValues.Argument<T2>(context, slots, _p2), HostValues.Argument<T3>(context, slots, _p3), HostValues.Argument<T4>(context, slots, _p4), HostValues.Argument<T5>(context, slots, _p5), HostValues.Argument<T6>(context, slots, _p6), HostValues.Argument<T7>(context, slots, _p7));
    }
}

internal sealed class HostFuncAdapter<T1, T2, T3, T4, T5, T6, T7, T8, TResult>(Func<T1, T2, T3, T4, T5, T6, T7, T8, TResult> function, HostBinding binding)
    where T1 : allows ref struct
    where T2 : allows ref struct
    where T3 : allows ref struct
    where T4 : allows ref struct
    where T5 : allows ref struct
    where T6 : allows ref struct
    where T7 : allows ref struct
    where T8 : allows ref struct
{
    private readonly HostParameter _p1 = binding[0];
    private readonly HostParameter _p2 = binding[1];
    private readonly HostParameter _p3 = binding[2];
    private readonly HostParameter _p4 = binding[3];
    private readonly HostParameter _p5 = binding[4];
    private readonly HostParameter _p6 = binding[5];
    private readonly HostParameter _p7 = binding[6];
    private readonly HostParameter _p8 = binding[7];
    private readonly ValueType _result = binding.ResultType;

    public void Invoke(ExecutionContext context, Span<ulong> slots)
    {
        var result = function(HostValues.Argument<T1>(context, slots, _p1), HostValues.Argument<T2>(context, slots, _p2), HostValues.Argument<T3>(context, slots, _p3), HostValues.Argument<T4>(context, slots, _p4), HostValues.Argument<T5>(context, slots, _p5), HostValues.Argument<T6>(context, slots, _p6), HostValues.Argument<T7>(context, slots, _p7), HostValues.Argument<T8>(context, slots, _p8));
        HostValues.Result(context, slots, result, _result);
    }
}

internal sealed class HostActionAdapter<T1, T2, T3, T4, T5, T6, T7, T8>(Action<T1, T2, T3, T4, T5, T6, T7, T8> function, HostBinding binding)
    where T1 : allows ref struct
    where T2 : allows ref struct
    where T3 : allows ref struct
    where T4 : allows ref struct
    where T5 : allows ref struct
    where T6 : allows ref struct
    where T7 : allows ref struct
    where T8 : allows ref struct
{
    private readonly HostParameter _p1 = binding[0];
    private readonly HostParameter _p2 = binding[1];
    private readonly HostParameter _p3 = binding[2];
    private readonly HostParameter _p4 = binding[3];
    private readonly HostParameter _p5 = binding[4];
    private readonly HostParameter _p6 = binding[5];
    private readonly HostParameter _p7 = binding[6];
    private readonly HostParameter _p8 = binding[7];

    public void Invoke(ExecutionContext context, Span<ulong> slots)
    {
        function(HostValues.Argument<T1>(context, slots, _p1), HostValues.Argument<T2>(context, slots, _p2), HostValues.Argument<T3>(context, slots, _p3), HostValues.Argument<T4>(context, slots, _p4), HostValues.Argument<T5>(context, slots, _p5), HostValues.Argument<T6>(context, slots, _p6), HostValues.Argument<T7>(context, slots, _p7), HostValues.Argument<T8>(context, slots, _p8));
    }
}
