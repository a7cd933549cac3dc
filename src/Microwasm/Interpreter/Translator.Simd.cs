using System.Buffers.Binary;
using Microwasm.Binary;
using Microwasm.Model;
using Microwasm.Validation;

namespace Microwasm.Interpreter;

internal sealed partial class Translator
{
    /// <summary>
    /// Translates a 0xFD instruction into one <see cref="Op.Simd"/>: (d, SIMD opcode, operands),
    /// in the layouts <see cref="SimdHandlers"/> reads. The destination comes first, as for
    /// every instruction with a result, so a following <c>local.set</c> can retarget it; stores have
    /// no result and a dummy destination.
    /// </summary>
    private void Simd(in WasmReader reader, Instruction instruction)
    {
        var op = instruction.SimdOpcode;
        var signature = SimdSignatures.Get(op);
        switch (signature.Immediate)
        {
            case SimdImmediate.MemArg:
            {
                // the alignment is only a hint
                var offset = (int)instruction.Memory.Offset;
                if (signature.HasResult)
                {
                    var address = Pop();
                    EmitResult(Op.Simd, Push(ValueType.V128), (int)op, address, offset);
                }
                else
                {
                    var value = Pop();
                    var address = Pop();
                    Emit(Op.Simd, 0, (int)op, address, offset, value);
                }
                break;
            }

            case SimdImmediate.MemArgLane:
            {
                var offset = (int)instruction.Memory.Offset;
                var lane = (int)instruction.Lane;
                var vector = Pop();
                var address = Pop();
                if (signature.HasResult)
                {
                    EmitResult(Op.Simd, Push(ValueType.V128), (int)op, address, offset, vector, lane);
                }
                else
                {
                    Emit(Op.Simd, 0, (int)op, address, offset, vector, lane);
                }
                break;
            }

            case SimdImmediate.Lane:
            {
                var lane = (int)instruction.Lane;
                if (signature.ParameterCount == 1)
                {
                    var a = Pop();
                    EmitResult(Op.Simd, Push(signature.Result), (int)op, a, lane);
                }
                else
                {
                    var b = Pop();
                    var a = Pop();
                    EmitResult(Op.Simd, Push(ValueType.V128), (int)op, a, b, lane);
                }
                break;
            }

            case SimdImmediate.Bytes16:
            {
                // the 16 bytes travel as four little-endian words, read back as one vector
                var bytes = InstructionReader.Bytes16(in reader, instruction);
                var w0 = BinaryPrimitives.ReadInt32LittleEndian(bytes);
                var w1 = BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]);
                var w2 = BinaryPrimitives.ReadInt32LittleEndian(bytes[8..]);
                var w3 = BinaryPrimitives.ReadInt32LittleEndian(bytes[12..]);
                if (op == SimdOpcode.V128Const)
                {
                    EmitResult(Op.Simd, Push(ValueType.V128), (int)op, w0, w1, w2, w3);
                }
                else
                {
                    var b = Pop();
                    var a = Pop();
                    EmitResult(Op.Simd, Push(ValueType.V128), (int)op, a, b, w0, w1, w2, w3);
                }
                break;
            }

            default:
                switch (signature.ParameterCount)
                {
                    case 1:
                    {
                        var a = Pop();
                        EmitResult(Op.Simd, Push(signature.Result), (int)op, a);
                        break;
                    }
                    case 2:
                    {
                        var b = Pop();
                        var a = Pop();
                        EmitResult(Op.Simd, Push(signature.Result), (int)op, a, b);
                        break;
                    }
                    default:
                    {
                        var c = Pop();
                        var b = Pop();
                        var a = Pop();
                        EmitResult(Op.Simd, Push(signature.Result), (int)op, a, b, c);
                        break;
                    }
                }
                break;
        }
    }
}
