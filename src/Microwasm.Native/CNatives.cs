using System.Runtime.InteropServices;
using Microwasm.Host;
using Microwasm.Model;
using Microwasm.Runtime;

namespace Microwasm.Native;

/// <summary>
/// One native from a <c>NativeSymbol</c> table (wasm_runtime_register_natives[_raw]): a C function
/// pointer, its signature string and attachment. At each instantiation it becomes a
/// <see cref="HostFunctionDefinition"/> (the same signature parser, pointer checks and import-type
/// check as the C# API's <see cref="NativeSymbol"/>), whose adapter calls the C function.
/// </summary>
internal sealed unsafe class CNative(string module, string name, nint function, string? signature, nint attachment, bool raw)
{
    // Arguments beyond the registers go on the stack: at most this many (WAMR has no fixed limit;
    // a native with more than 6 integer or 8 floating-point parameters plus 16 more is refused).
    private const int StackSlots = 16;
    private const int FloatRegisters = 8;

    // x86-64 System V passes six integer arguments in registers, AArch64 eight; both pass eight
    // floating-point arguments in vector registers, and every later argument in an 8-byte stack slot
    // in order. WAMR's invokeNative does the same in assembly: a C function declared with fewer
    // parameters simply ignores the registers and slots it does not use (the caller cleans up).
    private static readonly int s_intRegisters = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 8 : 6;

    public string Module { get; } = module;

    public string Name { get; } = name;

    public nint Function { get; } = function;

    public string? Signature { get; } = signature;

    public nint Attachment { get; } = attachment;

    public bool Raw { get; } = raw;

    /// <summary>The native registration it came from (the C array, for wasm_runtime_unregister_natives).</summary>
    public nint Table { get; init; }

    /// <summary>True where this build can call a C function with any signature (x86-64 and AArch64).</summary>
    public static bool CanCallAnySignature =>
        RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    /// <summary>
    /// Checks a signature string as <see cref="NativeSymbol"/> does (throws <see cref="ArgumentException"/>
    /// naming what is wrong), and that the C call fits in registers and <see cref="StackSlots"/> stack slots.
    /// </summary>
    public static void CheckSignature(string signature)
    {
        var (tokens, _) = HostFunctionDefinition.ParseSignature(signature);
        CheckArgumentCount(tokens);
    }

    /// <summary>The definition for an import of type <paramref name="importType"/>; a NULL signature takes the import's types as they are.</summary>
    /// <exception cref="WasmLinkException">The native cannot be called with the import's types.</exception>
    public HostFunctionDefinition Define(FuncType importType)
    {
        var signature = Signature ?? SignatureOf(importType);
        var (tokens, result) = HostFunctionDefinition.ParseSignature(signature);
        var types = new Type[tokens.Count];
        for (var i = 0; i < tokens.Count; i++)
        {
            types[i] = tokens[i] switch
            {
                "i" => typeof(int),
                "I" => typeof(long),
                "f" => typeof(float),
                "F" => typeof(double),
                "r" => typeof(object),
                "*" or "*~" => typeof(Span<byte>),
                _ => typeof(ReadOnlySpan<byte>),
            };
        }
        var resultType = result switch
        {
            'i' => typeof(int),
            'I' => typeof(long),
            'f' => typeof(float),
            'F' => typeof(double),
            'r' => typeof(object),
            _ => null,
        };
        try
        {
            CheckArgumentCount(tokens);
        }
        catch (ArgumentException e)
        {
            throw new WasmLinkException($"native {WasmName.Quote(Module)} {WasmName.Quote(Name)}: {e.Message}");
        }
        return new HostFunctionDefinition(types, resultType, signature, binding => (context, slots) => Call(binding, result, context, slots));
    }

    private static string SignatureOf(FuncType type)
    {
        static char Letter(FuncType type, ValueType t) => t switch
        {
            ValueType.I32 => 'i',
            ValueType.I64 => 'I',
            ValueType.F32 => 'f',
            ValueType.F64 => 'F',
            ValueType.ExternRef => 'r',
            _ => throw new WasmLinkException($"a native without a signature cannot take or return {t.Name()} (func {type})"),
        };
        if (type.Results.Length > 1)
        {
            throw new WasmLinkException($"a native returns at most one value, the import is func {type}");
        }
        var text = "(" + string.Concat(type.Parameters.ToArray().Select(t => Letter(type, t))) + ")";
        return type.Results.Length == 1 ? text + Letter(type, type.Results[0]) : text;
    }

