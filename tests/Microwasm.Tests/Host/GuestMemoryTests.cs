using Microwasm.Host;
using Microwasm.Model;
using Microwasm.Runtime;

namespace Microwasm.Tests.Host;

/// <summary>
/// The one guest-pointer checker: ranges computed in 64 bits, C strings searched only up to the
/// end of memory or the caller's bound, and both failure policies (trap, or false).
/// </summary>
public sealed class GuestMemoryTests : IDisposable
{
    private const ulong End = 65536;

    // Each test runs as a host function would: inside an execution of the memories' store.
    private readonly Store _store = new();
    private readonly ExecutionEnvironment _context;

    public GuestMemoryTests()
    {
        _context = ExecutionEnvironment.ForCurrentThread(_store);
        _store.EnterExecution(_context);
    }

    public void Dispose() => _store.ExitExecution(_context);

    private GuestMemory OnePage()
    {
        var memory = new MemoryInstance(new MemoryType(new Limits(1, 1)));
        memory.TryBind(_store);
        return new GuestMemory(memory);
    }

    [Theory]
    [InlineData(0UL, End, true)]
    [InlineData(End, 0UL, true)]
    [InlineData(End - 4, 4UL, true)]
    [InlineData(End - 3, 4UL, false)]
    [InlineData(End + 1, 0UL, false)]
    [InlineData(0xFFFF_FFFFUL, 2UL, false)]
    [InlineData(16UL, ulong.MaxValue - 8, false)]
    [InlineData(ulong.MaxValue, 1UL, false)]
    public void RangesAreCheckedWithoutWrapping(ulong address, ulong length, bool inside)
    {
        var memory = OnePage();
        Assert.Equal(inside, memory.InBounds(address, length));
        Assert.Equal(inside, memory.TryGetSpan(address, length, out var span));
        if (inside)
        {
            Assert.Equal((int)length, span.Length);
            memory.CheckRange(address, length);
        }
        else
        {
            Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Assert.Throws<WasmTrap>(() => memory.CheckRange(address, length)).Kind);
            Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Assert.Throws<WasmTrap>(() => memory.GetSpan(address, length)).Kind);
        }
    }

    [Fact]
    public void IntegersAreLittleEndianAndChecked()
    {
        var memory = OnePage();
        memory.WriteUInt32(End - 4, 0x11223344);
        Assert.Equal(0x44, memory.ReadByte(End - 4));
        Assert.Equal(0x1122, memory.ReadUInt16(End - 2));
        memory.WriteUInt64(0, 0x0102030405060708);
        Assert.Equal(0x05060708u, memory.Read<uint>(0));
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Assert.Throws<WasmTrap>(() => memory.ReadUInt64(End - 7)).Kind);
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Assert.Throws<WasmTrap>(() => memory.WriteUInt32(End - 3, 1)).Kind);
        Assert.Equal(0x11223344u, memory.ReadUInt32(End - 4));
    }

    [Fact]
    public void CStringsEndInsideMemoryOrFail()
    {
        var memory = OnePage();
        memory.WriteCString(100, "héllo");
        Assert.Equal("héllo", memory.ReadCString(100));
        Assert.Equal(6UL, memory.GetCStringLength(100));
        // the last bytes of memory without a NUL: strlen would read past the end
        memory.GetSpan(End - 3, 3).Fill((byte)'x');
        Assert.False(memory.TryGetCString(End - 3, out _));
        Assert.False(memory.TryGetCStringLength(End - 3, 4, out _));
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Assert.Throws<WasmTrap>(() => memory.GetCStringLength(End - 3)).Kind);
        // a bound within memory is enough for strnlen
        Assert.True(memory.TryGetCStringLength(End - 3, 3, out var length));
        Assert.Equal(3UL, length);
        Assert.Equal("xx", System.Text.Encoding.ASCII.GetString(memory.GetCString(End - 3, 2)));
        Assert.False(memory.TryGetCString(End, out _));
        Assert.True(memory.TryGetCStringLength(End, 0, out _));
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Assert.Throws<WasmTrap>(() => memory.WriteCString(End - 2, "ab")).Kind);
    }

    [Fact]
    public void SpansMapBackToTheirGuestAddress()
    {
        var memory = OnePage();
        Assert.True(memory.TryGetAddress(memory.GetSpan(1234, 10), out var address));
        Assert.Equal(1234UL, address);
        Assert.True(memory.TryGetAddress(memory.GetSpan(End, 0), out address));
        Assert.Equal(End, address);
        Assert.False(memory.TryGetAddress(new byte[4], out _));
        Assert.False(memory.TryGetAddress(OnePage().GetSpan(0, 4), out _));
    }
}
