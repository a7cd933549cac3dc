using Microwasm.Binary;
using Microwasm.Model;
using Microwasm.Validation;
using static Microwasm.Model.Opcode;
using static Microwasm.Model.PrefixedOpcode;
using static Microwasm.Model.ValueType;
using static Microwasm.Tests.Validation.TestModules;

namespace Microwasm.Tests.Validation;

public class ValidatorTests
{
    private static readonly FuncType VoidToVoid = FuncType.Empty;
    private static readonly FuncType VoidToI32 = new([], [I32]);
    private static readonly FuncType I32ToI32 = new([I32], [I32]);

    private static WasmValidationException Invalid(Module module, string reason)
    {
        // 2.0's error: where 3.0 has a feature, Wasm3FeatureTests checks that it is reported as unsupported
        var ex = Wasm20Errors.Throws<WasmValidationException>(() => Validator.Validate(module));
        Assert.StartsWith(reason, ex.Reason);
        return ex;
    }

    private static WasmValidationException InvalidFunction(FuncType type, byte[] code, string reason, params LocalEntry[] locals) =>
        Invalid(Function(type, code, locals), reason);

    private static FunctionFacts Valid(FuncType type, byte[] code, params LocalEntry[] locals) =>
        Validator.Validate(Function(type, code, locals)).Functions[0];

    // ---- valid programs and their facts ----

    [Fact]
    public void EmptyFunctionHasNoBlocks()
    {
        var facts = Valid(VoidToVoid, []);
        Assert.Empty(facts.Blocks);
        Assert.Equal(0, facts.MaxStackHeight);
        Assert.Empty(facts.LocalTypes);
    }

    [Fact]
    public void LocalTypesAreParametersThenDeclaredLocals()
    {
        var facts = Valid(new FuncType([I64, F32], []), [], new LocalEntry(2, I32), new LocalEntry(1, ExternRef));
        Assert.Equal([I64, F32, I32, I32, ExternRef], facts.LocalTypes);
    }

    [Fact]
    public void BlockWithParametersFromTypeIndex()
    {
        // (func (result i32) i32.const 1 (block (type 1) (param i32) (result i32) i32.const 2 i32.add))
        var module = Build(
            types: [VoidToI32, I32ToI32],
            functions: [0],
            codes: [Body(Code(I32Const, 1, Block, 1, I32Const, 2, I32Add, End))]);
        var facts = Validator.Validate(module).Functions[0];

        var block = Assert.Single(facts.Blocks);
        Assert.Equal(Block, block.Opcode);
        Assert.Equal(2, block.Start);
        Assert.Equal(-1, block.Else);
        Assert.Equal(7, block.End);
        Assert.Same(module.Types[1], block.Type);
        Assert.Equal(2, facts.MaxStackHeight);
    }

    [Fact]
    public void IfElseRecordsPositionsInOpcodeOrder()
    {
        // (func (param i32) (result i32)
        //   local.get 0 (if (result i32) (then (block nop) i32.const 1) (else i32.const 2)))
        var code = Code(LocalGet, 0, If, I32, Block, BlockEmpty, Nop, End, I32Const, 1, Else, I32Const, 2, End);
        var facts = Valid(I32ToI32, code);

        Assert.Equal(2, facts.Blocks.Length);
        var ifFacts = facts.Blocks[0];
        Assert.Equal(If, ifFacts.Opcode);
        Assert.Equal(2, ifFacts.Start);
        Assert.Equal(10, ifFacts.Else);
        Assert.Equal(13, ifFacts.End);
        Assert.Equal(VoidToI32, ifFacts.Type);

        var inner = facts.Blocks[1];
        Assert.Equal((Block, 4, -1, 7), (inner.Opcode, inner.Start, inner.Else, inner.End));
        Assert.Same(FuncType.Empty, inner.Type);
    }

    [Fact]
    public void SingleResultBlockTypesAreShared()
    {
        var facts = Valid(VoidToVoid, Code(Block, I32, I32Const, 0, End, Drop, Block, I32, I32Const, 1, End, Drop));
        Assert.Same(facts.Blocks[0].Type, facts.Blocks[1].Type);
    }

    [Fact]
    public void LoopBranchTargetsItsParameters()
    {
        // i32.const 0 (loop (type i32->i32) i32.const 1 i32.add local.get 0 br_if 0) drop
        var module = Build(
            types: [I32ToI32, VoidToVoid],
            functions: [1],
            codes: [Body(Code(I32Const, 0, Loop, 0, I32Const, 1, I32Add, LocalGet, 0, BrIf, 0, End, Drop), new LocalEntry(1, I32))]);
        var facts = Validator.Validate(module).Functions[0];
        Assert.Equal(Loop, facts.Blocks[0].Opcode);
    }

