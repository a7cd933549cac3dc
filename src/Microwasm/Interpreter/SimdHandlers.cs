using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Microwasm.Runtime;

namespace Microwasm.Interpreter;

/// <summary>
/// The execution of <see cref="Op.Simd"/>: one small method per SIMD instruction, called through
/// <see cref="Table"/> by its SIMD opcode. Operands: (d, SIMD opcode, ...), the rest as
/// <c>Translator.Simd</c> lays them out: loads (address, offset), stores (address, offset, value),
/// lane loads and stores (address, offset, vector, lane), extract_lane (a, lane), replace_lane
/// (a, b, lane), v128.const (4 words), shuffle (a, b, 4 words), the others (a[, b[, c]]).
/// Each handler returns the next instruction. The handlers and the table are generated into
/// SimdHandlers.g.cs from SimdHandlers.ops by tools/codegen/Interpreter.cs.
/// </summary>
/// <remarks>
/// One op in the main loop and a table of handlers rather than 236 ops: the main switch stays as
/// it is, and a SIMD instruction does enough work that one indirect call is cheap next to it. A
/// single method with a switch over all 236 was measured first: its frame held hundreds of
/// vector temporaries, and zeroing them (then, without zeroing, saving and probing the frame) on
/// every call made SIMD code slower than the same C compiled without SIMD. Small handlers have
/// small frames. Every operand is read before the destination is written, since the destination
/// may be an operand's slot.
/// </remarks>
[SkipLocalsInit]
internal static unsafe partial class SimdHandlers
{
    /// <summary>The handler of each SIMD opcode (null for numbers that are not one; the validator rejects them).</summary>
    public static readonly delegate*<int*, ulong*, byte*, ulong, int*>[] Table = CreateTable();

    /// <summary>The effective address of a memory access (address slot at ip[3], offset at ip[4]), bounds-checked.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte* Address(ulong* fp, int* ip, int size, byte* memoryBase, ulong memoryLength)
    {
        var address = (ulong)(uint)fp[ip[3]] + (uint)ip[4];
        if (address + (uint)size > memoryLength)
        {
            OutOfBounds();
        }
        return memoryBase + address;
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void OutOfBounds() => throw new WasmTrap(TrapKind.OutOfBoundsMemoryAccess);
}
