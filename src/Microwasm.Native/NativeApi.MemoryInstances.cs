using System.Runtime.InteropServices;
using Microwasm.Model;
using Microwasm.Runtime;

namespace Microwasm.Native;

internal static unsafe partial class NativeApi
{
    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_lookup_memory")]
    public static nint LookupMemory(nint instance, byte* name)
    {
        try
        {
            return Handles.Get<InstanceHandle>(instance, HandleKind.Instance) is { } handle && Interop.Utf8(name) is { } text &&
                handle.Instance.GetExport(text) is MemoryInstance memory
                ? MemoryHandleOf(handle, memory)
                : 0;
        }
        catch
        {
            return 0;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_get_default_memory")]
    public static nint GetDefaultMemory(nint instance)
    {
        try
        {
            return Handles.Get<InstanceHandle>(instance, HandleKind.Instance) is { Instance.Memory: { } memory } handle
                ? MemoryHandleOf(handle, memory)
                : 0;
        }
        catch
        {
            return 0;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_get_memory")]
    public static nint GetMemory(nint instance, uint index)
    {
        try
        {
            return Handles.Get<InstanceHandle>(instance, HandleKind.Instance) is { } handle && index < handle.Instance.Memories.Length
                ? MemoryHandleOf(handle, handle.Instance.Memories[index])
                : 0;
        }
        catch
        {
            return 0;
        }
    }

    private static nint MemoryHandleOf(InstanceHandle instance, MemoryInstance memory)
    {
        lock (instance.Memories)
        {
            if (!instance.Memories.TryGetValue(memory, out var handle))
            {
                handle = Handles.Add(new MemoryHandle(instance, memory), HandleKind.Memory);
                instance.Memories[memory] = handle;
            }
            return handle;
        }
    }

    /// <summary>The memory, unless the handle is bad or the memory was freed.</summary>
    private static MemoryInstance? MemoryOf(nint memory) =>
        Handles.Get<MemoryHandle>(memory, HandleKind.Memory) is { Memory: { IsDisposed: false } m } ? m : null;

    [UnmanagedCallersOnly(EntryPoint = "wasm_memory_get_cur_page_count")]
    public static ulong MemoryPageCount(nint memory) => MemoryOf(memory) is { } m ? m.ByteLength / MemoryType.PageSize : 0;

    /// <summary>The most pages the memory may reach: its declared maximum, or the runtime's cap without one.</summary>
    [UnmanagedCallersOnly(EntryPoint = "wasm_memory_get_max_page_count")]
    public static ulong MemoryMaxPageCount(nint memory) => MemoryOf(memory) is { } m ? m.MaxPages : 0;

    [UnmanagedCallersOnly(EntryPoint = "wasm_memory_get_bytes_per_page")]
    public static ulong MemoryBytesPerPage(nint memory) => MemoryOf(memory) is not null ? (ulong)MemoryType.PageSize : 0;

    /// <summary>Microwasm has no shared memories (the threads proposal): always false.</summary>
    [UnmanagedCallersOnly(EntryPoint = "wasm_memory_get_shared")]
    public static byte MemoryShared(nint memory) => 0;

    [UnmanagedCallersOnly(EntryPoint = "wasm_memory_get_base_address")]
    public static byte* MemoryBaseAddress(nint memory) => MemoryOf(memory) is { } m ? m.Base : null;

    [UnmanagedCallersOnly(EntryPoint = "wasm_memory_enlarge")]
    public static byte MemoryEnlarge(nint memory, ulong pages)
    {
        try
        {
            return MemoryOf(memory) is { } m && pages <= uint.MaxValue && m.Grow((uint)pages) >= 0 ? (byte)1 : (byte)0;
        }
        catch
        {
            return 0;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_enlarge_memory")]
    public static byte EnlargeMemory(nint instance, ulong pages)
    {
        try
        {
            return Handles.Get<InstanceHandle>(instance, HandleKind.Instance) is { Instance.Memory: { IsDisposed: false } m } &&
                pages <= uint.MaxValue && m.Grow((uint)pages) >= 0
                ? (byte)1
                : (byte)0;
        }
        catch
        {
            return 0;
        }
    }
}
