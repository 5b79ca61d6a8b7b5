using System.Text.Json;
using JournalGateway.Adapters.Cosmic;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace JournalGateway.Hosting;

/// <summary>Health answers as JSON for operators: overall status and each check with its description and time.</summary>
public static class HealthReportWriter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            totalDurationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            checks = report.Entries.Select(e => new
            {
                name = e.Key,
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
            }),
        }, Json));
    }
}

/// <summary>
/// Whether the regional record answers. Degraded, never unhealthy: the gateway still accepts notes durably while the
/// region is down, so taking it out of service would be wrong.
/// </summary>
public sealed class RegionalRecordHealthCheck(IHttpClientFactory clients, IOptions<CosmicAdapterOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var client = clients.CreateClient(nameof(RegionalRecordHealthCheck));
            client.Timeout = TimeSpan.FromSeconds(2);
            using var response = await client.GetAsync(new Uri(options.Value.BaseAddress, "healthz"), cancellationToken);
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy("The regional record answers.")
                : HealthCheckResult.Degraded($"The regional record answers {(int)response.StatusCode}; notes are accepted and delivered later.");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return HealthCheckResult.Degraded("The regional record is not reachable; notes are accepted and delivered later.");
        }
    }
}
