using BenchmarkDotNet.Attributes;
using Microwasm.Interpreter;
using Microwasm.Runtime;
using Microwasm.TestSupport;

namespace Microwasm.Benchmarks;

/// <summary>
/// Start-up cost: decoding, validating and translating every function of a 1 MB module (the
/// dispatch kernels' bodies repeated), and translating alone. The budget is 100 ms for
/// load + translate of 1 MB.
/// </summary>
[MemoryDiagnoser]
public class TranslationBenchmarks
{
    private byte[] _module = null!;
    private Microwasm.Validation.ValidatedModule _validated = null!;

    [GlobalSetup]
    public void Setup()
    {
        _module = SyntheticModule.OneMegabyte();
        _validated = ModuleLoader.Load(_module);
    }

    [Benchmark(Description = "load + validate + translate 1 MB")]
    public int LoadAndTranslate()
    {
        var validated = ModuleLoader.Load(_module);
        return TranslateAll(validated);
    }

    [Benchmark(Description = "translate 1 MB")]
    public int Translate() => TranslateAll(_validated);

    private static int TranslateAll(Microwasm.Validation.ValidatedModule module)
    {
        var total = 0;
        for (var i = 0; i < module.Functions.Length; i++)
        {
            total += Translator.Translate(module, i).Code.Length;
        }
        return total;
    }
}

/// <summary>Builds a large module from a small one by repeating its function bodies.</summary>
internal static class SyntheticModule
{
    /// <summary>The dispatch kernels' bodies repeated to about 1 MB of code: the module the start-up benchmarks load.</summary>
    public static byte[] OneMegabyte() =>
        Repeat(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "wasm", "dispatch.wasm")), 1 << 20);

    /// <summary>
    /// A module with the sections of <paramref name="wasm"/> whose function and code sections hold
    /// its functions repeated until the code is about <paramref name="size"/> bytes (no exports;
    /// the repeated bodies call the original functions, so every index stays valid).
    /// </summary>
    public static byte[] Repeat(byte[] wasm, int size)
    {
        var sections = new List<(byte Id, byte[] Payload)>();
        var position = 8;
        while (position < wasm.Length)
        {
            var id = wasm[position++];
            var length = (int)ReadU32(wasm, ref position);
            sections.Add((id, wasm[position..(position + length)]));
            position += length;
        }
        var functions = sections.Single(s => s.Id == 3).Payload;
        var p = 0;
        var count = (int)ReadU32(functions, ref p);
        var typeIndexes = functions[p..];
        var code = sections.Single(s => s.Id == 10).Payload;
        p = 0;
        ReadU32(code, ref p);
        var bodies = code[p..];
        var copies = Math.Max(1, size / bodies.Length);

        var output = new MemoryStream();
        output.Write(wasm, 0, 8);
        foreach (var (id, payload) in sections)
        {
            var body = id switch
            {
                3 => Concat(U32((uint)(count * copies)), Tile(typeIndexes, copies)),
                10 => Concat(U32((uint)(count * copies)), Tile(bodies, copies)),
                7 => null,
                _ => payload,
            };
            if (body is not null)
            {
                output.WriteByte(id);
                output.Write(U32((uint)body.Length));
                output.Write(body);
            }
        }
        return output.ToArray();
    }

    private static uint ReadU32(byte[] bytes, ref int position)
    {
        uint value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = bytes[position++];
            value |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }

    private static byte[] U32(uint value) => Leb128.Unsigned(value);

    private static byte[] Tile(byte[] bytes, int times)
    {
        var result = new byte[bytes.Length * times];
        for (var i = 0; i < times; i++)
        {
            bytes.CopyTo(result, i * bytes.Length);
        }
        return result;
    }

    private static byte[] Concat(byte[] a, byte[] b) => [.. a, .. b];
}

/// <summary>
/// The compiler's share of start-up on the same 1 MB module: emitting the CIL of every function
/// (one <see cref="System.Reflection.Emit.DynamicMethod"/> each). RyuJIT then compiles each method
/// at its first call, so this is what a module costs before its first call; issue #16's budget is
/// 150 ms for 1 MB.
/// </summary>
[MemoryDiagnoser]
public class CompileBenchmarks
{
    private byte[] _module = null!;
    private Microwasm.Validation.ValidatedModule _validated = null!;

    [GlobalSetup]
    public void Setup()
    {
        _module = SyntheticModule.OneMegabyte();
        _validated = ModuleLoader.Load(_module);
    }

    [Benchmark(Description = "load + validate + compile (CIL) 1 MB")]
    public object LoadAndCompile() => Microwasm.Compiler.CompilerEngine.Default.Compile(ModuleLoader.Load(_module));

    [Benchmark(Description = "compile (CIL) 1 MB")]
    public object Compile() => Microwasm.Compiler.CompilerEngine.Default.Compile(_validated);
}
