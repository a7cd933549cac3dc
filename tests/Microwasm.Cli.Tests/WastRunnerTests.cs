using Microwasm.Cli.Commands;
using Microwasm.Cli.Wast;

namespace Microwasm.Cli.Tests;

public sealed class WastRunnerTests() : TempFolderTests("microwasm-wast-")
{
    private string Write(string name, string commands) =>
        WriteFile(name, $$"""{"source_filename": "t.wast", "commands": [{{commands}}]}""");

    [Fact]
    public void MissingScriptIsOneFailure()
    {
        var result = new WastRunner().RunFile(Path.Combine(Dir, "absent.json"));

        Assert.Equal("absent.json: 0 passed, 1 failed, 0 skipped", result.Summary);
        Assert.Contains("absent.json", result.Failures.Single().Reason);
    }

    [Fact]
    public void MalformedScriptIsOneFailure()
    {
        var path = WriteFile("bad.json", "{\"commands\": [");

        var result = new WastRunner().RunFile(path);

        Assert.Equal(1, result.Failed);
        Assert.Contains("invalid JSON", result.Failures.Single().Reason);
    }

    [Fact]
    public void TextModulesAndExecutionAreSkipped()
    {
        var path = Write("t.json", """
            {"type": "assert_malformed", "line": 1, "filename": "t.0.wat", "text": "x", "module_type": "text"},
            {"type": "assert_invalid", "line": 2, "filename": "t.1.wat", "text": "x", "module_type": "text"},
            {"type": "assert_return", "line": 3, "action": {"type": "invoke", "field": "f", "args": []}, "expected": []},
            {"type": "register", "line": 4, "as": "m"}
            """);

        var result = new WastRunner().RunFile(path);

        Assert.Equal((0, 0, 4, 2, false), (result.Passed, result.Failed, result.Skipped, result.TextSkipped, result.UsesUnsupportedFeature));
    }

    [Fact]
    public void UnknownCommandsAndMissingModulesFailWithTheirLine()
    {
        var path = Write("t.json", """
            {"type": "assert_teapot", "line": 7},
            {"type": "module", "line": 8, "filename": "missing.wasm"}
            """);

        var result = new WastRunner().RunFile(path);

        Assert.Equal(2, result.Failed);
        Assert.Equal(7, result.Failures[0].Line);
        Assert.Contains("assert_teapot", result.Failures[0].Reason);
        Assert.Equal(8, result.Failures[1].Line);
        Assert.Contains("missing.wasm", result.Failures[1].Reason);
    }

    [Fact]
    public void HandlersCanBeReplaced()
    {
        var path = Write("t.json", """
            {"type": "module", "line": 1, "filename": "t.0.wasm"},
            {"type": "assert_return", "line": 2, "action": {"type": "invoke", "field": "ok", "args": []}, "expected": []},
            {"type": "assert_return", "line": 3, "action": {"type": "invoke", "field": "bad", "args": []}, "expected": []},
            {"type": "assert_trap", "line": 4, "action": {"type": "invoke", "field": "boom", "args": []}, "text": "x", "expected": []}
            """);
        var runner = new WastRunner();
        runner.Handlers["module"] = (context, command) => WastOutcome.Skip(WastSkipReason.Unsupported);
        runner.Handlers["assert_return"] = (context, command) =>
            command.Action!.Field == "ok" ? WastOutcome.Pass() : WastOutcome.Fail("wrong result");
        runner.Handlers["assert_trap"] = (context, command) => throw new InvalidOperationException("engine bug");

        var result = runner.RunFile(path);

        Assert.Equal("t.json: 1 passed, 2 failed, 1 skipped", result.Summary);
        Assert.True(result.UsesUnsupportedFeature);
        Assert.Equal("line 3: assert_return: wrong result", result.Failures[0].ToString());
        Assert.Equal("line 4: assert_trap: unexpected InvalidOperationException: engine bug", result.Failures[1].ToString());
    }

    [Fact]
    public void CommandPrintsPerFileAndTotalLines()
    {
        var good = Write("good.json", """{"type": "assert_malformed", "line": 1, "filename": "g.wat", "text": "x", "module_type": "text"}""");
        var simd = Write("simd.json", """{"type": "assert_teapot", "line": 5}""");
        var output = new StringWriter();

        var exitCode = WastRunCommand.Run([good, simd], verbose: true, output);

        Assert.Equal(1, exitCode);
        var lines = output.ToString().Split(Environment.NewLine);
        Assert.Equal("good.json: 0 passed, 0 failed, 1 skipped", lines[0]);
        Assert.Equal("simd.json: 0 passed, 1 failed, 0 skipped", lines[1]);
        Assert.StartsWith("  line 5: assert_teapot: unknown command type", lines[2]);
        Assert.Equal("total: 0 passed, 1 failed, 1 skipped", lines[3]);
        Assert.Equal("text modules skipped: 1", lines[4]);
        Assert.Equal("unsupported: none", lines[5]);
    }

    [Fact]
    public void CommandSucceedsWhenNothingFails()
    {
        var good = Write("good.json", """{"type": "assert_malformed", "line": 1, "filename": "t.0.wat", "text": "x", "module_type": "text"}""");

        Assert.Equal(0, WastRunCommand.Run([good], verbose: false, new StringWriter()));
    }
}
