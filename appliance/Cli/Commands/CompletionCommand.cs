using System.CommandLine;

namespace Hiy.Cli.Commands;

/// <summary>
/// <c>hiy completion bash|zsh|fish</c>: a completion script for the shell. Each script asks hiy itself through
/// System.CommandLine's <c>[suggest:POSITION]</c> directive, so completions always match this binary's commands.
/// </summary>
public static class CompletionCommand
{
    public static CliCommand Create(CliOptions options)
    {
        var shell = new Argument<string>("shell") { Description = "bash, zsh or fish" };
        shell.AcceptOnlyFromAmong("bash", "zsh", "fish");
        var command = new CliCommand("completion", "print a shell completion script",
            "hiy completion bash > ~/.local/share/bash-completion/completions/hiy",
            "hiy completion zsh > \"${fpath[1]}/_hiy\"",
            "hiy completion fish > ~/.config/fish/completions/hiy.fish") { shell };
        return command.Run(options, (ctx, parse, _) =>
        {
            ctx.Out.Out.Write(Script(parse.GetValue(shell)!));
            return Task.FromResult(ExitCodes.Ok);
        });
    }

    public static string Script(string shell) => shell switch
    {
        "bash" => """
            # hiy completion for bash: source it, or save it as ~/.local/share/bash-completion/completions/hiy
            _hiy_complete() {
              local IFS=$'\n'
              local words
              words="$(hiy "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null)"
              COMPREPLY=($(compgen -W "${words}" -- "${COMP_WORDS[COMP_CWORD]}"))
            }
            complete -o default -F _hiy_complete hiy

            """,
        "zsh" => """
            #compdef hiy
            # hiy completion for zsh: save it as _hiy in a directory on $fpath
            _hiy() {
              local -a completions
              local line="${words[*]}"
              completions=("${(@f)$(hiy "[suggest:${#line}]" "${line}" 2>/dev/null)}")
              compadd -a completions
            }
            compdef _hiy hiy

            """,
        _ => """
            # hiy completion for fish: save it as ~/.config/fish/completions/hiy.fish
            function __hiy_complete
                set -l line (commandline -cp)
                hiy "[suggest:"(string length -- $line)"]" "$line" 2>/dev/null
            end
            complete -c hiy -f -a '(__hiy_complete)'

            """,
    };
}
