using System.Diagnostics;
using Microwasm.AppFramework.Applets;
using Microwasm.AppFramework.Messaging;
using Microwasm.AppFramework.Tests.Support;
using Microwasm.TestSupport;

namespace Microwasm.AppFramework.Tests.Applets;

public sealed class WatchdogAndFaultTests
{
    private static AppManager NewManager(AppletOptions? defaults = null) =>
        new(new AppManagerOptions { Output = new AppletOutput().For, DefaultApplet = defaults ?? new AppletOptions() });

    [Fact]
    public async Task TheWatchdogStopsANeverReturningAppletWithinItsLimitWhileTwoOthersKeepAnswering()
    {
        await using var manager = NewManager();
        var stopped = new TaskCompletionSource<AppletStoppedEventArgs>();
        manager.AppletStopped += (_, e) => stopped.TrySetResult(e);
        await manager.InstallAsync("hang", TestApplets.Echo(), new AppletOptions { WatchdogTimeout = TimeSpan.FromSeconds(1) });
        await manager.InstallAsync("one", TestApplets.Echo());
        await manager.InstallAsync("two", WamrTools.App("request_handler"));

        var clock = Stopwatch.StartNew();
        var hung = manager.SendRequestAsync(new Request(RequestMethod.Get, "/app/hang/x/hang"), TimeSpan.FromSeconds(30));
        // while it hangs, the others answer
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(ResponseStatus.Content, (await manager.SendRequestAsync(new Request(RequestMethod.Get, "/app/one/x/ok"))).Status);
            Assert.Equal(ResponseStatus.Content, (await manager.SendRequestAsync(new Request(RequestMethod.Get, "/app/two/url1"))).Status);
        }
        var response = await hung;
        clock.Stop();

