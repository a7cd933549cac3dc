using System.Runtime.CompilerServices;
using Microwasm.Interpreter;
using Microwasm.Runtime;
using Microwasm.Validation;

namespace Microwasm.Compiler;

/// <summary>
/// Tier-up (<c>--engine auto</c>): every function starts in the interpreter, which counts its
/// calls and the iterations of its loops; a function that gets hot is promoted to the compiler's
/// code, and runs there from its next call on. A loop that gets hot in a call that is still
/// running (the main loop of a program, called once) continues in compiled code from the loop's
/// header, with the interpreter's locals (on-stack replacement). The module is compiled once, on
/// the first promotion, on a thread-pool thread unless told otherwise, while the interpreter goes on.
/// Where the runtime cannot generate code (NativeAOT) everything stays interpreted.
/// </summary>
public sealed class TieredEngine : IEngine
{
    /// <summary>The calls after which a function is promoted, by default.</summary>
    public const int DefaultCallThreshold = 1000;

    /// <summary>The iterations of one loop after which its function continues in compiled code, by default.</summary>
    public const int DefaultLoopThreshold = 10_000;

    /// <summary>A shared instance with the default thresholds, compiling in the background.</summary>
    public static TieredEngine Default { get; } = new();

    /// <summary>Creates the engine.</summary>
    /// <param name="callThreshold">Calls of a function (counted over all instances of its module) before it is promoted; 0 promotes at the first call.</param>
    /// <param name="loopThreshold">Iterations of a loop (counted over all calls) before its function continues in compiled code; 0 at the first.</param>
    /// <param name="compileInBackground">
    /// Compile on a thread-pool thread while the interpreter goes on (the default), or on the thread
    /// whose counter ran out, which then continues in compiled code at once (deterministic: for tests).
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException">A threshold is negative.</exception>
    public TieredEngine(int callThreshold = DefaultCallThreshold, int loopThreshold = DefaultLoopThreshold, bool compileInBackground = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(callThreshold);
        ArgumentOutOfRangeException.ThrowIfNegative(loopThreshold);
        CallThreshold = callThreshold;
        LoopThreshold = loopThreshold;
        CompileInBackground = compileInBackground;
    }

    /// <summary>The engine's name, as <c>--engine</c> takes it.</summary>
    public string Name => "auto";

    /// <summary>Calls of a function before it is promoted.</summary>
    public int CallThreshold { get; }

    /// <summary>Iterations of a loop before its function continues in compiled code.</summary>
    public int LoopThreshold { get; }

    /// <summary>Whether compilation runs on a thread-pool thread.</summary>
    public bool CompileInBackground { get; }

    /// <summary>True if this process can promote functions at all (false under NativeAOT, where <c>auto</c> is the interpreter).</summary>
    public static bool CanCompile => RuntimeFeature.IsDynamicCodeSupported;

    /// <summary>Prepares the module for the interpreter; nothing is compiled until a function gets hot.</summary>
    public CompiledModule Compile(ValidatedModule module)
    {
        ArgumentNullException.ThrowIfNull(module);
        return new TieredModule(this, module);
    }
}

