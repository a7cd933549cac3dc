using Microwasm.AppFramework.Applets;
using Microwasm.AppFramework.Messaging;
using Microwasm.AppFramework.Extensions.Sensors;
using Microwasm.AppFramework.Tests.Support;
using AttrContainerModel = Microwasm.AppFramework.AttrContainer.AttrContainer;

namespace Microwasm.AppFramework.Tests.Extensions;

/// <summary>WAMR's sensor natives: open, configure, readings at the interval, close, and bad input.</summary>
public sealed class SensorTests
{
    private static (AppManager Manager, SensorRegistry Registry, ListLogger Log) NewManager(params ISensor[] sensors)
    {
        var registry = new SensorRegistry();
        foreach (var sensor in sensors)
        {
            registry.Add(sensor);
        }
        var log = new ListLogger();
        return (new AppManager(new AppManagerOptions { Output = new AppletOutput().For, Sensors = registry, Logger = log }), registry, log);
    }

    private static SensorExtension ExtensionOf(AppManager manager) => manager.Extensions.OfType<SensorExtension>().Single();

    [Fact]
    public async Task ReadingsArriveAtTheConfiguredIntervalWithTheSignalsValues()
    {
        var sensor = new SimulatedSensor("ramp", 0, SensorSignal.Ramp(10, 2));
        var (manager, _, _) = NewManager(new SimulatedSensor("other", 0, SensorSignal.Constant(1)), sensor);
        await using var _manager = manager;
        await manager.InstallAsync("reader", ExtensionApplets.Sensor("ramp", interval: 100));

        var first = await ExtensionApplets.WaitFor(manager, "reader", "s", s => s.Events >= 1);
        Assert.Equal(2, first.Handle);   // the second sensor registered has id 2
        Assert.Equal(1, first.Result);   // sensor_config returned true
        var reading = AttrContainerModel.Parse(first.Data);
        Assert.Equal("ramp", reading.Tag);
        var seq = reading["seq"].AsInt32();
        Assert.Equal(10 + 2 * seq, reading["value"].AsDouble());

        // count the readings in a window of about 3 s: 100 ms apart means 30 (±20 %). The window is
        // measured between the arrival ticks of its first and last readings, in the applet, so the
        // latency of the requests that look at the count (long on a loaded machine) does not count
        await AssertRate(manager, 100);

        // a new interval applies at once
        await ExtensionApplets.Command(manager, "reader", "s", 'i');   // 50 ms
        await AssertRate(manager, 50);
    }

    private static async Task AssertRate(AppManager manager, int interval)
    {
        var start = await ExtensionApplets.WaitFor(manager, "reader", "s", s => s.Events > 0);
        await Task.Delay(3000);
        var end = await ExtensionApplets.Command(manager, "reader", "s", 'c');
        var readings = end.Events - start.Events;
        var span = end.LastTick - start.LastTick;
        Assert.True(readings >= 3000 / interval / 2, $"{readings} readings in about 3 s at {interval} ms");
        var expected = span / (double)interval;
        Assert.InRange(readings, expected * 0.8, expected * 1.2);
    }

