using System.Text;
using Microwasm.Host;
using Microwasm.Runtime;

namespace Microwasm.Tests.Host;

/// <summary>
/// Host functions from delegates and WAMR native symbols, driven by a wasm module that passes its
/// arguments through: every hostile pointer must trap before the host delegate runs.
/// </summary>
public sealed class NativeTests
{
    private const uint PageSize = 65536;
    // no app heap, so the memory keeps its single page
    private static readonly WasmModule Natives = new WasmRuntime(new() { AppHeapSize = 0 }).Load(HostTestModules.Natives);

    private int _hostCalls;

    /// <summary>A linker with every import of the natives module; <paramref name="add"/> replaces env.add.</summary>
    internal static WasmLinker Linker(Func<int, int, int>? add = null, Action? onCall = null) => new WasmLinker()
        .RegisterNatives("env",
            NativeSymbol.Create("buffer", (Span<byte> buffer) =>
            {
                onCall?.Invoke();
                var sum = 0;
                foreach (var b in buffer)
                {
                    sum += b;
                }
                buffer.Fill(7);
                return sum;
            }, "(*~)i"),
            NativeSymbol.Create("pointer", (Span<byte> rest) =>
            {
                onCall?.Invoke();
                return rest.Length;
            }, "(*)i"),
            NativeSymbol.Create("string", (Caller caller, string text) =>
            {
                onCall?.Invoke();
                caller.Instance.UserData = text;
                return text.Length;
            }, "($)i"),
            NativeSymbol.Create("mixed", (int a, Span<byte> buffer, ReadOnlySpan<byte> text) =>
            {
                onCall?.Invoke();
                return a * 10000 + buffer.Length * 100 + text.Length;
            }, "(i*~$)i"))
        .DefineFunction("env", "add", add ?? ((int a, int b) => a + b))
        .DefineFunction("env", "callback", (Caller caller, int x) => caller.Instance.GetFunction<int, int>("double")(x) + 1)
        .DefineFunction("env", "fail", (Caller caller, int how) =>
        {
            if (how == 0)
            {
                throw caller.Trap("the host says no");
            }
            throw new InvalidOperationException("host bug");
        });

    private Instance Instantiate() => Natives.Instantiate(Linker(onCall: () => _hostCalls++));

    [Fact]
    public void PointerWithLengthArrivesAsASpanBothWays()
    {
        var instance = Instantiate();
        instance.Memory!.Write(100, "hello"u8);
        Assert.Equal("hello"u8.ToArray().Sum(b => b), instance.GetFunction<int, int, int>("call_buffer")(100, 5));
        Assert.Equal(new byte[] { 7, 7, 7, 7, 7 }, instance.Memory!.ReadBytes(100, 5));
        // the last byte of memory, and an empty buffer at the very end
        Assert.Equal(0, instance.GetFunction<int, int, int>("call_buffer")((int)PageSize - 1, 1));
        Assert.Equal(0, instance.GetFunction<int, int, int>("call_buffer")((int)PageSize, 0));
        Assert.Equal(3, _hostCalls);
    }

