using System.Net.Sockets;
using Microwasm.AppFramework.Messaging;
using Microwasm.AppFramework.Protocol;
using Microwasm.AppFramework.Tests.Protocol;
using Microwasm.AppFramework.Tests.Support;
using Microwasm.AppFramework.Transports;
using Attr = Microwasm.AppFramework.AttrContainer.AttrContainer;

namespace Microwasm.AppFramework.Tests.Transports;

/// <summary>Every route and status of the remote manager, through <see cref="AppManagerClient"/> over TCP.</summary>
public sealed class RemoteServerTests
{
    private static byte[] RequestHandler => SampleApplets.Get("ours", "request_handler");

    private static string ErrorMessage(Response response)
    {
        Assert.Equal(PayloadFormat.AttrContainer, response.Format);
        var container = Attr.Parse(response.Payload.Span);
        Assert.Equal("", container.Tag);
        return container["error message"].AsString();
    }

    [Fact]
    public async Task InstallQueryRequestUninstallAnswerAsWamrsAppManager()
    {
        await using var fixture = RemoteServerFixture.Start();
        await using var client = await fixture.ConnectAsync();

        var list = await client.ListAsync();
        Assert.Equal(ResponseStatus.Content, list.Status);
        var empty = Attr.Parse(list.Payload.Span);
        Assert.Equal("Applets Info", empty.Tag);
        Assert.Equal(0, empty["num"].AsInt32());

        var installed = await client.InstallAsync("request_handler", RequestHandler, heapSize: 16384);
        Assert.Equal((ResponseStatus.Created, PayloadFormat.AttrContainer, 0), (installed.Status, installed.Format, installed.Payload.Length));
        Assert.Equal(ResponseStatus.Created, (await client.InstallAsync("second", SampleApplets.Get("ours", "timer"))).Status);

        list = await client.ListAsync();
        var applets = Attr.Parse(list.Payload.Span);
        Assert.Equal(2, applets["num"].AsInt32());
        Assert.Equal(("request_handler", 16384), (applets["applet1"].AsString(), applets["heap1"].AsInt32()));
        Assert.Equal(("second", 8192), (applets["applet2"].AsString(), applets["heap2"].AsInt32()));

        var query = await client.QueryAsync("request_handler");
        Assert.Equal(ResponseStatus.Content, query.Status);
        var details = Attr.Parse(query.Payload.Span);
        Assert.Equal(("request_handler", 16384, "Running"), (details["name"].AsString(), details["heap"].AsInt32(), details["state"].AsString()));

        var answer = await client.RequestAsync(RequestMethod.Get, "/app/request_handler/url1");
        Assert.Equal(ResponseStatus.Content, answer.Status);
        var payload = Attr.Parse(answer.Payload.Span);
        Assert.Equal(("value1", "value2"), (payload["key1"].AsString(), payload["key2"].AsString()));
        Assert.Equal(ResponseStatus.Deleted, (await client.RequestAsync(RequestMethod.Delete, "/url2")).Status);

        Assert.Equal(ResponseStatus.Deleted, (await client.UninstallAsync("request_handler")).Status);
        Assert.Null(fixture.Manager.Query("request_handler"));
        var gone = await client.UninstallAsync("request_handler");
        Assert.Equal((ResponseStatus.InternalServerError, "Uninstall WASM app failed: no app found."), (gone.Status, ErrorMessage(gone)));
    }

