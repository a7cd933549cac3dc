using Microwasm.Interpreter;
using Microwasm.Model;
using Microwasm.Runtime;
using static Microwasm.Tests.Interpreter.InterpreterModules;

namespace Microwasm.Tests.Interpreter;

public class InterpreterTests
{
    private readonly Store _store = new();

    private Instance Instantiate(byte[] wasm, string? name = null, Linker? linker = null) =>
        (linker ?? new Linker()).Instantiate(_store, InterpreterEngine.Default.Compile(ModuleLoader.Load(wasm)), name);

    private WasmValue[] Call(Instance instance, string name, params WasmValue[] args) =>
        instance.GetFunction(name)!.Invoke(_store, args);

    private int CallI32(Instance instance, string name, params int[] args) =>
        Call(instance, name, [.. args.Select(WasmValue.I32)])[0].AsI32();

    private WasmTrap Trap(Instance instance, string name, params WasmValue[] args) =>
        Assert.Throws<WasmTrap>(() => Call(instance, name, args));

    [Fact]
    public void RecursiveFibonacci()
    {
        var instance = Instantiate(Basic);
        Assert.Equal(0, CallI32(instance, "fib", 0));
        Assert.Equal(1, CallI32(instance, "fib", 1));
        Assert.Equal(6765, CallI32(instance, "fib", 20));
    }

    [Fact]
    public void LoopWithLocals()
    {
        var instance = Instantiate(Basic);
        Assert.Equal(4_999_950_000L, Call(instance, "sum", WasmValue.I32(100_000))[0].AsI64());
        Assert.Equal(0L, Call(instance, "sum", WasmValue.I32(0))[0].AsI64());
    }

    [Theory]
    [InlineData(0, 100)]
    [InlineData(1, 101)]
    [InlineData(2, 102)]
    [InlineData(3, 103)]
    [InlineData(4, 103)]
    [InlineData(-1, 103)]
    public void BrTableSelectsTheLabel(int index, int expected)
    {
        var instance = Instantiate(Basic);
        Assert.Equal(expected, CallI32(instance, "switch", index));
    }

    [Theory]
    [InlineData(0, 1008)]
    [InlineData(1, 1007)]
    [InlineData(2, 1007)]
    [InlineData(9, 1007)]
    public void BrTableCarriesAValue(int index, int expected)
    {
        var instance = Instantiate(Basic);
        Assert.Equal(expected, CallI32(instance, "table_value", index));
    }

    [Fact]
    public void MultipleResultsAndBlockParameters()
    {
        var instance = Instantiate(Basic);
        var swapped = Call(instance, "swap_sub", WasmValue.I32(1), WasmValue.I32(2));
        Assert.Equal([WasmValue.I32(2), WasmValue.I32(1)], swapped);
        // pair(x) = (x, x+1); sub = -1; if x != 0: *10 else *20; the loop adds 3 until the value it started with is >= 5
        Assert.Equal(10, CallI32(instance, "multi", 0));
        Assert.Equal(8, CallI32(instance, "multi", 1));
        Assert.Equal(8, CallI32(instance, "multi", 7));
        Assert.Equal([WasmValue.I32(7), WasmValue.I64(8)], Call(instance, "early", WasmValue.I32(1)));
        Assert.Equal([WasmValue.I32(1), WasmValue.I64(2)], Call(instance, "early", WasmValue.I32(0)));
    }

    [Fact]
    public void SelectAndLocalOrder()
    {
        var instance = Instantiate(Basic);
        Assert.Equal(1, CallI32(instance, "select", 1, 2, 5));
        Assert.Equal(2, CallI32(instance, "select", 1, 2, 0));
        // the value read before local.set must not see the write
        Assert.Equal(4, CallI32(instance, "tee_order", 9));
    }

    [Fact]
    public void MemoryLoadsAndStores()
    {
        var instance = Instantiate(Memory);
        Assert.Equal(0x1122334455667788L, Call(instance, "store_load", WasmValue.I32(100), WasmValue.I64(0x1122334455667788L))[0].AsI64());
        Assert.Equal(0x88 - 256, CallI32(instance, "load8_s", 100));
        Assert.Equal(0x88, CallI32(instance, "load8_u", 100));
        Assert.Equal(0x5566L, Call(instance, "load16_s64", WasmValue.I32(100))[0].AsI64());
        Assert.Equal(0x55667788L, Call(instance, "load32_u64", WasmValue.I32(100))[0].AsI64());
        Call(instance, "store8", WasmValue.I32(200), WasmValue.I32(0x1FF));
        Assert.Equal(0xFF, CallI32(instance, "load8_u", 200));
        Assert.Equal(0, CallI32(instance, "load8_u", 201));
        Assert.Equal(0x55667788u, Call(instance, "load_f32", WasmValue.I32(100))[0].Bits);
    }

