namespace RegionalStore.Faults;

/// <summary>What the store does wrong on purpose, for resilience tests. Applies to <c>/api/*</c> only.</summary>
/// <param name="Outage">Every API call answers <paramref name="Status"/> without touching data.</param>
/// <param name="FailureRate">The share (0..1) of API calls that answer <paramref name="Status"/> without touching data.</param>
/// <param name="Status">The status of an injected failure.</param>
/// <param name="LatencyMs">A delay before each API call is handled.</param>
/// <param name="FailAfterWrite">A call that wrote data commits it, then answers <paramref name="Status"/> anyway (a lost answer).</param>
/// <param name="RetryAfterSeconds">When set, injected failures carry this <c>Retry-After</c>.</param>
public sealed record FaultSettings(
    bool Outage = false,
    double FailureRate = 0,
    int Status = StatusCodes.Status503ServiceUnavailable,
    int LatencyMs = 0,
    bool FailAfterWrite = false,
    int? RetryAfterSeconds = null)
{
    public static readonly FaultSettings None = new();
}

/// <summary>The body of <c>POST /admin/faults</c>; <c>seed</c> makes the failure rate repeatable.</summary>
public sealed record FaultRequest(
    bool? Outage,
    double? FailureRate,
    int? Status,
    int? LatencyMs,
    bool? FailAfterWrite,
    int? RetryAfterSeconds,
    int? Seed);