    [Fact]
    public async Task RefusalsHaveWamrsStatusesAndErrorMessages()
    {
        await using var fixture = RemoteServerFixture.Start();
        await using var client = await fixture.ConnectAsync();
        Assert.Equal(ResponseStatus.Created, (await client.InstallAsync("request_handler", RequestHandler)).Status);

        async Task Expect(Request request, ResponseStatus status, string message, LinkMessageType type = LinkMessageType.Request)
        {
            var response = await client.SendAsync(request, type);
            Assert.Equal(status, response.Status);
            Assert.Contains(message, ErrorMessage(response));
        }

        await Expect(new Request(RequestMethod.Put, "/applet?name=request_handler", RequestHandler, PayloadFormat.RawBinary), ResponseStatus.InternalServerError,
            "an applet of that name is already installed", LinkMessageType.InstallWasmApp);
        await Expect(new Request(RequestMethod.Put, "/applet?name=broken", new byte[] { 0, 0x61, 0x73, 0x6d, 9, 0, 0, 0 }, PayloadFormat.RawBinary), ResponseStatus.InternalServerError,
            "Install WASM app failed: applet \"broken\" refused", LinkMessageType.InstallWasmApp);
        await Expect(new Request(RequestMethod.Put, "/applet?heap=100", RequestHandler, PayloadFormat.RawBinary), ResponseStatus.InternalServerError,
            "Install WASM app failed: invalid app name.", LinkMessageType.InstallWasmApp);
        await Expect(new Request(RequestMethod.Put, "/applet?name=x"), ResponseStatus.InternalServerError, "Install WASM app failed: invalid wasm file.");
        await Expect(new Request(RequestMethod.Put, "/applet?name=x&type=lua", RequestHandler), ResponseStatus.InternalServerError, "Applet Management failed: invalid module type.");
        await Expect(new Request(RequestMethod.Put, "/applet?name=x&type=jeff", RequestHandler), ResponseStatus.InternalServerError, "is not supported");
        await Expect(new Request(RequestMethod.Put, "/applet?name=x&heap=lots", RequestHandler), ResponseStatus.BadRequest, "heap=lots is not a number");
        await Expect(new Request(RequestMethod.Post, "/applet"), ResponseStatus.InternalServerError, "Invalid request of applet: invalid action");
        await Expect(new Request(RequestMethod.Get, "/applet?name=nobody"), ResponseStatus.InternalServerError, "Query Applet failed: the app is not found.");
        await Expect(new Request(RequestMethod.Delete, "/applet"), ResponseStatus.InternalServerError, "Uninstall WASM app failed: invalid app name.");
        await Expect(new Request(RequestMethod.Get, "/event/x"), ResponseStatus.InternalServerError, "Handle event request failed.");
        // WAMR answers nothing to an unknown URL (the host times out); we answer 4.04
        await Expect(new Request(RequestMethod.Get, "/nothing/here"), ResponseStatus.NotFound, "no applet serves \"/nothing/here\"");
        await Expect(new Request(RequestMethod.Get, "/app/nobody/url1"), ResponseStatus.NotFound, "no applet named \"nobody\"");
        await Expect(new Request((RequestMethod)9, "/url1"), ResponseStatus.MethodNotAllowed, "method 9 is not");
        // an install frame must be an install
        await Expect(new Request(RequestMethod.Get, "/url1"), ResponseStatus.BadRequest, "an install frame must hold PUT /applet", LinkMessageType.InstallWasmApp);
        // after all that the connection still serves
        Assert.Equal(ResponseStatus.Content, (await client.RequestAsync(RequestMethod.Get, "/url1")).Status);
    }

    [Fact]
    public async Task SubscriptionsBelongToTheConnectionAndEndWithIt()
    {
        await using var fixture = RemoteServerFixture.Start();
        await using var subscriber = await fixture.ConnectAsync();
        var events = new System.Collections.Concurrent.BlockingCollection<Request>();
        subscriber.EventReceived += events.Add;
        var subscribed = await subscriber.SubscribeAsync("/alert/overheat");
        Assert.Equal((ResponseStatus.Content, 0), (subscribed.Status, subscribed.Payload.Length));

        Assert.Equal(ResponseStatus.Created, (await subscriber.InstallAsync("event_publisher", SampleApplets.Get("wamr", "event_publisher"))).Status);
        Assert.True(events.TryTake(out var e, 10_000), "no event within 10 s");
        Assert.Equal((RequestMethod.Event, "alert/overheat", PayloadFormat.AttrContainer), (e!.Method, e.Url, e.Format));
        Assert.Equal("temperature is over high", Attr.Parse(e.Payload.Span)["warning"].AsString());

        // a second connection that did not subscribe gets nothing; the first stops after unsubscribing
        await using (var other = await fixture.ConnectAsync())
        {
            var count = 0;
            other.EventReceived += _ => Interlocked.Increment(ref count);
            Assert.Equal(ResponseStatus.Content, (await other.UnsubscribeAsync("alert/overheat")).Status);
            Assert.True(events.TryTake(out _, 10_000));
            Assert.Equal(0, Volatile.Read(ref count));
        }
        Assert.Equal(ResponseStatus.Content, (await subscriber.UnsubscribeAsync("alert/overheat")).Status);
        while (events.TryTake(out _, 1500))
        {
            // an event already on its way may still arrive; then none
        }
        Assert.False(events.TryTake(out _, 1500));
    }

