using System.Diagnostics;

namespace Microwasm.Cli.Wast;

/// <summary>Handles one command of a script and says how it went.</summary>
public delegate WastOutcome WastCommandHandler(WastContext context, WastCommand command);

/// <summary>
/// Runs wast2json scripts. Each command type maps to a handler in <see cref="Handlers"/>: the
/// module handlers decode and validate; the commands that need execution are skipped until an
/// execution engine replaces their handlers (see <see cref="ExecutionCommands"/>).
/// </summary>
public sealed class WastRunner
{
    /// <summary>The command types that need instantiation or execution.</summary>
    public static readonly IReadOnlyList<string> ExecutionCommands =
    [
        "action", "assert_return", "assert_trap", "assert_exhaustion", "assert_unlinkable",
        "assert_uninstantiable", "register", "assert_exception",
    ];

    public WastRunner()
    {
        Handlers = new Dictionary<string, WastCommandHandler>(StringComparer.Ordinal)
        {
            ["module"] = WastModuleHandlers.Module,
            ["assert_malformed"] = WastModuleHandlers.AssertMalformed,
            ["assert_invalid"] = WastModuleHandlers.AssertInvalid,
        };
        foreach (var type in ExecutionCommands)
        {
            Handlers[type] = SkipExecution;
        }
        WastDefinitionHandlers.Install(this);
    }

    /// <summary>
    /// Run the scripts as WebAssembly 2.0's (the 2022 suite): where 2.0 and 3.0 read the same bytes
    /// differently, 2.0's malformed or invalid verdict is the module's (see <see cref="WastContext.Wasm20"/>).
    /// Otherwise (3.0, the default) a module using a 3.0 feature Microwasm lacks is unsupported.
    /// </summary>
    public bool Wasm20 { get; init; }

    /// <summary>The handler of each command type. A type with no handler fails as unknown.</summary>
    public Dictionary<string, WastCommandHandler> Handlers { get; }

    /// <summary>Runs the script at <paramref name="jsonPath"/>; a file that cannot be read or parsed counts as one failure.</summary>
    public WastFileResult RunFile(string jsonPath)
    {
        var stopwatch = Stopwatch.StartNew();
        WastScript script;
        try
        {
            script = WastScript.Load(jsonPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or ArgumentException or NotSupportedException)
        {
            var failed = new WastFileResult(Path.GetFileName(jsonPath));
            failed.RecordFailure(0, "script", $"cannot read {jsonPath}: {ex.Message}");
            failed.Elapsed = stopwatch.Elapsed;
            return failed;
        }
        var result = Run(script);
        result.Elapsed = stopwatch.Elapsed;
        return result;
    }

    /// <summary>Runs every command of <paramref name="script"/>.</summary>
    public WastFileResult Run(WastScript script)
    {
        var stopwatch = Stopwatch.StartNew();
        var result = new WastFileResult(Path.GetFileName(script.Path));
        var context = new WastContext(script, result) { Wasm20 = Wasm20 };
        foreach (var command in script.Commands)
        {
            result.Record(command, RunCommand(context, command));
        }
        result.Elapsed = stopwatch.Elapsed;
        return result;
    }

    /// <summary>Runs the scripts in order.</summary>
    public WastReport RunFiles(IEnumerable<string> jsonPaths)
    {
        var report = new WastReport();
        foreach (var path in jsonPaths)
        {
            report.Add(RunFile(path));
        }
        return report;
    }

    private WastOutcome RunCommand(WastContext context, WastCommand command)
    {
        if (!Handlers.TryGetValue(command.Type, out var handler))
        {
            return WastOutcome.Fail($"unknown command type \"{command.Type}\"");
        }
        if (!Wasm20 && WastSuperseded.Reason(context.Script.Path, command) is { } superseded)
        {
            return WastOutcome.Skip(WastSkipReason.Superseded, superseded);
        }
        try
        {
            return handler(context, command);
        }
        catch (Exception ex)
        {
            // A handler classifies the exceptions its command expects; anything else is a bug in
            // Microwasm (or a missing module file), reported on this command rather than ending the run.
            return WastOutcome.Fail($"unexpected {ex.GetType().Name}: {ex.Message}");
        }
    }

    private static WastOutcome SkipExecution(WastContext context, WastCommand command) =>
        WastOutcome.Skip(WastSkipReason.NeedsExecution, "no execution engine");
}
