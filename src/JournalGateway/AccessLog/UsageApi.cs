using JournalGateway.Access;
using JournalGateway.Auth;
using JournalGateway.Core.AccessLog;
using JournalGateway.Errors;
using JournalGateway.Fhir;

namespace JournalGateway.AccessLog;

/// <summary>
/// <c>GET /admin/usage?from=&amp;to=</c>: per care provider, the distinct users, notes posted and reads in a period —
/// the figures a region needs to invoice its per-user fee. Counted from the access log, which records every access.
/// </summary>
public static class UsageApi
{
    private const int MaxEntries = 1_000_000;

    public sealed record ProviderUsage(string CareProvider, string? Name, int DistinctUsers, int NotesPosted, int Reads);

    public sealed record UsageReport(DateTimeOffset? From, DateTimeOffset? To, IReadOnlyList<ProviderUsage> Providers, bool Truncated);

    public static IEndpointRouteBuilder MapUsageAdmin(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/usage", Usage).RequireScope("Usage", 'r');
        return app;
    }

    private static async Task<UsageReport> Usage(HttpRequest request, IAccessLog log, CareProviderDirectory providers, CancellationToken ct)
    {
        DateTimeOffset? Bound(string name, bool end)
        {
            var raw = request.Query[name].ToString();
            if (raw.Length == 0)
            {
                return null;
            }

            var range = DateSearch.Range(raw);
            return end ? range.End : range.Start;
        }

        var from = Bound("from", end: false);
        var to = Bound("to", end: true);
        if (from > to)
        {
            throw FhirProblem.Malformed("from must not be after to.", "from");
        }

        var entries = await log.QueryAsync(null, from, to, null, MaxEntries, ct);
        var names = providers.All.ToDictionary(p => p.HsaId, p => p.Name, StringComparer.Ordinal);
        var usage = entries
            .GroupBy(e => e.CareProvider.Value, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ProviderUsage(
                g.Key,
                names.GetValueOrDefault(g.Key),
                g.Select(e => e.User.Value).Distinct(StringComparer.Ordinal).Count(),
                g.Count(e => e.Action == AccessAction.Create),
                g.Count(e => e.Action is AccessAction.Read or AccessAction.VRead or AccessAction.History or AccessAction.Search)))
            .ToList();
        return new UsageReport(from, to, usage, entries.Count >= MaxEntries);
    }
}
