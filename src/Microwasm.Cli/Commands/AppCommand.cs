using System.CommandLine;
using System.Globalization;
using System.IO.Ports;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Text.Json;
using Microwasm.AppFramework.Messaging;
using Microwasm.AppFramework.Transports;
using Microwasm.Cli.Run;
using Microwasm.Cli.Serve;
using Attr = Microwasm.AppFramework.AttrContainer.AttrContainer;

namespace Microwasm.Cli.Commands;

/// <summary>
/// <c>microwasm app</c>: a client of a remote application manager (<c>microwasm serve</c> or a WAMR
/// device) over TCP or a serial line, on <see cref="AppManagerClient"/>. Exit status 0 on success,
/// 1 when the device answered with an error status, 2 on usage or connection errors.
/// </summary>
internal static class AppCommand
{
    private sealed record Common(Option<string> Connect, Option<string?> Serial, Option<int> Baud, Option<string?> Token, Option<double> Timeout, Option<bool> Json, Option<bool> Tls, Option<string?> TlsCa);

    public static Command Create(RunConsole console)
    {
        var common = new Common(
            new Option<string>("--connect") { Description = "The device's HOST:PORT", DefaultValueFactory = _ => "127.0.0.1:8888", Recursive = true },
            new Option<string?>("--serial") { Description = "Talk over this serial device instead of TCP", Recursive = true },
            new Option<int>("--baud") { Description = "The serial device's baud rate", DefaultValueFactory = _ => 115200, Recursive = true },
            new Option<string?>("--token") { Description = "Present this token first (servers started with --token)", Recursive = true },
            new Option<double>("--timeout") { Description = "Seconds to wait for each answer", DefaultValueFactory = _ => 5, Recursive = true },
            new Option<bool>("--json") { Description = "Print machine-readable JSON", Recursive = true },
            new Option<bool>("--tls") { Description = "Connect with TLS (servers started with --tls-cert), trusting the system's certificate authorities", Recursive = true },
            new Option<string?>("--tls-ca") { Description = "Connect with TLS, trusting only the certificates in this PEM file (e.g. the server's own self-signed one)", Recursive = true });
        var command = new Command("app", "Manage the applets of a remote application manager (microwasm serve, or a WAMR device)")
        {
            common.Connect, common.Serial, common.Baud, common.Token, common.Timeout, common.Json, common.Tls, common.TlsCa,
        };

        var name = new Argument<string>("name") { Description = "The applet's name" };
        var file = new Argument<string>("file") { Description = "The applet's .wasm file" };
        var heap = new Option<int?>("--heap") { Description = "The applet's app heap in bytes" };
        var timers = new Option<int?>("--timers") { Description = "Most timers the applet may use" };
        var watchdog = new Option<int?>("--watchdog") { Description = "Longest a message may run, in ms" };
        var install = new Command("install", "Install an applet") { name, file, heap, timers, watchdog };
        install.SetAction((p, ct) => !Serve.AppFrameworkSwitch.IsSupported ? NotInThisBuild(p, console) : RunAsync(p, common, console, ct, async client =>
        {
            var path = p.GetValue(file)!;
            byte[] module;
            try
            {
                module = await File.ReadAllBytesAsync(path, ct);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"cannot read {path}: {e.Message}");
            }
            return await client.InstallAsync(p.GetValue(name)!, module, p.GetValue(heap), p.GetValue(timers), p.GetValue(watchdog), ct);
        }));
        command.Subcommands.Add(install);

        var uninstallName = new Argument<string>("name") { Description = "The applet's name" };
        var uninstall = new Command("uninstall", "Uninstall an applet") { uninstallName };
        uninstall.SetAction((p, ct) => !Serve.AppFrameworkSwitch.IsSupported ? NotInThisBuild(p, console) : RunAsync(p, common, console, ct, async client => await client.UninstallAsync(p.GetValue(uninstallName)!, ct)));
        command.Subcommands.Add(uninstall);

