using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microwasm.Model;
using Microwasm.Runtime;

namespace Microwasm.Compiler;

/// <summary>
/// Names the compiled functions a trap passed through, for its wasm stack. Compiled code keeps no
/// frame records of its own (that would cost every call); instead each method is named
/// <c>wasm_MODULE_FUNCTION</c> and the .NET stack of the trap, read once it reaches an entry from
/// outside compiled code, is mapped back to wasm function names.
/// </summary>
internal static class CompiledFrames
{
    private const string Prefix = "wasm_";

    // Module ids to modules, weakly: a trap's stack names modules that are alive while it unwinds.
    private static readonly ConcurrentDictionary<int, WeakReference<CompiledWasmModule>> s_modules = new();
    private static int s_nextId;

    // What earlier entries recorded for each trap, so that each trap's .NET stack is read once.
    private static readonly ConditionalWeakTable<WasmTrap, List<string>> s_recorded = new();

    /// <summary>Frames read from a trap's .NET stack at most, as a recursion of 50,000 calls would make reading them slow.</summary>
    private const int MaxFrames = 1000;

    public static int Register(CompiledWasmModule module)
    {
        var id = Interlocked.Increment(ref s_nextId);
        // written where every program with compiled code passes, so that ILC cannot fold them into constants (see there)
        CompiledCode.KeepConstantsUnknown();
        s_modules[id] = new WeakReference<CompiledWasmModule>(module);
        if ((id & 1023) == 0)
        {
            // now and then, forget modules that were collected
            foreach (var (key, reference) in s_modules)
            {
                if (!reference.TryGetTarget(out _))
                {
                    s_modules.TryRemove(key, out _);
                }
            }
        }
        return id;
    }

    // Modules compiled ahead of time, by the name of their assembly: their methods are named for
    // module 0 (the id of a run is not known when the file is made).
    private static readonly ConcurrentDictionary<string, WeakReference<CompiledWasmModule>> s_precompiled = new();

    /// <summary>Names <paramref name="module"/> as the module of the methods of <paramref name="assembly"/> (loaded from a .mwasm file).</summary>
    public static void RegisterAssembly(System.Reflection.Assembly assembly, CompiledWasmModule module) =>
        s_precompiled[assembly.GetName().Name ?? ""] = new WeakReference<CompiledWasmModule>(module);

    public static string MethodName(int moduleId, int functionIndex) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}{moduleId}_{functionIndex}");

    /// <summary>
    /// Adds compiled frames to the trap's wasm stack; runs in the exception filter of each entry
    /// into compiled code, before anything unwinds. The innermost entry reads the .NET stack
    /// between the trap and itself (once per trap: each read costs the whole stack so far); the
    /// entries further out add the function they entered, so a deep chain of host and wasm calls
    /// costs one step per entry.
    /// </summary>
    public static void Record(WasmTrap trap, CompiledFunction entered)
    {
        if (s_recorded.TryGetValue(trap, out var names))
        {
            if (!ReferenceEquals(trap.WasmStack, names))
            {
                // another engine added frames since
                names = [.. trap.WasmStack];
                s_recorded.AddOrUpdate(trap, names);
            }
            names.Add(entered.DisplayName);
            trap.WasmStack = names;
            return;
        }
        names = [.. trap.WasmStack];
        s_recorded.AddOrUpdate(trap, names);
        StackFrame[] frames;
        try
        {
            frames = new StackTrace(trap, false).GetFrames();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            frames = [];
        }
        var added = 0;
        for (var i = 0; i < frames.Length && added < MaxFrames; i++)
        {
            if (DiagnosticMethodInfo.Create(frames[i]) is { } method && TryName(method, entered.Instance, out var wasmName))
            {
                names.Add(wasmName);
                added++;
            }
        }
        if (added == 0)
        {
            // every compiled frame was a tail call's, or the stack could not be read
            names.Add(entered.DisplayName);
        }
        trap.WasmStack = names;
    }

    private static bool TryName(DiagnosticMethodInfo method, Instance entered, out string wasmName)
    {
        wasmName = "";
        var methodName = method.Name;
        if (!methodName.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }
        var parts = methodName.AsSpan(Prefix.Length);
        var separator = parts.IndexOf('_');
        if (separator < 0
            || !int.TryParse(parts[..separator], NumberStyles.None, CultureInfo.InvariantCulture, out var moduleId)
            || !uint.TryParse(parts[(separator + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || !(moduleId == PrecompiledModule.ModuleId
                ? s_precompiled.TryGetValue(AssemblySimpleName(method.DeclaringAssemblyName), out var reference)
                : s_modules.TryGetValue(moduleId, out reference))
            || !reference.TryGetTarget(out var module))
        {
            return false;
        }
        var name = module.Module.GetFunctionName(index) is { } functionName ? WasmName.Escape(functionName) : $"func[{index}]";
        // the instance is known when the frame is of the entered one's module (the common case)
        var ofEntered = ReferenceEquals(entered.Compiled, module) || entered.Compiled is TieredModule tiered && ReferenceEquals(tiered.Compiled, module);
        var instanceName = ofEntered ? entered.Name : module.Module.Names?.ModuleName;
        wasmName = instanceName is null ? name : $"{WasmName.Escape(instanceName)}!{name}";
        return true;
    }

    private static string AssemblySimpleName(string? fullName) =>
        fullName is null ? "" : fullName.Split(',')[0];
}
