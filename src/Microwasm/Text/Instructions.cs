namespace Microwasm.Text;

/// <summary>What follows an instruction's name in the text, and so how its immediates are encoded.</summary>
internal enum Immediate : byte
{
    None,
    Else,
    End,
    Label,
    BrTable,
    Func,
    CallIndirect,
    Type,
    Tag,
    Catch,
    Select,
    Local,
    Global,
    Table,
    Memory,
    MemArg,
    MemArgLane,
    I32,
    I64,
    F32,
    F64,
    V128,
    Shuffle,
    Lane,
    RefNull,
    MemoryInit,
    MemoryCopy,
    Data,
    TableInit,
    TableCopy,
    Elem,
    Field,
    ArrayFixed,
    TypeData,
    TypeElem,
    Type2,
    RefTest,
    BrOnCast,
    Fence,
}

/// <summary>One plain instruction: its encoding (an optional prefix byte and a LEB128 code), its immediates and natural alignment.</summary>
internal readonly record struct InstructionInfo(byte Prefix, uint Code, Immediate Immediate, int NaturalAlignment);

/// <summary>
/// The plain (non-block) instructions by text name: WebAssembly 2.0, and the 3.0 instructions and
/// proposals of the 2026 test suite (tail calls, typed function references, GC, exceptions,
/// threads, relaxed SIMD, wide arithmetic). <c>block</c>, <c>loop</c>, <c>if</c>, <c>try</c> and
/// <c>try_table</c> are parsed apart.
/// </summary>
internal static class Instructions
{
    // name, then the code in hex (two digits, or a prefix byte's two digits and the sub-opcode),
    // then the immediate kind and natural alignment in bytes for memory instructions.
    private const string Table = """
unreachable 00
nop 01
else 05 else
end 0B end
br 0C label
br_if 0D label
br_table 0E brtable
return 0F
call 10 func
call_indirect 11 callindirect
return_call 12 func
return_call_indirect 13 callindirect
call_ref 14 type
return_call_ref 15 type
throw 08 tag
throw_ref 0A
rethrow 09 label
delegate 18 catch
catch 07 catch
catch_all 19 catch
drop 1A
select 1B select
local.get 20 local
local.set 21 local
local.tee 22 local
global.get 23 global
global.set 24 global
table.get 25 table
table.set 26 table
i32.load 28 mem 4
i64.load 29 mem 8
f32.load 2A mem 4
f64.load 2B mem 8
i32.load8_s 2C mem 1
i32.load8_u 2D mem 1
i32.load16_s 2E mem 2
i32.load16_u 2F mem 2
i64.load8_s 30 mem 1
i64.load8_u 31 mem 1
i64.load16_s 32 mem 2
i64.load16_u 33 mem 2
i64.load32_s 34 mem 4
i64.load32_u 35 mem 4
i32.store 36 mem 4
i64.store 37 mem 8
f32.store 38 mem 4
f64.store 39 mem 8
i32.store8 3A mem 1
i32.store16 3B mem 2
i64.store8 3C mem 1
i64.store16 3D mem 2
i64.store32 3E mem 4
memory.size 3F memory
memory.grow 40 memory
i32.const 41 i32
i64.const 42 i64
f32.const 43 f32
f64.const 44 f64
ref.null D0 refnull
ref.is_null D1
ref.func D2 func
ref.eq D3
ref.as_non_null D4
br_on_null D5 label
br_on_non_null D6 label
i32.trunc_sat_f32_s FC00
i32.trunc_sat_f32_u FC01
i32.trunc_sat_f64_s FC02
i32.trunc_sat_f64_u FC03
i64.trunc_sat_f32_s FC04
i64.trunc_sat_f32_u FC05
i64.trunc_sat_f64_s FC06
i64.trunc_sat_f64_u FC07
memory.init FC08 memoryinit
data.drop FC09 data
memory.copy FC0A memorycopy
memory.fill FC0B memory
table.init FC0C tableinit
elem.drop FC0D elem
table.copy FC0E tablecopy
table.grow FC0F table
table.size FC10 table
table.fill FC11 table
i64.add128 FC13
i64.sub128 FC14
i64.mul_wide_s FC15
i64.mul_wide_u FC16
struct.new FB00 type
struct.new_default FB01 type
struct.get FB02 field
struct.get_s FB03 field
struct.get_u FB04 field
struct.set FB05 field
array.new FB06 type
array.new_default FB07 type
array.new_fixed FB08 arrayfixed
array.new_data FB09 typedata
array.new_elem FB0A typeelem
array.get FB0B type
array.get_s FB0C type
array.get_u FB0D type
array.set FB0E type
array.len FB0F
array.fill FB10 type
array.copy FB11 type2
array.init_data FB12 typedata
array.init_elem FB13 typeelem
ref.test FB14 reftest
ref.cast FB16 reftest
br_on_cast FB18 broncast
br_on_cast_fail FB19 broncast
any.convert_extern FB1A
extern.convert_any FB1B
ref.i31 FB1C
i31.get_s FB1D
i31.get_u FB1E
struct.new_desc FB20 type
struct.new_default_desc FB21 type
ref.get_desc FB22 type
ref.cast_desc_eq FB23 reftest
br_on_cast_desc_eq FB25 broncast
br_on_cast_desc_eq_fail FB26 broncast
memory.atomic.notify FE00 mem 4
memory.atomic.wait32 FE01 mem 4
memory.atomic.wait64 FE02 mem 8
atomic.fence FE03 fence
i32.eqz 45
i32.eq 46
i32.ne 47
i32.lt_s 48
i32.lt_u 49
i32.gt_s 4A
i32.gt_u 4B
i32.le_s 4C
i32.le_u 4D
i32.ge_s 4E
i32.ge_u 4F
i64.eqz 50
i64.eq 51
i64.ne 52
i64.lt_s 53
i64.lt_u 54
i64.gt_s 55
i64.gt_u 56
i64.le_s 57
i64.le_u 58
i64.ge_s 59
i64.ge_u 5A
f32.eq 5B
f32.ne 5C
f32.lt 5D
f32.gt 5E
f32.le 5F
f32.ge 60
f64.eq 61
f64.ne 62
f64.lt 63
f64.gt 64
f64.le 65
f64.ge 66
i32.clz 67
i32.ctz 68
i32.popcnt 69
i32.add 6A
i32.sub 6B
i32.mul 6C
i32.div_s 6D
i32.div_u 6E
i32.rem_s 6F
i32.rem_u 70
i32.and 71
i32.or 72
i32.xor 73
i32.shl 74
i32.shr_s 75
i32.shr_u 76
i32.rotl 77
i32.rotr 78
i64.clz 79
i64.ctz 7A
i64.popcnt 7B
i64.add 7C
i64.sub 7D
i64.mul 7E
i64.div_s 7F
i64.div_u 80
i64.rem_s 81
i64.rem_u 82
i64.and 83
i64.or 84
i64.xor 85
i64.shl 86
i64.shr_s 87
i64.shr_u 88
i64.rotl 89
i64.rotr 8A
f32.abs 8B
f32.neg 8C
f32.ceil 8D
f32.floor 8E
f32.trunc 8F
f32.nearest 90
f32.sqrt 91
f32.add 92
f32.sub 93
f32.mul 94
f32.div 95
f32.min 96
f32.max 97
f32.copysign 98
f64.abs 99
f64.neg 9A
f64.ceil 9B
f64.floor 9C
f64.trunc 9D
f64.nearest 9E
f64.sqrt 9F
f64.add A0
f64.sub A1
f64.mul A2
f64.div A3
f64.min A4
f64.max A5
f64.copysign A6
i32.wrap_i64 A7
i32.trunc_f32_s A8
i32.trunc_f32_u A9
i32.trunc_f64_s AA
i32.trunc_f64_u AB
i64.extend_i32_s AC
i64.extend_i32_u AD
i64.trunc_f32_s AE
i64.trunc_f32_u AF
i64.trunc_f64_s B0
i64.trunc_f64_u B1
f32.convert_i32_s B2
f32.convert_i32_u B3
f32.convert_i64_s B4
f32.convert_i64_u B5
f32.demote_f64 B6
f64.convert_i32_s B7
f64.convert_i32_u B8
f64.convert_i64_s B9
f64.convert_i64_u BA
f64.promote_f32 BB
i32.reinterpret_f32 BC
i64.reinterpret_f64 BD
f32.reinterpret_i32 BE
f64.reinterpret_i64 BF
i32.extend8_s C0
i32.extend16_s C1
i64.extend8_s C2
i64.extend16_s C3
i64.extend32_s C4
i32.atomic.load FE10 mem 4
i64.atomic.load FE11 mem 8
i32.atomic.load8_u FE12 mem 1
i32.atomic.load16_u FE13 mem 2
i64.atomic.load8_u FE14 mem 1
i64.atomic.load16_u FE15 mem 2
i64.atomic.load32_u FE16 mem 4
i32.atomic.store FE17 mem 4
i64.atomic.store FE18 mem 8
i32.atomic.store8 FE19 mem 1
i32.atomic.store16 FE1A mem 2
i64.atomic.store8 FE1B mem 1
i64.atomic.store16 FE1C mem 2
i64.atomic.store32 FE1D mem 4
i32.atomic.rmw.add FE1E mem 4
i64.atomic.rmw.add FE1F mem 8
i32.atomic.rmw8.add_u FE20 mem 1
i32.atomic.rmw16.add_u FE21 mem 2
i64.atomic.rmw8.add_u FE22 mem 1
i64.atomic.rmw16.add_u FE23 mem 2
i64.atomic.rmw32.add_u FE24 mem 4
i32.atomic.rmw.sub FE25 mem 4
i64.atomic.rmw.sub FE26 mem 8
i32.atomic.rmw8.sub_u FE27 mem 1
i32.atomic.rmw16.sub_u FE28 mem 2
i64.atomic.rmw8.sub_u FE29 mem 1
i64.atomic.rmw16.sub_u FE2A mem 2
i64.atomic.rmw32.sub_u FE2B mem 4
i32.atomic.rmw.and FE2C mem 4
i64.atomic.rmw.and FE2D mem 8
i32.atomic.rmw8.and_u FE2E mem 1
i32.atomic.rmw16.and_u FE2F mem 2
i64.atomic.rmw8.and_u FE30 mem 1
i64.atomic.rmw16.and_u FE31 mem 2
i64.atomic.rmw32.and_u FE32 mem 4
i32.atomic.rmw.or FE33 mem 4
i64.atomic.rmw.or FE34 mem 8
i32.atomic.rmw8.or_u FE35 mem 1
i32.atomic.rmw16.or_u FE36 mem 2
i64.atomic.rmw8.or_u FE37 mem 1
i64.atomic.rmw16.or_u FE38 mem 2
i64.atomic.rmw32.or_u FE39 mem 4
i32.atomic.rmw.xor FE3A mem 4
i64.atomic.rmw.xor FE3B mem 8
i32.atomic.rmw8.xor_u FE3C mem 1
i32.atomic.rmw16.xor_u FE3D mem 2
i64.atomic.rmw8.xor_u FE3E mem 1
i64.atomic.rmw16.xor_u FE3F mem 2
i64.atomic.rmw32.xor_u FE40 mem 4
i32.atomic.rmw.xchg FE41 mem 4
i64.atomic.rmw.xchg FE42 mem 8
i32.atomic.rmw8.xchg_u FE43 mem 1
i32.atomic.rmw16.xchg_u FE44 mem 2
i64.atomic.rmw8.xchg_u FE45 mem 1
i64.atomic.rmw16.xchg_u FE46 mem 2
i64.atomic.rmw32.xchg_u FE47 mem 4
i32.atomic.rmw.cmpxchg FE48 mem 4
i64.atomic.rmw.cmpxchg FE49 mem 8
i32.atomic.rmw8.cmpxchg_u FE4A mem 1
i32.atomic.rmw16.cmpxchg_u FE4B mem 2
i64.atomic.rmw8.cmpxchg_u FE4C mem 1
i64.atomic.rmw16.cmpxchg_u FE4D mem 2
i64.atomic.rmw32.cmpxchg_u FE4E mem 4
v128.load FD00 mem 16
v128.load8x8_s FD01 mem 8
v128.load8x8_u FD02 mem 8
v128.load16x4_s FD03 mem 8
v128.load16x4_u FD04 mem 8
v128.load32x2_s FD05 mem 8
v128.load32x2_u FD06 mem 8
v128.load8_splat FD07 mem 1
v128.load16_splat FD08 mem 2
v128.load32_splat FD09 mem 4
v128.load64_splat FD0A mem 8
v128.store FD0B mem 16
v128.const FD0C v128
i8x16.shuffle FD0D shuffle
i8x16.swizzle FD0E
i8x16.splat FD0F
i16x8.splat FD10
i32x4.splat FD11
i64x2.splat FD12
f32x4.splat FD13
f64x2.splat FD14
i8x16.extract_lane_s FD15 lane
i8x16.extract_lane_u FD16 lane
i8x16.replace_lane FD17 lane
i16x8.extract_lane_s FD18 lane
i16x8.extract_lane_u FD19 lane
i16x8.replace_lane FD1A lane
i32x4.extract_lane FD1B lane
i32x4.replace_lane FD1C lane
i64x2.extract_lane FD1D lane
i64x2.replace_lane FD1E lane
f32x4.extract_lane FD1F lane
f32x4.replace_lane FD20 lane
f64x2.extract_lane FD21 lane
f64x2.replace_lane FD22 lane
i8x16.eq FD23
i8x16.ne FD24
i8x16.lt_s FD25
i8x16.lt_u FD26
i8x16.gt_s FD27
i8x16.gt_u FD28
i8x16.le_s FD29
i8x16.le_u FD2A
i8x16.ge_s FD2B
i8x16.ge_u FD2C
i16x8.eq FD2D
i16x8.ne FD2E
i16x8.lt_s FD2F
i16x8.lt_u FD30
i16x8.gt_s FD31
i16x8.gt_u FD32
i16x8.le_s FD33
i16x8.le_u FD34
i16x8.ge_s FD35
i16x8.ge_u FD36
i32x4.eq FD37
i32x4.ne FD38
i32x4.lt_s FD39
i32x4.lt_u FD3A
i32x4.gt_s FD3B
i32x4.gt_u FD3C
i32x4.le_s FD3D
i32x4.le_u FD3E
i32x4.ge_s FD3F
i32x4.ge_u FD40
f32x4.eq FD41
f32x4.ne FD42
f32x4.lt FD43
f32x4.gt FD44
f32x4.le FD45
f32x4.ge FD46
f64x2.eq FD47
f64x2.ne FD48
f64x2.lt FD49
f64x2.gt FD4A
f64x2.le FD4B
f64x2.ge FD4C
v128.not FD4D
v128.and FD4E
v128.andnot FD4F
v128.or FD50
v128.xor FD51
v128.bitselect FD52
v128.any_true FD53
v128.load8_lane FD54 memlane 1
v128.load16_lane FD55 memlane 2
v128.load32_lane FD56 memlane 4
v128.load64_lane FD57 memlane 8
v128.store8_lane FD58 memlane 1
v128.store16_lane FD59 memlane 2
v128.store32_lane FD5A memlane 4
v128.store64_lane FD5B memlane 8
v128.load32_zero FD5C mem 4
v128.load64_zero FD5D mem 8
f32x4.demote_f64x2_zero FD5E
f64x2.promote_low_f32x4 FD5F
i8x16.abs FD60
i8x16.neg FD61
i8x16.popcnt FD62
i8x16.all_true FD63
i8x16.bitmask FD64
i8x16.narrow_i16x8_s FD65
i8x16.narrow_i16x8_u FD66
f32x4.ceil FD67
f32x4.floor FD68
f32x4.trunc FD69
f32x4.nearest FD6A
i8x16.shl FD6B
i8x16.shr_s FD6C
i8x16.shr_u FD6D
i8x16.add FD6E
i8x16.add_sat_s FD6F
i8x16.add_sat_u FD70
i8x16.sub FD71
i8x16.sub_sat_s FD72
i8x16.sub_sat_u FD73
f64x2.ceil FD74
f64x2.floor FD75
i8x16.min_s FD76
i8x16.min_u FD77
i8x16.max_s FD78
i8x16.max_u FD79
f64x2.trunc FD7A
i8x16.avgr_u FD7B
i16x8.extadd_pairwise_i8x16_s FD7C
i16x8.extadd_pairwise_i8x16_u FD7D
i32x4.extadd_pairwise_i16x8_s FD7E
i32x4.extadd_pairwise_i16x8_u FD7F
i16x8.abs FD80
i16x8.neg FD81
i16x8.q15mulr_sat_s FD82
i16x8.all_true FD83
i16x8.bitmask FD84
i16x8.narrow_i32x4_s FD85
i16x8.narrow_i32x4_u FD86
i16x8.extend_low_i8x16_s FD87
i16x8.extend_high_i8x16_s FD88
i16x8.extend_low_i8x16_u FD89
i16x8.extend_high_i8x16_u FD8A
i16x8.shl FD8B
i16x8.shr_s FD8C
i16x8.shr_u FD8D
i16x8.add FD8E
i16x8.add_sat_s FD8F
i16x8.add_sat_u FD90
i16x8.sub FD91
i16x8.sub_sat_s FD92
i16x8.sub_sat_u FD93
f64x2.nearest FD94
i16x8.mul FD95
i16x8.min_s FD96
i16x8.min_u FD97
i16x8.max_s FD98
i16x8.max_u FD99
i16x8.avgr_u FD9B
i16x8.extmul_low_i8x16_s FD9C
i16x8.extmul_high_i8x16_s FD9D
i16x8.extmul_low_i8x16_u FD9E
i16x8.extmul_high_i8x16_u FD9F
i32x4.abs FDA0
i32x4.neg FDA1
i32x4.all_true FDA3
i32x4.bitmask FDA4
i32x4.extend_low_i16x8_s FDA7
i32x4.extend_high_i16x8_s FDA8
i32x4.extend_low_i16x8_u FDA9
i32x4.extend_high_i16x8_u FDAA
i32x4.shl FDAB
i32x4.shr_s FDAC
i32x4.shr_u FDAD
i32x4.add FDAE
i32x4.sub FDB1
i32x4.mul FDB5
i32x4.min_s FDB6
i32x4.min_u FDB7
i32x4.max_s FDB8
i32x4.max_u FDB9
i32x4.dot_i16x8_s FDBA
i32x4.extmul_low_i16x8_s FDBC
i32x4.extmul_high_i16x8_s FDBD
i32x4.extmul_low_i16x8_u FDBE
i32x4.extmul_high_i16x8_u FDBF
i64x2.abs FDC0
i64x2.neg FDC1
i64x2.all_true FDC3
i64x2.bitmask FDC4
i64x2.extend_low_i32x4_s FDC7
i64x2.extend_high_i32x4_s FDC8
i64x2.extend_low_i32x4_u FDC9
i64x2.extend_high_i32x4_u FDCA
i64x2.shl FDCB
i64x2.shr_s FDCC
i64x2.shr_u FDCD
i64x2.add FDCE
i64x2.sub FDD1
i64x2.mul FDD5
i64x2.eq FDD6
i64x2.ne FDD7
i64x2.lt_s FDD8
i64x2.gt_s FDD9
i64x2.le_s FDDA
i64x2.ge_s FDDB
i64x2.extmul_low_i32x4_s FDDC
i64x2.extmul_high_i32x4_s FDDD
i64x2.extmul_low_i32x4_u FDDE
i64x2.extmul_high_i32x4_u FDDF
f32x4.abs FDE0
f32x4.neg FDE1
f32x4.sqrt FDE3
f32x4.add FDE4
f32x4.sub FDE5
f32x4.mul FDE6
f32x4.div FDE7
f32x4.min FDE8
f32x4.max FDE9
f32x4.pmin FDEA
f32x4.pmax FDEB
f64x2.abs FDEC
f64x2.neg FDED
f64x2.sqrt FDEF
f64x2.add FDF0
f64x2.sub FDF1
f64x2.mul FDF2
f64x2.div FDF3
f64x2.min FDF4
f64x2.max FDF5
f64x2.pmin FDF6
f64x2.pmax FDF7
i32x4.trunc_sat_f32x4_s FDF8
i32x4.trunc_sat_f32x4_u FDF9
f32x4.convert_i32x4_s FDFA
f32x4.convert_i32x4_u FDFB
i32x4.trunc_sat_f64x2_s_zero FDFC
i32x4.trunc_sat_f64x2_u_zero FDFD
f64x2.convert_low_i32x4_s FDFE
f64x2.convert_low_i32x4_u FDFF
i8x16.relaxed_swizzle FD100
i32x4.relaxed_trunc_f32x4_s FD101
i32x4.relaxed_trunc_f32x4_u FD102
i32x4.relaxed_trunc_f64x2_s_zero FD103
i32x4.relaxed_trunc_f64x2_u_zero FD104
f32x4.relaxed_madd FD105
f32x4.relaxed_nmadd FD106
f64x2.relaxed_madd FD107
f64x2.relaxed_nmadd FD108
i8x16.relaxed_laneselect FD109
i16x8.relaxed_laneselect FD10A
i32x4.relaxed_laneselect FD10B
i64x2.relaxed_laneselect FD10C
f32x4.relaxed_min FD10D
f32x4.relaxed_max FD10E
f64x2.relaxed_min FD10F
f64x2.relaxed_max FD110
i16x8.relaxed_q15mulr_s FD111
i16x8.relaxed_dot_i8x16_i7x16_s FD112
i32x4.relaxed_dot_i8x16_i7x16_add_s FD113
f32x4.relaxed_dot_bf16x8_add_f32x4 FD114
i16x8.dot_i8x16_i7x16_s FD112
i32x4.dot_i8x16_i7x16_add_s FD113
""";

