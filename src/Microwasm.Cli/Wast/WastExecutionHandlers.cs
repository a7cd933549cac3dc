using System.Globalization;
using Microwasm.Model;
using Microwasm.Runtime;
using Microwasm.Validation;

namespace Microwasm.Cli.Wast;

/// <summary>
/// An externref the scripts create as <c>(ref.extern N)</c>. A record, so equal numbers are equal
/// objects and the store gives them one handle: a reference that goes through wasm and comes back
/// compares equal to the expected one.
/// </summary>
public sealed record HostReference(ulong Value)
{
    public override string ToString() => $"ref.extern {Value}";
}

/// <summary>
/// The handlers of the commands that instantiate and execute modules, on one <see cref="IEngine"/>:
/// module (which also instantiates), register, action, assert_return, assert_trap,
/// assert_exhaustion, assert_unlinkable and assert_uninstantiable. Each script gets its own store,
/// linker and <c>spectest</c> module.
/// </summary>
public sealed class WastExecutionHandlers
{
    private readonly IEngine _engine;
    private readonly TextWriter? _printOutput;

    /// <param name="engine">The engine every module of the scripts is compiled with.</param>
    /// <param name="printOutput">Where <c>spectest.print*</c> writes; null discards.</param>
    public WastExecutionHandlers(IEngine engine, TextWriter? printOutput = null)
    {
        _engine = engine;
        _printOutput = printOutput;
    }

    /// <summary>
    /// A runner on the engine called <paramref name="engineName"/> (see <c>--engine</c>); if that
    /// engine is not part of this build, a runner that only decodes and validates.
    /// </summary>
    /// <exception cref="ArgumentException">No engine has that name.</exception>
    /// <param name="engineName">The engine's name.</param>
    /// <param name="printOutput">Where <c>spectest.print*</c> writes; null discards.</param>
    /// <param name="wasm20">Judge the scripts as WebAssembly 2.0's (<see cref="WastRunner.Wasm20"/>).</param>
    public static WastRunner CreateRunner(string engineName = Engines.Default, TextWriter? printOutput = null, bool wasm20 = false) =>
        Engines.TryCreate(engineName) is { } engine ? CreateRunner(engine, printOutput, wasm20) : new WastRunner { Wasm20 = wasm20 };

    /// <summary>A runner whose modules are instantiated and run on <paramref name="engine"/>.</summary>
    /// <param name="engine">The engine every module of the scripts is compiled with.</param>
    /// <param name="printOutput">Where <c>spectest.print*</c> writes; null discards.</param>
    /// <param name="wasm20">Judge the scripts as WebAssembly 2.0's (<see cref="WastRunner.Wasm20"/>).</param>
    public static WastRunner CreateRunner(IEngine engine, TextWriter? printOutput = null, bool wasm20 = false)
    {
        var runner = new WastRunner { Wasm20 = wasm20 };
        new WastExecutionHandlers(engine, printOutput).Install(runner);
        return runner;
    }

    /// <summary>Replaces <paramref name="runner"/>'s handlers of module and the execution commands with these.</summary>
    public void Install(WastRunner runner)
    {
        runner.Handlers["module"] = Module;
        runner.Handlers["register"] = Register;
        runner.Handlers["action"] = Action;
        runner.Handlers["assert_return"] = AssertReturn;
        runner.Handlers["assert_trap"] = AssertTrap;
        runner.Handlers["assert_exhaustion"] = AssertExhaustion;
        runner.Handlers["assert_unlinkable"] = AssertUnlinkable;
        runner.Handlers["assert_uninstantiable"] = AssertUninstantiable;
        runner.Handlers["assert_exception"] = AssertException;
    }

    /// <summary>The per-script state kept in <see cref="WastContext.EngineState"/>.</summary>
    private sealed class State
    {
        public State(TextWriter? printOutput)
        {
            SpecTestModule.Define(Linker, printOutput);
        }

        public Store Store { get; } = new();

        public Linker Linker { get; } = new();

        /// <summary>The instance of the latest module command, or why there is none.</summary>
        public ModuleSlot Current;

        public Dictionary<string, ModuleSlot> Named { get; } = new(StringComparer.Ordinal);

        /// <summary>
        /// The names registered for modules that were skipped (unsupported): a module that imports
        /// from one cannot link, for the same reason, and is skipped with it.
        /// </summary>
        public Dictionary<string, WastOutcome> SkippedRegistrations { get; } = new(StringComparer.Ordinal);

