using Hiy.Config;
using Tomlyn;
using Tomlyn.Model;

namespace Hiy.Cli.Client;

/// <summary>
/// The client's saved login, <c>~/.config/hiy/config.toml</c> (or under <c>$XDG_CONFIG_HOME</c>): the appliance's
/// <c>url</c>, the API <c>token</c> and, to revoke it on logout, the token's <c>token_id</c> and <c>token_name</c>.
/// Read with <see cref="TomlDocument"/>, written with Tomlyn's serializer, mode 0600 since it holds a secret.
/// </summary>
public sealed record ClientConfig(string? Url, string? Token, long? TokenId = null, string? TokenName = null)
{
    public static readonly ClientConfig Empty = new(null, null);

    /// <summary>Where the file lives for this environment (XDG base directory spec: $XDG_CONFIG_HOME, else ~/.config).</summary>
    public static string PathFor(Func<string, string?> env)
    {
        var root = env("XDG_CONFIG_HOME") is { Length: > 0 } xdg ? xdg
            : Path.Combine(env("HOME") is { Length: > 0 } home ? home : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return Path.Combine(root, "hiy", "config.toml");
    }

    /// <summary>The saved config; none is <see cref="Empty"/>. A file that does not parse is a usage error naming the place.</summary>
    public static ClientConfig Load(string path)
    {
        byte[] bytes;
        try
        {
            if (!File.Exists(path))
                return Empty;
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.Usage($"{path}: cannot read: {e.Message}");
        }
        var parsed = TomlDocument.Parse(bytes, path);
        if (parsed.Table is not { } table)
            throw CliException.Usage(parsed.Errors[0].ToString());
        return new ClientConfig(
            Text(table, "url", path), Text(table, "token", path),
            table.TryGetValue("token_id", out var id) ? id as long? ?? throw CliException.Usage($"{path}: token_id must be an integer") : null,
            Text(table, "token_name", path));
    }

    /// <summary>Writes the file whole (a rename), created 0600 so the token is never readable by others, not even briefly.</summary>
    public void Save(string path)
    {
        var table = new TomlTable();
        if (Url is not null)
            table["url"] = Url;
        if (Token is not null)
            table["token"] = Token;
        if (TokenId is { } id)
            table["token_id"] = id;
        if (TokenName is not null)
            table["token_name"] = TokenName;
        var text = TomlSerializer.Serialize(table, TomlModelContext.Default.TomlTable);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var staging = path + ".tmp";
            File.Delete(staging);
            using (var file = new FileStream(staging, new FileStreamOptions
            {
                Mode = FileMode.CreateNew, Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            }))
            using (var writer = new StreamWriter(file))
                writer.Write(text);
            File.Move(staging, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.Failed($"{path}: cannot write: {e.Message}");
        }
    }

    private static string? Text(TomlTable table, string key, string path) =>
        !table.TryGetValue(key, out var value) ? null
        : value as string ?? throw CliException.Usage($"{path}: {key} must be a string");
}
