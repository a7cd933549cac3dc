using System.Globalization;
using Microwasm.Model;
using Microwasm.Runtime;

namespace Microwasm.Cli.Run;

/// <summary>
/// Values as the command line writes them, in the style of WAMR's <c>iwasm --function</c>:
/// arguments are i32/i64 in decimal or <c>0x</c> hex, f32/f64 in decimal, <c>nan</c>, <c>inf</c> or
/// <c>-inf</c>, references <c>null</c>; results print as <c>0x2a:i32</c>, <c>1.5:f32</c>, <c>nan:f64</c>.
/// </summary>
internal static class WasmValueText
{
    /// <summary>Parses command-line arguments by <paramref name="type"/>'s parameters.</summary>
    /// <exception cref="FormatException">Wrong count, or an argument that is not a value of its type.</exception>
    public static WasmValue[] ParseArguments(FuncType type, IReadOnlyList<string> args)
    {
        var parameters = type.Parameters;
        if (args.Count != parameters.Length)
        {
            throw new FormatException($"the function takes {parameters.Length} arguments {type}, got {args.Count}");
        }
        var values = new WasmValue[args.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = ParseValue(parameters[i], args[i])
                ?? throw new FormatException($"argument {i + 1} \"{args[i]}\" is not a valid {parameters[i].Name()}");
        }
        return values;
    }

    /// <summary>Parses one argument; null when <paramref name="text"/> is not a <paramref name="type"/>.</summary>
    public static WasmValue? ParseValue(ValueType type, string text)
    {
        switch (type)
        {
            case ValueType.I32:
                if (TryParseHex(text, out var h32))
                {
                    return h32 <= uint.MaxValue ? WasmValue.I32((int)(uint)h32) : null;
                }
                // Unsigned values up to 2^32-1 are accepted too, as their bit pattern.
                return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l32) && l32 >= int.MinValue && l32 <= uint.MaxValue
                    ? WasmValue.I32((int)(uint)l32)
                    : null;
            case ValueType.I64:
                if (TryParseHex(text, out var h64))
                {
                    return WasmValue.I64((long)h64);
                }
                if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l64))
                {
                    return WasmValue.I64(l64);
                }
                return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var u64) ? WasmValue.I64((long)u64) : null;
            case ValueType.F32:
                return TryParseFloat(text, out var f32) ? WasmValue.F32((float)f32) : null;
            case ValueType.F64:
                return TryParseFloat(text, out var f64) ? WasmValue.F64(f64) : null;
            case ValueType.FuncRef:
                return text == "null" ? WasmValue.Null(ValueType.FuncRef) : null;
            case ValueType.ExternRef:
                return text == "null" ? WasmValue.Null(ValueType.ExternRef) : null;
            default:
                return null;
        }
    }

    private static bool TryParseHex(string text, out ulong value)
    {
        value = 0;
        return text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) &&
            ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
    }

    private static bool TryParseFloat(string text, out double value)
    {
        switch (text.ToLowerInvariant())
        {
            // .NET's double.NaN has the sign bit set; wasm's "nan" is the positive canonical NaN.
            case "nan" or "+nan":
                value = BitConverter.UInt64BitsToDouble(0x7FF8_0000_0000_0000);
                return true;
            case "-nan":
                value = BitConverter.UInt64BitsToDouble(0xFFF8_0000_0000_0000);
                return true;
            case "inf" or "+inf" or "infinity" or "+infinity":
                value = double.PositiveInfinity;
                return true;
            case "-inf" or "-infinity":
                value = double.NegativeInfinity;
                return true;
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }

    /// <summary>A result as <c>VALUE:TYPE</c>: integers in hex, floats in shortest round-trip decimal.</summary>
    public static string FormatResult(WasmValue value) => value.Type switch
    {
        ValueType.I32 => $"0x{(uint)value.Bits:x}:i32",
        ValueType.I64 => $"0x{value.Bits:x}:i64",
        ValueType.F32 => $"{FormatFloat(value.AsF32())}:f32",
        ValueType.F64 => $"{FormatFloat(value.AsF64())}:f64",
        ValueType.V128 => $"0x{value.High:x16}{value.Bits:x16}:v128",
        ValueType.FuncRef => value.IsNull ? "null:funcref" : "func:funcref",
        _ => value.IsNull ? "null:externref" : $"{value.Reference}:externref",
    };

    private static string FormatFloat(double value) =>
        double.IsNaN(value) ? (double.IsNegative(value) ? "-nan" : "nan")
        : double.IsPositiveInfinity(value) ? "inf"
        : double.IsNegativeInfinity(value) ? "-inf"
        : value.ToString("R", CultureInfo.InvariantCulture);

    private static string FormatFloat(float value) =>
        float.IsNaN(value) ? (float.IsNegative(value) ? "-nan" : "nan")
        : float.IsPositiveInfinity(value) ? "inf"
        : float.IsNegativeInfinity(value) ? "-inf"
        : value.ToString("R", CultureInfo.InvariantCulture);
}
