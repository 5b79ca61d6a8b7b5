using Serilog.Events;

namespace JournalGateway.Hosting;

/// <summary>
/// The readiness checks that fail only while the gateway starts: the validators and the write path warming up. Ready
/// answers 503 with their reasons meanwhile, and each warm-up logs once when it is done.
/// </summary>
/// <remarks>
/// The health check service logs every unhealthy result at Error, and an orchestrator (or the benchmark) polls
/// <c>/healthz/ready</c> many times a second during a start: each start wrote 70 to 400 Error lines that meant only
/// "not ready yet", enough to page whoever alerts on errors at every deploy. Those two checks' unhealthy results are
/// left out of the log; every other check's, and any check's Degraded result, is logged as before.
/// </remarks>
internal static class WarmingUpChecks
{
    public const string Validators = "validator";
    public const string WritePath = "warm-up";

    private const string HealthCheckService = "Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService";

    /// <summary>Whether <paramref name="logEvent"/> is one of these checks reporting that it is still warming up.</summary>
    public static bool IsStillWarmingUp(LogEvent logEvent) =>
        Scalar(logEvent, "SourceContext") is HealthCheckService
        && Scalar(logEvent, "HealthCheckName") is Validators or WritePath
        && Scalar(logEvent, "HealthStatus") is "Unhealthy";

    private static string? Scalar(LogEvent logEvent, string name) =>
        logEvent.Properties.TryGetValue(name, out var value) && value is ScalarValue { Value: { } scalar } ? scalar.ToString() : null;
}
