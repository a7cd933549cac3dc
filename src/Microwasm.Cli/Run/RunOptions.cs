using Microwasm.Runtime;

namespace Microwasm.Cli.Run;

/// <summary>What <c>microwasm run</c> was asked to do: the module, its arguments and the iwasm-style options.</summary>
internal sealed record RunOptions
{
    /// <summary>Smallest value stack <c>--stack-size</c> can ask for, in slots, so even a tiny budget can make a call.</summary>
    private const int MinValueStackSlots = 1024;

    /// <summary>
    /// The bytes one call level costs in WAMR's interpreter at the least (its frame header plus a few
    /// slots): <c>--stack-size</c> divided by it bounds the call depth the way iwasm's byte budget does.
    /// </summary>
    public const int BytesPerCallLevel = 64;

    public required string File { get; init; }

    /// <summary>
    /// The name of the module's instance, which a trap's wasm stack shows; null for FILE's name without
    /// its extension. A program of <c>compile --native</c> gives the compiled module's, as FILE is then
    /// the executable (argv[0]).
    /// </summary>
    public string? ModuleName { get; init; }

    /// <summary>Everything after FILE: the program's argv[1..], or the arguments of <see cref="Function"/>.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary><c>-f/--function</c> (alias <c>--invoke</c>): call this export instead of <c>_start</c> or <c>main</c>.</summary>
    public string? Function { get; init; }

    /// <summary><c>--stack-size</c> in bytes; null keeps the runtime's defaults.</summary>
    public ulong? StackSize { get; init; }

    /// <summary><c>--heap-size</c> in bytes: the app heap of a builtin-libc module (iwasm's default 16 KiB).</summary>
    public uint HeapSize { get; init; } = AppHeap.DefaultSize;

    /// <summary><c>--env NAME=VALUE</c>, in order.</summary>
    public IReadOnlyList<string> Environment { get; init; } = [];

    /// <summary><c>--dir DIR</c>: host directories the guest sees under the same name.</summary>
    public IReadOnlyList<string> Directories { get; init; } = [];

    /// <summary><c>--map-dir GUEST::HOST</c>.</summary>
    public IReadOnlyList<string> MappedDirectories { get; init; } = [];

    /// <summary><c>--max-memory-pages</c>: a cap on every memory on top of its declared maximum.</summary>
    public uint? MaxMemoryPages { get; init; }

    /// <summary><c>--timeout MS</c>: interrupt each top-level call that runs longer.</summary>
    public int? TimeoutMilliseconds { get; init; }

    /// <summary><c>--repl</c>: read <c>NAME ARGS...</c> lines from standard input and call them.</summary>
    public bool Repl { get; init; }

    /// <summary><c>-v/--verbose</c>: report each phase, its time and the entry point on standard error.</summary>
    public bool Verbose { get; init; }

    public string Engine { get; init; } = Engines.Default;

    /// <summary>
    /// The store's limits. iwasm's <c>--stack-size</c> is one byte budget for the frames and operands
    /// of all calls; here it becomes the value stack (8 bytes a slot) and a call depth of one level
    /// per <see cref="BytesPerCallLevel"/> bytes, so a deep recursion exhausts it about where it
    /// would in WAMR's interpreter, and a trap, not a crash, reports it.
    /// </summary>
    public RuntimeOptions CreateRuntimeOptions()
    {
        var defaults = new RuntimeOptions();
        var valueStackSlots = defaults.ValueStackSlots;
        var maxCallDepth = defaults.MaxCallDepth;
        if (StackSize is { } bytes)
        {
            valueStackSlots = (int)Math.Clamp(bytes / sizeof(ulong), MinValueStackSlots, int.MaxValue / 2);
            maxCallDepth = (int)Math.Clamp(bytes / BytesPerCallLevel, 1, int.MaxValue / 2);
        }
        return new RuntimeOptions
        {
            ValueStackSlots = valueStackSlots,
            MaxCallDepth = maxCallDepth,
            MaxMemoryPages = MaxMemoryPages ?? defaults.MaxMemoryPages,
            MaxTableElements = defaults.MaxTableElements,
            AppHeapSize = HeapSize,
        };
    }
}
