using System.ComponentModel.DataAnnotations;
using JournalGateway.Auth;
using JournalGateway.Storage.AccessLog;
using Microsoft.Extensions.Options;

namespace JournalGateway.AccessLog;

/// <summary>Access-log retention (section <c>AccessLog</c>): entries older than this are pruned, the chain kept verifiable.</summary>
public sealed class AccessLogRetentionOptions
{
    public const string Section = "AccessLog";

    /// <summary>How long entries are kept; 18 months by default.</summary>
    [Range(1, 240)]
    public int RetentionMonths { get; set; } = 18;

    /// <summary>How often the pruning runs.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromHours(6);
}

/// <summary>Prunes entries past retention; the only deletion the log's database triggers allow.</summary>
public sealed partial class AccessLogRetentionService(
    IAccessLogRetention retention, IOptions<AccessLogRetentionOptions> options, TimeProvider time, ILogger<AccessLogRetentionService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PruneInterval, time);
        do
        {
            try
            {
                var cutOff = time.GetUtcNow().AddMonths(-options.Value.RetentionMonths);
                var pruned = await retention.PruneAsync(cutOff, stoppingToken);
                if (pruned > 0)
                {
                    LogPruned(logger, pruned, options.Value.RetentionMonths);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogPruneFailed(logger, e.GetType().Name);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pruned {Count} access-log entries older than {Months} months")]
    private static partial void LogPruned(ILogger logger, long count, int months);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Access-log pruning failed with {ExceptionType}; retrying later")]
    private static partial void LogPruneFailed(ILogger logger, string exceptionType);
}

/// <summary><c>GET /admin/access-log/verify</c>: walks the hash chain and names the first broken link, if any.</summary>
public static class AccessLogAdminApi
{
    public sealed record VerificationResult(bool Valid, long LastSequence, long AnchorSequence, BrokenLink? FirstBroken);

    public sealed record BrokenLink(long Sequence, string Kind, string Detail);

    public static IEndpointRouteBuilder MapAccessLogAdmin(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/access-log/verify", async (AccessLogVerifier verifier, IAccessLogRetention chain, CancellationToken ct) =>
            {
                var broken = await verifier.VerifyChainAsync(ct);
                var head = await chain.ReadHeadAsync(ct);
                return TypedResults.Ok(new VerificationResult(
                    broken is null, head.LastSequence, head.AnchorSequence,
                    broken is null ? null : new BrokenLink(broken.Sequence, broken.Kind.ToString(), broken.Detail)));
            })
            .RequireScope("AuditEvent", 'r');
        return app;
    }
}
