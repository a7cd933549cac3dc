using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using System.Security.Cryptography;
using System.Text;
using Microwasm.Interpreter;
using Microwasm.Runtime;

namespace Microwasm.Compiler;

/// <summary>
/// Modules compiled ahead of time: a <c>.mwasm</c> file holds the compiler's code for a module as a
/// .NET assembly (made with <see cref="PersistedAssemblyBuilder"/>), the module itself, its SHA-256
/// and the build of Microwasm that compiled it. Loading one skips the translation to CIL.
/// </summary>
/// <remarks>
/// <para>
/// <b>Trust.</b> A .mwasm file is code, not a sandboxed module: loading it runs the .NET code in it
/// with the rights of the process, as loading a DLL does. Load only files you would load as a DLL
/// (ones you compiled, or got from whom you trust with your process). The checks on loading (signature,
/// hash, runtime build) catch damaged, stale and foreign files, not malicious ones. Nothing loads a
/// .mwasm file unless asked to by name: the usual loading APIs (<c>WasmRuntime.Load</c>,
/// <see cref="ModuleLoader"/>) take WebAssembly only.
/// </para>
/// <para>
/// <b>Format</b> (little-endian): the signature <c>00 6D 77 61 73 6D 0D 0A</c> ("\0mwasm\r\n"),
/// the format version (u32, 1), the runtime build (u16 length, UTF-8), the module's SHA-256 (32
/// bytes), the module (u32 length, bytes), the assembly (u32 length, bytes).
/// </para>
/// </remarks>
public static class PrecompiledModule
{
    /// <summary>The extension of compiled files.</summary>
    public const string Extension = ".mwasm";

    /// <summary>The module id in the names of precompiled methods (ids of modules compiled at run time start at 1).</summary>
    internal const int ModuleId = 0;

    private const uint FormatVersion = 1;

    private static ReadOnlySpan<byte> Signature => [0x00, 0x6D, 0x77, 0x61, 0x73, 0x6D, 0x0D, 0x0A];

    // Assemblies loaded from .mwasm files in this process, by name (an assembly name can be loaded
    // once per load context): the same file loaded twice shares its code.
    private static readonly ConcurrentDictionary<string, Assembly> s_loaded = new();

