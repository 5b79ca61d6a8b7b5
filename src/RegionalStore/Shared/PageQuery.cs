using Microsoft.AspNetCore.Http.HttpResults;

namespace RegionalStore.Shared;

/// <summary>The time window and paging of a list request (from inclusive, to exclusive).</summary>
internal sealed record PageQuery(DateTimeOffset? From, DateTimeOffset? To, int Page, int PageSize, ProblemHttpResult? Problem)
{
    public const int DefaultPageSize = 50;

    public static PageQuery Parse(string? from, string? to, int? page, int? pageSize, int maxPageSize)
    {
        DateTimeOffset? fromTime = null, toTime = null;
        if (!string.IsNullOrWhiteSpace(from))
        {
            if (!IsoTime.TryParse(from, out var f))
            {
                return Fail("from must be an ISO-8601 date and time with offset.");
            }

            fromTime = f;
        }

        if (!string.IsNullOrWhiteSpace(to))
        {
            if (!IsoTime.TryParse(to, out var t))
            {
                return Fail("to must be an ISO-8601 date and time with offset.");
            }

            toTime = t;
        }

        var p = page ?? 1;
        var size = pageSize ?? DefaultPageSize;
        if (p < 1)
        {
            return Fail("page starts at 1.");
        }

        if (size < 1 || size > maxPageSize)
        {
            return Fail($"pageSize must be between 1 and {maxPageSize}.");
        }

        return new(fromTime, toTime, p, size, null);
    }

    private static PageQuery Fail(string detail) => new(null, null, 0, 0, Problems.BadRequest(detail));
}