    private static void CheckArgumentCount(List<string> tokens)
    {
        // exec_env first, then one integer per i, I, r, *, $ and two per *~; one float per f, F
        var ints = 1;
        var floats = 0;
        foreach (var token in tokens)
        {
            switch (token)
            {
                case "f" or "F":
                    floats++;
                    break;
                case "*~":
                    ints += 2;
                    break;
                default:
                    ints++;
                    break;
            }
        }
        var onStack = Math.Max(0, ints - s_intRegisters) + Math.Max(0, floats - FloatRegisters);
        if (onStack > StackSlots)
        {
            throw new ArgumentException($"{tokens.Count} parameters need {onStack} stack slots; libmicrowasm passes at most {StackSlots}");
        }
    }

    private void Call(HostBinding binding, char? result, ExecutionEnvironment context, Span<ulong> slots)
    {
        var instance = NativeApi.InstanceOf(context.CallerInstance)
            ?? throw new WasmTrap(TrapKind.Host, $"native {Module}.{Name} was not called by an instance of the C API");
        var env = instance.Current ?? NativeApi.SingletonOf(instance);
        var attachment = env.Attachment;
        env.Attachment = Attachment;
        try
        {
            if (Raw)
            {
                CallRaw(binding, result, context, slots, env);
            }
            else
            {
                CallNative(binding, result, context, slots, env);
            }
        }
        finally
        {
            env.Attachment = attachment;
        }
        if (instance.Exception is { } exception)
        {
            // the native called wasm_runtime_set_exception (or a call it made back into wasm failed):
            // the wasm code calling it traps with that exception, as in WAMR
            throw new WasmTrap(TrapKind.Host, exception.StartsWith(NativeApi.ExceptionPrefix, StringComparison.Ordinal)
                ? exception[NativeApi.ExceptionPrefix.Length..]
                : exception);
        }
    }

    /// <summary>The native address of a checked <c>*</c>, <c>*~</c> or <c>$</c> argument.</summary>
    private static ulong Address(ExecutionEnvironment context, Span<ulong> slots, in HostParameter parameter)
    {
        var memory = HostValues.CallerMemory(context);
        var guest = new GuestMemory(memory);
        ulong address = (uint)slots[parameter.Slot];
        switch (parameter.Kind)
        {
            case HostParameterKind.PointerWithLength:
                guest.CheckRange(address, (uint)slots[parameter.Slot + 1]);
                break;
            case HostParameterKind.Pointer:
                guest.CheckRange(address, 1);
                break;
            default:
                guest.GetCStringLength(address);
                break;
        }
        return (ulong)(memory.Base + address);
    }

    private static ulong ExternRef(ExecutionEnvironment context, ulong handle) =>
        context.Store.GetExtern(handle) is Foreign foreign ? foreign.Value : 0;

    private static ulong InternForeign(ExecutionEnvironment context, ulong value) =>
        value == 0 ? context.Store.InternExtern(null) : context.Store.InternExtern(new Foreign((nuint)value));

    /// <summary>WAMR's raw calling convention: <c>void f(wasm_exec_env_t, uint64_t *args)</c>, one 64-bit cell per wasm parameter, the result in cell 0.</summary>
    private void CallRaw(HostBinding binding, char? result, ExecutionEnvironment context, Span<ulong> slots, ExecEnvHandle env)
    {
        var count = 0;
        foreach (var p in binding.Parameters)
        {
            count += p.Kind == HostParameterKind.PointerWithLength ? 2 : 1;
        }
        var cells = stackalloc ulong[Math.Max(count, 1)];
        cells[0] = 0;
        var at = 0;
        foreach (var p in binding.Parameters)
        {
            switch (p.Kind)
            {
                case HostParameterKind.Pointer or HostParameterKind.String:
                    cells[at++] = Address(context, slots, p);
                    break;
                case HostParameterKind.PointerWithLength:
                    cells[at++] = Address(context, slots, p);
                    cells[at++] = (uint)slots[p.Slot + 1];
                    break;
                case HostParameterKind.ExternRef:
                    cells[at++] = ExternRef(context, slots[p.Slot]);
                    break;
                default:
                    cells[at++] = p.Type is ValueType.I32 or ValueType.F32 ? (uint)slots[p.Slot] : slots[p.Slot];
                    break;
            }
        }
        ((delegate* unmanaged<nint, ulong*, void>)Function)(env.Handle, cells);
        if (result is { } r)
        {
            slots[0] = r switch
            {
                'i' or 'f' => (uint)cells[0],
                'r' => InternForeign(context, cells[0]),
                _ => cells[0],
            };
        }
    }

