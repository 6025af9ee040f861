using Hiy.Web;
using Microsoft.AspNetCore.Http;

namespace Hiy.Tests.Web;

public class DiskFullGateTests
{
    [Theory]
    [InlineData("DELETE", "/api/v1/sites/blog/versions/v1", true)]
    [InlineData("DELETE", "/api/v1/apps/blog", true)]
    [InlineData("POST", "/api/v1/auth/session", true)]
    [InlineData("POST", "/api/v1/auth/token", true)]
    [InlineData("POST", "/api/v1/system/cleanup", true)]
    [InlineData("POST", "/api/v1/apps", false)]
    [InlineData("PUT", "/api/v1/sites/blog/versions/v2", false)]
    [InlineData("POST", "/git/blog.git/git-receive-pack", false)]
    [InlineData("POST", "/hooks/github", false)]
    [InlineData("PATCH", "/api/v1/settings", false)]
    public void Frees_MethodAndPath(string method, string path, bool frees) =>
        Assert.Equal(frees, DiskFullGate.Frees(method, new PathString(path)));
}
