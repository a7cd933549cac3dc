// Where the interpreter loop's ReadyToRun copies start in a published Microwasm.dll, and which of
// them starts on a 64-byte line (the one the interpreter runs; see src/Microwasm/Interpreter/
// RATIONALE.md, "Start-up"). Usage, after `dotnet publish src/Microwasm.Cli -c Release -r linux-x64 -o DIR`:
//   dotnet run --project tools/loop-placement -c Release -- DIR/Microwasm.dll
// x64 only: follows the runtime's precode jump (jmp [rip+d]) from each method's entry point.
using System.Reflection;
using System.Runtime.CompilerServices;

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: loop-placement PATH/Microwasm.dll (a ReadyToRun build)");
    return 2;
}
var loop = Assembly.LoadFrom(args[0]).GetType("Microwasm.Interpreter.InterpreterLoop")!;
var onALine = 0;
foreach (var name in new[] { "RunCold0", "RunCold1", "RunCold2", "RunCold3" })
{
    var method = loop.GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)!;
    var jitted = System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: true);
    RuntimeHelpers.PrepareMethod(method.MethodHandle);
    var fromImage = System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: true) == jitted;
    var code = CodeAddress(method);
    var offset = (int)(code & 63);
    onALine += offset == 0 ? 1 : 0;
    Console.WriteLine($"{name}: code at 0x{code:x}, {offset} bytes past a 64-byte line{(fromImage ? "" : " (JIT-compiled: no ReadyToRun image)")}");
}
Console.WriteLine(onALine > 0 ? "a copy starts on a line" : "no copy starts on a line: the interpreter will compile Run after ~1M back-edges");
return 0;

static unsafe nuint CodeAddress(MethodInfo method)
{
    var entry = (byte*)method.MethodHandle.GetFunctionPointer();
    if (entry[0] == 0xFF && entry[1] == 0x25)
    {
        entry = *(byte**)(entry + 6 + *(int*)(entry + 2));
    }
    return (nuint)entry;
}
