using System.Buffers.Binary;
using Microwasm.AppFramework.Messaging;
using Microwasm.AppFramework.Protocol;

namespace Microwasm.AppFramework.Tests.Protocol;

public sealed class LinkFrameDecoderTests
{
    private static readonly LinkLimits s_small = new() { MaxPacketSize = 4096, MaxInstallSize = 64 * 1024 };

    /// <summary>Decodes all of <paramref name="input"/>, fed in pieces of <paramref name="chunk"/> bytes; returns frames and errors in order.</summary>
    internal static List<object> DecodeAll(LinkFrameDecoder decoder, ReadOnlySpan<byte> input, int chunk = int.MaxValue)
    {
        var results = new List<object>();
        for (var start = 0; start < input.Length; start += chunk)
        {
            var piece = input.Slice(start, Math.Min(chunk, input.Length - start));
            while (!piece.IsEmpty)
            {
                var status = decoder.Decode(piece, out var consumed, out var frame, out var error);
                Assert.InRange(consumed, 0, piece.Length);
                piece = piece[consumed..];
                if (status == LinkDecodeStatus.Frame)
                {
                    results.Add(frame);
                }
                else if (status == LinkDecodeStatus.Error)
                {
                    results.Add(error!);
                }
                else
                {
                    Assert.True(piece.IsEmpty, "NeedMoreData must consume everything");
                }
            }
        }
        return results;
    }

    private static byte[] Query(uint mid) => LinkCodec.EncodeRequest(new Request(RequestMethod.Get, "/applet") { Mid = mid, Sender = 0 });

    [Fact]
    public void AFrameIsTheLeadingBytesTheTypeAndTheSizeBigEndianThenThePackedRequest()
    {
        var frame = LinkCodec.EncodeRequest(new Request(RequestMethod.Get, "/applet") { Mid = 0x01020304, Sender = 0 });
        Assert.Equal(new byte[] { 0x12, 0x34, 0, 2, 0, 0, 0, 18 + 8 }, frame[..8]);
        Assert.Equal(new byte[] { 1, 1, 0, 0, 1, 2, 3, 4, 0, 0, 0, 0, 0, 8, 0, 0, 0, 0 }, frame[8..26]);
        Assert.Equal("/applet\0"u8.ToArray(), frame[26..]);
        var response = LinkCodec.EncodeResponse(new Response(ResponseStatus.Created, default, PayloadFormat.AttrContainer) { Mid = 7, Receiver = 0 });
        Assert.Equal(new byte[] { 0x12, 0x34, 0, 3, 0, 0, 0, 16, 1, 65, 0, 99, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 0 }, response);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(1000)]
    public void FramesRoundTripWhateverThePiecesTheyArriveIn(int chunk)
    {
        var payload = Enumerable.Range(0, 3000).Select(i => (byte)i).ToArray();
        var stream = new List<byte>();
        stream.AddRange(Query(1));
        stream.AddRange(LinkCodec.EncodeRequest(new Request(RequestMethod.Put, "/applet?name=x", payload, PayloadFormat.RawBinary) { Mid = 2 }, LinkMessageType.InstallWasmApp));
        stream.AddRange(LinkCodec.EncodeResponse(new Response(ResponseStatus.Content, payload[..100], PayloadFormat.AttrContainer) { Mid = 3 }));
        var results = DecodeAll(new LinkFrameDecoder(s_small), stream.ToArray(), chunk);
        Assert.Equal(3, results.Count);
        var frames = results.Cast<LinkFrame>().ToArray();
        Assert.True(LinkCodec.TryReadRequest(frames[0], out var query, out _, out _));
        Assert.Equal(("/applet", 1u, RequestMethod.Get), (query!.Url, query.Mid, query.Method));
        Assert.Equal(LinkMessageType.InstallWasmApp, frames[1].Type);
        Assert.True(LinkCodec.TryReadRequest(frames[1], out var install, out _, out _));
        Assert.Equal(payload, install!.Payload.ToArray());
        Assert.True(LinkCodec.TryReadResponse(frames[2], out var response, out _));
        Assert.Equal((ResponseStatus.Content, 3u, 100), (response!.Status, response.Mid, response.Payload.Length));
    }

