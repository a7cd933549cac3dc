using System.Collections.Concurrent;
using System.Net.Sockets;
using Microwasm.AppFramework.Messaging;
using Microwasm.AppFramework.Protocol;
using Microwasm.AppFramework.Tests.Protocol;
using Microwasm.AppFramework.Transports;

namespace Microwasm.AppFramework.Tests.Transports;

/// <summary>Hostile bytes against a live server over TCP.</summary>
public sealed class RemoteServerFuzzTests
{
    /// <summary>
    /// 100,000 random, truncated and mutated frames (fixed seed) on one connection, in batches of
    /// 1,000. After each batch (and enough filler to complete whatever partial frame the noise began),
    /// the same connection's valid query is answered, and so is another client's.
    /// </summary>
    [Fact]
    public async Task AHundredThousandBadFramesThenAValidQueryIsAnsweredAfterEachBatch()
    {
        var limits = new LinkLimits { MaxPacketSize = 4096, MaxInstallSize = 64 * 1024 };
        await using var fixture = RemoteServerFixture.Start(new RemoteServerOptions { Limits = limits });
        await using var bystander = await fixture.ConnectAsync();
        using var socket = new TcpClient { NoDelay = true };
        await socket.ConnectAsync("127.0.0.1", fixture.Port);
        var stream = socket.GetStream();

        var answered = new ConcurrentDictionary<uint, ResponseStatus>();
        var responses = 0;
        var reading = Task.Run(async () =>
        {
            var decoder = new LinkFrameDecoder(new LinkLimits { MaxPacketSize = 1 << 20 });
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                foreach (var result in LinkFrameDecoderTests.DecodeAll(decoder, buffer.AsSpan(0, read)))
                {
                    if (result is LinkFrame frame && LinkCodec.TryReadResponse(frame, out var response, out _))
                    {
                        Interlocked.Increment(ref responses);
                        answered[response!.Mid] = response.Status;
                    }
                }
            }
        });

        var random = new Random(4122026);
        var templates = FrameFuzzer.Templates();
        var filler = new byte[limits.MaxInstallSize + 8];
        for (var batch = 0; batch < 100; batch++)
        {
            var input = new List<byte>();
            for (var i = 0; i < 1000; i++)
            {
                input.AddRange(FrameFuzzer.Next(random, templates));
            }
            var mid = 0xF000_0000u + (uint)batch;
            input.AddRange(filler);
            input.AddRange(LinkCodec.EncodeRequest(new Request(RequestMethod.Get, "/applet") { Mid = mid, Sender = 0 }));
            await stream.WriteAsync(input.ToArray());
            var deadline = Environment.TickCount64 + 20_000;
            while (!answered.ContainsKey(mid))
            {
                Assert.True(Environment.TickCount64 < deadline, $"batch {batch}: the valid query got no answer within 20 s ({Volatile.Read(ref responses)} responses so far)");
                Assert.False(reading.IsCompleted, $"batch {batch}: the server closed the connection");
                await Task.Delay(5);
            }
            Assert.Equal(ResponseStatus.Content, answered[mid]);
            Assert.Equal(ResponseStatus.Content, (await bystander.ListAsync()).Status);
        }
        Assert.True(Volatile.Read(ref responses) > 10_000, $"only {responses} responses: the fuzzer should make many answerable frames");
    }
}
