using System.Security.Cryptography;
using Hiy.Secrets;
using Hiy.Store;

namespace Hiy.Tests.Store;

public class DomainRepositoryTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly HiyDatabase _db;
    private readonly AppRepository _apps;
    private readonly DomainRepository _domains;

    public DomainRepositoryTests()
    {
        _db = HiyDatabase.Open(_dir.File("hiy.db"));
        var time = new ManualTimeProvider();
        _apps = new AppRepository(_db, time);
        _domains = new DomainRepository(_db, time);
        _apps.Create(new AppRecord { Name = "blog" });
        _apps.Create(new AppRecord { Name = "shop" });
    }

    [Fact]
    public void Add_NewDomain_IsAddedAndListedForItsApp()
    {
        var result = _domains.Add("blog", "www.example.org");
        Assert.Equal(DomainAddOutcome.Added, result.Outcome);
        Assert.Equal(new DomainRecord("www.example.org", "blog", result.Record!.CreatedAt), _domains.Find("www.example.org"));
        Assert.Equal(["www.example.org"], _domains.ListFor("blog").Select(d => d.Domain));
        Assert.Empty(_domains.ListFor("shop"));
    }

    [Fact]
    public void Add_SameDomainToSameAppAgain_IsUnchanged()
    {
        _domains.Add("blog", "www.example.org");
        Assert.Equal(DomainAddOutcome.AlreadyThisApps, _domains.Add("blog", "www.example.org").Outcome);
        Assert.Single(_domains.List());
    }

    [Fact]
    public void Add_DomainOfAnotherApp_IsRefusedNamingTheOwner()
    {
        _domains.Add("blog", "www.example.org");
        var result = _domains.Add("shop", "www.example.org");
        Assert.Equal(DomainAddOutcome.TakenByOtherApp, result.Outcome);
        Assert.Equal("blog", result.Owner);
        Assert.Equal("blog", _domains.Find("www.example.org")!.App);
    }

    [Fact]
    public void Add_UnknownApp_IsNoSuchAppAndStoresNothing()
    {
        Assert.Equal(DomainAddOutcome.NoSuchApp, _domains.Add("ghost", "www.example.org").Outcome);
        Assert.Empty(_domains.List());
    }

    [Fact]
    public void Add_ManyDomainsForOneApp_AllKept()
    {
        _domains.Add("blog", "b.example.org");
        _domains.Add("blog", "a.example.org");
        _domains.Add("shop", "shop.example.net");
        Assert.Equal(["a.example.org", "b.example.org"], _domains.ListFor("blog").Select(d => d.Domain));
        Assert.Equal(3, _domains.List().Count);
    }

    [Fact]
    public void Delete_OnlyFromTheOwningApp()
    {
        _domains.Add("blog", "www.example.org");
        Assert.False(_domains.Delete("shop", "www.example.org"));
        Assert.True(_domains.Delete("blog", "www.example.org"));
        Assert.False(_domains.Delete("blog", "www.example.org"));
        Assert.Null(_domains.Find("www.example.org"));
    }

    [Fact]
    public void DeleteAllFor_ReturnsTheAppsDomainsAndLeavesOthers()
    {
        _domains.Add("blog", "a.example.org");
        _domains.Add("blog", "b.example.org");
        _domains.Add("shop", "shop.example.net");
        Assert.Equal(["a.example.org", "b.example.org"], _domains.DeleteAllFor("blog"));
        Assert.Equal(["shop.example.net"], _domains.List().Select(d => d.Domain));
    }

    [Fact]
    public void AppDelete_CascadesToItsDomains()
    {
        _domains.Add("blog", "www.example.org");
        Assert.True(_apps.Delete("blog"));
        Assert.Empty(_domains.List());
        // Free again for another app.
        Assert.Equal(DomainAddOutcome.Added, _domains.Add("shop", "www.example.org").Outcome);
    }

    [Fact]
    public void CertificateDelete_OnlyTheGivenKind()
    {
        var certificates = new CertificateRepository(_db, new SecretBox(RandomNumberGenerator.GetBytes(32)), TimeProvider.System);
        certificates.MarkAttempt("hiy.example.com", ["hiy.example.com", "*.hiy.example.com"]);
        certificates.MarkAttempt("www.example.org", ["www.example.org"], CertificateRepository.DomainKind);
        Assert.False(certificates.Delete("hiy.example.com", CertificateRepository.DomainKind));
        Assert.Equal(CertificateRepository.WildcardKind, certificates.Find("hiy.example.com")!.Kind);
        Assert.Equal(CertificateRepository.DomainKind, certificates.Find("www.example.org")!.Kind);
        Assert.True(certificates.Delete("www.example.org", CertificateRepository.DomainKind));
        Assert.Null(certificates.Find("www.example.org"));
    }

    public void Dispose()
    {
        _db.Dispose();
        _dir.Dispose();
    }
}
