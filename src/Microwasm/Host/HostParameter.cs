namespace Microwasm.Host;

/// <summary>How a host delegate's parameter is filled from the wasm arguments.</summary>
internal enum HostParameterKind : byte
{
    /// <summary>The <see cref="Host.Caller"/> context; takes no wasm argument.</summary>
    Caller,

    /// <summary>An i32, i64, f32 or f64 taken as is.</summary>
    Number,

    /// <summary>Any wasm value as a <see cref="Runtime.WasmValue"/> (its type comes from the import).</summary>
    Value,

    /// <summary>An externref as the host object it refers to.</summary>
    ExternRef,

    /// <summary>WAMR's <c>*</c>: an i32 address checked for one byte; the span runs to the end of memory.</summary>
    Pointer,

    /// <summary>WAMR's <c>*~</c>: an i32 address and the i32 length after it, checked together.</summary>
    PointerWithLength,

    /// <summary>WAMR's <c>$</c>: an i32 address of a NUL-terminated string that must end inside memory.</summary>
    String,
}

/// <summary>One parameter of a bound host delegate: where its wasm argument is and how to convert it.</summary>
/// <param name="Kind">The conversion.</param>
/// <param name="Slot">Index of the (first) wasm argument slot.</param>
/// <param name="Type">The wasm type of the argument (for <see cref="HostParameterKind.Value"/>).</param>
internal readonly record struct HostParameter(HostParameterKind Kind, int Slot, ValueType Type);