    [Fact]
    public void NoiseBeforeAFrameIsSkippedIncludingLoneLeadingBytes()
    {
        var decoder = new LinkFrameDecoder(s_small);
        byte[] noise = [0, 0x12, 0x12, 0x33, 0x12, 7, 0x34, 0x12];
        var results = DecodeAll(decoder, [.. noise, .. Query(9)]);
        var frame = Assert.IsType<LinkFrame>(Assert.Single(results));
        Assert.True(LinkCodec.TryReadRequest(frame, out var request, out _, out _));
        Assert.Equal(9u, request!.Mid);
        Assert.Equal(noise.Length, decoder.SkippedBytes);
    }

    [Fact]
    public void ATooLargeFrameIsRefusedFromItsHeaderAndAFrameHiddenInItsHeaderIsFound()
    {
        // a header declaring 4 GiB whose size bytes begin another frame's leading pair
        var decoder = new LinkFrameDecoder(s_small);
        var query = Query(5);
        byte[] input = [0x12, 0x34, 0, 2, 0xFF, 0xFF, 0x12, 0x34, .. query[2..]];
        var results = DecodeAll(decoder, input);
        Assert.Equal(2, results.Count);
        var error = Assert.IsType<LinkFrameError>(results[0]);
        Assert.True(error.TooLarge);
        Assert.Equal((2, 0xFFFF1234u), (error.Type, error.DeclaredSize));
        Assert.Contains("the limit is 4096", error.Message);
        Assert.True(LinkCodec.TryReadRequest(Assert.IsType<LinkFrame>(results[1]), out var request, out _, out _));
        Assert.Equal(5u, request!.Mid);
    }

    [Fact]
    public void AnUnhandledTypeHasItsPayloadSkippedAndAFrameTooShortForItsTypeToo()
    {
        byte[] coap = [0x12, 0x34, 0, 30, 0, 0, 0, 4, 0x12, 0x34, 0, 2];   // CBOR_GENERIC with a payload that looks like a header
        byte[] shortRequest = [0x12, 0x34, 0, 2, 0, 0, 0, 3, 1, 2, 3];
        byte[] empty = [0x12, 0x34, 0, 4, 0, 0, 0, 0];
        var results = DecodeAll(new LinkFrameDecoder(s_small), [.. coap, .. shortRequest, .. empty, .. Query(6)]);
        Assert.Equal(4, results.Count);
        Assert.Contains("type 30 is not handled", Assert.IsType<LinkFrameError>(results[0]).Message);
        Assert.Contains("less than the 18-byte packet header", Assert.IsType<LinkFrameError>(results[1]).Message);
        Assert.Equal(0u, Assert.IsType<LinkFrameError>(results[2]).DeclaredSize);
        Assert.IsType<LinkFrame>(results[3]);
    }

    [Fact]
    public void ABadPacketInAGoodFrameIsRefusedWithItsMid()
    {
        var frame = Query(0xABCD);
        frame[8] = 2;   // version
        var decoded = Assert.IsType<LinkFrame>(Assert.Single(DecodeAll(new LinkFrameDecoder(s_small), frame)));
        Assert.False(LinkCodec.TryReadRequest(decoded, out _, out var mid, out var error));
        Assert.Equal(0xABCDu, mid);
        Assert.Equal("packet version 2; expected 1", error);
    }

