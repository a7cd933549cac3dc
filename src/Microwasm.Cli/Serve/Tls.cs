using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

using Microwasm.AppFramework.Transports;

namespace Microwasm.Cli.Serve;

/// <summary>TLS for <c>serve --tls-cert</c> and <c>app --tls</c>: loading a server certificate, trusting a given one.</summary>
internal static class Tls
{
    /// <summary>What <c>--tls-cert</c> and <c>--tls</c> say in a build without TLS (the default native build; <c>tools/aot.sh --tls</c> adds it).</summary>
    public const string NotInThisBuild = "TLS is not part of this build of microwasm (the native build leaves it out unless built with tools/aot.sh --tls); use that build, the dotnet tool or the JIT build";

    /// <summary>
    /// The server's certificate with its private key: a PKCS#12 file (<c>.pfx</c>, <c>.p12</c>, no
    /// password), or PEM with the key in <paramref name="keyPath"/> or in the same file.
    /// </summary>
    /// <exception cref="InvalidDataException">The files cannot be read as a certificate with its key; the message says why.</exception>
    public static X509Certificate2 LoadServerCertificate(string certificatePath, string? keyPath)
    {
        if (!RemoteManagerServer.IsTlsSupported)
        {
            throw new InvalidDataException(NotInThisBuild);
        }
        try
        {
            var certificate = Path.GetExtension(certificatePath).ToLowerInvariant() is ".pfx" or ".p12"
                ? X509CertificateLoader.LoadPkcs12FromFile(certificatePath, password: null)
                : X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
            if (!certificate.HasPrivateKey)
            {
                certificate.Dispose();
                throw new InvalidDataException($"{certificatePath} holds no private key (give it with --tls-key)");
            }
            return certificate;
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new InvalidDataException($"cannot load the TLS certificate {certificatePath}{(keyPath is null ? "" : " with the key " + keyPath)}: {e.Message}", e);
        }
    }

    /// <summary>
    /// A client's TLS options: the system's trust store, or with <paramref name="caPath"/> the
    /// certificates of that PEM file as the only roots (a self-signed server certificate itself works);
    /// the host name is checked either way.
    /// </summary>
    /// <exception cref="InvalidDataException">The file holds no certificate.</exception>
    public static SslClientAuthenticationOptions ClientOptions(string? caPath)
    {
        if (!RemoteManagerServer.IsTlsSupported)
        {
            throw new InvalidDataException(NotInThisBuild);
        }
        if (caPath is null)
        {
            return new SslClientAuthenticationOptions();
        }
        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPemFile(caPath);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"cannot read the certificates of {caPath}: {e.Message}", e);
        }
        if (roots.Count == 0)
        {
            throw new InvalidDataException($"{caPath} holds no PEM certificate");
        }
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.AddRange(roots);
        return new SslClientAuthenticationOptions { CertificateChainPolicy = policy };
    }
}
