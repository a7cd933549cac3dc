using Microwasm.Binary;
using Microwasm.Model;

namespace Microwasm.Validation;

/// <summary>
/// Checks only the binary shape of function bodies: known opcodes, well-formed immediates,
/// properly nested blocks. The specification decodes a whole module before it validates any of
/// it, so a malformed body must win over a validation error found earlier in the module; the
/// validator reads instructions as it checks them and would otherwise report the wrong kind.
/// Runs only after a validation error, so the valid path never pays for it.
/// </summary>
internal static class InstructionScanner
{
    /// <summary>Throws <see cref="WasmDecodeException"/> if any body of <paramref name="module"/> is malformed.</summary>
    public static void CheckBodies(Module module)
    {
        var nesting = new Stack<Opcode>();
        foreach (var body in module.Codes)
        {
            nesting.Clear();
            CheckBody(body, nesting);
        }
    }

    private static void CheckBody(FunctionBody body, Stack<Opcode> nesting)
    {
        var reader = new WasmReader(body.Code.Span, body.CodeOffset);
        while (true)
        {
            var start = reader.Position;
            var op = (Opcode)reader.ReadByte();
            switch (op)
            {
                case Opcode.Unreachable or Opcode.Nop or Opcode.Return or Opcode.Drop or Opcode.Select or Opcode.RefIsNull:
                case >= Opcode.I32Eqz and <= Opcode.I64Extend32S:
                    break;
                case Opcode.Block or Opcode.Loop or Opcode.If:
                    SkipBlockType(ref reader);
                    nesting.Push(op);
                    break;
                case Opcode.Else:
                    if (nesting.Count == 0 || nesting.Pop() != Opcode.If)
                    {
                        throw reader.ErrorAt(start, "else without a matching if");
                    }
                    nesting.Push(Opcode.Else);
                    break;
                case Opcode.End:
                    if (nesting.Count == 0)
                    {
                        if (!reader.AtEnd)
                        {
                            throw reader.Error("operators remaining after the end of the function");
                        }
                        return;
                    }
                    nesting.Pop();
                    break;
                case Opcode.Br or Opcode.BrIf or Opcode.Call:
                case >= Opcode.LocalGet and <= Opcode.TableSet:
                case Opcode.RefFunc:
                    reader.ReadVarU32();
                    break;
                case Opcode.BrTable:
                    for (var n = reader.ReadVarU32(); n > 0; n--)
                    {
                        reader.ReadVarU32();
                    }
                    reader.ReadVarU32();
                    break;
                case Opcode.CallIndirect:
                case >= Opcode.I32Load and <= Opcode.I64Store32:
                    reader.ReadVarU32();
                    reader.ReadVarU32();
                    break;
                case Opcode.SelectTyped:
                    for (var n = reader.ReadVarU32(); n > 0; n--)
                    {
                        if (!ValueTypes.IsValueType(reader.ReadByte()))
                        {
                            throw reader.ErrorAt(reader.Position - 1, "malformed value type");
                        }
                    }
                    break;
                case Opcode.MemorySize or Opcode.MemoryGrow:
                    SkipZeroByte(ref reader);
                    break;
                case Opcode.I32Const:
                    reader.ReadVarS32();
                    break;
                case Opcode.I64Const:
                    reader.ReadVarS64();
                    break;
                case Opcode.F32Const:
                    reader.ReadBytes(4);
                    break;
                case Opcode.F64Const:
                    reader.ReadBytes(8);
                    break;
                case Opcode.RefNull:
                    FunctionValidator.ReadReferenceType(ref reader);
                    break;
                case Opcode.PrefixFC:
                    SkipPrefixed(ref reader, start);
                    break;
                case Opcode.PrefixSimd:
                    SkipSimd(ref reader, start);
                    break;
                default:
                    throw reader.ErrorAt(start, $"illegal opcode 0x{(byte)op:X2}");
            }
        }
    }

    private static void SkipPrefixed(ref WasmReader reader, int start)
    {
        var op = (PrefixedOpcode)reader.ReadVarU32();
        switch (op)
        {
            case <= PrefixedOpcode.I64TruncSatF64U:
                break;
            case PrefixedOpcode.MemoryInit:
                reader.ReadVarU32();
                SkipZeroByte(ref reader);
                break;
            case PrefixedOpcode.MemoryCopy:
                SkipZeroByte(ref reader);
                SkipZeroByte(ref reader);
                break;
            case PrefixedOpcode.MemoryFill:
                SkipZeroByte(ref reader);
                break;
            case PrefixedOpcode.TableInit or PrefixedOpcode.TableCopy:
                reader.ReadVarU32();
                reader.ReadVarU32();
                break;
            case PrefixedOpcode.DataDrop or PrefixedOpcode.ElemDrop or PrefixedOpcode.TableGrow
                or PrefixedOpcode.TableSize or PrefixedOpcode.TableFill:
                reader.ReadVarU32();
                break;
            default:
                throw reader.ErrorAt(start, $"illegal opcode 0xFC {(uint)op}");
        }
    }

    private static void SkipSimd(ref WasmReader reader, int start)
    {
        var op = reader.ReadVarU32();
        switch (SimdImmediates.Of(op))
        {
            case SimdImmediate.None:
                break;
            case SimdImmediate.MemArg:
                reader.ReadVarU32();
                reader.ReadVarU32();
                break;
            case SimdImmediate.MemArgLane:
                reader.ReadVarU32();
                reader.ReadVarU32();
                reader.ReadByte();
                break;
            case SimdImmediate.Lane:
                reader.ReadByte();
                break;
            case SimdImmediate.Bytes16:
                reader.ReadBytes(16);
                break;
            default:
                throw reader.ErrorAt(start, $"illegal opcode 0xFD {op}");
        }
    }

    private static void SkipBlockType(ref WasmReader reader)
    {
        var b = reader.PeekByte();
        if (b == 0x40 || ValueTypes.IsValueType(b))
        {
            reader.ReadByte();
            return;
        }
        var start = reader.Position;
        if (reader.ReadVarS33() < 0)
        {
            throw reader.ErrorAt(start, "malformed block type");
        }
    }

    private static void SkipZeroByte(ref WasmReader reader)
    {
        if (reader.ReadByte() != 0)
        {
            throw reader.ErrorAt(reader.Position - 1, "zero byte expected");
        }
    }
}
