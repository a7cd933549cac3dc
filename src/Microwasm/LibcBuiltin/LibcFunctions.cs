using System.Diagnostics;
using Microwasm.Host;
using Microwasm.Runtime;

namespace Microwasm.LibcBuiltin;

/// <summary>
/// The builtin libc's functions over a guest memory and app heap. Each checks its pointers (see
/// <see cref="GuestMemory"/>) before it reads or writes a byte; the host-function wrappers in
/// <see cref="LibcBuiltinModule"/> only unpack arguments.
/// </summary>
internal static class LibcFunctions
{
    // ---- stdio

    /// <summary>printf/vprintf: formats and writes; returns the byte count.</summary>
    public static int Printf(GuestMemory memory, LibcOutput output, uint format, uint vaList)
    {
        var buffer = new ByteBuffer();
        PrintfFormatter.Format(memory, format, vaList, buffer);
        output.Write(buffer.AsSpan());
        return buffer.Length;
    }

    /// <summary>sprintf/vsprintf: the whole output and its NUL must fit in memory at <paramref name="destination"/>.</summary>
    public static int Sprintf(GuestMemory memory, uint destination, uint format, uint vaList)
    {
        var buffer = new ByteBuffer();
        PrintfFormatter.Format(memory, format, vaList, buffer);
        var bytes = buffer.AsSpan();
        var target = memory.GetSpan(destination, checked((uint)bytes.Length + 1));
        bytes.CopyTo(target);
        target[^1] = 0;
        return bytes.Length;
    }

    /// <summary>snprintf/vsnprintf: writes at most <paramref name="size"/> bytes including the NUL; returns the full length.</summary>
    public static int Snprintf(GuestMemory memory, uint destination, uint size, uint format, uint vaList)
    {
        // WAMR's signature "(*~$*)" checks the whole buffer up front
        memory.CheckRange(destination, size);
        var buffer = new ByteBuffer();
        PrintfFormatter.Format(memory, format, vaList, buffer);
        var bytes = buffer.AsSpan();
        if (size > 0)
        {
            var n = (int)Math.Min((uint)bytes.Length, size - 1);
            var target = memory.GetSpan(destination, (uint)n + 1);
            bytes[..n].CopyTo(target);
            target[n] = 0;
        }
        return bytes.Length;
    }

    public static int Puts(GuestMemory memory, LibcOutput output, uint text)
    {
        // written from guest memory, not copied: the string may be as long as memory
        var s = memory.GetCString(text);
        output.Write(s, "\n"u8);
        return s.Length + 1;
    }

    public static int Putchar(LibcOutput output, int c)
    {
        ReadOnlySpan<byte> one = [(byte)c];
        output.Write(one);
        // WAMR's putchar returns 1, not the character
        return 1;
    }

    // ---- string.h

    public static int Memcmp(GuestMemory memory, uint a, uint b, uint n)
    {
        memory.CheckRange(a, n);
        memory.CheckRange(b, n);
        for (ulong done = 0; done < n;)
        {
            // a memory above 2 GiB is compared a span at a time
            var chunk = (uint)Math.Min(n - done, int.MaxValue);
            var x = memory.GetSpan(a + done, chunk);
            var y = memory.GetSpan(b + done, chunk);
            var same = x.CommonPrefixLength(y);
            if (same < x.Length)
            {
                return x[same] - y[same];
            }
            done += chunk;
        }
        return 0;
    }

    public static uint Memcpy(GuestMemory memory, uint destination, uint source, uint n)
    {
        // memmove semantics even for memcpy: an overlapping copy must not read bytes it already wrote outside the range
        return Memmove(memory, destination, source, n);
    }

    public static uint Memmove(GuestMemory memory, uint destination, uint source, uint n)
    {
        // memory.copy's checks and overlap handling: both ranges are checked before a byte moves
        memory.CheckRange(destination, n);
        memory.CheckRange(source, n);
        memory.Memory.Copy(destination, source, n);
        return destination;
    }

    public static uint Memset(GuestMemory memory, uint destination, int value, uint n)
    {
        memory.CheckRange(destination, n);
        memory.Memory.Fill(destination, (byte)value, n);
        return destination;
    }

    public static uint Memchr(GuestMemory memory, uint s, int c, uint n)
    {
        memory.CheckRange(s, n);
        for (ulong done = 0; done < n;)
        {
            var chunk = (uint)Math.Min(n - done, int.MaxValue);
            var at = memory.GetSpan(s + done, chunk).IndexOf((byte)c);
            if (at >= 0)
            {
                return s + (uint)(done + (ulong)at);
            }
            done += chunk;
        }
        return 0;
    }

