using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microwasm.Model;
using Microwasm.Runtime;
using ExecutionContext = Microwasm.Runtime.ExecutionContext;

namespace Microwasm.Interpreter;

/// <summary>
/// The execution loop. Wasm-to-wasm calls push an <see cref="InterpreterFrame"/> and stay in the
/// loop; only calls into other engines and the host recurse on the .NET stack, and every entry
/// into the loop is guarded so deep host/wasm chains trap instead of overflowing the .NET stack.
/// </summary>
internal static unsafe class InterpreterLoop
{
    /// <summary>Runs <paramref name="function"/> with the arguments in <paramref name="slots"/>; results are written back from index 0.</summary>
    public static void Invoke(ExecutionContext context, InterpretedFunction function, Span<ulong> slots)
    {
        var depth = context.CallDepth;
        var maxDepth = context.Store.Options.MaxCallDepth;
        if (depth >= maxDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new WasmTrap(TrapKind.CallStackExhausted);
        }
        context.EnsureInterpreterStacks();
        var code = function.Code ?? function.Translate();
        var fp = context.StackTop;
        if (code.FrameSlots > context.StackEnd - fp)
        {
            throw new WasmTrap(TrapKind.CallStackExhausted);
        }
        slots[..code.ParameterSlots].CopyTo(new Span<ulong>(fp, code.ParameterSlots));
        new Span<ulong>(fp + code.ParameterSlots, code.LocalSlots - code.ParameterSlots).Clear();

        var savedFrameTop = context.FrameTop;
        var savedCaller = context.CallerInstance;
        var frameBase = savedFrameTop + 1;
        var frames = context.Frames;
        if (frameBase == frames.Length)
        {
            frames = context.GrowFrames();
        }
        frames[frameBase] = new InterpreterFrame { Function = function };
        context.FrameTop = frameBase;
        context.CallDepth = depth + 1;
        var instance = function.Instance;
        var state = new LoopState
        {
            Context = context,
            Frames = frames,
            FrameTop = frameBase,
            FrameBase = frameBase,
            FrameLimit = frameBase + maxDepth - depth - 1,
            Depth = depth,
            StackEnd = context.StackEnd,
            Instance = instance,
            Functions = instance.Functions,
            Globals = instance.Globals,
            Types = instance.Module.Types,
            Memory = instance.Memories.Length > 0 ? instance.Memories[0] : null,
            Callee = function,
            InterruptCode = s_interruptCode,
        };
        // A thread's outermost entry keeps the store's memories mapped while the loop holds raw
        // pointers into them (see Store.EnterExecution); nested entries run inside it.
        var store = depth == 0 ? context.Store : null;
        store?.EnterExecution();
        try
        {
            Run(ref state, function, fp);
            new ReadOnlySpan<ulong>(fp, function.ResultSlots).CopyTo(slots);
        }
        catch (WasmTrap trap) when (RecordWasmStack(trap, context, state.FrameTop))
        {
            // never entered: the filter records the stack during the first pass and declines
        }
        finally
        {
            context.FrameTop = savedFrameTop;
            context.StackTop = fp;
            context.CallDepth = depth;
            context.CallerInstance = savedCaller;
            store?.ExitExecution();
        }
    }

