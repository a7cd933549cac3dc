using Microwasm.Binary;
using Microwasm.Interpreter;
using Microwasm.Runtime;
using Microwasm.TestSupport;
using Microwasm.Validation;

namespace Microwasm.Tests.Interpreter;

/// <summary>SIMD in the interpreter: v128 in slots, calls, blocks, globals, memory and lanes.</summary>
public class SimdInterpreterTests
{
    private static readonly byte[] Module = Wat.ToWasm(
        """
        (module
          (memory 1)
          (global $g (mut v128) (v128.const i32x4 1 2 3 4))
          (func $add (export "add") (param v128 v128) (result v128)
            (i32x4.add (local.get 0) (local.get 1)))
          (func (export "call_add") (param $a v128) (result v128) (local $t v128)
            (local.set $t (call $add (local.get $a) (v128.const i32x4 10 20 30 40)))
            (i32x4.mul (local.get $t) (i32x4.splat (i32.const 2))))
          (func (export "lanes") (param $x i32) (result i32) (local $v v128)
            (local.set $v (i32x4.splat (local.get $x)))
            (local.set $v (i32x4.replace_lane 2 (local.get $v) (i32.const 100)))
            (i32.add (i32x4.extract_lane 2 (local.get $v)) (i32x4.extract_lane 3 (local.get $v))))
          (func (export "shuffle") (param v128 v128) (result v128)
            (i8x16.shuffle 0 16 1 17 2 18 3 19 4 20 5 21 6 22 7 23 (local.get 0) (local.get 1)))
          (func (export "store_load") (param $addr i32) (param $v v128) (result v128)
            (v128.store offset=16 (local.get $addr) (local.get $v))
            (v128.load offset=16 (local.get $addr)))
          (func (export "load_lane") (param $addr i32) (param $v v128) (result v128)
            (v128.load32_lane 1 (local.get $addr) (local.get $v)))
          (func (export "store_lane") (param $addr i32) (param $v v128) (result i64)
            (v128.store64_lane 1 (local.get $addr) (local.get $v))
            (i64.load (local.get $addr)))
          (func (export "select") (param v128 v128 i32) (result v128)
            (select (local.get 0) (local.get 1) (local.get 2)))
          (func (export "global") (param v128) (result v128)
            (global.set $g (i32x4.add (global.get $g) (local.get 0)))
            (global.get $g))
          (func (export "block") (param $v v128) (param $c i32) (result v128)
            (local.get $v)
            (block (param v128) (result v128)
              (br_if 0 (local.get $c))
              (i32x4.neg)))
          (func (export "bitselect") (param v128 v128 v128) (result v128)
            (v128.bitselect (local.get 0) (local.get 1) (local.get 2)))
          (func (export "sum_bytes") (param $p i32) (param $n i32) (result i32) (local $acc v128)
            (block $done (loop $l
              (br_if $done (i32.eqz (local.get $n)))
              (local.set $acc (i16x8.add (local.get $acc) (i16x8.extadd_pairwise_i8x16_u (v128.load (local.get $p)))))
              (local.set $p (i32.add (local.get $p) (i32.const 16)))
              (local.set $n (i32.sub (local.get $n) (i32.const 1)))
              (br $l)))
            (i32x4.extract_lane 0 (i32x4.dot_i16x8_s (local.get $acc) (i16x8.splat (i32.const 1))))
            (i32x4.extract_lane 1 (i32x4.dot_i16x8_s (local.get $acc) (i16x8.splat (i32.const 1))))
            (i32.add)
            (i32x4.extract_lane 2 (i32x4.dot_i16x8_s (local.get $acc) (i16x8.splat (i32.const 1))))
            (i32.add)
            (i32x4.extract_lane 3 (i32x4.dot_i16x8_s (local.get $acc) (i16x8.splat (i32.const 1))))
            (i32.add))
          (func (export "bitmask") (param v128) (result i32) (i8x16.bitmask (local.get 0)))
          (func (export "f32_lane") (param f32) (result f32) (f32x4.extract_lane 3 (f32x4.splat (local.get 0))))
        )
        """, debugNames: true);

    private readonly Store _store = new();
    private readonly Instance _instance;

    public SimdInterpreterTests()
    {
        var compiled = InterpreterEngine.Default.Compile(Validator.Validate(ModuleReader.Read(Module)));
        _instance = new Linker().Instantiate(_store, compiled);
    }

    private WasmValue[] Call(string name, params WasmValue[] args) => _instance.GetFunction(name)!.Invoke(_store, args);

    private static WasmValue I32x4(uint a, uint b, uint c, uint d) => WasmValue.V128(a | ((ulong)b << 32), c | ((ulong)d << 32));

    [Fact]
    public void V128ParametersAndResults()
    {
        Assert.Equal(I32x4(11, 22, 33, 0), Call("add", I32x4(1, 2, 3, 4), I32x4(10, 20, 30, uint.MaxValue - 3))[0]);
    }

