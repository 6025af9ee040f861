namespace Hiy.Web.Api;

/// <summary>GET /api/v1/apps/{app}/env?masked=true: a variable without its value (the dashboard reveals one on demand).</summary>
public sealed record MaskedEnvView(string Key, int Length);

/// <summary>GET /api/v1/apps/{app}/env/{key}: one variable with its value (the explicit reveal).</summary>
public sealed record EnvVarView(string Key, string Value);
