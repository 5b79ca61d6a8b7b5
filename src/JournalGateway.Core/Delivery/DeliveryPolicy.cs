namespace JournalGateway.Core.Delivery;

/// <summary>How the gateway paces delivery attempts.</summary>
public sealed record DeliveryPolicy
{
    /// <summary>First retry delay; doubled each attempt.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest delay between attempts; a note waiting on a long outage is retried at least this often.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a claimed note stays with one gateway instance before another may take it over.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Notes claimed per round.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Deliveries in flight at once.</summary>
    public int MaxParallel { get; init; } = 8;

    /// <summary>
    /// The next attempt time after <paramref name="attempts"/> failures: exponential backoff with full jitter, so that
    /// many notes failing together do not retry in lock-step when the regional record comes back.
    /// </summary>
    public DateTimeOffset NextAttempt(DateTimeOffset now, int attempts, Random random)
    {
        var exponent = Math.Min(Math.Max(attempts - 1, 0), 20);
        var ceiling = Math.Min(BaseDelay.TotalMilliseconds * Math.Pow(2, exponent), MaxDelay.TotalMilliseconds);
        var jittered = (ceiling / 2) + (random.NextDouble() * ceiling / 2);
        return now.AddMilliseconds(jittered);
    }
}
