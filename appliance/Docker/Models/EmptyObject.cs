namespace Hiy.Docker.Models;

/// <summary>Docker's <c>{}</c> placeholder, as in <c>"ExposedPorts": {"8080/tcp": {}}</c>.</summary>
public sealed record EmptyObject
{
    public static readonly EmptyObject Instance = new();
}
