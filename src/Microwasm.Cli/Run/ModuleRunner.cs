using System.Diagnostics;
using System.Text;
using Microwasm.Binary;
using Microwasm.Model;
using Microwasm.Runtime;
using Microwasm.Validation;
using Microwasm.Wasi;

namespace Microwasm.Cli.Run;

/// <summary>
/// One <c>microwasm run</c>: load, link against WASI and the builtin libc, instantiate, pick the
/// entry point as iwasm does, call it, and turn the outcome into an exit status.
/// </summary>
/// <remarks>
/// Exit status: the guest's own (<c>exit</c>/<c>proc_exit</c>, <c>main</c>'s return value; 0 when
/// <c>_start</c> or a <c>--function</c> returns); 1 after a trap (<c>Exception: MESSAGE</c> and the
/// wasm stack on standard error) or when the module cannot be read, decoded, validated or linked
/// (one line <c>error: ...</c>); <see cref="TimeoutExitCode"/> when <c>--timeout</c> stopped it.
/// </remarks>
internal sealed class ModuleRunner
{
    /// <summary>The status of a guest stopped by <c>--timeout</c>: GNU timeout's, so scripts can tell it from a trap.</summary>
    public const int TimeoutExitCode = 124;

    private const string MainName = "main";

    // clang names main(int, char**) so when the program also has a main(void) candidate
    private const string MainArgcArgvName = "__main_argc_argv";

    private readonly RunOptions _options;
    private readonly RunConsole _console;
    private readonly Func<ModuleRunner, CompiledModule?> _load;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private Store? _store;

    // The run's --timeout deadline, from instantiation to the entry point's return (null in the REPL).
    private Watchdog? _deadline;

    /// <summary>A run of the module in the file <see cref="RunOptions.File"/> names (<c>microwasm run</c>).</summary>
    public ModuleRunner(RunOptions options, RunConsole console)
        : this(options, console, static runner => runner.Load())
    {
    }

    /// <summary>
    /// A run of the module <paramref name="module"/> makes (a program of <c>microwasm compile --native</c>,
    /// which carries its module and code); a <see cref="WasmException"/> from it is reported as a module
    /// that cannot be loaded. Nothing of the file-reading path is reachable from here, so a NativeAOT
    /// program made this way has neither the text format's parser nor the engines' choice in it.
    /// </summary>
    public ModuleRunner(RunOptions options, RunConsole console, Func<CompiledModule> module)
        : this(options, console, runner => runner.Load(module))
    {
    }

    private ModuleRunner(RunOptions options, RunConsole console, Func<ModuleRunner, CompiledModule?> load)
    {
        _options = options;
        _console = console;
        _load = load;
    }

    /// <summary>Runs the module; returns the exit status.</summary>
    public int Run()
    {
        if (CreateWasiConfiguration() is not { } wasi)
        {
            return 1;
        }
        if (_load(this) is not { } compiled)
        {
            return 1;
        }

        _store = new Store(_options.CreateRuntimeOptions());
        // the guest runs on this thread: its interrupt (--timeout) also ends a wait on stuck output
        _console.Guest = ExecutionEnvironment.ForCurrentThread(_store);
        var linker = new Linker();
        HostImports imports;
        try
        {
            imports = HostImports.Define(linker, compiled.Module, wasi, _console);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return Fail(ex.Message);
        }
        using (imports)
        {
            Verbose($"imports: {DescribeImports(compiled.Module)}");
            var status = Guard(() => Execute(linker, compiled, imports));
            if (compiled is Microwasm.Compiler.TieredModule tiered)
            {
                Verbose($"tier-up: {tiered.Promotions} functions promoted, {tiered.OsrRuns} calls continued from a loop in compiled code"
                    + (tiered.CompileError is { } error ? $", compiling failed: {error.Message}" : ""));
            }
            return status;
        }
    }

    /// <summary>
    /// Instantiates and calls the entry point; traps and exits are turned into statuses by
    /// <see cref="Guard"/>. One <c>--timeout</c> deadline covers all of it: instantiation runs the
    /// module's start function, and <c>_initialize</c> and the entry point follow.
    /// </summary>
    private int Execute(Linker linker, CompiledModule compiled, HostImports imports)
    {
        using var deadline = Watchdog.Start(ExecutionEnvironment.ForCurrentThread(_store!), _options.TimeoutMilliseconds);
        _deadline = deadline;
        try
        {
            return ExecuteUnderDeadline(linker, compiled, imports);
        }
        finally
        {
            _deadline = null;
        }
    }

