using System.CommandLine;

namespace Microwasm.Cli.Commands;

/// <summary>The arguments and options several commands take, made one way.</summary>
internal static class CommandParts
{
    /// <summary>
    /// Why a serial device cannot be opened when System.IO.Ports' native library is not found: the
    /// NativeAOT <c>microwasm</c> loads it from beside the executable, for <c>--serial</c> only.
    /// </summary>
    public const string SerialLibraryMissing =
        "the serial port library libSystem.IO.Ports.Native.so was not found (a NativeAOT microwasm needs it beside the executable)";

    /// <summary>One or more files to work through.</summary>
    public static Argument<string[]> Files(string description) => new("files")
    {
        Description = description,
        Arity = ArgumentArity.OneOrMore,
    };

    /// <summary><c>--verbose</c>/<c>-v</c>.</summary>
    public static Option<bool> Verbose(string description) => new("--verbose", "-v")
    {
        Description = description,
    };

    /// <summary><c>--engine NAME</c>, one of <see cref="Engines.Names"/>, by default <see cref="Engines.Default"/>.</summary>
    public static Option<string> Engine(string description)
    {
        var engine = new Option<string>("--engine")
        {
            Description = description,
            DefaultValueFactory = _ => Engines.Default,
        };
        engine.AcceptOnlyFromAmong([.. Engines.Names, .. Engines.Aliases]);
        // a known engine this build lacks (the compiler under NativeAOT) is a bad command line too:
        // exit status 2 and one line saying why, before any file is read
        engine.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } name && Engines.Names.Contains(Engines.Canonical(name)) && Engines.WhyUnavailable(name) is { } why)
            {
                result.AddError(why);
            }
        });
        return engine;
    }
}
