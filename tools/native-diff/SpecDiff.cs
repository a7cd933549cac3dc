using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microwasm.Cli.Wast;
using Microwasm.Compiler;
using Microwasm.Interpreter;
using Microwasm.Runtime;
using Microwasm.Validation;

namespace Microwasm.NativeDiff;

/// <summary>
/// The spec suite (WebAssembly 2.0, the wast harness of <c>microwasm wast</c>) on precompiled code:
/// <c>prepare-spec</c> runs every script on the JIT with an engine that saves each instantiated
/// module's compiled assembly; the NativeAOT program runs the scripts again with an engine that takes
/// each module's code from the assembly compiled into it (<see cref="PrecompiledModule.LoadCompiledAssembly"/>).
/// </summary>
internal static class SpecDiff
{
    /// <summary>The scripts, one path a line (its presence makes the native program run this check).</summary>
    public const string Manifest = "spec.txt";

    /// <summary>
    /// The bytes <paramref name="module"/> was decoded from: the array its function bodies are slices of
    /// (the harness loads every module from a byte array; the engine interface passes the validated
    /// module only). Null for a module without functions, which has no compiled code.
    /// </summary>
    public static byte[]? BytesOf(ValidatedModule module)
    {
        if (module.Module.Codes is not [var body, ..])
        {
            return null;
        }
        if (!MemoryMarshal.TryGetArray(body.Code, out var segment) || segment.Array is not { } array || !array.AsSpan().StartsWith("\0asm"u8))
        {
            throw new InvalidOperationException("a function body is not a slice of the module's bytes");
        }
        return array;
    }

    /// <summary>On the JIT: compiles every module the harness instantiates into its assembly, and runs it on the interpreter.</summary>
    private sealed class RecordingEngine(string code, ISet<string> names) : IEngine
    {
        public string Name => "record";

        public int WithoutCode { get; private set; }

        [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "prepare-spec runs on the JIT only.")]
        public CompiledModule Compile(ValidatedModule module)
        {
            if (BytesOf(module) is not { } wasm)
            {
                WithoutCode++;
            }
            else
            {
                var (name, assembly) = PrecompiledModule.CompileAssembly(wasm);
                if (names.Add(name))
                {
                    File.WriteAllBytes(Path.Combine(code, name + ".dll"), assembly);
                }
            }
            return InterpreterEngine.Default.Compile(module);
        }
    }

    /// <summary>Each module's code from its assembly (compiled into the NativeAOT program, or loaded from a file on the JIT).</summary>
    private sealed class PrecompiledEngine(string dir, Func<string, string, Assembly?> find) : IEngine
    {
        public string Name => "precompiled";

        public int Loaded { get; private set; }

        public int WithoutCode { get; private set; }

        public CompiledModule Compile(ValidatedModule module)
        {
            if (BytesOf(module) is not { } wasm)
            {
                WithoutCode++;
                return InterpreterEngine.Default.Compile(module);
            }
            var name = $"mwasm_{Convert.ToHexStringLower(SHA256.HashData(wasm))}";
            var assembly = find(dir, name) ?? throw new InvalidOperationException($"{name} is not in this program");
            Loaded++;
            return PrecompiledModule.LoadCompiledAssembly(wasm, assembly);
        }
    }

    /// <summary>Runs the scripts of <paramref name="suite"/> on the interpreter, saving the compiled assembly of every module they instantiate.</summary>
    [RequiresDynamicCode("Compiles the modules.")]
    public static int Prepare(string dir, string suite, ISet<string> names)
    {
        var code = Directory.CreateDirectory(Path.Combine(dir, "code"));
        var scripts = Directory.GetFiles(suite, "*.wast").Order(StringComparer.Ordinal).ToArray();
        var before = names.Count;
        var engine = new RecordingEngine(code.FullName, names);
        var clock = Stopwatch.StartNew();
        int passed = 0, failed = 0, skipped = 0;
        foreach (var script in scripts)
        {
            var result = WastExecutionHandlers.CreateRunner(engine, wasm20: true).RunFile(script);
            passed += result.Passed;
            failed += result.Failed;
            skipped += result.Skipped;
        }
        File.WriteAllLines(Path.Combine(dir, Manifest), scripts.Select(Path.GetFullPath));
        Console.WriteLine($"native-diff scripts: {scripts.Length} in {suite} ({passed} passed, {failed} failed, {skipped} skipped on the interpreter), "
            + $"{names.Count - before} more assemblies, {engine.WithoutCode} instantiations of modules without functions, {clock.Elapsed.TotalSeconds:F1} s");
        return failed == 0 ? 0 : 1;
    }

    /// <summary>Runs every script on the precompiled code.</summary>
    public static int Check(string dir, Func<string, string, Assembly?> find)
    {
        var engine = new PrecompiledEngine(dir, find);
        var clock = Stopwatch.StartNew();
        int passed = 0, failed = 0, skipped = 0;
        foreach (var script in File.ReadAllLines(Path.Combine(dir, Manifest)))
        {
            var result = WastExecutionHandlers.CreateRunner(engine, wasm20: true).RunFile(script);
            passed += result.Passed;
            skipped += result.Skipped;
            foreach (var failure in result.Failures)
            {
                failed++;
                Console.WriteLine($"{Path.GetFileName(script)}: {failure}");
            }
        }
        Console.WriteLine($"native-diff scripts ({(System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported ? "precompiled-jit" : "native")}): "
            + $"{passed} passed, {failed} failed, {skipped} skipped; "
            + $"{engine.Loaded} instantiations of precompiled code, {engine.WithoutCode} of modules without functions, {clock.Elapsed.TotalSeconds:F1} s");
        return failed == 0 ? 0 : 1;
    }
}
