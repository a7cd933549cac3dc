using Microwasm.Binary;
using Microwasm.Model;
using SimdLoads = Microwasm.Tests.Simd.SimdLoads;
using Microwasm.Validation;
using static Microwasm.Model.Opcode;
using static Microwasm.Model.ValueType;
using static Microwasm.Tests.Validation.TestModules;
using Vop = Microwasm.Model.SimdOpcode;

namespace Microwasm.Tests.Validation;

public class SimdValidationTests
{
    private static readonly FuncType VoidToVoid = FuncType.Empty;
    private static readonly FuncType VoidToV128 = new([], [V128]);
    private static readonly FuncType V128ToV128 = new([V128], [V128]);
    private static readonly byte[] Zero16 = new byte[16];

    private static object[] V128Const => [Vop.V128Const, Zero16];

    private static FunctionFacts Valid(FuncType type, byte[] code, MemoryType[]? memories = null, params LocalEntry[] locals) =>
        Validator.Validate(Build(types: [type], functions: [0], codes: [Body(code, locals)], memories: memories)).Functions[0];

    private static WasmValidationException Invalid(FuncType type, byte[] code, string reason, MemoryType[]? memories = null)
    {
        var module = Build(types: [type], functions: [0], codes: [Body(code)], memories: memories);
        var ex = Assert.Throws<WasmValidationException>(() => Validator.Validate(module));
        Assert.StartsWith(reason, ex.Reason);
        return ex;
    }

    private static MemoryType[] OneMemory => [Memory(1)];

    // ---- v128 as a value type ----

    [Fact]
    public void V128InFunctionTypesLocalsAndBlocks()
    {
        var facts = Valid(V128ToV128, Code(LocalGet, 0, LocalSet, 1, Block, V128, LocalGet, 1, End), locals: new LocalEntry(1, V128));
        Assert.Equal([V128, V128], facts.LocalTypes);
        Assert.Equal(V128, Assert.Single(facts.Blocks).Type.Results.Single());
    }

    [Fact]
    public void SelectChoosesBetweenVectors()
    {
        Valid(VoidToV128, Code(V128Const, V128Const, I32Const, 0, Select));
        Valid(VoidToV128, Code(V128Const, V128Const, I32Const, 0, SelectTyped, 1, V128));
        Invalid(VoidToV128, Code(V128Const, I32Const, 0, I32Const, 0, Select), "type mismatch");
    }

    [Fact]
    public void V128GlobalsAndImports()
    {
        var global = new Global(new GlobalType(V128, true), Expr(Vop.V128Const, Zero16));
        var module = Build(
            types: [VoidToV128],
            imports: [ImportGlobal(V128)],
            globals: [global],
            functions: [0],
            codes: [Body(Code(GlobalGet, 0, GlobalSet, 1, GlobalGet, 1))]);
        Validator.Validate(module);
    }

    [Fact]
    public void ConstantExpressions()
    {
        // an imported immutable v128 global is constant too
        var fromImport = new Global(new GlobalType(V128, false), Expr(GlobalGet, 0));
        Validator.Validate(Build(imports: [ImportGlobal(V128)], globals: [fromImport]));

        var notConstant = new Global(new GlobalType(V128, false), Expr(I32Const, 0, Vop.I8x16Splat));
        var ex = Assert.Throws<WasmValidationException>(() => Validator.Validate(Build(globals: [notConstant])));
        Assert.StartsWith("constant expression required", ex.Reason);

        var wrongType = new Global(new GlobalType(I32, false), Expr(Vop.V128Const, Zero16));
        ex = Assert.Throws<WasmValidationException>(() => Validator.Validate(Build(globals: [wrongType])));
        Assert.StartsWith("type mismatch", ex.Reason);
    }

    // ---- instruction typing ----

    [Theory]
    [InlineData(Vop.I8x16Splat, I32)]
    [InlineData(Vop.I64x2Splat, I64)]
    [InlineData(Vop.F32x4Splat, F32)]
    [InlineData(Vop.F64x2Splat, F64)]
    public void SplatTakesItsLaneType(Vop op, ValueType lane)
    {
        Valid(new FuncType([lane], [V128]), Code(LocalGet, 0, op));
        var other = lane == I32 ? I64 : I32;
        Invalid(new FuncType([other], [V128]), Code(LocalGet, 0, op), "type mismatch");
    }

