using Microwasm.AppFramework.Applets;
using Microwasm.AppFramework.AttrContainer;
using Microwasm.AppFramework.Messaging;
using Microwasm.AppFramework.Tests.Support;
using Microwasm.TestSupport;
using Attrs = Microwasm.AppFramework.AttrContainer.AttrContainer;

namespace Microwasm.AppFramework.Tests.Languages;

/// <summary>
/// samples/assemblyscript-applet on app-sdk/assemblyscript, rebuilt at test time by the
/// AssemblyScript compiler: its resources answer the host (attr_container both ways), its timer
/// publishes events, it receives a C applet's events and sends a request to a C applet.
/// </summary>
public sealed class AssemblyScriptAppletTests
{
    [Fact]
    public void TheCommittedBuildIsWhatTheSourceGives()
    {
        Assert.Equal(LanguageSamples.AssemblyScriptApplet(), File.ReadAllBytes(Path.Combine(LanguageSamples.SampleDirectory("assemblyscript-applet"), "applet.wasm")));
    }

    [Fact]
    public async Task TheAssemblyScriptAppletServesPublishesSubscribesAndAsks()
    {
        var output = new AppletOutput();
        await using var manager = new AppManager(new AppManagerOptions { Output = output.For });
        var ticks = new List<Request>();
        using var subscription = manager.Subscribe("as/tick", e => { lock (ticks) { ticks.Add(e); } });
        await manager.InstallAsync("request_handler", LanguageSamples.Simple("request_handler"));
        await manager.InstallAsync("as_applet", LanguageSamples.AssemblyScriptApplet());
        Assert.Contains("as_applet: ready", output.Lines("as_applet"));

        var counted = await manager.SendRequestAsync(new Request(RequestMethod.Get, "/as/count"));
        Assert.Equal(ResponseStatus.Content, counted.Status);
        var body = Attrs.Parse(counted.Payload.Span);
        Assert.Equal(("counter", 0L, "AssemblyScript"), (body.Tag, Int(body, "count"), body["language"].AsString()));

        var add = new Attrs("") { ["add"] = AttrValue.FromInt32(5) };
        Assert.Equal(ResponseStatus.Changed, (await manager.SendRequestAsync(new Request(RequestMethod.Post, "/as/count", add.Serialize(), PayloadFormat.AttrContainer))).Status);
        Assert.Equal(ResponseStatus.Changed, (await manager.SendRequestAsync(new Request(RequestMethod.Post, "/app/as_applet/as/count"))).Status);
        body = Attrs.Parse((await manager.SendRequestAsync(new Request(RequestMethod.Get, "/as/count"))).Payload.Span);
        Assert.Equal(6L, Int(body, "count"));
        Assert.True(body["half"].TryGetDouble(out var half));
        Assert.Equal(3.0, half);
        Assert.Equal(ResponseStatus.NotFound, (await manager.SendRequestAsync(new Request(RequestMethod.Get, "/app/as_applet/nothing"))).Status);

        // its request to the C request_handler, answered through on_response
        var asked = await manager.SendRequestAsync(new Request(RequestMethod.Get, "/as/ask"));
        Assert.Equal("asked", System.Text.Encoding.UTF8.GetString(asked.Payload.Span));
        output.WaitFor("as_applet", "as_applet: /url1 answered 69 with");

        // the C publisher's events reach it; its own timer's events reach the host, numbered
        await manager.InstallAsync("event_publisher", LanguageSamples.Simple("event_publisher"));
        output.WaitFor("as_applet", "as_applet got event alert/overheat: temperature is over high");
        var deadline = Environment.TickCount64 + 10_000;
        while (Environment.TickCount64 < deadline && Count(ticks) < 3)
        {
            await Task.Delay(20);
        }
        lock (ticks)
        {
            var numbers = ticks.Take(3).Select(e => Int(Attrs.Parse(e.Payload.Span), "n")).ToArray();
            Assert.Equal(3, numbers.Length);
            Assert.True(numbers[1] == numbers[0] + 1 && numbers[2] == numbers[1] + 1, string.Join(",", numbers));
        }

        await manager.UninstallAsync("as_applet");
        Assert.Single(output.WaitFor("as_applet", "as_applet: bye after"));
    }

    [Fact]
    public async Task ACAppletsRequestsAreAnsweredAndItReceivesTheAssemblyScriptAppletsEvents()
    {
        var output = new AppletOutput();
        await using var manager = new AppManager(new AppManagerOptions { Output = output.For });
        await manager.InstallAsync("as_applet", LanguageSamples.AssemblyScriptApplet());
        var asker = SampleApplets.BuildWithOurSdk(Path.Combine(WamrTools.RepositoryRoot, "tests", "Microwasm.AppFramework.Tests", "Languages", "c", "as_asker.c"));
        await manager.InstallAsync("as_asker", asker);
        // the C applet's POST (an attr_container it built) and GET, answered by AssemblyScript in order
        output.WaitFor("as_asker", "[c] post status:68");
        output.WaitFor("as_asker", "[c] get status:69 count:2 language:AssemblyScript");
        // an event the AssemblyScript applet published, decoded by the C SDK
        Assert.Matches(@"^\[c\] tick n:\d+$", Assert.Single(output.WaitFor("as_asker", "[c] tick n:")));
    }

    private static int Count(List<Request> list)
    {
        lock (list)
        {
            return list.Count;
        }
    }

    private static long Int(Attrs body, string key)
    {
        Assert.True(body.Get(key).TryGetInt64(out var value), $"{key} is not a number");
        return value;
    }
}
