namespace Hiy.Runtime;

/// <summary>A container hiy started and found listening on 127.0.0.1:<see cref="HostPort"/>.</summary>
public sealed record RunningContainer(string App, long DeployId, string Id, string Name, int HostPort);
