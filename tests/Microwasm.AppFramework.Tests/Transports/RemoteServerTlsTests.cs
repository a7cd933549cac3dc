using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microwasm.AppFramework.Applets;
using Microwasm.AppFramework.Messaging;
using Microwasm.AppFramework.Protocol;
using Microwasm.AppFramework.Tests.Support;
using Microwasm.AppFramework.Transports;
using Microwasm.TestSupport;
using Attr = Microwasm.AppFramework.AttrContainer.AttrContainer;

namespace Microwasm.AppFramework.Tests.Transports;

/// <summary><see cref="RemoteServerOptions.TlsCertificate"/>: the remote manager over TLS, and what it does with clients that do not speak it.</summary>
public sealed class RemoteServerTlsTests
{
    private static readonly X509Certificate2 s_certificate = TestCertificates.SelfSigned();

    private static RemoteServerFixture StartTls(string? token = null, TimeSpan? handshakeTimeout = null) =>
        RemoteServerFixture.Start(new RemoteServerOptions
        {
            TlsCertificate = s_certificate,
            Token = token,
            TlsHandshakeTimeout = handshakeTimeout ?? TimeSpan.FromSeconds(10),
        });

    [Fact]
    public async Task AClientTrustingTheCertificateIsServedWithTheTokenOverTls()
    {
        await using var fixture = StartTls(token: "s3cret");
        await using var client = await AppManagerClient.ConnectAsync("127.0.0.1", fixture.Port, TestCertificates.Trusting(s_certificate));

        Assert.Equal(ResponseStatus.Changed, (await client.AuthenticateAsync("s3cret")).Status);
        Assert.Equal(ResponseStatus.Created, (await client.InstallAsync("request_handler", SampleApplets.Get("ours", "request_handler"))).Status);
        var answer = await client.RequestAsync(RequestMethod.Get, "/app/request_handler/url1");
        Assert.Equal(ResponseStatus.Content, answer.Status);
        Assert.Equal("value1", Attr.Parse(answer.Payload.Span)["key1"].AsString());
        // pipelined over one TLS stream, each matched by its mid
        var many = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => client.RequestAsync(RequestMethod.Get, "/app/request_handler/url1")));
        Assert.All(many, response => Assert.Equal(ResponseStatus.Content, response.Status));
    }

    [Fact]
    public async Task AnUntrustedCertificateFailsTheClientAndTheServerGoesOn()
    {
        await using var fixture = StartTls();
        var stranger = TestCertificates.SelfSigned("CN=someone else");
        var refused = await Assert.ThrowsAsync<AuthenticationException>(() => AppManagerClient.ConnectAsync("127.0.0.1", fixture.Port, TestCertificates.Trusting(stranger)));
        Assert.Contains("certificate", refused.Message, StringComparison.OrdinalIgnoreCase);

        await using var client = await AppManagerClient.ConnectAsync("127.0.0.1", fixture.Port, TestCertificates.Trusting(s_certificate));
        Assert.Equal(ResponseStatus.Content, (await client.ListAsync()).Status);
    }

    [Fact]
    public async Task APlainClientIsDisconnectedWithoutAnAnswerAndTheServerGoesOn()
    {
        await using var fixture = StartTls();
        using (var plain = new TcpClient())
        {
            await plain.ConnectAsync("127.0.0.1", fixture.Port);
            // WAMR's host tool would send exactly this: a link frame, which is no TLS hello
            await plain.GetStream().WriteAsync(LinkCodec.EncodeRequest(new Request(RequestMethod.Get, "/applet") { Mid = 1 }));
            using var timeout = new CancellationTokenSource(10_000);
            var buffer = new byte[1024];
            var total = 0;
            int read;
            while ((read = await plain.GetStream().ReadAsync(buffer, timeout.Token)) > 0)
            {
                total += read;
            }
            // at most a TLS alert, never a link frame
            Assert.True(total < 16 && (total == 0 || buffer[0] == 0x15), $"{total} bytes, first {buffer[0]:x2}");
        }
        await using var client = await AppManagerClient.ConnectAsync("127.0.0.1", fixture.Port, TestCertificates.Trusting(s_certificate));
        Assert.Equal(ResponseStatus.Content, (await client.ListAsync()).Status);
    }

    [Fact]
    public async Task AClientThatNeverFinishesTheHandshakeIsDisconnected()
    {
        await using var fixture = StartTls(handshakeTimeout: TimeSpan.FromMilliseconds(300));
        using var silent = new TcpClient();
        await silent.ConnectAsync("127.0.0.1", fixture.Port);
        using var timeout = new CancellationTokenSource(10_000);
        Assert.Equal(0, await silent.GetStream().ReadAsync(new byte[16], timeout.Token));
        Assert.Equal(0, fixture.Server.ConnectionCount);
    }

    [Fact]
    public async Task ACertificateWithoutItsPrivateKeyIsRefused()
    {
        var publicOnly = X509CertificateLoader.LoadCertificate(s_certificate.RawData);
        await using var manager = new AppManager(new AppManagerOptions { Output = _ => TextWriter.Null });
        RemoteManagerServer Create() => new(manager, new RemoteServerOptions { TlsCertificate = publicOnly });
        var refused = Assert.Throws<ArgumentException>(Create);
        Assert.Contains("no private key", refused.Message);
    }
}
