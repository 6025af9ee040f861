using Hiy.Stacks;

namespace Hiy.Tests.Stacks;

public class StartOrderTests
{
    [Theory]
    [InlineData("services:\n  web:\n    image: a\n    depends_on: [api]\n  api:\n    image: a\n    depends_on: [db]\n  db:\n    image: a", "db,api,web")]
    [InlineData("services:\n  a:\n    image: a\n  b:\n    image: a\n  c:\n    image: a", "a,b,c")]
    [InlineData("services:\n  web:\n    image: a\n    depends_on: [db, cache]\n  cache:\n    image: a\n  db:\n    image: a\n    depends_on: [cache]", "cache,db,web")]
    [InlineData("services:\n  x:\n    image: a\n    depends_on: [z]\n  y:\n    image: a\n  z:\n    image: a", "y,z,x")]
    public void Of_Dependencies_StartBeforeDependentsTiesInFileOrder(string yaml, string expected)
    {
        var spec = ComposeParser.Parse(yaml).Spec!;

        Assert.Equal(expected, string.Join(",", StartOrder.Of(spec).Select(s => s.Name)));
    }

    [Fact]
    public void FindCycle_TwoServicesWaitingOnEachOther_NamesTheLoop()
    {
        var services = new[]
        {
            new ComposeService { Name = "ok", Image = "a" },
            new ComposeService { Name = "web", Image = "a", DependsOn = [new ComposeDependency("api")] },
            new ComposeService { Name = "api", Image = "a", DependsOn = [new ComposeDependency("web")] },
        };

        Assert.Equal(["web", "api", "web"], StartOrder.FindCycle(services));
    }

    [Fact]
    public void FindCycle_Diamond_IsNoCycle()
    {
        var services = new[]
        {
            new ComposeService { Name = "top", Image = "a", DependsOn = [new ComposeDependency("l"), new ComposeDependency("r")] },
            new ComposeService { Name = "l", Image = "a", DependsOn = [new ComposeDependency("base")] },
            new ComposeService { Name = "r", Image = "a", DependsOn = [new ComposeDependency("base")] },
            new ComposeService { Name = "base", Image = "a" },
        };

        Assert.Null(StartOrder.FindCycle(services));
    }
}
