namespace Hiy.Acme;

/// <summary>What the wizard stored for ACME: the domain, the account e-mail, the Cloudflare token and zone id.</summary>
public sealed record AcmeSettings(string Domain, string Email, string CloudflareToken, string CloudflareZoneId)
{
    /// <summary>
    /// The settings when ACME can run, else null and the reason why not. Pure, so the decision is testable:
    /// the caller reads the values from the Store.
    /// </summary>
    public static AcmeSettings? From(bool setupCompleted, string? domain, string? email, string? token, string? zoneId, out string? whyOff)
    {
        var missing = new List<string>();
        if (!setupCompleted)
            missing.Add("the setup wizard has not been completed");
        else
        {
            if (string.IsNullOrWhiteSpace(domain) || domain == "localhost")
                missing.Add("no domain");
            if (string.IsNullOrWhiteSpace(email))
                missing.Add("no ACME e-mail");
            if (string.IsNullOrWhiteSpace(token))
                missing.Add("no Cloudflare API token");
            if (string.IsNullOrWhiteSpace(zoneId))
                missing.Add("no Cloudflare zone id");
        }
        whyOff = missing.Count == 0 ? null : string.Join(", ", missing);
        return whyOff is null ? new AcmeSettings(domain!, email!, token!, zoneId!) : null;
    }

    /// <summary>
    /// The account e-mail when custom domains can be ordered over http-01 (setup done, an ACME e-mail
    /// stored; no Cloudflare needed), else null and the reason why not.
    /// </summary>
    public static string? Http01Email(bool setupCompleted, string? email, out string? whyOff)
    {
        whyOff = !setupCompleted ? "the setup wizard has not been completed"
            : string.IsNullOrWhiteSpace(email) ? "no ACME e-mail" : null;
        return whyOff is null ? email : null;
    }
}
