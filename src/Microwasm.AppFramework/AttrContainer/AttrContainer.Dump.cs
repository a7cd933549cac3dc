using System.Globalization;
using System.Text;

namespace Microwasm.AppFramework.AttrContainer;

public sealed partial class AttrContainer
{
    /// <summary>
    /// A text dump in the format of WAMR's <c>attr_container_dump</c>: a heading, the tag, then one
    /// line per attribute with its type and value (integers in hex of their own width, floats with six
    /// decimals, strings as they are, byte arrays by length), lines ending in <c>\n</c>, and a final
    /// empty line. Unlike WAMR, a UInt64 is labelled <c>uint64</c> (WAMR prints <c>int64</c>).
    /// </summary>
    public string Dump()
    {
        var text = new StringBuilder();
        text.Append("Attribute container dump:\n");
        text.Append("Tag: ").Append(_tag).Append('\n');
        text.Append("Attribute list:\n");
        foreach (KeyValuePair<string, AttrValue> item in _items)
        {
            text.Append("  key: ").Append(item.Key).Append(", ");
            AttrValue v = item.Value;
            CultureInfo inv = CultureInfo.InvariantCulture;
            text.Append(v.Type switch
            {
                AttrType.Int8 => $"type: byte, value: 0x{(byte)v.AsInt8():x}",
                AttrType.Int16 => $"type: short, value: 0x{(ushort)v.AsInt16():x}",
                AttrType.Int32 => $"type: int, value: 0x{(uint)v.AsInt32():x}",
                AttrType.Int64 => $"type: int64, value: 0x{(ulong)v.AsInt64():x}",
                AttrType.UInt8 => $"type: uint8, value: 0x{v.AsUInt8():x}",
                AttrType.UInt16 => $"type: uint16, value: 0x{v.AsUInt16():x}",
                AttrType.UInt32 => $"type: uint32, value: 0x{v.AsUInt32():x}",
                AttrType.UInt64 => $"type: uint64, value: 0x{v.AsUInt64():x}",
                AttrType.Float => $"type: float, value: {FormatF(v.AsFloat(), inv)}",
                AttrType.Double => $"type: double, value: {FormatF(v.AsDouble(), inv)}",
                AttrType.Boolean => $"type: bool, value: 0x{(v.AsBoolean() ? 1 : 0)}",
                AttrType.String => $"type: string, value: {v.AsString()}",
                _ => $"type: byte array, length: {v.AsByteArray().Length.ToString(inv)}",
            });
            text.Append('\n');
        }

        text.Append('\n');
        return text.ToString();
    }

    // C's "%f": six decimals; nan/inf spelled as glibc does.
    private static string FormatF(double d, CultureInfo inv) =>
        double.IsNaN(d) ? (double.IsNegative(d) ? "-nan" : "nan")
        : double.IsPositiveInfinity(d) ? "inf"
        : double.IsNegativeInfinity(d) ? "-inf"
        : d.ToString("F6", inv);
}
