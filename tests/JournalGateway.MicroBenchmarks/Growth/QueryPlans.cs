using Microsoft.Data.Sqlite;

namespace JournalGateway.MicroBenchmarks.Growth;

/// <summary>
/// EXPLAIN QUERY PLAN of the queries whose cost must not grow with the table: a full SCAN of a big table (with or
/// without an index to walk) is reported as a missing index.
/// </summary>
internal static class QueryPlans
{
    public static async Task<IReadOnlyList<string>> ExplainAsync(SqliteConnection connection, string sql, IReadOnlyDictionary<string, object?> parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(3));
        }

        return lines;
    }

    /// <summary>Plan lines that visit every row of one of <paramref name="bigTables"/> (by alias or name).</summary>
    public static IEnumerable<string> FullScans(IEnumerable<string> plan, params string[] bigTables) =>
        plan.Where(line => bigTables.Any(t => line.StartsWith($"SCAN {t}", StringComparison.Ordinal)
            && !line.Contains("USING INTEGER PRIMARY KEY", StringComparison.Ordinal)));

    public static void Print(TextWriter output, string title, IReadOnlyList<string> plan, params string[] bigTables)
    {
        var scans = FullScans(plan, bigTables).ToList();
        output.WriteLine($"  {title}: {(scans.Count == 0 ? "indexed" : "FULL SCAN")}");
        foreach (var line in plan)
        {
            output.WriteLine($"      {line}");
        }
    }
}
