using Microwasm.Interpreter;
using Microwasm.Runtime;
using Microwasm.TestSupport;

namespace Microwasm.Tests.Runtime;

/// <summary>Hostile modules for the hardening tests: text assembled by wat2wasm (<see cref="Wat"/>), or bytes beside their text where they differ from what wat2wasm writes.</summary>
internal static class HardeningModules
{
    public static CompiledModule Compile(byte[] bytes) => new InterpreterEngine().Compile(ModuleLoader.Load(bytes));

    public static Instance Instantiate(byte[] bytes, Store? store = null, Linker? linker = null) =>
        (linker ?? new Linker()).Instantiate(store ?? new Store(), Compile(bytes));

    public static readonly byte[] Memory4GiB = Wat.ToWasm(
        """
        (module (memory (export "memory") 65536)
          (func (export "touch") (param i32) (i32.store8 (local.get 0) (i32.const 1)))
          (func (export "fill") (param i32 i32) (memory.fill (local.get 0) (i32.const 7) (local.get 1))))
        """);

    public static readonly byte[] Grow = Wat.ToWasm(
        """
        (module (memory (export "memory") 0)
          (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
          (func (export "fill") (param i32 i32) (memory.fill (local.get 0) (i32.const 7) (local.get 1))))
        """);

    public static readonly byte[] TableGrow = Wat.ToWasm(
        """
        (module (table (export "t") 0 funcref)
          (func (export "grow") (param i32) (result i32) (table.grow 0 (ref.null func) (local.get 0))))
        """);

    // (module (table 10000000 funcref))
    public static readonly byte[] Table10M =
        [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x04, 0x07, 0x01, 0x70, 0x00, 0x80, 0xad, 0xe2, 0x04];

    // (module (table 4294967295 funcref))
    public static readonly byte[] TableMax =
        [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x04, 0x08, 0x01, 0x70, 0x00, 0xff, 0xff, 0xff, 0xff, 0x0f];

    // (module (memory 1) (data (i32.const -2) "abcd")): offset 0xFFFFFFFE + 4 wraps in 32 bits
    public static readonly byte[] DataWrap =
    [
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x05, 0x03, 0x01, 0x00, 0x01, 0x0b, 0x0a, 0x01, 0x00, 0x41, 0x7e,
        0x0b, 0x04, 0x61, 0x62, 0x63, 0x64,
    ];

    public static readonly byte[] ElemWrap = Wat.ToWasm(
        """
        (module (table 1 funcref) (func $f) (elem (i32.const -1) $f $f))
        """);

    public static readonly byte[] IndirectRecursion = Wat.ToWasm(
        """
        (module (type $t (func (param i32) (result i32))) (table 1 funcref) (elem (i32.const 0) $f)
          (func $f (export "f") (type $t) (call_indirect (type $t) (i32.add (local.get 0) (i32.const 1)) (i32.const 0))))
        """);

    public static readonly byte[] Mutual = Wat.ToWasm(
        """
        (module (import "other" "f" (func $g (param i32) (result i32)))
          (func (export "f") (param i32) (result i32) (call $g (i32.add (local.get 0) (i32.const 1)))))
        """);

    public static readonly byte[] HostCall = Wat.ToWasm(
        """
        (module (import "host" "cb" (func $cb (param i32) (result i32)))
          (func (export "down") (param i32) (result i32)
            (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0)) (else (call $cb (i32.sub (local.get 0) (i32.const 1))))))
          (func (export "crash") (unreachable))
          (func (export "spin") (loop $l (br $l)))
          (func (export "callhost") (param i32) (result i32) (call $cb (local.get 0))))
        """);

    // (module (func $r (export "r") (param i32) (result i32) (local i64 ... 50,000 times)
    //   (call $r (i32.add (local.get 0) (i32.const 1)))))
    public static readonly byte[] BigLocals =
    [
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x03, 0x02, 0x01,
        0x00, 0x07, 0x05, 0x01, 0x01, 0x72, 0x00, 0x00, 0x0a, 0x0f, 0x01, 0x0d, 0x01, 0xd0, 0x86, 0x03, 0x7e, 0x20, 0x00,
        0x41, 0x01, 0x6a, 0x10, 0x00, 0x0b,
    ];

    /// <summary>
    /// (module (memory 1) (table 10 funcref) (func $f) (data (i32.const k) "xy") × <paramref name="count"/>
    /// (elem (i32.const k % 10) $f) × <paramref name="count"/>), built by hand: wat2wasm's output would be 70 KB.
    /// </summary>
    public static byte[] ManySegments(int count)
    {
        var types = Section(1, [1, 0x60, 0, 0]);
        var funcs = Section(3, [1, 0]);
        var table = Section(4, [1, 0x70, 0, 10]);
        var memory = Section(5, [1, 0, 1]);
        var elem = new List<byte>(Leb(count));
        var data = new List<byte>(Leb(count));
        for (var i = 0; i < count; i++)
        {
            elem.AddRange([0, 0x41, .. SLeb(i % 10), 0x0b, 1, 0]);
            data.AddRange([0, 0x41, .. SLeb(i % 60000), 0x0b, 2, (byte)'x', (byte)'y']);
        }
        var code = Section(10, [1, 2, 0, 0x0b]);
        return [0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, .. types, .. funcs, .. table, .. memory, .. Section(9, [.. elem]), .. code, .. Section(11, [.. data])];
    }

    private static byte[] Section(byte id, byte[] body) => [id, .. Leb(body.Length), .. body];

    private static byte[] Leb(int value) => Leb128.Unsigned((uint)value);

    private static byte[] SLeb(int value) => Leb128.Signed(value);
}
