using Microwasm.Model;

namespace Microwasm.Binary;

/// <summary>
/// The structural pass over an expression: checks that every opcode is a WebAssembly 2.0 opcode,
/// that every immediate is well formed (both by reading each instruction with
/// <see cref="InstructionReader"/>), and that blocks nest, and finds the <c>end</c> that closes
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
            // every immediate is read (and checked) by the one instruction reader; only the
            // nesting is this pass's own
            switch (InstructionReader.Read(ref reader).Opcode)
            {
                case Opcode.Block:
                case Opcode.Loop:
                    Push(ref depth, FrameBlock);
                    break;
                case Opcode.If:
                    Push(ref depth, FrameIf);
                    break;
                case Opcode.Else:
                    if (depth == 0 || _frames[depth - 1] != FrameIf)
                    {
                        // The binary grammar only has `else` between the two arms of an `if`;
                        // anywhere else the enclosing block must end here.
                        throw reader.ErrorAt(start, "END opcode expected");
                    }
                    _frames[depth - 1] = FrameBlock;
                    break;
                case Opcode.End:
                    if (depth == 0)
                    {
                        return;
                    }
                    depth--;
                    break;
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
}
