namespace Hiy.Acme;

/// <summary>Publishes and removes the dns-01 TXT records (RFC 8555 §8.4) in one DNS zone.</summary>
public interface IDnsProvider
{
    /// <summary>The zone apex this provider controls, e.g. <c>example.com</c>.</summary>
    string Zone { get; }

    /// <summary>Creates a TXT record and returns the provider's id for it (to delete exactly that one).</summary>
    Task<string> CreateTxtRecordAsync(string name, string value, CancellationToken ct = default);

    Task DeleteTxtRecordAsync(string recordId, CancellationToken ct = default);
}
