using Microwasm.AppFramework.Applets;
using Microwasm.AppFramework.Messaging;
using Microwasm.AppFramework.Tests.Support;
using Attrs = Microwasm.AppFramework.AttrContainer.AttrContainer;

namespace Microwasm.AppFramework.Tests.Languages;

/// <summary>
/// samples/cpp-applet (freestanding C++ on the SDK's C headers, built by app-sdk/build-applet.sh
/// at test time) under the manager beside C applets (samples/simple's request_handler, which keeps
/// answering, and event_publisher): it answers the host's requests and counts the C publisher's events.
/// </summary>
public sealed class CppAppletTests
{
    private static async Task<Response> Put(AppManager manager, int add)
    {
        var body = new Attrs("operands");
        body.SetInt32("add", add);
        return await manager.SendRequestAsync(new Request(RequestMethod.Put, "/counter", body.Serialize(), PayloadFormat.AttrContainer));
    }

    private static long Read(Response response, string key)
    {
        Assert.Equal(PayloadFormat.AttrContainer, response.Format);
        var body = Attrs.Parse(response.Payload.Span);
        Assert.Equal("counter", body.Tag);
        Assert.True(body.Get(key).TryGetInt64(out var value));
        return value;
    }

    [Fact]
    public async Task TheCounterAnswersRequestsAndCountsTheCPublishersEvents()
    {
        var output = new AppletOutput();
        await using var manager = new AppManager(new AppManagerOptions { Output = output.For });
        await manager.InstallAsync("request_handler", LanguageSamples.Simple("request_handler"));
        await manager.InstallAsync("counter", LanguageSamples.CppCounter());
        output.WaitFor("counter", "[counter] ready");

        var initial = await manager.SendRequestAsync(new Request(RequestMethod.Get, "/counter"));
        Assert.Equal(ResponseStatus.Content, initial.Status);
        Assert.Equal(0, Read(initial, "value"));
        Assert.Equal(0, Read(initial, "events"));

        var up = await Put(manager, 5);
        Assert.Equal(ResponseStatus.Changed, up.Status);
        Assert.Equal(5, Read(up, "value"));
        var down = await Put(manager, -7);
        Assert.Equal(-2, Read(down, "value"));
        Assert.Equal(-2, Read(down, "min"));
        Assert.Equal(5, Read(down, "max"));

        // by name as well as by the registered prefix; a C applet beside it still answers
        var byName = await manager.SendRequestAsync(new Request(RequestMethod.Get, "/app/counter/counter"));
        Assert.Equal(-2, Read(byName, "value"));
        Assert.Equal(ResponseStatus.Content, (await manager.SendRequestAsync(new Request(RequestMethod.Get, "/url1"))).Status);

        Assert.Equal(ResponseStatus.MethodNotAllowed, (await manager.SendRequestAsync(new Request(RequestMethod.Delete, "/counter"))).Status);
        Assert.Equal(ResponseStatus.BadRequest, (await manager.SendRequestAsync(new Request(RequestMethod.Put, "/counter"))).Status);
        Assert.Equal(ResponseStatus.NotFound, (await manager.SendRequestAsync(new Request(RequestMethod.Get, "/app/counter/other"))).Status);

        // the C publisher's events (one a second) reach the C++ subscriber
        await manager.InstallAsync("event_publisher", LanguageSamples.Simple("event_publisher"));
        var lines = output.WaitFor("counter", "[counter] overheat event", count: 2);
        Assert.Equal("[counter] overheat event 1: temperature is over high", lines[0]);
        Assert.Equal("[counter] overheat event 2: temperature is over high", lines[1]);
        var after = await manager.SendRequestAsync(new Request(RequestMethod.Get, "/counter"));
        Assert.True(Read(after, "events") >= 2);

        // on_destroy's delete runs cleanly
        await manager.UninstallAsync("counter");
        Assert.Null(manager.Query("counter"));
    }
}
