using System.Diagnostics;
using System.Text;
using Microwasm.Compiler;
using Microwasm.Interpreter;
using Microwasm.Model;
using Microwasm.Runtime;
using Microwasm.Validation;

namespace Microwasm.SpecTests.Fuzz;

/// <summary>
/// The differential fuzzer: binaryen's <c>wasm-opt -ttf</c> turns seeded random bytes into a valid
/// module (the features Microwasm supports that binaryen 108 emits as the final specs have them:
/// SIMD, bulk memory, multi-value, sign extension, saturating conversions — its reference types
/// are a draft's, with subtyping), which both engines instantiate and run; every export is called
/// twice (zero arguments, then a fixed pattern) and the two transcripts — results as bits, trap
/// kinds, the imported log calls with their arguments, a hash of the memory after each call, and
/// finally the exported globals — must be equal.
/// </summary>
/// <remarks>
/// <c>--denan</c> makes every float result that is a NaN a zero: wasm lets an operation with two NaN
/// operands return either one's payload, and RyuJIT may commute the operands of an add or a
/// multiply (a constant into a register, the other operand from memory), so the compiler and the
/// interpreter legitimately differ there (seeds 1157 and 1267 of the first long run, before this
/// flag). It leaves SIMD alone, so v128 values are compared up to NaN lanes instead. The spec
/// suite checks the NaN rules that are deterministic (canonical NaNs, quieting).
/// </remarks>
internal static class DifferentialFuzz
{
    /// <summary>The features wasm-opt may use: those both engines support.</summary>
    public static readonly string[] FeatureFlags =
    [
        "--enable-simd", "--enable-bulk-memory", "--enable-multivalue",
        "--enable-sign-ext", "--enable-nontrapping-float-to-int", "--enable-mutable-globals",
    ];

    /// <summary>Seed <paramref name="index"/>'s input bytes: deterministic (seeded <see cref="Random"/> is stable across .NET versions), 1–16 KiB.</summary>
    public static byte[] InputBytes(int index)
    {
        var random = new Random(0x0D1FF + index);
        var bytes = new byte[1024 * (1 + (index % 16))];
        random.NextBytes(bytes);
        return bytes;
    }

    private static readonly Lazy<string?> s_wasmOpt = new(FindWasmOpt);

    /// <summary>The path of wasm-opt, or null if binaryen is not installed.</summary>
    public static string? WasmOpt => s_wasmOpt.Value;

