namespace JournalGateway.Storage.Sqlite;

/// <summary>Times in the consent and access log tables: unix microseconds UTC, the precision the access log chain covers.</summary>
internal static class SqliteTime
{
    public static long ToUnixMicroseconds(DateTimeOffset time) =>
        (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;

    public static DateTimeOffset FromUnixMicroseconds(long microseconds) =>
        DateTimeOffset.UnixEpoch.AddTicks(microseconds * TimeSpan.TicksPerMicrosecond);
}
