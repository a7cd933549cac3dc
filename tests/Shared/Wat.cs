using System.Collections.Concurrent;
using System.Diagnostics;

namespace Microwasm.TestSupport;

/// <summary>
/// Test modules written in the WebAssembly text format, assembled by wabt's <c>wat2wasm</c>
/// (<c>WAT2WASM</c>, default wat2wasm) on first use, so a test shows the module it runs and no
/// hand-copied bytes can drift from it. Compiled into each test project that needs it (linked from
/// tests/Shared).
/// </summary>
internal static class Wat
{
    private static readonly ConcurrentDictionary<(string Text, bool DebugNames), byte[]> s_modules = new();

    /// <summary>The binary of module <paramref name="text"/>; with <paramref name="debugNames"/>, a name section from its $names.</summary>
    public static byte[] ToWasm(string text, bool debugNames = false) =>
        s_modules.GetOrAdd((text, debugNames), key => Assemble(key.Text, key.DebugNames));

    private static byte[] Assemble(string text, bool debugNames)
    {
        var directory = Directory.CreateTempSubdirectory("microwasm-wat-");
        try
        {
            var source = Path.Combine(directory.FullName, "module.wat");
            var output = Path.Combine(directory.FullName, "module.wasm");
            File.WriteAllText(source, text);
            var wat2wasm = Environment.GetEnvironmentVariable("WAT2WASM") ?? "wat2wasm";
            var start = new ProcessStartInfo(wat2wasm) { RedirectStandardError = true, RedirectStandardOutput = true };
            start.ArgumentList.Add(source);
            start.ArgumentList.Add("-o");
            start.ArgumentList.Add(output);
            if (debugNames)
            {
                start.ArgumentList.Add("--debug-names");
            }
            Process process;
            try
            {
                process = Process.Start(start)!;
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new InvalidOperationException($"cannot run '{wat2wasm}': install wabt (or set WAT2WASM)", e);
            }
            var errors = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{wat2wasm} rejected a test module:\n{errors.Result}\n{text}");
            }
            return File.ReadAllBytes(output);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