        var list = new Command("list", "List the installed applets");
        list.SetAction((p, ct) => !Serve.AppFrameworkSwitch.IsSupported ? NotInThisBuild(p, console) : RunAsync(p, common, console, ct, async client => await client.ListAsync(ct)));
        command.Subcommands.Add(list);

        var queryName = new Argument<string>("name") { Description = "The applet's name" };
        var query = new Command("query", "Show one applet's details") { queryName };
        query.SetAction((p, ct) => !Serve.AppFrameworkSwitch.IsSupported ? NotInThisBuild(p, console) : RunAsync(p, common, console, ct, async client => await client.QueryAsync(p.GetValue(queryName)!, ct)));
        command.Subcommands.Add(query);

        var url = new Argument<string>("url") { Description = "The resource, e.g. /app/request_handler/url1 or /url1" };
        var method = new Option<string>("--method", "-X") { Description = "GET, POST, PUT or DELETE", DefaultValueFactory = _ => "GET" };
        method.AcceptOnlyFromAmong("GET", "POST", "PUT", "DELETE", "get", "post", "put", "delete");
        var payload = new Option<string?>("--payload", "-d") { Description = "The payload: TEXT, or @FILE" };
        var format = new Option<string>("--format") { Description = "text: send the payload as it is; attr: it is JSON, sent as an attribute container", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "attr");
        var request = new Command("request", "Send a request to an applet's resource") { url, method, payload, format };
        request.SetAction((p, ct) => !Serve.AppFrameworkSwitch.IsSupported ? NotInThisBuild(p, console) : RunAsync(p, common, console, ct, async client =>
        {
            var (bytes, fmt) = await ReadPayloadAsync(p.GetValue(payload), p.GetValue(format)!, ct);
            var m = Enum.Parse<RequestMethod>(p.GetValue(method)!, ignoreCase: true);
            return await client.RequestAsync(m, p.GetValue(url)!, bytes, fmt, ct);
        }));
        command.Subcommands.Add(request);

        var publishUrl = new Argument<string>("url") { Description = "The event, e.g. alert/overheat" };
        var publishPayload = new Option<string?>("--payload", "-d") { Description = "The payload: TEXT, or @FILE" };
        var publishFormat = new Option<string>("--format") { Description = "text or attr (JSON sent as an attribute container)", DefaultValueFactory = _ => "text" };
        publishFormat.AcceptOnlyFromAmong("text", "attr");
        var publish = new Command("publish", "Publish an event to its subscribers on the device") { publishUrl, publishPayload, publishFormat };
        publish.SetAction((p, ct) => !Serve.AppFrameworkSwitch.IsSupported ? NotInThisBuild(p, console) : RunAsync(p, common, console, ct, async client =>
        {
            var (bytes, fmt) = await ReadPayloadAsync(p.GetValue(publishPayload), p.GetValue(publishFormat)!, ct);
            return await client.RequestAsync(RequestMethod.Event, p.GetValue(publishUrl)!, bytes, fmt, ct);
        }));
        command.Subcommands.Add(publish);