    private static string? FindWasmOpt()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(dir, "wasm-opt");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>Runs wasm-opt -ttf on seed <paramref name="index"/>'s bytes.</summary>
    public static byte[] Generate(int index, string workDirectory)
    {
        var input = Path.Combine(workDirectory, $"in{index}.bin");
        var output = Path.Combine(workDirectory, $"out{index}.wasm");
        File.WriteAllBytes(input, InputBytes(index));
        var start = new ProcessStartInfo(WasmOpt!) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in (string[])[input, "-ttf", "--denan", "-o", output, .. FeatureFlags])
        {
            start.ArgumentList.Add(argument);
        }
        using (var process = Process.Start(start)!)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(60_000))
            {
                process.Kill();
                throw new TimeoutException($"wasm-opt did not finish on seed {index}");
            }
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"wasm-opt failed on seed {index}: {stderr.Result}");
            }
        }
        var wasm = File.ReadAllBytes(output);
        File.Delete(input);
        File.Delete(output);
        return wasm;
    }

    /// <summary>What one engine did with a module, line by line.</summary>
    public sealed record Transcript(string Engine, List<string> Lines, bool TimedOut);

    /// <summary>Both transcripts; <see cref="Mismatch"/> describes the first difference, or is null.</summary>
    public sealed record Outcome(Transcript Interpreter, Transcript Compiler)
    {
        public bool TimedOut => Interpreter.TimedOut || Compiler.TimedOut;

        public string? Mismatch
        {
            get
            {
                if (TimedOut)
                {
                    return null;
                }
                var a = Interpreter.Lines;
                var b = Compiler.Lines;
                for (var i = 0; i < Math.Max(a.Count, b.Count); i++)
                {
                    var x = i < a.Count ? a[i] : "(nothing)";
                    var y = i < b.Count ? b[i] : "(nothing)";
                    if (x != y && !SameUpToV128NaNs(x, y))
                    {
                        return $"line {i}: {Interpreter.Engine} {x} | {Compiler.Engine} {y}";
                    }
                }
                return null;
            }
        }
    }

    /// <summary>
    /// True if two transcript lines differ only in v128 values whose differing lanes are NaNs in
    /// both (as f32 lanes or as f64 lanes): binaryen 108's --denan leaves SIMD alone, and an
    /// operation on two NaN lanes may return either's payload (seed 14726: RyuJIT folded an
    /// f32x4.mul of two constants and kept the other operand's NaN).
    /// </summary>
    private static bool SameUpToV128NaNs(string x, string y)
    {
        var a = x.Split("v128:");
        var b = y.Split("v128:");
        if (a.Length != b.Length || a.Length == 1 || a[0] != b[0])
        {
            return false;
        }
        for (var i = 1; i < a.Length; i++)
        {
            // each piece: 32 hex digits (high half first), then the rest of the line up to the next v128
            if (a[i].Length < 32 || b[i].Length < 32 || a[i][32..] != b[i][32..])
            {
                return false;
            }
            var va = UInt128.Parse(a[i][..32], System.Globalization.NumberStyles.HexNumber);
            var vb = UInt128.Parse(b[i][..32], System.Globalization.NumberStyles.HexNumber);
            if (!LanesEqualOrNaN(va, vb, 32) && !LanesEqualOrNaN(va, vb, 64))
            {
                return false;
            }
        }
        return true;
    }

    private static bool LanesEqualOrNaN(UInt128 a, UInt128 b, int width)
    {
        for (var shift = 0; shift < 128; shift += width)
        {
            var x = (ulong)(a >> shift) & (width == 32 ? 0xFFFF_FFFFUL : ulong.MaxValue);
            var y = (ulong)(b >> shift) & (width == 32 ? 0xFFFF_FFFFUL : ulong.MaxValue);
            var nan = width == 32
                ? float.IsNaN(BitConverter.UInt32BitsToSingle((uint)x)) && float.IsNaN(BitConverter.UInt32BitsToSingle((uint)y))
                : double.IsNaN(BitConverter.UInt64BitsToDouble(x)) && double.IsNaN(BitConverter.UInt64BitsToDouble(y));
            if (x != y && !nan)
            {
                return false;
            }
        }
        return true;
    }

    public static Outcome Compare(byte[] wasm, TimeSpan callLimit) =>
        new(Run(wasm, InterpreterEngine.Default, callLimit), Run(wasm, CompilerEngine.Default, callLimit));

    /// <summary>
    /// The interpreter against <paramref name="compile"/>'s code for the same module (e.g. code compiled
    /// ahead of time into a NativeAOT executable: tools/native-diff).
    /// </summary>
    public static Outcome Compare(byte[] wasm, TimeSpan callLimit, string name, Func<ValidatedModule, CompiledModule> compile) =>
        new(Run(wasm, "interpreter", InterpreterEngine.Default.Compile, callLimit), Run(wasm, name, compile, callLimit));

    /// <summary>Instantiates <paramref name="wasm"/> on <paramref name="engine"/> and calls every export; each call is interrupted after <paramref name="callLimit"/>.</summary>
    public static Transcript Run(byte[] wasm, IEngine engine, TimeSpan callLimit) => Run(wasm, engine.Name, engine.Compile, callLimit);

    /// <summary>
    /// Instantiates <paramref name="wasm"/> compiled by <paramref name="compile"/> and calls every export;
    /// each call is interrupted after <paramref name="callLimit"/>.
    /// </summary>
    public static Transcript Run(byte[] wasm, string engine, Func<ValidatedModule, CompiledModule> compile, TimeSpan callLimit)
    {
        var lines = new List<string>();
        var store = new Store(new RuntimeOptions { MaxCallDepth = 10_000 });
        var timedOut = false;
        ValidatedModule validated;
        try
        {
            validated = ModuleLoader.Load(wasm);
        }
        catch (WasmException e)
        {
            lines.Add($"load: {e.GetType().Name}: {e.Message}");
            return new Transcript(engine, lines, false);
        }
        var module = validated.Module;
        var linker = new Linker();
        foreach (var import in module.Imports)
        {
            if (import.Kind != ExternalKind.Function)
            {
                lines.Add($"unsupported import {import.ModuleName}.{import.Name} ({import.Kind})");
                return new Transcript(engine, lines, false);
            }
            var type = module.Types[import.TypeIndex];
            var name = $"{import.ModuleName}.{import.Name}";
            linker.Define(import.ModuleName, import.Name, new HostFunction(type, (WasmValue[] args) =>
            {
                lines.Add($"  {name}({string.Join(", ", args.Select(Format))})");
                return [.. type.Results.Select(WasmValue.Default)];
            }, name));
        }
        Instance instance;
        try
        {
            instance = linker.Instantiate(store, compile(validated));
        }
        catch (Exception e) when (e is WasmException)
        {
            lines.Add($"instantiate: {Describe(e)}");
            return new Transcript(engine, lines, false);
        }
        var context = ExecutionEnvironment.ForCurrentThread(store);
        var hangLimit = instance.GetFunction("hangLimitInitializer");
        foreach (var round in new[] { 0, 1 })
        {
            foreach (var (exportName, export) in instance.Exports.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                if (export is not FunctionInstance function || exportName == "hangLimitInitializer")
                {
                    continue;
                }
                var args = function.Type.Parameters.Select((t, i) => Argument(t, i, round)).ToArray();
                using var watchdog = new Timer(_ => context.RequestInterrupt(), null, callLimit, Timeout.InfiniteTimeSpan);
                try
                {
                    hangLimit?.Invoke(store);
                    var results = function.Invoke(store, args);
                    lines.Add($"{exportName}#{round} = {string.Join(", ", results.Select(Format))}");
                }
                catch (WasmTrap trap) when (trap.Kind == TrapKind.Interrupted)
                {
                    timedOut = true;
                    lines.Add($"{exportName}#{round}: interrupted");
                    watchdog.Change(Timeout.Infinite, Timeout.Infinite);
                    context.ClearInterrupt();
                    return new Transcript(engine, lines, timedOut);
                }
                catch (Exception e) when (e is WasmException)
                {
                    lines.Add($"{exportName}#{round}: {Describe(e)}");
                }
                watchdog.Change(Timeout.Infinite, Timeout.Infinite);
                // the memory after every call, so a difference is found where it was made
                lines.Add(MemoryLine(instance));
            }
        }
        foreach (var (name, export) in instance.Exports.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (export is GlobalInstance global)
            {
                lines.Add($"global {name} = {Format(global.GetValue())}");
            }
        }
        return new Transcript(engine, lines, timedOut);
    }

    [ThreadStatic]
    private static byte[]? t_memoryBuffer;

    private static string MemoryLine(Instance instance)
    {
        var text = new StringBuilder("  memory");
        foreach (var memory in instance.Memories)
        {
            var length = checked((int)memory.Length);
            if (t_memoryBuffer is null || t_memoryBuffer.Length < length)
            {
                t_memoryBuffer = new byte[length];
            }
            var bytes = t_memoryBuffer.AsSpan(0, length);
            memory.Read(0, bytes);
            text.Append($" {memory.Pages} pages, hash {Hash(bytes):X16}");
        }
        return text.ToString();
    }

    /// <summary>A fast 64-bit hash of the bytes (a multiply-rotate mix per word; length is a multiple of 8: whole pages).</summary>
    private static ulong Hash(ReadOnlySpan<byte> bytes)
    {
        var hash = 0x9E37_79B9_7F4A_7C15UL ^ (ulong)bytes.Length;
        foreach (var word in System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(bytes))
        {
            hash = System.Numerics.BitOperations.RotateLeft((hash ^ word) * 0xFF51_AFD7_ED55_8CCDUL, 29);
        }
        return hash;
    }

    private static string Describe(Exception e) => e switch
    {
        WasmTrap trap => $"trap {trap.Kind}",
        _ => $"{e.GetType().Name}: {e.Message}",
    };

    /// <summary>Round 0: zeros; round 1: a fixed pattern per parameter position.</summary>
    private static WasmValue Argument(ValueType type, int position, int round)
    {
        if (round == 0)
        {
            return WasmValue.Default(type);
        }
        var k = position + 1;
        return type switch
        {
            ValueType.I32 => WasmValue.I32(k * -0x61C8_8647),
            ValueType.I64 => WasmValue.I64(k * -0x61C8_8646_80B5_83EBL),
            ValueType.F32 => WasmValue.F32(k * -1.5f),
            ValueType.F64 => WasmValue.F64(k * 1e10 + 0.25),
            ValueType.V128 => WasmValue.V128(0x8000_0001_7FFF_FFFFUL * (ulong)k, 0x0102_0304_FFFE_FDFCUL),
            _ => WasmValue.Default(type),
        };
    }

    private static string Format(WasmValue value) => value.Type switch
    {
        ValueType.I32 => $"i32:{(uint)value.Bits:X}",
        ValueType.I64 => $"i64:{value.Bits:X}",
        ValueType.F32 => $"f32:{(uint)value.Bits:X}",
        ValueType.F64 => $"f64:{value.Bits:X}",
        ValueType.V128 => $"v128:{value.High:X16}{value.Bits:X16}",
        _ => value.Reference is null ? $"{value.Type.Name()}:null" : $"{value.Type.Name()}:{DescribeReference(value.Reference)}",
    };

    private static string DescribeReference(object reference) => reference is FunctionInstance f ? $"func {f.DisplayName}" : reference.GetType().Name;
}
