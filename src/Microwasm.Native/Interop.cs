using System.Runtime.InteropServices;
using System.Text;
using Microwasm.Model;

namespace Microwasm.Native;

/// <summary>WAMR's <c>NativeSymbol</c> (lib_export.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct CNativeSymbol
{
    public byte* Symbol;
    public nint FuncPtr;
    public byte* Signature;
    public nint Attachment;
}

/// <summary>WAMR's <c>RuntimeInitArgs</c>, field for field (include/wasm_export.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct CRuntimeInitArgs
{
    public int MemAllocType;
    // MemAllocOption: a union whose largest member is four pointers
    public nint HeapBuf;
    public nint HeapSizeOrRealloc;
    public nint FreeFunc;
    public nint UserData;
    public byte* NativeModuleName;
    public CNativeSymbol* NativeSymbols;
    public uint NativeSymbolCount;
    public uint MaxThreadNum;
    public fixed byte IpAddr[128];
    public int Unused;
    public int InstancePort;
    public uint FastJitCodeCacheSize;
    public uint GcHeapSize;
    public int RunningMode;
    public uint LlvmJitOptLevel;
    public uint LlvmJitSizeLevel;
    public uint SegueFlags;
    public byte EnableLinuxPerf;

    /// <summary>The pool's heap_size: the low 32 bits of the union's second pointer-sized field.</summary>
    public readonly uint PoolHeapSize => (uint)(ulong)HeapSizeOrRealloc;
}

/// <summary>WAMR's <c>wasm_val_t</c>: a kind byte, padding, and an 8-byte union at offset 8.</summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
internal struct CWasmVal
{
    [FieldOffset(0)] public byte Kind;
    [FieldOffset(8)] public int I32;
    [FieldOffset(8)] public long I64;
    [FieldOffset(8)] public float F32;
    [FieldOffset(8)] public double F64;
    [FieldOffset(8)] public nuint Foreign;
}

/// <summary>WAMR 2.x's <c>wasm_export_t</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct CExport
{
    public nint Name;
    public int Kind;
    public nint Type;
}

/// <summary>WAMR 2.x's <c>wasm_import_t</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct CImport
{
    public nint ModuleName;
    public nint Name;
    public int Kind;
    public byte Linked;
    public nint Type;
}

/// <summary>WAMR's <c>mem_alloc_info_t</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct CMemAllocInfo
{
    public uint TotalSize;
    public uint TotalFreeSize;
    public uint HighmarkSize;
}

internal static unsafe class Interop
{
    // wasm_valkind_t (WAMR 2.x)
    public const byte KindI32 = 0;
    public const byte KindI64 = 1;
    public const byte KindF32 = 2;
    public const byte KindF64 = 3;
    public const byte KindV128 = 4;
    public const byte KindExternRef = 128;
    public const byte KindFuncRef = 129;

    public static byte ValKind(ValueType type) => type switch
    {
        ValueType.I32 => KindI32,
        ValueType.I64 => KindI64,
        ValueType.F32 => KindF32,
        ValueType.F64 => KindF64,
        ValueType.V128 => KindV128,
        ValueType.ExternRef => KindExternRef,
        _ => KindFuncRef,
    };

    /// <summary>Reads a NUL-terminated UTF-8 string from C; null for NULL.</summary>
    public static string? Utf8(byte* text) => text == null ? null : Marshal.PtrToStringUTF8((nint)text);

    /// <summary>A NUL-terminated UTF-8 copy of <paramref name="text"/> in native memory (NativeMemory.Free it).</summary>
    public static byte* AllocUtf8(string text)
    {
        var count = Encoding.UTF8.GetByteCount(text);
        var p = (byte*)NativeMemory.Alloc((nuint)count + 1);
        Encoding.UTF8.GetBytes(text, new Span<byte>(p, count));
        p[count] = 0;
        return p;
    }

    /// <summary>
    /// Writes <paramref name="message"/> into C's error buffer as WAMR does: NUL-terminated, cut to
    /// the buffer's size (at a UTF-8 character boundary); nothing when the buffer is NULL or empty.
    /// </summary>
    public static void WriteError(byte* buffer, uint size, string message)
    {
        if (buffer == null || size == 0)
        {
            return;
        }
        var bytes = Encoding.UTF8.GetBytes(message);
        var count = (int)Math.Min((uint)bytes.Length, size - 1);
        while (count > 0 && count < bytes.Length && (bytes[count] & 0xC0) == 0x80)
        {
            count--;
        }
        bytes.AsSpan(0, count).CopyTo(new Span<byte>(buffer, count));
        buffer[count] = 0;
    }

    /// <summary>A C array of <paramref name="count"/> C strings (NULL entries skipped); empty for a NULL array.</summary>
    public static string[] Strings(byte** array, long count)
    {
        if (array == null || count <= 0)
        {
            return [];
        }
        var list = new List<string>();
        for (long i = 0; i < count; i++)
        {
            if (array[i] != null)
            {
                list.Add(Utf8(array[i])!);
            }
        }
        return list.ToArray();
    }
}
