using System.Runtime.CompilerServices;
using Microwasm.Compiler;
using Microwasm.Interpreter;
using Microwasm.Runtime;

namespace Microwasm.Cli;

/// <summary>The execution engines the commands can run modules on, by the names <c>--engine</c> accepts.</summary>
internal static class Engines
{
    /// <summary>
    /// The engine used when <c>--engine</c> is not given: tier-up. On <c>../shared/bench</c> it runs
    /// within the noise of the compiler overall (geometric mean 2.26× native against 2.29×, the
    /// interpreter 12.76×, one sitting) and starts hello as fast as the interpreter (124 against
    /// 122–125 ms), so it wins over both as a default. In a NativeAOT build it is the interpreter.
    /// </summary>
    public const string Default = "auto";

    /// <summary>Every name <see cref="Create"/> accepts, whether or not the engine is part of this build.</summary>
    /// <remarks>
    /// The command line is the same in every build: a NativeAOT <c>microwasm</c> accepts
    /// <c>--engine compiler</c> too, and answers it with <see cref="WhyUnavailable"/>.
    /// </remarks>
    public static readonly string[] Names = ["interp", "compiler", "auto"];

    /// <summary>Other names <c>--engine</c> takes: <c>interpreter</c> is <c>interp</c>.</summary>
    public static readonly string[] Aliases = ["interpreter"];

    /// <summary>The engine name <paramref name="name"/> stands for (an alias's engine, else itself).</summary>
    public static string Canonical(string name) => name == "interpreter" ? "interp" : name;

    /// <summary>
    /// What <c>auto</c> is in this build: tier-up from the interpreter to the compiler where the runtime
    /// can generate code, else the interpreter alone (said by <c>--version</c>).
    /// </summary>
    public static string AutoDescription => RuntimeFeature.IsDynamicCodeSupported
        ? "auto = interp, tiering up to compiler"
        : "auto = interp only, no run-time code generation";

    /// <summary>
    /// How this executable was built: <c>JIT</c> (the .NET runtime compiles its code, ReadyToRun
    /// builds included) or <c>NativeAOT</c> (compiled ahead of time; no code can be made at run time).
    /// </summary>
    public static string BuildKind => RuntimeFeature.IsDynamicCodeSupported ? "JIT" : "NativeAOT";

    /// <summary>The names of the engines this build has, in the order of <see cref="Names"/>.</summary>
    public static IEnumerable<string> Available => Names.Where(name => WhyUnavailable(name) is null);

    /// <summary>Why the engine called <paramref name="name"/> is not part of this build; null if it is.</summary>
    /// <exception cref="ArgumentException">No engine has that name.</exception>
    public static string? WhyUnavailable(string name) => Canonical(name) switch
    {
        "interp" or "auto" => null,
        // The compiler emits CIL for the JIT: a NativeAOT build has no JIT (IsDynamicCodeSupported is
        // false there, a constant to the AOT compiler, so the compiler's code is not even linked in).
        // It is an error, not a silent fall-back to the interpreter: who asks for the compiler wants
        // its speed, and `--engine interp` is one word away.
        "compiler" => RuntimeFeature.IsDynamicCodeSupported
            ? null
            : "the compiler engine is not part of this NativeAOT build (it needs run-time code generation): use --engine interp, or the JIT build of microwasm",
        _ => throw new ArgumentException($"unknown engine \"{name}\" (known: {string.Join(", ", Names)})", nameof(name)),
    };

    /// <summary>The engine called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No engine has that name.</exception>
    /// <exception cref="NotSupportedException">The engine is not part of this build.</exception>
    public static IEngine Create(string name) =>
        TryCreate(name) ?? throw new NotSupportedException(WhyUnavailable(name));

    /// <summary>
    /// The tier-up engine; its thresholds can be set for measurements with the environment variable
    /// <c>MICROWASM_TIER_UP=CALLS,LOOPS[,sync]</c> (e.g. <c>0,0,sync</c>: compile at the first call, on the calling thread).
    /// </summary>
    private static TieredEngine Tiered()
    {
        var parts = Environment.GetEnvironmentVariable("MICROWASM_TIER_UP")?.Split(',');
        return parts is [var calls, var loops, .. var rest] && rest.Length <= 1
            && int.TryParse(calls, System.Globalization.CultureInfo.InvariantCulture, out var c) && c >= 0
            && int.TryParse(loops, System.Globalization.CultureInfo.InvariantCulture, out var l) && l >= 0
            ? new TieredEngine(c, l, compileInBackground: rest is not ["sync"])
            : TieredEngine.Default;
    }

    /// <summary>The engine called <paramref name="name"/>, or null if it is not part of this build.</summary>
    /// <exception cref="ArgumentException">No engine has that name.</exception>
    public static IEngine? TryCreate(string name) => Canonical(name) switch
    {
        "interp" => InterpreterEngine.Default,
        "compiler" => RuntimeFeature.IsDynamicCodeSupported ? CompilerEngine.Default : null,
        // under NativeAOT the tiered engine would never promote: the interpreter itself, as --version
        // says (and the tier-up machinery, which would never run, is not linked in)
        "auto" => RuntimeFeature.IsDynamicCodeSupported ? Tiered() : InterpreterEngine.Default,
        _ => throw new ArgumentException($"unknown engine \"{name}\" (known: {string.Join(", ", Names)})", nameof(name)),
    };
}
