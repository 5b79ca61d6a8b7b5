using System.Globalization;

namespace JournalGateway.MicroBenchmarks.Growth;

/// <summary>
/// The seeded rows' values as SQL expressions of the note's number <c>i</c>, for set-based seeding. They follow
/// <see cref="GrowthData"/>: notes a minute apart from 2020-01-01 08:00 +01:00, ten per patient spread through the
/// load, the measured patient at position 0 of every round, every other patient id starting with 99 (no personnummer
/// does). Time texts are exactly the formats the stores write (the regional store's fixed-width UTC and round-trip
/// "O" with offset), so its reads parse them as they would their own.
/// </summary>
internal static class GrowthSql
{
    /// <summary>Time-ordered ids shaped like a version 7 UUID, as the stores create them.</summary>
    public static string NoteId(string i) =>
        $"printf('0195%04x-%04x-7000-8000-%012x', ({i} >> 16) & 65535, {i} & 65535, {i})";

    public static string SubmissionId(string i) =>
        $"printf('0195%04x-%04x-7000-9000-%012x', ({i} >> 16) & 65535, {i} & 65535, {i})";

    public static string RegionalId(string i) =>
        $"printf('0195%04x-%04x-7000-a000-%012x', ({i} >> 16) & 65535, {i} & 65535, {i})";

    /// <summary>A writer's idempotency key: a random UUID, as clients send them (so the unique index fills at random).</summary>
    public const string RandomKey =
        "'urn:ietf:rfc:3986|urn:uuid:' || lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-a' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))";

    public static string Patient(string i, string patients, string target) =>
        $"CASE WHEN ({i}) % {patients} = 0 THEN {target} ELSE '99' || printf('%010d', ({i}) % {patients}) END";

    public static string Author(string i) => $"'SE2120002080-P' || printf('%03d', ({i}) % 50)";

    public static string NoteType(string i) => $"CASE ({i}) % 4 WHEN 0 THEN 'bes' WHEN 1 THEN 'utr' WHEN 2 THEN 'atb' ELSE 'ins' END";

    /// <summary>The regional store's sortable UTC text of the note's time plus <paramref name="minutes"/>.</summary>
    public static string Sortable(string minutes) =>
        $"strftime('%Y-%m-%dT%H:%M:%S', '{Utc}', '+' || ({minutes}) || ' minutes') || '.0000000Z'";

    /// <summary>Round-trip ("O") text with the +01:00 offset of the note's time plus <paramref name="minutes"/>.</summary>
    public static string RoundTrip(string minutes) =>
        $"strftime('%Y-%m-%dT%H:%M:%S', '{Local}', '+' || ({minutes}) || ' minutes') || '.0000000+01:00'";

    /// <summary>Unix milliseconds of the note's time plus <paramref name="minutes"/>.</summary>
    public static string UnixMilliseconds(string minutes) =>
        string.Create(CultureInfo.InvariantCulture, $"({StartUnixMilliseconds} + ({minutes}) * 60000)");

    // GrowthData's start, 2020-01-01 08:00 +01:00, as UTC and as local clock time.
    private const string Utc = "2020-01-01 07:00:00";
    private const string Local = "2020-01-01 08:00:00";
    private static readonly long StartUnixMilliseconds = new DateTimeOffset(2020, 1, 1, 8, 0, 0, TimeSpan.FromHours(1)).ToUnixTimeMilliseconds();
}
