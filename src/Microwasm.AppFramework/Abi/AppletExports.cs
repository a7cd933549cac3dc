using Microwasm.Host;
using Microwasm.Model;
using Microwasm.Runtime;

namespace Microwasm.AppFramework.Abi;

/// <summary>
/// The functions the framework calls in an applet (WAMR's <c>app_manager_lookup_function</c>): each
/// looked up as <c>_name</c> first, then <c>name</c>, with its type checked at install so a call can
/// never be a type mismatch. Only <c>on_init</c> is required.
/// </summary>
internal sealed class AppletExports
{
    private AppletExports(Instance instance)
    {
        OnInit = Action0(instance, "on_init") ?? throw new InvalidOperationException("no on_init");
        OnDestroy = Action0(instance, "on_destroy");
        OnRequest = Action2(instance, "on_request");
        OnResponse = Action2(instance, "on_response");
        OnTimerCallback = Lookup(instance, "on_timer_callback") is { } timer ? instance.GetAction<int>(timer) : null;
        OnSensorEvent = Lookup(instance, "on_sensor_event") is { } sensor ? instance.GetAction<int, int, int>(sensor) : null;
        OnConnectionData = Lookup(instance, "on_connection_data") is { } connection ? instance.GetAction<int, int, int>(connection) : null;
        OnWidgetEvent = Lookup(instance, "on_widget_event") is { } widget ? instance.GetAction<int, int>(widget) : null;
        Start = instance.Exports.TryGetValue("_start", out var start) && start is FunctionInstance ? instance.GetAction("_start") : null;
    }

    public Action OnInit { get; }
    public Action? OnDestroy { get; }
    public Action<int, int>? OnRequest { get; }
    public Action<int, int>? OnResponse { get; }
    public Action<int>? OnTimerCallback { get; }
    public Action<int, int, int>? OnSensorEvent { get; }
    public Action<int, int, int>? OnConnectionData { get; }
    public Action<int, int>? OnWidgetEvent { get; }
    public Action? Start { get; }

    /// <summary>The exports the framework calls, with their wasm types.</summary>
    public static readonly IReadOnlyDictionary<string, FuncType> Types = new Dictionary<string, FuncType>
    {
        ["on_init"] = new([], []),
        ["on_destroy"] = new([], []),
        ["on_request"] = new([ValueType.I32, ValueType.I32], []),
        ["on_response"] = new([ValueType.I32, ValueType.I32], []),
        ["on_timer_callback"] = new([ValueType.I32], []),
        ["on_sensor_event"] = new([ValueType.I32, ValueType.I32, ValueType.I32], []),
        ["on_connection_data"] = new([ValueType.I32, ValueType.I32, ValueType.I32], []),
        ["on_widget_event"] = new([ValueType.I32, ValueType.I32], []),
    };

    /// <summary>Null if <paramref name="module"/> exports what the framework needs with the right types, else why not.</summary>
    public static string? Check(WasmModule module)
    {
        var functions = module.Module.Exports.ToDictionary(e => e.Name);
        var hasInit = false;
        foreach (var (name, type) in Types)
        {
            foreach (var candidate in new[] { "_" + name, name })
            {
                if (!functions.TryGetValue(candidate, out var export))
                {
                    continue;
                }
                if (export.Kind != ExternalKind.Function)
                {
                    return $"its export \"{candidate}\" is a {export.Kind.ToString().ToLowerInvariant()}, not a function";
                }
                var actual = module.Module.GetFunctionType(export.Index);
                if (!actual.Equals(type))
                {
                    return $"its export \"{candidate}\" has type {actual}; the framework calls it as {type}";
                }
                hasInit |= name == "on_init";
                break;
            }
        }
        return hasInit ? null : "it does not export on_init, which the framework calls to start it";
    }

    public static AppletExports Bind(Instance instance) => new(instance);

    private static string? Lookup(Instance instance, string name) =>
        instance.Exports.TryGetValue("_" + name, out var underscored) && underscored is FunctionInstance ? "_" + name
        : instance.Exports.TryGetValue(name, out var plain) && plain is FunctionInstance ? name
        : null;

    private static Action? Action0(Instance instance, string name) => Lookup(instance, name) is { } found ? instance.GetAction(found) : null;

    private static Action<int, int>? Action2(Instance instance, string name) => Lookup(instance, name) is { } found ? instance.GetAction<int, int>(found) : null;
}
