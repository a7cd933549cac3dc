using System.Globalization;
using System.Runtime.Intrinsics;
using Microwasm.Model;
using Microwasm.Runtime;

namespace Microwasm.Cli.Wast;

/// <summary>
/// v128 values in the scripts: one string per lane in a lane format (i8, i16, i32, i64, f32, f64),
/// each the decimal bit pattern of the lane; an expected float lane may instead be
/// <c>nan:canonical</c> or <c>nan:arithmetic</c>, checked lane by lane.
/// </summary>
internal static class WastV128
{
    /// <summary>The v128 an argument describes.</summary>
    /// <exception cref="FormatException">The lane format or a lane is not understood.</exception>
    public static WasmValue Parse(WastValue value)
    {
        var lanes = value.Lanes ?? throw new FormatException($"v128 argument {value} has no lanes");
        var width = LaneWidth(value.LaneType);
        if (lanes.Length * width != 128)
        {
            throw new FormatException($"v128 argument {value} has {lanes.Length} lanes of {width} bits");
        }
        Span<byte> bytes = stackalloc byte[16];
        for (var i = 0; i < lanes.Length; i++)
        {
            var bits = ParseBits(lanes[i], width);
            WriteLane(bytes, i, width, bits);
        }
        var v = Vector128.Create((ReadOnlySpan<byte>)bytes).AsUInt64();
        return WasmValue.V128(v.GetElement(0), v.GetElement(1));
    }

    /// <summary>True when <paramref name="actual"/> is a v128 whose every lane matches <paramref name="expected"/>'s.</summary>
    public static bool Matches(WasmValue actual, WastValue expected)
    {
        if (actual.Type != ValueType.V128 || expected.Lanes is not { } lanes)
        {
            return false;
        }
        var width = LaneWidth(expected.LaneType);
        if (lanes.Length * width != 128)
        {
            return false;
        }
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, actual.Bits);
        BitConverter.TryWriteBytes(bytes[8..], actual.High);
        var isFloat = expected.LaneType is "f32" or "f64";
        for (var i = 0; i < lanes.Length; i++)
        {
            var bits = ReadLane(bytes, i, width);
            var lane = lanes[i];
            var matches = (isFloat, lane) switch
            {
                (true, "nan:canonical") => width == 32
                    ? (bits & 0x7FFF_FFFFul) == 0x7FC0_0000ul
                    : (bits & 0x7FFF_FFFF_FFFF_FFFFul) == 0x7FF8_0000_0000_0000ul,
                (true, "nan:arithmetic") => width == 32
                    ? (bits & 0x7FC0_0000ul) == 0x7FC0_0000ul
                    : (bits & 0x7FF8_0000_0000_0000ul) == 0x7FF8_0000_0000_0000ul,
                _ => bits == ParseBits(lane, width),
            };
            if (!matches)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The value as the scripts would write it in <paramref name="laneType"/> lanes (i32 when none is given).</summary>
    public static string Format(WasmValue value, string? laneType = null)
    {
        var width = LaneWidth(laneType ?? "i32");
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, value.Bits);
        BitConverter.TryWriteBytes(bytes[8..], value.High);
        var lanes = new string[128 / width];
        for (var i = 0; i < lanes.Length; i++)
        {
            lanes[i] = ReadLane(bytes, i, width).ToString(CultureInfo.InvariantCulture);
        }
        return $"v128:{laneType ?? "i32"}[{string.Join(" ", lanes)}]";
    }

    private static int LaneWidth(string? laneType) => laneType switch
    {
        "i8" => 8,
        "i16" => 16,
        "i32" or "f32" => 32,
        "i64" or "f64" => 64,
        _ => throw new FormatException($"unknown v128 lane type \"{laneType}\""),
    };

    /// <summary>wast2json writes lanes as unsigned decimals of their bits; negative forms are accepted too.</summary>
    private static ulong ParseBits(string text, int width)
    {
        var mask = width == 64 ? ulong.MaxValue : (1ul << width) - 1;
        if (ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var u))
        {
            return u & mask;
        }
        return (ulong)long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) & mask;
    }

    private static void WriteLane(Span<byte> bytes, int lane, int width, ulong bits)
    {
        var size = width / 8;
        for (var b = 0; b < size; b++)
        {
            bytes[lane * size + b] = (byte)(bits >> (8 * b));
        }
    }

    private static ulong ReadLane(ReadOnlySpan<byte> bytes, int lane, int width)
    {
        var size = width / 8;
        var bits = 0ul;
        for (var b = 0; b < size; b++)
        {
            bits |= (ulong)bytes[lane * size + b] << (8 * b);
        }
        return bits;
    }
}
