namespace Hiy.Core;

/// <summary>Host-name checks shared by the config, the wizard and custom domains (RFC 1123 labels).</summary>
public static class DomainName
{
    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 253)
            return false;
        foreach (var label in name.Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
                return false;
            foreach (var c in label)
            {
                if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
                    return false;
            }
        }
        return true;
    }
}