    [Fact]
    public void ADeclaredSizeIsNotAllocatedUntilItsBytesArrive()
    {
        var decoder = new LinkFrameDecoder(new LinkLimits { MaxInstallSize = 256 * 1024 * 1024 });
        var header = new byte[8];
        LinkCodec.WriteHeader(header, LinkMessageType.InstallWasmApp, 200 * 1024 * 1024);
        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Empty(DecodeAll(decoder, header));
        Assert.Empty(DecodeAll(decoder, new byte[1000]));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 256 * 1024, $"{allocated} bytes allocated for a frame declaring 200 MiB of which 1,000 bytes came");
        Assert.True(decoder.InFrame);
        Assert.Equal(1008, decoder.PendingBytes);
    }

    /// <summary>
    /// 100,000 random, truncated and mutated frames (fixed seed), fed in random pieces: every one ends
    /// in a frame or an error, never an exception; no frame exceeds the limits; the decoder's memory
    /// stays bounded; and after each batch and enough filler to finish a partial frame, a valid query
    /// is decoded.
    /// </summary>
    [Fact]
    public void FuzzedFramesEndInFramesOrErrorsAndTheDecoderAlwaysRecovers()
    {
        var random = new Random(20261204);
        var decoder = new LinkFrameDecoder(s_small);
        var templates = FrameFuzzer.Templates();
        var frames = 0;
        var errors = 0;
        for (var batch = 0; batch < 100; batch++)
        {
            var input = new List<byte>();
            for (var i = 0; i < 1000; i++)
            {
                input.AddRange(FrameFuzzer.Next(random, templates));
            }
            var before = GC.GetAllocatedBytesForCurrentThread();
            var results = DecodeAll(decoder, input.ToArray(), random.Next(1, 2000));
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            // bounded by what arrived (payloads are copied once; buffers grow by doubling) plus one initial buffer per frame
            Assert.True(allocated < 4L * input.Count + results.Count * 4096L + (1 << 20), $"batch {batch}: {allocated} bytes allocated for {input.Count} bytes of input");
            foreach (var result in results)
            {
                if (result is LinkFrame frame)
                {
                    frames++;
                    Assert.True(frame.Payload.Length <= (frame.Type == LinkMessageType.InstallWasmApp ? s_small.MaxInstallSize : s_small.MaxPacketSize));
                    // the packet readers never throw either
                    LinkCodec.TryReadRequest(frame, out _, out _, out _);
                    LinkCodec.TryReadResponse(frame, out _, out _);
                }
                else
                {
                    errors++;
                }
            }
            var check = DecodeAll(decoder, [.. new byte[s_small.MaxInstallSize + 8], .. Query((uint)batch + 1_000_000)]);
            var last = Assert.IsType<LinkFrame>(check[^1]);
            Assert.True(LinkCodec.TryReadRequest(last, out var query, out _, out _));
            Assert.Equal((uint)batch + 1_000_000, query!.Mid);
        }
        Assert.True(frames > 10_000 && errors > 10_000, $"{frames} frames and {errors} errors: the fuzzer should produce plenty of both");
    }
}

/// <summary>Makes random, truncated and mutated frames from valid ones.</summary>
internal static class FrameFuzzer
{
    public static byte[][] Templates() =>
    [
        LinkCodec.EncodeRequest(new Request(RequestMethod.Get, "/applet") { Mid = 1, Sender = 0 }),
        LinkCodec.EncodeRequest(new Request(RequestMethod.Get, "/applet?name=request_handler") { Mid = 2, Sender = 0 }),
        LinkCodec.EncodeRequest(new Request(RequestMethod.Get, "/app/request_handler/url1") { Mid = 3, Sender = 0 }),
        LinkCodec.EncodeRequest(new Request(RequestMethod.Post, "/url2", "{\"a\":1}"u8.ToArray()) { Mid = 4, Sender = 0 }),
        LinkCodec.EncodeRequest(new Request(RequestMethod.Put, "/event/alert/fuzz", default, PayloadFormat.AttrContainer) { Mid = 5, Sender = 0 }),
        LinkCodec.EncodeRequest(new Request(RequestMethod.Put, "/applet?name=fuzz&heap=1024", "\0asm\u0001\0\0\0"u8.ToArray(), PayloadFormat.RawBinary) { Mid = 6, Sender = 0 }, LinkMessageType.InstallWasmApp),
        LinkCodec.EncodeResponse(new Response(ResponseStatus.Content, new byte[20], PayloadFormat.AttrContainer) { Mid = 7 }),
    ];

    public static byte[] Next(Random random, byte[][] templates)
    {
        var template = templates[random.Next(templates.Length)];
        switch (random.Next(6))
        {
            case 0:
            {
                // random bytes, sometimes behind a leading pair
                var bytes = new byte[random.Next(0, 64)];
                random.NextBytes(bytes);
                if (bytes.Length >= 2 && random.Next(2) == 0)
                {
                    bytes[0] = 0x12;
                    bytes[1] = 0x34;
                }
                return bytes;
            }
            case 1:
                // truncated
                return template[..random.Next(0, template.Length)];
            case 2:
            case 3:
            {
                // a few bytes changed, often in the header where it matters most
                var bytes = (byte[])template.Clone();
                for (var n = random.Next(1, 4); n > 0; n--)
                {
                    var at = random.Next(2) == 0 ? random.Next(Math.Min(bytes.Length, 26)) : random.Next(bytes.Length);
                    bytes[at] = (byte)random.Next(256);
                }
                return bytes;
            }
            case 4:
            {
                // a size field that lies (the frame's or the packet's)
                var bytes = (byte[])template.Clone();
                var at = random.Next(2) == 0 ? 4 : 8 + 14;
                BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(Math.Min(at, bytes.Length - 4)), (uint)random.Next(int.MinValue, int.MaxValue));
                return bytes;
            }
            default:
                return template;
        }
    }
}
