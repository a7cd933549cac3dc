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
        var wasm = File.ReadAllBytes(args[0]);
        var assembly = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name!.StartsWith("mwasm_", StringComparison.Ordinal))
            ?? Assembly.Load(ModuleAssembly.Name);
        GC.KeepAlive(ModuleAssembly.DelegateTypes);
        var compiled = PrecompiledModule.LoadCompiledAssembly(wasm, assembly);

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