    [Fact]
    public void CallsPassV128InTwoSlots()
    {
        Assert.Equal(I32x4(22, 42, 62, 82), Call("call_add", I32x4(1, 1, 1, 1))[0]);
    }

    [Fact]
    public void ReplaceAndExtractLanes()
    {
        Assert.Equal(105, Call("lanes", WasmValue.I32(5))[0].AsI32());
    }

    [Fact]
    public void ShuffleInterleavesBytes()
    {
        var a = WasmValue.V128(0x0706_0504_0302_0100, 0x0F0E_0D0C_0B0A_0908);
        var b = WasmValue.V128(0x1716_1514_1312_1110, 0x1F1E_1D1C_1B1A_1918);
        Assert.Equal(WasmValue.V128(0x1303_1202_1101_1000, 0x1707_1606_1505_1404), Call("shuffle", a, b)[0]);
    }

    [Fact]
    public void StoreAndLoadWithBoundsChecks()
    {
        var v = I32x4(1, 2, 3, 4);
        Assert.Equal(v, Call("store_load", WasmValue.I32(65536 - 32), v)[0]);
        // the last 16 bytes end one byte past the memory: out of bounds by the offset
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Assert.Throws<WasmTrap>(() => Call("store_load", WasmValue.I32(65536 - 31), v)).Kind);
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Assert.Throws<WasmTrap>(() => Call("store_load", WasmValue.I32(-1), v)).Kind);
    }

    [Fact]
    public void LaneLoadsAndStores()
    {
        Call("store_load", WasmValue.I32(0), I32x4(0xAAAA_AAAA, 0, 0, 0));
        // memory[16..32] now holds the vector; lane 1 of the result comes from address 16
        Assert.Equal(I32x4(1, 0xAAAA_AAAA, 3, 4), Call("load_lane", WasmValue.I32(16), I32x4(1, 2, 3, 4))[0]);
        Assert.Equal(0x0000_0004_0000_0003L, Call("store_lane", WasmValue.I32(100), I32x4(1, 2, 3, 4))[0].AsI64());
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Assert.Throws<WasmTrap>(() => Call("store_lane", WasmValue.I32(65536 - 7), I32x4(1, 2, 3, 4))).Kind);
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Assert.Throws<WasmTrap>(() => Call("load_lane", WasmValue.I32(65536 - 3), I32x4(1, 2, 3, 4))).Kind);
    }

    [Fact]
    public void SelectChoosesBothHalves()
    {
        var a = WasmValue.V128(1, 2);
        var b = WasmValue.V128(3, 4);
        Assert.Equal(a, Call("select", a, b, WasmValue.I32(1))[0]);
        Assert.Equal(b, Call("select", a, b, WasmValue.I32(0))[0]);
    }

    [Fact]
    public void V128Globals()
    {
        Assert.Equal(I32x4(2, 3, 4, 5), Call("global", I32x4(1, 1, 1, 1))[0]);
        Assert.Equal(I32x4(3, 4, 5, 6), Call("global", I32x4(1, 1, 1, 1))[0]);
    }

    [Fact]
    public void BlocksCarryV128()
    {
        Assert.Equal(I32x4(1, 2, 3, 4), Call("block", I32x4(1, 2, 3, 4), WasmValue.I32(1))[0]);
        Assert.Equal(I32x4(uint.MaxValue, uint.MaxValue - 1, uint.MaxValue - 2, uint.MaxValue - 3), Call("block", I32x4(1, 2, 3, 4), WasmValue.I32(0))[0]);
    }

    [Fact]
    public void Bitselect()
    {
        var mask = WasmValue.V128(0xFFFF_0000_FFFF_0000, 0);
        Assert.Equal(WasmValue.V128(0xAAAA_5555_AAAA_5555, 0x5555_5555_5555_5555),
            Call("bitselect", WasmValue.V128(0xAAAA_AAAA_AAAA_AAAA, 0xAAAA_AAAA_AAAA_AAAA), WasmValue.V128(0x5555_5555_5555_5555, 0x5555_5555_5555_5555), mask)[0]);
    }

    [Fact]
    public void LoopSumsBytes()
    {
        // 16 bytes of 255, then 16 of 1 (store_load stores at its address + 16)
        Call("store_load", WasmValue.I32(1000 - 16), WasmValue.V128(ulong.MaxValue, ulong.MaxValue));
        Call("store_load", WasmValue.I32(1016 - 16), WasmValue.V128(0x0101_0101_0101_0101, 0x0101_0101_0101_0101));
        Assert.Equal(255 * 16 + 16, Call("sum_bytes", WasmValue.I32(1000), WasmValue.I32(2))[0].AsI32());
    }

    [Fact]
    public void BitmaskAndFloatLanes()
    {
        Assert.Equal(0x8001, Call("bitmask", WasmValue.V128(0x80, 0x8000_0000_0000_0000))[0].AsI32());
        // a signalling NaN's payload survives splat and extract
        Assert.Equal(0x7F80_0001u, (uint)Call("f32_lane", WasmValue.F32Bits(0x7F80_0001))[0].Bits);
    }
}