    [Fact]
    public void BranchToLoopTakesItsParametersNotItsResults()
    {
        // (loop (result i32) f32.const 0 (br_if 0 (i32.const 1)) drop i32.const 0) drop:
        // br_if passes the loop's parameters (none), so the f32 stays for the drop
        Valid(VoidToVoid, Code(Loop, I32, F32Const, new byte[4], I32Const, 1, BrIf, 0, Drop, I32Const, 0, End, Drop));
        InvalidFunction(VoidToVoid, Code(Block, I32, F32Const, new byte[4], I32Const, 1, BrIf, 0, Drop, I32Const, 0, End, Drop), "type mismatch");
    }

    [Fact]
    public void BrTableWithConsistentTargets()
    {
        // (block (result i32) (block (result i32) i32.const 1 local.get 0 br_table 0 1 1))
        var code = Code(Block, I32, Block, I32, I32Const, 1, LocalGet, 0, BrTable, 2, 0, 1, 1, End, End);
        Valid(I32ToI32, code);
    }

    [Fact]
    public void BrTableAfterUnreachableAcceptsLabelsOfSameArityButDifferentTypes()
    {
        // The polymorphic stack hands out unknown values that fit both an f32 and an i32 label.
        var code = Code(Block, I32, Block, F32, Unreachable, BrTable, 1, 0, 1, End, Drop, I32Const, 0, End);
        Valid(VoidToI32, code);
    }

    [Fact]
    public void BrTableWithDifferentArityIsInvalid()
    {
        var code = Code(Block, I32, Block, BlockEmpty, I32Const, 1, I32Const, 0, BrTable, 1, 0, 1, End, I32Const, 0, End, Drop);
        InvalidFunction(VoidToVoid, code, "type mismatch");
    }

    [Theory]
    [InlineData(new object[] { new object[] { Unreachable, I32Add } })]
    [InlineData(new object[] { new object[] { I32Const, 0, Return, F32Add, Drop, I32Const, 0 } })]
    [InlineData(new object[] { new object[] { I32Const, 7, Br, 0, I64Eqz } })]
    [InlineData(new object[] { new object[] { Block, BlockEmpty, Unreachable, Select, Drop, End, I32Const, 0 } })]
    public void PolymorphicStackAfterUnconditionalBranch(object[] parts) => Valid(VoidToI32, Code(parts));

    [Fact]
    public void UnreachableDoesNotHideConcreteMismatch()
    {
        // the f32 was pushed after unreachable, so it is a known type
        InvalidFunction(VoidToI32, Code(Unreachable, F32Const, new byte[4], I32Eqz), "type mismatch");
    }

    [Fact]
    public void MultiValueFunctionAndBlock()
    {
        var pair = new FuncType([], [I32, I64]);
        var module = Build(
            types: [pair],
            functions: [0, 0],
            codes:
            [
                Body(Code(I32Const, 1, I64Const, 2)),
                Body(Code(Block, 0, Call, 0, End)),
            ]);
        var facts = Validator.Validate(module).Functions;
        Assert.Equal(2, facts[0].MaxStackHeight);
        Assert.Same(pair, facts[1].Blocks[0].Type);
    }

    [Fact]
    public void TypedSelectOfReferences()
    {
        var code = Code(RefNull, FuncRef, RefNull, FuncRef, I32Const, 1, SelectTyped, 1, FuncRef, Drop);
        Valid(VoidToVoid, code);
    }

    [Fact]
    public void UntypedSelectOfReferencesIsInvalid()
    {
        var code = Code(RefNull, FuncRef, RefNull, FuncRef, I32Const, 1, Select, Drop);
        InvalidFunction(VoidToVoid, code, "type mismatch");
    }

    [Fact]
    public void TypedSelectNeedsExactlyOneType()
    {
        var code = Code(I32Const, 1, I32Const, 1, I32Const, 1, SelectTyped, 2, I32, I32, Drop);
        InvalidFunction(VoidToVoid, code, "invalid result arity");
    }