        /// <summary>The skip of a registered module that <paramref name="module"/> imports from, if any.</summary>
        public WastOutcome? SkippedImport(ValidatedModule module)
        {
            foreach (var import in module.Module.Imports)
            {
                if (SkippedRegistrations.TryGetValue(import.ModuleName, out var skipped))
                {
                    return skipped;
                }
            }
            return null;
        }

        /// <summary>The instances registered so far, by the name they were registered under.</summary>
        public Dictionary<string, Instance> Registered { get; } = new(StringComparer.Ordinal);

        /// <summary>
        /// Instances whose state an unsupported module would have changed (its segments and start
        /// function write to the memories and tables it imports), with that module's outcome: what
        /// the script asserts about them afterwards is counted as that module's feature, pass or not.
        /// </summary>
        public Dictionary<Instance, WastOutcome> Tainted { get; } = new(ReferenceEqualityComparer.Instance);

        /// <summary>
        /// After <paramref name="skipped"/> (an unsupported module's outcome) on <paramref name="bytes"/>:
        /// the registered instances it imports from are tainted.
        /// </summary>
        public void TaintImportsOf(ReadOnlySpan<byte> bytes, WastOutcome skipped)
        {
            foreach (var name in WastImportNames.Read(bytes))
            {
                if (Registered.TryGetValue(name, out var instance))
                {
                    Tainted.TryAdd(instance, skipped);
                }
            }
        }

        /// <summary>The taint of a registered instance <paramref name="module"/> imports from, if any.</summary>
        public WastOutcome? TaintedImport(ValidatedModule module)
        {
            foreach (var import in module.Module.Imports)
            {
                if (Registered.TryGetValue(import.ModuleName, out var instance) && Tainted.TryGetValue(instance, out var taint))
                {
                    return taint;
                }
            }
            return null;
        }
    }

    /// <summary>
    /// An instance, or the outcome of the module command that failed to make one: commands on a
    /// skipped module are skipped for the same reason, commands on a failed one fail.
    /// </summary>
    private readonly record struct ModuleSlot(Instance? Instance, WastOutcome Outcome);

    private State GetState(WastContext context) =>
        (State)(context.EngineState ??= new State(_printOutput));

    /// <summary><c>module</c>: decode, validate, compile and instantiate; it becomes the current module.</summary>
    public WastOutcome Module(WastContext context, WastCommand command)
    {
        var state = GetState(context);
        var outcome = WastModuleHandlers.Module(context, command);
        Instance? instance = null;
        if (outcome.Kind == WastOutcomeKind.Passed)
        {
            try
            {
                instance = Instantiate(state, context.CurrentModule!, command.Name);
            }
            catch (WasmLinkException) when (state.SkippedImport(context.CurrentModule!) is { } skipped)
            {
                outcome = skipped;
            }
            catch (Exception ex) when (ex is WasmLinkException or WasmTrap)
            {
                outcome = WastOutcome.Fail($"{command.Filename} should instantiate: {ex.Message}");
            }
            if (instance is not null && state.TaintedImport(context.CurrentModule!) is { } taint)
            {
                // it sees (and may pass on) state an unsupported module would have changed
                state.Tainted.TryAdd(instance, taint);
            }
        }
        else if (outcome.SkipReason == WastSkipReason.Unsupported)
        {
            state.TaintImportsOf(context.ReadModuleBytes(command), outcome);
        }
        var slot = new ModuleSlot(instance, outcome);
        state.Current = slot;
        if (command.Name is not null)
        {
            state.Named[command.Name] = slot;
        }
        return outcome;
    }

    /// <summary><c>register</c>: the instance's exports become importable under the given name.</summary>
    public WastOutcome Register(WastContext context, WastCommand command)
    {
        var state = GetState(context);
        var name = command.As ?? throw new FormatException("register has no \"as\"");
        if (!TryGetInstance(state, command.Name, out var instance, out var missing))
        {
            if (missing.Kind == WastOutcomeKind.Skipped)
            {
                state.SkippedRegistrations[name] = missing;
            }
            return missing;
        }
        state.SkippedRegistrations.Remove(name);
        state.Registered[name] = instance;
        state.Linker.DefineInstance(name, instance);
        return WastOutcome.Pass();
    }

    /// <summary><c>action</c>: the invoke or get must complete; its results are not checked.</summary>
    public WastOutcome Action(WastContext context, WastCommand command)
    {
        var outcome = Perform(context, command, out _);
        return outcome ?? WastOutcome.Pass();
    }

