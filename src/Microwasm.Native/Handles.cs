using Microwasm.Host;
using Microwasm.Model;
using Microwasm.Runtime;
using Microwasm.Wasi;

namespace Microwasm.Native;

/// <summary>What a handle given to C stands for; the low four bits of every handle.</summary>
internal enum HandleKind
{
    Module = 1,
    Instance = 2,
    ExecEnv = 3,
    Function = 4,
    FuncType = 5,
    Memory = 6,
}

/// <summary>
/// The objects C holds, by number: a handle is an id that is never reused, tagged with its kind, so
/// a stale handle (unloaded, deinstantiated, destroyed), a handle of another kind or a pointer that
/// never came from here is not found and the call reports an error instead of touching freed or
/// foreign memory. C sees the handles as WAMR's opaque pointers (<c>wasm_module_t</c> ...).
/// </summary>
internal static class Handles
{
    private static readonly Dictionary<nint, object> s_table = new();
    private static long s_next;

    public static nint Add(object value, HandleKind kind)
    {
        lock (s_table)
        {
            // ids start high enough that no handle is a small integer a C host might pass by mistake
            var id = ++s_next + 0x1000;
            var handle = (nint)((id << 4) | (long)kind);
            s_table.Add(handle, value);
            return handle;
        }
    }

    public static T? Get<T>(nint handle, HandleKind kind) where T : class
    {
        if (handle == 0 || (handle & 0xF) != (int)kind)
        {
            return null;
        }
        lock (s_table)
        {
            return s_table.TryGetValue(handle, out var value) ? value as T : null;
        }
    }

    public static void Remove(nint handle)
    {
        lock (s_table)
        {
            s_table.Remove(handle);
        }
    }

    /// <summary>Forgets every handle (wasm_runtime_destroy): all of them are stale afterwards.</summary>
    public static List<object> Clear()
    {
        lock (s_table)
        {
            var values = s_table.Values.ToList();
            s_table.Clear();
            return values;
        }
    }
}

/// <summary>A loaded module (<c>wasm_module_t</c>).</summary>
internal sealed class ModuleHandle(WasmModule module, long charged)
{
    public nint Handle;

    public WasmModule Module { get; } = module;

    /// <summary>Bytes charged to the pool budget for the module's copy of the binary.</summary>
    public long Charged { get; } = charged;

    /// <summary>What wasm_runtime_set_wasi_args said, for the module's next instantiations.</summary>
    public WasiArgs? Wasi;

    /// <summary>Handles of the function types the import/export queries gave out, by type.</summary>
    public readonly Dictionary<FuncType, nint> FuncTypes = new(ReferenceEqualityComparer.Instance);

    /// <summary>The names of imports and exports as NUL-terminated UTF-8, kept until unload (wasm_import_t and wasm_export_t point at them).</summary>
    public readonly Dictionary<string, nint> Names = new(StringComparer.Ordinal);
}

/// <summary>WASI settings from wasm_runtime_set_wasi_args, copied out of C's arrays.</summary>
internal sealed record WasiArgs(string[] Directories, string[] MappedDirectories, string[] Environment, string[] Arguments)
{
    /// <summary>Host file descriptors for the guest's stdin, stdout and stderr (wasm_runtime_set_wasi_args_ex); -1 for the process's own.</summary>
    public long Stdin { get; init; } = -1;

    public long Stdout { get; init; } = -1;

    public long Stderr { get; init; } = -1;
}

/// <summary>An instance (<c>wasm_module_inst_t</c>) and what WAMR keeps beside one.</summary>
internal sealed unsafe class InstanceHandle
{
    public nint Handle;

    /// <summary>The instance; set as soon as it exists (its start function may call natives before instantiation returns).</summary>
    public Instance Instance = null!;

    public required nint ModuleHandle { get; init; }

    public long Charged;

    public nint CustomData;

    /// <summary>The exception as WAMR shows it ("Exception: ..."), and the same as a C string for get_exception.</summary>
    public string? Exception { get; private set; }

    private byte* _exceptionText;

    /// <summary>The exec env of the call in progress (natives receive it), innermost call last.</summary>
    public ExecEnvHandle? Current;

    public ExecEnvHandle? Singleton;

    /// <summary>The context of the outermost call running now (wasm_runtime_terminate interrupts it), or null.</summary>
    public volatile ExecutionEnvironment? Running;

    public readonly List<ExecEnvHandle> ExecEnvs = [];

    public readonly Dictionary<string, nint> Functions = new(StringComparer.Ordinal);

    /// <summary>Handles of the memories the memory queries gave out.</summary>
    public readonly Dictionary<MemoryInstance, nint> Memories = new(ReferenceEqualityComparer.Instance);

    public WasiPreview1? Wasi;

    public uint WasiExitCode;

    public bool Deinstantiated;

    /// <summary>Guards the exception and <see cref="Running"/>: wasm_runtime_terminate sets them from another thread.</summary>
    public readonly object Gate = new();

    public void SetException(string? text)
    {
        lock (Gate)
        {
            SetExceptionLocked(text);
        }
    }

    private void SetExceptionLocked(string? text)
    {
        Exception = text;
        if (_exceptionText != null)
        {
            System.Runtime.InteropServices.NativeMemory.Free(_exceptionText);
            _exceptionText = null;
        }
        if (text is not null)
        {
            _exceptionText = Interop.AllocUtf8(text);
        }
    }

    public nint ExceptionText => (nint)_exceptionText;
}

/// <summary>An execution environment (<c>wasm_exec_env_t</c>): the instance it calls into, its user data and the attachment of the native being called.</summary>
internal sealed class ExecEnvHandle
{
    public nint Handle;

    public required InstanceHandle Instance { get; set; }

    public uint StackSize;

    public nint UserData;

    public nint Attachment;

    public bool IsSingleton;
}

/// <summary>An exported function of one instance (<c>wasm_function_inst_t</c>).</summary>
internal sealed class FunctionHandle(InstanceHandle owner, FunctionInstance function)
{
    public InstanceHandle Owner { get; } = owner;

    public FunctionInstance Function { get; } = function;
}

/// <summary>A memory of one instance (<c>wasm_memory_inst_t</c>).</summary>
internal sealed class MemoryHandle(InstanceHandle owner, MemoryInstance memory)
{
    public InstanceHandle Owner { get; } = owner;

    public MemoryInstance Memory { get; } = memory;
}

/// <summary>An externref made from a C value (<c>wasm_val_t.of.foreign</c>, a native's <c>r</c> parameter): the pointer-sized value C gave.</summary>
internal sealed class Foreign(nuint value)
{
    public nuint Value { get; } = value;
}
