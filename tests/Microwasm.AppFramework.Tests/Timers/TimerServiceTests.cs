using System.Collections.Concurrent;
using Microwasm.AppFramework.Timers;

namespace Microwasm.AppFramework.Tests.Timers;

public sealed class TimerServiceTests
{
    private static (TimerService Service, TimerGroup Group, BlockingCollection<uint> Fired) NewGroup(int max = 20)
    {
        var service = new TimerService();
        var fired = new BlockingCollection<uint>();
        return (service, service.CreateGroup(max, fired.Add), fired);
    }

    private static uint Next(BlockingCollection<uint> fired) =>
        fired.TryTake(out var id, TimeSpan.FromSeconds(5)) ? id : throw new TimeoutException("no timer fired within 5 s");

    [Fact]
    public void IdsStartAtOneAndAOneShotTimerFiresOnce()
    {
        var (service, group, fired) = NewGroup();
        using var serviceScope = service;
        var id = group.Create(10, periodic: false, autoStart: true);

        Assert.Equal(1u, id);
        Assert.Equal(id, Next(fired));
        Assert.False(fired.TryTake(out var extra, 200), $"a one-shot timer fired again ({extra})");
        Assert.Equal(1, group.Count);   // it stays, idle, until destroyed
    }

    [Fact]
    public void APeriodicTimerFiresUntilCancelledAndRestartStartsItAgain()
    {
        var (service, group, fired) = NewGroup();
        using var serviceScope = service;
        var id = group.Create(5, periodic: true, autoStart: true);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(id, Next(fired));
        }

        Assert.True(group.Cancel(id));
        Thread.Sleep(50);
        while (fired.TryTake(out _))
        {
        }
        Assert.False(fired.TryTake(out _, 200));

        Assert.True(group.Restart(id, 5));
        Assert.Equal(id, Next(fired));
        Assert.Equal(id, Next(fired));
    }

    [Fact]
    public void ATimerCreatedWithoutAutoStartWaitsForRestart()
    {
        var (service, group, fired) = NewGroup();
        using var serviceScope = service;
        var id = group.Create(1, periodic: false, autoStart: false);
        Assert.False(fired.TryTake(out _, 200));
        Assert.True(group.Restart(id, 1));
        Assert.Equal(id, Next(fired));
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(int.MinValue, true)]
    [InlineData(0, true)]   // a periodic timer of 0 ms would fire without pause
    public void InvalidIntervalsAreRefused(int interval, bool periodic)
    {
        var (service, group, _) = NewGroup();
        using var __ = service;
        Assert.Equal(TimerGroup.InvalidId, group.Create(interval, periodic, autoStart: true));
        Assert.Equal(0, group.Count);
    }

    [Fact]
    public void UnknownIdsAreErrorsAndTheGroupHasALimit()
    {
        var (service, group, _) = NewGroup(max: 3);
        using var __ = service;
        Assert.False(group.Cancel(42));
        Assert.False(group.Restart(42, 10));
        Assert.False(group.Destroy(42));
        var ids = Enumerable.Range(0, 3).Select(_ => group.Create(1000, true, true)).ToArray();
        Assert.Equal([1u, 2u, 3u], ids);
        Assert.Equal(TimerGroup.InvalidId, group.Create(1000, true, true));
        Assert.True(group.Destroy(2));
        Assert.Equal(4u, group.Create(1000, true, true));   // ids are not reused at once
        Assert.False(group.Restart(1, -5));
    }

    [Fact]
    public void RestartingInALoopDoesNotGrowTheQueueWithoutBound()
    {
        var (service, group, _) = NewGroup();
        using var __ = service;
        var id = group.Create(60_000, periodic: true, autoStart: true);
        for (var i = 0; i < 200_000; i++)
        {
            group.Restart(id, 60_000);
        }
        Assert.InRange(service.QueuedEntries(), 1, 2 * 1 + 1024 + 1);
    }

    [Fact]
    public void DisposingAGroupStopsItsTimersAndTheOthersGoOn()
    {
        using var service = new TimerService();
        var a = new BlockingCollection<uint>();
        var b = new BlockingCollection<uint>();
        var groupA = service.CreateGroup(5, a.Add);
        var groupB = service.CreateGroup(5, b.Add);
        groupA.Create(5, true, true);
        groupB.Create(5, true, true);
        Assert.Equal(1u, Next(a));
        groupA.Dispose();
        Thread.Sleep(50);
        while (a.TryTake(out _))
        {
        }
        Assert.False(a.TryTake(out _, 200));
        Assert.Equal(1u, Next(b));
        Assert.Equal(TimerGroup.InvalidId, groupA.Create(5, true, true));
    }

    [Fact]
    public void ManyGroupsShareOneThread()
    {
        using var service = new TimerService();
        var threadsBefore = System.Diagnostics.Process.GetCurrentProcess().Threads.Count;
        var fired = new BlockingCollection<uint>();
        var groups = Enumerable.Range(0, 200).Select(_ => service.CreateGroup(30, fired.Add)).ToArray();
        foreach (var group in groups)
        {
            for (var i = 0; i < 30; i++)
            {
                group.Create(10 + i, periodic: true, autoStart: true);
            }
        }
        for (var i = 0; i < 6000; i++)
        {
            Next(fired);
        }
        var threadsAfter = System.Diagnostics.Process.GetCurrentProcess().Threads.Count;
        Assert.InRange(threadsAfter - threadsBefore, -20, 5);   // 6,000 timers, no thread per timer
    }
}
