using System.Runtime.InteropServices;
using Microwasm.Host;
using Microwasm.Runtime;

namespace Microwasm.Native;

/// <summary>
/// WAMR's C embedding API (include/wasm_export.h) over Microwasm's embedding API. Every entry point
/// catches everything: no .NET exception crosses into C. Errors go where WAMR puts them: the error
/// buffer (load, instantiate), the instance's exception (calls, natives, address validation), or a
/// NULL / false / 0 result. See docs/c-api.md.
/// </summary>
internal static unsafe partial class NativeApi
{
    /// <summary>What WAMR puts before every exception text.</summary>
    public const string ExceptionPrefix = "Exception: ";

    // mem_alloc_type_t and RunningMode
    private const int AllocWithPool = 0;
    private const int AllocWithSystemAllocator = 2;
    private const int ModeInterp = 1;

    // the WAMR release whose wasm_export.h the header follows (wasm_runtime_get_version)
    private const uint WamrMajor = 2;
    private const uint WamrMinor = 4;
    private const uint WamrPatch = 1;

    private static readonly object s_lock = new();
    private static int s_refCount;

    // Alloc_With_Pool: the pool's size is a budget (see docs/c-api.md); 0 = the system allocator
    private static long s_poolSize;
    private static long s_poolUsed;
    private static long s_poolHighmark;

    // natives, the latest registration first (WAMR searches the latest first too)
    private static readonly List<CNative> s_natives = [];

    // one WasmRuntime per app heap size (the runtime's options carry it)
    private static readonly Dictionary<uint, WasmRuntime> s_runtimes = [];

    [ThreadStatic]
    private static InstanceHandle? t_instantiating;

    [ThreadStatic]
    private static bool t_threadEnv;

