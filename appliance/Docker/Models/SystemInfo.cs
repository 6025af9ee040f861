namespace Hiy.Docker.Models;

/// <summary>GET /info, the parts hiy reads. <see cref="Architecture"/> is the kernel's (x86_64, aarch64).</summary>
public sealed record SystemInfo
{
    public string? ID { get; init; }
    public string? Name { get; init; }
    public string? ServerVersion { get; init; }
    public string? Architecture { get; init; }
    public string? OSType { get; init; }
    public string? OperatingSystem { get; init; }
    public string? KernelVersion { get; init; }
    public string? Driver { get; init; }
    public string? CgroupDriver { get; init; }
    public string? CgroupVersion { get; init; }
    public int NCPU { get; init; }
    public long MemTotal { get; init; }
    public int Containers { get; init; }
    public int ContainersRunning { get; init; }
    public int Images { get; init; }
    public bool MemoryLimit { get; init; }
    public bool PidsLimit { get; init; }
    public string? DockerRootDir { get; init; }
}
