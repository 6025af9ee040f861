namespace Hiy.Builds;

/// <summary>
/// CPU architecture names: Docker's /info speaks the kernel's (x86_64, aarch64), images speak Go's
/// (amd64, arm64). Pure, so the "wrong architecture" refusal can be tested without a Pi.
/// </summary>
public static class Architectures
{
    public static string Normalize(string? arch) => (arch ?? "").ToLowerInvariant() switch
    {
        "x86_64" or "x86-64" or "amd64" => "amd64",
        "aarch64" or "arm64" or "armv8" or "arm64/v8" => "arm64",
        "armv7l" or "armhf" or "arm" or "armv7" => "arm",
        "i386" or "i686" or "386" => "386",
        var other => other,
    };

    /// <summary>Null when an image of <paramref name="image"/> runs on <paramref name="host"/>, else the reason.</summary>
    public static string? Mismatch(string? image, string? host)
    {
        var i = Normalize(image);
        var h = Normalize(host);
        if (i.Length == 0 || h.Length == 0 || i == h)
            return null;
        return $"the image is built for {i} but this hiy runs on {h}; rebuild it with `docker build --platform linux/{h}` (or buildx)";
    }
}