    private int ExecuteUnderDeadline(Linker linker, CompiledModule compiled, HostImports imports)
    {
        Instance instance;
        try
        {
            instance = linker.Instantiate(_store!, compiled, _options.ModuleName ?? Path.GetFileNameWithoutExtension(_options.File));
        }
        catch (WasmLinkException ex)
        {
            return Fail($"{_options.File}: {ex.Message}{LinkHint(ex)}");
        }
        var entry = ChooseEntry(instance);
        if (instance.Heap is not null)
        {
            Verbose($"app heap: 0x{instance.Heap.Offset:x}, {instance.Heap.Size} bytes (after the side module's data)");
        }
        else if (imports.UsesBuiltinLibc || entry is { Kind: EntryKind.Main, Function.Type.Parameters.Length: 2 })
        {
            try
            {
                var heap = AppHeap.Attach(instance, _options.HeapSize);
                Verbose(heap is null ? "app heap: none" : $"app heap: 0x{heap.Offset:x}, {heap.Size} bytes");
            }
            catch (WasmLinkException ex)
            {
                return Fail($"{_options.File}: {ex.Message}");
            }
        }
        Verbose($"instantiated {At()}");

        // A WASI reactor (and WAMR for any module) runs _initialize before anything else is called.
        if (instance.GetFunction("_initialize") is { Type: { Parameters.Length: 0, Results.Length: 0 } } initialize)
        {
            Verbose("calling _initialize");
            Call(initialize, []);
        }

        if (_options.Repl)
        {
            // an interactive session: each call the user makes gets the whole time again
            _deadline!.Dispose();
            _deadline = null;
            return new Repl(instance, _console, Call).Run();
        }
        switch (entry)
        {
            case null:
                return Fail(_options.Function is { } name
                    ? $"{_options.File} exports no function {WasmName.Quote(name)}"
                    : $"{_options.File} exports neither _start nor main; name the function to call with -f NAME");
            case { Kind: EntryKind.Function }:
                return CallFunction(entry.Value.Function);
            case { Kind: EntryKind.Start }:
                Verbose("calling _start");
                Call(entry.Value.Function, []);
                return 0;
            default:
                return CallMain(instance, entry.Value.Function);
        }
    }

    private int CallFunction(FunctionInstance function)
    {
        WasmValue[] arguments;
        try
        {
            arguments = WasmValueText.ParseArguments(function.Type, _options.Arguments);
        }
        catch (FormatException ex)
        {
            return Fail($"{_options.Function}: {ex.Message}");
        }
        Verbose($"calling {_options.Function} {function.Type}");
        foreach (var result in Call(function, arguments))
        {
            _console.Out.WriteLine(WasmValueText.FormatResult(result));
        }
        return 0;
    }

    /// <summary>
    /// Calls <c>main</c> as WAMR's <c>wasm_application_execute_main</c> does for a module without
    /// WASI: argv[0] is the module path, and the strings followed by the pointer array are placed in
    /// one block of the app heap.
    /// </summary>
    private int CallMain(Instance instance, FunctionInstance main)
    {
        var type = main.Type;
        WasmValue[] arguments = [];
        if (type.Parameters.Length == 2)
        {
            if (PlaceArgv(instance) is not { } argv)
            {
                return Fail($"{_options.File}: no room for main's argv in the app heap (--heap-size {_options.HeapSize})");
            }
            arguments = [WasmValue.I32(argv.Argc), WasmValue.I32((int)argv.Address)];
        }
        Verbose($"calling main {type}");
        var results = Call(main, arguments);
        return results.Length == 1 ? results[0].AsI32() : 0;
    }

    private (int Argc, uint Address)? PlaceArgv(Instance instance)
    {
        if (instance.Heap is not { } heap)
        {
            return null;
        }
        var strings = new List<byte[]>(_options.Arguments.Count + 1) { Encoding.UTF8.GetBytes(_options.File + "\0") };
        strings.AddRange(_options.Arguments.Select(a => Encoding.UTF8.GetBytes(a + "\0")));
        var stringBytes = (strings.Sum(s => (long)s.Length) + 3) & ~3L;
        // WAMR's block holds argc pointers; one more keeps argv[argc] NULL, as C promises main.
        var total = stringBytes + 4L * (strings.Count + 1);
        if (total > uint.MaxValue || heap.Malloc((uint)total) is not (> 0 and var block))
        {
            return null;
        }
        var memory = heap.Memory;
        var at = block;
        var pointers = new byte[4 * (strings.Count + 1)];
        for (var i = 0; i < strings.Count; i++)
        {
            memory.Write(at, strings[i]);
            BitConverter.TryWriteBytes(pointers.AsSpan(4 * i), at);
            at += (uint)strings[i].Length;
        }
        memory.Write(block + (ulong)stringBytes, pointers);
        return (strings.Count, block + (uint)stringBytes);
    }