    [Fact]
    public void MemoryGrowMovesTheBoundsCheck()
    {
        var instance = Instantiate(Memory);
        Assert.Equal(1, CallI32(instance, "size"));
        Assert.Equal(0, CallI32(instance, "load_last"));
        Assert.Equal(1, CallI32(instance, "grow", 1));
        Assert.Equal(2, CallI32(instance, "size"));
        Assert.Equal(0, CallI32(instance, "load_last"));
        Assert.Equal(-1, CallI32(instance, "grow", 2));
        Assert.Equal(2, CallI32(instance, "size"));
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Trap(instance, "load8_u", WasmValue.I32(2 * 65536)).Kind);
    }

    [Fact]
    public void BulkMemory()
    {
        var instance = Instantiate(Memory);
        Call(instance, "fill", WasmValue.I32(10), WasmValue.I32(0xAB), WasmValue.I32(3));
        Assert.Equal(0xAB, CallI32(instance, "load8_u", 12));
        Assert.Equal(0, CallI32(instance, "load8_u", 13));
        Call(instance, "init", WasmValue.I32(20), WasmValue.I32(2), WasmValue.I32(4));
        Assert.Equal(3, CallI32(instance, "load8_u", 20));
        Assert.Equal(6, CallI32(instance, "load8_u", 23));
        Call(instance, "copy", WasmValue.I32(21), WasmValue.I32(20), WasmValue.I32(4));
        Assert.Equal(3, CallI32(instance, "load8_u", 21));
        Assert.Equal(6, CallI32(instance, "load8_u", 24));
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess,
            Trap(instance, "fill", WasmValue.I32(65535), WasmValue.I32(0), WasmValue.I32(2)).Kind);
        Call(instance, "drop");
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess,
            Trap(instance, "init", WasmValue.I32(0), WasmValue.I32(0), WasmValue.I32(1)).Kind);
        Call(instance, "init", WasmValue.I32(0), WasmValue.I32(0), WasmValue.I32(0));
    }

    [Fact]
    public void TrapsOfEachKind()
    {
        var instance = Instantiate(Traps);
        Assert.Equal(TrapKind.Unreachable, Trap(instance, "unreachable").Kind);
        Assert.Equal(TrapKind.IntegerDivideByZero, Trap(instance, "div_s", WasmValue.I32(1), WasmValue.I32(0)).Kind);
        Assert.Equal(TrapKind.IntegerOverflow, Trap(instance, "div_s", WasmValue.I32(int.MinValue), WasmValue.I32(-1)).Kind);
        Assert.Equal(TrapKind.InvalidConversionToInteger, Trap(instance, "trunc", WasmValue.F64(double.NaN)).Kind);
        Assert.Equal(TrapKind.IntegerOverflow, Trap(instance, "trunc", WasmValue.F64(3e9)).Kind);
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Trap(instance, "oob_load", WasmValue.I32(65532)).Kind);
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Trap(instance, "oob_load", WasmValue.I32(-1)).Kind);
        Assert.Equal(TrapKind.OutOfBoundsTableAccess, Trap(instance, "oob_table", WasmValue.I32(4)).Kind);
        Assert.Equal(TrapKind.IndirectCallTypeMismatch, Trap(instance, "call_indirect", WasmValue.I32(1), WasmValue.I32(0)).Kind);
        Assert.Equal(TrapKind.UninitializedElement, Trap(instance, "call_indirect", WasmValue.I32(2), WasmValue.I32(0)).Kind);
        Assert.Equal(TrapKind.UndefinedElement, Trap(instance, "call_indirect", WasmValue.I32(4), WasmValue.I32(0)).Kind);
        Assert.Equal(42, CallI32(instance, "call_indirect", 0, 41));
        Assert.Equal(65532, CallI32(instance, "oob_load", 65528) + 65532);
    }

    [Fact]
    public void GlobalsReferencesAndTables()
    {
        var instance = Instantiate(Traps);
        Assert.Equal(42, CallI32(instance, "global"));
        Assert.Equal(44, CallI32(instance, "global"));
        Assert.Equal([WasmValue.I32(0), WasmValue.I32(1)], Call(instance, "ref"));
        Assert.Equal([WasmValue.I32(4), WasmValue.I32(6)], Call(instance, "grow_table", WasmValue.I32(2)));
        var nop = Call(instance, "oob_table", WasmValue.I32(5))[0];
        Assert.NotNull(nop.Reference);
    }

    [Fact]
    public void DeepRecursionTrapsAndTheContextStillWorks()
    {
        var instance = Instantiate(Traps);
        var trap = Trap(instance, "deep", WasmValue.I32(1_000_000));
        Assert.Equal(TrapKind.CallStackExhausted, trap.Kind);
        Assert.Equal(1000, CallI32(instance, "deep", 1000));
        Assert.Equal(TrapKind.CallStackExhausted, Trap(instance, "deep", WasmValue.I32(1_000_000)).Kind);
        Assert.Equal(10_000, CallI32(instance, "deep", 10_000));
    }

    [Fact]
    public void TrapCarriesTheWasmStack()
    {
        var instance = Instantiate(InterpreterModules.Host, linker: new Linker().Define("env", "host", new HostFunction(
            new FuncType([ValueType.I32], [ValueType.I32]), (_, _) => { })));
        var trap = Trap(instance, "fail");
        Assert.Equal(["inner", "func[2]"], trap.WasmStack);
    }

    [Fact]
    public void HostToWasmRecursionTrapsCleanly()
    {
        Instance? instance = null;
        var host = new HostFunction(new FuncType([ValueType.I32], [ValueType.I32]), (context, slots) =>
        {
            var down = instance!.GetFunction("down")!;
            Span<ulong> inner = [slots[0]];
            down.Invoke(context, inner);
            slots[0] = inner[0];
        });
        instance = Instantiate(InterpreterModules.Host, linker: new Linker().Define("env", "host", host));
        Assert.Equal(100, CallI32(instance, "down", 100));
        var trap = Trap(instance, "down", WasmValue.I32(10_000_000));
        Assert.Equal(TrapKind.CallStackExhausted, trap.Kind);
        Assert.Equal(500, CallI32(instance, "down", 500));
    }

    [Theory]
    [InlineData(0, 1, 1, -2147483648)]
    [InlineData(-3, 1, 1, 2147483645)]
    [InlineData(-2, 0, 1, 2147483646)]
    [InlineData(-1, 0, 1, 2147483647)]
    [InlineData(-6, 1, 0, 2147483642)]
    public void ConstantOperandsKeepSignedness(int x, int ltu, int ges, int sub)
    {
        var instance = Instantiate(Basic);
        Assert.Equal(ltu, CallI32(instance, "ltu_imm", x));
        Assert.Equal(ges, CallI32(instance, "ge_s_imm", x));
        Assert.Equal(sub, CallI32(instance, "sub_imm", x));
    }

    [Fact]
    public void CallsIntoAnotherInstanceSwitchItsMemory()
    {
        var lib = Instantiate(Lib, "lib");
        var user = Instantiate(User, "user", new Linker().DefineInstance("lib", lib));
        Assert.Equal(42 * 100 + 7, CallI32(user, "both"));
        // the other instance's memory grows; this one's size is read after the call
        Assert.Equal(1, CallI32(user, "grow_other"));
        Assert.Equal(2, (int)lib.Memory!.Pages);
        var trap = Trap(user, "outer");
        Assert.Equal(TrapKind.Unreachable, trap.Kind);
        Assert.Equal(["lib!boom", "user!outer"], trap.WasmStack);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-1)]
    [InlineData(0x12345678)]
    [InlineData(int.MinValue)]
    public void ConstantShiftCountsAreMasked(int x)
    {
        var instance = Instantiate(Basic);
        var expected = ((x << 1) + (int)((uint)x >> 31)) ^ ((int)uint.RotateRight((uint)x, 4) + x * -3);
        Assert.Equal(expected, CallI32(instance, "imm_ops", x));
    }
}