    [Fact]
    public void RefFuncOfExportedOrElementFunctionIsDeclared()
    {
        var code = Body(Code(RefFunc, 1, Drop, RefFunc, 2, Drop));
        var module = Build(
            types: [VoidToVoid],
            functions: [0, 0, 0],
            codes: [code, Body([]), Body([])],
            exports: [new Export("f1", ExternalKind.Function, 1)],
            elements: [new ElementSegment(SegmentMode.Declarative, FuncRef) { FunctionIndices = [2] }]);
        Validator.Validate(module);
    }

    [Fact]
    public void RefFuncOfGlobalInitialiserFunctionIsDeclared()
    {
        var module = Build(
            types: [VoidToVoid],
            functions: [0],
            codes: [Body(Code(RefFunc, 0, Drop))],
            globals: [new Global(new GlobalType(FuncRef, false), Expr(RefFunc, 0))]);
        Validator.Validate(module);
    }

    [Fact]
    public void RefFuncOfUndeclaredFunctionIsInvalid()
    {
        // the start function does not declare a reference
        var module = Build(types: [VoidToVoid], functions: [0], codes: [Body(Code(RefFunc, 0, Drop))], start: 0);
        Invalid(module, "undeclared function reference");
    }

    [Fact]
    public void RefIsNullNeedsAReference()
    {
        Valid(VoidToI32, Code(RefNull, ExternRef, RefIsNull));
        InvalidFunction(VoidToI32, Code(I32Const, 0, RefIsNull), "type mismatch");
    }

    [Fact]
    public void MemoryAndBulkInstructions()
    {
        var code = Code(
            I32Const, 0, I64Load, 3, 0, Drop,
            I32Const, 0, F32Const, new byte[4], F32Store, 2, 8,
            I32Const, 0, I32Load8U, 0, 0, Drop,
            MemorySize, 0, MemoryGrow, 0, Drop,
            I32Const, 0, I32Const, 0, I32Const, 0, MemoryInit, 0, 0,
            DataDrop, 0,
            I32Const, 0, I32Const, 0, I32Const, 0, MemoryCopy, 0, 0,
            I32Const, 0, I32Const, 0, I32Const, 0, MemoryFill, 0);
        var module = Build(
            types: [VoidToVoid], functions: [0], codes: [Body(code)], memories: [Memory(1)],
            datas: [new DataSegment(SegmentMode.Passive, new byte[3])], dataCount: 1);
        Validator.Validate(module);
    }

    [Fact]
    public void TableInstructions()
    {
        var code = Code(
            I32Const, 0, TableGet, 0, Drop,
            I32Const, 0, RefNull, FuncRef, TableSet, 0,
            RefNull, FuncRef, I32Const, 1, TableGrow, 0, Drop,
            TableSize, 1, Drop,
            I32Const, 0, RefNull, FuncRef, I32Const, 1, TableFill, 0,
            I32Const, 0, I32Const, 0, I32Const, 0, TableCopy, 0, 0,
            I32Const, 0, I32Const, 0, I32Const, 0, TableInit, 0, 0,
            ElemDrop, 0,
            I32Const, 0, CallIndirect, 0, 0);
        var module = Build(
            types: [VoidToVoid], functions: [0], codes: [Body(code)],
            tables: [Table(FuncRef), Table(ExternRef)],
            elements: [new ElementSegment(SegmentMode.Passive, FuncRef) { FunctionIndices = [0] }]);
        Validator.Validate(module);
    }

    [Fact]
    public void NumericAndConversionInstructions()
    {
        var code = Code(
            I64Const, 5, I32WrapI64, I32Extend8S, F64ConvertI32S, F32DemoteF64, I32TruncSatF32S, I64ExtendI32U,
            I64Const, 1, I64Rotl, F64ReinterpretI64, F64Const, new byte[8], F64Copysign, I64TruncSatF64U, I64Eqz);
        Valid(VoidToI32, code);
    }

    [Fact]
    public void GlobalsInFunctions()
    {
        var module = Build(
            types: [VoidToVoid], functions: [0],
            codes: [Body(Code(GlobalGet, 0, GlobalSet, 1))],
            imports: [ImportGlobal(I32)],
            globals: [new Global(new GlobalType(I32, true), Expr(GlobalGet, 0))]);
        Validator.Validate(module);
    }

    // ---- function body errors ----

    [Fact]
    public void TypeMismatchCarriesFunctionIndexAndAbsoluteOffset()
    {
        // (func (result i32) i32.const 0 f32.neg): f32.neg is at position 2 of the body;
        // one imported function puts the defined function at index 1
        var module = Build(
            types: [VoidToI32],
            imports: [ImportFunction(0)],
            functions: [0],
            codes: [Body(Code(I32Const, 0, F32Neg))]);
        var ex = Invalid(module, "type mismatch");
        Assert.Equal(1, ex.FunctionIndex);
        Assert.Equal(CodeOffset + 2, ex.Offset);
    }

