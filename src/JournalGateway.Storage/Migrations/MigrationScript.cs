using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace JournalGateway.Storage.Migrations;

/// <summary>One embedded migration, <c>Migrations/&lt;Engine&gt;/NNNN_name.sql</c>.</summary>
internal sealed partial record MigrationScript(int Version, string Name, string Sql, string Checksum)
{
    /// <summary>The ordered migrations of one engine folder (<c>Sqlite</c> or <c>PostgreSql</c>).</summary>
    public static IReadOnlyList<MigrationScript> Load(string engine)
    {
        var assembly = typeof(MigrationScript).Assembly;
        var prefix = $"Migrations/{engine}/";
        var scripts = new List<MigrationScript>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var name = resource.Replace('\\', '/');
            if (!name.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var match = FileName().Match(name[prefix.Length..]);
            if (!match.Success)
            {
                throw new InvalidOperationException($"Migration resource '{name}' is not named NNNN_name.sql.");
            }

            scripts.Add(new MigrationScript(
                int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture),
                match.Groups["name"].Value,
                Read(assembly, resource),
                default!));
        }

        var ordered = scripts.OrderBy(s => s.Version).ToList();
        var duplicate = ordered.GroupBy(s => s.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two {engine} migrations share version {duplicate.Key}.");
        }

        return [.. ordered.Select(s => s with { Checksum = ChecksumOf(s.Sql) })];
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Missing resource '{resource}'.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        // A checkout with CRLF line endings must not look like an edited migration.
        return reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    private static string ChecksumOf(string sql) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql)));

    [GeneratedRegex(@"^(?<version>\d{4})_(?<name>[a-z0-9_]+)\.sql$")]
    private static partial Regex FileName();
}

/// <summary>A row of <c>schema_migrations</c>.</summary>
internal sealed record AppliedMigration(long Version, string Name, string Checksum);

internal static class MigrationChecks
{
    /// <summary>An applied migration whose script has since changed means the schema is not what the code expects: stop.</summary>
    public static void VerifyUnchanged(IReadOnlyList<MigrationScript> scripts, IEnumerable<AppliedMigration> applied, string engine)
    {
        var byVersion = scripts.ToDictionary(s => s.Version);
        foreach (var row in applied)
        {
            if (byVersion.TryGetValue((int)row.Version, out var script) && script.Checksum != row.Checksum)
            {
                throw new InvalidOperationException(
                    $"{engine} migration {row.Version:D4}_{row.Name} was changed after it was applied; add a new migration instead.");
            }
        }
    }
}
