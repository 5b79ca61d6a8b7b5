using System.Diagnostics.Metrics;
using JournalGateway.Core.Delivery;

namespace JournalGateway.Delivery;

/// <summary>
/// Delivery metrics for operators: notes accepted, delivered and dead-lettered, delivery latency, outbox depth by state
/// and the age of the oldest pending note. No personal data in tags.
/// </summary>
public sealed partial class DeliveryMetrics
{
    // A scrape never waits on the database: gauges report the last snapshot and start a refresh when it is stale.
    private static readonly TimeSpan SnapshotMaxAge = TimeSpan.FromSeconds(5);

    private readonly INoteOutbox _outbox;
    private readonly TimeProvider _time;
    private readonly ILogger<DeliveryMetrics> _logger;
    private readonly Counter<long> _accepted;
    private readonly Counter<long> _delivered;
    private readonly Counter<long> _deadLettered;
    private readonly Histogram<double> _latency;
    private readonly Lock _gate = new();
    private Snapshot _snapshot = Snapshot.Empty;
    private bool _refreshing;

    public DeliveryMetrics(IMeterFactory meters, INoteOutbox outbox, TimeProvider time, ILogger<DeliveryMetrics> logger)
    {
        _outbox = outbox;
        _time = time;
        _logger = logger;
        var meter = meters.Create(new MeterOptions(Hosting.GatewayHosting.TelemetryName));
        _accepted = meter.CreateCounter<long>("journalgateway.notes.accepted", description: "Note versions accepted into the outbox");
        _delivered = meter.CreateCounter<long>("journalgateway.notes.delivered", description: "Note versions confirmed by the regional record");
        _deadLettered = meter.CreateCounter<long>("journalgateway.notes.dead_lettered", description: "Note versions moved to dead-letter");
        _latency = meter.CreateHistogram<double>("journalgateway.delivery.latency", unit: "s", description: "Time from acceptance to confirmed delivery");
        meter.CreateObservableGauge("journalgateway.outbox.depth", ObserveDepth, description: "Outbox note versions by delivery state");
        meter.CreateObservableGauge("journalgateway.outbox.oldest_pending_age", ObserveOldestPendingAge, unit: "s",
            description: "Age of the oldest pending note version (0 when none)");
    }

    public void Accepted() => _accepted.Add(1);

    public void Attempted(DeliveryAttempt attempt)
    {
        switch (attempt.State)
        {
            case DeliveryState.Delivered:
                _delivered.Add(1);
                _latency.Record(Math.Max(0, (attempt.FinishedAt - attempt.AcceptedAt).TotalSeconds));
                break;
            case DeliveryState.DeadLetter:
                _deadLettered.Add(1);
                break;
        }
    }

    private IEnumerable<Measurement<long>> ObserveDepth()
    {
        var snapshot = Current();
        if (ReferenceEquals(snapshot, Snapshot.Empty))
        {
            // Nothing read yet: report nothing rather than a false zero.
            return [];
        }

        return Enum.GetValues<DeliveryState>().Select(state => new Measurement<long>(
            snapshot.Depth.GetValueOrDefault(state),
            new KeyValuePair<string, object?>("state", DeliveriesAdminApi.StateCode(state))));
    }

    private IEnumerable<Measurement<double>> ObserveOldestPendingAge()
    {
        var snapshot = Current();
        if (ReferenceEquals(snapshot, Snapshot.Empty))
        {
            return [];
        }

        var oldest = snapshot.OldestPendingAcceptedAt;
        return [new Measurement<double>(oldest is null ? 0 : Math.Max(0, (_time.GetUtcNow() - oldest.Value).TotalSeconds))];
    }

    private Snapshot Current()
    {
        lock (_gate)
        {
            if (!_refreshing && _time.GetUtcNow() - _snapshot.TakenAt > SnapshotMaxAge)
            {
                _refreshing = true;
                _ = Task.Run(RefreshAsync);
            }

            return _snapshot;
        }
    }

    private async Task RefreshAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var depth = await _outbox.CountByStateAsync(timeout.Token);
            var oldest = await _outbox.ListByStateAsync(DeliveryState.Pending, 1, timeout.Token);
            var snapshot = new Snapshot(_time.GetUtcNow(), depth, oldest.Count > 0 ? oldest[0].AcceptedAt : null);
            lock (_gate)
            {
                _snapshot = snapshot;
            }
        }
        catch (Exception e)
        {
            // Metrics must not fail the process; keep the old snapshot. Type only: messages may quote data.
            LogRefreshFailed(_logger, e.GetType().Name);
        }
        finally
        {
            lock (_gate)
            {
                _refreshing = false;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox metrics refresh failed with {ExceptionType}")]
    private static partial void LogRefreshFailed(ILogger logger, string exceptionType);

    private sealed record Snapshot(DateTimeOffset TakenAt, IReadOnlyDictionary<DeliveryState, long> Depth, DateTimeOffset? OldestPendingAcceptedAt)
    {
        public static readonly Snapshot Empty = new(DateTimeOffset.MinValue, new Dictionary<DeliveryState, long>(), null);
    }
}
