using System.CommandLine;
using Hiy.Cli;

namespace Hiy.Tests.Cli;

/// <summary>Every client command's grammar: lines people type parse, wrong lines are exit 1 before any request.</summary>
public class CliParserTests
{
    public static TheoryData<string> GoodLines => new()
    {
        "login http://hiy.local", "login", "login hiy.local:8080 --name ci",
        "logout", "whoami", "whoami --url http://pi:8080 --token abc",
        "apps", "apps --json",
        "create blog", "create blog --repo https://github.com/me/blog.git --branch main --port 3000 --memory 256 --cpus 0.5",
        "info blog", "info blog --json",
        "deploy blog", "deploy blog -f", "deploy blog --ref v1.2 --follow",
        "deploys blog", "rollback blog", "rollback blog 12",
        "restart blog", "stop blog", "start blog",
        "destroy blog", "destroy blog --confirm blog", "destroy blog --confirm blog --purge-volumes",
        "logs blog", "logs blog -f", "logs blog -n 20", "logs blog --lines 0 --follow",
        "env:get blog", "env:get blog KEY", "env:set blog A=1", "env:set blog A=1 B= C=x=y --no-wait",
        "env:unset blog A", "env:unset blog A B",
        "domains blog", "domains:add blog blog.example.com", "domains:remove blog blog.example.com",
        "git-remote blog", "git-remote blog --add", "git-remote blog --add -r pi",
        "git-credential get",
        "static:update notes 0.4.0 dist", "static:update notes 0.4.0 dist --activate",
        "static:ls", "static:ls notes", "static:activate notes 0.3.0",
        "static:rm notes 0.3.0", "static:rm notes --confirm notes",
        "status", "status --json", "tokens", "tokens:revoke 3",
        "completion bash", "completion zsh", "completion fish",
    };

    public static TheoryData<string, string> BadLines => new()
    {
        { "create", "app" },
        { "create blog --port eighty", "eighty" },
        { "create blog --cpus", "--cpus" },
        { "info", "app" },
        { "deploy", "app" },
        { "deploy blog --ref", "--ref" },
        { "rollback blog twelve", "twelve" },
        { "restart", "app" },
        { "destroy", "app" },
        { "logs blog -n -5", "--lines" },
        { "logs blog -n 20000", "--lines" },
        { "logs blog -n lots", "lots" },
        { "env:set blog", "pairs" },
        { "env:set blog GREETING", "'GREETING' is not KEY=value" },
        { "env:set blog =value", "'=value' is not KEY=value" },
        { "env:unset blog", "keys" },
        { "env:unset blog A=1", "A=1" },
        { "domains:add blog", "domain" },
        { "domains:remove blog", "domain" },
        { "static:update notes 0.4.0", "dir" },
        { "static:activate notes", "version" },
        { "static:rm notes", "--confirm notes" },
        { "static:rm notes --confirm other", "does not match" },
        { "tokens:revoke abc", "abc" },
        { "completion powershell", "powershell" },
        { "completion", "shell" },
        { "frobnicate", "frobnicate" },
        { "apps extra", "extra" },
    };

    [Theory]
    [MemberData(nameof(GoodLines))]
    public void Parse_GoodLine_HasNoErrors(string line)
    {
        var parse = HiyCli.Parse(line.Split(' '));
        Assert.True(parse.Errors.Count == 0, string.Join("; ", parse.Errors.Select(e => e.Message)));
        Assert.NotNull(parse.Action);
    }

    [Theory]
    [MemberData(nameof(BadLines))]
    public void Run_BadLine_ExitsOneNamingTheProblemWithoutARequest(string line, string mention)
    {
        using var cli = new CliHarness();
        cli.LoggedIn();
        var (code, _, err) = cli.Run(line.Split(' '));
        Assert.Equal(ExitCodes.Usage, code);
        Assert.StartsWith("hiy: ", err);
        Assert.Contains(mention, err);
        Assert.Empty(cli.Requests);
        Assert.DoesNotContain("   at ", err);
    }

