// bench/nativemod: runs one wasm module whose compiled code (the assembly `microwasm compile` put in
// its .mwasm file) is linked into this executable, the way `microwasm run FILE` runs a WASI command.
// Usage: NativeMod MODULE.wasm [ARGS...] (the .wasm must be the one the assembly was compiled from).
using System.Reflection;
using Microwasm.Compiler;
using Microwasm.Runtime;
using Microwasm.Wasi;

namespace NativeMod;

internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length < 1)
        {
            Console.Error.WriteLine("usage: NativeMod MODULE.wasm [ARGS...]");
            return 2;
        }
        var verbose = Environment.GetEnvironmentVariable("NATIVEMOD_VERBOSE") is not null;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var wasm = File.ReadAllBytes(args[0]);
        var assembly = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name!.StartsWith("mwasm_", StringComparison.Ordinal))
            ?? Assembly.Load(ModuleAssembly.Name);
        GC.KeepAlive(ModuleAssembly.DelegateTypes);
        if (verbose)
        {
            // measuring only: the same decoding and validation LoadCompiledAssembly does, timed alone
            var before = clock.Elapsed.TotalMilliseconds;
            ModuleLoader.Load(wasm);
            Console.Error.WriteLine($"nativemod: decoding and validating alone: {clock.Elapsed.TotalMilliseconds - before:F2} ms");
            clock.Restart();
        }
        var compiled = PrecompiledModule.LoadCompiledAssembly(wasm, assembly);

        if (verbose)
        {
            Console.Error.WriteLine($"nativemod: module decoded and validated, methods bound: {clock.Elapsed.TotalMilliseconds:F2} ms after Main");
        }
        var stdout = new BufferedStream(Console.OpenStandardOutput(), 1 << 16);
        var configuration = new WasiConfiguration
        {
            StandardInput = Console.OpenStandardInput(),
            StandardOutput = stdout,
            StandardError = Console.OpenStandardError(),
        };
        configuration.Arguments.Add(args[0]);
        configuration.Arguments.AddRange(args[1..]);
        var store = new Store(new RuntimeOptions());
        var linker = new Linker();
        using var wasi = new WasiPreview1(configuration);
        wasi.Define((m, n, f) => linker.Define(m, n, f));
        try
        {
            var instance = linker.Instantiate(store, compiled, Path.GetFileNameWithoutExtension(args[0]));
            if (verbose)
            {
                Console.Error.WriteLine($"nativemod: instantiated: {clock.Elapsed.TotalMilliseconds:F2} ms after Main");
            }
            var start = instance.GetFunction("_start") ?? throw new InvalidOperationException("no _start");
            start.Invoke(store);
            return 0;
        }
        catch (WasmExitException exit)
        {
            return exit.ExitCode;
        }
        catch (WasmTrap trap)
        {
            stdout.Flush();
            Console.Error.WriteLine($"Exception: {trap.Message}");
            foreach (var frame in trap.WasmStack)
            {
                Console.Error.WriteLine($"    at {frame}");
            }
            return 1;
        }
        finally
        {
            stdout.Flush();
        }
    }
}
