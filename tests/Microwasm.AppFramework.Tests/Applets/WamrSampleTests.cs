using System.Text;
using Microwasm.AppFramework.Applets;
using Microwasm.AppFramework.Messaging;
using Microwasm.AppFramework.Tests.Support;

namespace Microwasm.AppFramework.Tests.Applets;

/// <summary>
/// WAMR's samples/simple applets running unchanged under the manager, in three builds: by WAMR's
/// own SDK, our samples/simple, and WAMR's sources built with our SDK (<see cref="SampleApplets"/>).
/// </summary>
public sealed class WamrSampleTests
{
    private static readonly string[] s_five = ["timer", "request_handler", "request_sender", "event_publisher", "event_subscriber"];

    public static TheoryData<string> Builds => new(SampleApplets.Builds);

    [Theory]
    [MemberData(nameof(Builds))]
    public async Task AllFiveSamplesRunAtOnceAndTalkToEachOther(string build)
    {
        var output = new AppletOutput();
        await using var manager = new AppManager(new AppManagerOptions { Output = output.For });
        var events = new List<Request>();
        using var subscription = manager.Subscribe("/alert/overheat", e => { lock (events) { events.Add(e); } });

        // the handler first: the sender's on_init sends its requests at once
        foreach (var name in new[] { "timer", "request_handler", "event_subscriber", "event_publisher", "request_sender" })
        {
            var info = await manager.InstallAsync(name, SampleApplets.Get(build, name));
            Assert.Equal(AppletState.Running, info.State);
        }
        Assert.Equal(s_five.Order(), manager.List().Select(a => a.Name).Order());   // WAMR allows only three

        // timer ticks
        output.WaitFor("timer", "Timer update 2");
        // the sender got both responses (to /app/request_handler/url1 and to url1), 2.05 with the handler's payload
        var answers = output.WaitFor("request_sender", "[req] response handler called", count: 2);
        Assert.All(answers, line => Assert.Contains("status:69", line));
        output.WaitFor("request_sender", "key: key1, type: string, value: value1", count: 2);
        // the publisher's events reach the subscriber applet and the host
        output.WaitFor("event_subscriber", "### user over heat event handler called", count: 2);
        output.WaitFor("event_subscriber", "key: warning, type: string, value: temperature is over high");
        var deadline = Environment.TickCount64 + 10_000;
        while (Environment.TickCount64 < deadline && events.Count < 2)
        {
            await Task.Delay(50);
        }
        lock (events)
        {
            Assert.True(events.Count >= 2, $"host got {events.Count} events");
            Assert.All(events, e => Assert.Equal("alert/overheat", e.Url));
            Assert.All(events, e => Assert.Equal(PayloadFormat.AttrContainer, e.Format));
            Assert.Contains("temperature is over high", Encoding.UTF8.GetString(events[0].Payload.Span));
        }
    }

    [Theory]
    [InlineData("wamr", "/app/request_handler/url1")]
    [InlineData("wamr", "/url1")]
    [InlineData("wamr", "url1")]
    [InlineData("ours", "/app/request_handler/url1")]
    [InlineData("ours", "/url1")]
    [InlineData("wamr-sources-our-sdk", "/url1")]
    public async Task TheRequestHandlerAnswersTheHost(string build, string url)
    {
        var output = new AppletOutput();
        await using var manager = new AppManager(new AppManagerOptions { Output = output.For });
        await manager.InstallAsync("request_handler", SampleApplets.Get(build, "request_handler"));

        var response = await manager.SendRequestAsync(new Request(RequestMethod.Get, url) { Mid = 1234 });

        Assert.Equal(ResponseStatus.Content, response.Status);
        Assert.Equal(1234u, response.Mid);
        Assert.Equal(PayloadFormat.AttrContainer, response.Format);
        var payload = Encoding.UTF8.GetString(response.Payload.Span);
        Assert.Contains("wasm app response payload", payload);
        Assert.Contains("value1", payload);
        Assert.Contains("value2", payload);
        output.WaitFor("request_handler", "### user resource 1 handler called");
    }

    [Theory]
    [MemberData(nameof(Builds))]
    public async Task Url2AnswersDeletedAndAnUnknownUrlIsNotFound(string build)
    {
        await using var manager = new AppManager(new AppManagerOptions { Output = new AppletOutput().For });
        await manager.InstallAsync("request_handler", SampleApplets.Get(build, "request_handler"));

        var deleted = await manager.SendRequestAsync(new Request(RequestMethod.Post, "/app/request_handler/url2"));
        var missing = await manager.SendRequestAsync(new Request(RequestMethod.Get, "/nothing/here") { Mid = 7 });
        var noApplet = await manager.SendRequestAsync(new Request(RequestMethod.Get, "/app/nobody/url1"));

        Assert.Equal(ResponseStatus.Deleted, deleted.Status);
        Assert.Equal(0, deleted.Payload.Length);
        Assert.Equal(ResponseStatus.NotFound, missing.Status);
        Assert.Equal(7u, missing.Mid);
        Assert.Equal(ResponseStatus.NotFound, noApplet.Status);
    }
}
