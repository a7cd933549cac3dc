using Microwasm.Host;
using Microwasm.Runtime;

namespace Microwasm.Samples.Embedding;

/// <summary>A C# host: loads a module, calls <c>fib</c>, passes a buffer to wasm and reads it back.</summary>
public static class EmbeddingSample
{
    public static void Main(string[] args) =>
        Run(args.Length > 0 ? args[0] : Path.Combine(AppContext.BaseDirectory, "guest.wasm"), Console.Out);

    public static void Run(string wasmPath, TextWriter output)
    {
        // Decode, validate and compile once; instantiate as often as needed.
        var runtime = new WasmRuntime();
        var module = runtime.LoadFile(wasmPath);
        var instance = new WasmLinker().Instantiate(module, userData: "sample");

        // The signature is checked here, once; each call allocates nothing.
        var fib = instance.GetFunction<int, int>("fib");
        output.WriteLine($"fib(25) = {fib(25)}");

        // A buffer both ways: allocate in the instance's app heap, let wasm change it, read it back.
        const string text = "hello from c#";
        var address = instance.AllocateString(text);
        var toUpper = instance.GetFunction<uint, int, int>("to_upper");
        var changed = toUpper(address, text.Length);
        output.WriteLine($"to_upper changed {changed} letters: {instance.ReadString(address)}");
        instance.Free(address);

        // Bytes from the host, without the heap: any range inside memory, checked.
        instance.Memory!.Write(address, "abc"u8);
        output.WriteLine($"to_upper changed {toUpper(address, 3)} letters: {instance.ReadString(address, 3)}");

        // A wasm trap is an exception; the host and the instance go on.
        try
        {
            toUpper(0xFFFF_FFF0, 100);
        }
        catch (WasmTrap trap)
        {
            output.WriteLine($"trap: {trap.Message}");
        }
        output.WriteLine($"fib(10) = {fib(10)}");
    }
}
