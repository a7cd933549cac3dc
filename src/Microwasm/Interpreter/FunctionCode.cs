using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Microwasm.Interpreter;

/// <summary>The translated code of one defined function and the shape of its frame.</summary>
internal sealed unsafe class FunctionCode
{
    // Kept so the pinned array lives as long as the pointer into it.
    private readonly int[] _code;

    public FunctionCode(ReadOnlySpan<int> code, int parameterSlots, int localSlots, int frameSlots)
    {
        // The pinned object heap never moves the array, so the loop can hold raw pointers into it
        // across calls without a fixed statement per frame.
        _code = GC.AllocateUninitializedArray<int>(code.Length, pinned: true);
        code.CopyTo(_code);
        Entry = (int*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_code));
        ParameterSlots = parameterSlots;
        LocalSlots = localSlots;
        FrameSlots = frameSlots;
    }

    /// <summary>The first instruction.</summary>
    public readonly int* Entry;

    /// <summary>Slots the parameters occupy at the start of the frame.</summary>
    public readonly int ParameterSlots;

    /// <summary>Slots of all locals (parameters, declared locals, scratch); the operand stack starts here.</summary>
    public readonly int LocalSlots;

    /// <summary>Slots the frame needs at most: locals and the deepest operand stack.</summary>
    public readonly int FrameSlots;

    /// <summary>The internal code, for tests and disassembly.</summary>
    public ReadOnlySpan<int> Code => _code;
}