    /// <summary>One top-level call under the run's deadline, or in the REPL under a <c>--timeout</c> of its own.</summary>
    private WasmValue[] Call(FunctionInstance function, WasmValue[] arguments)
    {
        if (_deadline is not null)
        {
            return function.Invoke(_store!, arguments);
        }
        using var watchdog = Watchdog.Start(ExecutionEnvironment.ForCurrentThread(_store!), _options.TimeoutMilliseconds);
        return function.Invoke(_store!, arguments);
    }

    /// <summary>Runs <paramref name="body"/>, turning the guest's exit, a trap or an interrupt into the exit status.</summary>
    private int Guard(Func<int> body)
    {
        try
        {
            var status = body();
            Verbose($"exit status {status} {At()}");
            return status;
        }
        catch (WasmExitException exit)
        {
            Verbose($"exit({exit.ExitCode}) {At()}");
            return exit.ExitCode;
        }
        catch (WasmTrap trap) when (trap.Kind == TrapKind.Interrupted)
        {
            _console.Err.WriteLine($"Exception: timed out after {_options.TimeoutMilliseconds} ms (--timeout)");
            WriteStack(trap);
            return TimeoutExitCode;
        }
        catch (WasmTrap trap)
        {
            _console.Err.WriteLine($"Exception: {trap.Message}");
            WriteStack(trap);
            return 1;
        }
        catch (NotSupportedException ex)
        {
            // an operation this build cannot do (added for compile --native's first, reflection-based
            // entry, gone since the thunks are saved with the code): one error line, not a .NET trace
            return Fail(ex.Message);
        }
    }

    private void WriteStack(WasmTrap trap) => WriteStack(_console.Err, trap);

    /// <summary>The trap's wasm stack, innermost first; a deep recursion shows its two ends.</summary>
    internal static void WriteStack(TextWriter error, WasmTrap trap)
    {
        const int Shown = 20;
        var stack = trap.WasmStack;
        for (var i = 0; i < stack.Count; i++)
        {
            if (i == Shown && stack.Count > 2 * Shown)
            {
                error.WriteLine($"    ... {stack.Count - 2 * Shown} more frames");
                i = stack.Count - Shown;
            }
            error.WriteLine($"    at {stack[i]}");
        }
    }

    private enum EntryKind
    {
        Function,
        Start,
        Main,
    }

    /// <summary>iwasm's order: the function named by <c>-f</c>, else the WASI command's <c>_start</c>, else <c>main</c>.</summary>
    private (EntryKind Kind, FunctionInstance Function)? ChooseEntry(Instance instance)
    {
        if (_options.Function is { } name)
        {
            return instance.GetFunction(name) is { } f ? (EntryKind.Function, f) : null;
        }
        if (instance.GetFunction("_start") is { Type: { Parameters.Length: 0, Results.Length: 0 } } start)
        {
            return (EntryKind.Start, start);
        }
        foreach (var candidate in (ReadOnlySpan<string>)[MainName, MainArgcArgvName])
        {
            if (instance.GetFunction(candidate) is { } main && IsMainType(main.Type))
            {
                return (EntryKind.Main, main);
            }
        }
        return null;
    }

    private static bool IsMainType(FuncType type) =>
        type.Parameters is [] or [ValueType.I32, ValueType.I32] && type.Results is [] or [ValueType.I32];

    /// <summary>The module <paramref name="module"/> makes; null after reporting why it could not.</summary>
    private CompiledModule? Load(Func<CompiledModule> module)
    {
        try
        {
            var compiled = module();
            Verbose($"loaded the module and its code compiled ahead of time {At()}");
            return compiled;
        }
        catch (WasmException ex)
        {
            Fail($"{_options.File}: {ex.Message}");
            return null;
        }
    }

