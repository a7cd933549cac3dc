using System.Net;
using BenchmarkDotNet.Attributes;
using Microwasm.AppFramework.Applets;
using Microwasm.AppFramework.Messaging;
using Microwasm.AppFramework.Transports;

namespace Microwasm.Benchmarks;

/// <summary>
/// The remote manager (issue #14) over loopback TCP: one request/response through WAMR's wire
/// protocol to the echo applet; 100 requests pipelined on one connection; a remote install and
/// uninstall of a 100 KB applet.
/// </summary>
[MemoryDiagnoser]
public class RemoteManagerBenchmarks
{
    private AppManager _manager = null!;
    private RemoteManagerServer _server = null!;
    private AppManagerClient _client = null!;
    private byte[] _large = null!;

    [GlobalSetup]
    public void Setup()
    {
        _manager = new AppManager(new AppManagerOptions { Output = _ => TextWriter.Null });
        _manager.Install("echo", File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "wasm", "echo-applet.wasm")));
        _server = new RemoteManagerServer(_manager);
        var endpoint = _server.ListenTcp(new IPEndPoint(IPAddress.Loopback, 0));
        _client = AppManagerClient.ConnectAsync("127.0.0.1", endpoint.Port).GetAwaiter().GetResult();
        _large = AppFrameworkBenchmarks.LargeApplet();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _manager.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>One request and its response over loopback TCP.</summary>
    [Benchmark]
    public Task<Response> LoopbackRequest() => _client.RequestAsync(RequestMethod.Get, "/app/echo/echo");

    /// <summary>100 requests in flight at once on one connection (divide by 100 for one request's share).</summary>
    [Benchmark(OperationsPerInvoke = 100)]
    public Task Pipelined100() =>
        Task.WhenAll(Enumerable.Range(0, 100).Select(_ => _client.RequestAsync(RequestMethod.Get, "/app/echo/echo")));

    /// <summary>Install (link frames, decode, validate, translate, instantiate, on_init) and uninstall of a 100 KB applet over TCP.</summary>
    [Benchmark]
    public async Task RemoteInstallAndUninstall100KB()
    {
        await _client.InstallAsync("large", _large);
        await _client.UninstallAsync("large");
    }
}
