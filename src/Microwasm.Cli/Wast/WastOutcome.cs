namespace Microwasm.Cli.Wast;

/// <summary>What happened to one command.</summary>
public enum WastOutcomeKind
{
    Passed,
    Failed,
    Skipped,
}

/// <summary>Why a command was skipped; the report counts some reasons separately.</summary>
public enum WastSkipReason
{
    None,

    /// <summary>The module is in the text format (<c>.wat</c>), which Microwasm does not parse.</summary>
    TextModule,

    /// <summary>The module uses a feature beyond WebAssembly 2.0, which the validator reports as unsupported.</summary>
    Unsupported,

    /// <summary>The command needs an execution engine, and none is plugged into the runner.</summary>
    NeedsExecution,
}

/// <summary>The result of one command: passed, failed with a reason, or skipped with a reason.</summary>
public readonly record struct WastOutcome(WastOutcomeKind Kind, string? Reason = null, WastSkipReason SkipReason = WastSkipReason.None)
{
    public static WastOutcome Pass() => new(WastOutcomeKind.Passed);

    public static WastOutcome Fail(string reason) => new(WastOutcomeKind.Failed, reason);

    public static WastOutcome Skip(WastSkipReason why, string? reason = null) => new(WastOutcomeKind.Skipped, reason, why);
}
