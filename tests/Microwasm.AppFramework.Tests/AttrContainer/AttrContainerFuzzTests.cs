using System.Buffers.Binary;
using System.Text;
using Xunit.Abstractions;

namespace Microwasm.AppFramework.Tests.AttrContainer;

using Microwasm.AppFramework.AttrContainer;

/// <summary>
/// Random and mutated containers: every input must end in a container or an
/// <see cref="AttrContainerFormatException"/>; any other exception fails the test.
/// </summary>
public class AttrContainerFuzzTests(ITestOutputHelper output)
{
    private const int Inputs = 100_000;

    [Fact]
    public void RandomAndMutatedContainersEndInAContainerOrAFormatError()
    {
        var rng = new Random(20261204);
        var seeds = new List<(byte[] Bytes, AttrNumbering Numbering)>
        {
            (AttrContainerGoldenTests.WamrAllTypes, AttrNumbering.Current),
            (AttrContainerGoldenTests.WamrRequestHandler, AttrNumbering.Current),
        };
        for (int i = 0; i < 200; i++)
        {
            AttrNumbering numbering = (i & 1) == 0 ? AttrNumbering.Current : AttrNumbering.Legacy;
            byte[] bytes = RandomContainer(rng, numbering).Serialize(numbering);
            if (rng.Next(4) == 0)
            {
                bytes = AddSlack(bytes, rng.Next(1, 120), rng);
            }

            seeds.Add((bytes, numbering));
        }

        int parsed = 0;
        int refused = 0;
        var kinds = new int[8];
        for (int i = 0; i < Inputs; i++)
        {
            (byte[] seed, AttrNumbering numbering) = seeds[rng.Next(seeds.Count)];
            int kind = rng.Next(8);
            byte[] input = kind switch
            {
                0 => RandomBytes(rng, rng.Next(0, 96)),
                1 => RandomBytesWithHeader(rng),
                2 => FlipBytes(seed, rng),
                3 => Truncate(seed, rng),
                4 => SetLengthField(seed, numbering, rng),
                5 => SetTypeOrCount(seed, numbering, rng),
                6 => Splice(seed, rng),
                _ => FlipBytes(SetLengthField(seed, numbering, rng), rng),
            };

            // Sometimes read with the other numbering: the codes then mean other types, or nothing.
            if (rng.Next(8) == 0)
            {
                numbering = numbering == AttrNumbering.Current ? AttrNumbering.Legacy : AttrNumbering.Current;
            }

            bool ok = AttrContainer.TryParse(input, numbering, out AttrContainer? viaTry, out string? error);
            try
            {
                AttrContainer c = AttrContainer.Parse(input, numbering);
                Assert.True(ok, error);
                parsed++;
                kinds[kind]++;

                // Whatever is accepted writes back and reads back the same.
                byte[] again = c.Serialize(numbering);
                AttrContainer back = AttrContainer.Parse(again, numbering);
                // (Span comparisons: xUnit's collection comparer would dominate the run time.)
                Assert.Equal(c.Tag, back.Tag);
                Assert.True(c.SequenceEqual(back), "the attributes read back differ");
                Assert.True(again.AsSpan().SequenceEqual(back.Serialize(numbering)), "the bytes written back differ");
                Assert.True(again.AsSpan().SequenceEqual(viaTry!.Serialize(numbering)), "TryParse read something else");
                Assert.True(again.Length <= input.Length + 1, "the writer never needs more than the input, but for an empty container's slack byte");
            }
            catch (AttrContainerFormatException e)
            {
                Assert.False(ok);
                Assert.Equal(e.Message, error);
                Assert.InRange(e.Offset, 0, input.Length);
                refused++;
            }
        }

        output.WriteLine($"{Inputs} inputs: {parsed} parsed, {refused} refused; parsed per kind: {string.Join(", ", kinds)}");
        Assert.Equal(Inputs, parsed + refused);
        // Both outcomes are well exercised, and mutations are not all rejected up front.
        Assert.True(parsed > Inputs / 20, $"only {parsed} inputs parsed");
        Assert.True(refused > Inputs / 2, $"only {refused} inputs refused");
        Assert.All(new[] { kinds[2], kinds[3], kinds[4], kinds[5], kinds[6] }, n => Assert.True(n > 100, $"a mutation kind parsed only {n} times"));
    }