    private static bool Initialized => Volatile.Read(ref s_refCount) > 0;

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_init")]
    public static byte RuntimeInit()
    {
        try
        {
            return Init(AllocWithSystemAllocator, 0, null, null, 0) ? (byte)1 : (byte)0;
        }
        catch
        {
            return 0;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_full_init")]
    public static byte RuntimeFullInit(CRuntimeInitArgs* args)
    {
        try
        {
            if (args == null)
            {
                return 0;
            }
            if (args->RunningMode != 0 && args->RunningMode != ModeInterp)
            {
                return 0;
            }
            long poolSize = 0;
            switch (args->MemAllocType)
            {
                case AllocWithSystemAllocator:
                    break;
                case AllocWithPool:
                    if (args->HeapBuf == 0 || args->PoolHeapSize == 0)
                    {
                        return 0;
                    }
                    poolSize = args->PoolHeapSize;
                    break;
                default:
                    // Alloc_With_Allocator: Microwasm's memory comes from .NET and mmap, never from a C allocator
                    return 0;
            }
            var moduleName = Interop.Utf8(args->NativeModuleName);
            if (args->NativeSymbolCount > 0 && (moduleName is null || args->NativeSymbols == null))
            {
                return 0;
            }
            return Init(args->MemAllocType, poolSize, moduleName, args->NativeSymbols, args->NativeSymbolCount) ? (byte)1 : (byte)0;
        }
        catch
        {
            return 0;
        }
    }

    private static bool Init(int allocType, long poolSize, string? moduleName, CNativeSymbol* symbols, uint count)
    {
        lock (s_lock)
        {
            if (s_refCount > 0)
            {
                // initialised already: count the user, as WAMR 2.x does; the first init's settings stay
                s_refCount++;
                return true;
            }
            List<CNative>? natives = null;
            if (count > 0 && (natives = ReadNatives(moduleName!, symbols, count, raw: false, out _)) is null)
            {
                return false;
            }
            s_poolSize = allocType == AllocWithPool ? poolSize : 0;
            s_poolUsed = 0;
            s_poolHighmark = 0;
            s_natives.Clear();
            if (natives is not null)
            {
                s_natives.InsertRange(0, natives);
            }
            s_refCount = 1;
            return true;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_destroy")]
    public static void RuntimeDestroy()
    {
        try
        {
            lock (s_lock)
            {
                if (s_refCount == 0 || --s_refCount > 0)
                {
                    return;
                }
                s_natives.Clear();
                s_runtimes.Clear();
                s_poolSize = 0;
                s_poolUsed = 0;
                s_poolHighmark = 0;
            }
            // every module, instance, exec env and function handle is stale from now on
            foreach (var value in Handles.Clear())
            {
                switch (value)
                {
                    case InstanceHandle instance:
                        Release(instance);
                        break;
                    case ModuleHandle module:
                        FreeNames(module);
                        break;
                }
            }
        }
        catch
        {
            // nothing to report to: wasm_runtime_destroy returns nothing
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_get_mem_alloc_info")]
    public static byte GetMemAllocInfo(CMemAllocInfo* info)
    {
        try
        {
            lock (s_lock)
            {
                if (info == null || s_refCount == 0 || s_poolSize == 0)
                {
                    return 0;
                }
                info->TotalSize = (uint)s_poolSize;
                info->TotalFreeSize = (uint)(s_poolSize - s_poolUsed);
                info->HighmarkSize = (uint)s_poolHighmark;
                return 1;
            }
        }
        catch
        {
            return 0;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_is_running_mode_supported")]
    public static byte IsRunningModeSupported(int mode) => mode == ModeInterp ? (byte)1 : (byte)0;

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_set_default_running_mode")]
    public static byte SetDefaultRunningMode(int mode) => mode == ModeInterp ? (byte)1 : (byte)0;

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_get_version")]
    public static void GetVersion(uint* major, uint* minor, uint* patch)
    {
        if (major != null)
        {
            *major = WamrMajor;
        }
        if (minor != null)
        {
            *minor = WamrMinor;
        }
        if (patch != null)
        {
            *patch = WamrPatch;
        }
    }

    // Any thread may call into the runtime: there is no per-thread state to set up, so these only
    // record that the host asked (wasm_runtime_thread_env_inited answers what it was told).
    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_init_thread_env")]
    public static byte InitThreadEnv()
    {
        t_threadEnv = true;
        return 1;
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_destroy_thread_env")]
    public static void DestroyThreadEnv() => t_threadEnv = false;

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_thread_env_inited")]
    public static byte ThreadEnvInited() => t_threadEnv ? (byte)1 : (byte)0;

    /// <summary>Charges <paramref name="bytes"/> to the pool budget; false (nothing charged) when they do not fit. Always true with the system allocator.</summary>
    private static bool Charge(long bytes, out string? error)
    {
        lock (s_lock)
        {
            error = null;
            if (s_poolSize == 0)
            {
                return true;
            }
            if (bytes > s_poolSize - s_poolUsed)
            {
                error = $"allocate memory failed: {bytes} bytes do not fit in the pool of {s_poolSize} bytes ({s_poolSize - s_poolUsed} free)";
                return false;
            }
            s_poolUsed += bytes;
            s_poolHighmark = Math.Max(s_poolHighmark, s_poolUsed);
            return true;
        }
    }

    private static void Refund(long bytes)
    {
        lock (s_lock)
        {
            if (s_poolSize != 0)
            {
                s_poolUsed = Math.Max(0, s_poolUsed - bytes);
            }
        }
    }

    private static WasmRuntime RuntimeFor(uint heapSize)
    {
        lock (s_lock)
        {
            if (!s_runtimes.TryGetValue(heapSize, out var runtime))
            {
                runtime = new WasmRuntime(new RuntimeOptions { AppHeapSize = heapSize });
                // a host trying many heap sizes gets a runtime each time instead of an ever larger cache
                if (s_runtimes.Count < 64)
                {
                    s_runtimes[heapSize] = runtime;
                }
            }
            return runtime;
        }
    }

    /// <summary>The C API's view of an instance: its handle object, also while its start function runs.</summary>
    public static InstanceHandle? InstanceOf(Instance? instance)
    {
        if (instance?.UserData is InstanceHandle handle)
        {
            return handle;
        }
        if (instance is not null && t_instantiating is { } instantiating)
        {
            instantiating.Instance ??= instance;
            return ReferenceEquals(instantiating.Instance, instance) ? instantiating : null;
        }
        return null;
    }

    /// <summary>The instance's own exec env (wasm_runtime_get_exec_env_singleton), made on first use.</summary>
    public static ExecEnvHandle SingletonOf(InstanceHandle instance)
    {
        if (instance.Singleton is { } env)
        {
            return env;
        }
        env = new ExecEnvHandle { Instance = instance, IsSingleton = true };
        env.Handle = Handles.Add(env, HandleKind.ExecEnv);
        instance.Singleton = env;
        return env;
    }

    private static void FreeNames(ModuleHandle module)
    {
        foreach (var name in module.Names.Values)
        {
            NativeMemory.Free((void*)name);
        }
        module.Names.Clear();
    }
}
