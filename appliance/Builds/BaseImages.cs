namespace Hiy.Builds;

/// <summary>Base images of generated Dockerfiles: settings, so a Pi owner can pin or mirror them.</summary>
public sealed record BaseImages
{
    public static BaseImages Default { get; } = new();

    public string Node { get; init; } = "node:22-alpine";
    public string Python { get; init; } = "python:3.12-slim";
    public string Go { get; init; } = "golang:1.23-alpine";
}
