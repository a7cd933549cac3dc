// What a user of the three packages writes: a function call (Microwasm), a WASI command
// (Microwasm.Wasi) and an applet answering a request (Microwasm.AppFramework).
// Usage: PackageConsumer ADD.wasm WASI.wasm REQUEST_HANDLER.wasm (tools/pack.sh makes the first two
// from add.wat and wasi.wat with the packed tool; the third is samples/simple/request_handler.wasm).
using System.Text;
using Microwasm.AppFramework.Applets;
using Microwasm.AppFramework.AttrContainer;
using Microwasm.AppFramework.Messaging;
using Microwasm.Host;
using Microwasm.Runtime;
using Microwasm.Wasi;

if (args.Length != 3)
{
    Console.Error.WriteLine("usage: PackageConsumer ADD.wasm WASI.wasm REQUEST_HANDLER.wasm");
    return 2;
}

var runtime = new WasmRuntime();

// Microwasm: load, instantiate, call through a typed delegate
var calculator = new WasmLinker().Instantiate(runtime.LoadFile(args[0]));
var add = calculator.GetFunction<int, int, int>("add");
Console.WriteLine($"add(40, 2) = {add(40, 2)}");

// Microwasm.Wasi: a WASI command with its standard output captured
var output = new MemoryStream();
var configuration = new WasiConfiguration { StandardOutput = output }.WithArguments("wasi.wasm");
var linker = new WasmLinker().DefineLibrary((_, l) =>
{
    foreach (var (module, name, function) in WasiPreview1.CreateImports(configuration))
    {
        l.Define(module, name, function);
    }
});
var command = linker.Instantiate(runtime.LoadFile(args[1]));
try
{
    command.GetAction("_start")();
}
catch (WasmExitException exit)
{
    Console.Write($"wasi: {Encoding.UTF8.GetString(output.ToArray())}");
    Console.WriteLine($"wasi: exit status {exit.ExitCode}");
}

// Microwasm.AppFramework: an applet answers a request (its printf output comes first, as
// "[request_handler] ...": the manager prefixes each applet's lines with its name)
await using (var manager = new AppManager())
{
    await manager.InstallAsync("request_handler", await File.ReadAllBytesAsync(args[2]));
    var response = await manager.SendRequestAsync(new Request(RequestMethod.Get, "/app/request_handler/url1"), TimeSpan.FromSeconds(30));
    var payload = AttrContainer.Parse(response.Payload.Span);
    Console.WriteLine($"applet: {response.Status} key1={payload.Get("key1").AsString()} key2={payload.Get("key2").AsString()}");
}
return 0;
