using System.Globalization;
using System.Text;
using Microwasm.Host;
using Microwasm.Runtime;

namespace Microwasm.Samples.NativeExport;

/// <summary>
/// The host exports C# functions to a wasm app WAMR's way (a name, a delegate, a signature string)
/// and calls the app's <c>customized()</c>, which calls them back.
/// </summary>
public static class NativeExportSample
{
    public static void Main(string[] args) =>
        Run(args.Length > 0 ? args[0] : Path.Combine(AppContext.BaseDirectory, "app.wasm"), Console.Out);

    public static void Run(string wasmPath, TextWriter output)
    {
        NativeSymbol[] natives =
        [
            // "*~": the buffer and its length arrive as one span, checked to lie inside memory
            NativeSymbol.Create("int_to_str", (int value, Span<byte> buffer, int numberBase) =>
            {
                var text = numberBase == 16 ? value.ToString("x", CultureInfo.InvariantCulture) : value.ToString(CultureInfo.InvariantCulture);
                if (text.Length + 1 > buffer.Length)
                {
                    return -1;
                }
                var length = Encoding.ASCII.GetBytes(text, buffer);
                buffer[length] = 0;
                return length;
            }, "(i*~i)i"),
            NativeSymbol.Create("get_pow", (int x, int y) => (int)Math.Pow(x, y), "(ii)i"),
            // a leading Caller reaches the calling instance: here, to call back into wasm
            NativeSymbol.Create("calculate_native", (Caller caller, int n) =>
                caller.Instance.GetFunction<int, int>("square")(n) + 1, "(i)i"),
            // "$": a NUL-terminated string, checked to end inside memory
            NativeSymbol.Create("host_log", (string message) => output.WriteLine($"wasm says: {message}"), "($)"),
        ];

        var runtime = new WasmRuntime();
        var module = runtime.LoadFile(wasmPath);
        var linker = new WasmLinker().RegisterNatives("env", natives);
        var instance = linker.Instantiate(module);

        var customized = instance.GetFunction<int>("customized");
        output.WriteLine($"customized() = {customized()}");

        try
        {
            instance.GetFunction<int>("overflow")();
        }
        catch (WasmTrap trap)
        {
            output.WriteLine($"overflow() trapped before the host ran: {trap.Message}");
        }
    }
}