        Assert.Equal(ResponseStatus.InternalServerError, response.Status);
        Assert.InRange(clock.Elapsed.TotalSeconds, 1.0, 2.0);   // the limit + 1 s
        var info = manager.Query("hang")!;
        Assert.Equal(AppletState.Stopped, info.State);
        Assert.Contains("watchdog", info.LastError);
        var e = await stopped.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(("hang", AppletState.Stopped), (e.Name, e.State));
        // a stopped applet refuses further requests, and can be uninstalled
        Assert.Equal(ResponseStatus.ServiceUnavailable, (await manager.SendRequestAsync(new Request(RequestMethod.Get, "/app/hang/x/ok"))).Status);
        Assert.True(await manager.UninstallAsync("hang"));
        Assert.Equal(ResponseStatus.Content, (await manager.SendRequestAsync(new Request(RequestMethod.Get, "/app/one/x/ok"))).Status);
    }

    [Fact]
    public async Task AnEndlessOnInitFailsTheInstallAndLeavesNothing()
    {
        await using var manager = NewManager();
        var error = await Assert.ThrowsAsync<AppletInstallException>(() =>
            manager.InstallAsync("spin", TestApplets.Echo(initBody: "(loop $l (br $l))"), new AppletOptions { WatchdogTimeout = TimeSpan.FromMilliseconds(300) }));

        Assert.Contains("\"spin\"", error.Message);
        Assert.Contains("watchdog", error.Message);
        Assert.Null(manager.Query("spin"));
        Assert.Empty(manager.List());
        await manager.InstallAsync("spin", TestApplets.Echo());   // the name is free again
    }

    [Fact]
    public async Task AnEndlessStartFunctionIsStoppedToo()
    {
        await using var manager = NewManager();
        var module = Microwasm.TestSupport.Wat.ToWasm("""
            (module (func $start (loop $l (br $l))) (start $start) (func (export "on_init")))
            """);
        var error = await Assert.ThrowsAsync<AppletInstallException>(() =>
            manager.InstallAsync("starter", module, new AppletOptions { WatchdogTimeout = TimeSpan.FromMilliseconds(300) }));
        Assert.Contains("interrupted", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(manager.List());
    }

    [Fact]
    public async Task ATrapStopsOnlyTheAppletThatTrapped()
    {
        await using var manager = NewManager();
        var faulted = new TaskCompletionSource<AppletFaultEventArgs>();
        manager.AppletFaulted += (_, e) => faulted.TrySetResult(e);
        await manager.InstallAsync("bad", TestApplets.Echo());
        await manager.InstallAsync("good", TestApplets.Echo());

        var response = await manager.SendRequestAsync(new Request(RequestMethod.Get, "/app/bad/x/trap"));

        Assert.Equal(ResponseStatus.InternalServerError, response.Status);
        Assert.Contains("unreachable", System.Text.Encoding.UTF8.GetString(response.Payload.Span));
        Assert.Equal(AppletState.Faulted, manager.Query("bad")!.State);
        Assert.Contains("unreachable", manager.Query("bad")!.LastError);
        Assert.Equal(AppletFaultPolicy.Stop, (await faulted.Task.WaitAsync(TimeSpan.FromSeconds(5))).Policy);
        Assert.Equal(ResponseStatus.ServiceUnavailable, (await manager.SendRequestAsync(new Request(RequestMethod.Get, "/app/bad/x/ok"))).Status);
        Assert.Equal(ResponseStatus.Content, (await manager.SendRequestAsync(new Request(RequestMethod.Get, "/app/good/x/ok"))).Status);
    }

    [Fact]
    public async Task DeepRecursionIsATrapNotACrash()
    {
        await using var manager = NewManager(new AppletOptions { FaultPolicy = AppletFaultPolicy.Continue });
        await manager.InstallAsync("deep", TestApplets.Echo());

        var response = await manager.SendRequestAsync(new Request(RequestMethod.Get, "/app/deep/x/recurse"));

        Assert.Equal(ResponseStatus.InternalServerError, response.Status);
        Assert.Contains("stack", manager.Query("deep")!.LastError, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(ResponseStatus.Content, (await manager.SendRequestAsync(new Request(RequestMethod.Get, "/app/deep/x/ok"))).Status);
    }

    [Fact]
    public async Task UnderTheRestartPolicyATrappedAppletStartsAgain()
    {
        await using var manager = NewManager(new AppletOptions { FaultPolicy = AppletFaultPolicy.Restart, MaxRestarts = 2 });
        await manager.InstallAsync("phoenix", TestApplets.Echo());

        for (var restart = 1; restart <= 2; restart++)
        {
            Assert.Equal(ResponseStatus.InternalServerError, (await manager.SendRequestAsync(new Request(RequestMethod.Get, "/x/trap"))).Status);
            // on_init ran again: its resource is registered again and it answers
            Assert.Equal(ResponseStatus.Content, (await manager.SendRequestAsync(new Request(RequestMethod.Get, "/x/ok"))).Status);
            Assert.Equal(restart, manager.Query("phoenix")!.Restarts);
            Assert.Equal(AppletState.Running, manager.Query("phoenix")!.State);
        }
        // the third trap is one too many
        await manager.SendRequestAsync(new Request(RequestMethod.Get, "/x/trap"));
        Assert.Equal(AppletState.Faulted, manager.Query("phoenix")!.State);
    }

    [Fact]
    public async Task UnderTheContinuePolicyATrapIsLoggedAndTheAppletGoesOn()
    {
        await using var manager = NewManager(new AppletOptions { FaultPolicy = AppletFaultPolicy.Continue });
        await manager.InstallAsync("wamrlike", TestApplets.Echo());

        Assert.Equal(ResponseStatus.InternalServerError, (await manager.SendRequestAsync(new Request(RequestMethod.Get, "/x/trap"))).Status);
        Assert.Equal(ResponseStatus.Content, (await manager.SendRequestAsync(new Request(RequestMethod.Get, "/x/ok"))).Status);
        Assert.Equal(AppletState.Running, manager.Query("wamrlike")!.State);
        Assert.Contains("unreachable", manager.Query("wamrlike")!.LastError);
    }

    [Fact]
    public async Task AFullQueueIsAnErrorForTheSenderNotABlockedManager()
    {
        await using var manager = new AppManager(new AppManagerOptions { Output = new AppletOutput().For, QueueCapacity = 4 });
        await manager.InstallAsync("slow", TestApplets.Echo(), new AppletOptions { WatchdogTimeout = TimeSpan.FromSeconds(2) });

        var first = manager.SendRequestAsync(new Request(RequestMethod.Get, "/x/hang"), TimeSpan.FromSeconds(30));
        await Task.Delay(200);   // the applet is now inside the endless handler
        var queued = Enumerable.Range(0, 4).Select(_ => manager.SendRequestAsync(new Request(RequestMethod.Get, "/x/ok"), TimeSpan.FromSeconds(30))).ToArray();
        var clock = Stopwatch.StartNew();
        var refused = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => manager.SendRequestAsync(new Request(RequestMethod.Get, "/x/ok"))));
        clock.Stop();

        Assert.All(refused, r => Assert.Equal(ResponseStatus.ServiceUnavailable, r.Status));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"refusals took {clock.Elapsed}");
        Assert.Equal(10, manager.Query("slow")!.MessagesDropped);
        Assert.Equal(ResponseStatus.InternalServerError, (await first).Status);
        // what was queued behind the stopped applet is answered, not left hanging
        Assert.All(await Task.WhenAll(queued), r => Assert.Equal(ResponseStatus.ServiceUnavailable, r.Status));
    }
}

