using System.Diagnostics;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microwasm.AppFramework.Applets;
using Microwasm.AppFramework.Messaging;

namespace Microwasm.Benchmarks;

/// <summary>
/// The application framework (issue #13): a host → applet request/response round trip in-process,
/// one event fanned out to 10 subscriber applets until all have run their handler, and the install
/// of a 100 KB applet. The applets are <c>wasm/echo-applet.wat</c> and samples/simple's
/// request_handler (which builds an attribute container in wasm for each answer).
/// </summary>
[MemoryDiagnoser]
public class AppFrameworkBenchmarks
{
    private AppManager _manager = null!;
    private Request _echo = null!;
    private Request _sample = null!;
    private byte[] _large = null!;
    private byte[] _echoModule = null!;
    private Applet[] _subscribers = null!;
    private long[] _handled = null!;

    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Microwasm.slnx")))
                {
                    return dir.FullName;
                }
            }
            throw new InvalidOperationException("cannot find the repository");
        }
    }

    [GlobalSetup]
    public void Setup()
    {
        _manager = new AppManager(new AppManagerOptions { Output = _ => TextWriter.Null });
        _echoModule = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "wasm", "echo-applet.wasm"));
        _manager.Install("echo", _echoModule);
        _manager.Install("request_handler", File.ReadAllBytes(Path.Combine(RepositoryRoot, "samples", "simple", "request_handler.wasm")));
        for (var i = 0; i < 10; i++)
        {
            _manager.Install($"subscriber{i}", _echoModule);
        }
        _subscribers = Enumerable.Range(0, 10).Select(i => _manager.FindApplet($"subscriber{i}")!).ToArray();
        _handled = new long[10];
        _echo = new Request(RequestMethod.Get, "/app/echo/echo");
        _sample = new Request(RequestMethod.Get, "/app/request_handler/url1");
        _large = LargeApplet();
    }

    [GlobalCleanup]
    public void Cleanup() => _manager.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Host → applet → host: the smallest handler.</summary>
    [Benchmark]
    public Task<Response> RoundTripEcho() => _manager.SendRequestAsync(_echo);

    /// <summary>Host → applet → host: WAMR's request_handler sample (builds an attr_container answer in wasm).</summary>
    [Benchmark]
    public Task<Response> RoundTripSampleHandler() => _manager.SendRequestAsync(_sample);

    /// <summary>
    /// One event to 10 subscriber applets (and the echo applet); done when each of the ten has
    /// finished its handler, watched through the applets' completed-message counters.
    /// </summary>
    [Benchmark]
    public void EventToTenSubscribers()
    {
        for (var i = 0; i < _subscribers.Length; i++)
        {
            _handled[i] = _subscribers[i].MessagesCompleted;
        }
        _manager.Publish("bench/tick");
        var spin = new SpinWait();
        for (var i = 0; i < _subscribers.Length; i++)
        {
            while (_subscribers[i].MessagesCompleted == _handled[i])
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }
        }
    }

    /// <summary>Install (decode, validate, translate, instantiate, start the thread, on_init) and uninstall of a 100 KB applet.</summary>
    [Benchmark]
    public void InstallAndUninstall100KBApplet()
    {
        _manager.Install("large", _large);
        _manager.Uninstall("large");
    }

    /// <summary>A 100 KB module: 400 functions of integer arithmetic and an on_init, assembled by wat2wasm.</summary>
    public static byte[] LargeApplet()
    {
        var text = new StringBuilder("(module (memory (export \"memory\") 1) (global $g (mut i32) (i32.const 0))\n");
        for (var f = 0; f < 400; f++)
        {
            text.Append($"(func $f{f} (param $x i32) (result i32) (local $y i32)\n");
            for (var i = 0; i < 28; i++)
            {
                text.Append($"  (local.set $y (i32.xor (i32.add (local.get $x) (i32.const {1000 + i * 37 + f})) (i32.mul (local.get $y) (i32.const {3 + i}))))\n");
            }
            text.Append(f > 0 ? $"  (call $f{f - 1} (local.get $y)))\n" : "  (local.get $y))\n");
        }
        text.Append("(func (export \"on_init\") (global.set $g (call $f399 (i32.const 1)))))\n");
        var directory = Directory.CreateTempSubdirectory("microwasm-bench-");
        try
        {
            var source = Path.Combine(directory.FullName, "large.wat");
            var output = Path.Combine(directory.FullName, "large.wasm");
            File.WriteAllText(source, text.ToString());
            using var process = Process.Start("wat2wasm", [source, "-o", output])!;
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException("wat2wasm failed (install wabt)");
            }
            return File.ReadAllBytes(output);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