    /// <summary>
    /// The build of Microwasm this is: a .mwasm file runs only on the build that compiled it, as its
    /// code uses the runtime's internals (the build's module version id changes with every build).
    /// </summary>
    public static string RuntimeBuild { get; } =
        $"Microwasm {typeof(PrecompiledModule).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?"} "
        + $"build {BuildId()} on .NET {Environment.Version}";

    private static string BuildId()
    {
        try
        {
            return typeof(PrecompiledModule).Module.ModuleVersionId.ToString("N");
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException)
        {
            return "unknown";
        }
    }

    /// <summary>True if <paramref name="bytes"/> start with the signature of a .mwasm file.</summary>
    public static bool HasSignature(ReadOnlySpan<byte> bytes) => bytes.StartsWith(Signature);

    /// <summary>Decodes, validates and compiles the module in <paramref name="wasm"/>; returns the .mwasm file's bytes.</summary>
    /// <exception cref="Binary.WasmDecodeException">The bytes are malformed.</exception>
    /// <exception cref="Validation.WasmValidationException">The module is invalid.</exception>
    /// <exception cref="PlatformNotSupportedException">The runtime cannot generate code (NativeAOT).</exception>
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Checked: RuntimeFeature.IsDynamicCodeSupported.")]
    public static byte[] Compile(ReadOnlyMemory<byte> wasm)
    {
        if (!RuntimeFeature.IsDynamicCodeSupported)
        {
            throw new PlatformNotSupportedException("compiling ahead of time needs run-time code generation, which this build (NativeAOT) lacks: use the JIT build of microwasm");
        }
        var (hash, code) = CompileCode(wasm);
        var output = new MemoryStream();
        var writer = new BinaryWriter(output);
        writer.Write(Signature);
        writer.Write(FormatVersion);
        var build = Encoding.UTF8.GetBytes(RuntimeBuild);
        writer.Write((ushort)build.Length);
        writer.Write(build);
        writer.Write(hash);
        writer.Write(wasm.Length);
        writer.Write(wasm.Span);
        writer.Write((int)code.Length);
        writer.Write(code.GetBuffer(), 0, (int)code.Length);
        writer.Flush();
        return output.ToArray();
    }

    /// <summary>
    /// Decodes, validates and compiles <paramref name="wasm"/> into the assembly a .mwasm file carries,
    /// for <c>microwasm compile --native</c>, which compiles it with the runtime through NativeAOT (see
    /// <see cref="LoadCompiledAssembly"/>). The assembly is named <c>mwasm_</c> and the module's SHA-256 in hex.
    /// </summary>
    /// <exception cref="PlatformNotSupportedException">The runtime cannot generate code (NativeAOT).</exception>
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Checked: RuntimeFeature.IsDynamicCodeSupported.")]
    internal static (string Name, byte[] Code) CompileAssembly(ReadOnlyMemory<byte> wasm)
    {
        if (!RuntimeFeature.IsDynamicCodeSupported)
        {
            throw new PlatformNotSupportedException("compiling ahead of time needs run-time code generation, which this build (NativeAOT) lacks: use the JIT build of microwasm");
        }
        var (hash, code) = CompileCode(wasm);
        return (AssemblyName(hash), code.ToArray());
    }

    [RequiresDynamicCode("Emits the module's code.")]
    private static (byte[] Hash, MemoryStream Code) CompileCode(ReadOnlyMemory<byte> wasm)
    {
        var validated = ModuleLoader.Load(wasm);
        var hash = SHA256.HashData(wasm.Span);
        var assembly = new PersistedAssemblyBuilder(new AssemblyName(AssemblyName(hash)), typeof(object).Assembly);
        var type = ModuleCompiler.DefineModuleType(assembly);
        var count = validated.Functions.Length;
        var methods = new MethodInfo?[count];
        ModuleCompiler.EmitAll(validated, ModuleId, type, methods, new Type?[count], new string?[count]);
        ModuleCompiler.EmitEntryTable(validated, type, methods);
        type.CreateType();
        var code = new MemoryStream();
        assembly.Save(code);
        return (hash, code);
    }

    /// <summary>The parts of a .mwasm file, checked for damage but not yet for the runtime build.</summary>
    private readonly record struct Parts(string Build, byte[] Hash, ReadOnlyMemory<byte> Wasm, ReadOnlyMemory<byte> Code);

    /// <summary>
    /// Loads a .mwasm file made by <see cref="Compile"/>, refusing a file that is not one, is
    /// damaged, or was made by another build of Microwasm. Where the runtime cannot load code
    /// (NativeAOT) the module in the file runs on the interpreter instead.
    /// Read the trust model in this class's remarks: the file's code runs unchecked.
    /// </summary>
    /// <param name="file">The file's bytes (kept: the module refers to them).</param>
    /// <exception cref="PrecompiledFileException">The file is refused; the message says why.</exception>
    public static CompiledModule Load(ReadOnlyMemory<byte> file) => Load(Parse(file));

    /// <summary>
    /// Loads a .mwasm file as <see cref="Load(ReadOnlyMemory{byte})"/> does, refusing it as stale
    /// unless it was compiled from <paramref name="expectedWasm"/> (its SHA-256 is in the file).
    /// </summary>
    /// <param name="file">The file's bytes (kept: the module refers to them).</param>
    /// <param name="expectedWasm">The module the file must have been compiled from.</param>
    /// <exception cref="PrecompiledFileException">The file is refused; the message says why.</exception>
    public static CompiledModule Load(ReadOnlyMemory<byte> file, ReadOnlyMemory<byte> expectedWasm)
    {
        var parts = Parse(file);
        if (!SHA256.HashData(expectedWasm.Span).AsSpan().SequenceEqual(parts.Hash))
        {
            throw new PrecompiledFileException("stale: it was compiled from another version of the module; compile it again");
        }
        return Load(parts);
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The loaded assembly refers to this one and the BCL only, which a JIT build has in full.")]
    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = "The type is from the loaded assembly, whose members are all kept.")]
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "The type is from the loaded assembly, whose members are all kept.")]
    private static CompiledModule Load(Parts parts)
    {
        var validated = ModuleLoader.Load(parts.Wasm);
        if (!RuntimeFeature.IsDynamicCodeSupported)
        {
            // NativeAOT loads no code: the module the file carries runs on the interpreter
            return InterpreterEngine.Default.Compile(validated);
        }
        if (parts.Build != RuntimeBuild)
        {
            throw new PrecompiledFileException($"compiled by another build of Microwasm ({parts.Build}; this is {RuntimeBuild}): compile it again with this one");
        }
        var name = AssemblyName(parts.Hash);
        Assembly assembly;
        try
        {
            assembly = s_loaded.GetOrAdd(name, (_, code) =>
            {
                var context = AssemblyLoadContext.GetLoadContext(typeof(PrecompiledModule).Assembly) ?? AssemblyLoadContext.Default;
                return context.LoadFromStream(new MemoryStream(code.ToArray()));
            }, parts.Code);
        }
        catch (BadImageFormatException e)
        {
            throw new PrecompiledFileException($"its compiled code is not a valid assembly ({e.Message})", e);
        }
        if (assembly.GetName().Name != name || assembly.GetType(ModuleCompiler.ModuleTypeName) is not { } type)
        {
            throw new PrecompiledFileException("its compiled code is not the module's");
        }
        return new CompiledWasmModule(CompilerEngine.Default, validated, type);
    }

    /// <summary>
    /// A module whose compiled code is an assembly already in the process: the one
    /// <see cref="CompileAssembly"/> made, compiled into a NativeAOT executable with the runtime by
    /// <c>microwasm compile --native</c>, where no assembly can be loaded from bytes. The assembly must
    /// be the one this very build made from <paramref name="wasm"/>; the two were put into one
    /// executable by one compile, so only their shape is checked (a <c>mwasm_</c> assembly whose entry
    /// table has a thunk or a gap for each of the module's functions): the module's SHA-256, which the
    /// assembly's name holds, is not computed again, as that would load OpenSSL at every start (about
    /// 2 ms of a 7 ms start). The build is not checked either (the executable was linked with the
    /// runtime that emitted it).
    /// </summary>
    /// <exception cref="PrecompiledFileException">The assembly is not the module's compiled code.</exception>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The native program roots the whole assembly (TrimmerRootAssembly).")]
    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = "The native program roots the whole assembly (TrimmerRootAssembly).")]
    internal static CompiledModule LoadCompiledAssembly(ReadOnlyMemory<byte> wasm, Assembly assembly)
    {
        var validated = ModuleLoader.Load(wasm);
        if (assembly.GetName().Name is not { Length: 6 + 64 } name || !name.StartsWith("mwasm_", StringComparison.Ordinal)
            || assembly.GetType(ModuleCompiler.ModuleTypeName) is not { } type)
        {
            throw new PrecompiledFileException("the assembly is not the module's compiled code");
        }
        return new CompiledWasmModule(CompilerEngine.Default, validated, type);
    }

    /// <summary>Reads a .mwasm file from <paramref name="path"/> and loads it (see <see cref="Load(ReadOnlyMemory{byte})"/>).</summary>
    public static CompiledModule LoadFile(string path) => Load(File.ReadAllBytes(path));

    /// <summary>
    /// What a .mwasm file says about itself, read without loading its code (for <c>microwasm inspect</c>):
    /// the build that compiled it, the module's SHA-256, the module, and the size of the code.
    /// </summary>
    /// <exception cref="PrecompiledFileException">Not a .mwasm file, or a damaged one.</exception>
    internal static (string Build, string Sha256, ReadOnlyMemory<byte> Wasm, int CodeBytes) Describe(ReadOnlyMemory<byte> file)
    {
        var parts = Parse(file);
        return (parts.Build, Convert.ToHexStringLower(parts.Hash), parts.Wasm, parts.Code.Length);
    }

    private static string AssemblyName(byte[] hash) => $"mwasm_{Convert.ToHexStringLower(hash)}";

    private static Parts Parse(ReadOnlyMemory<byte> file)
    {
        var bytes = file.Span;
        if (!HasSignature(bytes))
        {
            throw new PrecompiledFileException("not a .mwasm file (no \\0mwasm signature): compile a module with `microwasm compile`");
        }
        var at = Signature.Length;
        var version = ReadUInt32(file, ref at);
        if (version != FormatVersion)
        {
            throw new PrecompiledFileException($"a .mwasm file of format {version}, which this build does not read (it reads {FormatVersion}): compile it again");
        }
        var build = Encoding.UTF8.GetString(Take(file, ref at, ReadUInt16(file, ref at)).Span);
        var hash = Take(file, ref at, 32).ToArray();
        var wasm = Take(file, ref at, ReadUInt32(file, ref at));
        var code = Take(file, ref at, ReadUInt32(file, ref at));
        if (at != file.Length)
        {
            throw new PrecompiledFileException($"{file.Length - at} bytes after the end of a .mwasm file");
        }
        if (!SHA256.HashData(wasm.Span).AsSpan().SequenceEqual(hash))
        {
            throw new PrecompiledFileException("the module in it does not match its SHA-256: the file is damaged or was altered");
        }
        return new Parts(build, hash, wasm, code);
    }

    private static uint ReadUInt32(ReadOnlyMemory<byte> file, ref int at) => BinaryPrimitives.ReadUInt32LittleEndian(Take(file, ref at, 4).Span);

    private static ushort ReadUInt16(ReadOnlyMemory<byte> file, ref int at) => BinaryPrimitives.ReadUInt16LittleEndian(Take(file, ref at, 2).Span);

    private static ReadOnlyMemory<byte> Take(ReadOnlyMemory<byte> file, ref int at, uint count)
    {
        if (count > (uint)(file.Length - at))
        {
            throw new PrecompiledFileException("truncated: the file ends inside a .mwasm part");
        }
        var part = file.Slice(at, (int)count);
        at += (int)count;
        return part;
    }
}

/// <summary>A .mwasm file was refused: not one, damaged, stale, or made by another build of Microwasm.</summary>
public sealed class PrecompiledFileException : WasmException
{
    /// <summary>Creates the exception.</summary>
    public PrecompiledFileException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
