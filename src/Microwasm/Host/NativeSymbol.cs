namespace Microwasm.Host;

/// <summary>
/// A host function exported to wasm WAMR's way: a name, a delegate and a signature string, as in
/// WAMR's <c>NativeSymbol</c> table passed to <c>wasm_runtime_register_natives</c>. Register a set
/// of them with <see cref="WasmLinker.RegisterNatives"/>.
/// </summary>
/// <remarks>
/// <para>
/// The signature lists one character per wasm parameter in parentheses, then at most one result
/// character: <c>i</c> i32 (<see cref="int"/>/<see cref="uint"/>), <c>I</c> i64
/// (<see cref="long"/>/<see cref="ulong"/>), <c>f</c> f32 (<see cref="float"/>), <c>F</c> f64
/// (<see cref="double"/>), <c>r</c> externref (<see cref="object"/>, the host object it refers to),
/// and three kinds of i32 address into the caller's linear memory, each checked before the delegate
/// runs:
/// </para>
/// <list type="bullet">
/// <item><c>*~</c>: an address and the i32 length that follows it, passed as one
/// <see cref="Span{T}"/> of bytes of that length;</item>
/// <item><c>*</c> alone: an address checked for one byte (as WAMR does), passed as a
/// <see cref="Span{T}"/> from there to the end of memory;</item>
/// <item><c>$</c>: a NUL-terminated string that must end inside memory, passed as a
/// <see cref="string"/> (decoded as UTF-8) or as the <see cref="ReadOnlySpan{T}"/> of its bytes
/// without the NUL.</item>
/// </list>
/// <para>
/// A check that fails traps with <see cref="Runtime.TrapKind.OutOfBoundsMemoryAccess"/> and the
/// delegate is not called. The delegate may take a <see cref="Caller"/> first. Unlike WAMR, which
/// logs a warning, a signature that does not match the import's type is a
/// <see cref="Runtime.WasmLinkException"/> at instantiation naming the import; a delegate that does
/// not fit its own signature is an <see cref="ArgumentException"/> here.
/// </para>
/// <para>
/// Spans and string bytes point into linear memory and are valid only until wasm runs again: if
/// the delegate calls back into wasm, which may grow (and so move) the memory, fetch them again.
/// </para>
/// </remarks>
public sealed partial class NativeSymbol
{
    private NativeSymbol(string name, string signature, HostFunctionDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(name);
        Name = name;
        Signature = signature;
        Definition = definition;
    }

    /// <summary>The import name the symbol satisfies.</summary>
    public string Name { get; }

    /// <summary>The WAMR signature string.</summary>
    public string Signature { get; }

    internal HostFunctionDefinition Definition { get; }
}
