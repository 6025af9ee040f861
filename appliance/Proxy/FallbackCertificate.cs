using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Hiy.Proxy;

/// <summary>
/// The self-signed certificate served until (and besides) real ones exist, so https://hiy.local works on
/// the LAN on first boot. Generated once and persisted, so browsers' exceptions survive restarts.
/// </summary>
public static class FallbackCertificate
{
    public const string CommonName = "hiy.local";

    /// <summary>
    /// Loads the PKCS#12 file at <paramref name="pfxPath"/>, or creates one (ECDSA P-256, CN=hiy.local,
    /// SANs hiy.local and localhost) with mode 0600, plus the public certificate as PEM beside it (".crt").
    /// </summary>
    public static X509Certificate2 LoadOrCreate(string pfxPath, TimeProvider time, out bool created)
    {
        if (File.Exists(pfxPath))
        {
            created = false;
            return X509CertificateLoader.LoadPkcs12FromFile(pfxPath, password: null, X509KeyStorageFlags.DefaultKeySet);
        }
        var certificate = Create(time);
        var dir = Path.GetDirectoryName(Path.GetFullPath(pfxPath))!;
        Directory.CreateDirectory(dir);
        var tmp = pfxPath + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(tmp, options))
            stream.Write(certificate.Export(X509ContentType.Pkcs12));
        File.Move(tmp, pfxPath, overwrite: true);
        File.WriteAllText(Path.ChangeExtension(pfxPath, ".crt"), certificate.ExportCertificatePem() + "\n");
        created = true;
        return X509CertificateLoader.LoadPkcs12FromFile(pfxPath, password: null, X509KeyStorageFlags.DefaultKeySet);
    }

    public static X509Certificate2 Create(TimeProvider time)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + CommonName, key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(CommonName);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = time.GetUtcNow();
        return request.CreateSelfSigned(now.AddDays(-1), now.AddYears(10));
    }
}