    public static uint Strchr(GuestMemory memory, uint s, int c)
    {
        var text = memory.GetCString(s);
        if ((byte)c == 0)
        {
            return s + (uint)text.Length;
        }
        var at = text.IndexOf((byte)c);
        return at < 0 ? 0 : s + (uint)at;
    }

    public static int Strcmp(GuestMemory memory, uint a, uint b)
    {
        var x = memory.GetCString(a);
        var y = memory.GetCString(b);
        return Compare(x, y, uint.MaxValue, ignoreCase: false);
    }

    public static int Strncmp(GuestMemory memory, uint a, uint b, uint n)
    {
        var x = Bounded(memory, a, n);
        var y = Bounded(memory, b, n);
        return Compare(x, y, n, ignoreCase: false);
    }

    public static int Strncasecmp(GuestMemory memory, uint a, uint b, uint n)
    {
        var x = Bounded(memory, a, n);
        var y = Bounded(memory, b, n);
        return Compare(x, y, n, ignoreCase: true);
    }

    public static uint Strcpy(GuestMemory memory, uint destination, uint source)
    {
        var length = (uint)memory.GetCStringLength(source);
        Memmove(memory, destination, source, length + 1);
        return destination;
    }

    public static uint Strncpy(GuestMemory memory, uint destination, uint source, uint n)
    {
        memory.CheckRange(destination, n);
        var length = (uint)memory.GetCStringLength(source, n);
        memory.Memory.Copy(destination, source, length);
        memory.Memory.Fill(destination + (ulong)length, 0, n - length);
        return destination;
    }

    public static uint Strlen(GuestMemory memory, uint s) => (uint)memory.GetCStringLength(s);

    public static uint Strdup(GuestMemory memory, AppHeap? heap, uint s)
    {
        var length = (uint)memory.GetCStringLength(s);
        if (heap is null || length == uint.MaxValue)
        {
            return 0;
        }
        var copy = heap.Malloc(length + 1);
        if (copy != 0)
        {
            Memmove(memory, copy, s, length + 1);
        }
        return copy;
    }

    public static uint Strspn(GuestMemory memory, uint s, uint accept) => Span(memory, s, accept, inSet: true);

    public static uint Strcspn(GuestMemory memory, uint s, uint reject) => Span(memory, s, reject, inSet: false);

    /// <summary>
    /// strspn/strcspn: the length of the prefix whose bytes are all (or all not) in the set. The set
    /// becomes a 256-entry table first, so the cost is linear in both strings (searching the set
    /// for each byte was quadratic: megabyte strings took minutes).
    /// </summary>
    private static uint Span(GuestMemory memory, uint s, uint set, bool inSet)
    {
        var text = memory.GetCString(s);
        Span<bool> member = stackalloc bool[256];
        foreach (var b in memory.GetCString(set))
        {
            member[b] = true;
        }
        var i = 0;
        while (i < text.Length && member[text[i]] == inSet)
        {
            i++;
        }
        return (uint)i;
    }

    public static uint Strstr(GuestMemory memory, uint s, uint find)
    {
        var text = memory.GetCString(s);
        var needle = memory.GetCString(find);
        var at = IndexOf(text, needle);
        return at < 0 ? 0 : s + (uint)at;
    }

    /// <summary>
    /// The first occurrence of <paramref name="needle"/> in <paramref name="text"/>, in time linear in
    /// both whatever they hold: a Rabin-Karp search whose rolling hash (modulo 2^61 - 1) has a base
    /// drawn at random per process, so a guest cannot build strings whose hashes collide; a hash
    /// match is confirmed byte by byte, and only the first confirmed match is reported. (A plain
    /// search compares up to the needle's length at every position: a needle that almost matches
    /// everywhere made it quadratic.)
    /// </summary>
    internal static int IndexOf(ReadOnlySpan<byte> text, ReadOnlySpan<byte> needle)
    {
        if (needle.Length == 0)
        {
            return 0;
        }
        if (needle.Length > text.Length)
        {
            return -1;
        }
        if (needle.Length <= 64)
        {
            // short needles: the vectorized search costs at most 64 comparisons per position
            return text.IndexOf(needle);
        }
        var m = needle.Length;
        ulong hashNeedle = 0;
        ulong hashWindow = 0;
        ulong power = 1; // base^(m-1)
        for (var i = 0; i < m; i++)
        {
            hashNeedle = AddByte(hashNeedle, needle[i]);
            hashWindow = AddByte(hashWindow, text[i]);
            if (i > 0)
            {
                power = MulMod(power, s_hashBase);
            }
        }
        for (var at = 0; ; at++)
        {
            if (hashWindow == hashNeedle && text.Slice(at, m).SequenceEqual(needle))
            {
                return at;
            }
            if (at + m >= text.Length)
            {
                return -1;
            }
            // drop text[at], add text[at + m]
            hashWindow = SubMod(hashWindow, MulMod(power, (ulong)text[at] + 1));
            hashWindow = AddByte(hashWindow, text[at + m]);
        }
    }

