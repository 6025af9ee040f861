using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Hiy.Proxy;

namespace Hiy.Tests.Proxy;

public class SniSelectorTests
{
    private static readonly HashSet<string> Names = ["blog.example.com", "*.example.com", "example.com", "*.a.example.com"];

    [Theory]
    [InlineData("blog.example.com", "blog.example.com")]
    [InlineData("BLOG.example.com.", "blog.example.com")]
    [InlineData("shop.example.com", "*.example.com")]
    [InlineData("example.com", "example.com")]
    [InlineData("x.a.example.com", "*.a.example.com")]
    [InlineData("x.y.b.example.com", null)]
    [InlineData("other.org", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Choose_ServerName_ExactThenWildcardThenNone(string? sni, string? expected) =>
        Assert.Equal(expected, SniSelector.Choose(sni, Names));

    [Fact]
    public void Select_Map_ExactBeatsWildcardBeatsFallback()
    {
        var fallback = FallbackCertificate.Create(TimeProvider.System);
        var wildcard = SelfSigned("*.example.com");
        var exact = SelfSigned("blog.example.com");
        var map = CertificateMap.Build(fallback, [new CertificateInput(wildcard), new CertificateInput(exact)]);

        var (o1, real1) = map.Select("blog.example.com");
        Assert.True(real1);
        Assert.Equal(exact.Thumbprint, o1.ServerCertificateContext!.TargetCertificate.Thumbprint);
        var (o2, real2) = map.Select("shop.example.com");
        Assert.True(real2);
        Assert.Equal(wildcard.Thumbprint, o2.ServerCertificateContext!.TargetCertificate.Thumbprint);
        var (o3, real3) = map.Select("192.168.1.4");
        Assert.False(real3);
        Assert.Equal(fallback.Thumbprint, o3.ServerCertificateContext!.TargetCertificate.Thumbprint);
        Assert.True(map.HasRealCertificate("any.example.com"));
        Assert.False(map.HasRealCertificate("hiy.local"));
    }

    [Fact]
    public void Select_SameName_ReturnsSamePrebuiltOptions()
    {
        var map = CertificateMap.Build(FallbackCertificate.Create(TimeProvider.System), [new CertificateInput(SelfSigned("*.example.com"))]);
        Assert.Same(map.Select("a.example.com").Options, map.Select("b.example.com").Options);
    }

    [Fact]
    public void Fallback_LoadOrCreate_PersistsAcrossCalls()
    {
        var dir = Directory.CreateTempSubdirectory("hiy-fallback-");
        try
        {
            var path = Path.Combine(dir.FullName, "tls", "fallback.pfx");
            var first = FallbackCertificate.LoadOrCreate(path, TimeProvider.System, out var created1);
            var second = FallbackCertificate.LoadOrCreate(path, TimeProvider.System, out var created2);
            Assert.True(created1);
            Assert.False(created2);
            Assert.Equal(first.Thumbprint, second.Thumbprint);
            Assert.True(second.HasPrivateKey);
            Assert.Equal(["hiy.local", "localhost"], CertificateMap.DnsNames(second).ToArray());
            if (!OperatingSystem.IsWindows())
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            Assert.True(File.Exists(Path.ChangeExtension(path, ".crt")));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    internal static X509Certificate2 SelfSigned(string dnsName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + dnsName, key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(dnsName);
        request.CertificateExtensions.Add(san.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }
}
