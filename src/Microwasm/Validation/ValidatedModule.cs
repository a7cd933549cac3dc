using Microwasm.Model;

namespace Microwasm.Validation;

/// <summary>A module that passed validation, with per-function facts for the engines.</summary>
public sealed class ValidatedModule
{
    public ValidatedModule(Module module, FunctionFacts[] functions)
    {
        Module = module;
        Functions = functions;
    }

    public Module Module { get; }

    /// <summary>Facts for each function defined in the module (not imports), in code-section order.</summary>
    public FunctionFacts[] Functions { get; }
}

/// <summary>What validation proved about one function body.</summary>
public sealed class FunctionFacts
{
    public FunctionFacts(ValueType[] localTypes, int maxStackHeight, BlockFacts[] blocks)
    {
        LocalTypes = localTypes;
        MaxStackHeight = maxStackHeight;
        Blocks = blocks;
    }

    /// <summary>The type of every local: parameters first, then declared locals.</summary>
    public ValueType[] LocalTypes { get; }

    /// <summary>The largest number of values on the operand stack at any point (a v128 counts as one value).</summary>
    public int MaxStackHeight { get; }

    /// <summary>One entry per block, loop and if, in the order their opcodes appear in the body.</summary>
    public BlockFacts[] Blocks { get; }
}

/// <summary>A structured control instruction. Positions are relative to <see cref="FunctionBody.Code"/>.</summary>
/// <param name="Opcode">Block, Loop or If.</param>
/// <param name="Start">Position of the block/loop/if opcode.</param>
/// <param name="Else">Position of the matching else opcode, or -1.</param>
/// <param name="End">Position of the matching end opcode.</param>
/// <param name="Type">The block type resolved to a function type (parameters → results).</param>
public readonly record struct BlockFacts(Opcode Opcode, int Start, int Else, int End, FuncType Type);
