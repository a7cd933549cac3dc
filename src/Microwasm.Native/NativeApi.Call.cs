using System.Runtime.InteropServices;
using Microwasm.Host;
using Microwasm.Model;
using Microwasm.Runtime;

namespace Microwasm.Native;

internal static unsafe partial class NativeApi
{
    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_call_wasm")]
    public static byte CallWasm(nint execEnv, nint function, uint argc, uint* argv)
    {
        InstanceHandle? instance = null;
        try
        {
            if (!Prepare(execEnv, function, out var env, out var target))
            {
                return 0;
            }
            instance = env.Instance;
            return CallCells(env, target, argc, argv);
        }
        catch (Exception e)
        {
            instance?.SetException(ExceptionPrefix + e.Message);
            return 0;
        }
    }

    /// <summary>
    /// Calls the function at <paramref name="elementIndex"/> of the instance's table 0 with argv cells,
    /// as wasm_runtime_call_wasm: what a native does with a function "pointer" wasm gave it.
    /// "undefined element" past the table's end, "uninitialized element" for a null entry.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_call_indirect")]
    public static byte CallIndirect(nint execEnv, uint elementIndex, uint argc, uint* argv)
    {
        InstanceHandle? instance = null;
        try
        {
            if (Handles.Get<ExecEnvHandle>(execEnv, HandleKind.ExecEnv) is not { } env || env.Instance.Deinstantiated)
            {
                return 0;
            }
            instance = env.Instance;
            var tables = instance.Instance.Tables;
            if (tables.Length == 0 || tables[0].Type.ElementType != ValueType.FuncRef || elementIndex >= tables[0].Size)
            {
                instance.SetException(ExceptionPrefix + "undefined element");
                return 0;
            }
            if (tables[0].GetValue(elementIndex).Reference is not FunctionInstance function)
            {
                instance.SetException(ExceptionPrefix + "uninitialized element");
                return 0;
            }
            return CallCells(env, new FunctionHandle(instance, function), argc, argv);
        }
        catch (Exception e)
        {
            instance?.SetException(ExceptionPrefix + e.Message);
            return 0;
        }
    }