    [Fact]
    public void OperatorShapes()
    {
        Valid(new FuncType([V128, V128], [V128]), Code(LocalGet, 0, LocalGet, 1, Vop.I32x4Add));
        Valid(new FuncType([V128, V128, V128], [V128]), Code(LocalGet, 0, LocalGet, 1, LocalGet, 2, Vop.V128Bitselect));
        Valid(new FuncType([V128], [I32]), Code(LocalGet, 0, Vop.I8x16Bitmask));
        Valid(new FuncType([V128, I32], [V128]), Code(LocalGet, 0, LocalGet, 1, Vop.I64x2Shl));
        Valid(V128ToV128, Code(LocalGet, 0, Vop.F64x2PromoteLowF32x4));

        // the shift count is the i32 on top; the vector below
        Invalid(new FuncType([I32, V128], [V128]), Code(LocalGet, 0, LocalGet, 1, Vop.I64x2Shl), "type mismatch");
        Invalid(V128ToV128, Code(LocalGet, 0, Vop.I32x4Add), "type mismatch");
        Invalid(VoidToVoid, Code(V128Const), "type mismatch");
    }

    [Fact]
    public void UnreachableCodeTypesSimdOperandsAsUnknown()
    {
        Valid(new FuncType([], [I32]), Code(Unreachable, Vop.I8x16AllTrue));
        Valid(VoidToV128, Code(Unreachable, Vop.V128Bitselect));
    }

    // ---- lane immediates ----

    [Theory]
    [InlineData(Vop.I8x16ExtractLaneS, 16, I32)]
    [InlineData(Vop.I16x8ExtractLaneU, 8, I32)]
    [InlineData(Vop.I32x4ExtractLane, 4, I32)]
    [InlineData(Vop.I64x2ExtractLane, 2, I64)]
    [InlineData(Vop.F32x4ExtractLane, 4, F32)]
    [InlineData(Vop.F64x2ExtractLane, 2, F64)]
    public void ExtractLaneIndexBelowLaneCount(Vop op, int lanes, ValueType result)
    {
        var type = new FuncType([V128], [result]);
        Valid(type, Code(LocalGet, 0, op, (byte)(lanes - 1)));
        Invalid(type, Code(LocalGet, 0, op, (byte)lanes), "invalid lane index");
        Invalid(type, Code(LocalGet, 0, op, (byte)255), "invalid lane index");
    }

    [Fact]
    public void ReplaceLaneTakesVectorThenLane()
    {
        Valid(new FuncType([V128, F64], [V128]), Code(LocalGet, 0, LocalGet, 1, Vop.F64x2ReplaceLane, (byte)1));
        Invalid(new FuncType([V128, F64], [V128]), Code(LocalGet, 0, LocalGet, 1, Vop.F64x2ReplaceLane, (byte)2), "invalid lane index");
        Invalid(new FuncType([F64, V128], [V128]), Code(LocalGet, 0, LocalGet, 1, Vop.F64x2ReplaceLane, (byte)0), "type mismatch");
    }

    [Fact]
    public void ShuffleLanesIndexBothOperands()
    {
        var lanes = Enumerable.Range(16, 16).Select(i => (byte)i).ToArray();
        var code = Code(V128Const, V128Const, Vop.I8x16Shuffle, lanes);
        Valid(VoidToV128, code);

        lanes[7] = 32;
        Invalid(VoidToV128, Code(V128Const, V128Const, Vop.I8x16Shuffle, lanes), "invalid lane index");
    }

    // ---- memory instructions ----

    [Theory]
    [MemberData(nameof(SimdLoads.WithAccessSize), MemberType = typeof(SimdLoads))]
    public void LoadAlignmentAtMostNatural(Vop op, int size)
    {
        var naturalLog2 = System.Numerics.BitOperations.Log2((uint)size);
        Valid(VoidToV128, Code(I32Const, 0, op, naturalLog2, 0), OneMemory);
        Valid(VoidToV128, Code(I32Const, 0, op, 0, 1000), OneMemory);
        Invalid(VoidToV128, Code(I32Const, 0, op, naturalLog2 + 1, 0), "alignment must not be larger than natural", OneMemory);
        Invalid(VoidToV128, Code(I32Const, 0, op, 0, 0), "unknown memory");
    }