    [Theory]
    [InlineData(new object[] { new object[] { I32Add } })]
    [InlineData(new object[] { new object[] { I32Const, 1 } })]
    [InlineData(new object[] { new object[] { Block, I32, End } })]
    [InlineData(new object[] { new object[] { I32Const, 1, If, I32, I32Const, 1, End, Drop } })]
    [InlineData(new object[] { new object[] { Block, BlockEmpty, I32Const, 1, End } })]
    [InlineData(new object[] { new object[] { Block, I32, F32Const, new byte[] { 0, 0, 0, 0 }, Br, 0, End, Drop } })]
    [InlineData(new object[] { new object[] { I64Const, 1, LocalSet, 0 } })]
    [InlineData(new object[] { new object[] { I32Const, 0, F32Const, new byte[] { 0, 0, 0, 0 }, I32Const, 0, Select, Drop } })]
    public void TypeMismatches(object[] parts) =>
        InvalidFunction(VoidToVoid, Code(parts), "type mismatch", new LocalEntry(1, I32));

    [Fact]
    public void IfWithoutElseMustNotChangeTypes()
    {
        var module = Build(
            types: [VoidToVoid, new FuncType([I32], [F32])],
            functions: [0],
            codes: [Body(Code(I32Const, 1, I32Const, 1, If, 1, F32ConvertI32S, End, Drop))]);
        Invalid(module, "type mismatch");
    }

    [Theory]
    [InlineData(new object[] { new object[] { Br, 1 } }, "unknown label")]
    [InlineData(new object[] { new object[] { Block, BlockEmpty, I32Const, 0, BrTable, 1, 0, 2, End } }, "unknown label")]
    [InlineData(new object[] { new object[] { Call, 5 } }, "unknown function")]
    [InlineData(new object[] { new object[] { RefFunc, 5, Drop } }, "unknown function")]
    [InlineData(new object[] { new object[] { I32Const, 0, CallIndirect, 0, 0 } }, "unknown table")]
    [InlineData(new object[] { new object[] { TableSize, 0, Drop } }, "unknown table")]
    [InlineData(new object[] { new object[] { Block, 7, End } }, "unknown type")]
    [InlineData(new object[] { new object[] { GlobalGet, 0, Drop } }, "unknown global")]
    [InlineData(new object[] { new object[] { LocalGet, 1, Drop } }, "unknown local")]
    [InlineData(new object[] { new object[] { I32Const, 0, I32Load, 2, 0, Drop } }, "unknown memory")]
    [InlineData(new object[] { new object[] { MemorySize, 0, Drop } }, "unknown memory")]
    [InlineData(new object[] { new object[] { DataDrop, 0 } }, "unknown data segment")]
    [InlineData(new object[] { new object[] { ElemDrop, 0 } }, "unknown elem segment")]
    public void UnknownIndices(object[] parts, string reason) =>
        InvalidFunction(VoidToVoid, Code(parts), reason, new LocalEntry(1, I32));

    [Fact]
    public void GlobalSetOfImmutableGlobal()
    {
        var module = Build(
            types: [VoidToVoid], functions: [0], codes: [Body(Code(I32Const, 1, GlobalSet, 0))],
            globals: [new Global(new GlobalType(I32, false), Expr(I32Const, 0))]);
        Invalid(module, "global is immutable");
    }

    [Theory]
    [InlineData(I32Load, 3)]
    [InlineData(I64Load, 4)]
    [InlineData(I32Load16S, 2)]
    [InlineData(I64Load32U, 3)]
    [InlineData(I32Load8U, 1)]
    public void AlignmentLargerThanNatural(Opcode load, int alignment)
    {
        var module = Build(
            types: [VoidToVoid], functions: [0], memories: [Memory(1)],
            codes: [Body(Code(I32Const, 0, load, alignment, 0, Drop))]);
        Invalid(module, "alignment must not be larger than natural");
    }

    [Fact]
    public void CallIndirectNeedsFuncrefTable()
    {
        var module = Build(
            types: [VoidToVoid], functions: [0], tables: [Table(ExternRef)],
            codes: [Body(Code(I32Const, 0, CallIndirect, 0, 0))]);
        Invalid(module, "type mismatch");
    }