    private const ulong HashModulus = (1UL << 61) - 1;

    private static readonly ulong s_hashBase = (ulong)Random.Shared.NextInt64(1 << 20, (long)HashModulus - 1);

    private static ulong AddByte(ulong hash, byte value) => AddMod(MulMod(hash, s_hashBase), (ulong)value + 1);

    private static ulong AddMod(ulong a, ulong b)
    {
        var sum = a + b;
        return sum >= HashModulus ? sum - HashModulus : sum;
    }

    private static ulong SubMod(ulong a, ulong b) => a >= b ? a - b : a + HashModulus - b;

    private static ulong MulMod(ulong a, ulong b)
    {
        var high = Math.BigMul(a, b, out var low);
        // a, b < 2^61: the product < 2^122; fold the bits above 61 back in (2^61 = 1 mod the modulus)
        var folded = (low & HashModulus) + ((low >> 61) | (high << 3));
        // below 2^62: fold once more so the result is canonical (equal values, equal hashes)
        folded = (folded & HashModulus) + (folded >> 61);
        return folded >= HashModulus ? folded - HashModulus : folded;
    }

    // ---- stdlib.h

    /// <summary>strtol (32-bit long): clamps to LONG_MIN/LONG_MAX on overflow; writes the end pointer unless it is NULL.</summary>
    public static int Strtol(GuestMemory memory, uint text, uint endPointer, int radix)
    {
        var result = ParseInteger(memory, text, endPointer, radix, out var negative, out var overflow);
        if (overflow || (!negative && result > int.MaxValue) || (negative && result > 1UL + int.MaxValue))
        {
            return negative ? int.MinValue : int.MaxValue;
        }
        return negative ? (int)(0 - (long)result) : (int)result;
    }

    /// <summary>strtoul (32-bit unsigned long): ULONG_MAX on overflow; a minus sign negates in unsigned arithmetic.</summary>
    public static uint Strtoul(GuestMemory memory, uint text, uint endPointer, int radix)
    {
        var result = ParseInteger(memory, text, endPointer, radix, out var negative, out var overflow);
        if (overflow || result > uint.MaxValue)
        {
            return uint.MaxValue;
        }
        return negative ? 0u - (uint)result : (uint)result;
    }

    public static int Atoi(GuestMemory memory, uint text) => Strtol(memory, text, 0, 10);

    private static ulong ParseInteger(GuestMemory memory, uint text, uint endPointer, int radix, out bool negative, out bool overflow)
    {
        if (endPointer != 0)
        {
            // checked before anything is parsed, as WAMR's signature "($*i)" checks it on entry
            memory.CheckRange(endPointer, 4);
        }
        var s = memory.GetCString(text);
        negative = false;
        overflow = false;
        var i = 0;
        ulong value = 0;
        var end = 0; // no conversion: the end pointer is the start
        if (radix is < 0 or 1 or > 36)
        {
            WriteEnd(memory, endPointer, text, end);
            return 0;
        }
        while (i < s.Length && IsSpace(s[i]))
        {
            i++;
        }
        if (i < s.Length && (s[i] == '+' || s[i] == '-'))
        {
            negative = s[i] == '-';
            i++;
        }
        if ((radix == 0 || radix == 16) && i + 1 < s.Length && s[i] == '0' && (s[i + 1] | 0x20) == 'x' &&
            i + 2 < s.Length && DigitValue(s[i + 2]) < 16)
        {
            radix = 16;
            i += 2;
        }
        else if (radix == 0)
        {
            radix = i < s.Length && s[i] == '0' ? 8 : 10;
        }
        var digitsStart = i;
        while (i < s.Length)
        {
            var d = DigitValue(s[i]);
            if (d >= radix)
            {
                break;
            }
            if (!overflow)
            {
                var next = value * (ulong)radix + (ulong)d;
                // 64 bits hold any 32-bit result; stop accumulating once past it
                if (next > uint.MaxValue + 1UL)
                {
                    overflow = true;
                }
                value = next;
            }
            i++;
        }
        if (i > digitsStart)
        {
            end = i;
        }
        else
        {
            negative = false;
        }
        WriteEnd(memory, endPointer, text, end);
        return value;
    }

