namespace Hiy.Acme;

/// <summary>Where a certificate stands, for the dashboard's certificate status.</summary>
public enum RenewalStatus
{
    /// <summary>No certificate yet: issue now (or after the backoff of earlier failures).</summary>
    Missing,
    Valid,
    /// <summary>Less than a third of the lifetime is left: renew.</summary>
    RenewalDue,
    /// <summary>Renewal failed; the next attempt waits for the backoff.</summary>
    BackingOff,
    Expired,
}