    [Fact]
    public async Task ReadingsStopAtCloseAtIntervalZeroAndAtUninstall()
    {
        var sensor = new SimulatedSensor("temp", 3, SensorSignal.Sine(20, 5, 10));
        var (manager, _, _) = NewManager(sensor);
        await using var _manager = manager;
        var extension = ExtensionOf(manager);

        // interval 0 pauses, a new interval resumes
        await manager.InstallAsync("pauser", ExtensionApplets.Sensor("temp", instance: 3, interval: 20, interval2: 20));
        await ExtensionApplets.WaitFor(manager, "pauser", "s", s => s.Events >= 3);
        var paused = await ExtensionApplets.Command(manager, "pauser", "s", 'z');
        Assert.Equal(1, paused.Result);
        await Task.Delay(300);
        var still = await ExtensionApplets.Command(manager, "pauser", "s", 'c');
        Assert.InRange(still.Events - paused.Events, 0, 4);   // readings already queued when it paused (at most 4)
        await Task.Delay(300);
        Assert.Equal(still.Events, (await ExtensionApplets.Command(manager, "pauser", "s", 'c')).Events);
        await ExtensionApplets.Command(manager, "pauser", "s", 'i');
        await ExtensionApplets.WaitFor(manager, "pauser", "s", s => s.Events >= still.Events + 3);

        // close: nothing more, not even what was queued
        var closed = await ExtensionApplets.Command(manager, "pauser", "s", 'x');
        Assert.Equal(1, closed.Result);
        Assert.Empty(extension.OpenSensors(manager.FindApplet("pauser")!));
        await Task.Delay(300);
        Assert.Equal(closed.Events, (await ExtensionApplets.Command(manager, "pauser", "s", 'c')).Events);
        // and it may open it again
        var reopened = await ExtensionApplets.Command(manager, "pauser", "s", 'o');
        Assert.Equal(1, reopened.Result);

        // uninstall: the sensor is no longer read and no timer is left
        await manager.InstallAsync("reader", ExtensionApplets.Sensor("temp", instance: 3, interval: 20));
        await ExtensionApplets.WaitFor(manager, "reader", "s", s => s.Events >= 3);
        await manager.UninstallAsync("reader");
        await manager.UninstallAsync("pauser");
        Assert.Equal(0, manager.TimerService.QueuedEntries(liveOnly: true));
        var readings = sensor.ReadingCount;
        await Task.Delay(300);
        Assert.Equal(readings, sensor.ReadingCount);
    }

    [Fact]
    public async Task AnAppletOpensASensorOnceAndUnknownSensorsAreNotFound()
    {
        var (manager, _, _) = NewManager(new SimulatedSensor("s", 0, SensorSignal.Constant(1), TimeSpan.FromSeconds(5)));
        await using var _manager = manager;
        await manager.InstallAsync("a", ExtensionApplets.Sensor("s"));
        await manager.InstallAsync("b", ExtensionApplets.Sensor("s"));
        await manager.InstallAsync("wrong-instance", ExtensionApplets.Sensor("s", instance: 1));
        await manager.InstallAsync("unknown", ExtensionApplets.Sensor("nosuch"));

        var a = await ExtensionApplets.Command(manager, "a", "s", 'o');
        Assert.Equal(1, a.Handle);
        Assert.Equal(-1, a.Result);   // opened twice
        Assert.Equal(1, (await ExtensionApplets.Command(manager, "b", "s", 'c')).Handle);   // another applet may
        Assert.Equal(-1, (await ExtensionApplets.Command(manager, "wrong-instance", "s", 'c')).Handle);
        var unknown = await ExtensionApplets.Command(manager, "unknown", "s", 'x');
        Assert.Equal(-1, unknown.Handle);
        Assert.Equal(0, unknown.Result);   // closing sensor -1: there is none
        // configuring a sensor it did not open fails
        Assert.Equal(0, (await ExtensionApplets.Command(manager, "unknown", "s", 'i')).Result);
    }

