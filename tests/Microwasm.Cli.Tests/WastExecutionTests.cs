using Microwasm.Cli.Wast;

namespace Microwasm.Cli.Tests;

/// <summary>The execution handlers on the default engine, over a small script converted by wast2json.</summary>
public sealed class WastExecutionTests() : TempFolderTests("microwasm-wast-exec-")
{
    // The script (t.wast), converted with `wast2json t.wast -o t.json`:
    // (module $M
    //   (global (export "g") i32 (i32.const 7))
    //   (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
    //   (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
    //   (func (export "nan") (result f32) (f32.div (f32.const 0) (f32.const 0)))
    //   (func (export "id") (param externref) (result externref) (local.get 0))
    //   (func (export "null") (result funcref) (ref.null func))
    //   (func $loop (export "loop") (call $loop))
    //   (table $t 1 funcref)
    //   (func (export "uninit") (call_indirect (i32.const 0))))
    // (assert_return (invoke "add" (i32.const 1) (i32.const -2)) (i32.const -1))
    // (assert_return (get "g") (i32.const 7))
    // (assert_return (invoke "nan") (f32.const nan:canonical))
    // (assert_return (invoke "id" (ref.extern 5)) (ref.extern 5))
    // (assert_return (invoke "null") (ref.null func))
    // (assert_trap (invoke "div" (i32.const 1) (i32.const 0)) "integer divide by zero")
    // (assert_trap (invoke "uninit") "uninitialized element")
    // (assert_exhaustion (invoke "loop") "call stack exhausted")
    // (register "lib" $M)
    // (module (import "lib" "add" (func (param i32 i32) (result i32))) (import "spectest" "print_i32" (func (param i32))))
    // (assert_unlinkable (module (import "lib" "add" (func (param i32)))) "incompatible import type")
    // (assert_unlinkable (module (import "lib" "nope" (func))) "unknown import")
    // (assert_trap (module (memory 1) (data (i32.const 65536) "x")) "out of bounds memory access")
    // (invoke $M "add" (i32.const 0) (i32.const 0))
    private const string Script = """
{"source_filename": "t.wast",
 "commands": [
  {"type": "module", "line": 1, "name": "$M", "filename": "t.0.wasm"},
  {"type": "assert_return", "line": 11, "action": {"type": "invoke", "field": "add", "args": [{"type": "i32", "value": "1"}, {"type": "i32", "value": "4294967294"}]}, "expected": [{"type": "i32", "value": "4294967295"}]},
  {"type": "assert_return", "line": 12, "action": {"type": "get", "field": "g"}, "expected": [{"type": "i32", "value": "7"}]},
  {"type": "assert_return", "line": 13, "action": {"type": "invoke", "field": "nan", "args": []}, "expected": [{"type": "f32", "value": "nan:canonical"}]},
  {"type": "assert_return", "line": 14, "action": {"type": "invoke", "field": "id", "args": [{"type": "externref", "value": "5"}]}, "expected": [{"type": "externref", "value": "5"}]},
  {"type": "assert_return", "line": 15, "action": {"type": "invoke", "field": "null", "args": []}, "expected": [{"type": "funcref", "value": "null"}]},
  {"type": "assert_trap", "line": 16, "action": {"type": "invoke", "field": "div", "args": [{"type": "i32", "value": "1"}, {"type": "i32", "value": "0"}]}, "text": "integer divide by zero", "expected": [{"type": "i32"}]},
  {"type": "assert_trap", "line": 17, "action": {"type": "invoke", "field": "uninit", "args": []}, "text": "uninitialized element", "expected": []},
  {"type": "assert_exhaustion", "line": 18, "action": {"type": "invoke", "field": "loop", "args": []}, "text": "call stack exhausted", "expected": []},
  {"type": "register", "line": 19, "name": "$M", "as": "lib"},
  {"type": "module", "line": 20, "filename": "t.1.wasm"},
  {"type": "assert_unlinkable", "line": 21, "filename": "t.2.wasm", "text": "incompatible import type", "module_type": "binary"},
  {"type": "assert_unlinkable", "line": 22, "filename": "t.3.wasm", "text": "unknown import", "module_type": "binary"},
  {"type": "assert_uninstantiable", "line": 23, "filename": "t.4.wasm", "text": "out of bounds memory access", "module_type": "binary"},
  {"type": "action", "line": 24, "action": {"type": "invoke", "module": "$M", "field": "add", "args": [{"type": "i32", "value": "0"}, {"type": "i32", "value": "0"}]}, "expected": [{"type": "i32"}]}]}
""";

    private static readonly Dictionary<string, string> s_modules = new()
    {
        ["t.0.wasm"] = "AGFzbQEAAAABFwVgAn9/AX9gAAF9YAFvAW9gAAFwYAAAAwgHAAABAgMEBAQEAXAAAQYGAX8AQQcLBzMIAWcDAANhZGQAAANkaXYAAQNuYW4AAgJpZAADBG51bGwABARsb29wAAUGdW5pbml0AAYKNgcHACAAIAFqCwcAIAAgAW0LDQBDAAAAAEMAAAAAlQsEACAACwQA0HALBAAQBQsHAEEAEQQACw==",
        ["t.1.wasm"] = "AGFzbQEAAAABCwJgAn9/AX9gAX8AAiACA2xpYgNhZGQAAAhzcGVjdGVzdAlwcmludF9pMzIAAQ==",
        ["t.2.wasm"] = "AGFzbQEAAAABBQFgAX8AAgsBA2xpYgNhZGQAAA==",
        ["t.3.wasm"] = "AGFzbQEAAAABBAFgAAACDAEDbGliBG5vcGUAAA==",
        ["t.4.wasm"] = "AGFzbQEAAAAFAwEAAQsJAQBBgIAECwF4",
    };

    private WastFileResult Run(string script)
    {
        foreach (var (name, base64) in s_modules)
        {
            WriteFile(name, Convert.FromBase64String(base64));
        }
        var path = WriteFile("t.json", script);
        var runner = new WastRunner();
        new WastExecutionHandlers(Engines.Create(Engines.Default)).Install(runner);
        return runner.RunFile(path);
    }

    [Fact]
    public void EveryCommandExecutesAndPasses()
    {
        var result = Run(Script);

        Assert.True(result.Failed == 0, string.Join(Environment.NewLine, result.Failures));
        Assert.Equal((15, 0), (result.Passed, result.Skipped));
    }

    [Theory]
    [InlineData("\"value\": \"4294967295\"", "\"value\": \"4294967294\"", "line 11")]
    [InlineData("\"text\": \"integer divide by zero\"", "\"text\": \"integer overflow\"", "line 16")]
    [InlineData("\"text\": \"uninitialized element\"", "\"text\": \"undefined element\"", "line 17")]
    [InlineData("\"expected\": [{\"type\": \"externref\", \"value\": \"5\"}]", "\"expected\": [{\"type\": \"externref\", \"value\": \"6\"}]", "line 14")]
    [InlineData("\"field\": \"nan\"", "\"field\": \"add\"", "line 13")]
    [InlineData("\"filename\": \"t.2.wasm\"", "\"filename\": \"t.1.wasm\"", "line 21")]
    public void WrongExpectationsFail(string original, string replacement, string line)
    {
        Assert.Contains(original, Script);
        var result = Run(Script.Replace(original, replacement));

        Assert.Equal(1, result.Failed);
        Assert.StartsWith(line + ":", result.Failures[0].ToString());
    }
}
