using BenchmarkDotNet.Attributes;
using Microwasm.Interpreter;
using Microwasm.Runtime;

namespace Microwasm.Benchmarks;

/// <summary>
/// The issue #3 kernels (wasm/*.wat): recursive calls, memory loads/stores, br_table dispatch.
/// Each is called through the engines' slot calling convention (what a typed host call costs,
/// no allocation) and once through the public <see cref="WasmValue"/> API for comparison.
/// </summary>
[MemoryDiagnoser]
public class KernelBenchmarks
{
    private Store _store = null!;
    private FunctionInstance _fib = null!;
    private FunctionInstance _memloop = null!;
    private FunctionInstance _brtable = null!;
    private ExecutionEnvironment _context = null!;
    private readonly ulong[] _slots = new ulong[1];

    [GlobalSetup]
    public void Setup()
    {
        _store = new Store();
        _fib = Load("fib", "fib");
        _memloop = Load("memloop", "memloop");
        _brtable = Load("brtable", "brtable");
        _context = ExecutionEnvironment.ForCurrentThread(_store);
    }

    private FunctionInstance Load(string file, string export)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "wasm", file + ".wasm");
        var compiled = new InterpreterEngine().Compile(ModuleLoader.LoadFile(path));
        var instance = new Linker().Instantiate(_store, compiled);
        return instance.GetFunction(export) ?? throw new InvalidOperationException($"{file}.wasm has no export {export}");
    }

    private int Call(FunctionInstance function, int argument)
    {
        _slots[0] = (uint)argument;
        function.Invoke(_context, _slots);
        return (int)_slots[0];
    }

    [Benchmark(Description = "fib(30)")]
    public int Fib30() => Call(_fib, 30);

    [Benchmark(Description = "memloop(100): 1.6M loads+stores")]
    public int MemLoop() => Call(_memloop, 100);

    [Benchmark(Description = "brtable(1M)")]
    public int BrTable() => Call(_brtable, 1_000_000);

    [Benchmark(Description = "fib(30) via WasmValue API")]
    public int Fib30Public() => _fib.Invoke(_store, WasmValue.I32(30))[0].AsI32();

    [Benchmark(Description = "fib(1): call overhead")]
    public int Fib1() => Call(_fib, 1);
}
