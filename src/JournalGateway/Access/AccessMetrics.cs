using System.Diagnostics.Metrics;
using JournalGateway.Core.Access;

namespace JournalGateway.Access;

/// <summary>Access decisions by outcome and reason, for operators (no personal data in tags).</summary>
public sealed class AccessMetrics
{
    private readonly Counter<long> _decisions;

    public AccessMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(new MeterOptions(Hosting.GatewayHosting.TelemetryName));
        _decisions = meter.CreateCounter<long>("journalgateway.access.decisions", description: "Access decisions by effect and reason");
    }

    public void Decided(AccessDecision decision) =>
        _decisions.Add(1,
            new KeyValuePair<string, object?>("effect", decision.Effect.ToString().ToLowerInvariant()),
            new KeyValuePair<string, object?>("reason", decision.Reason.ToCode()));
}
