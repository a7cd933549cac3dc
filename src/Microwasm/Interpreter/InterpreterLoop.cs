using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microwasm.Model;
using Microwasm.Runtime;

namespace Microwasm.Interpreter;

/// <summary>
/// The execution loop. Wasm-to-wasm calls push an <see cref="InterpreterFrame"/> and stay in the
/// loop; only calls into other engines and the host recurse on the .NET stack, and every entry
/// into the loop is guarded so deep host/wasm chains trap instead of overflowing the .NET stack.
/// The loop itself, <c>Run</c>, is generated into InterpreterLoop.g.cs from InterpreterLoop.ops by
/// tools/codegen/Interpreter.cs; this file holds its entry and the helpers it inlines or jumps to.
/// </summary>
internal static unsafe partial class InterpreterLoop
{
    /// <summary>Runs <paramref name="function"/> with the arguments in <paramref name="slots"/>; results are written back from index 0.</summary>
    public static void Invoke(ExecutionEnvironment context, InterpretedFunction function, Span<ulong> slots)
    {
        var depth = context.CallDepth;
        var maxDepth = context.Store.Options.MaxCallDepth;
        if (depth >= maxDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new WasmTrap(TrapKind.CallStackExhausted);
        }
        context.EnsureInterpreterStacks();
        var code = function.Code ?? function.Translate(context);
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
        store?.EnterExecution(context);
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
            store?.ExitExecution(context);
        }
    }

    /// <summary>
    /// Adds every active interpreted frame to the trap's wasm stack, once per trap, and returns
    /// false. It runs as an exception filter, before any frame unwinds: a catch-and-rethrow at each
    /// nested entry would run the handlers nested on the .NET stack and overflow it after a deep
    /// host/wasm chain, the very case that trapped.
    /// </summary>
    private static bool RecordWasmStack(WasmTrap trap, ExecutionEnvironment context, int frameTop)
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
    private static void RefuseCall(ExecutionEnvironment context) =>
        throw new WasmTrap(context.InterruptRequested ? TrapKind.Interrupted : TrapKind.CallStackExhausted);
}

/// <summary>
/// The state of one entry into <see cref="InterpreterLoop"/> that only calls, returns and the rarer
/// instructions use. It lives in the entry's frame and the loop reaches it through one reference,
/// so the loop's own locals are few (ip, fp, the memory's base and length) and the JIT keeps them
/// in registers.
/// </summary>
internal unsafe struct LoopState
{
    public ExecutionEnvironment Context;
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
