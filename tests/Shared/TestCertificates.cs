using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Microwasm.TestSupport;

/// <summary>Self-signed TLS certificates made on the spot for tests (ECDSA P-256, valid a day either way, for 127.0.0.1 and localhost).</summary>
internal static class TestCertificates
{
    /// <summary>A new self-signed certificate with its private key, usable by <see cref="System.Net.Security.SslStream"/> as a server's.</summary>
    public static X509Certificate2 SelfSigned(string subject = "CN=microwasm test")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // through PKCS#12, so that the key is a persisted one, as from a file
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), password: null);
    }

    /// <summary>Writes <paramref name="certificate"/> as <c>NAME.pem</c> and its key as <c>NAME.key</c> in <paramref name="directory"/>; returns both paths.</summary>
    public static (string Certificate, string Key) WritePem(X509Certificate2 certificate, string directory, string name = "server")
    {
        var certificatePath = Path.Combine(directory, name + ".pem");
        var keyPath = Path.Combine(directory, name + ".key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        return (certificatePath, keyPath);
    }

    /// <summary>Client options that trust <paramref name="certificate"/> alone.</summary>
    public static System.Net.Security.SslClientAuthenticationOptions Trusting(X509Certificate2 certificate)
    {
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.Add(X509CertificateLoader.LoadCertificate(certificate.RawData));
        return new System.Net.Security.SslClientAuthenticationOptions { CertificateChainPolicy = policy };
    }
}
