using Hiy.Acme.Dns;

namespace Hiy.Tests.Acme.Dns;

public sealed class ResolvConfTests
{
    [Theory]
    [InlineData("nameserver 127.0.0.53\noptions edns0 trust-ad\nsearch lan\n", "127.0.0.53:53")]
    [InlineData("# from DHCP\nnameserver 192.168.1.1\nnameserver\t2001:db8::53\n; nameserver 9.9.9.9\nnameserver 1.1.1.1\r\n",
        "192.168.1.1:53 [2001:db8::53]:53 1.1.1.1:53")]
    [InlineData("nameserver 192.168.1.1\nnameserver 192.168.1.1\n", "192.168.1.1:53")]
    [InlineData("nameserver router.lan\nnameserver  10.0.0.1  # trailing words are ignored\n", "10.0.0.1:53")]
    [InlineData("domain lan\n", "")]
    public void Parse_ResolvConfText_EveryNameserverInOrder(string text, string expected) =>
        Assert.Equal(expected, string.Join(' ', ResolvConf.Parse(text)));

    [Fact]
    public void Read_MissingFile_FallsBackToPublicResolver()
    {
        using var dir = new TempDir();

        Assert.Equal([ResolvConf.Fallback], ResolvConf.Read(Path.Combine(dir.Path, "resolv.conf")));
    }

    [Fact]
    public void Read_FileWithTwoNameservers_ReturnsBoth()
    {
        using var dir = new TempDir();
        var path = dir.Write("resolv.conf", "nameserver 10.0.0.1\nnameserver 10.0.0.2\n");

        Assert.Equal("10.0.0.1:53 10.0.0.2:53", string.Join(' ', ResolvConf.Read(path)));
    }
}
