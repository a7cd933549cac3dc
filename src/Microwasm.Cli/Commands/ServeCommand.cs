using System.CommandLine;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microwasm.AppFramework.Applets;
using Microwasm.Cli.Run;
using Microwasm.Cli.Serve;

namespace Microwasm.Cli.Commands;

/// <summary>
/// <c>microwasm serve --applet NAME=FILE.wasm ...</c>: runs an application manager in this process with
/// those applets, their output prefixed by their names, until Ctrl-C or SIGTERM, then stops each
/// applet (its <c>on_destroy</c> runs). A thin layer on <see cref="AppManager"/>.
/// </summary>
internal static class ServeCommand
{
    public static Command Create(RunConsole console)
    {
        var applets = new Option<string[]>("--applet", "-a")
        {
            Description = "Install an applet at start: NAME=FILE.wasm (repeatable)",
            AllowMultipleArgumentsPerToken = false,
            Arity = ArgumentArity.ZeroOrMore,
        };
        var heap = new Option<uint?>("--heap") { Description = "Each applet's app heap in bytes (WAMR's heap=; default 8192, clamped to 256 B .. 512 MiB)" };
        var maxPages = new Option<uint?>("--max-memory-pages") { Description = "Each applet's linear memory limit in 64 KiB pages (default 256)" };
        var watchdog = new Option<int?>("--watchdog") { Description = "Longest a message may run, in ms, before the watchdog stops the applet (default 10000)" };
        var timers = new Option<int?>("--timers") { Description = "Most timers per applet (default 20)" };
        var faults = new Option<string>("--on-trap")
        {
            Description = "What a trap does to an applet: stop, restart (on_init again) or continue (WAMR's behaviour)",
            DefaultValueFactory = _ => "stop",
        };
        faults.AcceptOnlyFromAmong("stop", "restart", "continue");
        var maxApplets = new Option<int>("--max-applets") { Description = "Most applets installed at once", DefaultValueFactory = _ => 64 };
        var queue = new Option<int>("--queue") { Description = "Messages each applet's queue holds", DefaultValueFactory = _ => 256 };
        var wasi = new Option<bool>("--wasi") { Description = "Give applets WASI preview 1 (off by default, as in WAMR's framework)" };
        var verbose = CommandParts.Verbose("Log every install, uninstall and refused message");
        var command = new Command("serve", "Run an application manager with wasm applets until Ctrl-C")
        {
            applets, heap, maxPages, watchdog, timers, faults, maxApplets, queue, wasi, verbose,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var defaults = new AppletOptions
            {
                HeapSize = parseResult.GetValue(heap),
                MaxMemoryPages = parseResult.GetValue(maxPages),
                WatchdogTimeout = parseResult.GetValue(watchdog) is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
                MaxTimers = parseResult.GetValue(timers),
                FaultPolicy = parseResult.GetValue(faults) switch
                {
                    "restart" => AppletFaultPolicy.Restart,
                    "continue" => AppletFaultPolicy.Continue,
                    _ => AppletFaultPolicy.Stop,
                },
                EnableWasi = parseResult.GetValue(wasi),
            };
            var options = new AppManagerOptions
            {
                MaxApplets = parseResult.GetValue(maxApplets),
                QueueCapacity = parseResult.GetValue(queue),
                DefaultApplet = defaults,
                Logger = new ConsoleLogger(console.Err, parseResult.GetValue(verbose) ? LogLevel.Information : LogLevel.Warning),
                Output = name => new PrefixedLineWriter(console.Out, $"[{name}] "),
            };
            return RunAsync(options, parseResult.GetValue(applets) ?? [], console, cancellationToken);
        });
        return command;
    }

    /// <summary>Installs the applets, waits for a stop signal, then stops them all; 0 on a clean stop, 1 if an applet could not be installed.</summary>
    public static async Task<int> RunAsync(AppManagerOptions options, IReadOnlyList<string> applets, RunConsole console, CancellationToken cancellationToken)
    {
        var specs = new List<(string Name, string File)>();
        foreach (var applet in applets)
        {
            var equals = applet.IndexOf('=');
            if (equals <= 0 || equals == applet.Length - 1)
            {
                console.Err.WriteLine($"microwasm: --applet wants NAME=FILE.wasm, not \"{applet}\"");
                return 2;
            }
            specs.Add((applet[..equals], applet[(equals + 1)..]));
        }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Cancel(); });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
        await using var manager = new AppManager(options);
        foreach (var (name, file) in specs)
        {
            try
            {
                await manager.InstallAsync(name, await File.ReadAllBytesAsync(file, stop.Token));
            }
            catch (Exception e) when (e is AppletInstallException or IOException or UnauthorizedAccessException)
            {
                console.Err.WriteLine($"microwasm: {e.Message}");
                return 1;
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        console.Err.WriteLine($"microwasm: serving {manager.List().Count} applet(s); Ctrl-C stops");
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }
        console.Err.WriteLine("microwasm: stopping");
        await manager.DisposeAsync();
        console.Out.Flush();
        console.Err.WriteLine("microwasm: stopped");
        return 0;
    }
}