        var eventUrl = new Argument<string>("url") { Description = "The event, e.g. alert/overheat" };
        var count = new Option<int>("--count", "-n") { Description = "Stop after this many events (0: until Ctrl-C)", DefaultValueFactory = _ => 0 };
        var subscribe = new Command("subscribe", "Subscribe to an event and print each one as it arrives") { eventUrl, count };
        subscribe.SetAction((p, ct) => !Serve.AppFrameworkSwitch.IsSupported ? NotInThisBuild(p, console) : RunAsync(p, common, console, ct, async client =>
        {
            var json = p.GetValue(common.Json);
            var wanted = p.GetValue(count);
            var seen = 0;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            client.EventReceived += e =>
            {
                lock (done)
                {
                    if (wanted > 0 && seen >= wanted)
                    {
                        return;
                    }
                    console.Out.WriteLine(json ? EventJson(e) : $"event {e.Url}{Describe(e.Format, e.Payload, indent: true)}");
                    if (wanted > 0 && ++seen == wanted)
                    {
                        done.TrySetResult();
                    }
                }
            };
            var response = await client.SubscribeAsync(p.GetValue(eventUrl)!, ct);
            if (response.Status.IsSuccess())
            {
                try
                {
                    await done.Task.WaitAsync(ct);
                }
                catch (OperationCanceledException)
                {
                }
                return null;
            }
            return response;
        }));
        command.Subcommands.Add(subscribe);
        return command;
    }

    private sealed class UsageException(string message) : Exception(message);

    // Each action tests the feature switch itself, before it makes its operation's delegate: the
    // trimmer then drops the operations (attribute containers, JSON, the client) with the framework.
    private static Task<int> NotInThisBuild(ParseResult p, RunConsole console) =>
        Task.FromResult(Serve.AppFrameworkSwitch.Refuse(console, $"app {p.CommandResult.Command.Name}"));

    private static async Task<(byte[] Bytes, PayloadFormat Format)> ReadPayloadAsync(string? payload, string format, CancellationToken ct)
    {
        if (payload is null)
        {
            return ([], PayloadFormat.Text);
        }
        string text;
        if (payload.StartsWith('@'))
        {
            try
            {
                if (format == "text")
                {
                    return (await File.ReadAllBytesAsync(payload[1..], ct), PayloadFormat.Text);
                }
                text = await File.ReadAllTextAsync(payload[1..], ct);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"cannot read {payload[1..]}: {e.Message}");
            }
        }
        else
        {
            text = payload;
        }
        if (format == "text")
        {
            return (Encoding.UTF8.GetBytes(text), PayloadFormat.Text);
        }
        if (!Attr.TryFromJson(text, out var container, out var error))
        {
            throw new UsageException($"--format attr wants a JSON object: {error}");
        }
        return (container.Serialize(), PayloadFormat.AttrContainer);
    }

    /// <summary>Connects, runs <paramref name="operation"/>, prints its response; a null response means the operation printed what it had to.</summary>
    private static async Task<int> RunAsync(ParseResult p, Common common, RunConsole console, CancellationToken ct, Func<AppManagerClient, Task<Response?>> operation)
    {
        var serial = p.GetValue(common.Serial);
        var target = serial ?? p.GetValue(common.Connect)!;
        var timeout = p.GetValue(common.Timeout);
        if (!(timeout > 0))
        {
            console.Err.WriteLine("microwasm app: --timeout wants a positive number of seconds");
            return 2;
        }
        if (serial is not null && (p.GetValue(common.Tls) || p.GetValue(common.TlsCa) is not null))
        {
            console.Err.WriteLine("microwasm app: --tls and --tls-ca are for TCP (--connect), not --serial");
            return 2;
        }
        AppManagerClient client;
        SerialPort? port = null;
        try
        {
            if (serial is not null)
            {
                port = new SerialPort(serial, p.GetValue(common.Baud), Parity.None, 8, StopBits.One);
                port.Open();
                client = new AppManagerClient(port.BaseStream, port.BaseStream);
            }
            else
            {
                var colon = target.LastIndexOf(':');
                if (colon <= 0 || !int.TryParse(target.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var portNumber) || portNumber is < 1 or > 65535)
                {
                    console.Err.WriteLine($"microwasm app: --connect wants HOST:PORT, not \"{target}\"");
                    return 2;
                }
                using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                connectTimeout.CancelAfter(TimeSpan.FromSeconds(timeout));
                var tlsCa = p.GetValue(common.TlsCa);
                var tls = p.GetValue(common.Tls) || tlsCa is not null ? Tls.ClientOptions(tlsCa) : null;
                client = await AppManagerClient.ConnectAsync(target[..colon].Trim('[', ']'), portNumber, tls, connectTimeout.Token);
            }
        }
        catch (InvalidDataException e)
        {
            console.Err.WriteLine($"microwasm app: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is SocketException or IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException or OperationCanceledException or AuthenticationException)
        {
            port?.Dispose();
            console.Err.WriteLine($"microwasm app: cannot reach {target}: {(e is OperationCanceledException ? "no connection within the timeout" : e.Message)}");
            return 2;
        }
        catch (DllNotFoundException)
        {
            port?.Dispose();
            console.Err.WriteLine($"microwasm app: cannot reach {target}: {CommandParts.SerialLibraryMissing}");
            return 2;
        }
        await using (client)
        using (port)
        {
            client.Timeout = TimeSpan.FromSeconds(timeout);
            try
            {
                if (p.GetValue(common.Token) is { } token)
                {
                    var auth = await client.AuthenticateAsync(token, ct);
                    if (!auth.Status.IsSuccess())
                    {
                        console.Err.WriteLine($"microwasm app: {target} refused the token ({auth.Status.ToCoapString()})");
                        return 1;
                    }
                }
                var response = await operation(client);
                if (response is null)
                {
                    return 0;
                }
                Print(response, p.GetValue(common.Json), target, console);
                return response.Status.IsSuccess() ? 0 : 1;
            }
            catch (UsageException e)
            {
                console.Err.WriteLine($"microwasm app: {e.Message}");
                return 2;
            }
            catch (TimeoutException e)
            {
                console.Err.WriteLine($"microwasm app: {target}: {e.Message} (a WAMR device answers nothing to a URL no applet serves)");
                return 2;
            }
            catch (IOException e)
            {
                console.Err.WriteLine($"microwasm app: {target}: {e.Message}");
                return 2;
            }
            catch (OperationCanceledException)
            {
                return 2;
            }
        }
    }

    private static void Print(Response response, bool json, string target, RunConsole console)
    {
        if (json)
        {
            console.Out.WriteLine(ResponseJson(response));
            return;
        }
        if (!response.Status.IsSuccess())
        {
            var message = Attr.TryParse(response.Payload.Span, out var container, out _) && container.TryGet("error message", out var value)
                ? value.AsString()
                : Describe(response.Format, response.Payload, indent: false).Trim();
            console.Err.WriteLine($"microwasm app: {target} answered {response.Status.ToCoapString()} {response.Status}: {message}");
            return;
        }
        console.Out.WriteLine($"{response.Status.ToCoapString()} {response.Status}{Describe(response.Format, response.Payload, indent: true)}");
    }

    /// <summary>A payload for humans: an attribute container as JSON, text as text, other bytes as a count.</summary>
    private static string Describe(PayloadFormat format, ReadOnlyMemory<byte> payload, bool indent)
    {
        if (payload.IsEmpty)
        {
            return "";
        }
        if (format == PayloadFormat.AttrContainer && Attr.TryParse(payload.Span, out var container, out _))
        {
            return Environment.NewLine + container.ToJson(indented: true);
        }
        try
        {
            var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(payload.Span);
            if (!text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
            {
                return Environment.NewLine + text;
            }
        }
        catch (DecoderFallbackException)
        {
        }
        return $"{Environment.NewLine}({payload.Length} bytes of format {(ushort)format})";
    }

    private static string ResponseJson(Response response)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("status", (byte)response.Status);
            writer.WriteString("code", response.Status.ToCoapString());
            writer.WriteString("name", response.Status.ToString());
            WritePayload(writer, response.Format, response.Payload);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string EventJson(Request e)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("event", e.Url);
            WritePayload(writer, e.Format, e.Payload);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WritePayload(Utf8JsonWriter writer, PayloadFormat format, ReadOnlyMemory<byte> payload)
    {
        writer.WriteNumber("format", (ushort)format);
        if (payload.IsEmpty)
        {
            return;
        }
        writer.WritePropertyName("payload");
        if (format == PayloadFormat.AttrContainer && Attr.TryParse(payload.Span, out var container, out _))
        {
            writer.WriteRawValue(container.ToJson(indented: false));
        }
        else
        {
            writer.WriteBase64StringValue(payload.Span);
        }
    }
}
