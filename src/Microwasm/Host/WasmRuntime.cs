using Microwasm.Runtime;

namespace Microwasm.Host;

/// <summary>
/// The entry point for embedders: holds the engine and limits, and loads modules.
/// <code>
/// var runtime = new WasmRuntime();
/// var module = runtime.LoadFile("fib.wasm");          // decode, validate, compile: once
/// var instance = new WasmLinker().Instantiate(module); // as many times as wanted
/// var fib = instance.GetFunction&lt;int, int&gt;("fib");     // type checked once
/// Console.WriteLine(fib(30));                          // no allocation per call
/// </code>
/// </summary>
/// <remarks>A runtime and the modules it loads are immutable and thread-safe.</remarks>
public sealed class WasmRuntime
{
    /// <summary>Creates a runtime with <paramref name="options"/> (defaults when null).</summary>
    public WasmRuntime(RuntimeOptions? options = null)
    {
        Options = options ?? new RuntimeOptions();
        Engine = Options.Engine ?? DefaultEngine();
    }

    /// <summary>The engine, the app heap size and the limits every instance's store gets.</summary>
    public RuntimeOptions Options { get; }

    /// <summary>The engine modules are compiled by.</summary>
    public IEngine Engine { get; }

    /// <summary>Decodes, validates and compiles a module binary.</summary>
    /// <remarks>The module keeps slices of <paramref name="bytes"/>; do not change them afterwards.</remarks>
    /// <exception cref="Binary.WasmDecodeException">The bytes are malformed.</exception>
    /// <exception cref="Validation.WasmValidationException">The module is invalid.</exception>
    public WasmModule Load(ReadOnlyMemory<byte> bytes) => Compile(ModuleLoader.Load(bytes));

    /// <summary>Reads <paramref name="stream"/> to its end, then decodes, validates and compiles the module.</summary>
    public WasmModule Load(Stream stream) => Compile(ModuleLoader.Load(stream));

    /// <summary>Reads a <c>.wasm</c> file, then decodes, validates and compiles it.</summary>
    public WasmModule LoadFile(string path) => Compile(ModuleLoader.LoadFile(path));

    /// <summary>
    /// Loads a module compiled ahead of time (a <c>.mwasm</c> file made by <c>microwasm compile</c> or
    /// <see cref="Compiler.PrecompiledModule.Compile"/>) without translating it; this runtime's engine does not apply.
    /// The file's code runs as trusted as a DLL's: see <see cref="Compiler.PrecompiledModule"/>.
    /// </summary>
    /// <exception cref="Compiler.PrecompiledFileException">Not a .mwasm file, damaged, or made by another build of Microwasm.</exception>
    public WasmModule LoadPrecompiled(ReadOnlyMemory<byte> file) => new(this, Compiler.PrecompiledModule.Load(file));

    /// <summary>Reads a <c>.mwasm</c> file and loads it as <see cref="LoadPrecompiled"/> does.</summary>
    public WasmModule LoadPrecompiledFile(string path) => new(this, Compiler.PrecompiledModule.LoadFile(path));

    private WasmModule Compile(Validation.ValidatedModule validated) => new(this, Engine.Compile(validated));

    private static IEngine DefaultEngine() => new Interpreter.InterpreterEngine();
}
