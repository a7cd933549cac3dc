using System.Runtime.InteropServices;

namespace Microwasm.Runtime;

/// <summary>
/// Address-space reservation for linear memories on 64-bit Linux: a memory reserves its largest
/// possible size once (no access, no commit charge) and makes pages readable and writable as it
/// grows, so its base address never moves and spans handed to the host stay valid.
/// </summary>
internal static unsafe partial class VirtualMemory
{
    private const int ProtNone = 0;
    private const int ProtReadWrite = 1 | 2;
    private const int MapPrivate = 0x02;
    private const int MapAnonymous = 0x20;
    private const int MapNoReserve = 0x4000;

    /// <summary>True where <see cref="Reserve"/> can work (64-bit Linux).</summary>
    public static bool IsSupported { get; } = OperatingSystem.IsLinux() && Environment.Is64BitProcess;

    /// <summary>Reserves <paramref name="bytes"/> of inaccessible address space; null on failure.</summary>
    public static byte* Reserve(ulong bytes)
    {
        var p = mmap(0, (nuint)bytes, ProtNone, MapPrivate | MapAnonymous | MapNoReserve, -1, 0);
        return p == -1 ? null : (byte*)p;
    }

    /// <summary>Makes [start, start + bytes) readable and writable; the pages read as zero.</summary>
    public static bool Commit(byte* start, ulong bytes) =>
        bytes == 0 || mprotect((nint)start, (nuint)bytes, ProtReadWrite) == 0;

    public static void Release(byte* start, ulong bytes) => munmap((nint)start, (nuint)bytes);

    [LibraryImport("libc", EntryPoint = "mmap")]
    private static partial nint mmap(nint address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport("libc", EntryPoint = "mprotect")]
    private static partial int mprotect(nint address, nuint length, int protection);

    [LibraryImport("libc", EntryPoint = "munmap")]
    private static partial int munmap(nint address, nuint length);
}
