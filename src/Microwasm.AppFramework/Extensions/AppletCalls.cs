using System.Runtime.CompilerServices;
using Microwasm.AppFramework.Applets;
using Microwasm.Host;
using Microwasm.Runtime;

namespace Microwasm.AppFramework.Extensions;

/// <summary>
/// Calls an applet's <c>(i32 id, i32 buf, i32 len)</c> callback export (<c>on_sensor_event</c>,
/// <c>on_connection_data</c>) with bytes copied into its app heap, as WAMR's
/// <c>wasm_runtime_module_dup_data</c> + call + <c>wasm_runtime_module_free</c> do. Runs on the
/// applet's thread, inside a <see cref="CallbackMessage"/>: a trap propagates to the applet's fault
/// policy, after the block has been given back.
/// </summary>
internal static class AppletCalls
{
    private static readonly ConditionalWeakTable<Instance, Dictionary<string, Action<int, int, int>?>> s_exports = new();

    /// <summary>The export <c>_name</c> or <c>name</c> (WAMR looks up both, in that order), or null when the applet has neither.</summary>
    public static Action<int, int, int>? Find(Instance instance, string name)
    {
        var cache = s_exports.GetValue(instance, static _ => new Dictionary<string, Action<int, int, int>?>(StringComparer.Ordinal));
        lock (cache)
        {
            if (!cache.TryGetValue(name, out var action))
            {
                var found = instance.GetExport("_" + name) is FunctionInstance ? "_" + name
                    : instance.GetExport(name) is FunctionInstance ? name
                    : null;
                // the types were checked at install (AppletExports.Check), so this cannot fail
                action = found is null ? null : instance.GetAction<int, int, int>(found);
                cache[name] = action;
            }
            return action;
        }
    }

    /// <summary>
    /// Calls <paramref name="export"/>(<paramref name="id"/>, buf, len) with <paramref name="data"/> in
    /// a fresh app-heap block (buf = 0, len = 0 when <paramref name="data"/> is empty). Returns false,
    /// calling nothing, when the heap has no room.
    /// </summary>
    public static bool Call(Instance instance, Action<int, int, int> export, uint id, ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            export((int)id, 0, 0);
            return true;
        }
        var address = instance.AllocateBytes(data);
        if (address == 0)
        {
            return false;
        }
        try
        {
            export((int)id, (int)address, data.Length);
        }
        catch (WasmException)
        {
            try
            {
                // the applet may go on (fault policy continue): give the block back; an interrupted
                // instance may refuse to run its own free, which changes nothing here
                instance.Free(address);
            }
            catch (WasmException)
            {
            }
            throw;
        }
        instance.Free(address);
        return true;
    }
}
