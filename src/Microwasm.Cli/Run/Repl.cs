using Microwasm.Model;
using Microwasm.Runtime;

namespace Microwasm.Cli.Run;

/// <summary>
/// <c>--repl</c>, as iwasm's: each line of standard input is <c>NAME ARGS...</c>; the exported
/// function is called on the one instance (its memory and globals persist between lines) and its
/// results printed as <c>--function</c> prints them. <c>exit</c>, <c>quit</c> or the end of input
/// ends it; <c>help</c> lists the exported functions.
/// </summary>
internal sealed class Repl
{
    private const string Prompt = "webassembly> ";

    private readonly Instance _instance;
    private readonly RunConsole _console;
    private readonly Func<FunctionInstance, WasmValue[], WasmValue[]> _call;

    /// <param name="instance">The instance whose exports are called.</param>
    /// <param name="console">Where lines are read and results written.</param>
    /// <param name="call">Makes one top-level call (under the watchdog).</param>
    public Repl(Instance instance, RunConsole console, Func<FunctionInstance, WasmValue[], WasmValue[]> call)
    {
        _instance = instance;
        _console = console;
        _call = call;
    }

    /// <summary>Reads lines until <c>exit</c> or the end of input; returns 0, or the guest's status if it exits.</summary>
    /// <exception cref="WasmExitException">The guest called exit: the session ends with its status.</exception>
    public int Run()
    {
        using var input = new StreamReader(_console.Input, leaveOpen: true);
        while (true)
        {
            if (_console.IsInteractive)
            {
                _console.Out.Write(Prompt);
            }
            var line = input.ReadLine();
            if (line is null)
            {
                return 0;
            }
            var words = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0)
            {
                continue;
            }
            switch (words[0])
            {
                case "exit" or "quit":
                    return 0;
                case "help":
                    ListFunctions();
                    continue;
                default:
                    Execute(words[0], words.AsSpan(1).ToArray());
                    continue;
            }
        }
    }

    private void Execute(string name, string[] args)
    {
        if (_instance.GetFunction(name) is not { } function)
        {
            _console.Err.WriteLine($"error: no exported function {WasmName.Quote(name)} (help lists them)");
            return;
        }
        try
        {
            var results = _call(function, WasmValueText.ParseArguments(function.Type, args));
            foreach (var result in results)
            {
                _console.Out.WriteLine(WasmValueText.FormatResult(result));
            }
        }
        catch (FormatException ex)
        {
            _console.Err.WriteLine($"error: {WasmName.Escape(name)}: {ex.Message}");
        }
        catch (WasmTrap trap)
        {
            // A trap ends the call, not the session; the instance stays usable as in iwasm.
            _console.Err.WriteLine($"Exception: {(trap.Kind == TrapKind.Interrupted ? "timed out (--timeout)" : trap.Message)}");
            ModuleRunner.WriteStack(_console.Err, trap);
        }
    }

    private void ListFunctions()
    {
        foreach (var (name, value) in _instance.Exports)
        {
            if (value is FunctionInstance function)
            {
                _console.Out.WriteLine($"{WasmName.Escape(name)} {function.Type}");
            }
        }
    }
}
