using Microwasm.Binary;
using Microwasm.Model;

namespace Microwasm.Validation;

/// <summary>
/// The 0xFD-prefixed (SIMD) instructions. Their typing is data (<see cref="SimdSignatures"/>),
/// so one routine checks all 236 of them: immediates first, as the spec's rules read them,
/// then the operands and the result.
/// </summary>
internal sealed partial class FunctionValidator
{
    private void ValidateSimd(in WasmReader reader, Instruction instruction)
    {
        // the instruction reader has rejected the numbers that are not SIMD opcodes
        var signature = SimdSignatures.Get(instruction.SimdOpcode);
        switch (signature.Immediate)
        {
            case SimdImmediate.MemArg:
                CheckMemoryArgument(instruction.Memory.Alignment, signature.MaxAlignmentLog2);
                break;

            case SimdImmediate.MemArgLane:
                CheckMemoryArgument(instruction.Memory.Alignment, signature.MaxAlignmentLog2);
                CheckLane(instruction.Lane, signature.LaneCount);
                break;

            case SimdImmediate.Lane:
                CheckLane(instruction.Lane, signature.LaneCount);
                break;

            case SimdImmediate.Bytes16:
                // v128.const takes any 16 bytes; the shuffle's are lane indices into both operands
                if (signature.LaneCount != 0)
                {
                    foreach (var lane in InstructionReader.Bytes16(in reader, instruction))
                    {
                        CheckLane(lane, signature.LaneCount);
                    }
                }
                break;
        }

        for (var i = signature.ParameterCount - 1; i >= 0; i--)
        {
            Pop(signature.GetParameter(i));
        }
        if (signature.HasResult)
        {
            Push(signature.Result);
        }
    }

    private void CheckLane(byte lane, int laneCount)
    {
        if (lane >= laneCount)
        {
            throw Error($"invalid lane index {lane}: the instruction has {laneCount} lanes");
        }
    }
}