/// <summary>
/// A module run by <see cref="TieredEngine"/>: its instances' functions are interpreted functions
/// whose code counts; promotion swaps a function's code for a stub that calls its compiled twin.
/// </summary>
[System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Compiles only where dynamic code is supported (TieredEngine.CanCompile).")]
internal sealed class TieredModule : CompiledModule
{
    private const int NotStarted = 0, Compiling = 1, Ready = 2, Failed = 3;

    private readonly TieredEngine _engine;
    private readonly InterpretedModule _interpreted;
    private CompiledWasmModule? _compiled;
    private int _state;
    private readonly FunctionCode?[] _stubs;
    // on-stack-replacement entries by (defined function, loop block), null while being compiled;
    // made at the first hot loop (the generic dictionaries are not in the ReadyToRun image: their
    // JIT cost every start about 1 ms)
    private OsrMaps? _osrMaps;
    private int _promotions;
    private int _osrRuns;

    public TieredModule(TieredEngine engine, ValidatedModule module) : base(engine, module)
    {
        _engine = engine;
        Counters = new TierCounters(engine.CallThreshold, engine.LoopThreshold);
        _interpreted = new InterpretedModule(InterpreterEngine.Default, module, directCalls: true, tiered: this);
        _stubs = new FunctionCode?[module.Functions.Length];
    }

    /// <summary>The counters' start values.</summary>
    public TierCounters Counters { get; }

    /// <summary>Function instances promoted so far (each instance's function counts once): a diagnostic, read by tests.</summary>
    public int Promotions => Volatile.Read(ref _promotions);

    /// <summary>Calls that went on in compiled code from a hot loop (on-stack replacement) so far.</summary>
    public int OsrRuns => Volatile.Read(ref _osrRuns);

    /// <summary>The compiled module once compiled (null before, or if compiling failed).</summary>
    public CompiledWasmModule? Compiled => Volatile.Read(ref _compiled);

    /// <summary>Why compiling the module failed, if it did; it then stays interpreted.</summary>
    public Exception? CompileError { get; private set; }

    internal override FunctionInstance CreateFunction(Instance instance, int definedIndex) =>
        new InterpretedFunction(instance, _interpreted, definedIndex);

    internal void CountOsrEntry()
    {
        Interlocked.Increment(ref _osrRuns);
        Interlocked.Increment(ref s_totalOsrRuns);
    }

    private static long s_totalPromotions;
    private static long s_totalOsrRuns;

    /// <summary>Promotions in this process so far, over all modules (a diagnostic: how much of a test suite ran compiled).</summary>
    public static long TotalPromotions => Interlocked.Read(ref s_totalPromotions);

    /// <summary>On-stack replacements in this process so far, over all modules.</summary>
    public static long TotalOsrRuns => Interlocked.Read(ref s_totalOsrRuns);

    /// <summary>
    /// Promotes <paramref name="function"/> to compiled code if the module's compiled code is
    /// ready (starting its compilation if need be). False if not (yet): <paramref name="retry"/>
    /// is the calls to wait before asking again (<see cref="int.MaxValue"/>: never).
    /// </summary>
    public bool TryPromote(InterpretedFunction function, out int retry)
    {
        retry = 0;
        if (function.Promoted is not null)
        {
            return true;
        }
        var compiled = GetCompiled(out retry);
        if (compiled is null)
        {
            return false;
        }
        var index = function.DefinedIndex;
        if (compiled.FallbackReasons[index] is not null)
        {
            // the compiler leaves it to the interpreter (e.g. a frame too large for the native stack)
            retry = int.MaxValue;
            return false;
        }
        var stub = Volatile.Read(ref _stubs[index]);
        if (stub is null)
        {
            var parameters = function.ParameterSlots;
            stub = new FunctionCode([(int)Op.TierCall], parameters, parameters, Math.Max(parameters, function.ResultSlots));
            stub = Interlocked.CompareExchange(ref _stubs[index], stub, null) ?? stub;
        }
        // Promoted first: whoever finds the stub finds its target
        function.Promoted = new CompiledFunction(function.Instance, compiled, index);
        Volatile.Write(ref function.Code, stub);
        Interlocked.Increment(ref _promotions);
        Interlocked.Increment(ref s_totalPromotions);
        return true;
    }

    /// <summary>The on-stack-replacement entry of a defined function at a loop (its block index), compiling it if need be; null if not (yet) there.</summary>
    public OsrEntry? GetOsrEntry(int definedIndex, int loop, out int retry)
    {
        var compiled = GetCompiled(out retry);
        if (compiled is null)
        {
            return null;
        }
        if (compiled.FallbackReasons[definedIndex] is not null)
        {
            retry = int.MaxValue;
            return null;
        }
        var key = (definedIndex, loop);
        var maps = Volatile.Read(ref _osrMaps) ?? CreateOsrMaps();
        var osrEntries = maps.Entries;
        var osrFailed = maps.Failed;
        if (osrEntries.TryGetValue(key, out var entry))
        {
            // being compiled (null): look again soon, the loop is hot
            retry = entry is null ? OsrPoll : 0;
            return entry;
        }
        if (osrEntries.TryAdd(key, null))
        {
            Run(() =>
            {
                try
                {
                    osrEntries[key] = OsrEntry.Create(compiled, definedIndex, loop);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // left null: the loop stays interpreted
                    CompileError = e;
                    osrFailed[key] = true;
                }
            });
        }
        osrEntries.TryGetValue(key, out entry);
        retry = entry is not null ? 0 : osrFailed.ContainsKey(key) ? int.MaxValue : OsrPoll;
        return entry;
    }

    /// <summary>Iterations between looks at an entry being compiled in the background.</summary>
    private const int OsrPoll = 100;

    private OsrMaps CreateOsrMaps()
    {
        Interlocked.CompareExchange(ref _osrMaps, new OsrMaps(), null);
        return _osrMaps!;
    }

    /// <summary>The on-stack-replacement entries by (defined function, loop block), and the ones that failed to compile.</summary>
    private sealed class OsrMaps
    {
        public readonly System.Collections.Concurrent.ConcurrentDictionary<(int Function, int Loop), OsrEntry?> Entries = new();
        public readonly System.Collections.Concurrent.ConcurrentDictionary<(int Function, int Loop), bool> Failed = new();
    }

    /// <summary>The compiled module, starting its compilation on first use; null until it is ready.</summary>
    private CompiledWasmModule? GetCompiled(out int retry)
    {
        if (Volatile.Read(ref _compiled) is { } compiled)
        {
            retry = 0;
            return compiled;
        }
        if (!TieredEngine.CanCompile)
        {
            retry = int.MaxValue;
            return null;
        }
        if (Interlocked.CompareExchange(ref _state, Compiling, NotStarted) == NotStarted)
        {
            Run(() =>
            {
                try
                {
                    Volatile.Write(ref _compiled, new CompiledWasmModule(CompilerEngine.Default, Validated));
                    Volatile.Write(ref _state, Ready);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // a module the compiler cannot take stays interpreted
                    CompileError = e;
                    Volatile.Write(ref _state, Failed);
                }
            });
        }
        retry = Volatile.Read(ref _state) == Failed ? int.MaxValue : Math.Max(Counters.Calls, 1);
        return Volatile.Read(ref _compiled);
    }

    private void Run(Action work)
    {
        if (_engine.CompileInBackground)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static w => w(), work, preferLocal: false);
        }
        else
        {
            work();
        }
    }
}
