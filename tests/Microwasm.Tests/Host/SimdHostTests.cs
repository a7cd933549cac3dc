using Microwasm.Binary;
using Microwasm.Host;
using Microwasm.Interpreter;
using Microwasm.Model;
using Microwasm.Runtime;
using Microwasm.TestSupport;
using Microwasm.Validation;

namespace Microwasm.Tests.Host;

/// <summary>v128 across the host boundary: host function arguments and results, imported globals, the public API.</summary>
public class SimdHostTests
{
    private static readonly byte[] Module = Wat.ToWasm(
        """
        (module
          (import "env" "h" (func $h (param v128 i32 v128) (result v128 i32)))
          (import "env" "g" (global $g v128))
          (func (export "run") (param $a v128) (param $b v128) (result v128 i32)
            (call $h (local.get $a) (i32.const 7) (i32x4.add (local.get $b) (global.get $g)))))
        """, debugNames: true);

    private static readonly FuncType HostType = new([ValueType.V128, ValueType.I32, ValueType.V128], [ValueType.V128, ValueType.I32]);

    private static WasmValue I32x4(uint a, uint b, uint c, uint d) => WasmValue.V128(a | ((ulong)b << 32), c | ((ulong)d << 32));

    // The host function sees its v128 arguments whole, around an i32 in between (slots 0-1, 2, 3-4),
    // and returns a v128 and an i32.
    private static WasmValue[] Host(WasmValue[] args)
    {
        Assert.Equal(ValueType.V128, args[0].Type);
        Assert.Equal(7, args[1].AsI32());
        Assert.Equal(ValueType.V128, args[2].Type);
        return [WasmValue.V128(args[0].Bits ^ args[2].Bits, args[0].High ^ args[2].High), WasmValue.I32(args[1].AsI32() + 1)];
    }

    [Fact]
    public void HostFunctionsAndGlobalsTakeV128()
    {
        var store = new Store();
        var global = new GlobalInstance(new GlobalType(ValueType.V128, false), 0x0000_0002_0000_0001, 0x0000_0004_0000_0003);
        var linker = new Linker()
            .Define("env", "h", new HostFunction(HostType, Host))
            .Define("env", "g", global);
        var compiled = InterpreterEngine.Default.Compile(Validator.Validate(ModuleReader.Read(Module)));
        var instance = linker.Instantiate(store, compiled);

        var results = instance.GetFunction("run")!.Invoke(store, I32x4(0xF0, 0xF0, 0xF0, 0xF0), I32x4(10, 20, 30, 40));
        // (a xor (b + g)): b + g = 11 22 33 44
        Assert.Equal(I32x4(0xF0 ^ 11, 0xF0 ^ 22, 0xF0 ^ 33, 0xF0 ^ 44), results[0]);
        Assert.Equal(WasmValue.I32(8), results[1]);
    }

    [Fact]
    public void EmbeddingApiPassesV128()
    {
        var linker = new WasmLinker()
            .DefineFunction("env", "h", HostType, (context, slots) =>
            {
                // raw slots: v128 in 0-1, i32 in 2, v128 in 3-4; results from slot 0
                var low = slots[0] + slots[3];
                var high = slots[1] + slots[4];
                var i = slots[2];
                slots[0] = low;
                slots[1] = high;
                slots[2] = i * 2;
            })
            .Define("env", "g", new GlobalInstance(new GlobalType(ValueType.V128, false), 1, 2));
        var instance = new WasmRuntime().Load(Module).Instantiate(linker);

        var results = instance.Invoke("run", WasmValue.V128(100, 200), WasmValue.V128(10, 20));
        Assert.Equal([WasmValue.V128(111, 222), WasmValue.I32(14)], results);
    }

    private static readonly byte[] TypedModule = Wat.ToWasm(
        """
        (module
          (import "env" "shift" (func $shift (param v128 i32) (result v128)))
          (func (export "twice") (param v128) (result v128)
            (call $shift (call $shift (local.get 0) (i32.const 8)) (i32.const 8))))
        """);

    [Fact]
    public void TypedHostFunctionsAndCallsUseWasmValueForV128()
    {
        // i64x2 shift left of both halves, written in C#
        var linker = new WasmLinker().DefineFunction("env", "shift", (WasmValue v, int bits) => WasmValue.V128(v.Bits << bits, v.High << bits));
        var instance = new WasmRuntime().Load(TypedModule).Instantiate(linker);

        var twice = instance.GetFunction<WasmValue, WasmValue>("twice");
        Assert.Equal(WasmValue.V128(0x0102_0000, 0x0304_0000), twice(WasmValue.V128(0x0102, 0x0304)));
    }
}