    /// <summary><c>assert_return</c>: the action's results must match the expected values.</summary>
    public WastOutcome AssertReturn(WastContext context, WastCommand command)
    {
        WasmValue[] results;
        try
        {
            if (Perform(context, command, out results) is { } outcome)
            {
                return outcome;
            }
        }
        catch (WasmTrap trap)
        {
            return WastOutcome.Fail($"{Describe(command.Action)} trapped: {trap.Message}");
        }
        if (command.Expected is { } expected)
        {
            if (results.Length != expected.Length)
            {
                return WastOutcome.Fail($"{Describe(command.Action)} returned {results.Length} values, expected {expected.Length}");
            }
            for (var i = 0; i < results.Length; i++)
            {
                if (!Matches(results[i], expected[i]))
                {
                    return WastOutcome.Fail($"{Describe(command.Action)} result {i}: got {Format(results[i], expected[i].LaneType)}, expected {expected[i]}");
                }
            }
            return WastOutcome.Pass();
        }
        if (command.Either is { } either)
        {
            // Each alternative is one complete (single-value) result.
            return results.Length == 1 && either.Any(e => Matches(results[0], e))
                ? WastOutcome.Pass()
                : WastOutcome.Fail($"{Describe(command.Action)} returned {string.Join(", ", results.Select(v => Format(v)))}, expected one of {string.Join(", ", either)}");
        }
        return results.Length == 0 ? WastOutcome.Pass() : WastOutcome.Fail($"{Describe(command.Action)} returned {results.Length} values, expected none");
    }

    /// <summary><c>assert_trap</c>: the action (or, in the module form, instantiation) must trap with the expected kind.</summary>
    public WastOutcome AssertTrap(WastContext context, WastCommand command)
    {
        if (command.Action is null)
        {
            return AssertUninstantiable(context, command);
        }
        try
        {
            if (Perform(context, command, out var results) is { } outcome)
            {
                return outcome;
            }
            return WastOutcome.Fail($"{Describe(command.Action)} returned {FormatAll(results)}; expected trap \"{command.Text}\"");
        }
        catch (WasmTrap trap)
        {
            return TrapMatches(trap, command.Text)
                ? WastOutcome.Pass()
                : WastOutcome.Fail($"{Describe(command.Action)} trapped with \"{trap.Message}\"; expected \"{command.Text}\"");
        }
    }

    /// <summary><c>assert_exhaustion</c>: the action must trap because the call stack is exhausted.</summary>
    public WastOutcome AssertExhaustion(WastContext context, WastCommand command)
    {
        try
        {
            if (Perform(context, command, out var results) is { } outcome)
            {
                return outcome;
            }
            return WastOutcome.Fail($"{Describe(command.Action)} returned {FormatAll(results)}; expected call stack exhaustion");
        }
        catch (WasmTrap trap)
        {
            return trap.Kind == TrapKind.CallStackExhausted
                ? WastOutcome.Pass()
                : WastOutcome.Fail($"{Describe(command.Action)} trapped with \"{trap.Message}\"; expected call stack exhaustion");
        }
    }

    /// <summary>
    /// <c>assert_exception</c>: the action must end in an uncaught wasm exception. Only modules of
    /// exception handling throw one, and those are unsupported, so a module that ran passes nothing.
    /// </summary>
    public WastOutcome AssertException(WastContext context, WastCommand command)
    {
        try
        {
            if (Perform(context, command, out var results) is { } outcome)
            {
                return outcome;
            }
            return WastOutcome.Fail($"{Describe(command.Action)} returned {FormatAll(results)}; expected an exception");
        }
        catch (WasmTrap trap)
        {
            return WastOutcome.Fail($"{Describe(command.Action)} trapped with \"{trap.Message}\"; expected an exception");
        }
    }

    /// <summary><c>assert_unlinkable</c>: the module is valid but its imports cannot be satisfied.</summary>
    public WastOutcome AssertUnlinkable(WastContext context, WastCommand command) =>
        InstantiateExpectingFailure(context, command, $"link error \"{command.Text}\"", failure => failure is WasmTrap trap
            ? WastOutcome.Fail($"{command.Filename} trapped with \"{trap.Message}\"; expected link error \"{command.Text}\"")
            : WastOutcome.Pass());

    /// <summary><c>assert_uninstantiable</c>: the module links, but a segment or the start function traps.</summary>
    public WastOutcome AssertUninstantiable(WastContext context, WastCommand command) =>
        InstantiateExpectingFailure(context, command, $"trap \"{command.Text}\"", failure => failure switch
        {
            WasmTrap trap when TrapMatches(trap, command.Text) => WastOutcome.Pass(),
            WasmTrap trap => WastOutcome.Fail($"{command.Filename} trapped with \"{trap.Message}\"; expected \"{command.Text}\""),
            _ => WastOutcome.Fail($"{command.Filename} failed to link ({failure.Message}); expected trap \"{command.Text}\""),
        });