    [Fact]
    public async Task ConfigurationReachesTheSensorAndBadContainersAreRefused()
    {
        var sensor = new SimulatedSensor("cfg", 0, SensorSignal.Constant(7), TimeSpan.FromSeconds(5));
        var good = new AttrContainerModel("config sensor");
        good.SetInt32("interval", 250);
        good.SetInt32("bit_cfg", 3);
        var (manager, _, log) = NewManager(sensor);
        await using var _manager = manager;
        await manager.InstallAsync("cfg", ExtensionApplets.Sensor("cfg", interval: 1000, configuration: good.Serialize()));

        // sensor_config: the sensor's hook gets interval, bit_cfg and delay
        Assert.Equal(1000, sensor.LastConfiguration!["interval"].AsInt32());
        Assert.Equal("config sensor", sensor.LastConfiguration.Tag);

        Assert.Equal(1, (await ExtensionApplets.Command(manager, "cfg", "s", 'g')).Result);
        Assert.Equal(3, sensor.LastConfiguration!["bit_cfg"].AsInt32());

        // garbage, a container cut short: false, and the manager says why
        Assert.Equal(0, (await ExtensionApplets.Command(manager, "cfg", "s", 'b')).Result);
        Assert.Equal(0, (await ExtensionApplets.Command(manager, "cfg", "s", 'h')).Result);
        Assert.Contains(log.Warnings, w => w.Contains("sensor 1 not configured", StringComparison.Ordinal));
        Assert.Equal(3, sensor.LastConfiguration!["bit_cfg"].AsInt32());

        // a pointer outside memory is a trap in the applet (WAMR's check throws too); the manager goes on
        var response = await manager.SendRequestAsync(new Request(RequestMethod.Get, "/app/cfg/s/p"), TimeSpan.FromSeconds(20));
        Assert.Equal(ResponseStatus.InternalServerError, response.Status);
        Assert.Contains("out of bounds", manager.Query("cfg")!.LastError, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AFailingSensorSkipsReadingsAndAnIntervalBelowTheMinimumIsRaised()
    {
        var failing = new FailingSensor();
        var registry = new SensorRegistry { MinimumInterval = TimeSpan.FromMilliseconds(200) };
        registry.Add(failing);
        var fast = new SimulatedSensor("fast", 0, SensorSignal.Constant(1));
        registry.Add(fast);
        var log = new ListLogger();
        await using var manager = new AppManager(new AppManagerOptions { Output = new AppletOutput().For, Sensors = registry, Logger = log });
        await manager.InstallAsync("f", ExtensionApplets.Sensor("failing", interval: 1));
        await manager.InstallAsync("fast", ExtensionApplets.Sensor("fast", interval: 1));

        await Task.Delay(1000);
        var state = await ExtensionApplets.Command(manager, "f", "s", 'c');
        Assert.Equal(0, state.Events);
        Assert.InRange(failing.Reads, 1, 7);   // every 200 ms (5 in the second), not every 1 ms
        Assert.Contains(log.Warnings, w => w.Contains("failed to read", StringComparison.Ordinal));
        Assert.InRange((await ExtensionApplets.Command(manager, "fast", "s", 'c')).Events, 1, 7);
        Assert.Equal(AppletState.Running, manager.Query("f")!.State);
    }

    [Fact]
    public async Task ARestartedAppletOpensItsSensorsAgain()
    {
        var sensor = new SimulatedSensor("s", 0, SensorSignal.Ramp(0, 1));
        var registry = new SensorRegistry();
        registry.Add(sensor);
        await using var manager = new AppManager(new AppManagerOptions
        {
            Output = new AppletOutput().For,
            Sensors = registry,
            DefaultApplet = new AppletOptions { FaultPolicy = AppletFaultPolicy.Restart },
        });
        await manager.InstallAsync("phoenix", ExtensionApplets.Sensor("s", interval: 20, trapOn: 't'));
        await ExtensionApplets.WaitFor(manager, "phoenix", "s", s => s.Events >= 2);
        var trapped = await manager.SendRequestAsync(new Request(RequestMethod.Get, "/app/phoenix/s/t"), TimeSpan.FromSeconds(20));
        Assert.Equal(ResponseStatus.InternalServerError, trapped.Status);
        Assert.Equal(1, manager.Query("phoenix")!.Restarts);

        // on_init ran again in a new instance: its open succeeded (not "already open") and readings flow
        var state = await ExtensionApplets.WaitFor(manager, "phoenix", "s", s => s.Events >= 2);
        Assert.Equal(1, state.Handle);
        Assert.InRange(state.Events, 2, int.MaxValue);
        Assert.Equal([1u], ExtensionOf(manager).OpenSensors(manager.FindApplet("phoenix")!));
    }

    [Fact]
    public void SignalsAreDeterministicAndParse()
    {
        var noisy = SensorSignal.Parse("sine,offset=20,amplitude=5,period=4,noise=0.5,seed=42");
        Assert.Equal(SensorSignalKind.Sine, noisy.Kind);
        var values = Enumerable.Range(0, 8).Select(n => noisy.ValueAt(n)).ToArray();
        Assert.Equal(values, Enumerable.Range(0, 8).Select(n => noisy.ValueAt(n)).ToArray());
        Assert.All(values.Select((v, n) => v - (20 + 5 * Math.Sin(2 * Math.PI * (n % 4) / 4))), d => Assert.InRange(d, -0.5, 0.5));
        Assert.NotEqual(values, Enumerable.Range(0, 8).Select(n => (noisy with { Seed = 43 }).ValueAt(n)).ToArray());

        var ramp = SensorSignal.Parse("ramp,start=0,step=10,end=30");
        Assert.Equal([0.0, 10, 20, 30, 0, 10], Enumerable.Range(0, 6).Select(n => ramp.ValueAt(n)));
        Assert.Equal(21.5, SensorSignal.Parse("constant,value=21.5").ValueAt(1000));

        var sensor = SimulatedSensor.Parse("temp:2=constant,value=3,interval=250");
        Assert.Equal(("temp", 2, TimeSpan.FromMilliseconds(250)), (sensor.Name, sensor.Instance, sensor.DefaultInterval));
        Assert.Equal(("temp", 0), (SimulatedSensor.Parse("temp=sine").Name, SimulatedSensor.Parse("temp=sine").Instance));

        Assert.Contains("unknown signal", Assert.Throws<FormatException>(() => SensorSignal.Parse("square")).Message);
        Assert.Contains("has no \"period\"", Assert.Throws<FormatException>(() => SensorSignal.Parse("ramp,period=3")).Message);
        Assert.Contains("must be a number", Assert.Throws<FormatException>(() => SensorSignal.Parse("sine,offset=x")).Message);
        Assert.Contains("NAME[:INSTANCE]=SIGNAL", Assert.Throws<FormatException>(() => SimulatedSensor.Parse("temp")).Message);
        Assert.Contains("instance", Assert.Throws<FormatException>(() => SimulatedSensor.Parse("temp:x=sine")).Message);
    }

    [Fact]
    public void ThermalZonesAreReadFromSysfs()
    {
        var root = Directory.CreateTempSubdirectory("microwasm-thermal-");
        try
        {
            foreach (var (zone, type, temp) in new[] { (1, "x86_pkg_temp", "45500\n"), (0, "acpitz", "27800\n"), (2, "broken", "n/a\n") })
            {
                var directory = Directory.CreateDirectory(Path.Combine(root.FullName, $"thermal_zone{zone}"));
                File.WriteAllText(Path.Combine(directory.FullName, "type"), type + "\n");
                File.WriteAllText(Path.Combine(directory.FullName, "temp"), temp);
            }
            Directory.CreateDirectory(Path.Combine(root.FullName, "cooling_device0"));

            var zones = ThermalSensor.Discover(root.FullName);
            Assert.Equal([0, 1], zones.Select(z => z.Instance));   // zone 2 cannot be read
            var reading = zones[1].Read()!;
            Assert.Equal("thermal", reading.Tag);
            Assert.Equal(45.5, reading["value"].AsDouble());
            Assert.Equal("x86_pkg_temp", reading["type"].AsString());
            Assert.Empty(ThermalSensor.Discover(Path.Combine(root.FullName, "missing")));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void TheRegistryRefusesDuplicates()
    {
        var registry = new SensorRegistry();
        Assert.Equal(1u, registry.Add(new SimulatedSensor("a", 0, SensorSignal.Constant(0))));
        Assert.Equal(2u, registry.Add(new SimulatedSensor("a", 1, SensorSignal.Constant(0))));
        Assert.Throws<ArgumentException>(() => registry.Add(new SimulatedSensor("a", 1, SensorSignal.Constant(0))));
        Assert.True(registry.TryFind("a", 1, out var found, out var id));
        Assert.Equal((1, 2u), (found!.Instance, id));
    }

    private sealed class FailingSensor : ISensor
    {
        private int _reads;

        public int Reads => Volatile.Read(ref _reads);

        public string Name => "failing";

        public int Instance => 0;

        public string? Description => null;

        public TimeSpan DefaultInterval => TimeSpan.FromSeconds(1);

        public AttrContainerModel? Read()
        {
            Interlocked.Increment(ref _reads);
            throw new IOException("the bus is down");
        }

        public bool Configure(AttrContainerModel configuration) => true;
    }
}
