namespace Microwasm.Runtime;

/// <summary>Why execution trapped. The spec harness compares kinds, not message text.</summary>
public enum TrapKind
{
    Unreachable,
    IntegerOverflow,
    IntegerDivideByZero,
    InvalidConversionToInteger,
    OutOfBoundsMemoryAccess,
    OutOfBoundsTableAccess,
    IndirectCallTypeMismatch,
    UninitializedElement,
    UndefinedElement,
    NullReference,
    CallStackExhausted,
    OutOfBoundsDataSegmentAccess,
    OutOfBoundsElementSegmentAccess,
    /// <summary>A host function asked to trap, or an embedder-defined condition (fuel, deadline).</summary>
    Host,
    /// <summary>The embedder stopped the code with <see cref="ExecutionEnvironment.RequestInterrupt"/> (a timeout, say).</summary>
    Interrupted,
}

/// <summary>A WebAssembly trap: execution stopped with a <see cref="TrapKind"/>.</summary>
public sealed class WasmTrap : WasmException
{
    public WasmTrap(TrapKind kind, string? message = null, Exception? inner = null)
        : base(message ?? DefaultMessage(kind), inner)
    {
        Kind = kind;
    }

    public TrapKind Kind { get; }

    /// <summary>The wasm call stack at the trap, innermost first ("module!function" or "func[N]"), once known.</summary>
    public IReadOnlyList<string> WasmStack { get; set; } = [];

    /// <summary>The message the specification's test suite uses for this kind.</summary>
    public static string DefaultMessage(TrapKind kind) => kind switch
    {
        TrapKind.Unreachable => "unreachable",
        TrapKind.IntegerOverflow => "integer overflow",
        TrapKind.IntegerDivideByZero => "integer divide by zero",
        TrapKind.InvalidConversionToInteger => "invalid conversion to integer",
        TrapKind.OutOfBoundsMemoryAccess => "out of bounds memory access",
        TrapKind.OutOfBoundsTableAccess => "out of bounds table access",
        TrapKind.IndirectCallTypeMismatch => "indirect call type mismatch",
        TrapKind.UninitializedElement => "uninitialized element",
        TrapKind.UndefinedElement => "undefined element",
        TrapKind.NullReference => "null reference",
        TrapKind.CallStackExhausted => "call stack exhausted",
        TrapKind.OutOfBoundsDataSegmentAccess => "out of bounds memory access",
        TrapKind.OutOfBoundsElementSegmentAccess => "out of bounds table access",
        TrapKind.Interrupted => "execution interrupted",
        _ => "host trap",
    };

    /// <summary>The message followed by the wasm stack, one frame a line.</summary>
    public override string ToString() =>
        WasmStack.Count == 0 ? Message : Message + Environment.NewLine + string.Join(Environment.NewLine, WasmStack.Select(f => "    at " + f));
}
