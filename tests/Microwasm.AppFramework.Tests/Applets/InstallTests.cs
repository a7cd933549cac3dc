using Microwasm.AppFramework.Applets;
using Microwasm.AppFramework.Messaging;
using Microwasm.AppFramework.Tests.Support;
using Microwasm.TestSupport;

namespace Microwasm.AppFramework.Tests.Applets;

public sealed class InstallTests
{
    private static AppManager NewManager(int maxApplets = 64, int maxModuleSize = 16 << 20) =>
        new(new AppManagerOptions { Output = new AppletOutput().For, MaxApplets = maxApplets, MaxModuleSize = maxModuleSize });

    private static async Task<string> Refused(AppManager manager, string name, byte[] module, AppletOptions? options = null)
    {
        var error = await Assert.ThrowsAsync<AppletInstallException>(() => manager.InstallAsync(name, module, options));
        Assert.Null(manager.Query(name));
        Assert.DoesNotContain(manager.List(), a => a.Name == name);
        return error.Message;
    }

    [Fact]
    public async Task AModuleThatFailsToDecodeIsRefusedWithItsNameAndTheReason()
    {
        await using var manager = NewManager();
        var message = await Refused(manager, "junk", [0x00, 0x61, 0x73, 0x6d, 0x02, 0x00, 0x00, 0x00]);
        Assert.StartsWith("applet \"junk\" refused:", message);
        Assert.Contains("version", message);
    }

    [Fact]
    public async Task AModuleThatFailsValidationIsRefused()
    {
        await using var manager = NewManager();
        // (func (result i32)) with an empty body: type mismatch
        var module = new byte[] { 0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 5, 1, 0x60, 0, 1, 0x7f, 3, 2, 1, 0, 10, 4, 1, 2, 0, 0x0b };
        var message = await Refused(manager, "invalid", module);
        Assert.StartsWith("applet \"invalid\" refused:", message);
    }

    [Fact]
    public async Task AModuleWithoutOnInitIsRefused()
    {
        await using var manager = NewManager();
        var message = await Refused(manager, "noinit", Wat.ToWasm("(module (func (export \"on_request\") (param i32 i32)))"));
        Assert.Contains("on_init", message);
    }

    [Theory]
    [InlineData("(func (export \"on_init\") (param i32))", "on_init")]
    [InlineData("(func (export \"on_init\")) (func (export \"on_request\") (param i32))", "on_request")]
    [InlineData("(func (export \"on_init\")) (func (export \"on_timer_callback\") (param i64))", "on_timer_callback")]
    [InlineData("(func (export \"on_init\")) (global (export \"on_response\") i32 (i32.const 0))", "on_response")]
    public async Task ExportsOfTheWrongTypeAreRefused(string fields, string export)
    {
        await using var manager = NewManager();
        var message = await Refused(manager, "wrongtype", Wat.ToWasm($"(module {fields})"));
        Assert.Contains($"\"{export}\"", message);
    }

    [Fact]
    public async Task UnderscoredExportsAreFoundFirst()
    {
        await using var manager = NewManager();
        var info = await manager.InstallAsync("underscore", Wat.ToWasm("(module (func (export \"_on_init\")))"));
        Assert.Equal(AppletState.Running, info.State);
    }

    [Fact]
    public async Task AnUnknownImportIsRefusedByName()
    {
        await using var manager = NewManager();
        var message = await Refused(manager, "needy", Wat.ToWasm("(module (import \"env\" \"wasm_teleport\" (func)) (func (export \"on_init\")))"));
        Assert.Contains("wasm_teleport", message);
    }

    [Fact]
    public async Task ANativeImportedWithTheWrongSignatureIsRefused()
    {
        await using var manager = NewManager();
        var message = await Refused(manager, "badsig", Wat.ToWasm("(module (import \"env\" \"wasm_create_timer\" (func (param i32) (result i32))) (func (export \"on_init\")))"));
        Assert.Contains("wasm_create_timer", message);
    }

