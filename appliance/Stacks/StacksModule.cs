using Hiy.Docker;
using Hiy.Runtime;
using Hiy.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hiy.Stacks;

/// <summary>Registers the stacks module (templates, deployments, their runtime and routes), as the other modules register themselves.</summary>
public static class StacksModule
{
    public static IServiceCollection AddStacks(this IServiceCollection services, HiyDatabase db, Secrets.SecretBox secrets, TimeProvider time,
        Func<string> domain)
    {
        services.AddSingleton(new TemplateRepository(db, time));
        services.AddSingleton(new DeploymentRepository(db, secrets, time));
        services.AddSingleton<IStackImages>(sp => new LocalStackImages(sp.GetRequiredService<DockerClient>()));
        services.AddSingleton(sp => new StackRuntime(sp.GetRequiredService<DockerClient>(), sp.GetRequiredService<IStackImages>(), time,
            sp.GetRequiredService<ILogger<StackRuntime>>()));
        services.AddSingleton(sp => new StackRoutes(sp.GetRequiredService<DeploymentRepository>(), sp.GetRequiredService<TemplateRepository>(),
            sp.GetRequiredService<StackRuntime>(), sp.GetRequiredService<RoutePublisher>(), domain, sp.GetRequiredService<ILogger<StackRoutes>>()));
        services.AddSingleton<StackService>();
        services.AddHostedService<StacksStartup>();
        return services;
    }
}