    private static readonly Dictionary<string, InstructionInfo> s_byName = Build();

    private static readonly Dictionary<string, InstructionInfo>.AlternateLookup<ReadOnlySpan<char>> s_lookup =
        s_byName.GetAlternateLookup<ReadOnlySpan<char>>();

    public static bool TryGet(ReadOnlySpan<char> name, out InstructionInfo info) => s_lookup.TryGetValue(name, out info);

    private static readonly Dictionary<ulong, (string Name, InstructionInfo Info)> s_byCode = BuildByCode();

    /// <summary>
    /// The instruction a binary encoding stands for, for the printer: by prefix byte (0 for none)
    /// and code. Where two names share a code, the first in the table is the one printed.
    /// </summary>
    public static bool TryGetByCode(byte prefix, uint code, out string name, out InstructionInfo info)
    {
        if (s_byCode.TryGetValue((ulong)prefix << 32 | code, out var entry))
        {
            name = entry.Name;
            info = entry.Info;
            return true;
        }
        name = "";
        info = default;
        return false;
    }

    private static Dictionary<ulong, (string, InstructionInfo)> BuildByCode()
    {
        var map = new Dictionary<ulong, (string, InstructionInfo)>();
        foreach (var line in Table.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var name = line[..line.IndexOf(' ')];
            var info = s_byName[name];
            map.TryAdd((ulong)info.Prefix << 32 | info.Code, (name, info));
        }
        return map;
    }

