using Microwasm.Runtime;
using Microwasm.Binary;
using Microwasm.Text;
using Microwasm.Validation;

namespace Microwasm.Cli.Wast;

/// <summary>Handlers of the commands that only decode and validate: module, assert_malformed, assert_invalid.</summary>
public static class WastModuleHandlers
{
    // In every handler the unsupported-feature catch comes first, so that a SIMD module is a
    // skip whatever WasmException subclass the unsupported-feature exception may become.

    /// <summary><c>module</c>: the module must decode and validate.</summary>
    public static WastOutcome Module(WastContext context, WastCommand command)
    {
        // Cleared first so that later commands never act on an older module if this one fails.
        context.DefineModule(command.Name, null);
        if (command.IsTextModule)
        {
            return WastOutcome.Skip(WastSkipReason.TextModule);
        }
        try
        {
            context.DefineModule(command.Name, context.LoadModule(command));
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

    /// <summary><c>assert_malformed</c>: a binary module must be rejected with a decode error.</summary>
    /// <remarks>
    /// Validation runs too: the validator may be the one that decodes some instruction immediates,
    /// and then it reports malformed code with a <see cref="WasmDecodeException"/>.
    /// </remarks>
    public static WastOutcome AssertMalformed(WastContext context, WastCommand command) =>
        AssertRejected<WasmDecodeException>(context, command, "decoded and validated", "malformed", alsoExpected: ex => ex is WatParseException);

    /// <summary><c>assert_invalid</c>: the module must decode, and validation must reject it.</summary>
    public static WastOutcome AssertInvalid(WastContext context, WastCommand command) =>
        AssertRejected<WasmValidationException>(context, command, "validated", "invalid");

    /// <summary>
    /// Loading the command's module must fail with <typeparamref name="TExpected"/>, or with a
    /// failure <paramref name="alsoExpected"/> accepts (a text module's parse error for malformed).
    /// </summary>
    private static WastOutcome AssertRejected<TExpected>(WastContext context, WastCommand command, string accepted, string expected, Func<WasmException, bool>? alsoExpected = null)
        where TExpected : WasmException
    {
        if (command.IsTextModule)
        {
            return WastOutcome.Skip(WastSkipReason.TextModule);
        }
        try
        {
            context.LoadModule(command);
            return WastOutcome.Fail($"{command.Filename} {accepted}; expected {expected} ({command.Text})");
        }
        catch (WasmUnsupportedFeatureException ex)
        {
            // Never a pass: the module is refused for what it uses, not for what the assertion says.
            return WastOutcome.Unsupported(ex);
        }
        catch (TExpected)
        {
            return WastOutcome.Pass();
        }
        catch (WasmException ex) when (alsoExpected?.Invoke(ex) == true)
        {
            return WastOutcome.Pass();
        }
        catch (WasmException ex)
        {
            return WastOutcome.Fail($"{command.Filename}: expected {expected} ({command.Text}), got {ex.Message}");
        }
    }
}