    [Fact]
    public void TableCopyBetweenDifferentElementTypes()
    {
        var module = Build(
            types: [VoidToVoid], functions: [0], tables: [Table(ExternRef), Table(FuncRef)],
            codes: [Body(Code(I32Const, 0, I32Const, 0, I32Const, 0, TableCopy, 0, 1))]);
        Invalid(module, "type mismatch");
    }

    [Fact]
    public void MemoryInitBeyondDataCount()
    {
        var module = Build(
            types: [VoidToVoid], functions: [0], memories: [Memory(1)],
            codes: [Body(Code(I32Const, 0, I32Const, 0, I32Const, 0, MemoryInit, 1, 0))],
            datas: [new DataSegment(SegmentMode.Passive, new byte[1])], dataCount: 1);
        Invalid(module, "unknown data segment");
    }

    // ---- module-level errors ----

    [Fact]
    public void FunctionWithUnknownType() =>
        Invalid(Build(types: [VoidToVoid], functions: [1], codes: [Body([])]), "unknown type");

    [Theory]
    [InlineData(new object[] { new object[] { I32Const, 1, I32Const, 2, I32Add } }, "constant expression required")]
    [InlineData(new object[] { new object[] { Nop, I32Const, 1 } }, "constant expression required")]
    [InlineData(new object[] { new object[] { GlobalGet, 1 } }, "constant expression required")]
    [InlineData(new object[] { new object[] { GlobalGet, 2 } }, "unknown global")]
    [InlineData(new object[] { new object[] { GlobalGet, 3 } }, "unknown global")]
    [InlineData(new object[] { new object[] { I64Const, 0 } }, "type mismatch")]
    [InlineData(new object[] { new object[] { } }, "type mismatch")]
    [InlineData(new object[] { new object[] { I32Const, 0, I32Const, 0 } }, "type mismatch")]
    [InlineData(new object[] { new object[] { RefNull, FuncRef } }, "type mismatch")]
    public void GlobalInitialisers(object[] parts, string reason)
    {
        // global 0: imported immutable, 1: imported mutable, 2: defined earlier, 3: the one tested
        var module = Build(
            imports: [ImportGlobal(I32), ImportGlobal(I32, mutable: true)],
            globals:
            [
                new Global(new GlobalType(I32, false), Expr(I32Const, 0)),
                new Global(new GlobalType(I32, false), Expr(parts)),
            ]);
        Invalid(module, reason);
    }

    [Fact]
    public void GlobalInitialiserMayReadImportedImmutableGlobal()
    {
        var module = Build(
            imports: [ImportGlobal(I64)],
            globals: [new Global(new GlobalType(I64, true), Expr(GlobalGet, 0))]);
        Validator.Validate(module);
    }

    [Fact]
    public void DuplicateExportName()
    {
        var module = Build(
            types: [VoidToVoid], functions: [0], codes: [Body([])],
            exports: [new Export("f", ExternalKind.Function, 0), new Export("f", ExternalKind.Function, 0)]);
        Invalid(module, "duplicate export name");
    }

    [Theory]
    [InlineData(ExternalKind.Function, "unknown function 1")]
    [InlineData(ExternalKind.Table, "unknown table 1")]
    [InlineData(ExternalKind.Memory, "unknown memory 1")]
    [InlineData(ExternalKind.Global, "unknown global 1")]
    public void ExportOfUnknownEntity(ExternalKind kind, string reason)
    {
        var module = Build(
            types: [VoidToVoid], functions: [0], codes: [Body([])], tables: [Table(FuncRef)], memories: [Memory(0)],
            globals: [new Global(new GlobalType(I32, false), Expr(I32Const, 0))],
            exports: [new Export("x", kind, 1)]);
        Invalid(module, reason);
    }

    [Fact]
    public void MultipleMemories()
    {
        var import = new Import("env", "m", ExternalKind.Memory) { Memory = Memory(1) };
        Invalid(Build(imports: [import], memories: [Memory(1)]), "multiple memories");
    }

    [Theory]
    [InlineData(2u, 1u, "size minimum must not be greater than maximum")]
    [InlineData(65537u, null, "memory size must be at most 65536 pages (4GiB)")]
    [InlineData(0u, 65537u, "memory size must be at most 65536 pages (4GiB)")]
    public void MemoryLimits(uint min, uint? max, string reason) =>
        Invalid(Build(memories: [Memory(min, max)]), reason);