    [Fact]
    public async Task SixtyFourClientsAtOnceEachGetTheirOwnAnswers()
    {
        // 3,200 requests in flight at once: the applet's queue must hold them (else 5.03, as it should)
        await using var fixture = RemoteServerFixture.Start(managerOptions: new Microwasm.AppFramework.Applets.AppManagerOptions { QueueCapacity = 4096, Output = new AppletOutput().For });
        await fixture.Manager.InstallAsync("echo", TestApplets.Echo());
        var clients = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => fixture.ConnectAsync()));
        try
        {
            var answers = await Task.WhenAll(clients.Select(async client =>
            {
                var statuses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => client.RequestAsync(RequestMethod.Get, "/x/ok")));
                return statuses.Count(r => r.Status == ResponseStatus.Content);
            }));
            Assert.All(answers, count => Assert.Equal(50, count));
            Assert.Equal(64, fixture.Server.ConnectionCount);
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task AClientGoneMidInstallLeavesNothingInstalled()
    {
        await using var fixture = RemoteServerFixture.Start();
        var frame = LinkCodec.EncodeRequest(new Request(RequestMethod.Put, "/applet?name=half", RequestHandler, PayloadFormat.RawBinary) { Mid = 1 }, LinkMessageType.InstallWasmApp);
        using (var socket = new TcpClient())
        {
            await socket.ConnectAsync("127.0.0.1", fixture.Port);
            await socket.GetStream().WriteAsync(frame.AsMemory(0, frame.Length / 2));
        }
        await using var client = await fixture.ConnectAsync();
        Assert.Equal(0, Attr.Parse((await client.ListAsync()).Payload.Span)["num"].AsInt32());
        Assert.Equal(ResponseStatus.Created, (await client.InstallAsync("half", RequestHandler)).Status);
    }

    [Fact]
    public async Task AClientThatNeverReadsIsDisconnectedAndStallsNobody()
    {
        await using var fixture = RemoteServerFixture.Start(new RemoteServerOptions { MaxBytesInFlight = 64 * 1024 });
        await fixture.Manager.InstallAsync("request_handler", RequestHandler);
        using var greedy = new TcpClient { ReceiveBufferSize = 4096 };
        await greedy.ConnectAsync("127.0.0.1", fixture.Port);
        greedy.Client.ReceiveBufferSize = 4096;
        var query = LinkCodec.EncodeRequest(new Request(RequestMethod.Get, "/applet?name=request_handler") { Mid = 1 });
        var burst = Enumerable.Repeat(query, 2000).SelectMany(f => f).ToArray();
        var writing = Task.Run(async () =>
        {
            try
            {
                for (var i = 0; i < 100; i++)
                {
                    await greedy.GetStream().WriteAsync(burst);
                }
            }
            catch (IOException)
            {
                // the server gave up on us: what the test wants
            }
        });
        await using var client = await fixture.ConnectAsync();
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(ResponseStatus.Content, (await client.RequestAsync(RequestMethod.Get, "/app/request_handler/url1")).Status);
        }
        Assert.True(await Task.WhenAny(writing, Task.Delay(20_000)) == writing, "the greedy client was not disconnected within 20 s");
        Assert.Equal(1, fixture.Server.ConnectionCount);
    }

    [Fact]
    public async Task AnIdleConnectionIsClosed()
    {
        await using var fixture = RemoteServerFixture.Start(new RemoteServerOptions { IdleTimeout = TimeSpan.FromMilliseconds(300) });
        using var idle = new TcpClient();
        await idle.ConnectAsync("127.0.0.1", fixture.Port);
        using var timeout = new CancellationTokenSource(10_000);
        Assert.Equal(0, await idle.GetStream().ReadAsync(new byte[16], timeout.Token));
    }

    [Fact]
    public async Task AStreamPairServesTheSameProtocol()
    {
        await using var fixture = RemoteServerFixture.Start();
        var toServer = new System.IO.Pipelines.Pipe();
        var toClient = new System.IO.Pipelines.Pipe();
        using var stop = new CancellationTokenSource();
        var serving = fixture.Server.ServeAsync(toServer.Reader.AsStream(), toClient.Writer.AsStream(), "pipe", stop.Token);
        await using (var client = new AppManagerClient(toClient.Reader.AsStream(), toServer.Writer.AsStream()))
        {
            Assert.Equal(ResponseStatus.Created, (await client.InstallAsync("request_handler", RequestHandler)).Status);
            Assert.Equal(ResponseStatus.Content, (await client.RequestAsync(RequestMethod.Get, "/url1")).Status);
        }
        stop.Cancel();
        await serving.WaitAsync(TimeSpan.FromSeconds(10));
    }
}

