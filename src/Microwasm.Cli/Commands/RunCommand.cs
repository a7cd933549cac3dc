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
        var function = new Option<string?>("--function", "-f", "--invoke")
        {
            Description = "Call this exported function instead of _start or main and print its results",
            HelpName = "NAME",
        };
        var stackSize = new Option<ulong?>("--stack-size")
        {
            Description = $"The wasm stack in bytes: the value stack (8 bytes a slot) and a call depth of one level per {RunOptions.BytesPerCallLevel} bytes (default: 8 MiB of slots, depth 50000)",
            HelpName = "BYTES",
        };
        var heapSize = new Option<uint>("--heap-size")
        {
            Description = "The app heap of a builtin-libc module, for malloc and main's argv",
            HelpName = "BYTES",
            DefaultValueFactory = _ => AppHeap.DefaultSize,
        };
        var env = new Option<string[]>("--env")
        {
            Description = "An environment variable for the WASI program (repeatable)",
            HelpName = "NAME=VALUE",
        };
        var dir = new Option<string[]>("--dir")
        {
            Description = "Pre-open a host directory for the WASI program under the same name (repeatable)",
            HelpName = "DIR",
        };
        var mapDir = new Option<string[]>("--map-dir")
        {
            Description = "Pre-open host directory HOST as GUEST for the WASI program (repeatable)",
            HelpName = "GUEST::HOST",
        };
        var maxMemoryPages = new Option<uint?>("--max-memory-pages")
        {
            Description = "Cap every memory at this many 64 KiB pages, on top of its declared maximum",
            HelpName = "PAGES",
        };
        var timeout = new Option<int?>("--timeout")
        {
            Description = $"Stop a call that runs longer than this (exit status {ModuleRunner.TimeoutExitCode})",
            HelpName = "MS",
        };
        timeout.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is <= 0)
            {
                result.AddError("--timeout must be a positive number of milliseconds");
            }
        });
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
            function,
            stackSize,
            heapSize,
            env,
            dir,
            mapDir,
            maxMemoryPages,
            timeout,
            repl,
            verbose,
            engine,
        };
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
                ? Serve.DisplayCli.RunApplet(screen, parseResult.GetValue(file)!, parseResult.GetValue(heapSize), parseResult.GetValue(maxMemoryPages),
                    parseResult.GetValue(timeout) is { } ms ? TimeSpan.FromMilliseconds(ms) : null, console)
                : Run(parseResult);
        });
        return command;

        int Run(ParseResult parseResult) => new ModuleRunner(new RunOptions
        {
            File = parseResult.GetValue(file)!,
            Arguments = parseResult.GetValue(args) ?? [],
            Function = parseResult.GetValue(function),
            StackSize = parseResult.GetValue(stackSize),
            HeapSize = parseResult.GetValue(heapSize),
            Environment = parseResult.GetValue(env) ?? [],
            Directories = parseResult.GetValue(dir) ?? [],
            MappedDirectories = parseResult.GetValue(mapDir) ?? [],
            MaxMemoryPages = parseResult.GetValue(maxMemoryPages),
            TimeoutMilliseconds = parseResult.GetValue(timeout),
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