    private static byte CallCells(ExecEnvHandle env, FunctionHandle target, uint argc, uint* argv)
    {
        var instance = env.Instance;
        {
            var type = target.Function.Type;
            if (!Cells(type.Parameters, out var parameterCells) || !Cells(type.Results, out var resultCells))
            {
                instance.SetException(ExceptionPrefix + $"wasm_runtime_call_wasm cannot pass or return references (func {type}): use wasm_runtime_call_wasm_a");
                return 0;
            }
            if (argc < parameterCells)
            {
                instance.SetException(ExceptionPrefix + $"invalid argument count {argc}, must be no smaller than {parameterCells}");
                return 0;
            }
            if (argv == null && (parameterCells > 0 || resultCells > 0))
            {
                instance.SetException(ExceptionPrefix + "argv is NULL");
                return 0;
            }
            Span<ulong> slots = stackalloc ulong[Math.Max(Math.Max(target.Function.ParameterSlots, target.Function.ResultSlots), 1)];
            FromCells(type.Parameters, argv, slots);
            if (!Run(env, target, slots))
            {
                return 0;
            }
            ToCells(type.Results, slots, argv);
            return 1;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_call_wasm_a")]
    public static byte CallWasmA(nint execEnv, nint function, uint resultCount, CWasmVal* results, uint argumentCount, CWasmVal* arguments)
    {
        InstanceHandle? instance = null;
        try
        {
            if (!Prepare(execEnv, function, out var env, out var target))
            {
                return 0;
            }
            instance = env.Instance;
            var type = target.Function.Type;
            if (argumentCount != type.Parameters.Length || resultCount != type.Results.Length)
            {
                instance.SetException(ExceptionPrefix +
                    $"func {type} takes {type.Parameters.Length} arguments and returns {type.Results.Length} results, the call gives {argumentCount} arguments and room for {resultCount} results");
                return 0;
            }
            if ((arguments == null && argumentCount > 0) || (results == null && resultCount > 0))
            {
                instance.SetException(ExceptionPrefix + (arguments == null && argumentCount > 0 ? "args is NULL" : "results is NULL"));
                return 0;
            }
            var store = instance.Instance.Store;
            Span<ulong> slots = stackalloc ulong[Math.Max(Math.Max(target.Function.ParameterSlots, target.Function.ResultSlots), 1)];
            var slot = 0;
            for (var i = 0; i < argumentCount; i++)
            {
                var parameter = type.Parameters[i];
                var argument = arguments[i];
                if (parameter is ValueType.V128 or ValueType.FuncRef || argument.Kind != Interop.ValKind(parameter))
                {
                    instance.SetException(ExceptionPrefix + (parameter is ValueType.V128 or ValueType.FuncRef
                        ? $"argument {i}: wasm_val_t cannot carry a {parameter.Name()}"
                        : $"argument {i} has kind {argument.Kind}, the function takes {parameter.Name()} (kind {Interop.ValKind(parameter)})"));
                    return 0;
                }
                slots[slot++] = parameter switch
                {
                    ValueType.I32 => (uint)argument.I32,
                    ValueType.F32 => BitConverter.SingleToUInt32Bits(argument.F32),
                    ValueType.ExternRef => store.InternExtern(argument.Foreign == 0 ? null : new Foreign(argument.Foreign)),
                    _ => (ulong)argument.I64,
                };
            }
            foreach (var result in type.Results)
            {
                if (result is ValueType.V128 or ValueType.FuncRef)
                {
                    instance.SetException(ExceptionPrefix + $"wasm_val_t cannot carry a {result.Name()} result");
                    return 0;
                }
            }
            if (!Run(env, target, slots))
            {
                return 0;
            }
            for (var i = 0; i < resultCount; i++)
            {
                var result = type.Results[i];
                var value = new CWasmVal { Kind = Interop.ValKind(result) };
                switch (result)
                {
                    case ValueType.I32:
                    case ValueType.F32:
                        value.I32 = (int)(uint)slots[i];
                        break;
                    case ValueType.ExternRef:
                        value.Foreign = store.GetExtern(slots[i]) is Foreign foreign ? foreign.Value : 0;
                        break;
                    default:
                        value.I64 = (long)slots[i];
                        break;
                }
                results[i] = value;
            }
            return 1;
        }
        catch (Exception e)
        {
            instance?.SetException(ExceptionPrefix + e.Message);
            return 0;
        }
    }

    /// <summary>Finds the exec env and function; false (nothing to report to, or the reason in the instance's exception) when they are unusable.</summary>
    private static bool Prepare(nint execEnv, nint function, out ExecEnvHandle env, out FunctionHandle target)
    {
        target = null!;
        if (Handles.Get<ExecEnvHandle>(execEnv, HandleKind.ExecEnv) is not { } found || found.Instance.Deinstantiated)
        {
            env = null!;
            return false;
        }
        env = found;
        if (Handles.Get<FunctionHandle>(function, HandleKind.Function) is not { } f)
        {
            env.Instance.SetException(ExceptionPrefix + "the function is NULL, stale or not a function of this runtime");
            return false;
        }
        if (!ReferenceEquals(f.Owner, env.Instance))
        {
            env.Instance.SetException(ExceptionPrefix + "the function belongs to another instance than the exec env");
            return false;
        }
        target = f;
        return true;
    }

    /// <summary>
    /// Runs <paramref name="target"/> with the arguments in <paramref name="slots"/>, on the calling thread.
    /// False with the instance's exception set when it traps, exits (WASI) or cannot start: an instance
    /// with an exception pending runs nothing until the host clears it (WAMR's calls fail then too).
    /// </summary>
    private static bool Run(ExecEnvHandle env, FunctionHandle target, Span<ulong> slots)
    {
        var instance = env.Instance;
        var store = instance.Instance.Store;
        var guard = StoreGuard.For(store);
        var previous = instance.Current;
        var claimed = false;
        ExecutionEnvironment? context = null;
        try
        {
            claimed = guard.Enter();
            context = ExecutionEnvironment.ForCurrentThread(store);
            lock (instance.Gate)
            {
                // checked under the gate with Running set, so that a wasm_runtime_terminate from
                // another thread either is seen here or finds the call to interrupt
                if (instance.Exception is not null)
                {
                    return false;
                }
                if (claimed)
                {
                    instance.Running = context;
                }
            }
            instance.Current = env;
            target.Function.Invoke(context, slots);
            return instance.Exception is null;
        }
        catch (WasmTrap trap)
        {
            // a native's own exception (wasm_runtime_set_exception) is already there: keep its text
            if (instance.Exception is null)
            {
                instance.SetException(ExceptionPrefix + TrapMessage(trap));
            }
            return false;
        }
        catch (WasmExitException exit)
        {
            instance.WasiExitCode = (uint)exit.ExitCode;
            instance.SetException(ExceptionPrefix + "wasi proc exit");
            return false;
        }
        catch (Exception e)
        {
            instance.SetException(ExceptionPrefix + e.Message);
            return false;
        }
        finally
        {
            instance.Current = previous;
            if (claimed)
            {
                lock (instance.Gate)
                {
                    instance.Running = null;
                }
                // a wasm_runtime_terminate that stopped this call: the next call may run (once the exception is cleared)
                context?.ClearInterrupt();
            }
            guard.Exit(claimed);
        }
    }

    /// <summary>WAMR's text for a trap kind where WAMR has one.</summary>
    private static string TrapMessage(WasmTrap trap) => trap.Kind switch
    {
        TrapKind.Host => trap.Message,
        TrapKind.CallStackExhausted => "wasm operand stack overflow",
        TrapKind.OutOfBoundsDataSegmentAccess => "out of bounds memory access",
        TrapKind.OutOfBoundsElementSegmentAccess => "out of bounds table access",
        TrapKind.Interrupted => "terminated by user",
        _ => WasmTrap.DefaultMessage(trap.Kind),
    };

    /// <summary>The number of 32-bit cells <paramref name="types"/> take in wasm_runtime_call_wasm's argv; false for references.</summary>
    private static bool Cells(ReadOnlySpan<ValueType> types, out uint cells)
    {
        cells = 0;
        foreach (var type in types)
        {
            switch (type)
            {
                case ValueType.I32 or ValueType.F32:
                    cells++;
                    break;
                case ValueType.I64 or ValueType.F64:
                    cells += 2;
                    break;
                case ValueType.V128:
                    cells += 4;
                    break;
                default:
                    return false;
            }
        }
        return true;
    }

    private static void FromCells(ReadOnlySpan<ValueType> types, uint* argv, Span<ulong> slots)
    {
        var cell = 0;
        var slot = 0;
        foreach (var type in types)
        {
            switch (type)
            {
                case ValueType.I32 or ValueType.F32:
                    slots[slot++] = argv[cell++];
                    break;
                case ValueType.V128:
                    slots[slot++] = argv[cell] | ((ulong)argv[cell + 1] << 32);
                    slots[slot++] = argv[cell + 2] | ((ulong)argv[cell + 3] << 32);
                    cell += 4;
                    break;
                default:
                    slots[slot++] = argv[cell] | ((ulong)argv[cell + 1] << 32);
                    cell += 2;
                    break;
            }
        }
    }

    private static void ToCells(ReadOnlySpan<ValueType> types, Span<ulong> slots, uint* argv)
    {
        var cell = 0;
        var slot = 0;
        foreach (var type in types)
        {
            switch (type)
            {
                case ValueType.I32 or ValueType.F32:
                    argv[cell++] = (uint)slots[slot++];
                    break;
                case ValueType.V128:
                    argv[cell++] = (uint)slots[slot];
                    argv[cell++] = (uint)(slots[slot++] >> 32);
                    argv[cell++] = (uint)slots[slot];
                    argv[cell++] = (uint)(slots[slot++] >> 32);
                    break;
                default:
                    argv[cell++] = (uint)slots[slot];
                    argv[cell++] = (uint)(slots[slot++] >> 32);
                    break;
            }
        }
    }
}
