using System.Text;
using Microwasm.Cli.Commands;
using Microwasm.Cli.Run;
using Microwasm.Cli.Wast;
using Microwasm.TestSupport;

namespace Microwasm.Cli.Tests;

/// <summary>
/// The commands on input that is not a module: empty, truncated, a directory, an endless device,
/// 100 MB of noise; and wast scripts that are not what wast2json writes. Each ends with one clear
/// error and exit status 1, reads a bounded amount, and never throws out of the command.
/// </summary>
public sealed class CliHardeningTests() : TempFolderTests("microwasm-hardening-")
{
    private string Write(string name, byte[] bytes) => WriteFile(name, bytes);

    private static (int Status, string Out, string Err) Run(params string[] args)
    {
        var output = new MemoryStream();
        var error = new MemoryStream();
        var status = Program.Invoke(["run", .. args], new RunConsole(new MemoryStream(), output, error));
        return (status, Encoding.UTF8.GetString(output.ToArray()), Encoding.UTF8.GetString(error.ToArray()));
    }

    private static (int Status, string Out) Validate(string file)
    {
        var output = new StringWriter();
        return (ValidateCommand.Run([file], output), output.ToString());
    }

    private static (int Status, string Out, string Err) Inspect(string file)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        return (InspectCommand.Run(file, output, error), output.ToString(), error.ToString());
    }

    /// <summary>Each command's one line about <paramref name="file"/>, after checking that all three failed.</summary>
    private static string[] AllThree(string file)
    {
        var run = Run(file);
        var validate = Validate(file);
        var inspect = Inspect(file);
        Assert.Equal((1, 1, 1), (run.Status, validate.Status, inspect.Status));
        Assert.Equal("", run.Out);
        Assert.Equal("", inspect.Out);
        return [run.Err.TrimEnd('\n'), validate.Out.TrimEnd('\n'), inspect.Err.TrimEnd('\n')];
    }

    [Fact]
    public void AnEmptyFileIsMalformed()
    {
        var file = Write("empty.wasm", []);
        Assert.Equal(
            [$"error: {file}: malformed module at byte 0x0: unexpected end", $"{file}: malformed module at byte 0x0: unexpected end", $"{file}: malformed module at byte 0x0: unexpected end"],
            AllThree(file));
    }

    [Fact]
    public void ATruncatedSectionIsMalformed()
    {
        var file = Write("truncated.wasm", [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05]);
        Assert.All(AllThree(file), line => Assert.EndsWith($"{file}: malformed module at byte 0x9: length out of bounds", line));
    }

    [Fact]
    public void ADirectoryIsSaidToBeOne()
    {
        Assert.Equal(
            [$"error: cannot read {Dir}: {Dir} is a directory, not a module file", $"{Dir}: {Dir} is a directory, not a module file", $"{Dir}: {Dir} is a directory, not a module file"],
            AllThree(Dir));
    }

    [Fact]
    public void DevZeroIsRejectedAfterItsHeaderWithoutReadingOn()
    {
        if (!File.Exists("/dev/zero"))
        {
            return;
        }
        var before = GC.GetAllocatedBytesForCurrentThread();
        var lines = AllThree("/dev/zero");
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.All(lines, line => Assert.EndsWith("/dev/zero: malformed module at byte 0x0: magic header not detected", line));
        Assert.True(allocated < 16 << 20, $"allocated {allocated >> 20} MiB reading /dev/zero three times");
    }

    [Fact]
    public void AnEndlessStreamOfWellFormedSectionsStopsAtTheSizeLimit()
    {
        // the header, then empty-named custom sections (0x00 0x01 0x00) without end
        var endless = new EndlessStream([0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00], [0x00, 0x01, 0x00]);
        var e = Assert.Throws<Binary.WasmDecodeException>(() => Runtime.ModuleLoader.ReadModule(endless, maxBytes: 1 << 20));
        Assert.Equal("malformed module at byte 0x100000: module larger than the limit of 1048576 bytes", e.Message);
        Assert.InRange(endless.Position, 1 << 20, 3 << 20);
    }

    [Fact]
    public void AnEndlessStreamOfZerosAfterAValidHeaderStopsAtTheFirstSection()
    {
        // zeros: a custom section of size 0, which cannot hold its name; reading stops there
        var endless = new EndlessStream([0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00], [0x00]);
        var bytes = Runtime.ModuleLoader.ReadModule(endless);
        Assert.InRange(endless.Position, 10, 2 << 20);
        var e = Assert.Throws<Binary.WasmDecodeException>(() => Runtime.ModuleLoader.Load(bytes));
        Assert.Equal("malformed module at byte 0xA: unexpected end", e.Message);
    }

    [Fact]
    public void HundredMegabytesOfNoiseAreRejectedQuickly()
    {
        var noise = new byte[100 << 20];
        new Random(42).NextBytes(noise);
        var file = Write("noise.wasm", noise);
        Assert.All(AllThree(file), line => Assert.EndsWith($"{file}: malformed module at byte 0x0: magic header not detected", line));
        // with a valid header the noise is decoded and rejected at its first bad section
        noise[..8].AsSpan().Clear();
        new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00 }.CopyTo(noise, 0);
        noise[8] = 0x0E; // not a section id
        File.WriteAllBytes(file, noise);
        Assert.All(AllThree(file), line => Assert.EndsWith($"{file}: malformed module at byte 0x8: malformed section id", line));
    }

    private static readonly byte[] SleepTenSeconds = Wat.ToWasm(
        """
        (module
          (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
          (memory (export "memory") 1)
          ;; one subscription at 0: a monotonic clock, relative timeout 10 s
          (data (i32.const 8) "\00")
          (data (i32.const 16) "\01\00\00\00\00\00\00\00\00\e4\0b\54\02\00\00\00")
          (func (export "_start") (drop (call $poll (i32.const 0) (i32.const 100) (i32.const 1) (i32.const 200)))))
        """);

    private static readonly byte[] FillFourGiB = Wat.ToWasm(
        """
        (module (memory (export "memory") 65536)
          (func (export "_start") (memory.fill (i32.const 0) (i32.const 7) (i32.const -1))))
        """);

    [Fact]
    public void TimeoutEndsAGuestSleepingInPollOneoff()
    {
        // the guest asks to sleep 10 s; --timeout 300 used to wait for all of it and exit 0
        var file = Write("sleep.wasm", SleepTenSeconds);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (status, _, err) = Run("--timeout", "300", file);
        Assert.Equal(124, status);
        Assert.StartsWith("Exception: timed out after 300 ms (--timeout)", err);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public void MaxMemoryPagesRefusesAFourGiBFillBeforeItRuns()
    {
        var file = Write("fill.wasm", FillFourGiB);
        var (status, _, err) = Run("--max-memory-pages", "1024", file);
        Assert.Equal(1, status);
        Assert.Equal($"error: {file}: memory of 65536 pages exceeds the limit of 1024 pages\n", err);
    }

    private string Script(string json) => WriteFile("script.json", json);

    private static string OnlyFailure(string path)
    {
        var result = WastExecutionHandlers.CreateRunner(Engines.Default).RunFile(path);
        Assert.Equal((0, 1), (result.Passed, result.Failed));
        return result.Failures.Single().Reason;
    }

    [Theory]
    [InlineData("""{"commands": [{"type": "module", "line": 1e400, "filename": "m.wasm"}]}""", "\"line\" is not a line number")]
    [InlineData("""{"commands": [{"type": "module", "line": 99999999999999999999}]}""", "\"line\" is not a line number")]
    [InlineData("""{"commands": {"type": "module"}}""", "no \"commands\" array")]
    [InlineData("""[1, 2]""", "no \"commands\" array")]
    [InlineData("""{"commands": [""", "invalid JSON")]
    public void AScriptOfTheWrongShapeIsOneFailure(string json, string reason)
    {
        Assert.Contains(reason, OnlyFailure(Script(json)));
    }

    [Theory]
    [InlineData("""{"type": "module", "line": 1}""", "unexpected FormatException: module at line 1 has no \"filename\"")]
    [InlineData("""{"type": "module", "line": 1, "filename": "absent.wasm"}""", "unexpected FileNotFoundException: Could not find file")]
    [InlineData("""{"type": "assert_return", "line": 2}""", "assert_return has no action")]
    [InlineData("""{"type": "assert_return", "line": 2, "action": {"type": "invoke", "field": "f", "args": [{"type": "i32", "value": "99999999999999999999999"}]}, "expected": []}""", "no module defined")]
    [InlineData("""{"type": "action", "line": 2, "action": {"type": "get", "field": "g"}}""", "no module defined")]
    [InlineData("""{"type": "register", "line": 3, "as": "m"}""", "no module defined")]
    [InlineData("""{"type": "no_such_command", "line": 3}""", "unknown command type \"no_such_command\"")]
    public void ACommandWithMissingOrWrongFieldsIsOneFailure(string command, string reason)
    {
        Assert.Contains(reason, OnlyFailure(Script($$"""{"commands": [{{command}}]}""")));
    }

    [Fact]
    public void AnArgumentTooLargeForItsTypeIsAFailureOfThatCommand()
    {
        // (module (func (export "f") (param i32)))
        Write("m.wasm", [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x01, 0x7F, 0x00, 0x03, 0x02, 0x01, 0x00, 0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00, 0x0A, 0x04, 0x01, 0x02, 0x00, 0x0B]);
        var result = WastExecutionHandlers.CreateRunner(Engines.Default).RunFile(Script("""
            {"commands": [{"type": "module", "line": 1, "filename": "m.wasm"},
              {"type": "action", "line": 2, "action": {"type": "invoke", "field": "f", "args": [{"type": "i32", "value": "99999999999999999999999"}]}},
              {"type": "action", "line": 3, "action": {"type": "invoke", "field": "f", "args": [{"type": "i32", "value": "7"}]}}]}
            """));
        Assert.Equal((2, 1), (result.Passed, result.Failed));
        Assert.Equal(2, result.Failures.Single().Line);
        Assert.Contains("OverflowException", result.Failures.Single().Reason);
    }

    [Fact]
    public void AScriptThatIsADeviceOrADirectoryIsOneFailure()
    {
        Assert.Equal($"cannot read {Dir}: {Dir} is a directory, not a wast2json script", OnlyFailure(Dir));
        if (File.Exists("/dev/zero"))
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            Assert.Equal($"cannot read /dev/zero: /dev/zero is larger than the limit of {WastScript.MaxScriptChars} characters for a script", OnlyFailure("/dev/zero"));
            Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 512L << 20);
        }
    }

    [Fact]
    public void AModuleFileThatIsADeviceIsOneFailure()
    {
        if (!File.Exists("/dev/zero"))
        {
            return;
        }
        Assert.Contains("magic header not detected", OnlyFailure(Script("""{"commands": [{"type": "module", "line": 1, "filename": "/dev/zero"}]}""")));
    }

    /// <summary>A prefix, then a pattern repeated without end.</summary>
    private sealed class EndlessStream(byte[] prefix, byte[] pattern) : Stream
    {
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            for (var i = 0; i < count; i++)
            {
                var at = _position + i;
                buffer[offset + i] = at < prefix.Length ? prefix[at] : pattern[(at - prefix.Length) % pattern.Length];
            }
            _position += count;
            return count;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