    private static void WriteEnd(GuestMemory memory, uint endPointer, uint text, int offset)
    {
        if (endPointer != 0)
        {
            memory.WriteUInt32(endPointer, text + (uint)offset);
        }
    }

    private static int DigitValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'z' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'Z' => c - 'A' + 10,
        _ => 99,
    };

    public static uint Calloc(GuestMemory memory, AppHeap? heap, uint count, uint size)
    {
        var total = (ulong)count * size;
        if (heap is null || total >= uint.MaxValue)
        {
            return 0;
        }
        var p = heap.Malloc((uint)total);
        if (p != 0)
        {
            memory.CheckRange(p, total);
            memory.Memory.Fill(p, 0, total);
        }
        return p;
    }

    public static void Free(GuestMemory memory, AppHeap? heap, uint pointer)
    {
        if (pointer == 0)
        {
            return;
        }
        // WAMR's signature "(*)" and wrapper check the pointer is inside memory; a pointer that is
        // not a live heap block is then ignored, never trusted
        memory.CheckRange(pointer, 4);
        heap?.Free(pointer);
    }

    // ---- ctype.h (C locale; values outside unsigned char, such as EOF, are in no class)

    public static int IsAlnum(int c) => IsAlpha(c) | IsDigit(c);
    public static int IsAlpha(int c) => IsUpper(c) | IsLower(c);
    public static int IsDigit(int c) => c is >= '0' and <= '9' ? 1 : 0;
    public static int IsGraph(int c) => c is > ' ' and < 0x7F ? 1 : 0;
    public static int IsPrint(int c) => c is >= ' ' and < 0x7F ? 1 : 0;
    public static int IsSpace(int c) => c is ' ' or (>= '\t' and <= '\r') ? 1 : 0;
    public static int IsUpper(int c) => c is >= 'A' and <= 'Z' ? 1 : 0;
    public static int IsLower(int c) => c is >= 'a' and <= 'z' ? 1 : 0;
    public static int IsXDigit(int c) => c is (>= '0' and <= '9') or (>= 'a' and <= 'f') or (>= 'A' and <= 'F') ? 1 : 0;
    public static int ToLower(int c) => IsUpper(c) != 0 ? c + 32 : c;
    public static int ToUpper(int c) => IsLower(c) != 0 ? c - 32 : c;

    private static bool IsSpace(byte c) => IsSpace((int)c) != 0;

    // ---- time.h

    private static readonly long s_start = Stopwatch.GetTimestamp();

    /// <summary>clock(): nanoseconds (wasi-sdk's CLOCKS_PER_SEC), measured since the runtime started as WAMR measures from boot.</summary>
    public static long Clock() => (long)(Stopwatch.GetElapsedTime(s_start).Ticks * 100);

    /// <summary>clock_gettime into a wasm32 struct timespec { int64 tv_sec; int32 tv_nsec; } (16 bytes).</summary>
    public static int ClockGettime(GuestMemory memory, int clockId, uint timespec)
    {
        memory.CheckRange(timespec, 16);
        long nanoseconds = clockId == 0
            ? (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100
            : (long)(Stopwatch.GetTimestamp() * (1_000_000_000.0 / Stopwatch.Frequency));
        memory.WriteUInt64(timespec, (ulong)(nanoseconds / 1_000_000_000));
        memory.WriteUInt32(timespec + 8, (uint)(nanoseconds % 1_000_000_000));
        return 0;
    }

    // ---- helpers

    private static ReadOnlySpan<byte> Bounded(GuestMemory memory, uint s, uint n)
    {
        return memory.GetCString(s, n);
    }

    /// <summary>Compares two checked strings as C does (unsigned bytes; the shorter ends with its NUL) over at most <paramref name="n"/> bytes.</summary>
    private static int Compare(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, uint n, bool ignoreCase)
    {
        var limit = Math.Min(n, (uint)Math.Max(x.Length, y.Length) + 1);
        for (uint i = 0; i < limit; i++)
        {
            int a = i < x.Length ? x[(int)i] : 0;
            int b = i < y.Length ? y[(int)i] : 0;
            if (ignoreCase)
            {
                a = ToLower(a);
                b = ToLower(b);
            }
            if (a != b)
            {
                return a - b;
            }
            if (a == 0)
            {
                return 0;
            }
        }
        return 0;
    }
}
