using Microwasm.Interpreter;
using Microwasm.Model;
using Microwasm.Runtime;
using Microwasm.TestSupport;
using Microwasm.Validation;

namespace Microwasm.Tests.Interpreter;

/// <summary>
/// The fused instructions of issue #7 (two adds of constants in one dispatch, float operators with
/// their load, operator pairs): each gives exactly what the unfused wasm computes, and the
/// translator really emits it (the first instruction of each small function is checked).
/// </summary>
public class FusionTests
{
    private static readonly byte[] Fusion = Wat.ToWasm(
        """
        (module
          (memory 1)
          (func (export "axpy") (param $a f64) (param $fa f32) (param $pb i32) (param $pc i32) (param $pfb i32) (param $pfc i32) (param $n i32)
            (loop $l
              (f64.store (local.get $pc) (f64.add (f64.mul (local.get $a) (f64.load (local.get $pb))) (f64.load (local.get $pc))))
              (f32.store (local.get $pfc) (f32.add (f32.mul (local.get $fa) (f32.load (local.get $pfb))) (f32.load (local.get $pfc))))
              (local.set $pb (i32.add (local.get $pb) (i32.const 8)))
              (local.set $pfb (i32.add (local.get $pfb) (i32.const 4)))
              (local.set $pc (i32.add (local.get $pc) (i32.const 8)))
              (local.set $pfc (i32.add (local.get $pfc) (i32.const 4)))
              (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
          (func (export "add_imm_chain") (param $x i32) (result i32) (local $y i32)
            (local.set $x (i32.add (local.get $x) (i32.const 1)))
            (local.set $y (i32.add (local.get $x) (i32.const 10)))
            (i32.add (i32.mul (local.get $x) (i32.const 1000)) (local.get $y)))
          (func (export "add_imm_loop") (param $x i32) (result i32) (local $y i32)
            (local.set $x (i32.add (local.get $x) (i32.const 1)))
            (loop $l
              (local.set $y (i32.add (local.get $y) (i32.const 2)))
              (br_if $l (i32.lt_s (local.get $y) (i32.const 10))))
            (i32.add (i32.mul (local.get $x) (i32.const 1000)) (local.get $y)))
          (func (export "add_add") (param i32 i32 i32) (result i32) (i32.add (i32.add (local.get 0) (local.get 1)) (local.get 2)))
          (func (export "add_add_right") (param i32 i32 i32) (result i32) (i32.add (local.get 2) (i32.add (local.get 0) (local.get 1))))
          (func (export "xor_add") (param i32 i32 i32) (result i32) (i32.add (i32.xor (local.get 0) (local.get 1)) (local.get 2)))
          (func (export "rotl_xor") (param i32 i32) (result i32) (i32.xor (i32.rotl (local.get 0) (i32.const 7)) (local.get 1)))
          (func (export "rotl_xor_right") (param i32 i32) (result i32) (i32.xor (local.get 1) (i32.rotl (local.get 0) (i32.const 39))))
          (func (export "mul_add") (param f64 f64 f64) (result f64) (f64.add (f64.mul (local.get 0) (local.get 1)) (local.get 2)))
          (func (export "add_mul") (param f64 f64 f64) (result f64) (f64.mul (f64.add (local.get 0) (local.get 1)) (local.get 2)))
          (func (export "mul_mul") (param f64 f64 f64) (result f64) (f64.mul (f64.mul (local.get 0) (local.get 1)) (local.get 2)))
          (func (export "sub_mul_right") (param f64 f64 f64) (result f64) (f64.mul (local.get 2) (f64.sub (local.get 0) (local.get 1))))
          (func (export "sub_load") (param $a f64) (param $p i32) (result f64) (f64.sub (local.get $a) (f64.load (local.get $p))))
          (func (export "mul_load_left") (param $a f64) (param $p i32) (result f64) (f64.mul (f64.load offset=8 (local.get $p)) (local.get $a)))
          (func (export "store_byte") (param $p i32) (result i32)
            (i32.store8 offset=1 (local.get $p) (i32.const 0x1AB))
            (i32.load (local.get $p)))
          (func (export "sigma") (param $e i32) (result i32)
            (i32.xor (i32.xor (i32.rotl (local.get $e) (i32.const 26)) (i32.rotl (local.get $e) (i32.const 21))) (i32.rotl (local.get $e) (i32.const 7))))
          (func (export "xorshift") (param $x i64) (result i64)
            (local.set $x (i64.xor (local.get $x) (i64.shr_u (local.get $x) (i64.const 12))))
            (local.set $x (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 89))))
            (i64.xor (local.get $x) (i64.shr_u (local.get $x) (i64.const 27))))
          (func (export "strlen") (param $p i32) (result i32) (local $q i32)
            (local.set $q (local.get $p))
            (block $done (loop $l
              (br_if $done (i32.eqz (i32.load8_u (local.get $q))))
              (local.set $q (i32.add (local.get $q) (i32.const 1)))
              (br $l)))
            (i32.sub (local.get $q) (local.get $p)))
          (func (export "count_nonzero") (param $p i32) (param $n i32) (result i32) (local $c i32)
            (block $done (loop $l
              (br_if $done (i32.eqz (local.get $n)))
              (if (i32.load8_u offset=1 (local.get $p)) (then (local.set $c (i32.add (local.get $c) (i32.const 1)))))
              (local.set $p (i32.add (local.get $p) (i32.const 1)))
              (local.set $n (i32.sub (local.get $n) (i32.const 1)))
              (br $l)))
            (local.get $c))
          (func (export "sum_words") (param $p i32) (param $n i32) (result i32) (local $s i32)
            (block $done (loop $l
              (br_if $done (i32.eqz (local.get $n)))
              (local.set $s (i32.add (local.get $s) (i32.load (local.tee $p (i32.add (local.get $p) (i32.const 4))))))
              (local.set $n (i32.sub (local.get $n) (i32.const 1)))
              (br $l)))
            (i32.add (local.get $s) (i32.mul (local.get $p) (i32.const 1000))))
          (func (export "byte_after") (param $p i32) (result i32)
            (i32.load8_u offset=2 (local.tee $p (i32.add (local.get $p) (i32.const 3)))))
          (func (export "low_bits_zero") (param i32) (result i32)
            (block $z (br_if $z (i32.eqz (i32.and (local.get 0) (i32.const 3)))) (return (i32.const 0))) (i32.const 1))
          (func (export "low_bits_zero_if") (param i32) (result i32)
            (if (result i32) (i32.eqz (i32.and (local.get 0) (i32.const 3))) (then (i32.const 1)) (else (i32.const 0))))
          (func (export "countdown_pairs") (param $n i32) (result i32) (local $c i32) (local $k i32)
            (loop $l
              (local.set $k (i32.add (local.get $k) (i32.const 1)))
              (local.set $c (i32.gt_u (local.get $n) (i32.const 3)))
              (local.set $n (i32.sub (local.get $n) (i32.const 2)))
              (br_if $l (local.get $c)))
            (i32.add (i32.mul (local.get $k) (i32.const 1000)) (local.get $n)))
          (func (export "bytes_differ") (param $l i32) (param $r i32) (result i32)
            (i32.sub (i32.load8_u (local.get $l)) (i32.load8_u offset=1 (local.get $r))))
          (func (export "hash33") (param $p i32) (param $n i32) (result i64) (local $h i64)
            (local.set $h (i64.const 5381))
            (block $done (loop $l
              (br_if $done (i32.eqz (local.get $n)))
              (local.set $h (i64.add (i64.mul (local.get $h) (i64.const 33))
                                     (i64.load8_u offset=2 (i32.add (local.get $p) (i32.const 1)))))
              (local.set $p (i32.add (local.get $p) (i32.const 1)))
              (local.set $n (i32.sub (local.get $n) (i32.const 1)))
              (br $l)))
            (local.get $h))
        )
        """, debugNames: true);

