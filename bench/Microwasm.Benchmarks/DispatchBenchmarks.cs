using BenchmarkDotNet.Attributes;
using Microwasm.Interpreter;
using Microwasm.Runtime;

namespace Microwasm.Benchmarks;

/// <summary>
/// The interpreter's dispatch loop on small kernels (wasm/dispatch.wat), one per kind of work:
/// i32 arithmetic, memory, calls, br_table, i64 and f64 operators, float multiply-add over arrays,
/// byte scanning. Each runs 1,000,000 iterations (or elements, or bytes),
/// so a regression in one kind of instruction shows up in one command:
/// <c>dotnet run -c Release --project bench/Microwasm.Benchmarks -- --filter '*Dispatch*'</c>.
/// </summary>
public class DispatchBenchmarks
{
    private const int Iterations = 1_000_000;

    private Store _store = null!;
    private Instance _instance = null!;
    private ExecutionEnvironment _context = null!;
    private readonly ulong[] _slots = new ulong[1];

    [GlobalSetup]
    public void Setup()
    {
        _store = new Store();
        var path = Path.Combine(AppContext.BaseDirectory, "wasm", "dispatch.wasm");
        _instance = new Linker().Instantiate(_store, InterpreterEngine.Default.Compile(ModuleLoader.LoadFile(path)));
        _context = ExecutionEnvironment.ForCurrentThread(_store);
    }

    private ulong Run(string export)
    {
        _slots[0] = Iterations;
        _instance.GetFunction(export)!.Invoke(_context, _slots);
        return _slots[0];
    }

    [Benchmark(Description = "i32 arithmetic loop (1M)")]
    public ulong Arith() => Run("arith");

    [Benchmark(Description = "load/store loop (1M)")]
    public ulong Memory() => Run("memory");

    [Benchmark(Description = "call per iteration (1M)")]
    public ulong Calls() => Run("calls");

    [Benchmark(Description = "br_table switch (1M)")]
    public ulong BrTable() => Run("brtable");

    [Benchmark(Description = "i64 operators (1M)")]
    public ulong I64() => Run("i64");

    [Benchmark(Description = "f64 operators and compare (1M)")]
    public ulong F64() => Run("f64");

    [Benchmark(Description = "f64/f32 multiply-add over arrays (1M elements)")]
    public ulong Axpy() => Run("axpy");

    [Benchmark(Description = "byte scan, strlen (1M bytes)")]
    public ulong Bytes() => Run("bytes");
}
