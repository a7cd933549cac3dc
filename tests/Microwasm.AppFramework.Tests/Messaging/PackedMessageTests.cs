using System.Buffers.Binary;
using Microwasm.AppFramework.Messaging;

namespace Microwasm.AppFramework.Tests.Messaging;

public sealed class PackedMessageTests
{
    [Fact]
    public void ARequestPacksInWamrsLayout()
    {
        var request = new Request(RequestMethod.Put, "/a/b", new byte[] { 9, 8, 7 }, PayloadFormat.AttrContainer) { Mid = 0x01020304, Sender = EndpointId.Host };

        var packet = PackedMessage.Pack(request);

        Assert.Equal(new byte[]
        {
            1, 3, 0, 99, 1, 2, 3, 4, 0xff, 0xff, 0xff, 0xfd, 0, 5, 0, 0, 0, 3,
            (byte)'/', (byte)'a', (byte)'/', (byte)'b', 0, 9, 8, 7,
        }, packet);
        Assert.True(PackedMessage.TryUnpackRequest(packet, out var back, out var error), error);
        Assert.Equal(request.Url, back!.Url);
        Assert.Equal((request.Method, request.Mid, request.Sender, request.Format), (back.Method, back.Mid, back.Sender, back.Format));
        Assert.Equal(request.Payload.ToArray(), back.Payload.ToArray());
    }

    [Fact]
    public void AResponsePacksInWamrsLayout()
    {
        var response = new Response(ResponseStatus.Content, new byte[] { 1, 2 }, PayloadFormat.AttrContainer) { Mid = 7, Receiver = 3 };

        var packet = PackedMessage.Pack(response);

        Assert.Equal(new byte[] { 1, 69, 0, 99, 0, 0, 0, 7, 0, 0, 0, 3, 0, 0, 0, 2, 1, 2 }, packet);
        Assert.True(PackedMessage.TryUnpackResponse(packet, out var back, out _));
        Assert.Equal((response.Status, response.Mid, response.Receiver, response.Format), (back!.Status, back.Mid, back.Receiver, back.Format));
    }

    [Theory]
    [InlineData(new byte[] { 1, 1, 0, 0 }, "at least 18")]
    [InlineData(new byte[] { 2, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0 }, "version 2")]
    [InlineData(new byte[] { 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0 }, "header says")]
    [InlineData(new byte[] { 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff, 0 }, "header says")]
    [InlineData(new byte[] { 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, (byte)'x' }, "NUL")]
    [InlineData(new byte[] { 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, "NUL")]
    [InlineData(new byte[] { 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, (byte)'a', 0, 0 }, "NUL before")]
    [InlineData(new byte[] { 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0xff, 0 }, "UTF-8")]
    public void MalformedRequestsAreRefusedWithAReason(byte[] packet, string reason)
    {
        Assert.False(PackedMessage.TryUnpackRequest(packet, out var request, out var error));
        Assert.Null(request);
        Assert.Contains(reason, error);
    }

    [Fact]
    public void AHundredThousandRandomAndMutatedPacketsEndInAMessageOrAReason()
    {
        var random = new Random(20261204);
        var valid = PackedMessage.Pack(new Request(RequestMethod.Get, "/app/x/url1", new byte[40]) { Mid = 5 });
        var validResponse = PackedMessage.Pack(new Response(ResponseStatus.Content, new byte[24]) { Mid = 5 });
        int accepted = 0, refused = 0;
        for (var i = 0; i < 100_000; i++)
        {
            byte[] packet;
            switch (i % 4)
            {
                case 0:
                    packet = new byte[random.Next(0, 80)];
                    random.NextBytes(packet);
                    if (packet.Length > 0)
                    {
                        packet[0] = 1;
                    }
                    break;
                case 1:
                    packet = (byte[])(i % 8 == 1 ? valid : validResponse).Clone();
                    for (var flips = random.Next(1, 4); flips > 0; flips--)
                    {
                        packet[random.Next(packet.Length)] = (byte)random.Next(256);
                    }
                    break;
                case 2:
                    packet = valid[..random.Next(valid.Length + 1)];
                    break;
                default:
                    packet = (byte[])valid.Clone();
                    BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(14), (uint)random.Next());
                    BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(12), (ushort)random.Next(65536));
                    break;
            }
            var asRequest = PackedMessage.TryUnpackRequest(packet, out var request, out var requestError);
            var asResponse = PackedMessage.TryUnpackResponse(packet, out var response, out var responseError);
            Assert.True(asRequest ? request is not null && requestError is null : request is null && requestError is { Length: > 0 });
            Assert.True(asResponse ? response is not null && responseError is null : response is null && responseError is { Length: > 0 });
            if (asRequest)
            {
                Assert.Equal(packet, PackedMessage.Pack(request!));   // what is accepted packs back to the same bytes
                accepted++;
            }
            else
            {
                refused++;
            }
        }
        Assert.True(accepted > 100 && refused > 50_000, $"{accepted} accepted, {refused} refused");
    }
}
