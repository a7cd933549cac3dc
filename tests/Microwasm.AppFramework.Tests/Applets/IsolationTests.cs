using System.Diagnostics;
using Microwasm.AppFramework.Applets;
using Microwasm.AppFramework.Messaging;
using Microwasm.AppFramework.Tests.Support;
using Microwasm.TestSupport;

namespace Microwasm.AppFramework.Tests.Applets;

/// <summary>Hostile applets: floods, bad pointers, random native arguments; and install/uninstall cycles that must not leak.</summary>
public sealed class IsolationTests
{
    private const string Natives = """
        (import "env" "wasm_register_resource" (func $register (param i32)))
        (import "env" "wasm_response_send" (func $respond (param i32 i32) (result i32)))
        (import "env" "wasm_post_request" (func $post (param i32 i32)))
        (import "env" "wasm_sub_event" (func $subscribe (param i32)))
        (import "env" "wasm_create_timer" (func $create_timer (param i32 i32 i32) (result i32)))
        (import "env" "wasm_timer_restart" (func $restart (param i32 i32)))
        (import "env" "wasm_timer_cancel" (func $cancel (param i32)))
        (import "env" "wasm_timer_destroy" (func $destroy (param i32)))
        """;

    private static AppManager NewManager(AppletOptions? defaults = null, int queue = 256) =>
        new(new AppManagerOptions { Output = new AppletOutput().For, QueueCapacity = queue, DefaultApplet = defaults ?? new AppletOptions() });

    [Fact]
    public async Task TimersTickIntoTheAppletAndDieWithIt()
    {
        await using var manager = NewManager();
        await manager.InstallAsync("ticker", TestApplets.Echo(timerInterval: 20));
        var deadline = Environment.TickCount64 + 10_000;
        int ticks;
        do
        {
            await Task.Delay(50);
            ticks = TestApplets.Ticks(await manager.SendRequestAsync(new Request(RequestMethod.Get, "/x/ok")));
        }
        while (ticks < 5 && Environment.TickCount64 < deadline);
        Assert.True(ticks >= 5, $"{ticks} ticks");

        await manager.UninstallAsync("ticker");
        Assert.Equal(0, manager.TimerService.QueuedEntries(liveOnly: true));
    }

    [Fact]
    public async Task ATimerFloodGetsTheAppletsLimitAndAOneMillisecondTimerCannotFillTheQueue()
    {
        await using var manager = NewManager(queue: 8);
        // on_init asks for 1,000 periodic 1 ms timers; then the applet must still answer requests
        var flood = Wat.ToWasm($$"""
            (module {{Natives}}
              (memory (export "memory") 1)
              (global $made (mut i32) (i32.const 0))
              (data (i32.const 16) "/t\00")
              (data (i32.const 32) "\01\45\00\00\00\00\00\00\00\00\00\00\00\00\00\04")
              (func (export "on_init") (local $i i32)
                (call $register (i32.const 16))
                (loop $more
                  (if (i32.ne (call $create_timer (i32.const 1) (i32.const 1) (i32.const 1)) (i32.const -1))
                    (then (global.set $made (i32.add (global.get $made) (i32.const 1)))))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br_if $more (i32.lt_u (local.get $i) (i32.const 1000)))))
              (func (export "on_timer_callback") (param i32))
              (func (export "on_request") (param $buf i32) (param $len i32)
                (i32.store (i32.const 36) (i32.load (i32.add (local.get $buf) (i32.const 4))))
                (i32.store (i32.const 40) (i32.load (i32.add (local.get $buf) (i32.const 8))))
                (i32.store (i32.const 48) (global.get $made))
                (drop (call $respond (i32.const 32) (i32.const 20)))))
            """);
        await manager.InstallAsync("flood", flood, new AppletOptions { MaxTimers = 30 });
        await Task.Delay(300);

        for (var i = 0; i < 20; i++)
        {
            var response = await manager.SendRequestAsync(new Request(RequestMethod.Get, "/t"), TimeSpan.FromSeconds(10));
            Assert.Equal(ResponseStatus.Content, response.Status);
            Assert.Equal(30, TestApplets.Ticks(response));
        }
        var info = manager.Query("flood")!;
        Assert.Equal(30, info.Timers);
        Assert.InRange(info.QueueLength, 0, 8);
        Assert.True(info.MessagesHandled > 30, $"{info.MessagesHandled} messages");
    }