    [Fact]
    public void HugeLengthsNeverAllocateBeyondTheInput()
    {
        // A byte array and a string claiming the most their fields allow, in a 25-byte input.
        byte[] array = [0, 0, 23, 0, 0, 0, 2, 0, (byte)'t', 0, 1, 0, 2, 0, (byte)'k', 0, 14, 0xFF, 0xFF, 0xFF, 0x7F, 1, 2, 3, 4];
        byte[] text = [0, 0, 20, 0, 0, 0, 2, 0, (byte)'t', 0, 1, 0, 2, 0, (byte)'k', 0, 13, 0xFF, 0xFF, 1, 2, 3];
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            Assert.Throws<AttrContainerFormatException>(() => AttrContainer.Parse(array));
            Assert.Throws<AttrContainerFormatException>(() => AttrContainer.Parse(text));
        }

        long perInput = (GC.GetAllocatedBytesForCurrentThread() - before) / 2000;
        Assert.True(perInput < 4096, $"{perInput} bytes allocated per refused input");
    }

    internal static AttrContainer RandomContainer(Random rng, AttrNumbering numbering)
    {
        var c = new AttrContainer(RandomText(rng, rng.Next(0, 12))) { Flags = (ushort)(rng.Next(3) == 0 ? 4 : 0) };
        int count = rng.Next(0, 9);
        for (int i = 0; i < count; i++)
        {
            c.Set(RandomText(rng, rng.Next(0, 6)) + i, RandomValue(rng, numbering));
        }

        return c;
    }

    private static AttrValue RandomValue(Random rng, AttrNumbering numbering)
    {
        while (true)
        {
            AttrType type = (AttrType)rng.Next(15);
            if (!AttrTypeCodes.TryGetType((byte)type, AttrNumbering.Current, out _) || !AttrTypeCodes.TryGetCode(type, numbering, out _))
            {
                continue;   // 8 and 9 are no types; Legacy has no UInt8, UInt32, UInt64
            }

            long bits = rng.NextInt64();
            switch (type)
            {
                case AttrType.Int8: return AttrValue.FromInt8((sbyte)bits);
                case AttrType.Int16: return AttrValue.FromInt16((short)bits);
                case AttrType.Int32: return AttrValue.FromInt32((int)bits);
                case AttrType.Int64: return AttrValue.FromInt64(bits);
                case AttrType.UInt8: return AttrValue.FromUInt8((byte)bits);
                case AttrType.UInt16: return AttrValue.FromUInt16((ushort)bits);
                case AttrType.UInt32: return AttrValue.FromUInt32((uint)bits);
                case AttrType.UInt64: return AttrValue.FromUInt64((ulong)bits);
                case AttrType.Float: return AttrValue.FromFloat(BitConverter.Int32BitsToSingle((int)bits));
                case AttrType.Double: return AttrValue.FromDouble(BitConverter.Int64BitsToDouble(bits));
                case AttrType.Boolean: return AttrValue.FromBoolean((bits & 1) != 0);
                case AttrType.String: return AttrValue.FromString(RandomText(rng, rng.Next(0, 20)));
                case AttrType.ByteArray: return AttrValue.FromByteArray(RandomBytes(rng, rng.Next(0, 24)));
                default: throw new InvalidOperationException(type.ToString());
            }
        }
    }

    private static string RandomText(Random rng, int length)
    {
        const string alphabet = "abcxyz019 _-/.é€ж";
        var text = new StringBuilder(length);
        for (int i = 0; i < length; i++)
        {
            text.Append(alphabet[rng.Next(alphabet.Length)]);
        }

        return text.ToString();
    }

    private static byte[] RandomBytes(Random rng, int length)
    {
        byte[] bytes = new byte[length];
        rng.NextBytes(bytes);
        return bytes;
    }

    // Random content behind a header that holds together, so the reader gets past the first checks.
    private static byte[] RandomBytesWithHeader(Random rng)
    {
        byte[] bytes = RandomBytes(rng, rng.Next(16, 96));
        int tagLength = rng.Next(1, 6);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(2), (uint)(bytes.Length - 2));
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(6), (ushort)tagLength);
        for (int i = 0; i < tagLength - 1; i++)
        {
            bytes[8 + i] = (byte)('a' + rng.Next(26));
        }

        bytes[8 + tagLength - 1] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8 + tagLength), (ushort)rng.Next(0, 4));
        return bytes;
    }

    private static byte[] AddSlack(byte[] bytes, int slack, Random rng)
    {
        byte[] longer = new byte[bytes.Length + slack];
        bytes.CopyTo(longer, 0);
        if (rng.Next(2) == 0)
        {
            rng.NextBytes(longer.AsSpan(bytes.Length));   // stale bytes, as WAMR's replacement can leave
        }

        BinaryPrimitives.WriteUInt32LittleEndian(longer.AsSpan(2), (uint)(longer.Length - 2));
        return longer;
    }

    private static byte[] FlipBytes(byte[] seed, Random rng)
    {
        byte[] bytes = (byte[])seed.Clone();
        int flips = rng.Next(1, 5);
        for (int i = 0; i < flips && bytes.Length > 0; i++)
        {
            int at = rng.Next(bytes.Length);
            bytes[at] = rng.Next(2) == 0 ? (byte)(bytes[at] ^ (1 << rng.Next(8))) : (byte)rng.Next(256);
        }

        return bytes;
    }

    private static byte[] Truncate(byte[] seed, Random rng)
    {
        byte[] bytes = seed[..rng.Next(seed.Length)];
        if (bytes.Length >= 6 && rng.Next(2) == 0)
        {
            // Keep total_length consistent, so the cut lands inside the attributes instead.
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(2), (uint)(bytes.Length - 2));
        }

        return bytes;
    }

    private static byte[] SetLengthField(byte[] seed, AttrNumbering numbering, Random rng)
    {
        byte[] bytes = (byte[])seed.Clone();
        List<(int Offset, int Size)> fields = LengthFields(bytes, numbering);
        (int offset, int size) = fields[rng.Next(fields.Count)];
        uint value = rng.Next(6) switch
        {
            0 => 0,
            1 => size == 2 ? ushort.MaxValue : uint.MaxValue,
            2 => size == 2 ? 0x8000u : 0x80000000u,
            3 => (uint)bytes.Length + (uint)rng.Next(-3, 4),
            4 => (size == 2 ? BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(offset)) : BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset))) + (uint)rng.Next(-2, 3),
            _ => (uint)rng.Next(),
        };
        if (size == 2)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(offset), (ushort)value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(offset), value);
        }

        return bytes;
    }

    private static byte[] SetTypeOrCount(byte[] seed, AttrNumbering numbering, Random rng)
    {
        byte[] bytes = (byte[])seed.Clone();
        List<int> types = TypeBytes(bytes, numbering);
        if (types.Count > 0 && rng.Next(3) != 0)
        {
            bytes[types[rng.Next(types.Count)]] = (byte)rng.Next(rng.Next(2) == 0 ? 16 : 256);
        }
        else
        {
            int tagLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(6));
            ushort count = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8 + tagLength));
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8 + tagLength), (ushort)(count + rng.Next(-2, 3)));
        }

        return bytes;
    }

    // Inserts or deletes a few bytes somewhere, keeping total_length consistent.
    private static byte[] Splice(byte[] seed, Random rng)
    {
        int at = rng.Next(6, seed.Length);
        byte[] bytes = rng.Next(2) == 0
            ? [.. seed[..at], .. RandomBytes(rng, rng.Next(1, 5)), .. seed[at..]]
            : [.. seed[..at], .. seed[Math.Min(seed.Length, at + rng.Next(1, 5))..]];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(2), (uint)(bytes.Length - 2));
        return bytes;
    }

    // The offsets of a valid container's length fields: total_length, tag_len, attr_num, then each
    // key_len and each string or byte array length (walked independently of the reader under test).
    private static List<(int Offset, int Size)> LengthFields(byte[] bytes, AttrNumbering numbering)
    {
        var fields = new List<(int, int)> { (2, 4), (6, 2) };
        Walk(bytes, numbering, fields, null);
        return fields;
    }

    private static List<int> TypeBytes(byte[] bytes, AttrNumbering numbering)
    {
        var types = new List<int>();
        Walk(bytes, numbering, null, types);
        return types;
    }

    private static void Walk(byte[] bytes, AttrNumbering numbering, List<(int, int)>? lengths, List<int>? types)
    {
        int p = 8 + BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(6));
        int count = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(p));
        lengths?.Add((p, 2));
        p += 2;
        for (int i = 0; i < count; i++)
        {
            lengths?.Add((p, 2));
            p += 2 + BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(p));
            types?.Add(p);
            Assert.True(AttrTypeCodes.TryGetType(bytes[p++], numbering, out AttrType type));
            switch (type)
            {
                case AttrType.String:
                    lengths?.Add((p, 2));
                    p += 2 + BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(p));
                    break;
                case AttrType.ByteArray:
                    lengths?.Add((p, 4));
                    p += 4 + (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(p));
                    break;
                default:
                    p += AttrTypeCodes.GetFixedSize(type);
                    break;
            }
        }
    }
}
