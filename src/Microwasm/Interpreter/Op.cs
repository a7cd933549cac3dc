namespace Microwasm.Interpreter;

/// <summary>
/// The internal instructions. Each is one <see cref="int"/> followed by its operands; slot operands
/// are indexes into the current frame (locals first, then the operand stack), a branch target is
/// the distance from the operand that holds it to the target instruction. The layout of each is in its comment
/// (d = destination slot, a/b/c = source slots).
/// </summary>
/// <remarks>
/// The values are dense from zero so the dispatch <c>switch</c> compiles to one jump table. Each
/// member's handler is written in InterpreterLoop.ops (a row of a family, or a case), from which
/// tools/codegen/Interpreter.cs generates the switch; the generator refuses a member without one.
/// </remarks>
internal enum Op
{
    /// <summary>(): trap.</summary>
    Unreachable,
    /// <summary>(target).</summary>
    Br,
    /// <summary>(a, target): jump if the i32 in a is not zero.</summary>
    BrIf,
    /// <summary>(a, target): jump if the i32 in a is zero.</summary>
    BrIfNot,
    /// <summary>(a, b, target): jump if the i32 compare holds. Fused compare-and-branch.</summary>
    BrIfI32Eq,
    BrIfI32Ne,
    BrIfI32LtS,
    BrIfI32LtU,
    BrIfI32GtS,
    BrIfI32GtU,
    BrIfI32LeS,
    BrIfI32LeU,
    BrIfI32GeS,
    BrIfI32GeU,
    /// <summary>(a, immediate, target): jump if the i32 compare with a constant holds.</summary>
    BrIfI32EqImm,
    BrIfI32NeImm,
    BrIfI32LtSImm,
    BrIfI32LtUImm,
    BrIfI32GtSImm,
    BrIfI32GtUImm,
    BrIfI32LeSImm,
    BrIfI32LeUImm,
    BrIfI32GeSImm,
    BrIfI32GeUImm,
    /// <summary>(a, count, target * count, default target).</summary>
    BrTable,
    /// <summary>(d, a): one slot.</summary>
    Copy,
    /// <summary>(function index, argument slot): a function defined in this module.</summary>
    Call,
    /// <summary>(function index, argument slot): an imported function (interpreted or not).</summary>
    CallImport,
    /// <summary>(type index, table index, argument slot, element index slot).</summary>
    CallIndirect,
    /// <summary>().</summary>
    Return0,
    /// <summary>(a): the one-slot result is in a.</summary>
    Return1,
    /// <summary>(a, count): the results are in count slots from a.</summary>
    ReturnN,
    /// <summary>(d, a, b, c): d = c != 0 ? a : b (one slot).</summary>
    Select,
    /// <summary>(d, immediate).</summary>
    I32Const,
    /// <summary>(d, low 32 bits, high 32 bits).</summary>
    I64Const,
    /// <summary>(d, global index).</summary>
    GlobalGet,
    /// <summary>(global index, a).</summary>
    GlobalSet,
    /// <summary>(d, global index): the high half of a v128 global into d + 1, too.</summary>
    GlobalGet128,
    /// <summary>(global index, a).</summary>
    GlobalSet128,
    /// <summary>(d, function index).</summary>
    RefFunc,
    /// <summary>(d, a).</summary>
    RefIsNull,
    /// <summary>(d, a, table): d = table[a].</summary>
    TableGet,
    /// <summary>(table, a, b): table[a] = b.</summary>
    TableSet,
    /// <summary>(d, table).</summary>
    TableSize,
    /// <summary>(d, a, b, table): a = initial value, b = delta.</summary>
    TableGrow,
    /// <summary>(table, a, b, c): start, value, count.</summary>
    TableFill,
    /// <summary>(destination table, source table, a, b, c): destination, source, count.</summary>
    TableCopy,
    /// <summary>(table, element segment, a, b, c): destination, source, count.</summary>
    TableInit,
    /// <summary>(element segment).</summary>
    ElemDrop,
    /// <summary>(d).</summary>
    MemorySize,
    /// <summary>(d, a): a = delta pages.</summary>
    MemoryGrow,
    /// <summary>(a, b, c): destination, byte value, count.</summary>
    MemoryFill,
    /// <summary>(a, b, c): destination, source, count.</summary>
    MemoryCopy,
    /// <summary>(data segment, a, b, c): destination, source, count.</summary>
    MemoryInit,
    /// <summary>(data segment).</summary>
    DataDrop,

