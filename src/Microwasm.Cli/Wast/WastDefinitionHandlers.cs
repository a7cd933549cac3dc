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
        ["assert_suspension"] = "stack switching",
        // Custom sections written as (@custom ...) annotations: the parser drops annotations so far.
        ["assert_malformed_custom"] = "custom annotations",
        ["assert_invalid_custom"] = "custom annotations",
    };

    /// <summary>Adds these handlers to <paramref name="runner"/>.</summary>
    public static void Install(WastRunner runner)
    {
        runner.Handlers["module_definition"] = Definition;
        foreach (var (type, feature) in UnsupportedCommands)
        {
            runner.Handlers[type] = (_, _) => WastOutcome.Skip(WastSkipReason.Unsupported, $"unsupported: {feature}");
        }
    }

    /// <summary><c>(module definition $D ...)</c>: the module must decode and validate.</summary>
    public static WastOutcome Definition(WastContext context, WastCommand command)
    {
        try
        {
            ModuleLoader.Load(context.ReadModuleBytes(command));
            return WastOutcome.Pass();
        }
        catch (WasmUnsupportedFeatureException ex)
        {
            return WastOutcome.Skip(WastSkipReason.Unsupported, ex.Message);
        }
        catch (WasmException ex)
        {
            return WastOutcome.Fail($"{command.Filename} should be valid: {ex.Message}");
        }
    }
}
