using System.Runtime.CompilerServices;
using Microwasm.Model;

namespace Microwasm.Validation;

/// <summary>
/// The operand and result types of the numeric instructions (<c>i32.eqz</c> to <c>i64.extend32_s</c>):
/// one table, which the validator checks against and the translator types its stack by.
/// </summary>
internal static class NumericShapes
{
    private static readonly NumericShape[] Shapes = Create();

    /// <summary>The shape of numeric instruction <paramref name="op"/>, which must be in the numeric range.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static NumericShape Of(Opcode op) => Shapes[op - Opcode.I32Eqz];

    private static NumericShape[] Create()
    {
        const ValueType None = 0;
        const ValueType I32 = ValueType.I32, I64 = ValueType.I64, F32 = ValueType.F32, F64 = ValueType.F64;
        var shapes = new NumericShape[Opcode.I64Extend32S - Opcode.I32Eqz + 1];

        void Set(Opcode first, Opcode last, ValueType left, ValueType right, ValueType result)
        {
            for (var op = first; op <= last; op++)
            {
                shapes[op - Opcode.I32Eqz] = new NumericShape(left, right, result);
            }
        }

        Set(Opcode.I32Eqz, Opcode.I32Eqz, I32, None, I32);
        Set(Opcode.I32Eq, Opcode.I32GeU, I32, I32, I32);
        Set(Opcode.I64Eqz, Opcode.I64Eqz, I64, None, I32);
        Set(Opcode.I64Eq, Opcode.I64GeU, I64, I64, I32);
        Set(Opcode.F32Eq, Opcode.F32Ge, F32, F32, I32);
        Set(Opcode.F64Eq, Opcode.F64Ge, F64, F64, I32);
        Set(Opcode.I32Clz, Opcode.I32Popcnt, I32, None, I32);
        Set(Opcode.I32Add, Opcode.I32Rotr, I32, I32, I32);
        Set(Opcode.I64Clz, Opcode.I64Popcnt, I64, None, I64);
        Set(Opcode.I64Add, Opcode.I64Rotr, I64, I64, I64);
        Set(Opcode.F32Abs, Opcode.F32Sqrt, F32, None, F32);
        Set(Opcode.F32Add, Opcode.F32Copysign, F32, F32, F32);
        Set(Opcode.F64Abs, Opcode.F64Sqrt, F64, None, F64);
        Set(Opcode.F64Add, Opcode.F64Copysign, F64, F64, F64);
        Set(Opcode.I32WrapI64, Opcode.I32WrapI64, I64, None, I32);
        Set(Opcode.I32TruncF32S, Opcode.I32TruncF32U, F32, None, I32);
        Set(Opcode.I32TruncF64S, Opcode.I32TruncF64U, F64, None, I32);
        Set(Opcode.I64ExtendI32S, Opcode.I64ExtendI32U, I32, None, I64);
        Set(Opcode.I64TruncF32S, Opcode.I64TruncF32U, F32, None, I64);
        Set(Opcode.I64TruncF64S, Opcode.I64TruncF64U, F64, None, I64);
        Set(Opcode.F32ConvertI32S, Opcode.F32ConvertI32U, I32, None, F32);
        Set(Opcode.F32ConvertI64S, Opcode.F32ConvertI64U, I64, None, F32);
        Set(Opcode.F32DemoteF64, Opcode.F32DemoteF64, F64, None, F32);
        Set(Opcode.F64ConvertI32S, Opcode.F64ConvertI32U, I32, None, F64);
        Set(Opcode.F64ConvertI64S, Opcode.F64ConvertI64U, I64, None, F64);
        Set(Opcode.F64PromoteF32, Opcode.F64PromoteF32, F32, None, F64);
        Set(Opcode.I32ReinterpretF32, Opcode.I32ReinterpretF32, F32, None, I32);
        Set(Opcode.I64ReinterpretF64, Opcode.I64ReinterpretF64, F64, None, I64);
        Set(Opcode.F32ReinterpretI32, Opcode.F32ReinterpretI32, I32, None, F32);
        Set(Opcode.F64ReinterpretI64, Opcode.F64ReinterpretI64, I64, None, F64);
        Set(Opcode.I32Extend8S, Opcode.I32Extend16S, I32, None, I32);
        Set(Opcode.I64Extend8S, Opcode.I64Extend32S, I64, None, I64);
        return shapes;
    }
}

/// <summary>The operand and result types of a numeric instruction; <see cref="Right"/> is 0 (no type) for unary ones.</summary>
internal readonly record struct NumericShape(ValueType Left, ValueType Right, ValueType Result)
{
    public bool IsUnary => Right == 0;
}
