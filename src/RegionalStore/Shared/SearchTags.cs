using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace RegionalStore.Shared;

/// <summary>
/// ETags of a patient's searches. A tag is the store run's epoch and how many rows the patient has in the searched
/// table: notes and document links are only ever added (an amendment adds a version row), never changed in place
/// or removed, so the count moves whenever any search of that patient could answer differently. The epoch makes a
/// tag of another run (or another database file) never match.
/// </summary>
internal static class SearchTags
{
    public static EntityTagHeaderValue Of(string epoch, long rows) => new($"\"{epoch}-{rows}\"", isWeak: true);

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
