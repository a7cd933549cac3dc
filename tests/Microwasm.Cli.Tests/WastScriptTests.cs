using Microwasm.Cli.Wast;

namespace Microwasm.Cli.Tests;

public class WastScriptTests
{
    private const string Json = """
        {"source_filename": "x.wast",
         "commands": [
          {"type": "module", "line": 3, "name": "$M1", "filename": "x.0.wasm"},
          {"type": "register", "line": 4, "name": "$M1", "as": "m1"},
          {"type": "assert_return", "line": 5, "action": {"type": "invoke", "module": "$M1", "field": "f", "args": [{"type": "f32", "value": "2143289344"}]}, "expected": [{"type": "f64", "value": "nan:canonical"}]},
          {"type": "assert_return", "line": 6, "action": {"type": "get", "field": "g"}, "expected": [{"type": "externref", "value": "null"}]},
          {"type": "assert_return", "line": 7, "action": {"type": "invoke", "field": "v", "args": [{"type": "v128", "lane_type": "i32", "value": ["1", "2", "3", "4"]}]}, "either": [{"type": "v128", "lane_type": "i8", "value": ["0"]}, {"type": "i32", "value": "1"}]},
          {"type": "assert_trap", "line": 8, "action": {"type": "invoke", "field": "t", "args": []}, "text": "unreachable", "expected": [{"type": "i32"}]},
          {"type": "assert_malformed", "line": 9, "filename": "x.1.wat", "text": "unexpected token", "module_type": "text"},
          {"type": "assert_invalid", "line": 10, "filename": "x.2.wasm", "text": "type mismatch", "module_type": "binary"}
         ]}
        """;

    [Fact]
    public void ParsesEveryField()
    {
        var script = WastScript.Parse(Json, "/tmp/x/x.json");

        Assert.Equal("x.wast", script.SourceFilename);
        Assert.Equal("/tmp/x", script.Directory);
        Assert.Equal(8, script.Commands.Count);

        var module = script.Commands[0];
        Assert.Equal(("module", 3, "$M1", "x.0.wasm"), (module.Type, module.Line, module.Name, module.Filename));
        Assert.False(module.IsTextModule);

        Assert.Equal(("$M1", "m1"), (script.Commands[1].Name, script.Commands[1].As));

        var invoke = script.Commands[2].Action!;
        Assert.Equal(("invoke", "$M1", "f"), (invoke.Type, invoke.Module, invoke.Field));
        Assert.Equal(new WastValue("f32") { Value = "2143289344" }, invoke.Args.Single());
        Assert.Equal("nan:canonical", script.Commands[2].Expected!.Single().Value);

        var get = script.Commands[3].Action!;
        Assert.Equal(("get", null, "g"), (get.Type, get.Module, get.Field));
        Assert.Empty(get.Args);

        var v128 = script.Commands[4].Action!.Args.Single();
        Assert.Equal(("v128", "i32"), (v128.Type, v128.LaneType));
        Assert.Equal(["1", "2", "3", "4"], v128.Lanes!);
        Assert.Null(script.Commands[4].Expected);
        Assert.Equal(2, script.Commands[4].Either!.Length);

        var trap = script.Commands[5];
        Assert.Equal("unreachable", trap.Text);
        Assert.Null(trap.Expected!.Single().Value);

        Assert.True(script.Commands[6].IsTextModule);
        Assert.Equal("binary", script.Commands[7].ModuleType);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("{\"commands\": 3}")]
    [InlineData("{\"commands\": [{\"line\": 1}]}")]
    [InlineData("{\"commands\": [{\"type\": \"action\", \"action\": {\"type\": \"invoke\"}}]}")]
    [InlineData("{\"commands\": [{\"type\": \"assert_return\", \"expected\": {}}]}")]
    [InlineData("{\"commands\": [{\"type\": \"assert_return\", \"expected\": [{\"type\": \"i32\", \"value\": 5}]}]}")]
    public void RejectsWhatIsNotWast2JsonOutput(string json)
    {
        Assert.Throws<FormatException>(() => WastScript.Parse(json, "bad.json"));
    }
}
