using System.Diagnostics;
using System.Net;
using System.Text;
using Microwasm.AppFramework.Applets;
using Microwasm.AppFramework.Transports;
using Microwasm.Cli.Run;
using Microwasm.TestSupport;

namespace Microwasm.Cli.Tests;

/// <summary><c>microwasm app</c> against our remote manager (in this process) and against WAMR's own runtime.</summary>
public sealed class AppCommandTests
{
    private static string Sample(string name) => Path.Combine(TestPrograms.RepositoryRoot, "samples", "simple", name + ".wasm");

    private static (int Status, string Out, string Err) App(int port, params string[] arguments)
    {
        var output = new MemoryStream();
        var error = new MemoryStream();
        var status = Program.Invoke(["app", .. arguments, "--connect", $"127.0.0.1:{port}"], new RunConsole(new MemoryStream(), output, error));
        return (status, Encoding.UTF8.GetString(output.ToArray()), Encoding.UTF8.GetString(error.ToArray()));
    }

    [Fact]
    public async Task EveryOperationAgainstOurServerWithItsExitStatus()
    {
        await using var manager = new AppManager(new AppManagerOptions { Output = _ => TextWriter.Null });
        await using var server = new RemoteManagerServer(manager);
        var port = server.ListenTcp(new IPEndPoint(IPAddress.Loopback, 0)).Port;

        Assert.Equal((0, "2.01 Created\n", ""), App(port, "install", "request_handler", Sample("request_handler"), "--heap", "16384"));
        Assert.Equal(0, App(port, "install", "event_publisher", Sample("event_publisher")).Status);
        var list = App(port, "list", "--json");
        Assert.Equal((0, "{\"status\":69,\"code\":\"2.05\",\"name\":\"Content\",\"format\":99,\"payload\":{\"num\":2,\"applet1\":\"request_handler\",\"heap1\":16384,\"applet2\":\"event_publisher\",\"heap2\":8192}}\n"), (list.Status, list.Out));
        var query = App(port, "query", "request_handler");
        Assert.Equal(0, query.Status);
        Assert.StartsWith("2.05 Content\n{\n\t\"name\": \"request_handler\",\n\t\"heap\": 16384,", query.Out);
        Assert.Equal((0, "2.05 Content\n{\n\t\"key1\": \"value1\",\n\t\"key2\": \"value2\"\n}\n", ""), App(port, "request", "/app/request_handler/url1"));
        Assert.Equal((0, "2.02 Deleted\n", ""), App(port, "request", "/url2", "--method", "DELETE"));
        var events = App(port, "subscribe", "alert/overheat", "--count", "2", "--json");
        Assert.Equal(0, events.Status);
        Assert.Equal(2, events.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(line => line == "{\"event\":\"alert/overheat\",\"format\":99,\"payload\":{\"warning\":\"temperature is over high\"}}"));

        Assert.Equal((1, "", $"microwasm app: 127.0.0.1:{port} answered 4.04 NotFound: no applet serves \"/nothing\"\n"), App(port, "request", "/nothing"));
        Assert.Equal((0, "2.02 Deleted\n", ""), App(port, "uninstall", "request_handler"));
        Assert.Equal((1, "", $"microwasm app: 127.0.0.1:{port} answered 5.00 InternalServerError: Uninstall WASM app failed: no app found.\n"), App(port, "uninstall", "request_handler"));
        var missing = App(port, "install", "x", "/nonexistent/x.wasm");
        Assert.Equal(2, missing.Status);
        Assert.StartsWith("microwasm app: cannot read /nonexistent/x.wasm:", missing.Err);
        var bad = App(port, "request", "/x", "--format", "attr", "--payload", "[1,");
        Assert.Equal(2, bad.Status);
        Assert.StartsWith("microwasm app: --format attr wants a JSON object:", bad.Err);
        var unreachable = App(CliProcess.FreePort(), "list");
        Assert.Equal(2, unreachable.Status);
        Assert.StartsWith("microwasm app: cannot reach 127.0.0.1:", unreachable.Err);
    }

    [Fact]
    public async Task MicrowasmAppDrivesWamrsRuntime()
    {
        await using var runtime = await WamrTools.StartRuntimeAsync();
        var port = runtime.Port;
        Assert.Equal((0, "2.01 Created\n"), Pick(App(port, "install", "request_handler", Sample("request_handler"))));
        Assert.Equal((0, "2.05 Content\n{\n\t\"num\": 1,\n\t\"applet1\": \"request_handler\",\n\t\"heap1\": 8192\n}\n"), Pick(App(port, "list")));
        Assert.Equal((0, "2.05 Content\n{\n\t\"key1\": \"value1\",\n\t\"key2\": \"value2\"\n}\n"), Pick(App(port, "request", "/url1")));
        var silent = App(port, "request", "/nothing", "--timeout", "1.5");
        Assert.Equal(2, silent.Status);
        Assert.Contains("no response to Get /nothing within 1.5 s (a WAMR device answers nothing to a URL no applet serves)", silent.Err);
        Assert.Equal((0, "2.02 Deleted\n"), Pick(App(port, "uninstall", "request_handler")));
        var gone = App(port, "query", "request_handler");
        Assert.Equal((1, $"microwasm app: 127.0.0.1:{port} answered 5.00 InternalServerError: Query Applet failed: the app is not found.\n"), (gone.Status, gone.Err));
        Assert.Contains("Install WASM app success!", await runtime.StopAsync());
    }

    private static (int, string) Pick((int Status, string Out, string Err) result) => (result.Status, result.Out);
}