    private readonly Store _store = new();
    private readonly Instance _instance;
    private readonly ValidatedModule _module = ModuleLoader.Load(Fusion);

    public FusionTests()
    {
        _instance = new Linker().Instantiate(_store, InterpreterEngine.Default.Compile(_module));
    }

    private WasmValue Call(string name, params WasmValue[] args) => _instance.GetFunction(name)!.Invoke(_store, args)[0];

    private Op FirstOp(string name)
    {
        var module = _module.Module;
        var export = module.Exports.First(e => e.Name == name);
        var code = Translator.Translate(_module, (int)export.Index - module.ImportedFunctionCount);
        return (Op)code.Code[0];
    }

    private bool Emits(string name, Op op)
    {
        var module = _module.Module;
        var export = module.Exports.First(e => e.Name == name);
        var code = Translator.Translate(_module, (int)export.Index - module.ImportedFunctionCount);
        return code.Code.Contains((int)op);
    }

    [Fact]
    public void MultiplyAddLoopOverMemory()
    {
        const int n = 37;
        var memory = _instance.Memory!;
        var span = memory.Span;
        for (var i = 0; i < n; i++)
        {
            BitConverter.TryWriteBytes(span[(1024 + 8 * i)..], 0.25 * i + 1);
            BitConverter.TryWriteBytes(span[(4096 + 8 * i)..], 3.5 - i);
            BitConverter.TryWriteBytes(span[(8192 + 4 * i)..], 0.125f * i);
            BitConverter.TryWriteBytes(span[(12288 + 4 * i)..], 7.75f + i);
        }
        _instance.GetFunction("axpy")!.Invoke(_store,
            [WasmValue.F64(1.5), WasmValue.F32(-2.25f), WasmValue.I32(1024), WasmValue.I32(4096), WasmValue.I32(8192), WasmValue.I32(12288), WasmValue.I32(n)]);
        span = memory.Span;
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(1.5 * (0.25 * i + 1) + (3.5 - i), BitConverter.ToDouble(span[(4096 + 8 * i)..]));
            Assert.Equal(-2.25f * (0.125f * i) + (7.75f + i), BitConverter.ToSingle(span[(12288 + 4 * i)..]));
        }
        // c[i] += a * b[i]: the multiplication with its load, then the addition with its load and the store
        Assert.True(Emits("axpy", Op.F64MulLoad));
        Assert.True(Emits("axpy", Op.F64AddLoadStore));
        Assert.True(Emits("axpy", Op.F32MulLoad));
        Assert.True(Emits("axpy", Op.F32AddLoadStore));
        Assert.True(Emits("axpy", Op.I32AddImm2));
    }

    [Fact]
    public void FusedLoadsTrapOutOfBounds()
    {
        var trap = Assert.Throws<WasmTrap>(() => _instance.GetFunction("axpy")!.Invoke(_store,
            [WasmValue.F64(1), WasmValue.F32(1), WasmValue.I32(65536 - 4), WasmValue.I32(0), WasmValue.I32(0), WasmValue.I32(0), WasmValue.I32(1)]));
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, trap.Kind);
        // the store's address is out of bounds, the load's is not: nothing is written
        var last = BitConverter.ToDouble(_instance.Memory!.Span[(65536 - 8)..]);
        trap = Assert.Throws<WasmTrap>(() => _instance.GetFunction("axpy")!.Invoke(_store,
            [WasmValue.F64(1), WasmValue.F32(1), WasmValue.I32(0), WasmValue.I32(65536 - 4), WasmValue.I32(0), WasmValue.I32(0), WasmValue.I32(1)]));
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, trap.Kind);
        Assert.Equal(last, BitConverter.ToDouble(_instance.Memory!.Span[(65536 - 8)..]));
        trap = Assert.Throws<WasmTrap>(() => Call("mul_load_left", WasmValue.F64(1), WasmValue.I32(65536 - 12)));
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, trap.Kind);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(-1)]
    [InlineData(int.MaxValue)]
    public void PairedAdditionsRunInOrder(int x)
    {
        var x1 = unchecked(x + 1);
        Assert.Equal(unchecked(x1 * 1000 + x1 + 10), Call("add_imm_chain", WasmValue.I32(x)).AsI32());
        Assert.Equal(Op.I32AddImm2, FirstOp("add_imm_chain"));
    }

    [Fact]
    public void AdditionsDoNotPairAcrossALoopStart()
    {
        // the loop's back-edge lands between the two additions: pairing them would add 1 to x on every iteration
        Assert.Equal(6 * 1000 + 10, Call("add_imm_loop", WasmValue.I32(5)).AsI32());
        Assert.Equal(Op.I32AddImm, FirstOp("add_imm_loop"));
    }

    [Theory]
    [InlineData(1, 2, 3)]
    [InlineData(int.MaxValue, 1, -7)]
    [InlineData(0x12345678, unchecked((int)0x9abcdef0), 0x0f0f0f0f)]
    public void IntegerPairs(int a, int b, int c)
    {
        Assert.Equal(unchecked(a + b + c), Call("add_add", WasmValue.I32(a), WasmValue.I32(b), WasmValue.I32(c)).AsI32());
        Assert.Equal(unchecked(c + (a + b)), Call("add_add_right", WasmValue.I32(a), WasmValue.I32(b), WasmValue.I32(c)).AsI32());
        Assert.Equal(unchecked((a ^ b) + c), Call("xor_add", WasmValue.I32(a), WasmValue.I32(b), WasmValue.I32(c)).AsI32());
        Assert.Equal((int)(uint.RotateLeft((uint)a, 7) ^ (uint)b), Call("rotl_xor", WasmValue.I32(a), WasmValue.I32(b)).AsI32());
        // 39 is 7 modulo 32: the count is masked
        Assert.Equal((int)((uint)b ^ uint.RotateLeft((uint)a, 7)), Call("rotl_xor_right", WasmValue.I32(a), WasmValue.I32(b)).AsI32());
        Assert.Equal(Op.I32AddAdd, FirstOp("add_add"));
        Assert.Equal(Op.I32AddAdd, FirstOp("add_add_right"));
        Assert.Equal(Op.I32XorAdd, FirstOp("xor_add"));
        Assert.Equal(Op.I32RotlImmXor, FirstOp("rotl_xor"));
        Assert.Equal(Op.I32RotlImmXor, FirstOp("rotl_xor_right"));
    }

    [Theory]
    [InlineData(1.5, 2.25, -3.0)]
    [InlineData(1e308, 10.0, -1e308)]
    [InlineData(0.1, 0.2, 0.3)]
    [InlineData(double.PositiveInfinity, 0.0, 1.0)]
    public void FloatPairsRoundEachStep(double a, double b, double c)
    {
        WasmValue[] args = [WasmValue.F64(a), WasmValue.F64(b), WasmValue.F64(c)];
        // two roundings, as the unfused instructions: 1e308 * 10 overflows to infinity before the addition
        AssertSameDouble(a * b + c, Call("mul_add", args).AsF64());
        AssertSameDouble((a + b) * c, Call("add_mul", args).AsF64());
        AssertSameDouble(a * b * c, Call("mul_mul", args).AsF64());
        AssertSameDouble(c * (a - b), Call("sub_mul_right", args).AsF64());
        Assert.Equal(Op.F64MulAdd, FirstOp("mul_add"));
        Assert.Equal(Op.F64AddMul, FirstOp("add_mul"));
        Assert.Equal(Op.F64MulMul, FirstOp("mul_mul"));
        Assert.Equal(Op.F64SubMul, FirstOp("sub_mul_right"));
    }

    private static void AssertSameDouble(double expected, double actual)
    {
        if (double.IsNaN(expected))
        {
            Assert.True(double.IsNaN(actual));
            return;
        }
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(actual));
    }

    [Fact]
    public void SubtractionOfALoadKeepsItsOrder()
    {
        BitConverter.TryWriteBytes(_instance.Memory!.Span[64..], 10.0);
        BitConverter.TryWriteBytes(_instance.Memory!.Span[72..], 4.0);
        Assert.Equal(3.0 - 10.0, Call("sub_load", WasmValue.F64(3), WasmValue.I32(64)).AsF64());
        Assert.Equal(4.0 * 2.5, Call("mul_load_left", WasmValue.F64(2.5), WasmValue.I32(64)).AsF64());
    }

    [Fact]
    public void StoreOfAConstantByte()
    {
        Assert.Equal(0xAB00, Call("store_byte", WasmValue.I32(100)).AsI32());
        Assert.True(Emits("store_byte", Op.Store8Imm));
        var trap = Assert.Throws<WasmTrap>(() => Call("store_byte", WasmValue.I32(65535)));
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, trap.Kind);
        Assert.Equal(0, _instance.Memory!.Span[65535]);
    }

    [Theory]
    [InlineData(0x12345678)]
    [InlineData(-1)]
    [InlineData(1)]
    public void ThreeRotationsXored(int e)
    {
        var x = (uint)e;
        var expected = uint.RotateLeft(x, 26) ^ uint.RotateLeft(x, 21) ^ uint.RotateLeft(x, 7);
        Assert.Equal((int)expected, Call("sigma", WasmValue.I32(e)).AsI32());
        Assert.Equal(Op.I32RotlXorRotl, FirstOp("sigma"));
    }

    [Theory]
    [InlineData(0x9E3779B97F4A7C15UL)]
    [InlineData(1UL)]
    [InlineData(ulong.MaxValue)]
    public void XorShiftWithMaskedCounts(ulong seed)
    {
        // the middle shift count is 89, which wasm takes modulo 64 (25)
        var x = seed;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        Assert.Equal((long)x, Call("xorshift", WasmValue.I64((long)seed)).AsI64());
        Assert.Equal(Op.I64XorShrUImm, FirstOp("xorshift"));
        Assert.True(Emits("xorshift", Op.I64XorShlImm));
    }

    [Fact]
    public void BranchesOnALoadedByte()
    {
        var memory = _instance.Memory!.Span;
        "hello, world\0"u8.CopyTo(memory[2000..]);
        Assert.Equal(12, Call("strlen", WasmValue.I32(2000)).AsI32());
        Assert.Equal(0, Call("strlen", WasmValue.I32(2012)).AsI32());
        Assert.True(Emits("strlen", Op.BrIfLoad8UZero));
        // bytes 2001..2013 (offset 1): 12 non-zero then the terminator
        Assert.Equal(11, Call("count_nonzero", WasmValue.I32(2000), WasmValue.I32(12)).AsI32());
        Assert.True(Emits("count_nonzero", Op.BrIfLoad8UZero));
        // no terminator before the end of memory: the load past the end traps
        memory[(65536 - 3)..].Fill(0x41);
        var trap = Assert.Throws<WasmTrap>(() => Call("strlen", WasmValue.I32(65536 - 3)));
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, trap.Kind);
    }

    [Fact]
    public void LoadsAfterAdvancingAPointer()
    {
        var memory = _instance.Memory!.Span;
        for (var i = 0; i < 10; i++)
        {
            BitConverter.TryWriteBytes(memory[(3000 + 4 * i)..], 7 * i + 1);
        }
        // s = words 1..5 (the pointer moves before each load); p ends at 3020
        var expected = Enumerable.Range(1, 5).Sum(i => 7 * i + 1) + 3020 * 1000;
        Assert.Equal(expected, Call("sum_words", WasmValue.I32(3000), WasmValue.I32(5)).AsI32());
        Assert.True(Emits("sum_words", Op.Load32UAfterAddImm));
        memory[3105] = 0x99;
        Assert.Equal(0x99, Call("byte_after", WasmValue.I32(3100)).AsI32());
        Assert.Equal(Op.Load8UAfterAddImm, FirstOp("byte_after"));
        var trap = Assert.Throws<WasmTrap>(() => Call("byte_after", WasmValue.I32(65536 - 5)));
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, trap.Kind);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(4, 1)]
    [InlineData(5, 0)]
    [InlineData(-1, 0)]
    [InlineData(int.MinValue, 1)]
    public void BitTestOfAnAndWithZero(int x, int expected)
    {
        Assert.Equal(expected, Call("low_bits_zero", WasmValue.I32(x)).AsI32());
        Assert.Equal(expected, Call("low_bits_zero_if", WasmValue.I32(x)).AsI32());
        Assert.Equal(Op.BrIfNotAndImm, FirstOp("low_bits_zero"));
        Assert.Equal(Op.BrIfAndImm, FirstOp("low_bits_zero_if"));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(3)]
    [InlineData(0)]
    [InlineData(100_001)]
    public void AdditionThenBranchOnAnotherLocal(int start)
    {
        // clang's shape for fib's loop: the condition is computed into a local, n moves, then br_if
        int k = 0, n = start;
        bool more;
        do
        {
            k++;
            more = (uint)n > 3;
            n = unchecked(n - 2);
        }
        while (more);
        Assert.Equal(unchecked(k * 1000 + n), Call("countdown_pairs", WasmValue.I32(start)).AsI32());
        Assert.True(Emits("countdown_pairs", Op.BrIfAfterAddImm));
    }

    [Fact]
    public void TwoByteLoadsInOne()
    {
        var memory = _instance.Memory!.Span;
        memory[5000] = 200;
        memory[6001] = 7;
        Assert.Equal(193, Call("bytes_differ", WasmValue.I32(5000), WasmValue.I32(6000)).AsI32());
        Assert.Equal(Op.Load8U2, FirstOp("bytes_differ"));
        // the second load is out of bounds (65535 + 1): a trap, as unfused
        var trap = Assert.Throws<WasmTrap>(() => Call("bytes_differ", WasmValue.I32(5000), WasmValue.I32(65535)));
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, trap.Kind);
    }

    [Fact]
    public void HashAddsALoadedByte()
    {
        var memory = _instance.Memory!.Span;
        var text = "The quick brown fox"u8;
        text.CopyTo(memory[7003..]);
        var h = 5381UL;
        foreach (var c in text)
        {
            h = h * 33 + c;
        }
        Assert.Equal((long)h, Call("hash33", WasmValue.I32(7000), WasmValue.I32(text.Length)).AsI64());
        Assert.True(Emits("hash33", Op.I64AddLoad8UAddImm));
        var trap = Assert.Throws<WasmTrap>(() => Call("hash33", WasmValue.I32(65536 - 3), WasmValue.I32(1)));
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, trap.Kind);
    }
}