    [Fact]
    public async Task DuplicateNamesBadNamesTooManyAppletsAndTooBigModulesAreRefused()
    {
        await using var manager = NewManager(maxApplets: 2, maxModuleSize: 4096);
        await manager.InstallAsync("a", TestApplets.Echo());
        Assert.Contains("already installed", await Assert.ThrowsAsync<AppletInstallException>(() => manager.InstallAsync("a", TestApplets.Echo())).ContinueWith(t => t.Result.Message));
        Assert.Contains("letters", await Refused(manager, "a/b", TestApplets.Echo()));
        Assert.Contains("empty", await Refused(manager, "", TestApplets.Echo()));
        Assert.Contains("128", await Refused(manager, new string('n', 129), TestApplets.Echo()));
        Assert.Contains("4096", await Refused(manager, "big", new byte[4097]));
        await manager.InstallAsync("b", TestApplets.Echo());
        Assert.Contains("2 applets", await Assert.ThrowsAsync<AppletInstallException>(() => manager.InstallAsync("c", TestApplets.Echo())).ContinueWith(t => t.Result.Message));
        Assert.Equal(["a", "b"], manager.List().Select(a => a.Name));
    }

    [Fact]
    public async Task AMemoryAboveTheAppletsLimitIsRefused()
    {
        await using var manager = NewManager();
        var message = await Refused(manager, "hungry", Wat.ToWasm("(module (memory 100) (func (export \"on_init\")))"), new AppletOptions { MaxMemoryPages = 16 });
        Assert.Contains("hungry", message);
    }

    [Fact]
    public async Task QueryReportsWhatAnAppletHolds()
    {
        await using var manager = NewManager();
        await manager.InstallAsync("echo", TestApplets.Echo(timerInterval: 1000), new AppletOptions { HeapSize = 4096 });
        await manager.SendRequestAsync(new Request(RequestMethod.Get, "/x/ok"));

        var info = manager.Query("echo")!;

        Assert.Equal(("echo", "wasm", AppletState.Running), (info.Name, info.Type, info.State));
        Assert.Equal(4096u, info.HeapSize);
        Assert.Equal(65536ul * 2, info.MemorySize);   // one page declared, one appended for the heap
        Assert.Equal(["/x"], info.Resources);
        Assert.Equal(1, info.Timers);
        Assert.InRange(info.MessagesHandled, 1, 3);   // the request, and perhaps a timer tick
        Assert.True(info.Uptime > TimeSpan.Zero);
        Assert.Null(info.LastError);
    }

    [Theory]
    [InlineData(1u, 256u)]
    [InlineData(100_000u, 100_000u)]
    public async Task TheHeapIsClampedAsWamrClampsIt(uint asked, uint expected)
    {
        await using var manager = NewManager();
        var info = await manager.InstallAsync("heap", TestApplets.Echo(), new AppletOptions { HeapSize = asked });
        Assert.Equal(expected, info.HeapSize);
    }
}

public sealed class WasiAppletTests
{
    private static readonly byte[] s_wasiApplet = Wat.ToWasm("""
        (module
          (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
          (memory (export "memory") 1)
          (global $started (mut i32) (i32.const 0))
          (data (i32.const 8) "\10\00\00\00\0c\00\00\00")
          (data (i32.const 16) "hello, wasi\n")
          (func (export "_start") (global.set $started (i32.const 1)))
          (func (export "on_init")
            (if (i32.eqz (global.get $started)) (then unreachable))   ;; _start must have run first
            (drop (call $fd_write (i32.const 1) (i32.const 8) (i32.const 1) (i32.const 32)))))
        """);

    [Fact]
    public async Task WithWasiOnStartRunsBeforeOnInitAndStdoutIsTheAppletsOutput()
    {
        var output = new AppletOutput();
        await using var manager = new AppManager(new AppManagerOptions { Output = output.For });
        await manager.InstallAsync("wasi", s_wasiApplet, new AppletOptions { EnableWasi = true });
        output.WaitFor("wasi", "hello, wasi");
    }

    [Fact]
    public async Task WithoutWasiTheImportIsMissingAndTheInstallSaysSo()
    {
        await using var manager = new AppManager(new AppManagerOptions { Output = new AppletOutput().For });
        var error = await Assert.ThrowsAsync<AppletInstallException>(() => manager.InstallAsync("wasi", s_wasiApplet));
        Assert.Contains("fd_write", error.Message);
        Assert.Empty(manager.List());
    }
}