    [Fact]
    public async Task ARequestFloodFromOneAppletStarvesNobody()
    {
        await using var manager = NewManager(queue: 16);
        await manager.InstallAsync("victim", TestApplets.Echo());
        // 100,000 requests to the victim from on_init, then it goes on flooding from each timer tick
        var flooder = Wat.ToWasm($$"""
            (module {{Natives}}
              (memory (export "memory") 1)
              ;; a packed request: version 1, GET, fmt 0, mid 1, sender 0, url_len 16, payload_len 0, "/app/victim/x/ok"
              (data (i32.const 64) "\01\01\00\00\00\00\00\01\00\00\00\00\00\11\00\00\00\00/app/victim/x/ok\00")
              (func $flood (local $i i32)
                (loop $more
                  (call $post (i32.const 64) (i32.const 35))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br_if $more (i32.lt_u (local.get $i) (i32.const 100000)))))
              (func (export "on_init") (call $flood) (drop (call $create_timer (i32.const 5) (i32.const 1) (i32.const 1))))
              (func (export "on_timer_callback") (param i32) (call $flood))
              (func (export "on_response") (param i32 i32)))
            """);
        await manager.InstallAsync("flooder", flooder);
        await manager.InstallAsync("bystander", TestApplets.Echo());

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(ResponseStatus.Content, (await manager.SendRequestAsync(new Request(RequestMethod.Get, "/app/bystander/x/ok"))).Status);
        }
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"50 requests took {clock.Elapsed}");
        Assert.InRange(manager.Query("victim")!.QueueLength, 0, 16);
        Assert.InRange(manager.Query("flooder")!.QueueLength, 0, 16);
        Assert.True(manager.Query("victim")!.MessagesDropped > 0);
        Assert.Equal(AppletState.Running, manager.Query("victim")!.State);
    }

    [Fact]
    public async Task HostileNativeArgumentsEndInCleanErrorsOrTraps()
    {
        await using var manager = NewManager(new AppletOptions { FaultPolicy = AppletFaultPolicy.Continue });
        // on_init fills memory with pseudo-random bytes, then makes 100,000 native calls with pseudo-random
        // in-bounds pointers and lengths: malformed packets, strings, timer ids. Each request then makes
        // one call with an out-of-bounds pointer, huge length or wrapping range, which must trap.
        var hostile = Wat.ToWasm($$"""
            (module {{Natives}}
              (memory (export "memory") 2 2)
              (global $seed (mut i32) (i32.const 12345))
              (func $rand (result i32)
                (global.set $seed (i32.add (i32.mul (global.get $seed) (i32.const 1103515245)) (i32.const 12345)))
                (global.get $seed))
              (func (export "on_init") (local $i i32) (local $p i32) (local $n i32)
                ;; fill the first page with noise, leave a NUL every 251 bytes so strings end
                (loop $fill
                  (i32.store8 (local.get $i) (if (result i32) (i32.rem_u (local.get $i) (i32.const 251)) (then (call $rand)) (else (i32.const 0))))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br_if $fill (i32.lt_u (local.get $i) (i32.const 65536))))
                (local.set $i (i32.const 0))
                (loop $calls
                  (local.set $p (i32.and (call $rand) (i32.const 0xffff)))
                  (local.set $n (i32.and (call $rand) (i32.const 0x7fff)))
                  (i32.store8 (local.get $p) (i32.const 1))   ;; often a plausible version byte
                  (block $done
                    (block $c5
                      (block $c4
                        (block $c3
                          (block $c2
                            (block $c1
                              (block $c0
                                (br_table $c0 $c1 $c2 $c3 $c4 $c5 (i32.rem_u (local.get $i) (i32.const 6))))
                              (call $post (local.get $p) (local.get $n)) (br $done))
                            (drop (call $respond (local.get $p) (local.get $n))) (br $done))
                          (call $register (local.get $p)) (br $done))
                        (call $subscribe (local.get $p)) (br $done))
                      (drop (call $create_timer (call $rand) (call $rand) (call $rand))) (br $done))
                    (call $restart (call $rand) (call $rand))
                    (call $cancel (call $rand))
                    (call $destroy (call $rand)))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br_if $calls (i32.lt_u (local.get $i) (i32.const 100000)))))
              (func (export "on_request") (param $buf i32) (param $len i32) (local $kind i32)
                (local.set $kind (i32.and (call $rand) (i32.const 3)))
                (if (i32.eqz (local.get $kind)) (then (call $post (i32.const 0x2fff0) (i32.const 0x100))))      ;; runs past the end (the heap took a third page)
                (if (i32.eq (local.get $kind) (i32.const 1)) (then (call $post (i32.const 16) (i32.const -1))))  ;; 4 GiB
                (if (i32.eq (local.get $kind) (i32.const 2)) (then (drop (call $respond (i32.const -16) (i32.const 32)))))  ;; wraps
                (call $register (i32.const 0x30000))))                                                          ;; just past the end
            """);
        await manager.InstallAsync("hostile", hostile);
        await manager.InstallAsync("neighbour", TestApplets.Echo());
        await Task.Delay(100);

        Assert.Equal(AppletState.Running, manager.Query("hostile")!.State);
        Assert.InRange(manager.Query("hostile")!.Resources.Count, 0, 16);
        Assert.InRange(manager.Query("hostile")!.Timers, 0, 20);
        for (var i = 0; i < 40; i++)
        {
            var response = await manager.SendRequestAsync(new Request(RequestMethod.Get, "/app/hostile/anything"));
            Assert.True(response.Status == ResponseStatus.InternalServerError, $"{response} {manager.Query("hostile")}");
            Assert.Contains("out of bounds", manager.Query("hostile")!.LastError, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Equal(ResponseStatus.Content, (await manager.SendRequestAsync(new Request(RequestMethod.Get, "/app/neighbour/x/ok"))).Status);
    }
}

public sealed class TimerDeliveryTests
{
    [Fact]
    public async Task EveryDueTimerRunsEvenWhenOthersFallDueDuringCallbacks()
    {
        // three periodic timers whose callbacks each spin a little: timers keep falling due while
        // others run; every one of them must keep ticking without any request to wake the applet
        var module = Microwasm.TestSupport.Wat.ToWasm("""
            (module
              (import "env" "wasm_register_resource" (func $register (param i32)))
              (import "env" "wasm_response_send" (func $respond (param i32 i32) (result i32)))
              (import "env" "wasm_create_timer" (func $create_timer (param i32 i32 i32) (result i32)))
              (memory (export "memory") 1)
              (data (i32.const 16) "/t\00")
              (data (i32.const 32) "\01\45\00\00\00\00\00\00\00\00\00\00\00\00\00\0c")
              (func (export "on_init")
                (call $register (i32.const 16))
                (drop (call $create_timer (i32.const 2) (i32.const 1) (i32.const 1)))
                (drop (call $create_timer (i32.const 3) (i32.const 1) (i32.const 1)))
                (drop (call $create_timer (i32.const 5) (i32.const 1) (i32.const 1))))
              (func (export "on_timer_callback") (param $id i32) (local $i i32) (local $slot i32)
                (local.set $slot (i32.add (i32.const 44) (i32.shl (local.get $id) (i32.const 2))))
                (i32.store (local.get $slot) (i32.add (i32.load (local.get $slot)) (i32.const 1)))
                (loop $spin
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br_if $spin (i32.lt_u (local.get $i) (i32.const 20000)))))
              (func (export "on_request") (param $buf i32) (param $len i32)
                (i32.store (i32.const 36) (i32.load (i32.add (local.get $buf) (i32.const 4))))
                (i32.store (i32.const 40) (i32.load (i32.add (local.get $buf) (i32.const 8))))
                (drop (call $respond (i32.const 32) (i32.const 28)))))
            """);
        await using var manager = new AppManager(new AppManagerOptions { Output = new AppletOutput().For });
        await manager.InstallAsync("three", module);
        await Task.Delay(1000);

        var response = await manager.SendRequestAsync(new Request(RequestMethod.Get, "/t"));
        var ticks = Enumerable.Range(0, 3).Select(i => BitConverter.ToInt32(response.Payload.Span[(4 * i)..])).ToArray();
        Assert.All(ticks, t => Assert.True(t >= 20, $"ticks per timer: {string.Join(", ", ticks)}"));
    }
}
