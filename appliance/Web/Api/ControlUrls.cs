namespace Hiy.Web.Api;

/// <summary>
/// The control plane's URLs as the caller reached it: the host (and port) and scheme of the request, so a dashboard opened
/// at http://192.168.1.20:8080 shows a git remote that works from that machine, before any DNS name exists.
/// </summary>
public static class ControlUrls
{
    /// <summary><c>scheme://host</c>, or null when the request named no host.</summary>
    public static string? Base(string scheme, string host) => host.Length == 0 ? null : $"{scheme}://{host}";

    public static string Git(string controlBase, string app) => $"{controlBase}/git/{app}.git";

    public static string GithubWebhook(string controlBase) => $"{controlBase}/hooks/github";
}
