using Microwasm.AppFramework.Messaging;
using Microwasm.AppFramework.Tests.Support;
using Microwasm.AppFramework.Transports;
using Microwasm.TestSupport;
using Attr = Microwasm.AppFramework.AttrContainer.AttrContainer;

namespace Microwasm.AppFramework.Tests.Transports;

/// <summary>The other direction: our <see cref="AppManagerClient"/> driving WAMR's own <c>simple</c> runtime (WAMR b9db23b).</summary>
public sealed class ClientAgainstWamrTests
{
    [Fact]
    public async Task OurClientInstallsListsRequestsSubscribesAndUninstallsOnWamrsRuntime()
    {
        await using var runtime = await WamrTools.StartRuntimeAsync();
        var client = await AppManagerClient.ConnectAsync("127.0.0.1", runtime.Port);
        await using (client)
        {
            var events = new System.Collections.Concurrent.BlockingCollection<Request>();
            client.EventReceived += events.Add;

            var installed = await client.InstallAsync("request_handler", File.ReadAllBytes(Path.Combine(SampleApplets.SamplesDirectory, "request_handler.wasm")));
            Assert.Equal(ResponseStatus.Created, installed.Status);
            Assert.Equal(ResponseStatus.Created, (await client.InstallAsync("event_publisher", WamrTools.App("event_publisher"), heapSize: 16384)).Status);

            var list = Attr.Parse((await client.ListAsync()).Payload.Span);
            Assert.Equal("Applets Info", list.Tag);
            Assert.Equal(2, list["num"].AsInt32());
            Assert.Equal(new[] { "request_handler", "event_publisher" }.Order(), new[] { list["applet1"].AsString(), list["applet2"].AsString() }.Order());

            var query = await client.QueryAsync("event_publisher");
            Assert.Equal(ResponseStatus.Content, query.Status);
            Assert.Equal(16384, Attr.Parse(query.Payload.Span)["heap"].AsInt32());
            var missing = await client.QueryAsync("nobody");
            Assert.Equal(ResponseStatus.InternalServerError, missing.Status);
            Assert.Equal("Query Applet failed: the app is not found.", Attr.Parse(missing.Payload.Span)["error message"].AsString());

            var answer = await client.RequestAsync(RequestMethod.Get, "/app/request_handler/url1");
            Assert.Equal(ResponseStatus.Content, answer.Status);
            Assert.Equal("value2", Attr.Parse(answer.Payload.Span)["key2"].AsString());

            Assert.Equal(ResponseStatus.Content, (await client.SubscribeAsync("alert/overheat")).Status);
            Assert.True(events.TryTake(out var e, 10_000), "WAMR sent no event within 10 s");
            Assert.Equal((RequestMethod.Event, "alert/overheat"), (e!.Method, e.Url));
            Assert.Equal("temperature is over high", Attr.Parse(e.Payload.Span)["warning"].AsString());
            Assert.Equal(ResponseStatus.Content, (await client.UnsubscribeAsync("alert/overheat")).Status);

            // WAMR answers nothing to an unknown URL: the client's timeout says so
            client.Timeout = TimeSpan.FromMilliseconds(1500);
            var timeout = await Assert.ThrowsAsync<TimeoutException>(() => client.RequestAsync(RequestMethod.Get, "/nothing"));
            Assert.Contains("no response to Get /nothing", timeout.Message);
            client.Timeout = TimeSpan.FromSeconds(5);

            Assert.Equal(ResponseStatus.Deleted, (await client.UninstallAsync("event_publisher")).Status);
            Assert.Equal(ResponseStatus.Deleted, (await client.UninstallAsync("request_handler")).Status);
            Assert.Equal(0, Attr.Parse((await client.ListAsync()).Payload.Span)["num"].AsInt32());
        }
        Assert.Contains("Install WASM app success!", await runtime.StopAsync());
    }
}