    [Fact]
    public void StoreTakesAddressThenVector()
    {
        Valid(VoidToVoid, Code(I32Const, 0, V128Const, Vop.V128Store, 4, 0), OneMemory);
        Invalid(VoidToVoid, Code(I32Const, 0, V128Const, Vop.V128Store, 5, 0), "alignment must not be larger than natural", OneMemory);
        Invalid(VoidToVoid, Code(V128Const, I32Const, 0, Vop.V128Store, 4, 0), "type mismatch", OneMemory);
        Invalid(VoidToVoid, Code(I32Const, 0, V128Const, Vop.V128Store, 4, 0), "unknown memory");
    }

    [Theory]
    [InlineData(Vop.V128Load8Lane, 0, 16)]
    [InlineData(Vop.V128Load16Lane, 1, 8)]
    [InlineData(Vop.V128Load32Lane, 2, 4)]
    [InlineData(Vop.V128Load64Lane, 3, 2)]
    public void LoadLaneChecksAlignmentAndLane(Vop op, int naturalLog2, int lanes)
    {
        Valid(VoidToV128, Code(I32Const, 0, V128Const, op, naturalLog2, 0, (byte)(lanes - 1)), OneMemory);
        Invalid(VoidToV128, Code(I32Const, 0, V128Const, op, naturalLog2 + 1, 0, (byte)0), "alignment must not be larger than natural", OneMemory);
        Invalid(VoidToV128, Code(I32Const, 0, V128Const, op, 0, 0, (byte)lanes), "invalid lane index", OneMemory);
    }

    [Theory]
    [InlineData(Vop.V128Store8Lane, 0, 16)]
    [InlineData(Vop.V128Store64Lane, 3, 2)]
    public void StoreLanePushesNothing(Vop op, int naturalLog2, int lanes)
    {
        Valid(VoidToVoid, Code(I32Const, 0, V128Const, op, naturalLog2, 0, (byte)(lanes - 1)), OneMemory);
        Invalid(VoidToV128, Code(I32Const, 0, V128Const, op, naturalLog2, 0, (byte)0), "type mismatch", OneMemory);
        Invalid(VoidToVoid, Code(I32Const, 0, V128Const, op, naturalLog2, 0, (byte)lanes), "invalid lane index", OneMemory);
    }

    // ---- malformed ----

    [Theory]
    [InlineData(0x9Au)]
    [InlineData(0xEEu)]
    [InlineData(0x100u)]
    public void UnknownSubOpcodeIsMalformed(uint sub)
    {
        var module = Function(VoidToVoid, Code(PrefixSimd, (int)sub));
        var ex = Wasm20Errors.Throws<WasmDecodeException>(() => Validator.Validate(module));
        Assert.Contains("illegal opcode", ex.Message);
    }

    [Fact]
    public void EverySimdOpcodeValidatesWithItsSignature()
    {
        // Build each instruction's operands from its signature, so every opcode the table
        // describes is exercised once through the validator.
        foreach (Vop op in Enum.GetValues<Vop>())
        {
            var signature = SimdSignatures.Get(op);
            var parts = new List<object>();
            for (var i = 0; i < signature.ParameterCount; i++)
            {
                parts.Add(signature.GetParameter(i) switch
                {
                    I32 => Code(I32Const, 0),
                    I64 => Code(I64Const, 0),
                    F32 => Code(F32Const, new byte[4]),
                    F64 => Code(F64Const, new byte[8]),
                    _ => Code(V128Const),
                });
            }
            parts.Add(op);
            switch (signature.Immediate)
            {
                case SimdImmediate.MemArg:
                    parts.Add(Code(signature.MaxAlignmentLog2, 0));
                    break;
                case SimdImmediate.MemArgLane:
                    parts.Add(Code(signature.MaxAlignmentLog2, 0, (byte)(signature.LaneCount - 1)));
                    break;
                case SimdImmediate.Lane:
                    parts.Add((byte)(signature.LaneCount - 1));
                    break;
                case SimdImmediate.Bytes16:
                    parts.Add(Zero16);
                    break;
            }
            var results = signature.HasResult ? new[] { signature.Result } : [];
            Valid(new FuncType([], results), Code([.. parts]), OneMemory);
        }
    }
}
