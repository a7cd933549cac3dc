using System.Runtime.InteropServices;
using Microwasm.Host;
using Microwasm.Runtime;

namespace Microwasm.Native;

internal static unsafe partial class NativeApi
{
    private const string OutOfBounds = ExceptionPrefix + "out of bounds memory access";

    /// <summary>The instance and its default memory, if both exist and the memory is mapped.</summary>
    private static bool MemoryOf(nint instance, out InstanceHandle handle, out MemoryInstance? memory)
    {
        handle = Handles.Get<InstanceHandle>(instance, HandleKind.Instance)!;
        memory = handle?.Instance?.Memory;
        if (memory is { IsDisposed: true })
        {
            memory = null;
        }
        return handle is not null;
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_module_malloc")]
    public static ulong ModuleMalloc(nint instance, ulong size, void** nativeAddress)
    {
        InstanceHandle? handle = null;
        try
        {
            if (nativeAddress != null)
            {
                *nativeAddress = null;
            }
            if (!MemoryOf(instance, out handle, out var memory) || memory is null || size > uint.MaxValue)
            {
                return 0;
            }
            var address = Allocate(handle, () => handle.Instance.Malloc((uint)size));
            if (address != 0 && nativeAddress != null)
            {
                *nativeAddress = memory.Base + address;
            }
            return address;
        }
        catch (Exception e)
        {
            handle?.SetException(ExceptionPrefix + e.Message);
            return 0;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_module_free")]
    public static void ModuleFree(nint instance, ulong address)
    {
        InstanceHandle? handle = null;
        try
        {
            if (!MemoryOf(instance, out handle, out var memory) || memory is null || address == 0 || address > uint.MaxValue)
            {
                return;
            }
            Allocate(handle, () => handle.Instance.Free((uint)address) ? 1u : 0u);
        }
        catch (Exception e)
        {
            handle?.SetException(ExceptionPrefix + e.Message);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_module_dup_data")]
    public static ulong ModuleDupData(nint instance, byte* source, ulong size)
    {
        InstanceHandle? handle = null;
        try
        {
            if (!MemoryOf(instance, out handle, out var memory) || memory is null || source == null || size > int.MaxValue)
            {
                return 0;
            }
            var bytes = new ReadOnlySpan<byte>(source, (int)size).ToArray();
            return Allocate(handle, () => handle.Instance.AllocateBytes(bytes));
        }
        catch (Exception e)
        {
            handle?.SetException(ExceptionPrefix + e.Message);
            return 0;
        }
    }

    /// <summary>
    /// Runs an app-heap operation: with no app heap it calls the module's own malloc or free, wasm
    /// code, which needs the store and may trap (the trap becomes the instance's exception, as in WAMR).
    /// No heap and no exported malloc: 0, no exception.
    /// </summary>
    private static uint Allocate(InstanceHandle handle, Func<uint> operation)
    {
        if (handle.Exception is not null && handle.Instance.Heap is null)
        {
            return 0;
        }
        var guard = StoreGuard.For(handle.Instance.Store);
        var claimed = false;
        try
        {
            claimed = guard.Enter();
            return operation();
        }
        catch (WasmTrap trap)
        {
            handle.SetException(ExceptionPrefix + TrapMessage(trap));
            return 0;
        }
        catch (InvalidOperationException) when (handle.Instance.Heap is null)
        {
            return 0;
        }
        finally
        {
            guard.Exit(claimed);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_validate_app_addr")]
    public static byte ValidateAppAddr(nint instance, ulong address, ulong size)
    {
        try
        {
            if (!MemoryOf(instance, out var handle, out var memory))
            {
                return 0;
            }
            if (memory is not null && memory.InBounds(address, size))
            {
                return 1;
            }
            handle.SetException(OutOfBounds);
            return 0;
        }
        catch
        {
            return 0;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_validate_app_str_addr")]
    public static byte ValidateAppStrAddr(nint instance, ulong address)
    {
        try
        {
            if (!MemoryOf(instance, out var handle, out var memory))
            {
                return 0;
            }
            if (memory is not null && address <= uint.MaxValue && handle.Instance.ValidateAppString((uint)address))
            {
                return 1;
            }
            handle.SetException(OutOfBounds);
            return 0;
        }
        catch
        {
            return 0;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_validate_native_addr")]
    public static byte ValidateNativeAddr(nint instance, byte* pointer, ulong size)
    {
        try
        {
            if (!MemoryOf(instance, out var handle, out var memory))
            {
                return 0;
            }
            if (memory is not null && pointer >= memory.Base && memory.InBounds((ulong)(pointer - memory.Base), size))
            {
                return 1;
            }
            handle.SetException(OutOfBounds);
            return 0;
        }
        catch
        {
            return 0;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_addr_app_to_native")]
    public static byte* AddrAppToNative(nint instance, ulong address)
    {
        try
        {
            return MemoryOf(instance, out _, out var memory) && memory is not null && address < memory.ByteLength ? memory.Base + address : null;
        }
        catch
        {
            return null;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_addr_native_to_app")]
    public static ulong AddrNativeToApp(nint instance, byte* pointer)
    {
        try
        {
            return MemoryOf(instance, out _, out var memory) && memory is not null && pointer >= memory.Base && (ulong)(pointer - memory.Base) < memory.ByteLength
                ? (ulong)(pointer - memory.Base)
                : 0;
        }
        catch
        {
            return 0;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_get_app_addr_range")]
    public static byte GetAppAddrRange(nint instance, ulong address, ulong* start, ulong* end)
    {
        try
        {
            if (!MemoryOf(instance, out _, out var memory) || memory is null || address >= memory.ByteLength)
            {
                return 0;
            }
            if (start != null)
            {
                *start = 0;
            }
            if (end != null)
            {
                *end = memory.ByteLength;
            }
            return 1;
        }
        catch
        {
            return 0;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_get_native_addr_range")]
    public static byte GetNativeAddrRange(nint instance, byte* pointer, byte** start, byte** end)
    {
        try
        {
            if (!MemoryOf(instance, out _, out var memory) || memory is null || pointer < memory.Base || (ulong)(pointer - memory.Base) >= memory.ByteLength)
            {
                return 0;
            }
            if (start != null)
            {
                *start = memory.Base;
            }
            if (end != null)
            {
                *end = memory.Base + memory.ByteLength;
            }
            return 1;
        }
        catch
        {
            return 0;
        }
    }
}
