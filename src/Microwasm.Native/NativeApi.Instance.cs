using System.Runtime.InteropServices;
using Microwasm.Host;
using Microwasm.Model;
using Microwasm.Runtime;
using Microwasm.Wasi;

namespace Microwasm.Native;

internal static unsafe partial class NativeApi
{
    private const string InstantiateFailed = "WASM module instantiate failed: ";

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_instantiate")]
    public static nint Instantiate(nint module, uint stackSize, uint heapSize, byte* errorBuffer, uint errorBufferSize)
    {
        try
        {
            if (!Initialized)
            {
                Interop.WriteError(errorBuffer, errorBufferSize, InstantiateFailed + "the runtime is not initialized (call wasm_runtime_init first)");
                return 0;
            }
            if (Handles.Get<ModuleHandle>(module, HandleKind.Module) is not { } moduleHandle)
            {
                Interop.WriteError(errorBuffer, errorBufferSize, InstantiateFailed + "the module is NULL, unloaded or not a module");
                return 0;
            }
            return InstantiateCore(moduleHandle, heapSize, errorBuffer, errorBufferSize);
        }
        catch (Exception e)
        {
            Interop.WriteError(errorBuffer, errorBufferSize, InstantiateFailed + e.Message);
            return 0;
        }
    }

    private static nint InstantiateCore(ModuleHandle moduleHandle, uint heapSize, byte* errorBuffer, uint errorBufferSize)
    {
        // the module compiled once; a WasmModule of the runtime whose options carry this heap size
        var module = new WasmModule(RuntimeFor(heapSize), moduleHandle.Module.Compiled);
        var linker = new WasmLinker();
        // WAMR's default Linux build has the builtin libc (env) and WASI; natives registered by the
        // host take precedence over both, as in WAMR
        linker.DefineBuiltinLibc();
        WasiPreview1? wasi = null;
        var types = module.Module.Types;
        var natives = Snapshot();
        foreach (var import in module.Module.Imports)
        {
            if (import.ModuleName is WasiPreview1.ModuleName or WasiPreview1.UnstableModuleName && wasi is null)
            {
                wasi = CreateWasi(moduleHandle);
                var library = wasi;
                linker.DefineLibrary((_, l) => library.Define((m, n, f) => l.Define(m, n, f)));
            }
            if (import.Kind != ExternalKind.Function)
            {
                continue;
            }
            foreach (var native in natives)
            {
                if (native.Module == import.ModuleName && native.Name == import.Name)
                {
                    try
                    {
                        linker.DefineHost(import.ModuleName, import.Name, native.Define(types[import.TypeIndex]));
                    }
                    catch (ArgumentException e)
                    {
                        wasi?.Dispose();
                        Interop.WriteError(errorBuffer, errorBufferSize,
                            $"{InstantiateFailed}native {WasmName.Quote(import.ModuleName)} {WasmName.Quote(import.Name)}: {e.Message}");
                        return 0;
                    }
                    break;
                }
            }
        }

        var handle = new InstanceHandle { ModuleHandle = moduleHandle.Handle, Wasi = wasi };
        handle.Handle = Handles.Add(handle, HandleKind.Instance);
        var previous = t_instantiating;
        t_instantiating = handle;
        Instance instance;
        try
        {
            instance = linker.Instantiate(module, userData: handle);
        }
        catch (Exception e)
        {
            var message = e switch
            {
                WasmTrap trap => handle.Exception ?? ExceptionPrefix + TrapMessage(trap),
                WasmExitException => ExceptionPrefix + "wasi proc exit",
                _ => e.Message,
            };
            Release(handle);
            Handles.Remove(handle.Handle);
            Interop.WriteError(errorBuffer, errorBufferSize, InstantiateFailed + message);
            return 0;
        }
        finally
        {
            t_instantiating = previous;
        }
        handle.Instance = instance;
        // the pool budget: the linear memory as instantiated, app heap included
        var bytes = instance.Memory is { } memory ? (long)memory.Length : 0;
        if (!Charge(bytes, out var error))
        {
            Release(handle);
            Handles.Remove(handle.Handle);
            Interop.WriteError(errorBuffer, errorBufferSize, InstantiateFailed + error);
            return 0;
        }
        handle.Charged = bytes;
        return handle.Handle;
    }

