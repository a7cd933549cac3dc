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
            if (s_hotLoop == HotLoopReady || s_coldLoop == null)
            {
                Run(ref state, code.Entry, fp);
            }
            else
            {
                // Run is not compiled: start in the chosen ReadyToRun copy, which goes on in Run from
                // where it is if Run gets compiled (see "Start-up" in RATIONALE.md)
                state.ColdBudget = ColdPollInterval;
                state.LeaveColdCode = s_leaveColdCode;
                s_coldLoop(ref state, code.Entry, fp);
                if (state.ResumeFp is not null)
                {
                    Run(ref state, state.ResumeIp, state.ResumeFp);
                }
            }
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

    /// <summary>The code a RunCold back-edge goes to when its budget is spent: one <see cref="Op.LeaveCold"/>.</summary>
    private static readonly int* s_leaveColdCode = AllocateLeaveColdCode();

    private static int* AllocateLeaveColdCode()
    {
        var code = GC.AllocateArray<int>(1, pinned: true);
        code[0] = (int)Op.LeaveCold;
        s_leaveColdCodeArray = code;
        return (int*)Unsafe.AsPointer(ref code[0]);
    }

    private static int[]? s_leaveColdCodeArray;

    private const int HotLoopNotStarted = 0, HotLoopCompiling = 1, HotLoopReady = 2;

    /// <summary>
    /// Whether <see cref="Run"/> is compiled (<see cref="HotLoopReady"/>): until then entries start in
    /// RunCold. Where no code is generated at run time (NativeAOT) both are compiled ahead of time
    /// and Run is ready from the start.
    /// </summary>
    private static int s_hotLoop = InitialHotLoopState();

    /// <summary>Back-edges and calls RunCold makes between two looks at whether Run is ready.</summary>
    private const int ColdPollInterval = 4096;

    /// <summary>
    /// Spent budgets (of <see cref="ColdPollInterval"/> each, all threads) after which RunCold has run
    /// long enough to make compiling Run worth it: about 1M back-edges and calls, some 10-20 ms of
    /// interpretation. A shorter program never pays Run's 40-60 ms of JIT.
    /// </summary>
    private const int ColdBudgetsBeforeCompiling = 256;

    private static int s_coldBudgetsSpent;

    private static int InitialHotLoopState()
    {
        // IsDynamicCodeSupported is the one ILC folds to false: under NativeAOT the reflection below
        // (and .NET's reflection runtime with it, ~300 KB of libmicrowasm.so) is left out
        if (!RuntimeFeature.IsDynamicCodeSupported || !RuntimeFeature.IsDynamicCodeCompiled)
        {
            return HotLoopReady;
        }
        // a measuring knob, MICROWASM_INTERPRETER_LOOP: "hot" compiles Run at once and always runs it
        // (as before the copies), "cold" never leaves the copy, "switch" (ChooseColdLoop) leaves
        // RunCold0 for Run as if no copy started on a line (see RATIONALE.md, "Start-up")
        switch (Environment.GetEnvironmentVariable("MICROWASM_INTERPRETER_LOOP"))
        {
            case "hot":
                CompileRun();
                return HotLoopReady;
            case "cold":
                return HotLoopCompiling;
            default:
                return HotLoopNotStarted;
        }
    }

    /// <summary>
    /// The ReadyToRun copy of the loop entries start in: the first that starts on a 64-byte line, else
    /// RunCold0; null where there is no ReadyToRun code (entries run Run, compiled at the first).
    /// </summary>
    private static readonly delegate*<ref LoopState, int*, ulong*, void> s_coldLoop = ChooseColdLoop(out s_coldLoopOnACacheLine);

    /// <summary>Whether <see cref="s_coldLoop"/> starts on a 64-byte line; if so it is never left for Run.</summary>
    private static readonly bool s_coldLoopOnACacheLine;

    private static delegate*<ref LoopState, int*, ulong*, void> ChooseColdLoop(out bool onACacheLine)
    {
        onACacheLine = false;
        if (!RuntimeFeature.IsDynamicCodeSupported || !RuntimeFeature.IsDynamicCodeCompiled)
        {
            // NativeAOT: Run is compiled ahead of time and always ready; the copies are not used
            return null;
        }
        if (Environment.GetEnvironmentVariable("MICROWASM_INTERPRETER_LOOP") == "switch")
        {
            // the measuring knob's third value: as if no copy started on a line (RunCold0, then Run)
            return &RunCold0;
        }
        const BindingFlags Flags = BindingFlags.NonPublic | BindingFlags.Static;
        var loop = typeof(InterpreterLoop);
        // Without a ReadyToRun image (a plain build, tests) the copies would be tier-0 code: big
        // frames and slow until the JIT's on-stack replacement; the JIT compiles Run instead, as before.
        var jitted = System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: true);
        RuntimeHelpers.PrepareMethod(loop.GetMethod(nameof(ReadyToRunProbe), Flags)!.MethodHandle);
        if (System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: true) != jitted || ReadyToRunProbe() <= 0 || ColdLoopSpacer() != 1)
        {
            return null;
        }
        if (StartsOnACacheLine(loop.GetMethod(nameof(RunCold0), Flags)))
        {
            onACacheLine = true;
            return &RunCold0;
        }
        if (StartsOnACacheLine(loop.GetMethod(nameof(RunCold1), Flags)))
        {
            onACacheLine = true;
            return &RunCold1;
        }
        if (StartsOnACacheLine(loop.GetMethod(nameof(RunCold2), Flags)))
        {
            onACacheLine = true;
            return &RunCold2;
        }
        if (StartsOnACacheLine(loop.GetMethod(nameof(RunCold3), Flags)))
        {
            onACacheLine = true;
            return &RunCold3;
        }
        return &RunCold0;
    }

    /// <summary>
    /// Compiled into the ReadyToRun image (crossgen compiles a private method only if compiled code
    /// calls it: ChooseColdLoop does): if asking for its code makes the JIT compile it, there is no image.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int ReadyToRunProbe() => Environment.ProcessorCount;

    /// <summary>
    /// True if the machine code of <paramref name="method"/> (a copy of the loop) starts at a multiple
    /// of 64 bytes. On the 2-core AMD EPYC the benchmarks run on, the same code of the loop ran up to
    /// 1.4x (fib, sieve, sha256) and 1.8x (strings) slower when it started 16 or 32 bytes past a
    /// 64-byte line; crossgen places methods on 16-byte and the JIT on 32-byte boundaries, so where
    /// a build or a process put the loop decided its speed (see RATIONALE.md, "Start-up"). Reads the
    /// method's entry point, following the runtime's precode jump (jmp [rip+d]) to the code; a guess
    /// only (false when the entry is not recognised), so a wrong answer costs speed, not correctness.
    /// </summary>
    private static bool StartsOnACacheLine(MethodInfo? method)
    {
        if (!RuntimeFeature.IsDynamicCodeSupported || method is null || System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture != System.Runtime.InteropServices.Architecture.X64)
        {
            return false;
        }
        RuntimeHelpers.PrepareMethod(method.MethodHandle);
        var entry = (byte*)method.MethodHandle.GetFunctionPointer();
        if (entry is null)
        {
            return false;
        }
        var code = entry;
        if (entry[0] == 0xFF && entry[1] == 0x25)
        {
            code = *(byte**)(entry + 6 + *(int*)(entry + 2));
        }
        return ((nuint)code & 63) == 0;
    }

    /// <summary>Compiles <see cref="Run"/> (straight to optimised code: AggressiveOptimization) on this thread.</summary>
    private static void CompileRun()
    {
        if (RuntimeFeature.IsDynamicCodeSupported)
        {
            RuntimeHelpers.PrepareMethod(typeof(InterpreterLoop).GetMethod(nameof(Run), BindingFlags.NonPublic | BindingFlags.Static)!.MethodHandle);
        }
    }

    /// <summary>
    /// RunCold's budget is spent (at a back-edge or a call): true if <see cref="Run"/> is ready to go
    /// on from <see cref="LoopState.ResumeIp"/> with frame <paramref name="fp"/>; else it renews the
    /// budget. Once RunCold has spent <see cref="ColdBudgetsBeforeCompiling"/> budgets, this thread
    /// compiles Run (40-60 ms) and goes on in it. On this thread, not in the background while RunCold
    /// goes on: with the JIT on another thread, where its code landed among the rest varied from run
    /// to run, and with it the loop's speed (fib 0.85 or 1.2 s; see RATIONALE.md, "Start-up").
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool ColdBudgetSpent(ref LoopState s, ulong* fp)
    {
        if (Volatile.Read(ref s_hotLoop) != HotLoopReady)
        {
            s.ColdBudget = ColdPollInterval;
            // not synchronised: a lost count only delays the compilation
            if (++s_coldBudgetsSpent != ColdBudgetsBeforeCompiling
                || Interlocked.CompareExchange(ref s_hotLoop, HotLoopCompiling, HotLoopNotStarted) != HotLoopNotStarted
                || s_coldLoopOnACacheLine)
            {
                // a RunCold that starts on a 64-byte line runs as fast as Run: it stays (HotLoopCompiling for good)
                return false;
            }
            CompileRun();
            Volatile.Write(ref s_hotLoop, HotLoopReady);
        }
        s.ResumeFp = fp;
        return true;
    }

    /// <summary>
    /// <see cref="Jump"/> in RunCold: a back-edge also counts down the budget, and when it is spent goes
    /// to <see cref="Op.LeaveCold"/>, which decides, with the branch's target kept in <see cref="LoopState.ResumeIp"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int* JumpCold(int* operand, ref LoopState s)
    {
        var offset = *operand;
        var target = operand + offset;
        if (offset < 0)
        {
            if (s.Context.InterruptRequested)
            {
                target = s.InterruptCode;
            }
            else if (--s.ColdBudget < 0)
            {
                s.ResumeIp = target;
                target = s.LeaveColdCode;
            }
        }
        return target;
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

    // Rotations written out rather than BitOperations.RotateLeft/Right: ReadyToRun code does not
    // inline a method of another assembly that is not marked non-versionable, so RunCold called
    // BitOperations for every rotate (sha256 1.4x slower than Run). The JIT makes one rol/ror of
    // these shapes (C# masks the shift counts, so a count of 0 or 32 is exact too).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Rotl32(uint value, int count) => (value << count) | (value >> (32 - count));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Rotr32(uint value, int count) => (value >> count) | (value << (32 - count));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Rotl64(ulong value, int count) => (value << count) | (value >> (64 - count));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Rotr64(ulong value, int count) => (value >> count) | (value << (64 - count));

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
    /// <summary>RunCold only: back-edges and calls left before it looks whether Run is ready.</summary>
    public int ColdBudget;
    /// <summary>
    /// RunCold only: where a back-edge goes when the budget is spent (one <see cref="Op.LeaveCold"/>).
    /// Here, not read from a static: ReadyToRun code reaches a static through a helper call, which
    /// put a call on the cold path of each of the 66 branch sites.
    /// </summary>
    public int* LeaveColdCode;
    /// <summary>Where Run goes on from RunCold (set with <see cref="ResumeFp"/>, which is null until then).</summary>
    public int* ResumeIp;
    /// <summary>The frame Run goes on with; null while RunCold has not left for Run.</summary>
    public ulong* ResumeFp;
}
