using Microwasm.Compiler;
using Microwasm.Interpreter;
using Microwasm.Runtime;

namespace Microwasm.Cli;

/// <summary>The execution engines the commands can run modules on, by the names <c>--engine</c> accepts.</summary>
internal static class Engines
{
    /// <summary>The engine used when <c>--engine</c> is not given.</summary>
    public const string Default = "interp";

    /// <summary>Every name <see cref="Create"/> accepts.</summary>
    public static readonly string[] Names = ["interp", "compiler"];

    /// <summary>The engine called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No engine has that name.</exception>
    /// <exception cref="NotSupportedException">The engine is not part of this build.</exception>
    public static IEngine Create(string name) =>
        TryCreate(name) ?? throw new NotSupportedException($"the {name} engine is not part of this build");

    /// <summary>The engine called <paramref name="name"/>, or null if it is not part of this build.</summary>
    /// <exception cref="ArgumentException">No engine has that name.</exception>
    public static IEngine? TryCreate(string name) => name switch
    {
        "interp" => InterpreterEngine.Default,
        // needs run-time code generation: absent where the build cannot make code (NativeAOT)
        "compiler" => System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported ? CompilerEngine.Default : null,
        _ => throw new ArgumentException($"unknown engine \"{name}\" (known: {string.Join(", ", Names)})", nameof(name)),
    };
}