public sealed class RequestTimeoutTests
{
    private static readonly byte[] s_silent = Microwasm.TestSupport.Wat.ToWasm("""
        (module
          (import "env" "wasm_register_resource" (func $register (param i32)))
          (memory (export "memory") 1)
          (data (i32.const 16) "/quiet\00")
          (func (export "on_init") (call $register (i32.const 16)))
          (func (export "on_request") (param i32 i32)))
        """);

    [Fact]
    public async Task ARequestNobodyAnswersTimesOutWith504AndItsMid()
    {
        await using var manager = new AppManager(new AppManagerOptions { Output = new AppletOutput().For });
        await manager.InstallAsync("silent", s_silent);

        var clock = Stopwatch.StartNew();
        var response = await manager.SendRequestAsync(new Request(RequestMethod.Get, "/quiet") { Mid = 31 }, TimeSpan.FromMilliseconds(300));

        Assert.Equal((ResponseStatus.GatewayTimeout, 31u), (response.Status, response.Mid));
        Assert.InRange(clock.Elapsed.TotalMilliseconds, 290, 2000);
        Assert.Equal(AppletState.Running, manager.Query("silent")!.State);
    }

    [Fact]
    public async Task ACancelledRequestThrowsOperationCanceled()
    {
        await using var manager = new AppManager(new AppManagerOptions { Output = new AppletOutput().For });
        await manager.InstallAsync("silent", s_silent);
        using var cancel = new CancellationTokenSource(100);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            manager.SendRequestAsync(new Request(RequestMethod.Get, "/quiet"), TimeSpan.FromSeconds(30), cancel.Token));
    }
}

public sealed class HostileAllocatorTests
{
    [Fact]
    public async Task AnEndlessMallocOfTheAppletsOwnIsStoppedByTheWatchdog()
    {
        // the framework copies each request into the applet's heap with the applet's own malloc
        var module = Microwasm.TestSupport.Wat.ToWasm("""
            (module
              (import "env" "wasm_register_resource" (func $register (param i32)))
              (memory (export "memory") 1)
              (data (i32.const 16) "/m\00")
              (func (export "malloc") (param i32) (result i32) (loop $l (br $l)) (i32.const 0))
              (func (export "free") (param i32))
              (func (export "on_init") (call $register (i32.const 16)))
              (func (export "on_request") (param i32 i32)))
            """);
        await using var manager = new AppManager(new AppManagerOptions { Output = new AppletOutput().For });
        await manager.InstallAsync("greedy", module, new AppletOptions { WatchdogTimeout = TimeSpan.FromMilliseconds(500) });

        var clock = Stopwatch.StartNew();
        var response = await manager.SendRequestAsync(new Request(RequestMethod.Get, "/m"), TimeSpan.FromSeconds(30));

        Assert.Equal(ResponseStatus.InternalServerError, response.Status);
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.4, 2.5);
        Assert.Equal(AppletState.Stopped, manager.Query("greedy")!.State);
        Assert.Contains("watchdog", manager.Query("greedy")!.LastError);
    }

    [Fact]
    public async Task DisposingTheManagerDuringAnInstallLeavesNoAppletRunning()
    {
        var manager = new AppManager(new AppManagerOptions { Output = new AppletOutput().For });
        var slowInit = TestApplets.Echo(initBody: "(local.set 0 (i32.const 0)) (loop $l (local.set 0 (i32.add (local.get 0) (i32.const 1))) (br_if $l (i32.lt_u (local.get 0) (i32.const 50000000))))");
        var install = manager.InstallAsync("late", slowInit);
        await Task.Delay(50);
        await manager.DisposeAsync();

        var error = await Record.ExceptionAsync(() => install);
        Assert.True(error is ObjectDisposedException or AppletInstallException or null, error?.ToString());
        Assert.Empty(manager.List());
    }
}
