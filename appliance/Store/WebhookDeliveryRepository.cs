namespace Hiy.Store;

/// <summary>GitHub delivery ids seen, so a redelivered webhook deploys once (API.md "Triggers").</summary>
public sealed class WebhookDeliveryRepository(HiyDatabase db, TimeProvider time)
{
    /// <summary>True when the id is new (and now recorded); false when it was seen before.</summary>
    public bool Record(string deliveryId, string @event, string outcome) =>
        db.Write((c, tx) => c.Command("""
            INSERT INTO webhook_deliveries(delivery_id, event, outcome, received_at) VALUES ($d, $e, $o, $t)
            ON CONFLICT(delivery_id) DO NOTHING
            """, tx).With("$d", deliveryId).With("$e", @event).With("$o", outcome).With("$t", Clock.Format(time.GetUtcNow())).ExecuteNonQuery() == 1);
}