    private static List<CNative> Snapshot()
    {
        lock (s_lock)
        {
            return [.. s_natives];
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_deinstantiate")]
    public static void Deinstantiate(nint instance)
    {
        try
        {
            if (Handles.Get<InstanceHandle>(instance, HandleKind.Instance) is not { } handle)
            {
                return;
            }
            Handles.Remove(instance);
            Release(handle);
            Refund(handle.Charged);
        }
        catch
        {
            // nothing to report to
        }
    }

    /// <summary>Frees what an instance holds: its handles, WASI descriptors, memories and exception text.</summary>
    private static void Release(InstanceHandle handle)
    {
        handle.Deinstantiated = true;
        foreach (var function in handle.Functions.Values)
        {
            Handles.Remove(function);
        }
        handle.Functions.Clear();
        foreach (var memory in handle.Memories.Values)
        {
            Handles.Remove(memory);
        }
        handle.Memories.Clear();
        foreach (var env in handle.ExecEnvs)
        {
            Handles.Remove(env.Handle);
        }
        handle.ExecEnvs.Clear();
        if (handle.Singleton is { } singleton)
        {
            Handles.Remove(singleton.Handle);
        }
        handle.Wasi?.Dispose();
        if (handle.Instance is { } instance)
        {
            // unmapped once no wasm runs in the store any more (a native may deinstantiate its own caller)
            foreach (var memory in instance.Memories)
            {
                memory.Dispose();
            }
        }
        handle.SetException(null);
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_get_module")]
    public static nint GetModule(nint instance)
    {
        if (Handles.Get<InstanceHandle>(instance, HandleKind.Instance) is not { } handle)
        {
            return 0;
        }
        // NULL once the module was unloaded
        return Handles.Get<ModuleHandle>(handle.ModuleHandle, HandleKind.Module) is null ? 0 : handle.ModuleHandle;
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_lookup_function")]
    public static nint LookupFunction(nint instance, byte* name)
    {
        try
        {
            if (Handles.Get<InstanceHandle>(instance, HandleKind.Instance) is not { } handle || Interop.Utf8(name) is not { } text)
            {
                return 0;
            }
            return LookupExport(handle, text);
        }
        catch
        {
            return 0;
        }
    }

    private static nint LookupExport(InstanceHandle handle, string name)
    {
        lock (handle.Functions)
        {
            if (handle.Functions.TryGetValue(name, out var existing))
            {
                return existing;
            }
            if (handle.Instance.GetExport(name) is not FunctionInstance function)
            {
                return 0;
            }
            var result = Handles.Add(new FunctionHandle(handle, function), HandleKind.Function);
            handle.Functions[name] = result;
            return result;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_func_get_param_count")]
    public static uint FuncParamCount(nint function, nint instance) =>
        Handles.Get<FunctionHandle>(function, HandleKind.Function) is { } f ? (uint)f.Function.Type.Parameters.Length : 0;

    [UnmanagedCallersOnly(EntryPoint = "wasm_func_get_result_count")]
    public static uint FuncResultCount(nint function, nint instance) =>
        Handles.Get<FunctionHandle>(function, HandleKind.Function) is { } f ? (uint)f.Function.Type.Results.Length : 0;

    [UnmanagedCallersOnly(EntryPoint = "wasm_func_get_param_types")]
    public static void FuncParamTypes(nint function, nint instance, byte* types)
    {
        if (types != null && Handles.Get<FunctionHandle>(function, HandleKind.Function) is { } f)
        {
            var parameters = f.Function.Type.Parameters;
            for (var i = 0; i < parameters.Length; i++)
            {
                types[i] = Interop.ValKind(parameters[i]);
            }
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_func_get_result_types")]
    public static void FuncResultTypes(nint function, nint instance, byte* types)
    {
        if (types != null && Handles.Get<FunctionHandle>(function, HandleKind.Function) is { } f)
        {
            var results = f.Function.Type.Results;
            for (var i = 0; i < results.Length; i++)
            {
                types[i] = Interop.ValKind(results[i]);
            }
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_create_exec_env")]
    public static nint CreateExecEnv(nint instance, uint stackSize)
    {
        try
        {
            if (Handles.Get<InstanceHandle>(instance, HandleKind.Instance) is not { } handle)
            {
                return 0;
            }
            var env = new ExecEnvHandle { Instance = handle, StackSize = stackSize };
            env.Handle = Handles.Add(env, HandleKind.ExecEnv);
            lock (handle.ExecEnvs)
            {
                handle.ExecEnvs.Add(env);
            }
            return env.Handle;
        }
        catch
        {
            return 0;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_destroy_exec_env")]
    public static void DestroyExecEnv(nint execEnv)
    {
        try
        {
            // the singleton belongs to its instance (WAMR: "should not destroy it")
            if (Handles.Get<ExecEnvHandle>(execEnv, HandleKind.ExecEnv) is not { IsSingleton: false } env)
            {
                return;
            }
            Handles.Remove(execEnv);
            lock (env.Instance.ExecEnvs)
            {
                env.Instance.ExecEnvs.Remove(env);
            }
        }
        catch
        {
            // nothing to report to
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_get_exec_env_singleton")]
    public static nint GetExecEnvSingleton(nint instance)
    {
        try
        {
            return Handles.Get<InstanceHandle>(instance, HandleKind.Instance) is { } handle ? SingletonOf(handle).Handle : 0;
        }
        catch
        {
            return 0;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_get_module_inst")]
    public static nint GetModuleInst(nint execEnv) =>
        Handles.Get<ExecEnvHandle>(execEnv, HandleKind.ExecEnv) is { } env && !env.Instance.Deinstantiated ? env.Instance.Handle : 0;

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_set_module_inst")]
    public static void SetModuleInst(nint execEnv, nint instance)
    {
        if (Handles.Get<ExecEnvHandle>(execEnv, HandleKind.ExecEnv) is { IsSingleton: false } env &&
            Handles.Get<InstanceHandle>(instance, HandleKind.Instance) is { } handle)
        {
            env.Instance = handle;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_get_exception")]
    public static nint GetException(nint instance) =>
        Handles.Get<InstanceHandle>(instance, HandleKind.Instance) is { } handle ? handle.ExceptionText : 0;

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_set_exception")]
    public static void SetException(nint instance, byte* exception)
    {
        try
        {
            if (Handles.Get<InstanceHandle>(instance, HandleKind.Instance) is { } handle)
            {
                // WAMR keeps at most 127 bytes after "Exception: "; a longer text is kept whole here
                handle.SetException(exception == null ? null : ExceptionPrefix + Interop.Utf8(exception));
            }
        }
        catch
        {
            // nothing to report to
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_clear_exception")]
    public static void ClearException(nint instance)
    {
        if (Handles.Get<InstanceHandle>(instance, HandleKind.Instance) is { } handle)
        {
            handle.SetException(null);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_set_custom_data")]
    public static void SetCustomData(nint instance, nint data)
    {
        if (Handles.Get<InstanceHandle>(instance, HandleKind.Instance) is { } handle)
        {
            handle.CustomData = data;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_get_custom_data")]
    public static nint GetCustomData(nint instance) =>
        Handles.Get<InstanceHandle>(instance, HandleKind.Instance) is { } handle ? handle.CustomData : 0;

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_set_user_data")]
    public static void SetUserData(nint execEnv, nint data)
    {
        if (Handles.Get<ExecEnvHandle>(execEnv, HandleKind.ExecEnv) is { } env)
        {
            env.UserData = data;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_get_user_data")]
    public static nint GetUserData(nint execEnv) =>
        Handles.Get<ExecEnvHandle>(execEnv, HandleKind.ExecEnv) is { } env ? env.UserData : 0;

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_get_function_attachment")]
    public static nint GetFunctionAttachment(nint execEnv) =>
        Handles.Get<ExecEnvHandle>(execEnv, HandleKind.ExecEnv) is { } env ? env.Attachment : 0;

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_is_wasi_mode")]
    public static byte IsWasiMode(nint instance) =>
        Handles.Get<InstanceHandle>(instance, HandleKind.Instance) is { Wasi: not null } ? (byte)1 : (byte)0;

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_lookup_wasi_start_function")]
    public static nint LookupWasiStartFunction(nint instance)
    {
        try
        {
            return Handles.Get<InstanceHandle>(instance, HandleKind.Instance) is { Wasi: not null } handle ? LookupExport(handle, "_start") : 0;
        }
        catch
        {
            return 0;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_get_wasi_exit_code")]
    public static uint GetWasiExitCode(nint instance) =>
        Handles.Get<InstanceHandle>(instance, HandleKind.Instance) is { } handle ? handle.WasiExitCode : 0;

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_get_running_mode")]
    public static int GetRunningMode(nint instance) =>
        Handles.Get<InstanceHandle>(instance, HandleKind.Instance) is not null ? ModeInterp : 0;

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_set_running_mode")]
    public static byte SetRunningMode(nint instance, int mode) =>
        Handles.Get<InstanceHandle>(instance, HandleKind.Instance) is not null && mode == ModeInterp ? (byte)1 : (byte)0;
}
