using System.Diagnostics;
using Microwasm.Cli.Run;
using Microwasm.TestSupport;

namespace Microwasm.Cli.Tests;

/// <summary>
/// <c>--timeout</c> with a program writing to a standard output that nobody reads: a write to a
/// full pipe blocks in the operating system, so the real executable must wait for room in a way
/// the deadline ends (Linux; elsewhere the console stream is used as it is).
/// </summary>
public class StdoutTimeoutTests
{
    // _start writes 4 KiB to descriptor 1 with fd_write, for ever
    private const string WasiWriter = """
        (module
          (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
          (memory (export "memory") 1)
          (data (i32.const 16) "\20\00\00\00\00\10\00\00")
          (func (export "_start")
            (loop (drop (call $write (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 8))) (br 0))))
        """;

    // main prints a line with the builtin libc's puts, for ever
    private const string LibcWriter = """
        (module
          (import "env" "puts" (func $puts (param i32) (result i32)))
          (memory (export "memory") 1)
          (data (i32.const 16) "a line that nobody will read, again and again and again\00")
          (func (export "main") (param i32 i32) (result i32)
            (loop (drop (call $puts (i32.const 16))) (br 0))
            (i32.const 0)))
        """;

    [Theory]
    [Trait("Category", CliProcess.Category)]
    [InlineData(WasiWriter)]
    [InlineData(LibcWriter)]
    public async Task AWriteToAPipeNobodyReadsEndsAtTheTimeout(string text)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        var path = Path.Combine(Path.GetTempPath(), $"microwasm-stdout-{Guid.NewGuid():N}.wasm");
        File.WriteAllBytes(path, Wat.ToWasm(text));
        try
        {
            // standard output is a pipe this test never reads: it fills, and the guest's writes block
            var start = CliProcess.StartInfo("run", "--timeout", "500", path);
            var clock = Stopwatch.StartNew();
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            var exited = process.WaitForExitAsync();
            if (await Task.WhenAny(exited, Task.Delay(TimeSpan.FromSeconds(20))) != exited)
            {
                process.Kill();
                Assert.Fail("the write to a full pipe outlived the timeout");
            }
            Assert.Equal(ModuleRunner.TimeoutExitCode, process.ExitCode);
            Assert.StartsWith("Exception: timed out after 500 ms (--timeout)", await error);
            Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(450), $"ended after {clock.Elapsed}, before the timeout");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