    [Fact]
    public void Parse_CreateWithEveryOption_ReadsEachValue()
    {
        var parse = HiyCli.Parse(["create", "blog", "--repo", "https://x/y.git", "--branch", "prod", "--port", "3000", "--memory", "256", "--cpus", "1.5"]);
        var command = parse.CommandResult.Command;
        Assert.Equal("create", command.Name);
        Assert.Equal("blog", parse.GetValue<string>("app"));
        Assert.Equal("https://x/y.git", parse.GetValue<string?>("--repo"));
        Assert.Equal("prod", parse.GetValue<string?>("--branch"));
        Assert.Equal(3000, parse.GetValue<int?>("--port"));
        Assert.Equal(256, parse.GetValue<int?>("--memory"));
        Assert.Equal(1.5, parse.GetValue<double?>("--cpus"));
    }

    [Fact]
    public void Parse_EnvSetValueWithEquals_KeepsEverythingAfterTheFirst()
    {
        var parse = HiyCli.Parse(["env:set", "blog", "URL=postgres://u:p@db/x?a=b", "EMPTY="]);
        Assert.Empty(parse.Errors);
        Assert.Equal(["URL=postgres://u:p@db/x?a=b", "EMPTY="], parse.GetValue<string[]>("pairs")!);
    }

    [Fact]
    public void Parse_LogsDefaults_HundredLinesNoFollow()
    {
        var parse = HiyCli.Parse(["logs", "blog"]);
        Assert.Equal(100, parse.GetValue<int>("--lines"));
        Assert.False(parse.GetValue<bool>("--follow"));
    }

    [Fact]
    public void Parse_GlobalOptionsAfterTheCommand_AreRead()
    {
        var parse = HiyCli.Parse(["apps", "--url", "http://pi:1", "--token", "t", "--json"]);
        Assert.Empty(parse.Errors);
        Assert.Equal("http://pi:1", parse.GetValue<string?>("--url"));
        Assert.True(parse.GetValue<bool>("--json"));
    }

    [Fact]
    public void Help_EveryClientCommand_ShowsExamples()
    {
        var root = HiyCli.Build(new Hiy.Cli.Client.CliEnvironment());
        foreach (var command in root.Subcommands.OfType<CliCommand>().Where(c => !c.Hidden))
        {
            using var cli = new CliHarness();
            var (code, stdout, _) = cli.Run(command.Name, "--help");
            Assert.Equal(0, code);
            Assert.Contains("Examples:", stdout);
            Assert.Contains($"  hiy {command.Name}", stdout);
        }
    }

    [Fact]
    public void Help_Root_ListsTheClientCommands()
    {
        using var cli = new CliHarness();
        var (code, stdout, _) = cli.Run("--help");
        Assert.Equal(0, code);
        foreach (var name in new[] { "serve", "login", "apps", "create", "deploy", "logs", "env:set", "static:update", "status", "tokens", "completion" })
            Assert.Contains($"  {name} ", stdout);
        Assert.DoesNotContain("git-credential", stdout);
    }

    [Fact]
    public void Suggest_PartialCommand_CompletesFromTheCommands()
    {
        using var cli = new CliHarness();
        var (code, stdout, _) = cli.Run("[suggest:10]", "hiy static");
        Assert.Equal(0, code);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["static:activate", "static:ls", "static:rm", "static:update"], lines.Order(StringComparer.Ordinal).ToArray());
    }

    [Theory]
    [InlineData("bash", "complete -o default -F _hiy_complete hiy")]
    [InlineData("zsh", "compdef _hiy hiy")]
    [InlineData("fish", "complete -c hiy")]
    public void Completion_Shell_PrintsAScriptThatAsksTheSuggestDirective(string shell, string registers)
    {
        using var cli = new CliHarness();
        var (code, stdout, _) = cli.Run("completion", shell);
        Assert.Equal(0, code);
        Assert.Contains(registers, stdout);
        Assert.Contains("[suggest:", stdout);
    }
}
