using System.Reflection;
using Microwasm.Runtime;

namespace Microwasm.Host;

/// <summary>
/// The slow path for delegates the generic adapters do not cover (more than eight parameters, or a
/// custom delegate type): arguments are boxed and the delegate is called with
/// <see cref="Delegate.DynamicInvoke"/>. It needs no code generation, so it works under NativeAOT.
/// </summary>
internal sealed class ReflectionHostAdapter(Delegate function, Type[] parameterTypes, Type? resultType, HostBinding binding)
{
    public static HostFunctionDefinition Define(Delegate function)
    {
        var method = function.Method;
        var parameterTypes = method.GetParameters().Select(p => p.ParameterType).ToArray();
        var resultType = method.ReturnType == typeof(void) ? null : method.ReturnType;
        return new HostFunctionDefinition(parameterTypes, resultType, null,
            b => new ReflectionHostAdapter(function, parameterTypes, resultType, b).Invoke);
    }

    public void Invoke(ExecutionEnvironment context, Span<ulong> slots)
    {
        var arguments = new object?[parameterTypes.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            var p = binding.Parameters[i];
            var type = parameterTypes[i];
            var slot = p.Kind == HostParameterKind.Caller ? 0 : slots[p.Slot];
            arguments[i] = p.Kind switch
            {
                HostParameterKind.Caller => new Caller(context),
                HostParameterKind.Value => WasmValue.FromSlots(context.Store, p.Type, slots[p.Slot..]),
                HostParameterKind.ExternRef => context.Store.GetExtern(slot),
                _ when type == typeof(int) => (int)(uint)slot,
                _ when type == typeof(uint) => (uint)slot,
                _ when type == typeof(long) => (long)slot,
                _ when type == typeof(ulong) => slot,
                _ when type == typeof(float) => BitConverter.UInt32BitsToSingle((uint)slot),
                _ => BitConverter.UInt64BitsToDouble(slot),
            };
        }
        object? result;
        try
        {
            result = function.DynamicInvoke(arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is WasmException inner)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(inner).Throw();
            throw;
        }
        catch (TargetInvocationException e)
        {
            HostValues.ThrowHostException(e.InnerException ?? e, binding.Name);
            throw;
        }
        switch (result)
        {
            case null when resultType is null:
                break;
            case int v:
                HostValues.Result(context, slots, v, binding.ResultType);
                break;
            case uint v:
                HostValues.Result(context, slots, v, binding.ResultType);
                break;
            case long v:
                HostValues.Result(context, slots, v, binding.ResultType);
                break;
            case ulong v:
                HostValues.Result(context, slots, v, binding.ResultType);
                break;
            case float v:
                HostValues.Result(context, slots, v, binding.ResultType);
                break;
            case double v:
                HostValues.Result(context, slots, v, binding.ResultType);
                break;
            case WasmValue v:
                HostValues.Result(context, slots, v, binding.ResultType);
                break;
            default:
                HostValues.Result(context, slots, result, binding.ResultType);
                break;
        }
    }
}
