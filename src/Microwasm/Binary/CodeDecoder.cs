using Microwasm.Model;

namespace Microwasm.Binary;

/// <summary>
/// The structural pass over an expression: checks that every opcode is a WebAssembly 2.0 opcode,
/// that every immediate is well formed, and that blocks nest, and finds the <c>end</c> that closes
/// the expression. It does not type anything: that is the validator's job.
/// </summary>
/// <remarks>
/// One instance is reused for every expression of a module, so the block stack is allocated once
/// per module rather than once per function.
/// </remarks>
internal sealed class CodeDecoder
{
    private const byte FrameBlock = 0;
    private const byte FrameIf = 1;

    // The kind of each open block, so that `else` is accepted only directly inside an `if`
    // that has not had its `else` yet. Grows with the deepest nesting seen.
    private byte[] _frames = new byte[16];

    /// <summary>
    /// Reads instructions from <paramref name="reader"/> through the <c>end</c> that closes the
    /// expression, leaving the reader just after it.
    /// </summary>
    /// <param name="reader">Positioned at the expression's first instruction.</param>
    /// <param name="endMissingMessage">The error when the bytes run out before that <c>end</c>.</param>
    public void SkipExpression(ref WasmReader reader, string endMissingMessage)
    {
        var depth = 0;
        while (true)
        {
            if (reader.AtEnd)
            {
                throw reader.Error(endMissingMessage);
            }
            var start = reader.Position;
            var op = reader.ReadByte();
            switch (op)
            {
                case (byte)Opcode.Block:
                case (byte)Opcode.Loop:
                    Immediates.ReadBlockType(ref reader);
                    Push(ref depth, FrameBlock);
                    break;
                case (byte)Opcode.If:
                    Immediates.ReadBlockType(ref reader);
                    Push(ref depth, FrameIf);
                    break;
                case (byte)Opcode.Else:
                    if (depth == 0 || _frames[depth - 1] != FrameIf)
                    {
                        // The binary grammar only has `else` between the two arms of an `if`;
                        // anywhere else the enclosing block must end here.
                        throw reader.ErrorAt(start, "END opcode expected");
                    }
                    _frames[depth - 1] = FrameBlock;
                    break;
                case (byte)Opcode.End:
                    if (depth == 0)
                    {
                        return;
                    }
                    depth--;
                    break;

                case (byte)Opcode.Unreachable:
                case (byte)Opcode.Nop:
                case (byte)Opcode.Return:
                case (byte)Opcode.Drop:
                case (byte)Opcode.Select:
                case >= (byte)Opcode.I32Eqz and <= (byte)Opcode.I64Extend32S:
                case (byte)Opcode.RefIsNull:
                    break;

                case (byte)Opcode.Br:
                case (byte)Opcode.BrIf:
                case (byte)Opcode.Call:
                case (byte)Opcode.LocalGet:
                case (byte)Opcode.LocalSet:
                case (byte)Opcode.LocalTee:
                case (byte)Opcode.GlobalGet:
                case (byte)Opcode.GlobalSet:
                case (byte)Opcode.TableGet:
                case (byte)Opcode.TableSet:
                case (byte)Opcode.RefFunc:
                    reader.ReadVarU32();
                    break;

                case (byte)Opcode.BrTable:
                {
                    var count = reader.ReadVarU32();
                    // each label takes at least one byte: this bounds the loop by the input size
                    if (count > (uint)reader.Remaining)
                    {
                        throw reader.Error("length out of bounds");
                    }
                    for (var i = 0u; i <= count; i++)
                    {
                        reader.ReadVarU32();
                    }
                    break;
                }

                case (byte)Opcode.CallIndirect:
                    reader.ReadVarU32();
                    reader.ReadVarU32();
                    break;

                case (byte)Opcode.SelectTyped:
                {
                    var count = reader.ReadVarU32();
                    if (count > (uint)reader.Remaining)
                    {
                        throw reader.Error("length out of bounds");
                    }
                    for (var i = 0u; i < count; i++)
                    {
                        ModuleReader.ReadValueType(ref reader);
                    }
                    break;
                }

                case >= (byte)Opcode.I32Load and <= (byte)Opcode.I64Store32:
                    Immediates.ReadMemoryArgument(ref reader);
                    break;

                case (byte)Opcode.MemorySize:
                case (byte)Opcode.MemoryGrow:
                    Immediates.ReadReservedZero(ref reader);
                    break;

                case (byte)Opcode.I32Const:
                    reader.ReadVarS32();
                    break;
                case (byte)Opcode.I64Const:
                    reader.ReadVarS64();
                    break;
                case (byte)Opcode.F32Const:
                    reader.ReadBytes(4);
                    break;
                case (byte)Opcode.F64Const:
                    reader.ReadBytes(8);
                    break;

                case (byte)Opcode.RefNull:
                    ModuleReader.ReadReferenceType(ref reader);
                    break;

                case (byte)Opcode.PrefixFC:
                    SkipPrefixedFC(ref reader, start);
                    break;
                case (byte)Opcode.PrefixSimd:
                    SkipPrefixedSimd(ref reader, start);
                    break;

                default:
                    // includes return_call and return_call_indirect: tail calls are not in 2.0
                    throw reader.ErrorAt(start, "illegal opcode");
            }
        }
    }

    private void Push(ref int depth, byte kind)
    {
        if (depth == _frames.Length)
        {
            // nesting depth is bounded by the expression's length, as each block costs bytes
            Array.Resize(ref _frames, _frames.Length * 2);
        }
        _frames[depth++] = kind;
    }

    private void SkipPrefixedFC(ref WasmReader reader, int start)
    {
        var sub = reader.ReadVarU32();
        switch (sub)
        {
            case <= (uint)PrefixedOpcode.I64TruncSatF64U:
                break;
            case (uint)PrefixedOpcode.MemoryInit:
                reader.ReadVarU32();
                Immediates.ReadReservedZero(ref reader);
                break;
            case (uint)PrefixedOpcode.DataDrop:
                reader.ReadVarU32();
                break;
            case (uint)PrefixedOpcode.MemoryCopy:
                Immediates.ReadReservedZero(ref reader);
                Immediates.ReadReservedZero(ref reader);
                break;
            case (uint)PrefixedOpcode.MemoryFill:
                Immediates.ReadReservedZero(ref reader);
                break;
            case (uint)PrefixedOpcode.TableInit:
            case (uint)PrefixedOpcode.TableCopy:
                reader.ReadVarU32();
                reader.ReadVarU32();
                break;
            case (uint)PrefixedOpcode.ElemDrop:
            case (uint)PrefixedOpcode.TableGrow:
            case (uint)PrefixedOpcode.TableSize:
            case (uint)PrefixedOpcode.TableFill:
                reader.ReadVarU32();
                break;
            default:
                throw reader.ErrorAt(start, "illegal opcode");
        }
    }

    private static void SkipPrefixedSimd(ref WasmReader reader, int start)
    {
        var sub = reader.ReadVarU32();
        switch (SimdImmediates.Of(sub))
        {
            case SimdImmediate.None:
                break;
            case SimdImmediate.MemArg:
                Immediates.ReadMemoryArgument(ref reader);
                break;
            case SimdImmediate.MemArgLane:
                Immediates.ReadMemoryArgument(ref reader);
                reader.ReadByte();
                break;
            case SimdImmediate.Lane:
                reader.ReadByte();
                break;
            case SimdImmediate.Bytes16:
                reader.ReadBytes(16);
                break;
            default:
                throw reader.ErrorAt(start, "illegal opcode");
        }
    }
}
