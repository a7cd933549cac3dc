using Microwasm.AppFramework.Applets;
using Microwasm.AppFramework.Messaging;
using Microwasm.AppFramework.Timers;
using Microwasm.Host;

namespace Microwasm.AppFramework.Abi;

/// <summary>
/// The <c>env</c> natives of WAMR's framework core that applets import: requests, responses,
/// events, resources and timers, with WAMR's names and signature strings. Every address and length
/// is checked by <see cref="NativeSymbol"/>'s signature (<c>$</c> a string that ends inside memory,
/// <c>*~</c> a range inside memory) before any of these runs; the packets are copied out and
/// checked by <see cref="PackedMessage"/> before anything acts on them.
/// </summary>
internal static class FrameworkNatives
{
    /// <summary>The natives, shared by all applets: each finds its applet through the calling store.</summary>
    public static readonly NativeSymbol[] Symbols =
    [
        NativeSymbol.Create("wasm_register_resource", (Caller caller, string url) => Applet.From(caller).RegisterResource(url), "($)"),
        NativeSymbol.Create("wasm_response_send", (Caller caller, Span<byte> buffer) => Applet.From(caller).SendResponse(buffer) ? 1 : 0, "(*~)i"),
        NativeSymbol.Create("wasm_post_request", (Caller caller, Span<byte> buffer) => Applet.From(caller).PostRequest(buffer), "(*~)"),
        NativeSymbol.Create("wasm_sub_event", (Caller caller, string url) => Applet.From(caller).SubscribeEvent(url), "($)"),
        NativeSymbol.Create("wasm_create_timer", (Caller caller, int interval, int periodic, int autoStart) =>
            Applet.From(caller).Timers.Create(interval, periodic != 0, autoStart != 0), "(iii)i"),
        NativeSymbol.Create("wasm_timer_destroy", (Caller caller, uint id) => { Applet.From(caller).Timers.Destroy(id); }, "(i)"),
        NativeSymbol.Create("wasm_timer_cancel", (Caller caller, uint id) => { Applet.From(caller).Timers.Cancel(id); }, "(i)"),
        NativeSymbol.Create("wasm_timer_restart", (Caller caller, uint id, int interval) => { Applet.From(caller).Timers.Restart(id, interval); }, "(ii)"),
        NativeSymbol.Create("wasm_get_sys_tick_ms", () => (uint)TimerService.NowMilliseconds, "()i"),
    ];
}
