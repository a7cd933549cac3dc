using BenchmarkDotNet.Attributes;
using Microwasm.Host;
using Microwasm.Runtime;

namespace Microwasm.Benchmarks;

/// <summary>
/// The embedding API's overheads: a typed call of an exported i32 -> i32 function against the
/// engine's raw entry, and a host function called from wasm against the same loop without the call.
/// </summary>
[MemoryDiagnoser]
public class EmbeddingBenchmarks
{
    private const int LoopCalls = 1000;

    // (module
    //   (import "env" "add" (func $add (param i32 i32) (result i32)))
    //   (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
    //   (func (export "add_loop") (param $n i32) (result i32): calls $add(s, 1) n times
    //   (func (export "wasm_loop") (param $n i32) (result i32): the same loop with i32.add instead of the call
    private static readonly byte[] Module =
    [
        0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0C, 0x02, 0x60, 0x02, 0x7F, 0x7F, 0x01,
        0x7F, 0x60, 0x01, 0x7F, 0x01, 0x7F, 0x02, 0x0B, 0x01, 0x03, 0x65, 0x6E, 0x76, 0x03, 0x61, 0x64,
        0x64, 0x00, 0x00, 0x03, 0x04, 0x03, 0x00, 0x01, 0x01, 0x07, 0x1E, 0x03, 0x03, 0x61, 0x64, 0x64,
        0x00, 0x01, 0x08, 0x61, 0x64, 0x64, 0x5F, 0x6C, 0x6F, 0x6F, 0x70, 0x00, 0x02, 0x09, 0x77, 0x61,
        0x73, 0x6D, 0x5F, 0x6C, 0x6F, 0x6F, 0x70, 0x00, 0x03, 0x0A, 0x4E, 0x03, 0x07, 0x00, 0x20, 0x00,
        0x20, 0x01, 0x6A, 0x0B, 0x22, 0x01, 0x01, 0x7F, 0x02, 0x40, 0x03, 0x40, 0x20, 0x00, 0x45, 0x0D,
        0x01, 0x20, 0x01, 0x41, 0x01, 0x10, 0x00, 0x21, 0x01, 0x20, 0x00, 0x41, 0x01, 0x6B, 0x21, 0x00,
        0x0C, 0x00, 0x0B, 0x0B, 0x20, 0x01, 0x0B, 0x21, 0x01, 0x01, 0x7F, 0x02, 0x40, 0x03, 0x40, 0x20,
        0x00, 0x45, 0x0D, 0x01, 0x20, 0x01, 0x41, 0x01, 0x6A, 0x21, 0x01, 0x20, 0x00, 0x41, 0x01, 0x6B,
        0x21, 0x00, 0x0C, 0x00, 0x0B, 0x0B, 0x20, 0x01, 0x0B
    ];

    private Func<int, int, int> _add = null!;
    private Func<int, int> _addLoop = null!;
    private Func<int, int> _wasmLoop = null!;
    private FunctionInstance _rawAdd = null!;
    private ExecutionEnvironment _context = null!;
    private int _i;

    [GlobalSetup]
    public void Setup()
    {
        var module = new WasmRuntime().Load(Module);
        var linker = new WasmLinker().DefineFunction("env", "add", (int a, int b) => a + b);
        var instance = linker.Instantiate(module);
        _add = instance.GetFunction<int, int, int>("add");
        _addLoop = instance.GetFunction<int, int>("add_loop");
        _wasmLoop = instance.GetFunction<int, int>("wasm_loop");
        _rawAdd = instance.GetFunction("add")!;
        _context = ExecutionEnvironment.ForCurrentThread(instance.Store);
    }

    /// <summary>The engine's own entry: slots prepared by hand, no checks, no guard.</summary>
    [Benchmark(Baseline = true)]
    public int RawInvokeAdd()
    {
        Span<ulong> slots = stackalloc ulong[2];
        slots[0] = (uint)_i++;
        slots[1] = 1;
        _rawAdd.Invoke(_context, slots);
        return (int)slots[0];
    }

    /// <summary>instance.GetFunction&lt;int, int, int&gt;("add"): the API a host uses.</summary>
    [Benchmark]
    public int TypedCallAdd() => _add(_i++, 1);

    /// <summary>Per host call: a wasm loop calling a C# lambda.</summary>
    [Benchmark(OperationsPerInvoke = LoopCalls)]
    public int HostCallFromWasm() => _addLoop(LoopCalls);

    /// <summary>Per iteration: the same loop with i32.add in place of the host call.</summary>
    [Benchmark(OperationsPerInvoke = LoopCalls)]
    public int WasmLoopWithoutHostCall() => _wasmLoop(LoopCalls);
}
