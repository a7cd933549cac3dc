using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Microwasm.AppFramework.Extensions.Display;

/// <summary>
/// The PNG subset the display needs (PNG specification, ISO/IEC 15948): writes 8-bit RGBA, and reads
/// 8-bit RGB or RGBA without interlace (display snapshots, browser screenshots, test references).
/// </summary>
internal static class PngCodec
{
    private static readonly byte[] s_signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly uint[] s_crcTable = MakeCrcTable();

    /// <summary>Largest image <see cref="Read"/> accepts, in pixels (a hostile header must not allocate without bound).</summary>
    public const int MaxPixels = 16 * 1024 * 1024;

    public static void Write(Stream stream, int width, int height, ReadOnlySpan<byte> rgba)
    {
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;    // bit depth
        header[9] = 6;    // RGBA
        stream.Write(s_signature);
        WriteChunk(stream, "IHDR", header);
        using (var data = new MemoryStream())
        {
            using (var z = new ZLibStream(data, CompressionLevel.Fastest, leaveOpen: true))
            {
                var row = width * 4;
                for (var y = 0; y < height; y++)
                {
                    z.WriteByte(0);   // filter: none
                    z.Write(rgba.Slice(y * row, row));
                }
            }
            WriteChunk(stream, "IDAT", data.GetBuffer().AsSpan(0, (int)data.Length));
        }
        WriteChunk(stream, "IEND", []);
    }

    /// <summary>Decodes <paramref name="png"/> to RGBA (RGB gets alpha 255).</summary>
    /// <exception cref="InvalidDataException">Not a PNG this reader handles.</exception>
    public static (int Width, int Height, byte[] Rgba) Read(ReadOnlySpan<byte> png)
    {
        if (png.Length < 8 || !png[..8].SequenceEqual(s_signature))
        {
            throw new InvalidDataException("not a PNG file");
        }
        int width = 0, height = 0, channels = 0;
        using var compressed = new MemoryStream();
        var at = 8;
        while (true)
        {
            if (at + 12 > png.Length)
            {
                throw new InvalidDataException("PNG truncated");
            }
            var length = BinaryPrimitives.ReadInt32BigEndian(png[at..]);
            var type = Encoding.ASCII.GetString(png.Slice(at + 4, 4));
            if (length < 0 || at + 12L + length > png.Length)
            {
                throw new InvalidDataException($"PNG chunk {type} runs past the end");
            }
            var body = png.Slice(at + 8, length);
            at += 12 + length;
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(body);
                height = BinaryPrimitives.ReadInt32BigEndian(body[4..]);
                if (body[8] != 8 || body[9] is not (2 or 6) || body[12] != 0)
                {
                    throw new InvalidDataException($"PNG with bit depth {body[8]}, colour type {body[9]}, interlace {body[12]}: only 8-bit RGB or RGBA without interlace is read");
                }
                if (width <= 0 || height <= 0 || (long)width * height > MaxPixels)
                {
                    throw new InvalidDataException($"PNG of {width}x{height} pixels is not read");
                }
                channels = body[9] == 6 ? 4 : 3;
            }
            else if (type == "IDAT")
            {
                compressed.Write(body);
            }
            else if (type == "IEND")
            {
                break;
            }
        }
        if (channels == 0)
        {
            throw new InvalidDataException("PNG without IHDR");
        }
        var stride = width * channels;
        var raw = new byte[(stride + 1) * height];
        compressed.Position = 0;
        using (var z = new ZLibStream(compressed, CompressionMode.Decompress))
        {
            z.ReadExactly(raw);
        }
        var rgba = new byte[width * height * 4];
        var previous = new byte[stride];
        var current = new byte[stride];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            raw.AsSpan(y * (stride + 1) + 1, stride).CopyTo(current);
            for (var i = 0; i < stride; i++)
            {
                int a = i >= channels ? current[i - channels] : 0, b = previous[i], c = i >= channels ? previous[i - channels] : 0;
                current[i] += filter switch
                {
                    0 => 0,
                    1 => (byte)a,
                    2 => (byte)b,
                    3 => (byte)((a + b) / 2),
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"PNG row filter {filter}"),
                };
            }
            for (var x = 0; x < width; x++)
            {
                rgba[(y * width + x) * 4] = current[x * channels];
                rgba[(y * width + x) * 4 + 1] = current[x * channels + 1];
                rgba[(y * width + x) * 4 + 2] = current[x * channels + 2];
                rgba[(y * width + x) * 4 + 3] = channels == 4 ? current[x * channels + 3] : (byte)255;
            }
            (previous, current) = (current, previous);
        }
        return (width, height, rgba);
    }

    private static byte Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return (byte)(pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
    }

    private static void WriteChunk(Stream stream, string type, ReadOnlySpan<byte> body)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, body.Length);
        stream.Write(word);
        Span<byte> typeBytes = stackalloc byte[4];
        Encoding.ASCII.GetBytes(type, typeBytes);
        stream.Write(typeBytes);
        stream.Write(body);
        var crc = Crc(Crc(0xFFFFFFFFu, typeBytes), body) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        stream.Write(word);
    }

    private static uint Crc(uint crc, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            crc = s_crcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }
        return crc;
    }

    private static uint[] MakeCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }
            table[n] = c;
        }
        return table;
    }
}
