using Microwasm.Compiler;
using Microwasm.Runtime;

namespace Microwasm.Interpreter;

/// <summary>Where the counters of code translated for tier-up start: calls of a function, and iterations of one of its loops.</summary>
internal readonly record struct TierCounters(int Calls, int Loops);

/// <summary>
/// The interpreter's side of tier-up (<see cref="TieredEngine"/>): the cold paths of
/// <see cref="Op.TierEntry"/>, <see cref="Op.TierLoop"/> and <see cref="Op.TierCall"/>, which
/// hand the current frame to compiled code. Each runs the compiled code as a call from the loop
/// into another engine (as InterpreterLoop's CallAny does), in place of the rest of the current
/// frame, whose results it leaves in the frame's first slots for the loop's Return.
/// </summary>
internal static unsafe class TierUp
{
    /// <summary>
    /// The function's call counter passed zero at its entry: promotes it if its compiled code is
    /// ready and runs that with the arguments in <paramref name="fp"/>. False to go on interpreting
    /// (the counter is reset to try again later, or never).
    /// </summary>
    public static bool OnHotEntry(ref LoopState s, int* ip, ulong* fp)
    {
        var function = s.Frames[s.FrameTop].Function;
        if (!function.Module.Tiered!.TryPromote(function, out var retry))
        {
            ip[1] = retry;
            return false;
        }
        // the code is shared by every instance of the module: the others promote at their next call
        ip[1] = 0;
        CallPromoted(ref s, fp);
        return true;
    }

    /// <summary>
    /// A loop's counter passed zero at its header: if the function's on-stack-replacement entry is
    /// ready, the rest of this call runs there, from this loop with the frame's locals. False to go on interpreting.
    /// </summary>
    public static bool OnHotLoop(ref LoopState s, int* ip, ulong* fp)
    {
        var function = s.Frames[s.FrameTop].Function;
        var tiered = function.Module.Tiered!;
        if (ip[3] != 0 && ip[4] == 0)
        {
            // Entering here would make the enclosing loops irreducible (entered in their middle),
            // which RyuJIT optimises poorly: once, go on to the enclosing loop's header, which
            // fires next time it is reached; if that takes another round of this loop, enter here.
            // The module's compilation starts now all the same.
            tiered.TryPromote(function, out _);
            ip[4] = 1;
            var parent = ip + ip[3];
            parent[1] = 0;
            ip[1] = tiered.Counters.Loops;
            return false;
        }
        var entry = tiered.GetOsrEntry(function.DefinedIndex, ip[2], out var retry);
        var loop = entry is null ? -1 : Array.IndexOf(entry.Loops, ip[2]);
        if (loop < 0 || !tiered.TryPromote(function, out retry))
        {
            ip[1] = entry is null ? retry : int.MaxValue;
            return false;
        }
        ip[1] = tiered.Counters.Loops;
        var code = function.Module.GetCode(function.DefinedIndex);
        var context = s.Context;
        var depth = s.Depth + s.FrameTop - s.FrameBase + 1;
        context.CallerInstance = s.Instance;
        context.StackTop = fp + code.FrameSlots;
        context.CallDepth = depth;
        // a nested entry puts its frames above this one's, which Return still needs
        context.FrameTop = s.FrameTop;
        // the compiled code names this function in a trap's wasm stack: the frame is left out of it
        s.FrameTop--;
        tiered.CountOsrEntry();
        try
        {
            entry!.Thunk(function.Instance, context, depth, fp, loop);
        }
        catch (WasmTrap trap) when (RecordFrames(trap, function))
        {
            // never entered: the filter adds the compiled frames to the wasm stack and declines
        }
        s.FrameTop++;
        s.Frames = context.Frames;
        return true;
    }

    /// <summary>Runs the compiled code of the promoted function whose frame is on top, with the arguments in <paramref name="fp"/>.</summary>
    public static void CallPromoted(ref LoopState s, ulong* fp)
    {
        var function = s.Frames[s.FrameTop].Function;
        var target = function.Promoted!;
        var span = Math.Max(target.ParameterSlots, target.ResultSlots);
        var context = s.Context;
        context.CallerInstance = s.Instance;
        context.StackTop = fp + span;
        // the depth of the frames below this one: the callee counts itself
        context.CallDepth = s.Depth + s.FrameTop - s.FrameBase;
        context.FrameTop = s.FrameTop;
        // the compiled function names itself in a trap's wasm stack: this frame is left out of it
        s.FrameTop--;
        target.Invoke(context, new Span<ulong>(fp, span));
        s.FrameTop++;
        s.Frames = context.Frames;
    }

    private static bool RecordFrames(WasmTrap trap, InterpretedFunction function)
    {
        if (function.Promoted is CompiledFunction compiled)
        {
            CompiledFrames.Record(trap, compiled);
        }
        return false;
    }
}
