using System.Buffers.Binary;
using System.Reflection;
using System.Reflection.Emit;
using Microwasm.Binary;
using Microwasm.Model;
using Microwasm.Runtime;
using Microwasm.Validation;

namespace Microwasm.Compiler;

/// <summary>
/// The SIMD instructions (0xFD): each is a call of the method named after it in
/// <see cref="CompiledSimd"/> or else <see cref="SimdOps"/> — the interpreter's own semantics, all
/// <c>AggressiveInlining</c>, so RyuJIT turns them into the same Vector128 code inline and the
/// operands stay in XMM registers. The emitter only arranges the operands: immediates (lane,
/// shuffle pattern, constant) become constants after the vector operands, memory forms get the
/// checked native address first.
/// </summary>
internal sealed partial class FunctionCompiler
{
    private static readonly MethodInfo?[] s_simdMethods = CreateSimdMethods();

    /// <summary>True if the compiler emits <paramref name="op"/> (every SIMD instruction the validator accepts).</summary>
    public static bool CompilesSimd(SimdOpcode op) => (uint)op < (uint)s_simdMethods.Length && s_simdMethods[(int)op] is not null;

    private static MethodInfo?[] CreateSimdMethods()
    {
        var methods = new MethodInfo?[256];
        for (var op = 0; op < methods.Length; op++)
        {
            var signature = SimdSignatures.Get((SimdOpcode)op);
            if (!signature.IsDefined)
            {
                continue;
            }
            var name = ((SimdOpcode)op).ToString();
            methods[op] = op switch
            {
                (int)SimdOpcode.V128Const => typeof(CompiledSimd).GetMethod(nameof(CompiledSimd.Constant)),
                _ => typeof(CompiledSimd).GetMethod(name, BindingFlags.Public | BindingFlags.Static)
                    ?? typeof(SimdOps).GetMethod(name, BindingFlags.Public | BindingFlags.Static),
            };
        }
        return methods;
    }

    private void Simd(in WasmReader reader, Instruction instruction)
    {
        var il = _il;
        var op = instruction.SimdOpcode;
        var signature = SimdSignatures.Get(op);
        var method = CompilesSimd(op) ? s_simdMethods[(int)op]! : throw new NotSupportedException($"SIMD opcode 0x{(uint)op:X2} is not compiled");
        switch (signature.Immediate)
        {
            case SimdImmediate.MemArg:
                if (signature.HasResult)
                {
                    // [address] -> method(byte*)
                    Pop();
                    EffectiveAddress(instruction.Memory.Offset, signature.AccessSize);
                }
                else
                {
                    // [address, value] -> method(byte*, value)
                    var value = SpillTop(1);
                    PopN(2);
                    EffectiveAddress(instruction.Memory.Offset, signature.AccessSize);
                    Reload(value);
                }
                break;

            case SimdImmediate.MemArgLane:
            {
                // [address, vector] -> method(byte*, vector, lane)
                var vector = SpillTop(1);
                PopN(2);
                EffectiveAddress(instruction.Memory.Offset, signature.AccessSize);
                Reload(vector);
                il.Emit(OpCodes.Ldc_I4, (int)instruction.Lane);
                break;
            }

            case SimdImmediate.Lane:
                if (signature.ParameterCount == 1)
                {
                    // [vector] -> method(vector, lane)
                    Pop();
                    il.Emit(OpCodes.Ldc_I4, (int)instruction.Lane);
                }
                else
                {
                    // [vector, scalar] -> method(vector, lane, scalar)
                    var scalar = SpillTop(1);
                    PopN(2);
                    il.Emit(OpCodes.Ldc_I4, (int)instruction.Lane);
                    Reload(scalar);
                }
                break;

            case SimdImmediate.Bytes16:
            {
                // v128.const: Constant(low, high); i8x16.shuffle: [a, b] -> method(a, b, Constant(low, high))
                var bytes = InstructionReader.Bytes16(in reader, instruction);
                PopN(signature.ParameterCount);
                il.Emit(OpCodes.Ldc_I8, BinaryPrimitives.ReadInt64LittleEndian(bytes));
                il.Emit(OpCodes.Ldc_I8, BinaryPrimitives.ReadInt64LittleEndian(bytes[8..]));
                if (op != SimdOpcode.V128Const)
                {
                    il.Emit(OpCodes.Call, s_simdConstant);
                }
                break;
            }

            default:
                PopN(signature.ParameterCount);
                break;
        }
        il.Emit(OpCodes.Call, method);
        if (signature.HasResult)
        {
            Push(signature.Result);
        }
    }

    /// <summary>True for the SIMD instructions that read or write memory (the function then caches its memory).</summary>
    private static bool IsSimdMemoryAccess(Instruction instruction) =>
        instruction.Opcode == Opcode.PrefixSimd && SimdSignatures.Get(instruction.SimdOpcode).IsMemoryAccess;

    private static readonly MethodInfo s_simdConstant = typeof(CompiledSimd).GetMethod(nameof(CompiledSimd.Constant))!;
    private static readonly MethodInfo s_v128GlobalGet = typeof(CompiledSimd).GetMethod(nameof(CompiledSimd.GlobalGet))!;
    private static readonly MethodInfo s_v128GlobalSet = typeof(CompiledSimd).GetMethod(nameof(CompiledSimd.GlobalSet))!;
}
