using Microwasm.Binary;
using Microwasm.Runtime;
using Microwasm.Validation;

namespace Microwasm.Tests.Binary;

/// <summary>
/// The encodings of WebAssembly 3.0 features Microwasm lacks are reported as
/// <see cref="WasmUnsupportedFeatureException"/> naming the feature, with 2.0's error for the same
/// bytes kept; bytes that only look like them stay malformed or invalid.
/// </summary>
public class Wasm3FeatureTests
{
    private static readonly byte[] Header = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00];

    private static byte[] Section(byte id, params byte[] content) => [id, (byte)content.Length, .. content];

    private static byte[] Module(params byte[][] sections) => [.. Header, .. sections.SelectMany(s => s)];

    private static readonly byte[] VoidType = Section(1, 0x01, 0x60, 0x00, 0x00);

    /// <summary>One function () -> () with <paramref name="code"/> (no locals, then the instructions and end), and <paramref name="memories"/> memories of one page.</summary>
    private static byte[] Function(int memories, params byte[] code)
    {
        byte[] body = [0x00, .. code, 0x0B];
        byte[] memorySection = [(byte)memories, .. Enumerable.Repeat<byte[]>([0x00, 0x01], memories).SelectMany(m => m)];
        return Module(VoidType, Section(3, 0x01, 0x00), Section(5, memorySection), Section(10, [0x01, (byte)body.Length, .. body]));
    }

    private static WasmUnsupportedFeatureException Unsupported(byte[] bytes) =>
        Assert.Throws<WasmUnsupportedFeatureException>(() => ModuleLoader.Load(bytes));

    public static TheoryData<string, byte[], string, string> Features => new()
    {
        // limits: 64-bit (memories and tables), shared, custom page size
        { "memory64 memory", Module(Section(5, 0x01, 0x04, 0x01)), "memory64", "integer too large" },
        { "memory64 memory with max", Module(Section(5, 0x01, 0x05, 0x01, 0x02)), "memory64", "integer too large" },
        { "memory64 table", Module(Section(4, 0x01, 0x70, 0x04, 0x01)), "memory64", "integer too large" },
        { "shared memory", Module(Section(5, 0x01, 0x03, 0x01, 0x02)), "threads", "integer too large" },
        { "custom page size", Module(Section(5, 0x01, 0x08, 0x01, 0x00)), "custom-page-sizes", "integer too large" },
        // type section forms
        { "struct type", Module(Section(1, 0x01, 0x5F, 0x00)), "gc", "malformed function type" },
        { "rec group", Module(Section(1, 0x01, 0x4E, 0x00)), "gc", "malformed function type" },
        // value types
        { "(ref func) parameter", Module(Section(1, 0x01, 0x60, 0x01, 0x64, 0x70, 0x00)), "function-references", "malformed value type" },
        { "(ref null $t) parameter", Module(Section(1, 0x01, 0x60, 0x01, 0x63, 0x00, 0x00)), "function-references", "malformed value type" },
        { "anyref result", Module(Section(1, 0x01, 0x60, 0x00, 0x01, 0x6E)), "gc", "malformed value type" },
        { "exnref global", Module(Section(6, 0x01, 0x69, 0x00, 0xD0, 0x69, 0x0B)), "exception-handling", "malformed value type" },
        // tags
        { "tag import", Module(VoidType, Section(2, 0x01, 0x01, (byte)'m', 0x01, (byte)'t', 0x04, 0x00, 0x00)), "exception-handling", "malformed import kind" },
        { "tag section", Module(VoidType, Section(13, 0x01, 0x00, 0x00)), "exception-handling", "malformed section id" },
        // instructions
        { "return_call", Function(0, 0x12, 0x00), "tail-call", "illegal opcode" },
        { "return_call_indirect", Function(0, 0x13, 0x00, 0x00), "tail-call", "illegal opcode" },
        { "throw", Function(0, 0x08, 0x00), "exception-handling", "illegal opcode" },
        { "try_table", Function(0, 0x1F, 0x40, 0x00, 0x0B), "exception-handling", "illegal opcode" },
        { "call_ref", Function(0, 0x14, 0x00), "function-references", "illegal opcode" },
        { "struct.new", Function(0, 0xFB, 0x00, 0x00), "gc", "illegal opcode" },
        { "i64.add128", Function(0, 0xFC, 0x13), "wide-arithmetic", "illegal opcode" },
        { "i32x4.relaxed_swizzle", Function(0, 0xFD, 0x80, 0x02), "relaxed-simd", "illegal opcode" },
        { "memory.atomic.notify", Function(1, 0xFE, 0x00, 0x02, 0x00), "threads", "illegal opcode" },
        { "ref.null any", Function(0, 0xD0, 0x6E, 0x1A), "gc", "malformed reference type" },
        { "block (result (ref func))", Function(0, 0x02, 0x64, 0x70, 0x0B), "function-references", "malformed block type" },
        // a memory index: in a load's memarg (alignment bit 6) and in memory.size, with two memories
        { "i32.load from memory 1", Function(2, 0x41, 0x00, 0x28, 0x42, 0x01, 0x00, 0x1A), "multi-memory", "alignment must not be larger than natural" },
        { "memory.size of memory 1", Function(2, 0x3F, 0x01, 0x1A), "multi-memory", "zero byte expected" },
        { "two memories", Module(Section(5, 0x02, 0x00, 0x01, 0x00, 0x01)), "multi-memory", "multiple memories" },
        // constant expressions
        { "i32.add in a global", Module(Section(6, 0x01, 0x7F, 0x00, 0x41, 0x01, 0x41, 0x02, 0x6A, 0x0B)), "extended-const", "constant expression required" },
        { "global.get of a defined global", Module(Section(6, 0x02, 0x7F, 0x00, 0x41, 0x01, 0x0B, 0x7F, 0x00, 0x23, 0x00, 0x0B)), "gc", "unknown global 0" },
    };

    [Theory]
    [MemberData(nameof(Features))]
    public void AThreeZeroEncodingIsUnsupportedNamingItsFeature(string what, byte[] bytes, string feature, string wasm20Reason)
    {
        var ex = Unsupported(bytes);
        Assert.Equal(feature, ex.Feature);
        Assert.StartsWith($"unsupported: {feature}", ex.Message);
        // WebAssembly 2.0's error for the same bytes is kept (the 2022 suite is judged by it)
        var wasm20 = ex.AsWasm20;
        var reason = wasm20 switch
        {
            WasmDecodeException d => d.Reason,
            WasmValidationException v => v.Reason,
            _ => throw new Xunit.Sdk.XunitException($"{what}: 2.0's error is a {wasm20.GetType().Name}"),
        };
        Assert.Equal(wasm20Reason, reason);
    }

    public static TheoryData<string, byte[], string> StillMalformed => new()
    {
        { "memory limits flag 0x10", Module(Section(5, 0x01, 0x10, 0x01)), "integer too large" },
        { "table limits flag 0x02 (shared is for memories)", Module(Section(4, 0x01, 0x70, 0x02, 0x01)), "integer too large" },
        { "table limits flag 0x08 (page sizes are for memories)", Module(Section(4, 0x01, 0x70, 0x08, 0x01)), "integer too large" },
        { "64-bit memory cut short", Module(Section(5, 0x01, 0x04)), "unexpected end" },
        { "type form 0x61", Module(Section(1, 0x01, 0x61, 0x00)), "malformed function type" },
        { "value type 0x7A", Module(Section(1, 0x01, 0x60, 0x01, 0x7A, 0x00)), "malformed value type" },
        { "(ref) with a negative heap type that is none", Module(Section(1, 0x01, 0x60, 0x01, 0x64, 0x40, 0x00)), "malformed value type" },
        { "opcode 0x27", Function(0, 0x27), "illegal opcode" },
        { "0xFC 0x12", Function(0, 0xFC, 0x12), "illegal opcode" },
        { "memop flags 2^7", Function(1, 0x41, 0x00, 0x28, 0x80, 0x01, 0x00, 0x1A), "malformed memop flags" },
        { "memory.size with an overlong zero", Function(1, 0x3F, 0x80, 0x00, 0x1A), "zero byte expected" },
    };

    [Theory]
    [MemberData(nameof(StillMalformed))]
    public void BytesThatOnlyLookLikeAFeatureStayMalformed(string what, byte[] bytes, string reason)
    {
        var ex = Assert.Throws<WasmDecodeException>(() => ModuleLoader.Load(bytes));
        Assert.True(reason == ex.Reason, $"{what}: {ex.Reason}");
    }

    [Fact]
    public void AMemoryIndexInAModuleOfOneMemoryIsAnUnknownMemory()
    {
        // 3.0: invalid; 2.0: the reserved byte must be zero
        var ex = Assert.Throws<WasmValidationException>(() => ModuleLoader.Load(Function(1, 0x3F, 0x01, 0x1A)));
        Assert.Equal("unknown memory 1", ex.Reason);
        Assert.Equal("zero byte expected", Assert.IsType<WasmDecodeException>(ex.AsWasm20).Reason);
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x10 }, "memory size must be at most 65536 pages (4GiB)")]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x01 }, "memory size must be at most 65536 pages (4GiB)")]
    public void AMemoryLimitBeyond32BitsIsInvalidIn30AndMalformedIn20(byte[] min, string reason)
    {
        var ex = Assert.Throws<WasmValidationException>(() => ModuleLoader.Load(Module(Section(5, [0x01, 0x00, .. min]))));
        Assert.Equal(reason, ex.Reason);
        Assert.IsType<WasmDecodeException>(ex.AsWasm20);
    }

    [Fact]
    public void AnOffsetBeyond32BitsIsOutOfRangeIn30AndMalformedIn20()
    {
        var ex = Assert.Throws<WasmValidationException>(() => ModuleLoader.Load(Function(1, 0x41, 0x00, 0x28, 0x02, 0x80, 0x80, 0x80, 0x80, 0x10, 0x1A)));
        Assert.Equal("offset out of range", ex.Reason);
        Assert.Equal("integer too large", Assert.IsType<WasmDecodeException>(ex.AsWasm20).Reason);
    }

    [Fact]
    public void TheFirstFeatureOfAModuleIsTheOneReported()
    {
        // a 64-bit memory, then a tail call: the memory section comes first
        var bytes = Module(VoidType, Section(3, 0x01, 0x00), Section(5, 0x01, 0x04, 0x01), Section(10, 0x01, 0x05, 0x00, 0x12, 0x00, 0x0B, 0x0B));
        Assert.Equal("memory64", Unsupported(bytes).Feature);
    }
}
