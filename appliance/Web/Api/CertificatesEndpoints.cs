using Hiy.Acme;

namespace Hiy.Web.Api;

/// <summary>/api/v1/certificates: the certificate status, and a renewal on demand.</summary>
public sealed class CertificatesEndpoints(CertificateManager manager, SetupState setup)
{
    public Task ListAsync(HttpContext ctx) =>
        HttpResults.Json(ctx, new CertificateListResponse(
            manager.DisabledReason is null, manager.DisabledReason,
            manager.List().Select(View).ToArray()), ApiJsonContext.Default.CertificateListResponse);

    /// <summary>Queues an attempt now, past the schedule and any backoff; 409 while ACME is off.</summary>
    public Task RenewAsync(HttpContext ctx)
    {
        if (manager.DisabledReason is { } why)
            return HttpResults.Problem(ctx, 409, "ACME is off", $"certificates for {setup.Domain} cannot be renewed: {why}");
        manager.CheckNow(force: true);
        return HttpResults.Json(ctx, new CertificateRenewResponse("queued", setup.Domain),
            ApiJsonContext.Default.CertificateRenewResponse, 202);
    }

    private static CertificateView View(CertificateStatus c) => new(
        c.PrimaryName, c.Names, c.Status, RenewalText(c.Renewal), c.SerialNumber,
        c.NotBefore, c.NotAfter, c.NextAttemptAt, c.ConsecutiveFailures, c.LastError);

    public static string RenewalText(RenewalStatus status) => status switch
    {
        RenewalStatus.Missing => "missing",
        RenewalStatus.Valid => "valid",
        RenewalStatus.RenewalDue => "renewal_due",
        RenewalStatus.BackingOff => "backing_off",
        RenewalStatus.Expired => "expired",
        _ => status.ToString().ToLowerInvariant(),
    };
}
