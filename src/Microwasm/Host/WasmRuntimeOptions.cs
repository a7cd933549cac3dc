using Microwasm.Runtime;

namespace Microwasm.Host;

/// <summary>Settings of a <see cref="WasmRuntime"/>: the engine and the limits every instance gets.</summary>
public sealed class WasmRuntimeOptions
{
    /// <summary>The engine that runs modules; null means the interpreter.</summary>
    public IEngine? Engine { get; init; }

    /// <summary>
    /// Size in bytes of each instance's app heap, the region <see cref="InstanceMemory.Malloc"/>
    /// (and the builtin libc's malloc) allocate from, as iwasm's <c>--heap-size</c>; 0 for none.
    /// </summary>
    public uint AppHeapSize { get; init; } = 16 * 1024;

    /// <summary>Most nested wasm calls before a "call stack exhausted" trap (WAMR's stack size plays this role).</summary>
    public int MaxCallDepth { get; init; } = 50_000;

    /// <summary>Size of each thread's value stack in 64-bit slots (locals and operands of all frames).</summary>
    public int ValueStackSlots { get; init; } = 1 << 20;

    /// <summary>Cap on any memory's size in 64 KiB pages, on top of its declared maximum.</summary>
    public uint MaxMemoryPages { get; init; } = 65536;

    /// <summary>Cap on any table's size in elements, on top of its declared maximum.</summary>
    public uint MaxTableElements { get; init; } = 10_000_000;

    /// <summary>Cap on the elements of all of one instance's tables together, growth included (see <see cref="RuntimeOptions.MaxStoreTableElements"/>).</summary>
    public long MaxStoreTableElements { get; init; } = 100_000_000;

    internal RuntimeOptions ToRuntimeOptions() => new()
    {
        MaxCallDepth = MaxCallDepth,
        ValueStackSlots = ValueStackSlots,
        MaxMemoryPages = MaxMemoryPages,
        MaxTableElements = MaxTableElements,
        MaxStoreTableElements = MaxStoreTableElements,
    };
}
