namespace Microwasm.Runtime;

/// <summary>
/// Limits and settings that apply to every instance of a <see cref="Store"/>, and for the embedding
/// API (<see cref="Host.WasmRuntime"/>) the engine and each instance's app heap: one options type for
/// both APIs.
/// </summary>
public sealed class RuntimeOptions
{
    /// <summary>The engine <see cref="Host.WasmRuntime"/> compiles modules with; null means the interpreter.</summary>
    public IEngine? Engine { get; init; }

    /// <summary>
    /// Size in bytes of the app heap <see cref="Host.WasmLinker"/> gives each instance, the region
    /// <see cref="Host.InstanceMemory.Malloc"/> (and the builtin libc's malloc) allocate from, as
    /// iwasm's <c>--heap-size</c>; 0 for none. The low-level <see cref="Linker"/> attaches no heap by
    /// itself (see <see cref="AppHeap.Attach"/>).
    /// </summary>
    public uint AppHeapSize { get; init; } = AppHeap.DefaultSize;

    /// <summary>Most nested wasm calls before a "call stack exhausted" trap (WAMR's stack size plays this role).</summary>
    public int MaxCallDepth { get; init; } = 50_000;

    /// <summary>Size of each thread's value stack in 64-bit slots (locals and operands of all frames).</summary>
    public int ValueStackSlots { get; init; } = 1 << 20;

    /// <summary>Cap on any memory's size in 64 KiB pages, on top of its declared maximum.</summary>
    public uint MaxMemoryPages { get; init; } = 65536;

    /// <summary>
    /// Cap on any table's size in elements, on top of its declared maximum; never more than
    /// 2,147,483,591 (a .NET array's largest length), whatever is set here. A table's backing array
    /// doubles as it grows, so it holds up to twice its size in elements.
    /// </summary>
    public uint MaxTableElements { get; init; } = 10_000_000;

    /// <summary>
    /// Cap on the elements of all the tables instantiation creates in one store, together, and what
    /// <c>table.grow</c> adds to them (100 million: 800 MB of element slots). Without it a module
    /// declaring a thousand tables of <see cref="MaxTableElements"/> each asked for 80 GB.
    /// The budget counts the tables' sizes; their backing arrays, which grow by doubling, may hold up
    /// to twice as many slots.
    /// </summary>
    public long MaxStoreTableElements { get; init; } = 100_000_000;
}