    // Loads: (d, address slot, offset). One op per distinct bit pattern: f32.load is Load32U.
    Load32U,
    Load64,
    I32Load8S,
    Load8U,
    I32Load16S,
    Load16U,
    I64Load8S,
    I64Load16S,
    I64Load32S,

    // Stores: (address slot, value slot, offset). The value's low bytes are stored.
    Store8,
    Store16,
    Store32,
    Store64,

    // Numeric instructions, as in the specification: (d, a) or (d, a, b).
    I32Eqz,
    I32Eq,
    I32Ne,
    I32LtS,
    I32LtU,
    I32GtS,
    I32GtU,
    I32LeS,
    I32LeU,
    I32GeS,
    I32GeU,
    I64Eqz,
    I64Eq,
    I64Ne,
    I64LtS,
    I64LtU,
    I64GtS,
    I64GtU,
    I64LeS,
    I64LeU,
    I64GeS,
    I64GeU,
    F32Eq,
    F32Ne,
    F32Lt,
    F32Gt,
    F32Le,
    F32Ge,
    F64Eq,
    F64Ne,
    F64Lt,
    F64Gt,
    F64Le,
    F64Ge,
    I32Clz,
    I32Ctz,
    I32Popcnt,
    I32Add,
    I32Sub,
    I32Mul,
    I32DivS,
    I32DivU,
    I32RemS,
    I32RemU,
    I32Shl,
    I32ShrS,
    I32ShrU,
    I32Rotl,
    I32Rotr,
    I32And,
    I32Or,
    I32Xor,
    I64Clz,
    I64Ctz,
    I64Popcnt,
    I64Add,
    I64Sub,
    I64Mul,
    I64DivS,
    I64DivU,
    I64RemS,
    I64RemU,
    I64Shl,
    I64ShrS,
    I64ShrU,
    I64Rotl,
    I64Rotr,
    I64And,
    I64Or,
    I64Xor,
    F32Abs,
    F32Neg,
    F32Ceil,
    F32Floor,
    F32Trunc,
    F32Nearest,
    F32Sqrt,
    F32Add,
    F32Sub,
    F32Mul,
    F32Div,
    F32Min,
    F32Max,
    F32Copysign,
    F64Abs,
    F64Neg,
    F64Ceil,
    F64Floor,
    F64Trunc,
    F64Nearest,
    F64Sqrt,
    F64Add,
    F64Sub,
    F64Mul,
    F64Div,
    F64Min,
    F64Max,
    F64Copysign,
    I32WrapI64,
    I32TruncF32S,
    I32TruncF32U,
    I32TruncF64S,
    I32TruncF64U,
    I64ExtendI32S,
    I64TruncF32S,
    I64TruncF32U,
    I64TruncF64S,
    I64TruncF64U,
    F32ConvertI32S,
    F32ConvertI32U,
    F32ConvertI64S,
    F32ConvertI64U,
    F32DemoteF64,
    F64ConvertI32S,
    F64ConvertI32U,
    F64ConvertI64S,
    F64ConvertI64U,
    F64PromoteF32,
    I32Extend8S,
    I32Extend16S,
    I64Extend8S,
    I64Extend16S,
    I64Extend32S,
    I32TruncSatF32S,
    I32TruncSatF32U,
    I32TruncSatF64S,
    I32TruncSatF64U,
    I64TruncSatF32S,
    I64TruncSatF32U,
    I64TruncSatF64S,
    I64TruncSatF64U,
    /// <summary>(a, immediate, target): jump if a &amp; immediate is not zero (a bit test).</summary>
    BrIfAndImm,
    /// <summary>(a, immediate, target): jump if a &amp; immediate is zero.</summary>
    BrIfNotAndImm,
    /// <summary>(d, a, immediate, target): d = a + immediate, then jump if d is not zero (a count-down loop).</summary>
    BrIfAddImm,
    /// <summary>(d, a, immediate, target): d = a + immediate, then jump if d is zero.</summary>
    BrIfNotAddImm,
    /// <summary>(d1, a1, d2, a2): two copies, in order.</summary>
    Copy2,
    /// <summary>(d, a, b, k): d = a + (b &lt;&lt; k), an array element's address.</summary>
    I32AddShlImm,
    // Loads whose address is an i32.add (wrapping) just computed: (d, address slot, immediate, offset).
    Load32UAddImm,
    Load64AddImm,
    Load8UAddImm,
    // (d, address slot a, address slot b, offset): the address is a + b (wrapping).
    Load32UAdd,
    Load64Add,
    Load8UAdd,
    /// <summary>(d, a, low 32 bits, high 32 bits): i64.add (or i64.sub, negated) with a constant operand.</summary>
    I64AddImm,
    // other i64 operators with a constant right operand: (d, a, low 32 bits, high 32 bits).
    I64MulImm,
    I64AndImm,
    I64OrImm,
    I64XorImm,
    I64ShlImm,
    I64ShrSImm,
    I64ShrUImm,
    // i64 comparisons with a constant right operand: (d, a, low 32 bits, high 32 bits).
    I64EqImm,
    I64NeImm,
    I64LtSImm,
    I64LtUImm,
    I64GtSImm,
    I64GtUImm,
    I64LeSImm,
    I64LeUImm,
    I64GeSImm,
    I64GeUImm,
    /// <summary>(a, b, target): jump if the i64 compare holds. Fused compare-and-branch.</summary>
    BrIfI64Eq,
    BrIfI64Ne,
    BrIfI64LtS,
    BrIfI64LtU,
    BrIfI64GtS,
    BrIfI64GtU,
    BrIfI64LeS,
    BrIfI64LeU,
    BrIfI64GeS,
    BrIfI64GeU,
    /// <summary>(a, low 32 bits, high 32 bits, target): jump if the i64 compare with a constant holds.</summary>
    BrIfI64EqImm,
    BrIfI64NeImm,
    BrIfI64LtSImm,
    BrIfI64LtUImm,
    BrIfI64GtSImm,
    BrIfI64GtUImm,
    BrIfI64LeSImm,
    BrIfI64LeUImm,
    BrIfI64GeSImm,
    BrIfI64GeUImm,
    /// <summary>(a, target): jump if the i64 in a is zero.</summary>
    BrIfI64Eqz,
    /// <summary>(a, target): jump if the i64 in a is not zero.</summary>
    BrIfI64Nez,
    /// <summary>(a, b, target): jump if the f64 compare holds (false for NaN operands, except Ne).</summary>
    BrIfF64Eq,
    BrIfF64Ne,
    BrIfF64Lt,
    BrIfF64Gt,
    BrIfF64Le,
    BrIfF64Ge,
    /// <summary>(a, b, target): jump if the f64 compare does not hold: an <c>if</c> on it (true for NaN operands, except Ne).</summary>
    BrIfNotF64Eq,
    BrIfNotF64Ne,
    BrIfNotF64Lt,
    BrIfNotF64Gt,
    BrIfNotF64Le,
    BrIfNotF64Ge,
    /// <summary>(d, a, immediate): i32.add (or i32.sub, negated) with a constant operand.</summary>
    I32AddImm,
    // i32 comparisons with a constant right operand: (d, a, immediate).
    I32EqImm,
    I32NeImm,
    I32LtSImm,
    I32LtUImm,
    I32GtSImm,
    I32GtUImm,
    I32LeSImm,
    I32LeUImm,
    I32GeSImm,
    I32GeUImm,
    // other i32 operators with a constant right operand: (d, a, immediate).
    I32AndImm,
    I32OrImm,
    I32XorImm,
    I32MulImm,
    I32ShlImm,
    I32ShrSImm,
    I32ShrUImm,
    I32RotlImm,
    I32RotrImm,
    /// <summary>(d1, a1, immediate1, d2, a2, immediate2): two <see cref="I32AddImm"/> in order (a loop advancing several pointers).</summary>
    I32AddImm2,
    // A float operator whose other operand was just loaded (f64.load / f32.load): (d, a, address slot, offset), d = a op loaded.
    F64AddLoad,
    F64MulLoad,
    F32AddLoad,
    F32MulLoad,
    // Two operators where the second consumes the first's result: (d, a, b, c).
    /// <summary>d = (a + b) + c (i32).</summary>
    I32AddAdd,
    /// <summary>d = (a ^ b) + c (i32).</summary>
    I32XorAdd,
    /// <summary>(d, a, k, c): d = rotl(a, k) ^ c (i32).</summary>
    I32RotlImmXor,
    /// <summary>d = (a * b) + c (f64, rounded twice: not a fused multiply-add).</summary>
    F64MulAdd,
    /// <summary>d = (a + b) * c (f64).</summary>
    F64AddMul,
    /// <summary>d = (a * b) * c (f64).</summary>
    F64MulMul,
    /// <summary>d = (a - b) * c (f64).</summary>
    F64SubMul,
    /// <summary>(a, immediate, offset): stores the low byte of a constant (i32.const then i32.store8).</summary>
    Store8Imm,
    /// <summary>(d, a, k, c): d = c ^ (a &gt;&gt; k), i64 unsigned shift (xorshift's <c>x ^= x &gt;&gt; k</c>).</summary>
    I64XorShrUImm,
    /// <summary>(d, a, k, c): d = c ^ (a &lt;&lt; k), i64.</summary>
    I64XorShlImm,
    /// <summary>(address slot, offset, target): jump if the byte loaded is zero (<c>if (*p == 0)</c>).</summary>
    BrIfLoad8UZero,
    /// <summary>(address slot, offset, target): jump if the byte loaded is not zero.</summary>
    BrIfLoad8UNonZero,
    // An addition of a constant into a local, then a load from that local (p += k; load p):
    // (local, source, immediate, d, offset): local = source + immediate; d = load(local + offset).
    Load32UAfterAddImm,
    Load8UAfterAddImm,
    // A store of an F64AddLoad / F32AddLoad just computed (c[i] += x):
    // (a, load address slot, load offset, store address slot, store offset): mem[store] = a + mem[load].
    F64AddLoadStore,
    F32AddLoadStore,
    /// <summary>(d, a, k1, b, k2): d = rotl(a, k1) ^ rotl(b, k2) (i32; a hash's Σ functions).</summary>
    I32RotlXorRotl,
    /// <summary>(d, a, immediate, condition, target): d = a + immediate, then jump if the i32 in condition is not zero.</summary>
    BrIfAfterAddImm,
    /// <summary>(d, a, immediate, condition, target): d = a + immediate, then jump if the i32 in condition is zero.</summary>
    BrIfNotAfterAddImm,
    /// <summary>(d1, a1, offset1, d2, a2, offset2): two i32/i64.load8_u in order (strcmp's loop loads a byte of each string).</summary>
    Load8U2,
    /// <summary>(d, a, x, immediate, offset): d = a + (the byte at x + immediate (wrapping), plus offset), i64 (a hash's h * 33 + c).</summary>
    I64AddLoad8UAddImm,
    /// <summary>(): trap with <see cref="Runtime.TrapKind.Interrupted"/>; the target of a backward branch taken after an interrupt request.</summary>
    Interrupt,
    /// <summary>(d, SIMD opcode, operands...): a 0xFD instruction, run by <see cref="SimdHandlers"/> (layouts there).</summary>
    Simd,
    /// <summary>
    /// (d, a, count): copies count slots from a up to d, in ascending order (a is never below d). A
    /// branch that carries more than a few values moves them with this one instruction, so its code
    /// does not grow with the label's arity.
    /// </summary>
    CopyRange,
    /// <summary>
    /// (counter): the first instruction of a function translated for tier-up (<see cref="Compiler.TieredEngine"/>).
    /// Counts the calls down in its own operand; when it passes zero the function is offered to the compiler.
    /// </summary>
    TierEntry,
    /// <summary>
    /// (counter, loop, parent, deferred): the header of a loop entered with an empty operand stack, in
    /// code translated for tier-up. Counts the iterations down; when it passes zero the function
    /// continues in compiled code from this loop (on-stack replacement, see Compiler/RATIONALE.md), or
    /// the first time, if an enclosing loop counts too, from that one's header when it comes next.
    /// loop is the loop's index among the function's blocks; parent the distance from this
    /// instruction to the enclosing loop's TierLoop (0: none); deferred is 1 once it deferred.
    /// </summary>
    TierLoop,
    /// <summary>(): the whole code of a promoted function: runs its compiled code with the arguments in the frame, then returns.</summary>
    TierCall,
    /// <summary>
    /// (): never in translated code; where a backward branch of the ReadyToRun loop (RunCold) goes when
    /// its budget is spent, to switch to the optimised loop (Run) once that is compiled.
    /// </summary>
    LeaveCold,
}
