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

    /// <summary>
    /// The module uses a feature beyond WebAssembly 2.0, which the decoder or validator reports as
    /// unsupported (and so do the commands on its instance, and on modules that import from it).
    /// </summary>
    Unsupported,

    /// <summary>The assertion contradicts the suite's own core scripts (see <see cref="WastSuperseded"/>).</summary>
    Superseded,

    /// <summary>The command needs an execution engine, and none is plugged into the runner.</summary>
    NeedsExecution,
}

/// <summary>The result of one command: passed, failed with a reason, or skipped with a reason.</summary>
public readonly record struct WastOutcome(WastOutcomeKind Kind, string? Reason = null, WastSkipReason SkipReason = WastSkipReason.None)
{
    public static WastOutcome Pass() => new(WastOutcomeKind.Passed);

    public static WastOutcome Fail(string reason) => new(WastOutcomeKind.Failed, reason);

    public static WastOutcome Skip(WastSkipReason why, string? reason = null) => new(WastOutcomeKind.Skipped, reason, why);

    /// <summary>The prefix of an unsupported command's reason, before the feature's name.</summary>
    public const string UnsupportedPrefix = "unsupported: ";

    /// <summary>Skipped because the module uses <paramref name="feature"/>, which the runtime lacks: the reason is <c>unsupported: FEATURE</c>.</summary>
    public static WastOutcome Unsupported(string feature) => Skip(WastSkipReason.Unsupported, UnsupportedPrefix + feature);

    /// <summary>Skipped because the module uses the feature <paramref name="ex"/> names.</summary>
    public static WastOutcome Unsupported(Microwasm.Validation.WasmUnsupportedFeatureException ex) => Unsupported(ex.Feature);

    /// <summary>For an unsupported command, the feature (its reason without <see cref="UnsupportedPrefix"/>); else null.</summary>
    public string? Feature => SkipReason == WastSkipReason.Unsupported
        ? Reason is { } r && r.StartsWith(UnsupportedPrefix, StringComparison.Ordinal) ? r[UnsupportedPrefix.Length..] : Reason ?? "unknown"
        : null;
}
