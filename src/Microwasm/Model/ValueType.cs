namespace Microwasm.Model;

/// <summary>A WebAssembly value type, with its binary encoding as the enum value.</summary>
public enum ValueType : byte
{
    I32 = 0x7F,
    I64 = 0x7E,
    F32 = 0x7D,
    F64 = 0x7C,
    V128 = 0x7B,
    FuncRef = 0x70,
    ExternRef = 0x6F,
}

/// <summary>Helpers over <see cref="ValueType"/>.</summary>
public static class ValueTypes
{
    /// <summary>True for a byte that encodes a value type.</summary>
    public static bool IsValueType(byte b) => b is 0x7F or 0x7E or 0x7D or 0x7C or 0x7B or 0x70 or 0x6F;

    /// <summary>True for <c>funcref</c> and <c>externref</c>.</summary>
    public static bool IsReference(this ValueType t) => t is ValueType.FuncRef or ValueType.ExternRef;

    /// <summary>True for i32, i64, f32 and f64.</summary>
    public static bool IsNumber(this ValueType t) => t is ValueType.I32 or ValueType.I64 or ValueType.F32 or ValueType.F64;

    /// <summary>The name the text format uses (i32, funcref, ...).</summary>
    public static string Name(this ValueType t) => t switch
    {
        ValueType.I32 => "i32",
        ValueType.I64 => "i64",
        ValueType.F32 => "f32",
        ValueType.F64 => "f64",
        ValueType.V128 => "v128",
        ValueType.FuncRef => "funcref",
        ValueType.ExternRef => "externref",
        _ => $"0x{(byte)t:X2}",
    };
}
