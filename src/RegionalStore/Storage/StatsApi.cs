using Dapper;

namespace RegionalStore.Storage;

public sealed record StoreStats(long Notes, long NoteVersions, long ExternalDocuments);

internal static class StatsApi
{
    public static IEndpointRouteBuilder MapStatsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/stats", GetStats).WithTags("Admin");
        return app;
    }

    internal static async Task<StoreStats> GetStats(StoreDatabase database, CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        return await connection.QuerySingleAsync<StoreStats>(new CommandDefinition("""
            SELECT (SELECT COUNT(*) FROM journal_notes) AS Notes,
                   (SELECT COUNT(*) FROM journal_note_versions) AS NoteVersions,
                   (SELECT COUNT(*) FROM external_documents) AS ExternalDocuments
            """, cancellationToken: cancellationToken));
    }
}