    [Fact]
    public void MemoryOfMaximumSizeIsValid() => Validator.Validate(Build(memories: [Memory(65536, 65536)]));

    [Fact]
    public void TableLimits() =>
        Invalid(Build(tables: [Table(FuncRef, 3, 2)]), "size minimum must not be greater than maximum");

    [Fact]
    public void StartFunctionMustTakeAndReturnNothing()
    {
        Invalid(Build(types: [VoidToI32], functions: [0], codes: [Body(Code(I32Const, 0))], start: 0), "start function");
        Invalid(Build(types: [VoidToVoid], functions: [0], codes: [Body([])], start: 1), "unknown function");
    }

    [Fact]
    public void ElementSegmentTypeMustMatchTable()
    {
        var segment = new ElementSegment(SegmentMode.Active, ExternRef) { Offset = Expr(I32Const, 0), Expressions = [Expr(RefNull, ExternRef)] };
        Invalid(Build(tables: [Table(FuncRef)], elements: [segment]), "type mismatch");
    }

    [Fact]
    public void ElementSegmentErrors()
    {
        var unknownTable = new ElementSegment(SegmentMode.Active, FuncRef) { TableIndex = 1, Offset = Expr(I32Const, 0), FunctionIndices = [] };
        Invalid(Build(tables: [Table(FuncRef)], elements: [unknownTable]), "unknown table");

        var badOffset = new ElementSegment(SegmentMode.Active, FuncRef) { Offset = Expr(I64Const, 0), FunctionIndices = [] };
        Invalid(Build(tables: [Table(FuncRef)], elements: [badOffset]), "type mismatch");

        var badItem = new ElementSegment(SegmentMode.Passive, FuncRef) { Expressions = [Expr(RefNull, ExternRef)] };
        Invalid(Build(elements: [badItem]), "type mismatch");

        var unknownFunction = new ElementSegment(SegmentMode.Passive, FuncRef) { FunctionIndices = [0] };
        Invalid(Build(elements: [unknownFunction]), "unknown function");
    }

    [Fact]
    public void DataSegmentErrors()
    {
        var segment = new DataSegment(SegmentMode.Active, new byte[1]) { Offset = Expr(I32Const, 0) };
        Invalid(Build(datas: [segment]), "unknown memory");

        var badOffset = new DataSegment(SegmentMode.Active, new byte[1]) { Offset = Expr(F32Const, new byte[4]) };
        Invalid(Build(memories: [Memory(1)], datas: [badOffset]), "type mismatch");

        var definedGlobal = new DataSegment(SegmentMode.Active, new byte[1]) { Offset = Expr(GlobalGet, 0) };
        var globals = new[] { new Global(new GlobalType(I32, false), Expr(I32Const, 0)) };
        Invalid(Build(memories: [Memory(1)], globals: globals, datas: [definedGlobal]), "unknown global");
    }

    // ---- malformed ----

    [Theory]
    [InlineData(new byte[] { 0x06 }, "illegal opcode")]
    [InlineData(new byte[] { 0xFC, 0x12 }, "illegal opcode")]
    [InlineData(new byte[] { 0x3F, 0x01, 0x1A }, "zero byte expected")]
    [InlineData(new byte[] { 0x05 }, "else without a matching if")]
    [InlineData(new byte[] { 0x02, 0x40 }, "unexpected end")]
    [InlineData(new byte[] { 0x0B, 0x01 }, "operators remaining after the end of the function")]
    public void MalformedBodies(byte[] code, string reason)
    {
        var module = Build(types: [VoidToVoid], functions: [0], memories: [Memory(1)], codes: [Body(code)]);
        var ex = Wasm20Errors.Throws<WasmDecodeException>(() => Validator.Validate(module));
        Assert.StartsWith(reason, ex.Reason);
    }

    [Fact]
    public void MalformedBodyWinsOverEarlierValidationError()
    {
        // function 0 is invalid (unknown local), function 1 malformed (illegal opcode): the
        // decoder checks every body's structure before the validator runs, as the spec orders it
        byte[] bytes =
        [
            0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00,
            0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
            0x03, 0x03, 0x02, 0x00, 0x00,
            0x0A, 0x0B, 0x02, 0x05, 0x00, 0x20, 0x03, 0x1A, 0x0B, 0x03, 0x00, 0xFF, 0x0B,
        ];
        Assert.Throws<WasmDecodeException>(() => Validator.Validate(Microwasm.Binary.ModuleReader.Read(bytes)));
    }
}