    /// <summary>
    /// Adds every active interpreted frame to the trap's wasm stack, once per trap, and returns
    /// false. It runs as an exception filter, before any frame unwinds: a catch-and-rethrow at each
    /// nested entry would run the handlers nested on the .NET stack and overflow it after a deep
    /// host/wasm chain, the very case that trapped.
    /// </summary>
    private static bool RecordWasmStack(WasmTrap trap, ExecutionContext context, int frameTop)
    {
        if (ReferenceEquals(context.RecordedTrap, trap))
        {
            return false;
        }
        context.RecordedTrap = trap;
        var stack = new List<string>(trap.WasmStack);
        var frames = context.Frames;
        for (var i = frameTop; i >= 0; i--)
        {
            stack.Add(frames[i].Function.DisplayName);
        }
        trap.WasmStack = stack;
        return false;
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Trap(TrapKind kind) => throw new WasmTrap(kind);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void BadOpcode(int op) => throw new InvalidOperationException($"bad internal opcode {op}");

    /// <summary>The code an interrupted branch jumps to: one <see cref="Op.Interrupt"/>.</summary>
    private static readonly int* s_interruptCode = AllocateInterruptCode();

    private static int* AllocateInterruptCode()
    {
        var code = GC.AllocateArray<int>(1, pinned: true);
        code[0] = (int)Op.Interrupt;
        s_interruptCodeArray = code;
        return (int*)Unsafe.AsPointer(ref code[0]);
    }

    // Kept so the pinned array lives as long as the pointer into it.
    private static int[]? s_interruptCodeArray;

    private static int s_prepared;

    /// <summary>
    /// Compiles <see cref="Run"/> on a thread-pool thread, once per process. The loop is one large
    /// method compiled straight to optimised code (about 40 ms of JIT time here); started when a
    /// module is compiled, that work overlaps instantiation and the first translations instead of
    /// delaying the first call.
    /// </summary>
    internal static void PrepareInBackground()
    {
        if (!RuntimeFeature.IsDynamicCodeCompiled || Interlocked.Exchange(ref s_prepared, 1) != 0)
        {
            return;
        }
        ThreadPool.UnsafeQueueUserWorkItem(static _ =>
        {
            var run = typeof(InterpreterLoop).GetMethod(nameof(Run), BindingFlags.NonPublic | BindingFlags.Static);
            if (run is not null)
            {
                RuntimeHelpers.PrepareMethod(run.MethodHandle);
            }
        }, null);
    }

    /// <summary>
    /// The target of the branch whose target operand is at <paramref name="operand"/>. A backward
    /// branch is a loop's back-edge, so it polls for an interrupt: a load and a never-taken branch.
    /// When an interrupt is requested the branch goes to <see cref="LoopState.InterruptCode"/>
    /// instead, whose one instruction traps: no call on this path, so the JIT keeps the loop's
    /// registers across it. (A poll instruction at each loop header was measured instead: the
    /// extra dispatch per iteration cost fib and sieve about 1.5x.)
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int* Jump(int* operand, ref LoopState s)
    {
        var offset = *operand;
        var target = operand + offset;
        if (offset < 0 && s.Context.InterruptRequested)
        {
            target = s.InterruptCode;
        }
        return target;
    }

    /// <summary>A call failed its guard: an interrupt was requested, or the stack is exhausted.</summary>
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RefuseCall(ExecutionContext context) =>
        throw new WasmTrap(context.InterruptRequested ? TrapKind.Interrupted : TrapKind.CallStackExhausted);

    /// <summary>
    /// The dispatch loop. Keeps only the hot state in locals (ip, fp, the memory's base and length);
    /// the rest is in <paramref name="s"/>, and the loop writes to the context only what a trap or a
    /// nested entry must see (the frame top).
    /// </summary>
    /// <param name="s">The entry's state: context, frame stack, current instance, call limits.</param>
    /// <param name="function">The function entered; its frame is at <see cref="LoopState.FrameBase"/>.</param>
    /// <param name="fp">The entered function's frame: arguments and zeroed locals.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run(ref LoopState s, InterpretedFunction function, ulong* fp)
    {
        var memory = s.Memory;
        var memoryBase = memory is null ? null : memory.Base;
        var memoryLength = memory is null ? 0 : memory.ByteLength;
        var ip = function.Code!.Entry;

        while (true)
        {
#if MICROWASM_PROFILE
            Profile.Record(ip);
#endif
            switch ((Op)(*ip))
            {
                case Op.Unreachable:
                    Trap(TrapKind.Unreachable);
                    continue;
                case Op.Br:
                    ip = Jump(ip + 1, ref s);
                    continue;
                case Op.BrIf:
                    ip = (uint)fp[ip[1]] != 0 ? Jump(ip + 2, ref s) : ip + 3;
                    continue;
                case Op.BrIfNot:
                    ip = (uint)fp[ip[1]] == 0 ? Jump(ip + 2, ref s) : ip + 3;
                    continue;
                case Op.BrIfI32Eq:
                    ip = (int)fp[ip[1]] == (int)fp[ip[2]] ? Jump(ip + 3, ref s) : ip + 4;
                    continue;
                case Op.BrIfI32Ne:
                    ip = (int)fp[ip[1]] != (int)fp[ip[2]] ? Jump(ip + 3, ref s) : ip + 4;
                    continue;
                case Op.BrIfI32LtS:
                    ip = (int)fp[ip[1]] < (int)fp[ip[2]] ? Jump(ip + 3, ref s) : ip + 4;
                    continue;
                case Op.BrIfI32LtU:
                    ip = (uint)fp[ip[1]] < (uint)fp[ip[2]] ? Jump(ip + 3, ref s) : ip + 4;
                    continue;
                case Op.BrIfI32GtS:
                    ip = (int)fp[ip[1]] > (int)fp[ip[2]] ? Jump(ip + 3, ref s) : ip + 4;
                    continue;
                case Op.BrIfI32GtU:
                    ip = (uint)fp[ip[1]] > (uint)fp[ip[2]] ? Jump(ip + 3, ref s) : ip + 4;
                    continue;
                case Op.BrIfI32LeS:
                    ip = (int)fp[ip[1]] <= (int)fp[ip[2]] ? Jump(ip + 3, ref s) : ip + 4;
                    continue;
                case Op.BrIfI32LeU:
                    ip = (uint)fp[ip[1]] <= (uint)fp[ip[2]] ? Jump(ip + 3, ref s) : ip + 4;
                    continue;
                case Op.BrIfI32GeS:
                    ip = (int)fp[ip[1]] >= (int)fp[ip[2]] ? Jump(ip + 3, ref s) : ip + 4;
                    continue;
                case Op.BrIfI32GeU:
                    ip = (uint)fp[ip[1]] >= (uint)fp[ip[2]] ? Jump(ip + 3, ref s) : ip + 4;
                    continue;
                case Op.BrIfI32EqImm:
                    ip = (int)fp[ip[1]] == (int)ip[2] ? Jump(ip + 3, ref s) : ip + 4;
                    continue;
                case Op.BrIfI32NeImm:
                    ip = (int)fp[ip[1]] != (int)ip[2] ? Jump(ip + 3, ref s) : ip + 4;
                    continue;
                case Op.BrIfI32LtSImm:
                    ip = (int)fp[ip[1]] < (int)ip[2] ? Jump(ip + 3, ref s) : ip + 4;
                    continue;
                case Op.BrIfI32LtUImm:
                    ip = (uint)fp[ip[1]] < (uint)ip[2] ? Jump(ip + 3, ref s) : ip + 4;
                    continue;
                case Op.BrIfI32GtSImm:
                    ip = (int)fp[ip[1]] > (int)ip[2] ? Jump(ip + 3, ref s) : ip + 4;
                    continue;
                case Op.BrIfI32GtUImm:
                    ip = (uint)fp[ip[1]] > (uint)ip[2] ? Jump(ip + 3, ref s) : ip + 4;
                    continue;
                case Op.BrIfI32LeSImm:
                    ip = (int)fp[ip[1]] <= (int)ip[2] ? Jump(ip + 3, ref s) : ip + 4;
                    continue;
                case Op.BrIfI32LeUImm:
                    ip = (uint)fp[ip[1]] <= (uint)ip[2] ? Jump(ip + 3, ref s) : ip + 4;
                    continue;
                case Op.BrIfI32GeSImm:
                    ip = (int)fp[ip[1]] >= (int)ip[2] ? Jump(ip + 3, ref s) : ip + 4;
                    continue;
                case Op.BrIfI32GeUImm:
                    ip = (uint)fp[ip[1]] >= (uint)ip[2] ? Jump(ip + 3, ref s) : ip + 4;
                    continue;
                case Op.I32AddImm:
                    fp[ip[1]] = (uint)((int)fp[ip[2]] + ip[3]);
                    ip += 4;
                    continue;
                case Op.I32AddImm2:
                    fp[ip[1]] = (uint)((int)fp[ip[2]] + ip[3]);
                    fp[ip[4]] = (uint)((int)fp[ip[5]] + ip[6]);
                    ip += 7;
                    continue;
                case Op.I32AddAdd:
                    fp[ip[1]] = (uint)((int)fp[ip[2]] + (int)fp[ip[3]] + (int)fp[ip[4]]);
                    ip += 5;
                    continue;
                case Op.I32XorAdd:
                    fp[ip[1]] = (uint)(((int)fp[ip[2]] ^ (int)fp[ip[3]]) + (int)fp[ip[4]]);
                    ip += 5;
                    continue;
                case Op.I32RotlImmXor:
                    fp[ip[1]] = BitOperations.RotateLeft((uint)fp[ip[2]], ip[3]) ^ (uint)fp[ip[4]];
                    ip += 5;
                    continue;
                case Op.F64MulAdd:
                {
                    var product = BitConverter.UInt64BitsToDouble(fp[ip[2]]) * BitConverter.UInt64BitsToDouble(fp[ip[3]]);
                    fp[ip[1]] = BitConverter.DoubleToUInt64Bits(product + BitConverter.UInt64BitsToDouble(fp[ip[4]]));
                    ip += 5;
                    continue;
                }
                case Op.F64AddMul:
                {
                    var sum = BitConverter.UInt64BitsToDouble(fp[ip[2]]) + BitConverter.UInt64BitsToDouble(fp[ip[3]]);
                    fp[ip[1]] = BitConverter.DoubleToUInt64Bits(sum * BitConverter.UInt64BitsToDouble(fp[ip[4]]));
                    ip += 5;
                    continue;
                }
                case Op.F64MulMul:
                {
                    var product = BitConverter.UInt64BitsToDouble(fp[ip[2]]) * BitConverter.UInt64BitsToDouble(fp[ip[3]]);
                    fp[ip[1]] = BitConverter.DoubleToUInt64Bits(product * BitConverter.UInt64BitsToDouble(fp[ip[4]]));
                    ip += 5;
                    continue;
                }
                case Op.F64SubMul:
                {
                    var difference = BitConverter.UInt64BitsToDouble(fp[ip[2]]) - BitConverter.UInt64BitsToDouble(fp[ip[3]]);
                    fp[ip[1]] = BitConverter.DoubleToUInt64Bits(difference * BitConverter.UInt64BitsToDouble(fp[ip[4]]));
                    ip += 5;
                    continue;
                }
                case Op.F64AddLoad:
                {
                    var address = (ulong)(uint)fp[ip[3]] + (uint)ip[4];
                    if (address + 8 > memoryLength)
                    {
                        goto OutOfBounds;
                    }
                    var loaded = BitConverter.UInt64BitsToDouble(Unsafe.ReadUnaligned<ulong>(memoryBase + address));
                    fp[ip[1]] = BitConverter.DoubleToUInt64Bits(BitConverter.UInt64BitsToDouble(fp[ip[2]]) + loaded);
                    ip += 5;
                    continue;
                }
                case Op.F64MulLoad:
                {
                    var address = (ulong)(uint)fp[ip[3]] + (uint)ip[4];
                    if (address + 8 > memoryLength)
                    {
                        goto OutOfBounds;
                    }
                    var loaded = BitConverter.UInt64BitsToDouble(Unsafe.ReadUnaligned<ulong>(memoryBase + address));
                    fp[ip[1]] = BitConverter.DoubleToUInt64Bits(BitConverter.UInt64BitsToDouble(fp[ip[2]]) * loaded);
                    ip += 5;
                    continue;
                }
                case Op.F32AddLoad:
                {
                    var address = (ulong)(uint)fp[ip[3]] + (uint)ip[4];
                    if (address + 4 > memoryLength)
                    {
                        goto OutOfBounds;
                    }
                    var loaded = BitConverter.UInt32BitsToSingle(Unsafe.ReadUnaligned<uint>(memoryBase + address));
                    fp[ip[1]] = BitConverter.SingleToUInt32Bits(BitConverter.UInt32BitsToSingle((uint)fp[ip[2]]) + loaded);
                    ip += 5;
                    continue;
                }
                case Op.F32MulLoad:
                {
                    var address = (ulong)(uint)fp[ip[3]] + (uint)ip[4];
                    if (address + 4 > memoryLength)
                    {
                        goto OutOfBounds;
                    }
                    var loaded = BitConverter.UInt32BitsToSingle(Unsafe.ReadUnaligned<uint>(memoryBase + address));
                    fp[ip[1]] = BitConverter.SingleToUInt32Bits(BitConverter.UInt32BitsToSingle((uint)fp[ip[2]]) * loaded);
                    ip += 5;
                    continue;
                }
                case Op.I64XorShrUImm:
                    fp[ip[1]] = fp[ip[4]] ^ (fp[ip[2]] >> (ip[3] & 63));
                    ip += 5;
                    continue;
                case Op.I64XorShlImm:
                    fp[ip[1]] = fp[ip[4]] ^ (fp[ip[2]] << (ip[3] & 63));
                    ip += 5;
                    continue;
                case Op.BrIfLoad8UZero:
                {
                    var address = (ulong)(uint)fp[ip[1]] + (uint)ip[2];
                    if (address + 1 > memoryLength)
                    {
                        goto OutOfBounds;
                    }
                    ip = memoryBase[address] == 0 ? Jump(ip + 3, ref s) : ip + 4;
                    continue;
                }
                case Op.BrIfLoad8UNonZero:
                {
                    var address = (ulong)(uint)fp[ip[1]] + (uint)ip[2];
                    if (address + 1 > memoryLength)
                    {
                        goto OutOfBounds;
                    }
                    ip = memoryBase[address] != 0 ? Jump(ip + 3, ref s) : ip + 4;
                    continue;
                }
                case Op.Load32UAfterAddImm:
                {
                    var pointer = (uint)((int)fp[ip[2]] + ip[3]);
                    fp[ip[1]] = pointer;
                    var address = (ulong)pointer + (uint)ip[5];
                    if (address + 4 > memoryLength)
                    {
                        goto OutOfBounds;
                    }
                    fp[ip[4]] = Unsafe.ReadUnaligned<uint>(memoryBase + address);
                    ip += 6;
                    continue;
                }
                case Op.Load8UAfterAddImm:
                {
                    var pointer = (uint)((int)fp[ip[2]] + ip[3]);
                    fp[ip[1]] = pointer;
                    var address = (ulong)pointer + (uint)ip[5];
                    if (address + 1 > memoryLength)
                    {
                        goto OutOfBounds;
                    }
                    fp[ip[4]] = memoryBase[address];
                    ip += 6;
                    continue;
                }
                case Op.F64AddLoadStore:
                {
                    var address = (ulong)(uint)fp[ip[2]] + (uint)ip[3];
                    var target = (ulong)(uint)fp[ip[4]] + (uint)ip[5];
                    if (address + 8 > memoryLength || target + 8 > memoryLength)
                    {
                        goto OutOfBounds;
                    }
                    var loaded = BitConverter.UInt64BitsToDouble(Unsafe.ReadUnaligned<ulong>(memoryBase + address));
                    Unsafe.WriteUnaligned(memoryBase + target, BitConverter.UInt64BitsToDouble(fp[ip[1]]) + loaded);
                    ip += 6;
                    continue;
                }
                case Op.F32AddLoadStore:
                {
                    var address = (ulong)(uint)fp[ip[2]] + (uint)ip[3];
                    var target = (ulong)(uint)fp[ip[4]] + (uint)ip[5];
                    if (address + 4 > memoryLength || target + 4 > memoryLength)
                    {
                        goto OutOfBounds;
                    }
                    var loaded = BitConverter.UInt32BitsToSingle(Unsafe.ReadUnaligned<uint>(memoryBase + address));
                    Unsafe.WriteUnaligned(memoryBase + target, BitConverter.UInt32BitsToSingle((uint)fp[ip[1]]) + loaded);
                    ip += 6;
                    continue;
                }
                case Op.I32RotlXorRotl:
                    fp[ip[1]] = BitOperations.RotateLeft((uint)fp[ip[2]], ip[3]) ^ BitOperations.RotateLeft((uint)fp[ip[4]], ip[5]);
                    ip += 6;
                    continue;
                case Op.BrIfAfterAddImm:
                    fp[ip[1]] = (uint)((int)fp[ip[2]] + ip[3]);
                    ip = (uint)fp[ip[4]] != 0 ? Jump(ip + 5, ref s) : ip + 6;
                    continue;
                case Op.BrIfNotAfterAddImm:
                    fp[ip[1]] = (uint)((int)fp[ip[2]] + ip[3]);
                    ip = (uint)fp[ip[4]] == 0 ? Jump(ip + 5, ref s) : ip + 6;
                    continue;
                case Op.Load8U2:
                {
                    var address = (ulong)(uint)fp[ip[2]] + (uint)ip[3];
                    if (address + 1 > memoryLength)
                    {
                        goto OutOfBounds;
                    }
                    fp[ip[1]] = memoryBase[address];
                    address = (ulong)(uint)fp[ip[5]] + (uint)ip[6];
                    if (address + 1 > memoryLength)
                    {
                        goto OutOfBounds;
                    }
                    fp[ip[4]] = memoryBase[address];
                    ip += 7;
                    continue;
                }
                case Op.I64AddLoad8UAddImm:
                {
                    var address = (ulong)(uint)((int)fp[ip[3]] + ip[4]) + (uint)ip[5];
                    if (address + 1 > memoryLength)
                    {
                        goto OutOfBounds;
                    }
                    fp[ip[1]] = fp[ip[2]] + memoryBase[address];
                    ip += 6;
                    continue;
                }
                case Op.Store8Imm:
                {
                    var address = (ulong)(uint)fp[ip[1]] + (uint)ip[3];
                    if (address + 1 > memoryLength)
                    {
                        goto OutOfBounds;
                    }
                    memoryBase[address] = (byte)ip[2];
                    ip += 4;
                    continue;
                }
                case Op.I32EqImm:
                    fp[ip[1]] = (int)fp[ip[2]] == (int)ip[3] ? 1UL : 0UL;
                    ip += 4;
                    continue;
                case Op.I32NeImm:
                    fp[ip[1]] = (int)fp[ip[2]] != (int)ip[3] ? 1UL : 0UL;
                    ip += 4;
                    continue;
                case Op.I32LtSImm:
                    fp[ip[1]] = (int)fp[ip[2]] < (int)ip[3] ? 1UL : 0UL;
                    ip += 4;
                    continue;
                case Op.I32LtUImm:
                    fp[ip[1]] = (uint)fp[ip[2]] < (uint)ip[3] ? 1UL : 0UL;
                    ip += 4;
                    continue;
                case Op.I32GtSImm:
                    fp[ip[1]] = (int)fp[ip[2]] > (int)ip[3] ? 1UL : 0UL;
                    ip += 4;
                    continue;
                case Op.I32GtUImm:
                    fp[ip[1]] = (uint)fp[ip[2]] > (uint)ip[3] ? 1UL : 0UL;
                    ip += 4;
                    continue;
                case Op.I32LeSImm:
                    fp[ip[1]] = (int)fp[ip[2]] <= (int)ip[3] ? 1UL : 0UL;
                    ip += 4;
                    continue;
                case Op.I32LeUImm:
                    fp[ip[1]] = (uint)fp[ip[2]] <= (uint)ip[3] ? 1UL : 0UL;
                    ip += 4;
                    continue;
                case Op.I32GeSImm:
                    fp[ip[1]] = (int)fp[ip[2]] >= (int)ip[3] ? 1UL : 0UL;
                    ip += 4;
                    continue;
                case Op.I32GeUImm:
                    fp[ip[1]] = (uint)fp[ip[2]] >= (uint)ip[3] ? 1UL : 0UL;
                    ip += 4;
                    continue;
                case Op.I32AndImm:
                {
                    var a = (int)fp[ip[2]];
                    var b = ip[3];
                    fp[ip[1]] = (uint)(a & b);
                    ip += 4;
                    continue;
                }
                case Op.I32OrImm:
                {
                    var a = (int)fp[ip[2]];
                    var b = ip[3];
                    fp[ip[1]] = (uint)(a | b);
                    ip += 4;
                    continue;
                }
                case Op.I32XorImm:
                {
                    var a = (int)fp[ip[2]];
                    var b = ip[3];
                    fp[ip[1]] = (uint)(a ^ b);
                    ip += 4;
                    continue;
                }
                case Op.I32MulImm:
                {
                    var a = (int)fp[ip[2]];
                    var b = ip[3];
                    fp[ip[1]] = (uint)(a * b);
                    ip += 4;
                    continue;
                }
                case Op.I32ShlImm:
                {
                    var a = (int)fp[ip[2]];
                    var b = ip[3];
                    fp[ip[1]] = (uint)(Numerics.I32Shl(a, b));
                    ip += 4;
                    continue;
                }
                case Op.I32ShrSImm:
                {
                    var a = (int)fp[ip[2]];
                    var b = ip[3];
                    fp[ip[1]] = (uint)(Numerics.I32ShrS(a, b));
                    ip += 4;
                    continue;
                }
                case Op.I32ShrUImm:
                {
                    var a = (int)fp[ip[2]];
                    var b = ip[3];
                    fp[ip[1]] = (uint)(Numerics.I32ShrU(a, b));
                    ip += 4;
                    continue;
                }
                case Op.I32RotlImm:
                {
                    var a = (int)fp[ip[2]];
                    var b = ip[3];
                    fp[ip[1]] = (uint)(Numerics.I32Rotl(a, b));
                    ip += 4;
                    continue;
                }
                case Op.I32RotrImm:
                {
                    var a = (int)fp[ip[2]];
                    var b = ip[3];
                    fp[ip[1]] = (uint)(Numerics.I32Rotr(a, b));
                    ip += 4;
                    continue;
                }
                case Op.BrIfAndImm:
                    ip = ((uint)fp[ip[1]] & (uint)ip[2]) != 0 ? Jump(ip + 3, ref s) : ip + 4;
                    continue;
                case Op.BrIfNotAndImm:
                    ip = ((uint)fp[ip[1]] & (uint)ip[2]) == 0 ? Jump(ip + 3, ref s) : ip + 4;
                    continue;
                case Op.BrIfAddImm:
                {
                    var sum = (uint)((int)fp[ip[2]] + ip[3]);
                    fp[ip[1]] = sum;
                    ip = sum != 0 ? Jump(ip + 4, ref s) : ip + 5;
                    continue;
                }
                case Op.BrIfNotAddImm:
                {
                    var sum = (uint)((int)fp[ip[2]] + ip[3]);
                    fp[ip[1]] = sum;
                    ip = sum == 0 ? Jump(ip + 4, ref s) : ip + 5;
                    continue;
                }
                case Op.Copy2:
                    fp[ip[1]] = fp[ip[2]];
                    fp[ip[3]] = fp[ip[4]];
                    ip += 5;
                    continue;
                case Op.I32AddShlImm:
                    fp[ip[1]] = (uint)((int)fp[ip[2]] + ((int)fp[ip[3]] << ip[4]));
                    ip += 5;
                    continue;
                case Op.Load32UAddImm:
                {
                    var address = (ulong)(uint)((int)fp[ip[2]] + ip[3]) + (uint)ip[4];
                    if (address + 4 > memoryLength)
                    {
                        goto OutOfBounds;
                    }
                    fp[ip[1]] = Unsafe.ReadUnaligned<uint>(memoryBase + address);
                    ip += 5;
                    continue;
                }
                case Op.Load64AddImm:
                {
                    var address = (ulong)(uint)((int)fp[ip[2]] + ip[3]) + (uint)ip[4];
                    if (address + 8 > memoryLength)
                    {
                        goto OutOfBounds;
                    }
                    fp[ip[1]] = Unsafe.ReadUnaligned<ulong>(memoryBase + address);
                    ip += 5;
                    continue;
                }
                case Op.Load8UAddImm:
                {
                    var address = (ulong)(uint)((int)fp[ip[2]] + ip[3]) + (uint)ip[4];
                    if (address + 1 > memoryLength)
                    {
                        goto OutOfBounds;
                    }
                    fp[ip[1]] = Unsafe.ReadUnaligned<byte>(memoryBase + address);
                    ip += 5;
                    continue;
                }
                case Op.Load32UAdd:
                {
                    var address = (ulong)(uint)((int)fp[ip[2]] + (int)fp[ip[3]]) + (uint)ip[4];
                    if (address + 4 > memoryLength)
                    {
                        goto OutOfBounds;
                    }
                    fp[ip[1]] = Unsafe.ReadUnaligned<uint>(memoryBase + address);
                    ip += 5;
                    continue;
                }
                case Op.Load64Add:
                {
                    var address = (ulong)(uint)((int)fp[ip[2]] + (int)fp[ip[3]]) + (uint)ip[4];
                    if (address + 8 > memoryLength)
                    {
                        goto OutOfBounds;
                    }
                    fp[ip[1]] = Unsafe.ReadUnaligned<ulong>(memoryBase + address);
                    ip += 5;
                    continue;
                }
                case Op.Load8UAdd:
                {
                    var address = (ulong)(uint)((int)fp[ip[2]] + (int)fp[ip[3]]) + (uint)ip[4];
                    if (address + 1 > memoryLength)
                    {
                        goto OutOfBounds;
                    }
                    fp[ip[1]] = Unsafe.ReadUnaligned<byte>(memoryBase + address);
                    ip += 5;
                    continue;
                }
                case Op.I64AddImm:
                {
                    var a = (long)fp[ip[2]];
                    var b = Unsafe.ReadUnaligned<long>(ip + 3);
                    fp[ip[1]] = (ulong)(a + b);
                    ip += 5;
                    continue;
                }
                case Op.I64MulImm:
                {
                    var a = (long)fp[ip[2]];
                    var b = Unsafe.ReadUnaligned<long>(ip + 3);
                    fp[ip[1]] = (ulong)(a * b);
                    ip += 5;
                    continue;
                }
                case Op.I64AndImm:
                {
                    var a = (long)fp[ip[2]];
                    var b = Unsafe.ReadUnaligned<long>(ip + 3);
                    fp[ip[1]] = (ulong)(a & b);
                    ip += 5;
                    continue;
                }
                case Op.I64OrImm:
                {
                    var a = (long)fp[ip[2]];
                    var b = Unsafe.ReadUnaligned<long>(ip + 3);
                    fp[ip[1]] = (ulong)(a | b);
                    ip += 5;
                    continue;
                }
                case Op.I64XorImm:
                {
                    var a = (long)fp[ip[2]];
                    var b = Unsafe.ReadUnaligned<long>(ip + 3);
                    fp[ip[1]] = (ulong)(a ^ b);
                    ip += 5;
                    continue;
                }
                case Op.I64ShlImm:
                {
                    var a = (long)fp[ip[2]];
                    var b = Unsafe.ReadUnaligned<long>(ip + 3);
                    fp[ip[1]] = (ulong)(Numerics.I64Shl(a, b));
                    ip += 5;
                    continue;
                }
                case Op.I64ShrSImm:
                {
                    var a = (long)fp[ip[2]];
                    var b = Unsafe.ReadUnaligned<long>(ip + 3);
                    fp[ip[1]] = (ulong)(Numerics.I64ShrS(a, b));
                    ip += 5;
                    continue;
                }
                case Op.I64ShrUImm:
                {
                    var a = (long)fp[ip[2]];
                    var b = Unsafe.ReadUnaligned<long>(ip + 3);
                    fp[ip[1]] = (ulong)(Numerics.I64ShrU(a, b));
                    ip += 5;
                    continue;
                }
                case Op.I64EqImm:
                {
                    fp[ip[1]] = (long)fp[ip[2]] == Unsafe.ReadUnaligned<long>(ip + 3) ? 1UL : 0UL;
                    ip += 5;
                    continue;
                }
                case Op.I64NeImm:
                {
                    fp[ip[1]] = (long)fp[ip[2]] != Unsafe.ReadUnaligned<long>(ip + 3) ? 1UL : 0UL;
                    ip += 5;
                    continue;
                }
                case Op.I64LtSImm:
                {
                    fp[ip[1]] = (long)fp[ip[2]] < Unsafe.ReadUnaligned<long>(ip + 3) ? 1UL : 0UL;
                    ip += 5;
                    continue;
                }
                case Op.I64LtUImm:
                {
                    fp[ip[1]] = (ulong)fp[ip[2]] < Unsafe.ReadUnaligned<ulong>(ip + 3) ? 1UL : 0UL;
                    ip += 5;
                    continue;
                }
                case Op.I64GtSImm:
                {
                    fp[ip[1]] = (long)fp[ip[2]] > Unsafe.ReadUnaligned<long>(ip + 3) ? 1UL : 0UL;
                    ip += 5;
                    continue;
                }
                case Op.I64GtUImm:
                {
                    fp[ip[1]] = (ulong)fp[ip[2]] > Unsafe.ReadUnaligned<ulong>(ip + 3) ? 1UL : 0UL;
                    ip += 5;
                    continue;
                }
                case Op.I64LeSImm:
                {
                    fp[ip[1]] = (long)fp[ip[2]] <= Unsafe.ReadUnaligned<long>(ip + 3) ? 1UL : 0UL;
                    ip += 5;
                    continue;
                }
                case Op.I64LeUImm:
                {
                    fp[ip[1]] = (ulong)fp[ip[2]] <= Unsafe.ReadUnaligned<ulong>(ip + 3) ? 1UL : 0UL;
                    ip += 5;
                    continue;
                }
                case Op.I64GeSImm:
                {
                    fp[ip[1]] = (long)fp[ip[2]] >= Unsafe.ReadUnaligned<long>(ip + 3) ? 1UL : 0UL;
                    ip += 5;
                    continue;
                }
                case Op.I64GeUImm:
                {
                    fp[ip[1]] = (ulong)fp[ip[2]] >= Unsafe.ReadUnaligned<ulong>(ip + 3) ? 1UL : 0UL;
                    ip += 5;
                    continue;
                }
                case Op.BrIfI64Eq:
                    ip = (long)fp[ip[1]] == (long)fp[ip[2]] ? Jump(ip + 3, ref s) : ip + 4;
                    continue;
                case Op.BrIfI64Ne:
                    ip = (long)fp[ip[1]] != (long)fp[ip[2]] ? Jump(ip + 3, ref s) : ip + 4;
                    continue;
                case Op.BrIfI64LtS:
                    ip = (long)fp[ip[1]] < (long)fp[ip[2]] ? Jump(ip + 3, ref s) : ip + 4;
                    continue;
                case Op.BrIfI64LtU:
                    ip = (ulong)fp[ip[1]] < (ulong)fp[ip[2]] ? Jump(ip + 3, ref s) : ip + 4;
                    continue;
                case Op.BrIfI64GtS:
                    ip = (long)fp[ip[1]] > (long)fp[ip[2]] ? Jump(ip + 3, ref s) : ip + 4;
                    continue;
                case Op.BrIfI64GtU:
                    ip = (ulong)fp[ip[1]] > (ulong)fp[ip[2]] ? Jump(ip + 3, ref s) : ip + 4;
                    continue;
                case Op.BrIfI64LeS:
                    ip = (long)fp[ip[1]] <= (long)fp[ip[2]] ? Jump(ip + 3, ref s) : ip + 4;
                    continue;
                case Op.BrIfI64LeU:
                    ip = (ulong)fp[ip[1]] <= (ulong)fp[ip[2]] ? Jump(ip + 3, ref s) : ip + 4;
                    continue;
                case Op.BrIfI64GeS:
                    ip = (long)fp[ip[1]] >= (long)fp[ip[2]] ? Jump(ip + 3, ref s) : ip + 4;
                    continue;
                case Op.BrIfI64GeU:
                    ip = (ulong)fp[ip[1]] >= (ulong)fp[ip[2]] ? Jump(ip + 3, ref s) : ip + 4;
                    continue;
                case Op.BrIfI64EqImm:
                    ip = (long)fp[ip[1]] == Unsafe.ReadUnaligned<long>(ip + 2) ? Jump(ip + 4, ref s) : ip + 5;
                    continue;
                case Op.BrIfI64NeImm:
                    ip = (long)fp[ip[1]] != Unsafe.ReadUnaligned<long>(ip + 2) ? Jump(ip + 4, ref s) : ip + 5;
                    continue;
                case Op.BrIfI64LtSImm:
                    ip = (long)fp[ip[1]] < Unsafe.ReadUnaligned<long>(ip + 2) ? Jump(ip + 4, ref s) : ip + 5;
                    continue;
                case Op.BrIfI64LtUImm:
                    ip = (ulong)fp[ip[1]] < Unsafe.ReadUnaligned<ulong>(ip + 2) ? Jump(ip + 4, ref s) : ip + 5;
                    continue;
                case Op.BrIfI64GtSImm:
                    ip = (long)fp[ip[1]] > Unsafe.ReadUnaligned<long>(ip + 2) ? Jump(ip + 4, ref s) : ip + 5;
                    continue;
                case Op.BrIfI64GtUImm:
                    ip = (ulong)fp[ip[1]] > Unsafe.ReadUnaligned<ulong>(ip + 2) ? Jump(ip + 4, ref s) : ip + 5;
                    continue;
                case Op.BrIfI64LeSImm:
                    ip = (long)fp[ip[1]] <= Unsafe.ReadUnaligned<long>(ip + 2) ? Jump(ip + 4, ref s) : ip + 5;
                    continue;
                case Op.BrIfI64LeUImm:
                    ip = (ulong)fp[ip[1]] <= Unsafe.ReadUnaligned<ulong>(ip + 2) ? Jump(ip + 4, ref s) : ip + 5;
                    continue;
                case Op.BrIfI64GeSImm:
                    ip = (long)fp[ip[1]] >= Unsafe.ReadUnaligned<long>(ip + 2) ? Jump(ip + 4, ref s) : ip + 5;
                    continue;
                case Op.BrIfI64GeUImm:
                    ip = (ulong)fp[ip[1]] >= Unsafe.ReadUnaligned<ulong>(ip + 2) ? Jump(ip + 4, ref s) : ip + 5;
                    continue;
                case Op.BrIfI64Eqz:
                    ip = fp[ip[1]] == 0 ? Jump(ip + 2, ref s) : ip + 3;
                    continue;
                case Op.BrIfI64Nez:
                    ip = fp[ip[1]] != 0 ? Jump(ip + 2, ref s) : ip + 3;
                    continue;
                case Op.BrIfF64Eq:
                    ip = BitConverter.UInt64BitsToDouble(fp[ip[1]]) == BitConverter.UInt64BitsToDouble(fp[ip[2]]) ? Jump(ip + 3, ref s) : ip + 4;
                    continue;
                case Op.BrIfF64Ne:
                    ip = BitConverter.UInt64BitsToDouble(fp[ip[1]]) != BitConverter.UInt64BitsToDouble(fp[ip[2]]) ? Jump(ip + 3, ref s) : ip + 4;
                    continue;
                case Op.BrIfF64Lt:
                    ip = BitConverter.UInt64BitsToDouble(fp[ip[1]]) < BitConverter.UInt64BitsToDouble(fp[ip[2]]) ? Jump(ip + 3, ref s) : ip + 4;
                    continue;
                case Op.BrIfF64Gt:
                    ip = BitConverter.UInt64BitsToDouble(fp[ip[1]]) > BitConverter.UInt64BitsToDouble(fp[ip[2]]) ? Jump(ip + 3, ref s) : ip + 4;
                    continue;
                case Op.BrIfF64Le:
                    ip = BitConverter.UInt64BitsToDouble(fp[ip[1]]) <= BitConverter.UInt64BitsToDouble(fp[ip[2]]) ? Jump(ip + 3, ref s) : ip + 4;
                    continue;
                case Op.BrIfF64Ge:
                    ip = BitConverter.UInt64BitsToDouble(fp[ip[1]]) >= BitConverter.UInt64BitsToDouble(fp[ip[2]]) ? Jump(ip + 3, ref s) : ip + 4;
                    continue;
                case Op.BrIfNotF64Eq:
                    ip = !(BitConverter.UInt64BitsToDouble(fp[ip[1]]) == BitConverter.UInt64BitsToDouble(fp[ip[2]])) ? Jump(ip + 3, ref s) : ip + 4;
                    continue;
                case Op.BrIfNotF64Ne:
                    ip = !(BitConverter.UInt64BitsToDouble(fp[ip[1]]) != BitConverter.UInt64BitsToDouble(fp[ip[2]])) ? Jump(ip + 3, ref s) : ip + 4;
                    continue;
                case Op.BrIfNotF64Lt:
                    ip = !(BitConverter.UInt64BitsToDouble(fp[ip[1]]) < BitConverter.UInt64BitsToDouble(fp[ip[2]])) ? Jump(ip + 3, ref s) : ip + 4;
                    continue;
                case Op.BrIfNotF64Gt:
                    ip = !(BitConverter.UInt64BitsToDouble(fp[ip[1]]) > BitConverter.UInt64BitsToDouble(fp[ip[2]])) ? Jump(ip + 3, ref s) : ip + 4;
                    continue;
                case Op.BrIfNotF64Le:
                    ip = !(BitConverter.UInt64BitsToDouble(fp[ip[1]]) <= BitConverter.UInt64BitsToDouble(fp[ip[2]])) ? Jump(ip + 3, ref s) : ip + 4;
                    continue;
                case Op.BrIfNotF64Ge:
                    ip = !(BitConverter.UInt64BitsToDouble(fp[ip[1]]) >= BitConverter.UInt64BitsToDouble(fp[ip[2]])) ? Jump(ip + 3, ref s) : ip + 4;
                    continue;
                case Op.BrTable:
                {
                    var index = (uint)fp[ip[1]];
                    var count = (uint)ip[2];
                    var k = 3 + (int)Math.Min(index, count);
                    ip = Jump(ip + k, ref s);
                    continue;
                }
                case Op.Copy:
                    fp[ip[1]] = fp[ip[2]];
                    ip += 3;
                    continue;
                case Op.Simd:
                    ip = SimdHandlers.Table[ip[2]](ip, fp, memoryBase, memoryLength);
                    continue;
                case Op.Call:
                {
                    // A function of this module: always interpreted, always this instance. The
                    // translator emitted the index, so it is in range (no bounds check, no cast check).
                    var target = Unsafe.As<InterpretedFunction>(Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(s.Functions), ip[1]));
                    var calleeFp = fp + ip[2];
                    var code = target.Code;
                    if (code is null)
                    {
                        // first call: translate, then run this instruction again (no call on the hot path)
                        goto TranslateCallee;
                    }
                    // Depth, stack room and interrupt: a wasm program without loops (deep recursion)
                    // still stops on an interrupt, at its next call.
                    if (s.FrameTop >= s.FrameLimit || calleeFp + code.FrameSlots > s.StackEnd || s.Context.InterruptRequested)
                    {
                        goto RefuseCall;
                    }
                    var top = s.FrameTop + 1;
                    if (top == s.Frames.Length)
                    {
                        goto GrowFrames;
                    }
                    ref var frame = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(s.Frames), top);
                    // Storing a reference costs a GC write barrier (a helper call); the slot usually
                    // holds the same function already (loops and recursion call the same callee at
                    // the same depth), and when it does not the store is made off the hot path.
                    if (!ReferenceEquals(frame.Function, target))
                    {
                        goto SetFrameFunction;
                    }
                    s.FrameTop = top;
                    frame.ReturnIp = ip + 3;
                    frame.ReturnFp = fp;
                    frame.SwitchesInstance = false;
                    for (var i = code.ParameterSlots; i < code.LocalSlots; i++)
                    {
                        calleeFp[i] = 0;
                    }
                    fp = calleeFp;
                    ip = code.Entry;
                    continue;
                }
                case Op.CallImport:
                    s.Callee = s.Functions[ip[1]];
                    s.Argument = ip[2];
                    s.Next = ip + 3;
                    goto CallAny;
                case Op.CallIndirect:
                {
                    var table = s.Instance.Tables[ip[2]];
                    var index = (uint)fp[ip[4]];
                    // the size, not the backing array's length: the array has room to grow into
                    if (index >= table.Size)
                    {
                        Trap(TrapKind.UndefinedElement);
                    }
                    var handle = table.Elements[index];
                    if (handle == 0)
                    {
                        Trap(TrapKind.UninitializedElement);
                    }
                    s.Callee = s.Instance.Store.GetFunction(handle)!;
                    var expected = s.Types[ip[1]];
                    if (!ReferenceEquals(s.Callee.Type, expected) && !s.Callee.Type.Equals(expected))
                    {
                        Trap(TrapKind.IndirectCallTypeMismatch);
                    }
                    s.Argument = ip[3];
                    s.Next = ip + 5;
                    goto CallAny;
                }
                case Op.Return0:
                    goto Return;
                case Op.Return1:
                    fp[0] = fp[ip[1]];
                    goto Return;
                case Op.ReturnN:
                {
                    var source = fp + ip[1];
                    var count = ip[2];
                    for (var i = 0; i < count; i++)
                    {
                        fp[i] = source[i];
                    }
                    goto Return;
                }
                case Op.Select:
                    fp[ip[1]] = (uint)fp[ip[4]] != 0 ? fp[ip[2]] : fp[ip[3]];
                    ip += 5;
                    continue;
                case Op.I32Const:
                    fp[ip[1]] = (uint)ip[2];
                    ip += 3;
                    continue;
                case Op.I64Const:
                    fp[ip[1]] = (uint)ip[2] | (ulong)(uint)ip[3] << 32;
                    ip += 4;
                    continue;
                case Op.GlobalGet:
                    fp[ip[1]] = s.Globals[ip[2]].Value;
                    ip += 3;
                    continue;
                case Op.GlobalSet:
                    s.Globals[ip[1]].Value = fp[ip[2]];
                    ip += 3;
                    continue;
                case Op.GlobalGet128:
                {
                    var global = s.Globals[ip[2]];
                    fp[ip[1]] = global.Value;
                    fp[ip[1] + 1] = global.High;
                    ip += 3;
                    continue;
                }
                case Op.GlobalSet128:
                {
                    var global = s.Globals[ip[1]];
                    global.Value = fp[ip[2]];
                    global.High = fp[ip[2] + 1];
                    ip += 3;
                    continue;
                }
                case Op.RefFunc:
                    fp[ip[1]] = s.Instance.Store.HandleOf(s.Functions[ip[2]]);
                    ip += 3;
                    continue;
                case Op.RefIsNull:
                    fp[ip[1]] = fp[ip[2]] == 0 ? 1UL : 0UL;
                    ip += 3;
                    continue;
                case Op.TableGet:
                    fp[ip[1]] = s.Instance.Tables[ip[3]].Get((uint)fp[ip[2]]);
                    ip += 4;
                    continue;
                case Op.TableSet:
                    s.Instance.Tables[ip[1]].Set((uint)fp[ip[2]], fp[ip[3]]);
                    ip += 4;
                    continue;
                case Op.TableSize:
                    fp[ip[1]] = s.Instance.Tables[ip[2]].Size;
                    ip += 3;
                    continue;
                case Op.TableGrow:
                    fp[ip[1]] = (uint)s.Instance.Tables[ip[4]].Grow((uint)fp[ip[3]], fp[ip[2]]);
                    ip += 5;
                    continue;
                case Op.TableFill:
                    s.Instance.Tables[ip[1]].Fill((uint)fp[ip[2]], fp[ip[3]], (uint)fp[ip[4]]);
                    ip += 5;
                    continue;
                case Op.TableCopy:
                    TableInstance.Copy(s.Instance.Tables[ip[1]], (uint)fp[ip[3]], s.Instance.Tables[ip[2]], (uint)fp[ip[4]], (uint)fp[ip[5]]);
                    ip += 6;
                    continue;
                case Op.TableInit:
                    s.Instance.Tables[ip[1]].Init((uint)fp[ip[3]], s.Instance.ElementSegments[ip[2]], (uint)fp[ip[4]], (uint)fp[ip[5]]);
                    ip += 6;
                    continue;
                case Op.ElemDrop:
                    s.Instance.ElementSegments[ip[1]] = [];
                    ip += 2;
                    continue;
                case Op.MemorySize:
                    fp[ip[1]] = memoryLength / MemoryType.PageSize;
                    ip += 2;
                    continue;
                case Op.MemoryGrow:
                    fp[ip[1]] = (uint)s.Memory!.GrowFromWasm((uint)fp[ip[2]]);
                    memoryBase = s.Memory.Base;
                    memoryLength = s.Memory.ByteLength;
                    ip += 3;
                    continue;
                case Op.MemoryFill:
                    s.Memory!.Fill((uint)fp[ip[1]], (byte)fp[ip[2]], (uint)fp[ip[3]]);
                    ip += 4;
                    continue;
                case Op.MemoryCopy:
                    s.Memory!.Copy((uint)fp[ip[1]], (uint)fp[ip[2]], (uint)fp[ip[3]]);
                    ip += 4;
                    continue;
                case Op.MemoryInit:
                    s.Memory!.Init((uint)fp[ip[2]], s.Instance.DataSegments[ip[1]].Span, (uint)fp[ip[3]], (uint)fp[ip[4]]);
                    ip += 5;
                    continue;
                case Op.DataDrop:
                    s.Instance.DataSegments[ip[1]] = ReadOnlyMemory<byte>.Empty;
                    ip += 2;
                    continue;
                case Op.Load32U:
                {
                    var address = (ulong)(uint)fp[ip[2]] + (uint)ip[3];
                    if (address + 4 > memoryLength)
                    {
                        goto OutOfBounds;
                    }
                    fp[ip[1]] = Unsafe.ReadUnaligned<uint>(memoryBase + address);
                    ip += 4;
                    continue;
                }
                case Op.Load64:
                {
                    var address = (ulong)(uint)fp[ip[2]] + (uint)ip[3];
                    if (address + 8 > memoryLength)
                    {
                        goto OutOfBounds;
                    }
                    fp[ip[1]] = Unsafe.ReadUnaligned<ulong>(memoryBase + address);
                    ip += 4;
                    continue;
                }
                case Op.I32Load8S:
                {
                    var address = (ulong)(uint)fp[ip[2]] + (uint)ip[3];
                    if (address + 1 > memoryLength)
                    {
                        goto OutOfBounds;
                    }
                    fp[ip[1]] = (uint)Unsafe.ReadUnaligned<sbyte>(memoryBase + address);
                    ip += 4;
                    continue;
                }
                case Op.Load8U:
                {
                    var address = (ulong)(uint)fp[ip[2]] + (uint)ip[3];
                    if (address + 1 > memoryLength)
                    {
                        goto OutOfBounds;
                    }
                    fp[ip[1]] = Unsafe.ReadUnaligned<byte>(memoryBase + address);
                    ip += 4;
                    continue;
                }
                case Op.I32Load16S:
                {
                    var address = (ulong)(uint)fp[ip[2]] + (uint)ip[3];
                    if (address + 2 > memoryLength)
                    {
                        goto OutOfBounds;
                    }
                    fp[ip[1]] = (uint)Unsafe.ReadUnaligned<short>(memoryBase + address);
                    ip += 4;
                    continue;
                }
                case Op.Load16U:
                {
                    var address = (ulong)(uint)fp[ip[2]] + (uint)ip[3];
                    if (address + 2 > memoryLength)
                    {
                        goto OutOfBounds;
                    }
                    fp[ip[1]] = Unsafe.ReadUnaligned<ushort>(memoryBase + address);
                    ip += 4;
                    continue;
                }
                case Op.I64Load8S:
                {
                    var address = (ulong)(uint)fp[ip[2]] + (uint)ip[3];
                    if (address + 1 > memoryLength)
                    {
                        goto OutOfBounds;
                    }
                    fp[ip[1]] = (ulong)Unsafe.ReadUnaligned<sbyte>(memoryBase + address);
                    ip += 4;
                    continue;
                }
                case Op.I64Load16S:
                {
                    var address = (ulong)(uint)fp[ip[2]] + (uint)ip[3];
                    if (address + 2 > memoryLength)
                    {
                        goto OutOfBounds;
                    }
                    fp[ip[1]] = (ulong)Unsafe.ReadUnaligned<short>(memoryBase + address);
                    ip += 4;
                    continue;
                }
                case Op.I64Load32S:
                {
                    var address = (ulong)(uint)fp[ip[2]] + (uint)ip[3];
                    if (address + 4 > memoryLength)
                    {
                        goto OutOfBounds;
                    }
                    fp[ip[1]] = (ulong)Unsafe.ReadUnaligned<int>(memoryBase + address);
                    ip += 4;
                    continue;
                }
                case Op.Store8:
                {
                    var address = (ulong)(uint)fp[ip[1]] + (uint)ip[3];
                    if (address + 1 > memoryLength)
                    {
                        goto OutOfBounds;
                    }
                    Unsafe.WriteUnaligned(memoryBase + address, (byte)fp[ip[2]]);
                    ip += 4;
                    continue;
                }
                case Op.Store16:
                {
                    var address = (ulong)(uint)fp[ip[1]] + (uint)ip[3];
                    if (address + 2 > memoryLength)
                    {
                        goto OutOfBounds;
                    }
                    Unsafe.WriteUnaligned(memoryBase + address, (ushort)fp[ip[2]]);
                    ip += 4;
                    continue;
                }
                case Op.Store32:
                {
                    var address = (ulong)(uint)fp[ip[1]] + (uint)ip[3];
                    if (address + 4 > memoryLength)
                    {
                        goto OutOfBounds;
                    }
                    Unsafe.WriteUnaligned(memoryBase + address, (uint)fp[ip[2]]);
                    ip += 4;
                    continue;
                }
                case Op.Store64:
                {
                    var address = (ulong)(uint)fp[ip[1]] + (uint)ip[3];
                    if (address + 8 > memoryLength)
                    {
                        goto OutOfBounds;
                    }
                    Unsafe.WriteUnaligned(memoryBase + address, (ulong)fp[ip[2]]);
                    ip += 4;
                    continue;
                }
                case Op.I32Eqz:
                {
                    var a = (int)fp[ip[2]];
                    fp[ip[1]] = a == 0 ? 1UL : 0UL;
                    ip += 3;
                    continue;
                }
                case Op.I32Eq:
                {
                    var a = (int)fp[ip[2]];
                    var b = (int)fp[ip[3]];
                    fp[ip[1]] = a == b ? 1UL : 0UL;
                    ip += 4;
                    continue;
                }
                case Op.I32Ne:
                {
                    var a = (int)fp[ip[2]];
                    var b = (int)fp[ip[3]];
                    fp[ip[1]] = a != b ? 1UL : 0UL;
                    ip += 4;
                    continue;
                }
                case Op.I32LtS:
                {
                    var a = (int)fp[ip[2]];
                    var b = (int)fp[ip[3]];
                    fp[ip[1]] = a < b ? 1UL : 0UL;
                    ip += 4;
                    continue;
                }
                case Op.I32LtU:
                {
                    var a = (int)fp[ip[2]];
                    var b = (int)fp[ip[3]];
                    fp[ip[1]] = (uint)a < (uint)b ? 1UL : 0UL;
                    ip += 4;
                    continue;
                }
                case Op.I32GtS:
                {
                    var a = (int)fp[ip[2]];
                    var b = (int)fp[ip[3]];
                    fp[ip[1]] = a > b ? 1UL : 0UL;
                    ip += 4;
                    continue;
                }
                case Op.I32GtU:
                {
                    var a = (int)fp[ip[2]];
                    var b = (int)fp[ip[3]];
                    fp[ip[1]] = (uint)a > (uint)b ? 1UL : 0UL;
                    ip += 4;
                    continue;
                }
                case Op.I32LeS:
                {
                    var a = (int)fp[ip[2]];
                    var b = (int)fp[ip[3]];
                    fp[ip[1]] = a <= b ? 1UL : 0UL;
                    ip += 4;
                    continue;
                }
                case Op.I32LeU:
                {
                    var a = (int)fp[ip[2]];
                    var b = (int)fp[ip[3]];
                    fp[ip[1]] = (uint)a <= (uint)b ? 1UL : 0UL;
                    ip += 4;
                    continue;
                }
                case Op.I32GeS:
                {
                    var a = (int)fp[ip[2]];
                    var b = (int)fp[ip[3]];
                    fp[ip[1]] = a >= b ? 1UL : 0UL;
                    ip += 4;
                    continue;
                }
                case Op.I32GeU:
                {
                    var a = (int)fp[ip[2]];
                    var b = (int)fp[ip[3]];
                    fp[ip[1]] = (uint)a >= (uint)b ? 1UL : 0UL;
                    ip += 4;
                    continue;
                }
                case Op.I64Eqz:
                {
                    var a = (long)fp[ip[2]];
                    fp[ip[1]] = a == 0 ? 1UL : 0UL;
                    ip += 3;
                    continue;
                }
                case Op.I64Eq:
                {
                    var a = (long)fp[ip[2]];
                    var b = (long)fp[ip[3]];
                    fp[ip[1]] = a == b ? 1UL : 0UL;
                    ip += 4;
                    continue;
                }
                case Op.I64Ne:
                {
                    var a = (long)fp[ip[2]];
                    var b = (long)fp[ip[3]];
                    fp[ip[1]] = a != b ? 1UL : 0UL;
                    ip += 4;
                    continue;
                }
                case Op.I64LtS:
                {
                    var a = (long)fp[ip[2]];
                    var b = (long)fp[ip[3]];
                    fp[ip[1]] = a < b ? 1UL : 0UL;
                    ip += 4;
                    continue;
                }
                case Op.I64LtU:
                {
                    var a = (long)fp[ip[2]];
                    var b = (long)fp[ip[3]];
                    fp[ip[1]] = (ulong)a < (ulong)b ? 1UL : 0UL;
                    ip += 4;
                    continue;
                }
                case Op.I64GtS:
                {
                    var a = (long)fp[ip[2]];
                    var b = (long)fp[ip[3]];
                    fp[ip[1]] = a > b ? 1UL : 0UL;
                    ip += 4;
                    continue;
                }
                case Op.I64GtU:
                {
                    var a = (long)fp[ip[2]];
                    var b = (long)fp[ip[3]];
                    fp[ip[1]] = (ulong)a > (ulong)b ? 1UL : 0UL;
                    ip += 4;
                    continue;
                }
                case Op.I64LeS:
                {
                    var a = (long)fp[ip[2]];
                    var b = (long)fp[ip[3]];
                    fp[ip[1]] = a <= b ? 1UL : 0UL;
                    ip += 4;
                    continue;
                }
                case Op.I64LeU:
                {
                    var a = (long)fp[ip[2]];
                    var b = (long)fp[ip[3]];
                    fp[ip[1]] = (ulong)a <= (ulong)b ? 1UL : 0UL;
                    ip += 4;
                    continue;
                }
                case Op.I64GeS:
                {
                    var a = (long)fp[ip[2]];
                    var b = (long)fp[ip[3]];
                    fp[ip[1]] = a >= b ? 1UL : 0UL;
                    ip += 4;
                    continue;
                }
                case Op.I64GeU:
                {
                    var a = (long)fp[ip[2]];
                    var b = (long)fp[ip[3]];
                    fp[ip[1]] = (ulong)a >= (ulong)b ? 1UL : 0UL;
                    ip += 4;
                    continue;
                }
                case Op.F32Eq:
                {
                    var a = BitConverter.UInt32BitsToSingle((uint)fp[ip[2]]);
                    var b = BitConverter.UInt32BitsToSingle((uint)fp[ip[3]]);
                    fp[ip[1]] = a == b ? 1UL : 0UL;
                    ip += 4;
                    continue;
                }
                case Op.F32Ne:
                {
                    var a = BitConverter.UInt32BitsToSingle((uint)fp[ip[2]]);
                    var b = BitConverter.UInt32BitsToSingle((uint)fp[ip[3]]);
                    fp[ip[1]] = a != b ? 1UL : 0UL;
                    ip += 4;
                    continue;
                }
                case Op.F32Lt:
                {
                    var a = BitConverter.UInt32BitsToSingle((uint)fp[ip[2]]);
                    var b = BitConverter.UInt32BitsToSingle((uint)fp[ip[3]]);
                    fp[ip[1]] = a < b ? 1UL : 0UL;
                    ip += 4;
                    continue;
                }
                case Op.F32Gt:
                {
                    var a = BitConverter.UInt32BitsToSingle((uint)fp[ip[2]]);
                    var b = BitConverter.UInt32BitsToSingle((uint)fp[ip[3]]);
                    fp[ip[1]] = a > b ? 1UL : 0UL;
                    ip += 4;
                    continue;
                }
                case Op.F32Le:
                {
                    var a = BitConverter.UInt32BitsToSingle((uint)fp[ip[2]]);
                    var b = BitConverter.UInt32BitsToSingle((uint)fp[ip[3]]);
                    fp[ip[1]] = a <= b ? 1UL : 0UL;
                    ip += 4;
                    continue;
                }
                case Op.F32Ge:
                {
                    var a = BitConverter.UInt32BitsToSingle((uint)fp[ip[2]]);
                    var b = BitConverter.UInt32BitsToSingle((uint)fp[ip[3]]);
                    fp[ip[1]] = a >= b ? 1UL : 0UL;
                    ip += 4;
                    continue;
                }
                case Op.F64Eq:
                {
                    var a = BitConverter.UInt64BitsToDouble(fp[ip[2]]);
                    var b = BitConverter.UInt64BitsToDouble(fp[ip[3]]);
                    fp[ip[1]] = a == b ? 1UL : 0UL;
                    ip += 4;
                    continue;
                }
                case Op.F64Ne:
                {
                    var a = BitConverter.UInt64BitsToDouble(fp[ip[2]]);
                    var b = BitConverter.UInt64BitsToDouble(fp[ip[3]]);
                    fp[ip[1]] = a != b ? 1UL : 0UL;
                    ip += 4;
                    continue;
                }
                case Op.F64Lt:
                {
                    var a = BitConverter.UInt64BitsToDouble(fp[ip[2]]);
                    var b = BitConverter.UInt64BitsToDouble(fp[ip[3]]);
                    fp[ip[1]] = a < b ? 1UL : 0UL;
                    ip += 4;
                    continue;
                }
                case Op.F64Gt:
                {
                    var a = BitConverter.UInt64BitsToDouble(fp[ip[2]]);
                    var b = BitConverter.UInt64BitsToDouble(fp[ip[3]]);
                    fp[ip[1]] = a > b ? 1UL : 0UL;
                    ip += 4;
                    continue;
                }
                case Op.F64Le:
                {
                    var a = BitConverter.UInt64BitsToDouble(fp[ip[2]]);
                    var b = BitConverter.UInt64BitsToDouble(fp[ip[3]]);
                    fp[ip[1]] = a <= b ? 1UL : 0UL;
                    ip += 4;
                    continue;
                }
                case Op.F64Ge:
                {
                    var a = BitConverter.UInt64BitsToDouble(fp[ip[2]]);
                    var b = BitConverter.UInt64BitsToDouble(fp[ip[3]]);
                    fp[ip[1]] = a >= b ? 1UL : 0UL;
                    ip += 4;
                    continue;
                }
                case Op.I32Clz:
                {
                    var a = (int)fp[ip[2]];
                    fp[ip[1]] = (uint)(Numerics.I32Clz(a));
                    ip += 3;
                    continue;
                }
                case Op.I32Ctz:
                {
                    var a = (int)fp[ip[2]];
                    fp[ip[1]] = (uint)(Numerics.I32Ctz(a));
                    ip += 3;
                    continue;
                }
                case Op.I32Popcnt:
                {
                    var a = (int)fp[ip[2]];
                    fp[ip[1]] = (uint)(Numerics.I32Popcnt(a));
                    ip += 3;
                    continue;
                }
                case Op.I32Add:
                {
                    var a = (int)fp[ip[2]];
                    var b = (int)fp[ip[3]];
                    fp[ip[1]] = (uint)(a + b);
                    ip += 4;
                    continue;
                }
                case Op.I32Sub:
                {
                    var a = (int)fp[ip[2]];
                    var b = (int)fp[ip[3]];
                    fp[ip[1]] = (uint)(a - b);
                    ip += 4;
                    continue;
                }
                case Op.I32Mul:
                {
                    var a = (int)fp[ip[2]];
                    var b = (int)fp[ip[3]];
                    fp[ip[1]] = (uint)(a * b);
                    ip += 4;
                    continue;
                }
                case Op.I32DivS:
                {
                    var a = (int)fp[ip[2]];
                    var b = (int)fp[ip[3]];
                    fp[ip[1]] = (uint)(Numerics.I32DivS(a, b));
                    ip += 4;
                    continue;
                }
                case Op.I32DivU:
                {
                    var a = (int)fp[ip[2]];
                    var b = (int)fp[ip[3]];
                    fp[ip[1]] = (uint)(Numerics.I32DivU(a, b));
                    ip += 4;
                    continue;
                }
                case Op.I32RemS:
                {
                    var a = (int)fp[ip[2]];
                    var b = (int)fp[ip[3]];
                    fp[ip[1]] = (uint)(Numerics.I32RemS(a, b));
                    ip += 4;
                    continue;
                }
                case Op.I32RemU:
                {
                    var a = (int)fp[ip[2]];
                    var b = (int)fp[ip[3]];
                    fp[ip[1]] = (uint)(Numerics.I32RemU(a, b));
                    ip += 4;
                    continue;
                }
                case Op.I32Shl:
                {
                    var a = (int)fp[ip[2]];
                    var b = (int)fp[ip[3]];
                    fp[ip[1]] = (uint)(Numerics.I32Shl(a, b));
                    ip += 4;
                    continue;
                }
                case Op.I32ShrS:
                {
                    var a = (int)fp[ip[2]];
                    var b = (int)fp[ip[3]];
                    fp[ip[1]] = (uint)(Numerics.I32ShrS(a, b));
                    ip += 4;
                    continue;
                }
                case Op.I32ShrU:
                {
                    var a = (int)fp[ip[2]];
                    var b = (int)fp[ip[3]];
                    fp[ip[1]] = (uint)(Numerics.I32ShrU(a, b));
                    ip += 4;
                    continue;
                }
                case Op.I32Rotl:
                {
                    var a = (int)fp[ip[2]];
                    var b = (int)fp[ip[3]];
                    fp[ip[1]] = (uint)(Numerics.I32Rotl(a, b));
                    ip += 4;
                    continue;
                }
                case Op.I32Rotr:
                {
                    var a = (int)fp[ip[2]];
                    var b = (int)fp[ip[3]];
                    fp[ip[1]] = (uint)(Numerics.I32Rotr(a, b));
                    ip += 4;
                    continue;
                }
                case Op.I32And:
                {
                    var a = (int)fp[ip[2]];
                    var b = (int)fp[ip[3]];
                    fp[ip[1]] = (uint)(a & b);
                    ip += 4;
                    continue;
                }
                case Op.I32Or:
                {
                    var a = (int)fp[ip[2]];
                    var b = (int)fp[ip[3]];
                    fp[ip[1]] = (uint)(a | b);
                    ip += 4;
                    continue;
                }
                case Op.I32Xor:
                {
                    var a = (int)fp[ip[2]];
                    var b = (int)fp[ip[3]];
                    fp[ip[1]] = (uint)(a ^ b);
                    ip += 4;
                    continue;
                }
                case Op.I64Clz:
                {
                    var a = (long)fp[ip[2]];
                    fp[ip[1]] = (ulong)(Numerics.I64Clz(a));
                    ip += 3;
                    continue;
                }
                case Op.I64Ctz:
                {
                    var a = (long)fp[ip[2]];
                    fp[ip[1]] = (ulong)(Numerics.I64Ctz(a));
                    ip += 3;
                    continue;
                }
                case Op.I64Popcnt:
                {
                    var a = (long)fp[ip[2]];
                    fp[ip[1]] = (ulong)(Numerics.I64Popcnt(a));
                    ip += 3;
                    continue;
                }
                case Op.I64Add:
                {
                    var a = (long)fp[ip[2]];
                    var b = (long)fp[ip[3]];
                    fp[ip[1]] = (ulong)(a + b);
                    ip += 4;
                    continue;
                }
                case Op.I64Sub:
                {
                    var a = (long)fp[ip[2]];
                    var b = (long)fp[ip[3]];
                    fp[ip[1]] = (ulong)(a - b);
                    ip += 4;
                    continue;
                }
                case Op.I64Mul:
                {
                    var a = (long)fp[ip[2]];
                    var b = (long)fp[ip[3]];
                    fp[ip[1]] = (ulong)(a * b);
                    ip += 4;
                    continue;
                }
                case Op.I64DivS:
                {
                    var a = (long)fp[ip[2]];
                    var b = (long)fp[ip[3]];
                    fp[ip[1]] = (ulong)(Numerics.I64DivS(a, b));
                    ip += 4;
                    continue;
                }
                case Op.I64DivU:
                {
                    var a = (long)fp[ip[2]];
                    var b = (long)fp[ip[3]];
                    fp[ip[1]] = (ulong)(Numerics.I64DivU(a, b));
                    ip += 4;
                    continue;
                }
                case Op.I64RemS:
                {
                    var a = (long)fp[ip[2]];
                    var b = (long)fp[ip[3]];
                    fp[ip[1]] = (ulong)(Numerics.I64RemS(a, b));
                    ip += 4;
                    continue;
                }
                case Op.I64RemU:
                {
                    var a = (long)fp[ip[2]];
                    var b = (long)fp[ip[3]];
                    fp[ip[1]] = (ulong)(Numerics.I64RemU(a, b));
                    ip += 4;
                    continue;
                }
                case Op.I64Shl:
                {
                    var a = (long)fp[ip[2]];
                    var b = (long)fp[ip[3]];
                    fp[ip[1]] = (ulong)(Numerics.I64Shl(a, b));
                    ip += 4;
                    continue;
                }
                case Op.I64ShrS:
                {
                    var a = (long)fp[ip[2]];
                    var b = (long)fp[ip[3]];
                    fp[ip[1]] = (ulong)(Numerics.I64ShrS(a, b));
                    ip += 4;
                    continue;
                }
                case Op.I64ShrU:
                {
                    var a = (long)fp[ip[2]];
                    var b = (long)fp[ip[3]];
                    fp[ip[1]] = (ulong)(Numerics.I64ShrU(a, b));
                    ip += 4;
                    continue;
                }
                case Op.I64Rotl:
                {
                    var a = (long)fp[ip[2]];
                    var b = (long)fp[ip[3]];
                    fp[ip[1]] = (ulong)(Numerics.I64Rotl(a, b));
                    ip += 4;
                    continue;
                }
                case Op.I64Rotr:
                {
                    var a = (long)fp[ip[2]];
                    var b = (long)fp[ip[3]];
                    fp[ip[1]] = (ulong)(Numerics.I64Rotr(a, b));
                    ip += 4;
                    continue;
                }
                case Op.I64And:
                {
                    var a = (long)fp[ip[2]];
                    var b = (long)fp[ip[3]];
                    fp[ip[1]] = (ulong)(a & b);
                    ip += 4;
                    continue;
                }
                case Op.I64Or:
                {
                    var a = (long)fp[ip[2]];
                    var b = (long)fp[ip[3]];
                    fp[ip[1]] = (ulong)(a | b);
                    ip += 4;
                    continue;
                }
                case Op.I64Xor:
                {
                    var a = (long)fp[ip[2]];
                    var b = (long)fp[ip[3]];
                    fp[ip[1]] = (ulong)(a ^ b);
                    ip += 4;
                    continue;
                }
                case Op.F32Abs:
                {
                    var a = BitConverter.UInt32BitsToSingle((uint)fp[ip[2]]);
                    fp[ip[1]] = BitConverter.SingleToUInt32Bits(Numerics.F32Abs(a));
                    ip += 3;
                    continue;
                }
                case Op.F32Neg:
                {
                    var a = BitConverter.UInt32BitsToSingle((uint)fp[ip[2]]);
                    fp[ip[1]] = BitConverter.SingleToUInt32Bits(Numerics.F32Neg(a));
                    ip += 3;
                    continue;
                }
                case Op.F32Ceil:
                {
                    var a = BitConverter.UInt32BitsToSingle((uint)fp[ip[2]]);
                    fp[ip[1]] = BitConverter.SingleToUInt32Bits(Numerics.F32Ceil(a));
                    ip += 3;
                    continue;
                }
                case Op.F32Floor:
                {
                    var a = BitConverter.UInt32BitsToSingle((uint)fp[ip[2]]);
                    fp[ip[1]] = BitConverter.SingleToUInt32Bits(Numerics.F32Floor(a));
                    ip += 3;
                    continue;
                }
                case Op.F32Trunc:
                {
                    var a = BitConverter.UInt32BitsToSingle((uint)fp[ip[2]]);
                    fp[ip[1]] = BitConverter.SingleToUInt32Bits(Numerics.F32Trunc(a));
                    ip += 3;
                    continue;
                }
                case Op.F32Nearest:
                {
                    var a = BitConverter.UInt32BitsToSingle((uint)fp[ip[2]]);
                    fp[ip[1]] = BitConverter.SingleToUInt32Bits(Numerics.F32Nearest(a));
                    ip += 3;
                    continue;
                }
                case Op.F32Sqrt:
                {
                    var a = BitConverter.UInt32BitsToSingle((uint)fp[ip[2]]);
                    fp[ip[1]] = BitConverter.SingleToUInt32Bits(Numerics.F32Sqrt(a));
                    ip += 3;
                    continue;
                }
                case Op.F32Add:
                {
                    var a = BitConverter.UInt32BitsToSingle((uint)fp[ip[2]]);
                    var b = BitConverter.UInt32BitsToSingle((uint)fp[ip[3]]);
                    fp[ip[1]] = BitConverter.SingleToUInt32Bits(a + b);
                    ip += 4;
                    continue;
                }
                case Op.F32Sub:
                {
                    var a = BitConverter.UInt32BitsToSingle((uint)fp[ip[2]]);
                    var b = BitConverter.UInt32BitsToSingle((uint)fp[ip[3]]);
                    fp[ip[1]] = BitConverter.SingleToUInt32Bits(a - b);
                    ip += 4;
                    continue;
                }
                case Op.F32Mul:
                {
                    var a = BitConverter.UInt32BitsToSingle((uint)fp[ip[2]]);
                    var b = BitConverter.UInt32BitsToSingle((uint)fp[ip[3]]);
                    fp[ip[1]] = BitConverter.SingleToUInt32Bits(a * b);
                    ip += 4;
                    continue;
                }
                case Op.F32Div:
                {
                    var a = BitConverter.UInt32BitsToSingle((uint)fp[ip[2]]);
                    var b = BitConverter.UInt32BitsToSingle((uint)fp[ip[3]]);
                    fp[ip[1]] = BitConverter.SingleToUInt32Bits(a / b);
                    ip += 4;
                    continue;
                }
                case Op.F32Min:
                {
                    var a = BitConverter.UInt32BitsToSingle((uint)fp[ip[2]]);
                    var b = BitConverter.UInt32BitsToSingle((uint)fp[ip[3]]);
                    fp[ip[1]] = BitConverter.SingleToUInt32Bits(Numerics.F32Min(a, b));
                    ip += 4;
                    continue;
                }
                case Op.F32Max:
                {
                    var a = BitConverter.UInt32BitsToSingle((uint)fp[ip[2]]);
                    var b = BitConverter.UInt32BitsToSingle((uint)fp[ip[3]]);
                    fp[ip[1]] = BitConverter.SingleToUInt32Bits(Numerics.F32Max(a, b));
                    ip += 4;
                    continue;
                }
                case Op.F32Copysign:
                {
                    var a = BitConverter.UInt32BitsToSingle((uint)fp[ip[2]]);
                    var b = BitConverter.UInt32BitsToSingle((uint)fp[ip[3]]);
                    fp[ip[1]] = BitConverter.SingleToUInt32Bits(Numerics.F32Copysign(a, b));
                    ip += 4;
                    continue;
                }
                case Op.F64Abs:
                {
                    var a = BitConverter.UInt64BitsToDouble(fp[ip[2]]);
                    fp[ip[1]] = BitConverter.DoubleToUInt64Bits(Numerics.F64Abs(a));
                    ip += 3;
                    continue;
                }
                case Op.F64Neg:
                {
                    var a = BitConverter.UInt64BitsToDouble(fp[ip[2]]);
                    fp[ip[1]] = BitConverter.DoubleToUInt64Bits(Numerics.F64Neg(a));
                    ip += 3;
                    continue;
                }
                case Op.F64Ceil:
                {
                    var a = BitConverter.UInt64BitsToDouble(fp[ip[2]]);
                    fp[ip[1]] = BitConverter.DoubleToUInt64Bits(Numerics.F64Ceil(a));
                    ip += 3;
                    continue;
                }
                case Op.F64Floor:
                {
                    var a = BitConverter.UInt64BitsToDouble(fp[ip[2]]);
                    fp[ip[1]] = BitConverter.DoubleToUInt64Bits(Numerics.F64Floor(a));
                    ip += 3;
                    continue;
                }
                case Op.F64Trunc:
                {
                    var a = BitConverter.UInt64BitsToDouble(fp[ip[2]]);
                    fp[ip[1]] = BitConverter.DoubleToUInt64Bits(Numerics.F64Trunc(a));
                    ip += 3;
                    continue;
                }
                case Op.F64Nearest:
                {
                    var a = BitConverter.UInt64BitsToDouble(fp[ip[2]]);
                    fp[ip[1]] = BitConverter.DoubleToUInt64Bits(Numerics.F64Nearest(a));
                    ip += 3;
                    continue;
                }
                case Op.F64Sqrt:
                {
                    var a = BitConverter.UInt64BitsToDouble(fp[ip[2]]);
                    fp[ip[1]] = BitConverter.DoubleToUInt64Bits(Numerics.F64Sqrt(a));
                    ip += 3;
                    continue;
                }
                case Op.F64Add:
                {
                    var a = BitConverter.UInt64BitsToDouble(fp[ip[2]]);
                    var b = BitConverter.UInt64BitsToDouble(fp[ip[3]]);
                    fp[ip[1]] = BitConverter.DoubleToUInt64Bits(a + b);
                    ip += 4;
                    continue;
                }
                case Op.F64Sub:
                {
                    var a = BitConverter.UInt64BitsToDouble(fp[ip[2]]);
                    var b = BitConverter.UInt64BitsToDouble(fp[ip[3]]);
                    fp[ip[1]] = BitConverter.DoubleToUInt64Bits(a - b);
                    ip += 4;
                    continue;
                }
                case Op.F64Mul:
                {
                    var a = BitConverter.UInt64BitsToDouble(fp[ip[2]]);
                    var b = BitConverter.UInt64BitsToDouble(fp[ip[3]]);
                    fp[ip[1]] = BitConverter.DoubleToUInt64Bits(a * b);
                    ip += 4;
                    continue;
                }
                case Op.F64Div:
                {
                    var a = BitConverter.UInt64BitsToDouble(fp[ip[2]]);
                    var b = BitConverter.UInt64BitsToDouble(fp[ip[3]]);
                    fp[ip[1]] = BitConverter.DoubleToUInt64Bits(a / b);
                    ip += 4;
                    continue;
                }
                case Op.F64Min:
                {
                    var a = BitConverter.UInt64BitsToDouble(fp[ip[2]]);
                    var b = BitConverter.UInt64BitsToDouble(fp[ip[3]]);
                    fp[ip[1]] = BitConverter.DoubleToUInt64Bits(Numerics.F64Min(a, b));
                    ip += 4;
                    continue;
                }
                case Op.F64Max:
                {
                    var a = BitConverter.UInt64BitsToDouble(fp[ip[2]]);
                    var b = BitConverter.UInt64BitsToDouble(fp[ip[3]]);
                    fp[ip[1]] = BitConverter.DoubleToUInt64Bits(Numerics.F64Max(a, b));
                    ip += 4;
                    continue;
                }
                case Op.F64Copysign:
                {
                    var a = BitConverter.UInt64BitsToDouble(fp[ip[2]]);
                    var b = BitConverter.UInt64BitsToDouble(fp[ip[3]]);
                    fp[ip[1]] = BitConverter.DoubleToUInt64Bits(Numerics.F64Copysign(a, b));
                    ip += 4;
                    continue;
                }
                case Op.I32WrapI64:
                {
                    var a = (long)fp[ip[2]];
                    fp[ip[1]] = (uint)((int)a);
                    ip += 3;
                    continue;
                }
                case Op.I32TruncF32S:
                {
                    var a = BitConverter.UInt32BitsToSingle((uint)fp[ip[2]]);
                    fp[ip[1]] = (uint)(Numerics.I32TruncF32S(a));
                    ip += 3;
                    continue;
                }
                case Op.I32TruncF32U:
                {
                    var a = BitConverter.UInt32BitsToSingle((uint)fp[ip[2]]);
                    fp[ip[1]] = (uint)(Numerics.I32TruncF32U(a));
                    ip += 3;
                    continue;
                }
                case Op.I32TruncF64S:
                {
                    var a = BitConverter.UInt64BitsToDouble(fp[ip[2]]);
                    fp[ip[1]] = (uint)(Numerics.I32TruncF64S(a));
                    ip += 3;
                    continue;
                }
                case Op.I32TruncF64U:
                {
                    var a = BitConverter.UInt64BitsToDouble(fp[ip[2]]);
                    fp[ip[1]] = (uint)(Numerics.I32TruncF64U(a));
                    ip += 3;
                    continue;
                }
                case Op.I64ExtendI32S:
                {
                    var a = (int)fp[ip[2]];
                    fp[ip[1]] = (ulong)(Numerics.I64ExtendI32S(a));
                    ip += 3;
                    continue;
                }
                case Op.I64TruncF32S:
                {
                    var a = BitConverter.UInt32BitsToSingle((uint)fp[ip[2]]);
                    fp[ip[1]] = (ulong)(Numerics.I64TruncF32S(a));
                    ip += 3;
                    continue;
                }
                case Op.I64TruncF32U:
                {
                    var a = BitConverter.UInt32BitsToSingle((uint)fp[ip[2]]);
                    fp[ip[1]] = (ulong)(Numerics.I64TruncF32U(a));
                    ip += 3;
                    continue;
                }
                case Op.I64TruncF64S:
                {
                    var a = BitConverter.UInt64BitsToDouble(fp[ip[2]]);
                    fp[ip[1]] = (ulong)(Numerics.I64TruncF64S(a));
                    ip += 3;
                    continue;
                }
                case Op.I64TruncF64U:
                {
                    var a = BitConverter.UInt64BitsToDouble(fp[ip[2]]);
                    fp[ip[1]] = (ulong)(Numerics.I64TruncF64U(a));
                    ip += 3;
                    continue;
                }
                case Op.F32ConvertI32S:
                {
                    var a = (int)fp[ip[2]];
                    fp[ip[1]] = BitConverter.SingleToUInt32Bits(Numerics.F32ConvertI32S(a));
                    ip += 3;
                    continue;
                }
                case Op.F32ConvertI32U:
                {
                    var a = (int)fp[ip[2]];
                    fp[ip[1]] = BitConverter.SingleToUInt32Bits(Numerics.F32ConvertI32U(a));
                    ip += 3;
                    continue;
                }
                case Op.F32ConvertI64S:
                {
                    var a = (long)fp[ip[2]];
                    fp[ip[1]] = BitConverter.SingleToUInt32Bits(Numerics.F32ConvertI64S(a));
                    ip += 3;
                    continue;
                }
                case Op.F32ConvertI64U:
                {
                    var a = (long)fp[ip[2]];
                    fp[ip[1]] = BitConverter.SingleToUInt32Bits(Numerics.F32ConvertI64U(a));
                    ip += 3;
                    continue;
                }
                case Op.F32DemoteF64:
                {
                    var a = BitConverter.UInt64BitsToDouble(fp[ip[2]]);
                    fp[ip[1]] = BitConverter.SingleToUInt32Bits(Numerics.F32DemoteF64(a));
                    ip += 3;
                    continue;
                }
                case Op.F64ConvertI32S:
                {
                    var a = (int)fp[ip[2]];
                    fp[ip[1]] = BitConverter.DoubleToUInt64Bits(Numerics.F64ConvertI32S(a));
                    ip += 3;
                    continue;
                }
                case Op.F64ConvertI32U:
                {
                    var a = (int)fp[ip[2]];
                    fp[ip[1]] = BitConverter.DoubleToUInt64Bits(Numerics.F64ConvertI32U(a));
                    ip += 3;
                    continue;
                }
                case Op.F64ConvertI64S:
                {
                    var a = (long)fp[ip[2]];
                    fp[ip[1]] = BitConverter.DoubleToUInt64Bits(Numerics.F64ConvertI64S(a));
                    ip += 3;
                    continue;
                }
                case Op.F64ConvertI64U:
                {
                    var a = (long)fp[ip[2]];
                    fp[ip[1]] = BitConverter.DoubleToUInt64Bits(Numerics.F64ConvertI64U(a));
                    ip += 3;
                    continue;
                }
                case Op.F64PromoteF32:
                {
                    var a = BitConverter.UInt32BitsToSingle((uint)fp[ip[2]]);
                    fp[ip[1]] = BitConverter.DoubleToUInt64Bits(Numerics.F64PromoteF32(a));
                    ip += 3;
                    continue;
                }
                case Op.I32Extend8S:
                {
                    var a = (int)fp[ip[2]];
                    fp[ip[1]] = (uint)(Numerics.I32Extend8S(a));
                    ip += 3;
                    continue;
                }
                case Op.I32Extend16S:
                {
                    var a = (int)fp[ip[2]];
                    fp[ip[1]] = (uint)(Numerics.I32Extend16S(a));
                    ip += 3;
                    continue;
                }
                case Op.I64Extend8S:
                {
                    var a = (long)fp[ip[2]];
                    fp[ip[1]] = (ulong)(Numerics.I64Extend8S(a));
                    ip += 3;
                    continue;
                }
                case Op.I64Extend16S:
                {
                    var a = (long)fp[ip[2]];
                    fp[ip[1]] = (ulong)(Numerics.I64Extend16S(a));
                    ip += 3;
                    continue;
                }
                case Op.I64Extend32S:
                {
                    var a = (long)fp[ip[2]];
                    fp[ip[1]] = (ulong)(Numerics.I64Extend32S(a));
                    ip += 3;
                    continue;
                }
                case Op.I32TruncSatF32S:
                {
                    var a = BitConverter.UInt32BitsToSingle((uint)fp[ip[2]]);
                    fp[ip[1]] = (uint)(Numerics.I32TruncSatF32S(a));
                    ip += 3;
                    continue;
                }
                case Op.I32TruncSatF32U:
                {
                    var a = BitConverter.UInt32BitsToSingle((uint)fp[ip[2]]);
                    fp[ip[1]] = (uint)(Numerics.I32TruncSatF32U(a));
                    ip += 3;
                    continue;
                }
                case Op.I32TruncSatF64S:
                {
                    var a = BitConverter.UInt64BitsToDouble(fp[ip[2]]);
                    fp[ip[1]] = (uint)(Numerics.I32TruncSatF64S(a));
                    ip += 3;
                    continue;
                }
                case Op.I32TruncSatF64U:
                {
                    var a = BitConverter.UInt64BitsToDouble(fp[ip[2]]);
                    fp[ip[1]] = (uint)(Numerics.I32TruncSatF64U(a));
                    ip += 3;
                    continue;
                }
                case Op.I64TruncSatF32S:
                {
                    var a = BitConverter.UInt32BitsToSingle((uint)fp[ip[2]]);
                    fp[ip[1]] = (ulong)(Numerics.I64TruncSatF32S(a));
                    ip += 3;
                    continue;
                }
                case Op.I64TruncSatF32U:
                {
                    var a = BitConverter.UInt32BitsToSingle((uint)fp[ip[2]]);
                    fp[ip[1]] = (ulong)(Numerics.I64TruncSatF32U(a));
                    ip += 3;
                    continue;
                }
                case Op.I64TruncSatF64S:
                {
                    var a = BitConverter.UInt64BitsToDouble(fp[ip[2]]);
                    fp[ip[1]] = (ulong)(Numerics.I64TruncSatF64S(a));
                    ip += 3;
                    continue;
                }
                case Op.I64TruncSatF64U:
                {
                    var a = BitConverter.UInt64BitsToDouble(fp[ip[2]]);
                    fp[ip[1]] = (ulong)(Numerics.I64TruncSatF64U(a));
                    ip += 3;
                    continue;
                }
                case Op.Interrupt:
                    Trap(TrapKind.Interrupted);
                    continue;
                default:
                    BadOpcode(*ip);
                    continue;
            }

        CallAny:
            if (s.Callee is InterpretedFunction interpreted)
            {
                var calleeFp = fp + s.Argument;
                var code = interpreted.Code ?? interpreted.Translate();
                if (s.FrameTop >= s.FrameLimit || code.FrameSlots > s.StackEnd - calleeFp || s.Context.InterruptRequested)
                {
                    RefuseCall(s.Context);
                }
                if (++s.FrameTop == s.Frames.Length)
                {
                    s.Frames = s.Context.GrowFrames();
                }
                ref var frame = ref s.Frames[s.FrameTop];
                if (!ReferenceEquals(frame.Function, interpreted))
                {
                    frame.Function = interpreted;
                }
                frame.ReturnIp = s.Next;
                frame.ReturnFp = fp;
                frame.SwitchesInstance = interpreted.Instance != s.Instance;
                if (frame.SwitchesInstance)
                {
                    s.Instance = interpreted.Instance;
                    s.Functions = s.Instance.Functions;
                    s.Globals = s.Instance.Globals;
                    s.Types = s.Instance.Module.Types;
                    s.Memory = s.Instance.Memories.Length > 0 ? s.Instance.Memories[0] : null;
                }
                for (var i = code.ParameterSlots; i < code.LocalSlots; i++)
                {
                    calleeFp[i] = 0;
                }
                fp = calleeFp;
                ip = code.Entry;
            }
            else
            {
                // Another engine or the host: the one place the loop recurses on the .NET stack.
                var span = Math.Max(s.Callee.ParameterSlots, s.Callee.ResultSlots);
                s.Context.CallerInstance = s.Instance;
                s.Context.StackTop = fp + s.Argument + span;
                s.Context.CallDepth = s.Depth + s.FrameTop - s.FrameBase + 1;
                // a nested entry puts its frames above this one's
                s.Context.FrameTop = s.FrameTop;
                s.Callee.Invoke(s.Context, new Span<ulong>(fp + s.Argument, span));
                s.Frames = s.Context.Frames;
                ip = s.Next;
            }
            if (s.Memory is not null)
            {
                memoryBase = s.Memory.Base;
                memoryLength = s.Memory.ByteLength;
            }
            else
            {
                memoryBase = null;
                memoryLength = 0;
            }
            continue;

        // The cold paths of Op.Call. Each is a jump, not a call inside the handler, so the JIT keeps
        // the handler's values in registers; all but RefuseCall then run the Call again.
        TranslateCallee:
            Unsafe.As<InterpretedFunction>(s.Functions[ip[1]]).Translate();
            continue;

        GrowFrames:
            s.Frames = s.Context.GrowFrames();
            continue;

        SetFrameFunction:
            s.Frames[s.FrameTop + 1].Function = Unsafe.As<InterpretedFunction>(s.Functions[ip[1]]);
            continue;

        RefuseCall:
            RefuseCall(s.Context);
            return;

        OutOfBounds:
            // one shared trap path: a bounds check's failure jumps here instead of calling, so the
            // JIT does not keep the checked address alive across a call that never returns
            Trap(TrapKind.OutOfBoundsMemoryAccess);
            return;

        Return:
            if (s.FrameTop == s.FrameBase)
            {
                return;
            }
            {
                ref var frame = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(s.Frames), s.FrameTop);
                ip = frame.ReturnIp;
                fp = frame.ReturnFp;
                var switched = frame.SwitchesInstance;
                --s.FrameTop;
                if (switched)
                {
                    s.Instance = s.Frames[s.FrameTop].Function.Instance;
                    s.Functions = s.Instance.Functions;
                    s.Globals = s.Instance.Globals;
                    s.Types = s.Instance.Module.Types;
                    s.Memory = s.Instance.Memories.Length > 0 ? s.Instance.Memories[0] : null;
                    memoryBase = s.Memory is null ? null : s.Memory.Base;
                    memoryLength = s.Memory is null ? 0 : s.Memory.ByteLength;
                }
                else if (s.Memory is not null)
                {
                    // the s.Callee may have grown the s.Memory, which moves it
                    memoryBase = s.Memory.Base;
                    memoryLength = s.Memory.ByteLength;
                }
            }
        }
    }
}

/// <summary>
/// The state of one entry into <see cref="InterpreterLoop"/> that only calls, returns and the rarer
/// instructions use. It lives in the entry's frame and the loop reaches it through one reference,
/// so the loop's own locals are few (ip, fp, the memory's base and length) and the JIT keeps them
/// in registers.
/// </summary>
internal unsafe struct LoopState
{
    public ExecutionContext Context;
    public InterpreterFrame[] Frames;
    public int FrameTop;
    public int FrameBase;
    public int FrameLimit;
    public int Depth;
    public ulong* StackEnd;
    public Instance Instance;
    public FunctionInstance[] Functions;
    public GlobalInstance[] Globals;
    public FuncType[] Types;
    public MemoryInstance? Memory;
    // the state a call shares between its kinds of instruction
    public FunctionInstance Callee;
    public int Argument;
    public int* Next;
    /// <summary>Where a backward branch goes once an interrupt is requested (one <see cref="Op.Interrupt"/>).</summary>
    public int* InterruptCode;
}
