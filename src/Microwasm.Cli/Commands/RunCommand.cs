using System.CommandLine;
using Microwasm.Cli.Run;
using Microwasm.Runtime;

namespace Microwasm.Cli.Commands;

/// <summary>
/// <c>microwasm run [options] FILE.wasm [ARGS...]</c>, WAMR's <c>iwasm</c>: runs a WASI command's
/// <c>_start</c>, else <c>main</c> (a builtin-libc program), else the function named by
/// <c>-f</c>; or, with <c>--repl</c>, calls exports line by line. See docs/cli.md and
/// <see cref="ModuleRunner"/> for the exit status.
/// </summary>
/// <remarks>
/// As with iwasm, options go before FILE and everything after it belongs to the program, even
/// words that look like options: <see cref="SeparateGuestArguments"/> puts a <c>--</c> after FILE
/// before the parser sees the line.
/// </remarks>
internal static class RunCommand
{
    public static Command Create(RunConsole console)
    {
        var file = new Argument<string>("file")
        {
            Description = "The .wasm (or .wat) module to run, or a .mwasm file made by `microwasm compile`. " + CompileCommand.TrustNote,
        };
        var args = new Argument<string[]>("args")
        {
            Description = "The program's arguments (argv[1...]); with -f, the function's: i32/i64 in decimal or 0x hex, f32/f64 in decimal, nan, inf or -inf",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var settings = new RunSettingOptions();
        var repl = new Option<bool>("--repl")
        {
            Description = "Read 'NAME ARGS...' lines from standard input and call those exported functions",
        };
        var verbose = CommandParts.Verbose("Report each phase, its time and the entry point on standard error");
        var engine = CommandParts.Engine("The execution engine");
        var display = Serve.DisplayCli.Create();

        var command = new Command("run", "Run a WebAssembly program (WASI or builtin libc) or call one of its functions, like iwasm")
        {
            file,
            args,
        };
        settings.AddTo(command);
        command.Options.Add(repl);
        command.Options.Add(verbose);
        command.Options.Add(engine);
        display.AddTo(command);
        command.SetAction(parseResult =>
        {
            // with a display the module is an applet (on_init, timers, WAMR's LittlevGL natives), run as serve runs one
            var (screen, error) = display.Parse(parseResult, token: null, insecure: false, tokenHint: "use microwasm serve --display with --token");
            if (error is not null)
            {
                console.Err.WriteLine($"microwasm: {error}");
                return 2;
            }
            return screen is not null
                ? Serve.DisplayCli.RunApplet(screen, parseResult.GetValue(file)!, parseResult.GetValue(settings.HeapSize), parseResult.GetValue(settings.MaxMemoryPages),
                    parseResult.GetValue(settings.Timeout) is { } ms ? TimeSpan.FromMilliseconds(ms) : null, console)
                : Run(parseResult);
        });
        return command;

        int Run(ParseResult parseResult) => new ModuleRunner(settings.Read(parseResult, parseResult.GetValue(file)!, parseResult.GetValue(args) ?? []) with
        {
            Repl = parseResult.GetValue(repl),
            Verbose = parseResult.GetValue(verbose),
            Engine = parseResult.GetValue(engine) ?? Engines.Default,
        }, console).Run();
    }

    /// <summary>
    /// When <paramref name="args"/> is a <c>run</c> command line, inserts <c>--</c> after FILE so
    /// the parser hands every later word to the program; other command lines pass unchanged.
    /// </summary>
    /// <param name="run">The run command, whose options say which of them take a value.</param>
    /// <param name="args">The whole command line, command name first.</param>
    public static string[] SeparateGuestArguments(Command run, string[] args)
    {
        if (args.Length == 0 || args[0] != run.Name)
        {
            return args;
        }
        for (var i = 1; i < args.Length; i++)
        {
            var word = args[i];
            if (word == "--")
            {
                return args;
            }
            if (word.StartsWith('-') && word.Length > 1)
            {
                // "--name=value" carries its value; "--name value" takes the next word
                if (!word.Contains('=') && TakesValue(run, word))
                {
                    i++;
                }
                continue;
            }
            return i == args.Length - 1 ? args : [.. args[..(i + 1)], "--", .. args[(i + 1)..]];
        }
        return args;
    }

    private static bool TakesValue(Command command, string name)
    {
        foreach (var option in command.Options)
        {
            if (option.Name == name || option.Aliases.Contains(name))
            {
                return option.ValueType != typeof(bool);
            }
        }
        return false;
    }
}
