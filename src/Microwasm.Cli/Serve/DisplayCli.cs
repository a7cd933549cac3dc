using System.CommandLine;
using System.Net;
using Microsoft.Extensions.Logging;
using Microwasm.AppFramework.Applets;
using Microwasm.AppFramework.Extensions.Display;
using Microwasm.Cli.Run;

namespace Microwasm.Cli.Serve;

/// <summary>
/// The display options of <c>serve</c> and <c>run</c>: <c>--display [ADDR:PORT]</c> (the framebuffer
/// as a web page), <c>--display-size WxH</c>, <c>--display-png FILE</c> (a snapshot when the run ends).
/// Any of them gives the applets WAMR's LittlevGL natives.
/// </summary>
internal sealed class DisplayCli
{
    private DisplayCli(Option<string?> web, Option<string?> size, Option<string?> png)
    {
        Web = web;
        Size = size;
        Png = png;
    }

    public Option<string?> Web { get; }

    public Option<string?> Size { get; }

    public Option<string?> Png { get; }

    public static DisplayCli Create() => new(
        new Option<string?>("--display")
        {
            Description = "Give applets a display (WAMR's LittlevGL natives) shown as a live web page on ADDR:PORT, default 127.0.0.1:8080; a non-loopback address needs --token or --insecure",
            Arity = ArgumentArity.ZeroOrOne,
        },
        new Option<string?>("--display-size") { Description = "The display's size, WxH (default 320x240)" },
        new Option<string?>("--display-png") { Description = "Write the display as a PNG image to FILE when the run ends (implies a display; with run, --timeout MS ends the run)" });

    public void AddTo(Command command)
    {
        command.Options.Add(Web);
        command.Options.Add(Size);
        command.Options.Add(Png);
    }

    /// <summary>What the command line asked for: null when no display option was given; an error message when one is wrong.</summary>
    /// <param name="parseResult">The command line.</param>
    /// <param name="token">The token the command was given, or null.</param>
    /// <param name="insecure">Whether the command allows a non-loopback address without a token.</param>
    /// <param name="tokenHint">How to give a token on this command, for the message that refuses a non-loopback address without one.</param>
    public (Settings? Settings, string? Error) Parse(ParseResult parseResult, string? token, bool insecure, string tokenHint = "give --token or --token-file (or --insecure to allow anyone)")
    {
        var webGiven = parseResult.GetResult(Web) is not null;
        var sizeText = parseResult.GetValue(Size);
        var png = parseResult.GetValue(Png);
        if (!webGiven && sizeText is null && png is null)
        {
            return (null, null);
        }
        var options = new DisplayOptions();
        if (sizeText is not null)
        {
            var parts = sizeText.Split('x', 'X');
            if (parts.Length != 2 || !int.TryParse(parts[0], out var w) || !int.TryParse(parts[1], out var h)
                || w is < 1 or > DisplayOptions.MaxSize || h is < 1 or > DisplayOptions.MaxSize)
            {
                return (null, $"--display-size wants WxH with each 1..{DisplayOptions.MaxSize} (e.g. 320x240), not \"{sizeText}\"");
            }
            options = new DisplayOptions { Width = w, Height = h };
        }
        IPEndPoint? endpoint = null;
        if (webGiven)
        {
            var text = parseResult.GetValue(Web);
            if (string.IsNullOrEmpty(text))
            {
                endpoint = new IPEndPoint(IPAddress.Loopback, 8080);
            }
            else if (!text.Contains(':') || text.LastIndexOf(':') < text.LastIndexOf(']') || !IPEndPoint.TryParse(text, out endpoint))
            {
                return (null, $"--display wants ADDR:PORT (e.g. 127.0.0.1:8080), not \"{text}\"");
            }
            if (!IPAddress.IsLoopback(endpoint.Address) && token is null && !insecure)
            {
                return (null, $"refusing to show the display on {endpoint} without a token: it is not a loopback address; {tokenHint}");
            }
        }
        return (new Settings(options, endpoint, png, token), null);
    }

    /// <summary>
    /// <c>microwasm run --display... FILE.wasm</c>: runs FILE as an applet named after it, with the
    /// display, until Ctrl-C, SIGTERM or <paramref name="runFor"/>; the exit status of <c>serve</c>.
    /// </summary>
    public static int RunApplet(Settings settings, string file, uint heapSize, uint? maxMemoryPages, TimeSpan? runFor, RunConsole console)
    {
        if (!AppFrameworkSwitch.IsSupported)
        {
            return AppFrameworkSwitch.Refuse(console, "run with a display");
        }
        var name = Path.GetFileNameWithoutExtension(file);
        if (name.Length == 0)
        {
            name = "applet";
        }
        var options = new AppManagerOptions
        {
            Display = settings.Options,
            DefaultApplet = new AppletOptions { HeapSize = heapSize, MaxMemoryPages = maxMemoryPages },
            Logger = new ConsoleLogger(console.Err, LogLevel.Warning),
            Output = _ => new PrefixedLineWriter(console.Out, ""),
        };
        using var deadline = runFor is { } span ? new CancellationTokenSource(span) : new CancellationTokenSource();
        return Commands.ServeCommand.RunAsync(options, [$"{name}={file}"], console, deadline.Token, display: settings).GetAwaiter().GetResult();
    }

    /// <summary>The display a command runs with.</summary>
    public sealed record Settings(DisplayOptions Options, IPEndPoint? Web, string? PngFile, string? Token)
    {
        /// <summary>Starts the web page, if asked for; null when there is none or it cannot listen (said on standard error, <paramref name="failed"/> set).</summary>
        public DisplayServer? Start(AppManager manager, RunConsole console, ILogger? logger, string title, out bool failed)
        {
            failed = false;
            if (Web is null || manager.Display is null)
            {
                return null;
            }
            var server = new DisplayServer(manager.Display, new DisplayServerOptions { Token = Token, Logger = logger, Title = title });
            try
            {
                var url = server.Start(Web);
                console.Err.WriteLine($"microwasm: display {manager.Display.Width}x{manager.Display.Height} on {url}");
                return server;
            }
            catch (System.Net.Sockets.SocketException e)
            {
                console.Err.WriteLine($"microwasm: cannot show the display on {Web}: {e.Message}");
                failed = true;
                return null;
            }
        }

        /// <summary>Writes the snapshot, if asked for; false (said on standard error) when it cannot be written.</summary>
        public bool Finish(AppManager manager, RunConsole console)
        {
            if (PngFile is null || manager.Display is null)
            {
                return true;
            }
            try
            {
                using (var file = File.Create(PngFile))
                {
                    manager.Display.WritePng(file);
                }
                console.Err.WriteLine($"microwasm: display written to {PngFile}");
                return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                console.Err.WriteLine($"microwasm: cannot write {PngFile}: {e.Message}");
                return false;
            }
        }
    }
}