    [Theory]
    [InlineData(PageSize, 1u)]                 // starts at the end
    [InlineData(PageSize - 4, 5u)]             // runs one byte past the end
    [InlineData(0xFFFF_FFF0u, 0x20u)]          // address + length wraps around 2^32 to 0x10
    [InlineData(16u, 0xFFFF_FFF8u)]            // length wraps the sum around 2^32
    [InlineData(0u, 0xFFFF_FFFFu)]             // the largest length
    [InlineData(0xFFFF_FFFFu, 1u)]             // the largest address
    public void HostilePointerWithLengthTrapsBeforeTheHostRuns(uint address, uint length)
    {
        var instance = Instantiate();
        var trap = Assert.Throws<WasmTrap>(() => instance.GetFunction<uint, uint, int>("call_buffer")(address, length));
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, trap.Kind);
        Assert.Equal(0, _hostCalls);
        // the host goes on, and so does the instance
        Assert.Equal(0, instance.GetFunction<int, int, int>("call_buffer")(0, 4));
    }

    [Fact]
    public void PointerWithoutLengthIsCheckedForOneByteAndRunsToTheEnd()
    {
        var instance = Instantiate();
        var call = instance.GetFunction<uint, int>("call_pointer");
        Assert.Equal((int)PageSize - 10, call(10));
        Assert.Equal(1, call(PageSize - 1));
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Assert.Throws<WasmTrap>(() => call(PageSize)).Kind);
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Assert.Throws<WasmTrap>(() => call(uint.MaxValue)).Kind);
        Assert.Equal(2, _hostCalls);
    }

    [Fact]
    public void StringArrivesDecodedAndMustEndInsideMemory()
    {
        var instance = Instantiate();
        var call = instance.GetFunction<uint, int>("call_string");
        instance.WriteString(200, "héllo");
        Assert.Equal(5, call(200));
        Assert.Equal("héllo", instance.UserData);
        // an empty string in the last byte
        instance.Write(PageSize - 1, (byte)0);
        Assert.Equal(0, call(PageSize - 1));
        Assert.Equal(2, _hostCalls);

        // no terminator before the end of memory
        instance.Memory!.Write(PageSize - 16, "xxxxxxxxxxxxxxxx"u8);
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Assert.Throws<WasmTrap>(() => call(PageSize - 16)).Kind);
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Assert.Throws<WasmTrap>(() => call(PageSize)).Kind);
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Assert.Throws<WasmTrap>(() => call(uint.MaxValue)).Kind);
        Assert.Equal(2, _hostCalls);
    }

    [Fact]
    public void MixedSignatureChecksEveryPointerBeforeTheHostRuns()
    {
        var instance = Instantiate();
        var call = instance.GetFunction<int, uint, uint, uint, int>("call_mixed");
        instance.WriteString(300, "abc");
        Assert.Equal(4 * 10000 + 8 * 100 + 3, call(4, 0, 8, 300));
        Assert.Equal(1, _hostCalls);
        // a good buffer, then a bad string: nothing runs
        instance.Write(PageSize - 8, 0x0101010101010101UL);
        Assert.Throws<WasmTrap>(() => call(4, 0, 8, PageSize - 8));
        // a bad buffer, then a good string
        Assert.Throws<WasmTrap>(() => call(4, PageSize - 7, 8, 300));
        Assert.Equal(1, _hostCalls);
    }

    [Fact]
    public void MemoryGrownBetweenCallsIsSeenByTheChecks()
    {
        var instance = Instantiate();
        var buffer = instance.GetFunction<uint, uint, int>("call_buffer");
        var str = instance.GetFunction<uint, int>("call_string");
        Assert.Throws<WasmTrap>(() => buffer(PageSize + 10, 10));
        Assert.Equal(1, instance.GetFunction<int, int>("grow")(1));
        Assert.Equal(0, buffer(PageSize + 10, 10));
        instance.WriteString(PageSize + 100, "grown");
        Assert.Equal(5, str(PageSize + 100));
        // memory cannot shrink in wasm; the end moved, so the old end is now inside and the new end is checked
        Assert.Throws<WasmTrap>(() => buffer(2 * PageSize - 4, 5));
        Assert.Equal(2, _hostCalls);
    }

    [Fact]
    public void HostFunctionCallsBackIntoWasm()
    {
        var instance = Instantiate();
        Assert.Equal(43, instance.GetFunction<int, int>("call_callback")(21));
    }

    [Fact]
    public void HostTrapsReachTheEmbedderAsTraps()
    {
        var instance = Instantiate();
        var fail = instance.GetAction<int>("call_fail");
        var trap = Assert.Throws<WasmTrap>(() => fail(0));
        Assert.Equal(TrapKind.Host, trap.Kind);
        Assert.Equal("the host says no", trap.Message);
        Assert.NotEmpty(trap.WasmStack);

        var wrapped = Assert.Throws<WasmTrap>(() => fail(1));
        Assert.Equal(TrapKind.Host, wrapped.Kind);
        Assert.IsType<InvalidOperationException>(wrapped.InnerException);
        Assert.Contains("env.fail", wrapped.Message);
        Assert.Equal(3, instance.GetFunction<int, int, int>("call_add")(1, 2));
    }

    [Fact]
    public void SignatureNotMatchingTheImportIsALinkErrorNamingIt()
    {
        var linker = Linker().RegisterNatives("env", NativeSymbol.Create("buffer", (int a) => a, "(i)i"));
        var e = Assert.Throws<WasmLinkException>(() => Natives.Instantiate(linker));
        Assert.Contains("\"env\" \"buffer\"", e.Message);
        Assert.Contains("func (i32 i32) -> (i32)", e.Message);
        Assert.Contains("(signature \"(i)i\")", e.Message);

        var inferred = Linker().DefineFunction("env", "add", (long a, long b) => a + b);
        e = Assert.Throws<WasmLinkException>(() => Natives.Instantiate(inferred));
        Assert.Contains("\"env\" \"add\"", e.Message);
        Assert.Contains("(i64 i64) -> (i64)", e.Message);

        var missing = new WasmLinker();
        Assert.Contains("unknown import", Assert.Throws<WasmLinkException>(() => Natives.Instantiate(missing)).Message);
    }

    [Fact]
    public void DelegateNotFittingItsSignatureIsRejectedAtDefinition()
    {
        Assert.Contains("'*~' needs a Span<byte>", Assert.Throws<ArgumentException>(() => NativeSymbol.Create("x", (int a) => a, "(*~)i")).Message);
        Assert.Throws<ArgumentException>(() => NativeSymbol.Create("x", (int a, int b) => a, "(i)i"));
        Assert.Throws<ArgumentException>(() => NativeSymbol.Create("x", (int a) => { }, "(i)i"));
        Assert.Throws<ArgumentException>(() => NativeSymbol.Create("x", (int a) => a, "(i~)i"));
        Assert.Throws<ArgumentException>(() => NativeSymbol.Create("x", (int a) => a, "i)i"));
        Assert.Throws<ArgumentException>(() => NativeSymbol.Create("x", (int a) => a, "(q)i"));
        Assert.Contains("needs a signature string", Assert.Throws<ArgumentException>(() => new WasmLinker().DefineFunction("env", "x", (string s) => 0)).Message);
        Assert.Throws<ArgumentException>(() => new WasmLinker().DefineFunction("env", "x", (int a, Caller c) => 0));
    }

    [Fact]
    public void WasmValueParametersTakeTheImportsType()
    {
        var linker = Linker().DefineFunction("env", "add", (WasmValue a, WasmValue b) => WasmValue.I32(a.AsI32() - b.AsI32()));
        Assert.Equal(-1, Natives.Instantiate(linker).GetFunction<int, int, int>("call_add")(1, 2));
    }

    [Fact]
    public void ReflectionFallbackCallsAnyDelegate()
    {
        Func<Caller, int, int, int> add = (caller, a, b) => a * b + (caller.Instance.Memory is null ? 0 : 1);
        var linker = Linker().DefineFunction("env", "add", (Delegate)add);
        Assert.Equal(7, Natives.Instantiate(linker).GetFunction<int, int, int>("call_add")(2, 3));
    }

    [Fact]
    public void CallerGivesTheInstancesUserDataAndMemory()
    {
        string? seen = null;
        var linker = Linker().DefineFunction("env", "add", (Caller caller, int a, int b) =>
        {
            seen = (string?)caller.UserData + caller.Memory.Pages;
            return 0;
        });
        Natives.Instantiate(linker, "data").GetFunction<int, int, int>("call_add")(0, 0);
        Assert.Equal("data1", seen);
    }
}
