namespace Hiy.Web.Git;

/// <summary>Which half of the smart-HTTP protocol a request is for (git's http-protocol.txt).</summary>
public enum GitService { UploadPack, ReceivePack }

/// <summary>A smart-HTTP request hiy serves: <c>/git/{app}.git/info/refs?service=…</c> or <c>POST /git/{app}.git/git-…-pack</c>.</summary>
public sealed record GitRequest(string App, GitService Service, bool Advertisement, string PathInfo)
{
    public const string Prefix = "/git/";

    /// <summary>
    /// Null for anything else: the dumb protocol, other files of the repository, other methods. Only the
    /// two services of that one app's repository ever reach <c>git http-backend</c>.
    /// </summary>
    public static GitRequest? Parse(string method, string path, string? service)
    {
        if (!path.StartsWith(Prefix, StringComparison.Ordinal))
            return null;
        var rest = path[Prefix.Length..];
        var slash = rest.IndexOf('/');
        if (slash <= 0)
            return null;
        var repo = rest[..slash];
        var app = repo.EndsWith(".git", StringComparison.Ordinal) ? repo[..^4] : repo;
        if (!Hiy.Core.AppName.IsValid(app))
            return null;
        var tail = rest[(slash + 1)..];
        var pathInfo = "/" + app + ".git/" + tail;
        return (method, tail, service) switch
        {
            ("GET", "info/refs", "git-upload-pack") => new GitRequest(app, GitService.UploadPack, true, pathInfo),
            ("GET", "info/refs", "git-receive-pack") => new GitRequest(app, GitService.ReceivePack, true, pathInfo),
            ("POST", "git-upload-pack", _) => new GitRequest(app, GitService.UploadPack, false, pathInfo),
            ("POST", "git-receive-pack", _) => new GitRequest(app, GitService.ReceivePack, false, pathInfo),
            _ => null,
        };
    }
}