    /// <summary>Instantiates the command's module, which should fail; <paramref name="judge"/> rules on the link error or trap.</summary>
    private WastOutcome InstantiateExpectingFailure(WastContext context, WastCommand command, string expected, Func<WasmException, WastOutcome> judge)
    {
        var state = GetState(context);
        if (LoadModule(context, command, out var module) is { } outcome)
        {
            if (outcome.SkipReason == WastSkipReason.Unsupported && command.Type != "assert_unlinkable")
            {
                // it would have linked and then written to what it imports before trapping; a
                // module that does not link changes nothing
                state.TaintImportsOf(context.ReadModuleBytes(command), outcome);
            }
            return outcome;
        }
        try
        {
            Instantiate(state, module, null);
            return WastOutcome.Fail($"{command.Filename} instantiated; expected {expected}");
        }
        catch (WasmLinkException) when (state.SkippedImport(module) is { } skipped)
        {
            return skipped;
        }
        catch (WasmException failure) when (failure is WasmLinkException or WasmTrap)
        {
            return judge(failure);
        }
    }

    private Instance Instantiate(State state, ValidatedModule module, string? name) =>
        state.Linker.Instantiate(state.Store, _engine.Compile(module), name);

    /// <summary>Loads the module of an assertion about a module; a non-null result ends the command.</summary>
    private static WastOutcome? LoadModule(WastContext context, WastCommand command, out ValidatedModule module)
    {
        module = null!;
        if (command.IsTextModule)
        {
            return WastOutcome.Skip(WastSkipReason.TextModule);
        }
        try
        {
            module = context.LoadModule(command);
            return null;
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

    private static bool TryGetInstance(State state, string? name, out Instance instance, out WastOutcome missing)
    {
        ModuleSlot slot;
        if (name is null)
        {
            slot = state.Current;
        }
        else if (!state.Named.TryGetValue(name, out slot))
        {
            instance = null!;
            missing = WastOutcome.Fail($"no module named {name}");
            return false;
        }
        if (slot.Instance is { } found)
        {
            instance = found;
            missing = default;
            return true;
        }
        instance = null!;
        missing = slot.Outcome.Kind switch
        {
            WastOutcomeKind.Skipped => slot.Outcome,
            WastOutcomeKind.Failed => WastOutcome.Fail($"module {name ?? "(current)"} failed: {slot.Outcome.Reason}"),
            _ => WastOutcome.Fail("no module defined"),
        };
        return false;
    }

    /// <summary>
    /// Runs the command's action. Returns an outcome when the action cannot run (no module, no such
    /// export); traps propagate to the caller.
    /// </summary>
    private static WastOutcome? Perform(WastContext context, WastCommand command, out WasmValue[] results)
    {
        results = [];
        var action = command.Action ?? throw new FormatException($"{command.Type} has no action");
        if (context.EngineState is not State state)
        {
            // an action before any module command
            return WastOutcome.Fail("no module defined");
        }
        if (!TryGetInstance(state, action.Module, out var instance, out var missing))
        {
            return missing;
        }
        if (state.Tainted.TryGetValue(instance, out var taint))
        {
            return taint;
        }
        switch (action.Type)
        {
            case "invoke":
            {
                if (instance.GetFunction(action.Field) is not { } function)
                {
                    return WastOutcome.Fail($"no exported function \"{action.Field}\"");
                }
                var args = new WasmValue[action.Args.Length];
                for (var i = 0; i < args.Length; i++)
                {
                    args[i] = ParseValue(action.Args[i]);
                }
                results = function.Invoke(state.Store, args);
                return null;
            }
            case "get":
            {
                if (instance.GetGlobal(action.Field) is not { } global)
                {
                    return WastOutcome.Fail($"no exported global \"{action.Field}\"");
                }
                results = [global.GetValue()];
                return null;
            }
            default:
                return WastOutcome.Fail($"unknown action type \"{action.Type}\"");
        }
    }

    /// <summary>An argument: numbers are the decimal form of their bit pattern, references null or a host number, v128 lanes.</summary>
    private static WasmValue ParseValue(WastValue value)
    {
        if (value.Type == "v128")
        {
            return WastV128.Parse(value);
        }
        var text = value.Value ?? throw new FormatException($"argument {value} has no value");
        return value.Type switch
        {
            "i32" => WasmValue.I32((int)ParseBits(text, 32)),
            "i64" => WasmValue.I64((long)ParseBits(text, 64)),
            "f32" => WasmValue.F32Bits((uint)ParseBits(text, 32)),
            "f64" => WasmValue.F64Bits(ParseBits(text, 64)),
            "externref" => text == "null" ? WasmValue.Null(ValueType.ExternRef) : WasmValue.ExternRef(new HostReference(ParseBits(text, 64))),
            "funcref" when text == "null" => WasmValue.Null(ValueType.FuncRef),
            _ => throw new FormatException($"unsupported argument {value}"),
        };
    }

    /// <summary>wast2json writes bit patterns as unsigned decimals; negative forms are accepted too.</summary>
    private static ulong ParseBits(string text, int width)
    {
        if (ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var u))
        {
            return width == 32 ? (uint)u : u;
        }
        var s = long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return width == 32 ? (uint)(int)s : (ulong)s;
    }

    private static bool Matches(WasmValue actual, WastValue expected)
    {
        var text = expected.Value;
        switch (expected.Type)
        {
            case "i32":
                return actual.Type == ValueType.I32 && (uint)actual.Bits == (uint)ParseBits(text!, 32);
            case "i64":
                return actual.Type == ValueType.I64 && actual.Bits == ParseBits(text!, 64);
            case "f32":
            {
                if (actual.Type != ValueType.F32)
                {
                    return false;
                }
                var bits = (uint)actual.Bits;
                return text switch
                {
                    "nan:canonical" => (bits & 0x7FFF_FFFFu) == 0x7FC0_0000u,
                    "nan:arithmetic" => (bits & 0x7FC0_0000u) == 0x7FC0_0000u,
                    _ => bits == (uint)ParseBits(text!, 32),
                };
            }
            case "f64":
            {
                if (actual.Type != ValueType.F64)
                {
                    return false;
                }
                var bits = actual.Bits;
                return text switch
                {
                    "nan:canonical" => (bits & 0x7FFF_FFFF_FFFF_FFFFul) == 0x7FF8_0000_0000_0000ul,
                    "nan:arithmetic" => (bits & 0x7FF8_0000_0000_0000ul) == 0x7FF8_0000_0000_0000ul,
                    _ => bits == ParseBits(text!, 64),
                };
            }
            case "v128":
                return WastV128.Matches(actual, expected);
            case "funcref":
                // A non-null expected funcref (ref.func) only says "some function".
                return actual.Type == ValueType.FuncRef && (text == "null" ? actual.IsNull : !actual.IsNull);
            case "ref":
                // (ref.null) with no heap type: any null reference; (ref) any non-null one
                return actual.Type.IsReference() && (text == "null" ? actual.IsNull : !actual.IsNull);
            case "externref":
                return actual.Type == ValueType.ExternRef && (text == "null"
                    ? actual.IsNull
                    : text is null ? !actual.IsNull : Equals(actual.Reference, new HostReference(ParseBits(text, 64))));
            default:
                return false;
        }
    }

    /// <summary>
    /// The scripts give a trap's message text; a trap matches when its kind's message starts the
    /// expected text (the suite writes "uninitialized element 2" for "uninitialized element").
    /// </summary>
    private static bool TrapMatches(WasmTrap trap, string? expectedText) =>
        expectedText is null || (trap.Kind != TrapKind.Host && expectedText.StartsWith(WasmTrap.DefaultMessage(trap.Kind), StringComparison.Ordinal));

    private static string Describe(WastAction? action) =>
        action is null ? "(no action)" : $"{action.Type} \"{action.Field}\"({string.Join(", ", action.Args.Select(a => a.ToString()))})";

    private static string FormatAll(WasmValue[] values) => values.Length == 0 ? "nothing" : string.Join(", ", values.Select(v => Format(v)));

    private static string Format(WasmValue value, string? laneType = null) => value.Type switch
    {
        ValueType.V128 => WastV128.Format(value, laneType),
        ValueType.I32 => $"i32:{(uint)value.Bits}",
        ValueType.I64 => $"i64:{value.Bits}",
        ValueType.F32 => $"f32:{(uint)value.Bits} ({value.AsF32().ToString("R", CultureInfo.InvariantCulture)})",
        ValueType.F64 => $"f64:{value.Bits} ({value.AsF64().ToString("R", CultureInfo.InvariantCulture)})",
        _ => value.ToString(),
    };
}
