using System.Text;
using Microwasm.Runtime;

namespace Microwasm.Host;

/// <summary>
/// Checked access to an instance's default linear memory from the host, in WAMR's terms: app
/// addresses (offsets into linear memory, what wasm code holds) are validated before they become
/// spans (WAMR's native addresses), and the app heap hands out blocks wasm can use.
/// </summary>
/// <remarks>
/// Every range is checked by <see cref="GuestMemory"/>, in 64-bit arithmetic, so an address plus a
/// length cannot wrap around 2^32 and pass. A failed check throws <see cref="WasmTrap"/> of kind
/// <see cref="TrapKind.OutOfBoundsMemoryAccess"/>: inside a host function that is the trap the wasm
/// caller sees. No member hands out a span that could outlive the memory: <see cref="Access{TState}"/>
/// lends one for the length of a callback.
/// </remarks>
public static class InstanceMemory
{
    /// <summary>True if [<paramref name="address"/>, +<paramref name="size"/>) lies inside the default memory (WAMR's <c>wasm_runtime_validate_app_addr</c>).</summary>
    public static bool ValidateAppAddress(this Instance instance, uint address, uint size) =>
        instance.Memory is { } memory && new GuestMemory(memory).InBounds(address, size);

    /// <summary>True if a NUL-terminated string starts at <paramref name="address"/> and ends inside the default memory (WAMR's <c>wasm_runtime_validate_app_str_addr</c>).</summary>
    public static bool ValidateAppString(this Instance instance, uint address)
    {
        if (instance.Memory is not { } memory)
        {
            return false;
        }
        using var lease = memory.Lease();
        return new GuestMemory(memory).TryGetCString(address, out _);
    }

    /// <summary>
    /// Runs <paramref name="action"/> on the bytes [<paramref name="address"/>, +<paramref name="size"/>)
    /// of the default memory, checked (WAMR's <c>wasm_runtime_addr_app_to_native</c> after
    /// validation); the memory stays mapped for the call and the span cannot leave it.
    /// </summary>
    /// <exception cref="WasmTrap">The range is not inside memory (kind <see cref="TrapKind.OutOfBoundsMemoryAccess"/>).</exception>
    /// <exception cref="ObjectDisposedException">The memory is disposed.</exception>
    public static void Access<TState>(this Instance instance, uint address, uint size, TState state, MemoryAction<TState> action)
        where TState : allows ref struct =>
        MemoryOf(instance).Access(address, checked((int)size), state, action);

    /// <summary>Reads a <typeparamref name="T"/> (little-endian, unaligned) at <paramref name="address"/>, checked.</summary>
    /// <exception cref="ObjectDisposedException">The memory is disposed.</exception>
    public static T Read<T>(this Instance instance, uint address) where T : unmanaged => MemoryOf(instance).Read<T>(address);

    /// <summary>Writes a <typeparamref name="T"/> (little-endian, unaligned) at <paramref name="address"/>, checked.</summary>
    /// <exception cref="ObjectDisposedException">The memory is disposed.</exception>
    public static void Write<T>(this Instance instance, uint address, T value) where T : unmanaged => MemoryOf(instance).Write(address, value);

    /// <summary>Reads the NUL-terminated UTF-8 string at <paramref name="address"/>; traps unless its NUL lies inside memory.</summary>
    /// <exception cref="ObjectDisposedException">The memory is disposed.</exception>
    public static string ReadString(this Instance instance, uint address)
    {
        var memory = MemoryOf(instance);
        using var lease = memory.Lease();
        return new GuestMemory(memory).ReadCString(address);
    }

    /// <summary>Reads <paramref name="length"/> bytes at <paramref name="address"/> as UTF-8.</summary>
    /// <exception cref="ObjectDisposedException">The memory is disposed.</exception>
    public static string ReadString(this Instance instance, uint address, uint length)
    {
        var memory = MemoryOf(instance);
        using var lease = memory.Lease();
        return new GuestMemory(memory).ReadUtf8(address, length);
    }

    /// <summary>
    /// Writes <paramref name="value"/> as UTF-8 followed by a NUL at <paramref name="address"/>, checked.
    /// Returns the number of bytes written, without the NUL.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The memory is disposed.</exception>
    public static uint WriteString(this Instance instance, uint address, ReadOnlySpan<char> value)
    {
        var memory = MemoryOf(instance);
        using var lease = memory.Lease();
        return (uint)new GuestMemory(memory).WriteCString(address, value);
    }

    /// <summary>
    /// Allocates <paramref name="size"/> bytes in the instance's app heap (WAMR's
    /// <c>wasm_runtime_module_malloc</c>) and returns the block's app address, or 0 when there is
    /// no room. A module that exports its own <c>malloc</c> and <c>free</c> gets no app heap; its
    /// <c>malloc</c> is called instead, as WAMR does.
    /// </summary>
    /// <exception cref="InvalidOperationException">The instance has neither an app heap nor an exported malloc.</exception>
    public static uint Malloc(this Instance instance, uint size)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (instance.Heap is { } heap)
        {
            return heap.Malloc(size);
        }
        if (instance.GetExport("malloc") is FunctionInstance)
        {
            return instance.GetFunction<uint, uint>("malloc")(size);
        }
        throw new InvalidOperationException("the instance has no app heap and exports no malloc: give the runtime an AppHeapSize");
    }

    /// <summary>
    /// Frees a block returned by <see cref="Malloc"/> (WAMR's <c>wasm_runtime_module_free</c>);
    /// returns false, changing nothing, if <paramref name="address"/> is not the start of a live block.
    /// </summary>
    public static bool Free(this Instance instance, uint address)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (instance.Heap is { } heap)
        {
            return heap.Free(address);
        }
        if (address == 0)
        {
            return false;
        }
        if (instance.GetExport("free") is FunctionInstance)
        {
            instance.GetAction<uint>("free")(address);
            return true;
        }
        throw new InvalidOperationException("the instance has no app heap and exports no free");
    }

    /// <summary>
    /// Copies <paramref name="data"/> into a new app-heap block and returns its address, or 0 when
    /// there is no room (WAMR's <c>wasm_runtime_module_dup_data</c>).
    /// </summary>
    public static uint AllocateBytes(this Instance instance, ReadOnlySpan<byte> data)
    {
        var address = instance.Malloc((uint)data.Length);
        if (address != 0)
        {
            MemoryOf(instance).Write(address, data);
        }
        return address;
    }

    /// <summary>Copies <paramref name="value"/> into a new app-heap block as a NUL-terminated UTF-8 string; returns its address, or 0 when there is no room.</summary>
    public static uint AllocateString(this Instance instance, ReadOnlySpan<char> value)
    {
        var address = instance.Malloc((uint)Encoding.UTF8.GetByteCount(value) + 1);
        if (address != 0)
        {
            instance.WriteString(address, value);
        }
        return address;
    }

    /// <summary>
    /// The instance's default memory seen through checked guest pointers, for host functions: its
    /// spans are handed out only on a thread running wasm in the memory's store (see <see cref="GuestMemory"/>).
    /// </summary>
    public static GuestMemory GetGuestMemory(this Instance instance) => GuestOf(instance);

    private static GuestMemory GuestOf(Instance instance) => new(MemoryOf(instance));

    private static MemoryInstance MemoryOf(Instance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return instance.Memory ?? throw new WasmTrap(TrapKind.Host, "the instance has no memory");
    }
}
