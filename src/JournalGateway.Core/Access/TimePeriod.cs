namespace JournalGateway.Core.Access;

/// <summary>
/// A half-open span of time [<see cref="Start"/>, <see cref="End"/>): the start is included, the end is not.
/// A missing bound is open, so <c>default</c> covers all time.
/// </summary>
/// <remarks>
/// FHIR periods are often date-only (<c>"end": "2027-05-20"</c> means the whole of that day); whoever maps them
/// here turns a date-only end into the start of the following day in Swedish time, so the whole day counts.
/// </remarks>
/// <param name="Start">First instant inside the period, or null when open towards the past.</param>
/// <param name="End">First instant after the period, or null when open towards the future.</param>
public readonly record struct TimePeriod(DateTimeOffset? Start = null, DateTimeOffset? End = null)
{
    /// <summary>A period without bounds: all time.</summary>
    public static TimePeriod Always => default;

    /// <summary>Whether <paramref name="instant"/> lies inside the period.</summary>
    public bool Contains(DateTimeOffset instant) =>
        (Start is not { } start || instant >= start) && (End is not { } end || instant < end);
}