    /// <summary>Reads, decodes, validates and compiles the module; null after reporting why it could not.</summary>
    private CompiledModule? Load()
    {
        var file = _options.File;
        byte[] bytes;
        try
        {
            bytes = Commands.ModuleFiles.Read(file);
        }
        catch (Exception ex) when (ex is WasmDecodeException or Microwasm.Text.WatParseException)
        {
            Fail($"{file}: {ex.Message}");
            return null;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            Fail($"cannot read {file}: no such file");
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Fail($"cannot read {file}: {ex.Message}");
            return null;
        }
        Verbose($"read {file} ({bytes.Length} bytes) {At()}");
        if (file.EndsWith(Microwasm.Compiler.PrecompiledModule.Extension, StringComparison.OrdinalIgnoreCase))
        {
            // compiled ahead of time: code as trusted as a DLL, taken as such by its name only
            try
            {
                var precompiled = Microwasm.Compiler.PrecompiledModule.Load(bytes);
                Verbose(precompiled is Microwasm.Compiler.CompiledWasmModule
                    ? $"loaded the code compiled ahead of time {At()} (--engine does not apply)"
                    : $"this {Engines.BuildKind} build loads no code: the module in the file runs on the {precompiled.Engine.Name} engine ({At()})");
                return precompiled;
            }
            catch (Exception ex) when (ex is WasmException)
            {
                Fail($"{file}: {ex.Message}");
                return null;
            }
        }
        try
        {
            var validated = ModuleLoader.Load(bytes);
            Verbose($"decoded and validated {At()}");
            var compiled = Engines.Create(_options.Engine).Compile(validated);
            Verbose($"compiled for the {compiled.Engine.Name} engine {At()}");
            return compiled;
        }
        catch (Exception ex) when (ex is WasmDecodeException or WasmValidationException or WasmUnsupportedFeatureException or NotSupportedException)
        {
            Fail($"{file}: {ex.Message}");
            return null;
        }
    }

    /// <summary>The guest's view for WASI: argv[0] is the module path, as iwasm passes it.</summary>
    private WasiConfiguration? CreateWasiConfiguration()
    {
        var configuration = new WasiConfiguration();
        configuration.Arguments.Add(_options.File);
        configuration.Arguments.AddRange(_options.Arguments);
        try
        {
            foreach (var variable in _options.Environment)
            {
                var equals = variable.IndexOf('=');
                if (equals <= 0)
                {
                    return FailNull($"--env expects NAME=VALUE, got '{variable}'");
                }
                configuration.WithEnvironment(variable[..equals], variable[(equals + 1)..]);
            }
            foreach (var directory in _options.Directories)
            {
                configuration.WithDirectory(directory);
            }
            foreach (var mapping in _options.MappedDirectories)
            {
                var preopen = WasiConfiguration.ParseMapDirectory(mapping);
                configuration.WithMappedDirectory(preopen.GuestPath, preopen.HostPath);
            }
        }
        catch (ArgumentException ex)
        {
            return FailNull(ex.Message);
        }
        foreach (var preopen in configuration.PreopenedDirectories)
        {
            if (!Directory.Exists(preopen.HostPath))
            {
                return FailNull($"cannot pre-open '{preopen.HostPath}': no such directory");
            }
        }
        return configuration;
    }

    private static string DescribeImports(Module module)
    {
        if (module.Imports.Length == 0)
        {
            return "none";
        }
        return string.Join(", ", module.Imports.GroupBy(i => i.ModuleName).Select(g => $"{WasmName.Escape(g.Key)} ({g.Count()})"));
    }

    private static string LinkHint(WasmLinkException ex) =>
        ex.Message.StartsWith("unknown import", StringComparison.Ordinal)
            ? " (microwasm run provides wasi_snapshot_preview1, wasi_unstable and the builtin libc as env)"
            : "";

    private int Fail(string message)
    {
        _console.Err.WriteLine($"error: {message}");
        return 1;
    }

    private WasiConfiguration? FailNull(string message)
    {
        Fail(message);
        return null;
    }

    private void Verbose(string message)
    {
        if (_options.Verbose)
        {
            _console.Err.WriteLine($"[microwasm] {message}");
        }
    }

    /// <summary>
    /// "at N ms" for the -v lines: since the run started, and since the process started with the JIT's
    /// work so far (methods and time, all threads), which is what start-up costs are made of.
    /// </summary>
    private string At()
    {
        if (!_options.Verbose)
        {
            return "";
        }
        var sinceProcessStart = (long)(DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds;
        return $"at {_clock.ElapsedMilliseconds} ms (process {sinceProcessStart} ms; JIT {System.Runtime.JitInfo.GetCompiledMethodCount()} methods, "
            + $"{System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds:0} ms)";
    }
}
