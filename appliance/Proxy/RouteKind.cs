namespace Hiy.Proxy;

/// <summary>What a request's host names: an app, a static site, the appliance itself, or nothing known.</summary>
public enum RouteKind
{
    /// <summary>The dashboard, API, webhooks and git: handled by the caller's own pipeline.</summary>
    Control,
    App,
    Site,
    /// <summary>"&lt;x&gt;.&lt;domain&gt;" with no app or site named x: a branded 404.</summary>
    Unknown,
}
