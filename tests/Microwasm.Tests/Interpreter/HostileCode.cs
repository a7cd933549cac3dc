using Microwasm.Interpreter;
using Microwasm.Model;
using Microwasm.Runtime;
using Microwasm.Validation;

namespace Microwasm.Tests.Interpreter;

/// <summary>
/// Builds hostile function bodies as bytes (too large to check in as binaries): a module of
/// function types and defined functions, every function exported as "f0", "f1", ...
/// </summary>
internal static class HostileCode
{
    /// <summary>A function type of the type section.</summary>
    public sealed record Signature(ValueType[] Parameters, ValueType[] Results);

    /// <summary>A defined function: its type index, declared local groups and body (without the final end).</summary>
    public sealed record Function(int TypeIndex, (uint Count, ValueType Type)[] Locals, byte[] Body);

    public static byte[] Module(Signature[] types, params Function[] functions)
    {
        var typeSection = new Writer();
        typeSection.U32((uint)types.Length);
        foreach (var type in types)
        {
            typeSection.Byte(0x60);
            typeSection.U32((uint)type.Parameters.Length);
            foreach (var p in type.Parameters)
            {
                typeSection.Byte((byte)p);
            }
            typeSection.U32((uint)type.Results.Length);
            foreach (var r in type.Results)
            {
                typeSection.Byte((byte)r);
            }
        }
        var functionSection = new Writer();
        functionSection.U32((uint)functions.Length);
        foreach (var f in functions)
        {
            functionSection.U32((uint)f.TypeIndex);
        }
        var exportSection = new Writer();
        exportSection.U32((uint)functions.Length);
        for (var i = 0; i < functions.Length; i++)
        {
            var name = System.Text.Encoding.ASCII.GetBytes("f" + i);
            exportSection.U32((uint)name.Length);
            exportSection.Bytes(name);
            exportSection.Byte(0);
            exportSection.U32((uint)i);
        }
        var codeSection = new Writer();
        codeSection.U32((uint)functions.Length);
        foreach (var f in functions)
        {
            var body = new Writer();
            body.U32((uint)f.Locals.Length);
            foreach (var (count, type) in f.Locals)
            {
                body.U32(count);
                body.Byte((byte)type);
            }
            body.Bytes(f.Body);
            body.Byte((byte)Opcode.End);
            codeSection.U32((uint)body.Length);
            codeSection.Bytes(body.ToArray());
        }
        var module = new Writer();
        module.Bytes([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
        module.Section(1, typeSection);
        module.Section(3, functionSection);
        module.Section(7, exportSection);
        module.Section(10, codeSection);
        return module.ToArray();
    }

    /// <summary>A module of one function of type index 0 (more types may follow, for blocks).</summary>
    public static byte[] SingleFunction(Signature[] types, byte[] body, params (uint Count, ValueType Type)[] locals) =>
        Module(types, new Function(0, locals, body));

    /// <summary>Translates defined function <paramref name="index"/> and returns its code and the bytes the translation allocated on this thread.</summary>
    public static (FunctionCode Code, long Allocated) Translate(ValidatedModule module, int index = 0, ExecutionEnvironment? context = null)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var code = Translator.Translate(module, index, context);
        return (code, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    public static ValueType[] Repeat(ValueType type, int count) => Enumerable.Repeat(type, count).ToArray();

    /// <summary>Appends instruction bytes; <see cref="U32"/> and <see cref="S32"/> encode LEB128.</summary>
    public sealed class Writer
    {
        private byte[] _bytes = new byte[256];

        public int Length { get; private set; }

        public Writer Byte(byte value)
        {
            if (Length == _bytes.Length)
            {
                Array.Resize(ref _bytes, _bytes.Length * 2);
            }
            _bytes[Length++] = value;
            return this;
        }

        public Writer Op(Opcode op) => Byte((byte)op);

        public Writer Bytes(ReadOnlySpan<byte> bytes)
        {
            foreach (var b in bytes)
            {
                Byte(b);
            }
            return this;
        }

        public Writer U32(uint value)
        {
            do
            {
                var b = (byte)(value & 0x7F);
                value >>= 7;
                Byte(value != 0 ? (byte)(b | 0x80) : b);
            }
            while (value != 0);
            return this;
        }

        public Writer S32(int value)
        {
            while (true)
            {
                var b = (byte)(value & 0x7F);
                value >>= 7;
                if ((value == 0 && (b & 0x40) == 0) || (value == -1 && (b & 0x40) != 0))
                {
                    Byte(b);
                    return this;
                }
                Byte((byte)(b | 0x80));
            }
        }

        /// <summary>i32.const <paramref name="value"/>.</summary>
        public Writer I32(int value) => Op(Opcode.I32Const).S32(value);

        /// <summary>A block, loop or if with the block type of type index <paramref name="typeIndex"/>.</summary>
        public Writer Block(Opcode kind, int typeIndex) => Op(kind).S32(typeIndex);

        public Writer Section(byte id, Writer content)
        {
            Byte(id);
            U32((uint)content.Length);
            return Bytes(content.ToArray());
        }

        public byte[] ToArray() => _bytes.AsSpan(0, Length).ToArray();
    }
}
