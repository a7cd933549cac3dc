using Microwasm.TestSupport;

namespace Microwasm.Cli.Tests;

/// <summary><c>microwasm serve --tls-cert</c> as a real process, and <c>microwasm app --tls/--tls-ca</c> against it.</summary>
public sealed class ServeTlsTests() : TempFolderTests("microwasm-tls-")
{
    private static string RequestHandler => Path.Combine(TestPrograms.RepositoryRoot, "samples", "simple", "request_handler.wasm");

    [Fact]
    public async Task AppWithTheServersCertificateTalksToServeOverTlsAndNothingElseDoes()
    {
        var (certificate, key) = TestCertificates.WritePem(TestCertificates.SelfSigned(), Dir);
        var port = CliProcess.FreePort();
        var target = $"127.0.0.1:{port}";
        using var process = CliProcess.Start("serve", "--listen", target, "--tls-cert", certificate, "--tls-key", key, "--token", "s3cret", "--applet", "request_handler=" + RequestHandler);
        try
        {
            using var timeout = new CancellationTokenSource(30_000);
            string? line;
            var listening = "";
            while ((line = await process.StandardError.ReadLineAsync(timeout.Token)) is not null && !line.Contains("Ctrl-C stops"))
            {
                listening += line + "\n";
            }
            Assert.Contains($"listening on {target} (WAMR's wire protocol over TLS)", listening);

            Assert.Equal((0, "2.05 Content\n{\n\t\"key1\": \"value1\",\n\t\"key2\": \"value2\"\n}\n", ""),
                CliProcess.InProcess("app", "request", "/app/request_handler/url1", "--connect", target, "--tls-ca", certificate, "--token", "s3cret"));

            // the system does not trust a self-signed certificate
            var untrusted = CliProcess.InProcess("app", "list", "--connect", target, "--tls", "--token", "s3cret");
            Assert.Equal(2, untrusted.Status);
            Assert.StartsWith($"microwasm app: cannot reach {target}: ", untrusted.Err);
            Assert.Contains("certificate", untrusted.Err, StringComparison.OrdinalIgnoreCase);

            // plain TCP to a TLS server: the server hangs up, the client says so
            var plain = CliProcess.InProcess("app", "list", "--connect", target, "--timeout", "10");
            Assert.Equal(2, plain.Status);
            Assert.StartsWith($"microwasm app: {target}: ", plain.Err);

            var badCa = CliProcess.InProcess("app", "list", "--connect", target, "--tls-ca", RequestHandler);
            Assert.Equal((2, $"microwasm app: {RequestHandler} holds no PEM certificate\n"), (badCa.Status, badCa.Err));
        }
        finally
        {
            CliProcess.Interrupt(process);
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        Assert.Equal(0, process.ExitCode);
    }

    [Theory]
    [InlineData("--tls-key", "x.key", "microwasm: --tls-key needs --tls-cert")]
    [InlineData("--tls-cert", "missing.pem", "microwasm: cannot load the TLS certificate missing.pem")]
    public async Task ABadTlsOptionIsAUsageError(string option, string value, string message)
    {
        using var process = CliProcess.Start("serve", "--listen", $"127.0.0.1:{CliProcess.FreePort()}", option, value);
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, process.ExitCode);
        Assert.StartsWith(message, error);
    }

    [Fact]
    public async Task ACertificateWithoutItsKeyIsRefused()
    {
        var (certificate, _) = TestCertificates.WritePem(TestCertificates.SelfSigned(), Dir);
        using var process = CliProcess.Start("serve", "--listen", $"127.0.0.1:{CliProcess.FreePort()}", "--tls-cert", certificate);
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, process.ExitCode);
        Assert.StartsWith($"microwasm: cannot load the TLS certificate {certificate}", error);
    }

    [Fact]
    public void TlsIsRefusedOverSerial()
    {
        Assert.Equal((2, "", "microwasm app: --tls and --tls-ca are for TCP (--connect), not --serial\n"), CliProcess.InProcess("app", "list", "--serial", "/dev/null", "--tls"));
    }
}