    private static Dictionary<string, InstructionInfo> Build()
    {
        var map = new Dictionary<string, InstructionInfo>(StringComparer.Ordinal);
        foreach (var line in Table.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(' ');
            var hex = parts[1];
            byte prefix = 0;
            uint code;
            if (hex.Length == 2)
            {
                code = Convert.ToUInt32(hex, 16);
            }
            else
            {
                prefix = Convert.ToByte(hex[..2], 16);
                code = Convert.ToUInt32(hex[2..], 16);
            }
            var immediate = parts.Length > 2 ? ParseKind(parts[2]) : Immediate.None;
            var align = parts.Length > 3 ? int.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture) : 0;
            map.Add(parts[0], new InstructionInfo(prefix, code, immediate, align));
        }
        return map;
    }

    private static Immediate ParseKind(string kind) => kind switch
    {
        "else" => Immediate.Else,
        "end" => Immediate.End,
        "label" => Immediate.Label,
        "brtable" => Immediate.BrTable,
        "func" => Immediate.Func,
        "callindirect" => Immediate.CallIndirect,
        "type" => Immediate.Type,
        "tag" => Immediate.Tag,
        "catch" => Immediate.Catch,
        "select" => Immediate.Select,
        "local" => Immediate.Local,
        "global" => Immediate.Global,
        "table" => Immediate.Table,
        "memory" => Immediate.Memory,
        "mem" => Immediate.MemArg,
        "memlane" => Immediate.MemArgLane,
        "i32" => Immediate.I32,
        "i64" => Immediate.I64,
        "f32" => Immediate.F32,
        "f64" => Immediate.F64,
        "v128" => Immediate.V128,
        "shuffle" => Immediate.Shuffle,
        "lane" => Immediate.Lane,
        "refnull" => Immediate.RefNull,
        "memoryinit" => Immediate.MemoryInit,
        "memorycopy" => Immediate.MemoryCopy,
        "data" => Immediate.Data,
        "tableinit" => Immediate.TableInit,
        "tablecopy" => Immediate.TableCopy,
        "elem" => Immediate.Elem,
        "field" => Immediate.Field,
        "arrayfixed" => Immediate.ArrayFixed,
        "typedata" => Immediate.TypeData,
        "typeelem" => Immediate.TypeElem,
        "type2" => Immediate.Type2,
        "reftest" => Immediate.RefTest,
        "broncast" => Immediate.BrOnCast,
        "fence" => Immediate.Fence,
        _ => throw new InvalidOperationException($"unknown immediate kind {kind} in the instruction table"),
    };
}
