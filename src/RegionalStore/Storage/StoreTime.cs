using System.Globalization;

namespace RegionalStore.Storage;

/// <summary>How times are stored: instants as fixed-width UTC text (sortable and comparable as text), plus the writer's offset.</summary>
internal static class StoreTime
{
    private const string UtcFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string ToSortable(DateTimeOffset value) =>
        value.UtcDateTime.ToString(UtcFormat, CultureInfo.InvariantCulture);

    public static int OffsetMinutes(DateTimeOffset value) => (int)value.Offset.TotalMinutes;

    public static DateTimeOffset FromSortable(string utc, long offsetMinutes)
    {
        var instant = DateTime.ParseExact(utc, UtcFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        return new DateTimeOffset(instant, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(offsetMinutes));
    }

    /// <summary>Round-trip text of a time with its offset, for values that are never compared in SQL.</summary>
    public static string ToRoundTrip(DateTimeOffset value) => value.ToString("O", CultureInfo.InvariantCulture);

    public static DateTimeOffset FromRoundTrip(string value) =>
        DateTimeOffset.ParseExact(value, "O", CultureInfo.InvariantCulture, DateTimeStyles.None);
}
