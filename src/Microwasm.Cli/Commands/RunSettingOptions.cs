using System.CommandLine;
using System.CommandLine.Parsing;
using Microwasm.Cli.Run;
using Microwasm.Runtime;

namespace Microwasm.Cli.Commands;

/// <summary>
/// The options of <c>run</c> that say how a module runs (entry point, limits, WASI's environment and
/// directories, deadline), made one way for <c>run</c> and for <c>compile --native</c>, which bakes
/// them into the executable it writes.
/// </summary>
internal sealed class RunSettingOptions
{
    public Option<string?> Function { get; } = new("--function", "-f", "--invoke")
    {
        Description = "Call this exported function instead of _start or main and print its results",
        HelpName = "NAME",
    };

    public Option<ulong?> StackSize { get; } = new("--stack-size")
    {
        Description = $"The wasm stack in bytes: the value stack (8 bytes a slot) and a call depth of one level per {RunOptions.BytesPerCallLevel} bytes (default: 8 MiB of slots, depth 50000)",
        HelpName = "BYTES",
    };

    public Option<uint> HeapSize { get; } = new("--heap-size")
    {
        Description = "The app heap of a builtin-libc module, for malloc and main's argv",
        HelpName = "BYTES",
        DefaultValueFactory = _ => AppHeap.DefaultSize,
    };

    public Option<string[]> Environment { get; } = new("--env")
    {
        Description = "An environment variable for the WASI program (repeatable)",
        HelpName = "NAME=VALUE",
    };

    public Option<string[]> Directories { get; } = new("--dir")
    {
        Description = "Pre-open a host directory for the WASI program under the same name (repeatable)",
        HelpName = "DIR",
    };

    public Option<string[]> MappedDirectories { get; } = new("--map-dir")
    {
        Description = "Pre-open host directory HOST as GUEST for the WASI program (repeatable)",
        HelpName = "GUEST::HOST",
    };

    public Option<uint?> MaxMemoryPages { get; } = new("--max-memory-pages")
    {
        Description = "Cap every memory at this many 64 KiB pages, on top of its declared maximum",
        HelpName = "PAGES",
    };

    public Option<int?> Timeout { get; } = new("--timeout")
    {
        Description = $"Stop a call that runs longer than this (exit status {ModuleRunner.TimeoutExitCode})",
        HelpName = "MS",
    };

    public RunSettingOptions()
    {
        Timeout.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is <= 0)
            {
                result.AddError("--timeout must be a positive number of milliseconds");
            }
        });
    }

    /// <summary>Every option, in the order the help lists them.</summary>
    public IEnumerable<Option> All => [Function, StackSize, HeapSize, Environment, Directories, MappedDirectories, MaxMemoryPages, Timeout];

    /// <summary>Adds every option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in All)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The options the command line gave (not defaults), by their names, for the refusal of those that do not apply.</summary>
    public IEnumerable<string> Given(ParseResult parseResult) =>
        All.Where(option => parseResult.GetResult(option) is { Implicit: false }).Select(option => option.Name);

    /// <summary>The run <paramref name="parseResult"/> asks for, of the module <paramref name="file"/> with <paramref name="arguments"/>.</summary>
    public RunOptions Read(ParseResult parseResult, string file, IReadOnlyList<string> arguments) => new()
    {
        File = file,
        Arguments = arguments,
        Function = parseResult.GetValue(Function),
        StackSize = parseResult.GetValue(StackSize),
        HeapSize = parseResult.GetValue(HeapSize),
        Environment = parseResult.GetValue(Environment) ?? [],
        Directories = parseResult.GetValue(Directories) ?? [],
        MappedDirectories = parseResult.GetValue(MappedDirectories) ?? [],
        MaxMemoryPages = parseResult.GetValue(MaxMemoryPages),
        TimeoutMilliseconds = parseResult.GetValue(Timeout),
    };
}
