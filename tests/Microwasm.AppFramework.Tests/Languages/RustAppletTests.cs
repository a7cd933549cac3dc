using Microwasm.AppFramework.Applets;
using Microwasm.AppFramework.Messaging;
using Microwasm.AppFramework.Tests.Support;
using Attrs = Microwasm.AppFramework.AttrContainer.AttrContainer;

namespace Microwasm.AppFramework.Tests.Languages;

/// <summary>
/// samples/rust-applet: rust_service (Rust on app-sdk/rust, built at test time with Debian's
/// rustc for wasm32-unknown-unknown) beside C applets: it answers a C applet's requests, receives
/// the C event_publisher's events, publishes its own to a C subscriber and the host, sends a
/// request to the C request_handler through a timer, and answers the host.
/// </summary>
public sealed class RustAppletTests
{
    private static Attrs Body(Response response, string tag)
    {
        Assert.Equal(PayloadFormat.AttrContainer, response.Format);
        var body = Attrs.Parse(response.Payload.Span);
        Assert.Equal(tag, body.Tag);
        return body;
    }

    private static long Int(Attrs body, string key)
    {
        Assert.True(body.Get(key).TryGetInt64(out var value), $"{key} is not a number");
        return value;
    }

    private static int SummaryCount(List<Request> summaries)
    {
        lock (summaries)
        {
            return summaries.Count;
        }
    }

    [Fact]
    public async Task TheRustAppletAnswersACAppletAndReceivesItsEvents()
    {
        var output = new AppletOutput();
        await using var manager = new AppManager(new AppManagerOptions { Output = output.For });
        var summaries = new List<Request>();
        using var subscription = manager.Subscribe("rust/overheat-summary", e => { lock (summaries) { summaries.Add(e); } });

        await manager.InstallAsync("request_handler", LanguageSamples.Simple("request_handler"));
        await manager.InstallAsync("rust_service", LanguageSamples.RustApplet("rust_service"));
        Assert.Contains("[rust] ready", output.Lines("rust_service"));
        await manager.InstallAsync("requester", LanguageSamples.RustApplet("requester"));

        // the C requester's PUT {a: 20, b: 22} and GET, answered by Rust in order
        output.WaitFor("requester", "[c] sum status:69 sum:42 from:rust");
        output.WaitFor("requester", "[c] counts status:69 requests:2");
        // the sender the Rust side saw is the C applet's id, set by the runtime
        var sum = Assert.Single(output.WaitFor("rust_service", "[rust] sum 20 + 22 from sender"));
        Assert.Equal($"[rust] sum 20 + 22 from sender {manager.Query("requester")!.Id}", sum);

        // Rust's own request (sent from a timer callback) to the C request_handler
        output.WaitFor("rust_service", "[rust] url1 answered 69 key1=value1");

        // the C publisher's events reach Rust; every second one Rust publishes a summary to the C requester and the host
        await manager.InstallAsync("event_publisher", LanguageSamples.Simple("event_publisher"));
        var events = output.WaitFor("rust_service", "[rust] overheat event", count: 2);
        Assert.Equal(["[rust] overheat event 1: temperature is over high", "[rust] overheat event 2: temperature is over high"], events);
        output.WaitFor("requester", "[c] summary events:2");
        var deadline = Environment.TickCount64 + 10_000;
        while (Environment.TickCount64 < deadline && SummaryCount(summaries) == 0)
        {
            await Task.Delay(20);
        }
        lock (summaries)
        {
            var first = summaries[0];
            Assert.Equal(PayloadFormat.AttrContainer, first.Format);
            var body = Attrs.Parse(first.Payload.Span);
            Assert.Equal("summary", body.Tag);
            Assert.Equal(2, Int(body, "events"));
        }

        await manager.UninstallAsync("rust_service");
        output.WaitFor("rust_service", "[rust] bye after 2 requests");
    }

    [Fact]
    public async Task TheRustAppletAnswersTheHostAndRefusesWhatItCannotServe()
    {
        var output = new AppletOutput();
        await using var manager = new AppManager(new AppManagerOptions { Output = output.For });
        // no request_handler: Rust's own GET /url1 gets 4.04 from the manager
        await manager.InstallAsync("rust_service", LanguageSamples.RustApplet("rust_service"));
        output.WaitFor("rust_service", "[rust] url1 answered 132 key1=");

        var operands = new Attrs("operands");
        operands.SetInt64("a", 40_000_000_000);
        operands.SetDouble("b", 2.75);   // host_tool sends JSON numbers as doubles: the integer part counts
        var put = await manager.SendRequestAsync(new Request(RequestMethod.Post, "/app/rust_service/rust/sum", operands.Serialize(), PayloadFormat.AttrContainer) { Mid = 99 });
        Assert.Equal(ResponseStatus.Content, put.Status);
        Assert.Equal(99u, put.Mid);
        var body = Body(put, "sum");
        Assert.Equal(40_000_000_002, body.Get("sum").AsInt64());
        Assert.Equal("rust", body.Get("from").AsString());
        Assert.Equal(1, Int(body, "requests"));

        var text = await manager.SendRequestAsync(new Request(RequestMethod.Put, "/rust/sum", "a=1"u8.ToArray()));
        Assert.Equal(ResponseStatus.BadRequest, text.Status);
        Assert.Equal("want a and b", Body(text, "error").Get("error").AsString());
        var missing = new Attrs("operands");
        missing.SetInt32("a", 1);
        Assert.Equal(ResponseStatus.BadRequest, (await manager.SendRequestAsync(new Request(RequestMethod.Put, "/rust/sum", missing.Serialize(), PayloadFormat.AttrContainer))).Status);
        Assert.Equal(ResponseStatus.MethodNotAllowed, (await manager.SendRequestAsync(new Request(RequestMethod.Delete, "/rust/sum"))).Status);
        // reaches the applet by name but matches none of its resources: the binding answers 4.04
        Assert.Equal(ResponseStatus.NotFound, (await manager.SendRequestAsync(new Request(RequestMethod.Get, "/app/rust_service/elsewhere"))).Status);
        // a prefix matches at a segment end only
        Assert.Equal(ResponseStatus.NotFound, (await manager.SendRequestAsync(new Request(RequestMethod.Get, "/app/rust_service/rust/summary"))).Status);

        var get = await manager.SendRequestAsync(new Request(RequestMethod.Get, "/rust/sum?verbose"));
        Assert.Equal(5, Int(Body(get, "sum"), "requests"));   // the POST, three refusals and this GET
        var info = manager.Query("rust_service")!;
        Assert.Equal(AppletState.Running, info.State);
    }

