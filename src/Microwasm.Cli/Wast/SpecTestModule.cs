using System.Globalization;
using Microwasm.Model;
using Microwasm.Runtime;

namespace Microwasm.Cli.Wast;

/// <summary>
/// The <c>spectest</c> host module the specification's test scripts import: print functions,
/// four immutable globals, a table and a memory. Its objects are mutable (the table and memory)
/// and belong to one store, so each script gets a fresh one.
/// </summary>
public static class SpecTestModule
{
    /// <summary>The module name scripts import from.</summary>
    public const string Name = "spectest";

    /// <summary>Defines the <c>spectest</c> exports in <paramref name="linker"/>.</summary>
    /// <param name="linker">Receives the definitions.</param>
    /// <param name="output">Where the print functions write, one call a line; null discards.</param>
    public static void Define(Linker linker, TextWriter? output = null)
    {
        DefinePrint(linker, "print", [], output);
        DefinePrint(linker, "print_i32", [ValueType.I32], output);
        DefinePrint(linker, "print_i64", [ValueType.I64], output);
        DefinePrint(linker, "print_f32", [ValueType.F32], output);
        DefinePrint(linker, "print_f64", [ValueType.F64], output);
        DefinePrint(linker, "print_i32_f32", [ValueType.I32, ValueType.F32], output);
        DefinePrint(linker, "print_f64_f64", [ValueType.F64, ValueType.F64], output);

        linker.Define(Name, "global_i32", new GlobalInstance(new GlobalType(ValueType.I32, false), 666));
        linker.Define(Name, "global_i64", new GlobalInstance(new GlobalType(ValueType.I64, false), 666));
        linker.Define(Name, "global_f32", new GlobalInstance(new GlobalType(ValueType.F32, false), BitConverter.SingleToUInt32Bits(666.6f)));
        linker.Define(Name, "global_f64", new GlobalInstance(new GlobalType(ValueType.F64, false), BitConverter.DoubleToUInt64Bits(666.6)));
        linker.Define(Name, "table", new TableInstance(new TableType(ValueType.FuncRef, new Limits(10, 20))));
        linker.Define(Name, "memory", new MemoryInstance(new MemoryType(new Limits(1, 2))));
    }

    private static void DefinePrint(Linker linker, string name, ValueType[] parameters, TextWriter? output)
    {
        var type = new FuncType(parameters, []);
        HostCallback callback = output is null
            ? static (_, _) => { }
            : (_, slots) => output.WriteLine(Format(parameters, slots));
        linker.Define(Name, name, new HostFunction(type, callback, $"{Name}.{name}"));
    }

    private static string Format(ValueType[] types, ReadOnlySpan<ulong> slots)
    {
        var parts = new string[types.Length];
        for (var i = 0; i < types.Length; i++)
        {
            var bits = slots[i];
            var text = types[i] switch
            {
                ValueType.I32 => ((int)(uint)bits).ToString(CultureInfo.InvariantCulture),
                ValueType.I64 => ((long)bits).ToString(CultureInfo.InvariantCulture),
                ValueType.F32 => BitConverter.UInt32BitsToSingle((uint)bits).ToString("R", CultureInfo.InvariantCulture),
                _ => BitConverter.UInt64BitsToDouble(bits).ToString("R", CultureInfo.InvariantCulture),
            };
            parts[i] = $"{text} : {types[i].Name()}";
        }
        return string.Join(", ", parts);
    }
}
