using System.Net.Http.Headers;

namespace Hiy.Cli.Client;

/// <summary>An API answer: the typed value for people's output, the raw JSON for <c>--json</c>, the headers (X-Hiy-Deploy).</summary>
public sealed record ApiResult<T>(T Value, string Json, HttpResponseHeaders Headers);