    [Fact]
    public async Task MalformedContainersAreRefusedWithoutATrap()
    {
        await using var manager = new AppManager(new AppManagerOptions { Output = new AppletOutput().For });
        await manager.InstallAsync("rust_service", LanguageSamples.RustApplet("rust_service"));
        var valid = new Attrs("operands");
        valid.SetInt32("a", 1);
        valid.SetString("b", "not a number");
        var template = valid.Serialize();
        var random = new Random(20);
        var statuses = new Dictionary<ResponseStatus, int>();
        for (var i = 0; i < 300; i++)
        {
            // random bytes, and the valid container with a few bytes changed or cut short
            byte[] payload;
            if (i % 2 == 0)
            {
                payload = new byte[random.Next(0, 64)];
                random.NextBytes(payload);
            }
            else
            {
                payload = template[..random.Next(0, template.Length + 1)];
                for (var j = random.Next(1, 4); j > 0 && payload.Length > 0; j--)
                {
                    payload[random.Next(payload.Length)] = (byte)random.Next(256);
                }
            }
            var response = await manager.SendRequestAsync(new Request(RequestMethod.Put, "/rust/sum", payload, PayloadFormat.AttrContainer));
            statuses[response.Status] = statuses.GetValueOrDefault(response.Status) + 1;
        }
        // every answer is the 4.00 refusal, or a sum when a changed byte happened to make b a number;
        // never a 5.00 (a trap in the parser)
        Assert.Equal(300, statuses.GetValueOrDefault(ResponseStatus.BadRequest) + statuses.GetValueOrDefault(ResponseStatus.Content));
        Assert.True(statuses.GetValueOrDefault(ResponseStatus.BadRequest) >= 250, string.Join(", ", statuses));
        Assert.Equal(AppletState.Running, manager.Query("rust_service")!.State);
        var get = await manager.SendRequestAsync(new Request(RequestMethod.Get, "/rust/sum"));
        Assert.Equal(301, Int(Body(get, "sum"), "requests"));
    }

    [Fact]
    public async Task PayloadsUpToTheAppHeapWork()
    {
        // the default 8 KiB app heap holds the incoming message; the Rust side's copies live in
        // Rust's own allocator (grown linear memory), so a 3 KiB payload is fine
        var output = new AppletOutput();
        await using var manager = new AppManager(new AppManagerOptions { Output = output.For });
        await manager.InstallAsync("rust_service", LanguageSamples.RustApplet("rust_service"));

        static Request Sum(int padding)
        {
            var operands = new Attrs("operands");
            operands.SetInt32("a", 1);
            operands.SetInt32("b", 2);
            operands.SetByteArray("padding", new byte[padding]);
            return new Request(RequestMethod.Put, "/rust/sum", operands.Serialize(), PayloadFormat.AttrContainer);
        }

        var fits = await manager.SendRequestAsync(Sum(3000));
        Assert.Equal(ResponseStatus.Content, fits.Status);
        Assert.Equal(3, Body(fits, "sum").Get("sum").AsInt64());
        // a message the app heap cannot hold is refused by the manager; the applet keeps running
        var tooBig = await manager.SendRequestAsync(Sum(20_000));
        Assert.Equal(ResponseStatus.InternalServerError, tooBig.Status);
        var info = manager.Query("rust_service")!;
        Assert.Equal(AppletState.Running, info.State);
        Assert.Contains("no room for a message", info.LastError);
        Assert.Equal(ResponseStatus.Content, (await manager.SendRequestAsync(Sum(10))).Status);
    }

    [Fact]
    public async Task TheCommittedPrebuiltsRunToo()
    {
        var output = new AppletOutput();
        await using var manager = new AppManager(new AppManagerOptions { Output = output.For });
        var directory = LanguageSamples.SampleDirectory("rust-applet");
        await manager.InstallAsync("rust_service", File.ReadAllBytes(Path.Combine(directory, "rust_service.wasm")));
        await manager.InstallAsync("requester", File.ReadAllBytes(Path.Combine(directory, "requester.wasm")));
        await manager.InstallAsync("counter", File.ReadAllBytes(Path.Combine(LanguageSamples.SampleDirectory("cpp-applet"), "counter.wasm")));
        output.WaitFor("requester", "[c] sum status:69 sum:42 from:rust");
        var counter = await manager.SendRequestAsync(new Request(RequestMethod.Get, "/counter"));
        Assert.Equal(ResponseStatus.Content, counter.Status);
        Assert.Equal(0, Int(Body(counter, "counter"), "value"));
    }
}
