using System.Buffers.Binary;
using Microwasm.Binary;
using Microwasm.Model;

namespace Microwasm.Runtime;

/// <summary>
/// Evaluates constant expressions (global initialisers, segment offsets, element items) during
/// instantiation. The validator has already checked each expression's instructions and type, so
/// this only computes: an instruction it does not know means the validator and this evaluator
/// disagree, which is reported as an internal error rather than a trap.
/// </summary>
/// <remarks>
/// Besides the WebAssembly 2.0 constant instructions this accepts <c>i32/i64.add/sub/mul</c> of
/// the extended-constant-expressions proposal and <c>global.get</c> of any earlier global, since
/// both cost nothing here and the validator decides which forms a module may use.
/// </remarks>
internal static class ConstantEvaluator
{
    /// <summary>
    /// Evaluates <paramref name="expression"/> in <paramref name="instance"/>: <c>global.get</c> reads
    /// <see cref="Instance.Globals"/> (so globals must be filled in index order) and <c>ref.func</c>
    /// yields the function's handle in the instance's store.
    /// </summary>
    /// <returns>The value in the engines' slot format; <c>High</c> is only used by v128.</returns>
    public static (ulong Value, ulong High) Evaluate(ConstantExpression expression, Instance instance)
    {
        var code = expression.Code.Span;
        var reader = new WasmReader(code, expression.Offset);
        // Every instruction is at least one byte, so the code length bounds the stack depth.
        var values = new ulong[code.Length];
        var highs = new ulong[code.Length];
        var sp = 0;
        while (true)
        {
            var instruction = InstructionReader.Read(ref reader);
            var op = instruction.Opcode;
            switch (op)
            {
                case Opcode.End:
                    if (sp != 1)
                    {
                        throw Internal(expression, $"leaves {sp} values");
                    }
                    return (values[0], highs[0]);
                case Opcode.I32Const:
                    highs[sp] = 0;
                    values[sp++] = (uint)instruction.I32;
                    break;
                case Opcode.I64Const:
                    highs[sp] = 0;
                    values[sp++] = (ulong)instruction.I64;
                    break;
                case Opcode.F32Const:
                    highs[sp] = 0;
                    values[sp++] = instruction.F32Bits;
                    break;
                case Opcode.F64Const:
                    highs[sp] = 0;
                    values[sp++] = instruction.F64Bits;
                    break;
                case Opcode.RefNull:
                    highs[sp] = 0;
                    values[sp++] = 0;
                    break;
                case Opcode.RefFunc:
                {
                    var index = instruction.Index;
                    highs[sp] = 0;
                    values[sp++] = instance.Store.HandleOf(instance.Functions[index]);
                    break;
                }
                case Opcode.GlobalGet:
                {
                    var global = instance.Globals[instruction.Index];
                    highs[sp] = global.High;
                    values[sp++] = global.Value;
                    break;
                }
                case Opcode.I32Add:
                    sp--;
                    values[sp - 1] = (uint)values[sp - 1] + (uint)values[sp];
                    break;
                case Opcode.I32Sub:
                    sp--;
                    values[sp - 1] = (uint)values[sp - 1] - (uint)values[sp];
                    break;
                case Opcode.I32Mul:
                    sp--;
                    values[sp - 1] = (uint)values[sp - 1] * (uint)values[sp];
                    break;
                case Opcode.I64Add:
                    sp--;
                    values[sp - 1] += values[sp];
                    break;
                case Opcode.I64Sub:
                    sp--;
                    values[sp - 1] -= values[sp];
                    break;
                case Opcode.I64Mul:
                    sp--;
                    values[sp - 1] *= values[sp];
                    break;
                case Opcode.PrefixSimd:
                {
                    // v128.const is the only SIMD constant instruction
                    if (instruction.SimdOpcode != SimdOpcode.V128Const)
                    {
                        throw Internal(expression, $"0xFD {instruction.SubOpcode} is not a constant instruction");
                    }
                    var bytes = InstructionReader.Bytes16(in reader, instruction);
                    values[sp] = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
                    highs[sp++] = BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]);
                    break;
                }
                default:
                    throw Internal(expression, $"opcode 0x{(byte)op:X2} is not a constant instruction");
            }
        }
    }

    /// <summary>Evaluates an i32 offset expression (of an active segment).</summary>
    public static uint EvaluateOffset(ConstantExpression expression, Instance instance) =>
        (uint)Evaluate(expression, instance).Value;

    private static InvalidOperationException Internal(ConstantExpression expression, string what) =>
        new($"constant expression at byte 0x{expression.Offset:X} {what}; it should not have passed validation");
}
