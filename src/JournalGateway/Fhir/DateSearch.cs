using System.Globalization;
using JournalGateway.Errors;

namespace JournalGateway.Fhir;

/// <summary>
/// FHIR <c>date</c> search values (<c>eq</c>, <c>ge</c>, <c>gt</c>, <c>le</c>, <c>lt</c> with a date or date-time) as a
/// half-open range. A value without a time zone is read in Swedish time, where the notes are written.
/// </summary>
public static class DateSearch
{
    private static readonly TimeZoneInfo Sweden = FindSweden();

    public static (DateTimeOffset? From, DateTimeOffset? To) Parse(IEnumerable<string?> values)
    {
        DateTimeOffset? from = null, to = null;
        foreach (var raw in values.Where(v => !string.IsNullOrEmpty(v)))
        {
            var prefix = raw!.Length > 2 && char.IsLetter(raw[0]) ? raw[..2] : "eq";
            var value = prefix == "eq" && !char.IsLetter(raw[0]) ? raw : raw[2..];
            var (start, end) = Range(value);
            switch (prefix)
            {
                case "eq":
                    from = Max(from, start);
                    to = Min(to, end);
                    break;
                case "ge":
                    from = Max(from, start);
                    break;
                case "gt":
                    from = Max(from, end);
                    break;
                case "lt":
                    to = Min(to, start);
                    break;
                case "le":
                    to = Min(to, end);
                    break;
                default:
                    throw FhirProblem.Malformed($"date supports the prefixes eq, ge, gt, le and lt, not '{prefix}'.", "date");
            }
        }

        return (from, to);
    }

    /// <summary>The instant range a date value covers at its precision: a day, a month, a year, or one instant.</summary>
    public static (DateTimeOffset Start, DateTimeOffset End) Range(string value)
    {
        if (value.Contains('T', StringComparison.Ordinal))
        {
            if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
            {
                var zoned = HasZone(value) ? instant : Local(instant.DateTime);
                return (zoned, zoned.AddTicks(1));
            }
        }
        else
        {
            string[] formats = ["yyyy-MM-dd", "yyyy-MM", "yyyy"];
            for (var i = 0; i < formats.Length; i++)
            {
                if (DateTime.TryParseExact(value, formats[i], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    var end = i switch { 0 => date.AddDays(1), 1 => date.AddMonths(1), _ => date.AddYears(1) };
                    return (Local(date), Local(end));
                }
            }
        }

        throw FhirProblem.Malformed("date must be a FHIR date or dateTime, e.g. ge2026-11-01 or lt2026-11-20T12:00:00+01:00.", "date");
    }

    private static bool HasZone(string value) =>
        value.EndsWith('Z') || value.LastIndexOfAny(['+', '-']) > value.IndexOf('T', StringComparison.Ordinal);

    private static DateTimeOffset Local(DateTime unspecified) =>
        new(DateTime.SpecifyKind(unspecified, DateTimeKind.Unspecified), Sweden.GetUtcOffset(unspecified));

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset b) => a is null || b > a ? b : a;

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset b) => a is null || b < a ? b : a;

    private static TimeZoneInfo FindSweden()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.Utc;
        }
    }
}
