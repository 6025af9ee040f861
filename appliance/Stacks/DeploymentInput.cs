namespace Hiy.Stacks;

/// <summary>POST /api/v1/deployments as the service takes it; a missing name is made from the template's slug.</summary>
public sealed record DeploymentInput(string? TemplateId, string? CustomerId, string? Name, IReadOnlyDictionary<string, string?>? Variables);

/// <summary>A deployment with its services' containers as Docker reports them now, and its address.</summary>
public sealed record DeploymentState(Store.DeploymentRecord Deployment, IReadOnlyList<StackServiceState> Services, string Hostname);
