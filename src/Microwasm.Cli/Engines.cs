using System.Runtime.CompilerServices;
using Microwasm.Compiler;
using Microwasm.Interpreter;
using Microwasm.Runtime;

namespace Microwasm.Cli;

/// <summary>The execution engines the commands can run modules on, by the names <c>--engine</c> accepts.</summary>
internal static class Engines
{
    /// <summary>The engine used when <c>--engine</c> is not given.</summary>
    public const string Default = "interp";

    /// <summary>Every name <see cref="Create"/> accepts, whether or not the engine is part of this build.</summary>
    /// <remarks>
    /// The command line is the same in every build: a NativeAOT <c>microwasm</c> accepts
    /// <c>--engine compiler</c> too, and answers it with <see cref="WhyUnavailable"/>.
    /// </remarks>
    public static readonly string[] Names = ["interp", "compiler"];

    /// <summary>
    /// How this executable was built: <c>JIT</c> (the .NET runtime compiles its code, ReadyToRun
    /// builds included) or <c>NativeAOT</c> (compiled ahead of time; no code can be made at run time).
    /// </summary>
    public static string BuildKind => RuntimeFeature.IsDynamicCodeSupported ? "JIT" : "NativeAOT";

    /// <summary>The names of the engines this build has, in the order of <see cref="Names"/>.</summary>
    public static IEnumerable<string> Available => Names.Where(name => WhyUnavailable(name) is null);

    /// <summary>Why the engine called <paramref name="name"/> is not part of this build; null if it is.</summary>
    /// <exception cref="ArgumentException">No engine has that name.</exception>
    public static string? WhyUnavailable(string name) => name switch
    {
        "interp" => null,
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

    /// <summary>The engine called <paramref name="name"/>, or null if it is not part of this build.</summary>
    /// <exception cref="ArgumentException">No engine has that name.</exception>
    public static IEngine? TryCreate(string name) => name switch
    {
        "interp" => InterpreterEngine.Default,
        "compiler" => RuntimeFeature.IsDynamicCodeSupported ? CompilerEngine.Default : null,
        _ => throw new ArgumentException($"unknown engine \"{name}\" (known: {string.Join(", ", Names)})", nameof(name)),
    };
}
