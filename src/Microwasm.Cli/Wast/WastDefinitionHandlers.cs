using Microwasm.Runtime;
using Microwasm.Validation;

namespace Microwasm.Cli.Wast;

/// <summary>
/// Handlers of the commands only <c>.wast</c> scripts of the newer suites have:
/// <c>(module definition ...)</c>, which must decode and validate but is not instantiated (its
/// <c>(module instance ...)</c> commands arrive as ordinary <c>module</c> commands with its bytes), and
/// the commands of the threads and stack-switching proposals and of custom annotations, counted as unsupported.
/// </summary>
public static class WastDefinitionHandlers
{
    /// <summary>The command types of proposals no engine runs yet, with the feature they need.</summary>
    public static readonly IReadOnlyDictionary<string, string> UnsupportedCommands = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["thread"] = "threads",
        ["wait"] = "threads",
        ["assert_suspension"] = "stack-switching",
    };

    /// <summary>Adds these handlers to <paramref name="runner"/>.</summary>
    public static void Install(WastRunner runner)
    {
        runner.Handlers["module_definition"] = Definition;
        runner.Handlers["assert_malformed_custom"] = AssertMalformedCustom;
        runner.Handlers["assert_invalid_custom"] = AssertInvalidCustom;
        foreach (var (type, feature) in UnsupportedCommands)
        {
            runner.Handlers[type] = (_, _) => WastOutcome.Unsupported(feature);
        }
    }

    /// <summary>
    /// <c>assert_malformed_custom</c>: an annotation that is malformed. The parser implements
    /// <c>(@custom ...)</c>, so those must be rejected; the other annotations (<c>@name</c>, branch
    /// hints) it reads as the annotations proposal says of unknown ones, ignoring them: unsupported.
    /// </summary>
    public static WastOutcome AssertMalformedCustom(WastContext context, WastCommand command) =>
        AnnotationFeature(command) is { } feature ? WastOutcome.Unsupported(feature) : WastModuleHandlers.AssertMalformed(context, command);

    /// <summary><c>assert_invalid_custom</c>: an annotation's content is invalid (only branch hints have such tests): unsupported.</summary>
    public static WastOutcome AssertInvalidCustom(WastContext context, WastCommand command) =>
        WastOutcome.Unsupported(AnnotationFeature(command) ?? "custom annotations");

    /// <summary>The proposal of an annotation the parser does not interpret, by the assertion's message; null for <c>@custom</c>.</summary>
    private static string? AnnotationFeature(WastCommand command) => command.Text switch
    {
        { } t when t.Contains("@custom", StringComparison.Ordinal) => null,
        { } t when t.Contains("@name", StringComparison.Ordinal) => "name-annotations",
        { } t when t.Contains("branch_hint", StringComparison.Ordinal) => "branch-hinting",
        _ => "custom annotations",
    };

    /// <summary><c>(module definition $D ...)</c>: the module must decode and validate.</summary>
    public static WastOutcome Definition(WastContext context, WastCommand command)
    {
        try
        {
            context.LoadModule(command);
            return WastOutcome.Pass();
        }
        catch (WasmUnsupportedFeatureException ex)
        {
            return WastOutcome.Unsupported(ex);
        }
        catch (WasmException ex)
        {
            return WastOutcome.Fail($"{command.Filename} should be valid: {ex.Message}");
        }
    }
}
