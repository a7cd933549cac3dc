using Microwasm.Host;
using Microwasm.Runtime;

namespace Microwasm.Tests.Host;

public sealed class MemoryTests
{
    private static readonly WasmModule Basics = new WasmRuntime(new() { AppHeapSize = 0 }).Load(HostTestModules.Basics);

    [Fact]
    public void ValidatesAppAddressesIn64Bits()
    {
        var instance = Basics.Instantiate();
        Assert.True(instance.ValidateAppAddress(0, 65536));
        Assert.True(instance.ValidateAppAddress(65536, 0));
        Assert.False(instance.ValidateAppAddress(65536, 1));
        Assert.False(instance.ValidateAppAddress(0xFFFF_FFF0, 0x20));
        Assert.False(instance.ValidateAppAddress(16, 0xFFFF_FFF8));
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Assert.Throws<WasmTrap>(() => instance.Access(0xFFFF_FFF0, 0x20, 0, static (_, _) => { })).Kind);
    }

    [Fact]
    public void ReadsAndWritesIntegersAndStrings()
    {
        var instance = Basics.Instantiate();
        instance.Write(8, 0x1122334455667788UL);
        Assert.Equal(0x55667788, instance.Read<int>(8));
        Assert.Equal(0x1122334455667788L, instance.Read<long>(8));
        instance.Write(65532, -2);
        Assert.Equal(-2, instance.Read<int>(65532));
        Assert.Throws<WasmTrap>(() => instance.Read<int>(65533));
        Assert.Throws<WasmTrap>(() => instance.Write<long>(65530, 1));

        Assert.Equal(7u, instance.WriteString(100, "grüße"));
        Assert.Equal("grüße", instance.ReadString(100));
        Assert.True(instance.ValidateAppString(100));
        Assert.Equal("gr", instance.ReadString(100, 2));
        instance.Memory!.Write(65530, "zzzzzz"u8);
        Assert.False(instance.ValidateAppString(65530));
        Assert.Throws<WasmTrap>(() => instance.ReadString(65530));
        Assert.Throws<WasmTrap>(() => instance.WriteString(65530, "123456"));
    }

    [Fact]
    public void SpansGoBothWays()
    {
        var instance = Basics.Instantiate();
        instance.Access(1000, 4, 0, static (bytes, _) => new byte[] { 1, 2, 3, 4 }.CopyTo(bytes));
        Assert.Equal(10, instance.GetFunction<int, int, int>("sum")(1000, 4));
        instance.GetAction<int, int>("increment")(1000, 4);
        Assert.Equal(new byte[] { 2, 3, 4, 5 }, instance.Memory!.ReadBytes(1000, 4));
        // a span lent by Access maps back to its address; one from elsewhere does not
        var guest = instance.GetGuestMemory();
        instance.Access(1000, 4, guest, static (bytes, guest) =>
        {
            Assert.True(guest.TryGetAddress(bytes, out var address));
            Assert.Equal(1000UL, address);
            Assert.False(guest.TryGetAddress(new byte[4], out _));
        });
    }

    [Fact]
    public void MallocAndFreeUseTheAppHeap()
    {
        var instance = new WasmRuntime(new() { AppHeapSize = 8192 }).Load(HostTestModules.Basics).Instantiate();
        Assert.NotNull(instance.Heap);
        var a = instance.Malloc(100);
        var b = instance.AllocateString("hello");
        Assert.NotEqual(0u, a);
        Assert.NotEqual(0u, b);
        Assert.True(instance.ValidateAppAddress(a, 100));
        Assert.Equal("hello", instance.ReadString(b));
        Assert.Equal(0u, instance.Malloc(100_000));
        Assert.True(instance.Free(a));
        Assert.False(instance.Free(a));
        Assert.False(instance.Free(12345));
        Assert.True(instance.Free(b));
    }

    [Fact]
    public void MallocWithoutAHeapSaysWhy()
    {
        var instance = Basics.Instantiate();
        Assert.Null(instance.Heap);
        Assert.Contains("AppHeapSize", Assert.Throws<InvalidOperationException>(() => instance.Malloc(4)).Message);
    }
}
