using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using RegionalStore.Storage;

namespace RegionalStore.Shared;

/// <summary>
/// ETags of the lists the store only ever adds to: a patient's notes and document links, and a note's versions. A tag
/// is the store run's epoch and how many rows the list's table holds for the patient (or the note): notes and links
/// are never changed in place or removed, and an amendment adds a version row, so the count moves whenever the list
/// could answer differently. The epoch makes a tag of another run (or another database file) never match.
/// </summary>
internal static class ListTags
{
    public static EntityTagHeaderValue Of(string epoch, long rows) => new($"\"{epoch}-{rows}\"", isWeak: true);

    /// <summary>The tag of the list whose rows <paramref name="countSql"/> counts, and how many rows that is.</summary>
    public static async Task<(EntityTagHeaderValue Tag, long Rows)> CountAsync(StoreDatabase database, string countSql,
        object args, CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        var rows = await connection.ExecuteScalarAsync<long>(new CommandDefinition(countSql, args, cancellationToken: cancellationToken));
        return (Of(database.Epoch, rows), rows);
    }

    /// <summary>
    /// Puts <paramref name="tag"/> on the answer and tells whether the request already holds it in If-None-Match
    /// (then the answer is 304 without a body). Taken before the search: a write in between leaves a tag older than the
    /// page, which the next request with it finds changed, never the other way round.
    /// </summary>
    public static bool AlreadyHeld(HttpContext context, EntityTagHeaderValue tag)
    {
        context.Response.GetTypedHeaders().ETag = tag;
        return context.Request.GetTypedHeaders().IfNoneMatch.Any(held =>
            held.Equals(EntityTagHeaderValue.Any) || held.Compare(tag, useStrongComparison: false));
    }

    public static StatusCodeHttpResult NotModified() => TypedResults.StatusCode(StatusCodes.Status304NotModified);
}
