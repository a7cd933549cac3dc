using System.Diagnostics;
using Microwasm.AppFramework.Applets;
using Microwasm.AppFramework.Messaging;
using Microwasm.AppFramework.Tests.Support;
using Microwasm.TestSupport;

namespace Microwasm.AppFramework.Tests.Applets;

/// <summary>Runs alone: it measures the whole process's threads and memory, which tests running beside it would disturb.</summary>
[CollectionDefinition(nameof(LeakTests), DisableParallelization = true)]
[Collection(nameof(LeakTests))]
public sealed class LeakTests
{
    private static AppManager NewManager() => new(new AppManagerOptions { Output = new AppletOutput().For });

    [Fact]
    public async Task AThousandInstallUninstallCyclesLeaveThreadsAndMemoryWhereTheyWere()
    {
        await using var manager = NewManager();
        var module = WamrTools.App("request_handler");
        async Task Cycles(int count)
        {
            for (var i = 0; i < count; i++)
            {
                await manager.InstallAsync("cycle", module);
                Assert.Equal(ResponseStatus.Content, (await manager.SendRequestAsync(new Request(RequestMethod.Get, "/url1"))).Status);
                Assert.True(await manager.UninstallAsync("cycle"));
            }
        }
        (int Threads, long Managed, long Resident) Measure()
        {
            for (var i = 0; i < 3; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
            using var process = Process.GetCurrentProcess();
            return (process.Threads.Count, GC.GetTotalMemory(forceFullCollection: true), process.WorkingSet64);
        }

        await Cycles(100);   // warm up: JIT, pools
        var before = Measure();
        await Cycles(1000);
        var after = Measure();

        Assert.Empty(manager.List());
        Assert.InRange(after.Threads, 0, before.Threads + 2);
        Assert.True(after.Managed <= before.Managed * 1.10 + 256 * 1024, $"managed memory {before.Managed:N0} → {after.Managed:N0}");
        Assert.True(after.Resident <= before.Resident * 1.10, $"resident memory {before.Resident:N0} → {after.Resident:N0}");
    }
}
