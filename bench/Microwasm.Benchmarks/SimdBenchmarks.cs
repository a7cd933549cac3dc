using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microwasm.Interpreter;
using Microwasm.Runtime;

namespace Microwasm.Benchmarks;

/// <summary>
/// The same C kernels (wasm/simd-kernels.c) built with and without <c>-msimd128</c>: an int16 dot
/// product and a byte sum over 64 Ki elements. The scalar build is each group's baseline, so the
/// ratio column is what SIMD buys in the interpreter.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class SimdBenchmarks
{
    private const int Length = 65536;

    private Store _store = null!;
    private ExecutionEnvironment _context = null!;
    private Kernels _scalar = null!;
    private Kernels _simd = null!;
    private readonly ulong[] _slots = new ulong[1];

    private sealed record Kernels(FunctionInstance Dot, FunctionInstance ByteSum);

    [GlobalSetup]
    public void Setup()
    {
        _store = new Store();
        _context = ExecutionEnvironment.ForCurrentThread(_store);
        _scalar = Load("simd-kernels-scalar");
        _simd = Load("simd-kernels-simd");
        // Both builds must compute the same thing, or the comparison means nothing.
        if (Call(_scalar.Dot) != Call(_simd.Dot) || Call(_scalar.ByteSum) != Call(_simd.ByteSum))
        {
            throw new InvalidOperationException("the SIMD and scalar kernels disagree");
        }
    }

    private Kernels Load(string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "wasm", file + ".wasm");
        var compiled = new InterpreterEngine().Compile(ModuleLoader.LoadFile(path));
        var instance = new Linker().Instantiate(_store, compiled);
        instance.GetFunction("fill")!.Invoke(_store, WasmValue.I32(12345));
        return new Kernels(instance.GetFunction("dot_i16")!, instance.GetFunction("byte_sum")!);
    }

    private int Call(FunctionInstance function)
    {
        _slots[0] = Length;
        function.Invoke(_context, _slots);
        return (int)_slots[0];
    }

    [Benchmark(Baseline = true, Description = "dot_i16(64Ki) scalar")]
    [BenchmarkCategory("dot")]
    public int DotScalar() => Call(_scalar.Dot);

    [Benchmark(Description = "dot_i16(64Ki) simd128")]
    [BenchmarkCategory("dot")]
    public int DotSimd() => Call(_simd.Dot);

    [Benchmark(Baseline = true, Description = "byte_sum(64Ki) scalar")]
    [BenchmarkCategory("byte_sum")]
    public int ByteSumScalar() => Call(_scalar.ByteSum);

    [Benchmark(Description = "byte_sum(64Ki) simd128")]
    [BenchmarkCategory("byte_sum")]
    public int ByteSumSimd() => Call(_simd.ByteSum);
}
