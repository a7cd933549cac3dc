using System.Text;
using Microwasm.AppFramework.Applets;
using Microwasm.AppFramework.Messaging;
using Microwasm.AppFramework.Tests.Support;
using Attrs = Microwasm.AppFramework.AttrContainer.AttrContainer;

namespace Microwasm.AppFramework.Tests.Languages;

/// <summary>
/// app-sdk/rust (the wasm_app crate) through rust/binding_check.rs, built at test time: timers,
/// many outstanding requests, the request timeout, and attr_container compatibility with the
/// framework's C# reader and writer in both directions.
/// </summary>
public sealed class RustBindingTests
{
    [Fact]
    public async Task TimersRequestsAndTheTimeoutWork()
    {
        var output = new AppletOutput();
        await using var manager = new AppManager(new AppManagerOptions { Output = output.For });
        await manager.InstallAsync("check", LanguageSamples.RustTestApplet("binding_check"));

        var lines = output.Lines("check");
        Assert.Equal(
        [
            "[check] periodic 0 refused: true",
            "[check] attrs round trip: true",
            "[check] truncated containers refused: true",
            "[check] init done",
        ], lines.Take(4));
        // 25 requests outstanding at once, each answered with its own payload
        output.WaitFor("check", "[check] 25 of 25 answered");
        Assert.DoesNotContain(output.Lines("check"), l => l.Contains("wrongly", StringComparison.Ordinal));
        // a periodic timer restarted at tick 3 and destroyed at tick 5 never ticks again
        output.WaitFor("check", "[check] quiet, 5 ticks");
        Assert.Equal(["[check] tick 1", "[check] tick 2", "[check] tick 3", "[check] tick 4", "[check] tick 5"],
            output.Lines("check").Where(l => l.StartsWith("[check] tick", StringComparison.Ordinal)));
        // the request nobody answers ends in the binding's timeout, not before 5 s
        var silent = Assert.Single(output.WaitFor("check", "[check] silent:", timeoutMs: 15_000));
        var match = System.Text.RegularExpressions.Regex.Match(silent, @"^\[check\] silent: timed out after (\d+) ms$");
        Assert.True(match.Success, silent);
        Assert.InRange(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 5000, 10_000);
        Assert.Equal(AppletState.Running, manager.Query("check")!.State);
    }

    [Fact]
    public async Task RustsContainersReadInCSharpAndCSharpsInRust()
    {
        await using var manager = new AppManager(new AppManagerOptions { Output = new AppletOutput().For });
        await manager.InstallAsync("check", LanguageSamples.RustTestApplet("binding_check"));

        var all = await manager.SendRequestAsync(new Request(RequestMethod.Get, "/check/all"));
        Assert.Equal(ResponseStatus.Content, all.Status);
        var fromRust = Attrs.Parse(all.Payload.Span);
        Assert.Equal("all types", fromRust.Tag);
        Assert.Equal(13, fromRust.Count);
        Assert.Equal(-5, fromRust.Get("byte").AsInt8());
        Assert.Equal(-300, fromRust.Get("short").AsInt16());
        Assert.Equal(-70000, fromRust.Get("int").AsInt32());
        Assert.Equal(-5_000_000_000, fromRust.Get("int64").AsInt64());
        Assert.Equal(250, fromRust.Get("uint8").AsUInt8());
        Assert.Equal(65000, fromRust.Get("uint16").AsUInt16());
        Assert.Equal(4_000_000_000u, fromRust.Get("uint32").AsUInt32());
        Assert.Equal(18_000_000_000_000_000_000ul, fromRust.Get("uint64").AsUInt64());
        Assert.Equal(1.5f, fromRust.Get("float").AsFloat());
        Assert.Equal(-2.25, fromRust.Get("double").AsDouble());
        Assert.True(fromRust.Get("bool").AsBoolean());
        Assert.Equal("héllo", fromRust.Get("string").AsString());
        Assert.Equal([0, 1, 2, 255], fromRust.Get("bytes").AsByteArray().ToArray());
        // byte for byte what the C# writer makes of the same container
        Assert.Equal(fromRust.Serialize(), all.Payload.ToArray());

        var toRust = new Attrs("from the host");
        toRust.SetInt8("a", -1);
        toRust.SetUInt64("b", ulong.MaxValue);
        toRust.SetFloat("c", -0.5f);
        toRust.SetBoolean("d", false);
        toRust.SetString("e", "");
        toRust.SetByteArray("f", [7, 8]);
        toRust.SetDouble("g", 1e300);
        var parsed = await manager.SendRequestAsync(new Request(RequestMethod.Put, "/check/parse", toRust.Serialize(), PayloadFormat.AttrContainer));
        Assert.Equal(
            "a=Byte(-1);b=Uint64(18446744073709551615);c=Float(-0.5);d=Bool(false);e=String(\"\");f=ByteArray([7, 8]);g=Double(1e300)",
            Encoding.UTF8.GetString(parsed.Payload.Span));
        var notAContainer = await manager.SendRequestAsync(new Request(RequestMethod.Put, "/check/parse", "x"u8.ToArray()));
        Assert.Equal("not a container", Encoding.UTF8.GetString(notAContainer.Payload.Span));
    }
}
