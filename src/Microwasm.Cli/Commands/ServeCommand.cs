using System.CommandLine;
using System.IO.Ports;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microwasm.AppFramework.Applets;
using Microwasm.AppFramework.Extensions.Connections;
using Microwasm.AppFramework.Extensions.Sensors;
using Microwasm.AppFramework.Transports;
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
        var listen = new Option<string?>("--listen")
        {
            Description = "Serve WAMR's wire protocol over TCP (WAMR's host_tool connects here): ADDR:PORT, default 127.0.0.1:8888",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var insecure = new Option<bool>("--insecure") { Description = "Allow --listen on a non-loopback address without a token" };
        var token = new Option<string?>("--token") { Description = "Every connection must present this token first (POST /microwasm/auth); WAMR's host_tool cannot" };
        var tokenFile = new Option<string?>("--token-file") { Description = "Read the token from this file (its first line)" };
        var stdio = new Option<bool>("--stdio") { Description = "Serve WAMR's wire protocol on standard input and output (applet output goes to standard error); stops when the input ends" };
        var serial = new Option<string?>("--serial") { Description = "Serve WAMR's wire protocol on a serial device (e.g. /dev/ttyUSB0), as WAMR's runtime with UART" };
        var baud = new Option<int>("--baud") { Description = "The serial device's baud rate", DefaultValueFactory = _ => 115200 };
        var sensors = new Option<string[]>("--sensor")
        {
            HelpName = "NAME[:INSTANCE]=SIGNAL",
            Description = "Add a simulated sensor applets can open (repeatable): NAME[:INSTANCE]=SIGNAL, where SIGNAL is "
                + "constant,value=V | sine,offset=O,amplitude=A,period=READINGS | ramp,start=S,step=D[,end=E], "
                + "each optionally with noise=X,seed=N (deterministic noise) and interval=MS (default 1000); "
                + "e.g. --sensor temp=sine,offset=20,amplitude=5,period=60. Linux thermal zones are sensor \"thermal\", instance N",
            AllowMultipleArgumentsPerToken = false,
            Arity = ArgumentArity.ZeroOrMore,
        };
        var allowConnect = new Option<string[]>("--allow-connect")
        {
            HelpName = "HOST:PORT",
            Description = "Let applets open TCP connections to, and send UDP datagrams to, HOST:PORT (repeatable; [::1]:PORT for IPv6). Nothing is allowed by default",
            AllowMultipleArgumentsPerToken = false,
            Arity = ArgumentArity.ZeroOrMore,
        };
        var allowSerial = new Option<string[]>("--allow-serial")
        {
            HelpName = "DEV",
            Description = "Let applets open serial device DEV as a UART connection (repeatable, the path as applets give it)",
            AllowMultipleArgumentsPerToken = false,
            Arity = ArgumentArity.ZeroOrMore,
        };
        var tlsCert = new Option<string?>("--tls-cert") { Description = "Serve TCP connections over TLS with this certificate: PEM (key inside or in --tls-key) or PKCS#12 (.pfx, .p12)" };
        var tlsKey = new Option<string?>("--tls-key") { Description = "The PEM private key of --tls-cert, when not in the same file" };
        var verbose = CommandParts.Verbose("Log every install, uninstall and refused message (--log-level information)");
        var logLevel = new Option<LogLevel?>("--log-level") { Description = "What the manager logs on standard error: Trace, Debug, Information, Warning (default), Error, Critical or None" };
        var display = DisplayCli.Create();
        var command = new Command("serve", "Run an application manager with wasm applets until Ctrl-C")
        {
            applets, heap, maxPages, watchdog, timers, faults, maxApplets, queue, wasi, listen, insecure, token, tokenFile, stdio, serial, baud,
            tlsCert, tlsKey, sensors, allowConnect, allowSerial, verbose, logLevel,
        };
        display.AddTo(command);
        command.SetAction((parseResult, cancellationToken) =>
        {
            if (!Serve.AppFrameworkSwitch.IsSupported)
            {
                return Task.FromResult(Serve.AppFrameworkSwitch.Refuse(console, "serve"));
            }
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
            var secret = parseResult.GetValue(token);
            if (parseResult.GetValue(tokenFile) is { } path)
            {
                try
                {
                    secret = File.ReadLines(path).FirstOrDefault()?.Trim();
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    console.Err.WriteLine($"microwasm: cannot read the token file: {e.Message}");
                    return Task.FromResult(2);
                }
                if (string.IsNullOrEmpty(secret))
                {
                    console.Err.WriteLine($"microwasm: the token file {path} is empty");
                    return Task.FromResult(2);
                }
            }
            var (screen, displayError) = display.Parse(parseResult, secret, parseResult.GetValue(insecure));
            if (displayError is not null)
            {
                console.Err.WriteLine($"microwasm: {displayError}");
                return Task.FromResult(2);
            }
            var options = new AppManagerOptions
            {
                MaxApplets = parseResult.GetValue(maxApplets),
                QueueCapacity = parseResult.GetValue(queue),
                DefaultApplet = defaults,
                Logger = new ConsoleLogger(console.Err, parseResult.GetValue(logLevel) ?? (parseResult.GetValue(verbose) ? LogLevel.Information : LogLevel.Warning)),
                Display = screen?.Options,
                Output = name => new PrefixedLineWriter(parseResult.GetValue(stdio) ? console.Err : console.Out, $"[{name}] "),
                Sensors = new SensorRegistry(),
                Connections = new ConnectionPolicy(),
            };
            if (ConfigureExtensions(options, parseResult.GetValue(sensors) ?? [], parseResult.GetValue(allowConnect) ?? [], parseResult.GetValue(allowSerial) ?? []) is { } badExtension)
            {
                console.Err.WriteLine("microwasm: " + badExtension);
                return Task.FromResult(2);
            }
            IPEndPoint? endpoint = null;
            if (parseResult.GetResult(listen) is not null)
            {
                var text = parseResult.GetValue(listen);
                if (string.IsNullOrEmpty(text))
                {
                    endpoint = new IPEndPoint(IPAddress.Loopback, 8888);
                }
                else if (!IPEndPoint.TryParse(text, out endpoint) || text.LastIndexOf(':') < text.LastIndexOf(']') || !text.Contains(':'))
                {
                    console.Err.WriteLine($"microwasm: --listen wants ADDR:PORT (e.g. 127.0.0.1:8888), not \"{text}\"");
                    return Task.FromResult(2);
                }
                if (!IPAddress.IsLoopback(endpoint.Address) && secret is null && !parseResult.GetValue(insecure))
                {
                    console.Err.WriteLine($"microwasm: refusing to listen on {endpoint} without a token: it is not a loopback address; give --token or --token-file (or --insecure to allow anyone)");
                    return Task.FromResult(2);
                }
            }
            System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null;
            if (parseResult.GetValue(tlsCert) is { } certificatePath)
            {
                try
                {
                    certificate = Tls.LoadServerCertificate(certificatePath, parseResult.GetValue(tlsKey));
                }
                catch (InvalidDataException e)
                {
                    console.Err.WriteLine($"microwasm: {e.Message}");
                    return Task.FromResult(2);
                }
            }
            else if (parseResult.GetValue(tlsKey) is not null)
            {
                console.Err.WriteLine("microwasm: --tls-key needs --tls-cert");
                return Task.FromResult(2);
            }
            if (endpoint is not null && !IPAddress.IsLoopback(endpoint.Address) && secret is not null && certificate is null)
            {
                console.Err.WriteLine($"microwasm: warning: the token crosses the network to {endpoint} in clear; give --tls-cert to protect it");
            }
            return RunAsync(options, parseResult.GetValue(applets) ?? [], console, cancellationToken, endpoint,
                new RemoteServerOptions { Token = secret, TlsCertificate = certificate }, parseResult.GetValue(stdio), parseResult.GetValue(serial), parseResult.GetValue(baud), screen);
        });
        return command;
    }

    /// <summary>
    /// Adds the <c>--sensor</c> sensors, then the machine's thermal zones (sensor "thermal", where
    /// present and not taken by a <c>--sensor thermal:N</c>), and the <c>--allow-connect</c> and
    /// <c>--allow-serial</c> rules; null, or what is wrong with an option.
    /// </summary>
    internal static string? ConfigureExtensions(AppManagerOptions options, IReadOnlyList<string> sensors, IReadOnlyList<string> endpoints, IReadOnlyList<string> devices)
    {
        foreach (var text in sensors)
        {
            try
            {
                options.Sensors.Add(SimulatedSensor.Parse(text));
            }
            catch (FormatException e)
            {
                return $"--sensor {text}: {e.Message}";
            }
            catch (ArgumentException)
            {
                return $"--sensor {text}: a sensor of that name and instance is already given";
            }
        }
        foreach (var zone in ThermalSensor.Discover())
        {
            if (!options.Sensors.TryFind(zone.Name, zone.Instance, out _, out _))
            {
                options.Sensors.Add(zone);
            }
        }
        foreach (var text in endpoints)
        {
            try
            {
                options.Connections.AllowEndpoint(text);
            }
            catch (FormatException e)
            {
                return $"--allow-connect: {e.Message}";
            }
        }
        foreach (var device in devices)
        {
            if (string.IsNullOrWhiteSpace(device))
            {
                return "--allow-serial wants a device path";
            }
            options.Connections.AllowSerialDevice(device);
        }
        return null;
    }

    /// <summary>Installs the applets, waits for a stop signal, then stops them all; 0 on a clean stop, 1 if an applet could not be installed.</summary>
    public static async Task<int> RunAsync(AppManagerOptions options, IReadOnlyList<string> applets, RunConsole console, CancellationToken cancellationToken, IPEndPoint? listen = null,
        RemoteServerOptions? remote = null, bool stdio = false, string? serial = null, int baud = 115200, DisplayCli.Settings? display = null)
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
        var pageFailed = false;
        await using var page = display?.Start(manager, console, options.Logger, specs.Count == 1 ? specs[0].Name : "Microwasm", out pageFailed);
        if (pageFailed)
        {
            return 1;
        }
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
        await using var server = new RemoteManagerServer(manager, remote);
        if (listen is not null)
        {
            try
            {
                var bound = server.ListenTcp(listen);
                console.Err.WriteLine($"microwasm: listening on {bound} (WAMR's wire protocol{(remote?.TlsCertificate is null ? "" : " over TLS")})");
            }
            catch (SocketException e)
            {
                console.Err.WriteLine($"microwasm: cannot listen on {listen}: {e.Message}");
                return 1;
            }
        }
        SerialPort? port = null;
        if (serial is not null)
        {
            try
            {
                port = new SerialPort(serial, baud, Parity.None, 8, StopBits.One) { Handshake = Handshake.None };
                port.Open();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
            {
                console.Err.WriteLine($"microwasm: cannot open the serial device {serial} at {baud} baud: {e.Message}");
                port?.Dispose();
                return 1;
            }
            catch (DllNotFoundException)
            {
                console.Err.WriteLine($"microwasm: cannot open the serial device {serial}: {CommandParts.SerialLibraryMissing}");
                port?.Dispose();
                return 1;
            }
            _ = server.ServeAsync(port.BaseStream, port.BaseStream, "serial " + serial, stop.Token);
            console.Err.WriteLine($"microwasm: serving {serial} at {baud} baud (WAMR's wire protocol)");
        }
        using var serialPort = port;
        console.Err.WriteLine($"microwasm: serving {manager.List().Count} applet(s); Ctrl-C stops");
        try
        {
            if (stdio)
            {
                // the end of the input ends the server, as for any filter
                await server.ServeAsync(Console.OpenStandardInput(), Console.OpenStandardOutput(), "stdio", stop.Token).WaitAsync(stop.Token);
            }
            else
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
        console.Err.WriteLine("microwasm: stopping");
        await server.DisposeAsync();
        if (page is not null)
        {
            await page.DisposeAsync();
        }
        var snapshotWritten = display?.Finish(manager, console) ?? true;
        await manager.DisposeAsync();
        console.Out.Flush();
        console.Err.WriteLine("microwasm: stopped");
        return snapshotWritten ? 0 : 1;
    }
}
