using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microwasm.Interpreter;

namespace Microwasm.Runtime;

/// <summary>The interpreter's stacks: one value stack of slots and one frame stack, shared by nested entries.</summary>
public sealed unsafe partial class ExecutionEnvironment
{
    // Pinned, so frames are addressed by raw pointers for the context's lifetime.
    private ulong[]? _valueStack;

    /// <summary>First slot of the value stack.</summary>
    internal ulong* StackBase;

    /// <summary>One past the last slot of the value stack.</summary>
    internal ulong* StackEnd;

    /// <summary>The first free slot: where the next entry into the interpreter puts its frame.</summary>
    internal ulong* StackTop;

    /// <summary>Active interpreted frames of all nested entries; <see cref="FrameTop"/> is the innermost.</summary>
    internal InterpreterFrame[] Frames = [];

    /// <summary>Index of the innermost active frame in <see cref="Frames"/>; -1 when none.</summary>
    internal int FrameTop = -1;

    /// <summary>The last trap whose wasm stack the interpreter recorded, so nested entries record it once.</summary>
    internal WasmTrap? RecordedTrap;

    /// <summary>Allocates the interpreter's stacks on first use.</summary>
    internal void EnsureInterpreterStacks()
    {
        if (_valueStack is not null)
        {
            return;
        }
        var slots = Math.Max(Store.Options.ValueStackSlots, 1024);
        _valueStack = GC.AllocateArray<ulong>(slots, pinned: true);
        StackBase = (ulong*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_valueStack));
        StackEnd = StackBase + slots;
        StackTop = StackBase;
        Frames = new InterpreterFrame[256];
    }

    /// <summary>Doubles the frame stack; the interpreter reloads <see cref="Frames"/> after calling this.</summary>
    internal InterpreterFrame[] GrowFrames()
    {
        var frames = Frames;
        Array.Resize(ref frames, frames.Length * 2);
        Frames = frames;
        return frames;
    }
}
