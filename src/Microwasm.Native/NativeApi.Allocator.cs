using System.Runtime.InteropServices;

namespace Microwasm.Native;

internal static unsafe partial class NativeApi
{
    // Each block starts with a header holding its size, so that realloc and free know what to give
    // back to the pool budget; the caller gets the address after it (16 bytes keeps malloc's alignment).
    private const int BlockHeader = 16;

    // the blocks handed out, so that freeing a pointer that is not one (twice, or foreign) is ignored
    private static readonly HashSet<nint> s_blocks = [];

    /// <summary>
    /// Memory for the host from the runtime's allocator: the system allocator, charged to the pool
    /// budget in pool mode. NULL when the runtime is not initialised or the pool has no room. A size
    /// of 0 allocates 1 byte, as WAMR.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_malloc")]
    public static void* RuntimeMalloc(uint size)
    {
        try
        {
            return Initialized ? AllocateBlock(Math.Max(size, 1)) : null;
        }
        catch
        {
            return null;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_realloc")]
    public static void* RuntimeRealloc(void* pointer, uint size)
    {
        try
        {
            if (!Initialized)
            {
                return null;
            }
            if (pointer == null)
            {
                return AllocateBlock(Math.Max(size, 1));
            }
            lock (s_blocks)
            {
                if (!s_blocks.Contains((nint)pointer))
                {
                    return null;
                }
            }
            var old = *(ulong*)((byte*)pointer - BlockHeader);
            var block = AllocateBlock(Math.Max(size, 1));
            if (block != null)
            {
                Buffer.MemoryCopy(pointer, block, size, Math.Min(old, size));
                FreeBlock(pointer);
            }
            return block;
        }
        catch
        {
            return null;
        }
    }

    /// <summary>Frees a block from wasm_runtime_malloc or _realloc; NULL, or a pointer that is not a live block, is ignored.</summary>
    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_free")]
    public static void RuntimeFree(void* pointer)
    {
        try
        {
            if (pointer != null)
            {
                FreeBlock(pointer);
            }
        }
        catch
        {
            // nothing to report to
        }
    }

    private static void* AllocateBlock(uint size)
    {
        if (!Charge((long)size + BlockHeader, out _))
        {
            return null;
        }
        var block = (byte*)NativeMemory.Alloc((nuint)size + BlockHeader);
        *(ulong*)block = size;
        lock (s_blocks)
        {
            s_blocks.Add((nint)(block + BlockHeader));
        }
        return block + BlockHeader;
    }

    private static void FreeBlock(void* pointer)
    {
        lock (s_blocks)
        {
            if (!s_blocks.Remove((nint)pointer))
            {
                return;
            }
        }
        var block = (byte*)pointer - BlockHeader;
        Refund((long)*(ulong*)block + BlockHeader);
        NativeMemory.Free(block);
    }
}
