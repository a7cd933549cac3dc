using System.Runtime.CompilerServices;

namespace Microwasm.Interpreter;

internal static unsafe partial class InterpreterLoop
{
    /// <summary>
    /// Sixteen bytes of code between RunCold1 and RunCold2 in the ReadyToRun image (methods are laid
    /// out in declaration order, and this file sorts between those two copies'): when the copies'
    /// size is 32 bytes past a multiple of 64, as it has been since the copies first shrank from
    /// 0x4EF0 to 0x4EE0 bytes, four contiguous copies start at only two offsets of a line and none
    /// may start on one (the interpreter's geometric mean was 14.9 instead of 11.3); with this
    /// spacer they start at all four. ChooseColdLoop calls it, or crossgen would leave it out.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int ColdLoopSpacer() => 1;
}
