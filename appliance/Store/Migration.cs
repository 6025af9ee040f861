using System.Globalization;

namespace Hiy.Store;

/// <summary>One embedded schema step: <c>NNNN_name.sql</c>.</summary>
public sealed record Migration(int Version, string Name, string Sql)
{
    public static Migration FromResource(string fileName, string sql)
    {
        var underscore = fileName.IndexOf('_');
        if (underscore <= 0 || !int.TryParse(fileName.AsSpan(0, underscore), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            throw new StoreException($"migration '{fileName}': name must start with a number and '_'");
        return new Migration(version, fileName[(underscore + 1)..^4], sql);
    }
}