/// <summary>The token extension: WAMR has no authentication; with a token every connection presents it first.</summary>
public sealed class RemoteServerTokenTests
{
    [Fact]
    public async Task WithATokenOnlyAConnectionThatPresentsItIsServed()
    {
        await using var fixture = RemoteServerFixture.Start(new RemoteServerOptions { Token = "s3cret" });

        await using (var good = await fixture.ConnectAsync())
        {
            Assert.Equal(ResponseStatus.Changed, (await good.AuthenticateAsync("s3cret")).Status);
            Assert.Equal(ResponseStatus.Content, (await good.ListAsync()).Status);
        }

        await using (var wrong = await fixture.ConnectAsync())
        {
            var refused = await wrong.AuthenticateAsync("s3cret!");
            Assert.Equal(ResponseStatus.Unauthorized, refused.Status);
            Assert.Equal("authentication failed", Microwasm.AppFramework.AttrContainer.AttrContainer.Parse(refused.Payload.Span)["error message"].AsString());
            await Assert.ThrowsAsync<IOException>(() => wrong.ListAsync());
        }

        await using (var none = await fixture.ConnectAsync())
        {
            var refused = await none.ListAsync();
            Assert.Equal(ResponseStatus.Unauthorized, refused.Status);
            Assert.Contains("this server needs a token", Microwasm.AppFramework.AttrContainer.AttrContainer.Parse(refused.Payload.Span)["error message"].AsString());
        }

        // before authenticating, frames are limited to 4 KiB: a big install is refused unread
        using var socket = new TcpClient();
        await socket.ConnectAsync("127.0.0.1", fixture.Port);
        var install = LinkCodec.EncodeRequest(new Request(RequestMethod.Put, "/applet?name=x", new byte[100_000], PayloadFormat.RawBinary) { Mid = 3 }, LinkMessageType.InstallWasmApp);
        await socket.GetStream().WriteAsync(install.AsMemory(0, 8));
        var answer = new byte[4096];
        var read = 0;
        using var timeout = new CancellationTokenSource(10_000);
        int n;
        while ((n = await socket.GetStream().ReadAsync(answer.AsMemory(read), timeout.Token)) > 0)
        {
            read += n;
        }
        var frames = LinkFrameDecoderTests.DecodeAll(new LinkFrameDecoder(), answer.AsSpan(0, read));
        Assert.True(LinkCodec.TryReadResponse(Assert.IsType<LinkFrame>(Assert.Single(frames)), out var response, out _));
        Assert.Equal(ResponseStatus.Unauthorized, response!.Status);
    }

    [Fact]
    public async Task WithoutATokenTheAuthenticationRequestIsAcceptedSoClientsMayAlwaysSendIt()
    {
        await using var fixture = RemoteServerFixture.Start();
        await using var client = await fixture.ConnectAsync();
        Assert.Equal(ResponseStatus.Changed, (await client.AuthenticateAsync("anything")).Status);
        Assert.Equal(ResponseStatus.Content, (await client.ListAsync()).Status);
    }
}