    /// <summary>WAMR's ordinary natives: the C function takes exec_env and the arguments as C values.</summary>
    private void CallNative(HostBinding binding, char? result, ExecutionEnvironment context, Span<ulong> slots, ExecEnvHandle env)
    {
        var ints = stackalloc ulong[8];
        var floats = stackalloc double[FloatRegisters];
        var stack = stackalloc ulong[StackSlots];
        int ni = 0, nf = 0, ns = 0;
        var intRegisters = s_intRegisters;

        void Int(ulong value, ulong* ints, ulong* stack)
        {
            if (ni < intRegisters)
            {
                ints[ni++] = value;
            }
            else
            {
                stack[ns++] = value;
            }
        }

        void Float(ulong bits, double* floats, ulong* stack)
        {
            if (nf < FloatRegisters)
            {
                floats[nf++] = BitConverter.UInt64BitsToDouble(bits);
            }
            else
            {
                stack[ns++] = bits;
            }
        }

        for (var i = 0; i < 8; i++)
        {
            ints[i] = 0;
            floats[i] = 0;
        }
        for (var i = 0; i < StackSlots; i++)
        {
            stack[i] = 0;
        }
        Int((ulong)env.Handle, ints, stack);
        foreach (var p in binding.Parameters)
        {
            switch (p.Kind)
            {
                case HostParameterKind.Pointer or HostParameterKind.String:
                    Int(Address(context, slots, p), ints, stack);
                    break;
                case HostParameterKind.PointerWithLength:
                    Int(Address(context, slots, p), ints, stack);
                    Int((uint)slots[p.Slot + 1], ints, stack);
                    break;
                case HostParameterKind.ExternRef:
                    Int(ExternRef(context, slots[p.Slot]), ints, stack);
                    break;
                default:
                    switch (p.Type)
                    {
                        case ValueType.I32:
                            Int((uint)slots[p.Slot], ints, stack);
                            break;
                        case ValueType.I64:
                            Int(slots[p.Slot], ints, stack);
                            break;
                        case ValueType.F32:
                            // the callee reads the low 32 bits of the vector register (or stack slot)
                            Float((uint)slots[p.Slot], floats, stack);
                            break;
                        default:
                            Float(slots[p.Slot], floats, stack);
                            break;
                    }
                    break;
            }
        }

        switch (result)
        {
            case 'f':
                slots[0] = BitConverter.SingleToUInt32Bits(CallFloat(ints, floats, stack));
                break;
            case 'F':
                slots[0] = BitConverter.DoubleToUInt64Bits(CallDouble(ints, floats, stack));
                break;
            case 'i':
                slots[0] = (uint)CallInteger(ints, floats, stack);
                break;
            case 'I':
                slots[0] = CallInteger(ints, floats, stack);
                break;
            case 'r':
                slots[0] = InternForeign(context, CallInteger(ints, floats, stack));
                break;
            default:
                CallInteger(ints, floats, stack);
                break;
        }
    }

    private ulong CallInteger(ulong* i, double* f, ulong* s)
    {
        if (s_intRegisters == 8)
        {
            return ((delegate* unmanaged<ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, double, double, double, double, double, double, double, double,
                ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong>)Function)(
                i[0], i[1], i[2], i[3], i[4], i[5], i[6], i[7], f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7],
                s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10], s[11], s[12], s[13], s[14], s[15]);
        }
        return ((delegate* unmanaged<ulong, ulong, ulong, ulong, ulong, ulong, double, double, double, double, double, double, double, double,
            ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong>)Function)(
            i[0], i[1], i[2], i[3], i[4], i[5], f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7],
            s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10], s[11], s[12], s[13], s[14], s[15]);
    }

    private double CallDouble(ulong* i, double* f, ulong* s)
    {
        if (s_intRegisters == 8)
        {
            return ((delegate* unmanaged<ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, double, double, double, double, double, double, double, double,
                ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, double>)Function)(
                i[0], i[1], i[2], i[3], i[4], i[5], i[6], i[7], f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7],
                s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10], s[11], s[12], s[13], s[14], s[15]);
        }
        return ((delegate* unmanaged<ulong, ulong, ulong, ulong, ulong, ulong, double, double, double, double, double, double, double, double,
            ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, double>)Function)(
            i[0], i[1], i[2], i[3], i[4], i[5], f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7],
            s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10], s[11], s[12], s[13], s[14], s[15]);
    }

    private float CallFloat(ulong* i, double* f, ulong* s)
    {
        if (s_intRegisters == 8)
        {
            return ((delegate* unmanaged<ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, double, double, double, double, double, double, double, double,
                ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, float>)Function)(
                i[0], i[1], i[2], i[3], i[4], i[5], i[6], i[7], f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7],
                s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10], s[11], s[12], s[13], s[14], s[15]);
        }
        return ((delegate* unmanaged<ulong, ulong, ulong, ulong, ulong, ulong, double, double, double, double, double, double, double, double,
            ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong, float>)Function)(
            i[0], i[1], i[2], i[3], i[4], i[5], f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7],
            s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10], s[11], s[12], s[13], s[14], s[15]);
    }
}
