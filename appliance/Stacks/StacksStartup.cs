using Microsoft.Extensions.Hosting;

namespace Hiy.Stacks;

/// <summary>At start-up: settle deployments a stopped hiy left half-way, then put every deployment's route in the table.</summary>
public sealed class StacksStartup(StackService stacks, StackRoutes routes) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        stacks.RecoverInterrupted();
        await routes.RefreshAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
