using Dapper;
using JournalGateway.Storage.Migrations;
using Microsoft.Extensions.Logging;

namespace JournalGateway.Storage.Sqlite;

internal sealed class SqliteStorageMigrator(SqliteDatabase database, TimeProvider time, ILogger<SqliteStorageMigrator> logger)
    : IStorageMigrator
{
    private const string Engine = "Sqlite";

    private const string CreateTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version     INTEGER NOT NULL PRIMARY KEY,
            name        TEXT    NOT NULL,
            checksum    TEXT    NOT NULL,
            applied_at  INTEGER NOT NULL
        ) STRICT;
        """;

    public Task<StorageMigrationResult> MigrateAsync(CancellationToken cancellationToken)
    {
        var scripts = MigrationScript.Load(Engine);
        // The write lock (BEGIN IMMEDIATE) makes the check and the apply one step, also across processes.
        return database.WriteAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync(new CommandDefinition(CreateTable, transaction: transaction, cancellationToken: cancellationToken));
            var applied = (await connection.QueryAsync<AppliedMigration>(new CommandDefinition(
                "SELECT version AS Version, name AS Name, checksum AS Checksum FROM schema_migrations ORDER BY version",
                transaction: transaction, cancellationToken: cancellationToken))).ToList();
            MigrationChecks.VerifyUnchanged(scripts, applied, Engine);

            var known = applied.Select(a => (int)a.Version).ToHashSet();
            var newlyApplied = new List<int>();
            foreach (var script in scripts.Where(s => !known.Contains(s.Version)))
            {
                await connection.ExecuteAsync(new CommandDefinition(script.Sql, transaction: transaction, cancellationToken: cancellationToken));
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (@Version, @Name, @Checksum, @AppliedAt)",
                    new { script.Version, script.Name, script.Checksum, AppliedAt = time.GetUtcNow().ToUnixTimeMilliseconds() },
                    transaction, cancellationToken: cancellationToken));
                newlyApplied.Add(script.Version);
            }

            var current = known.Concat(newlyApplied).DefaultIfEmpty(0).Max();
            if (newlyApplied.Count > 0)
            {
                logger.LogInformation("SQLite schema migrated to version {Version} (applied {Applied})", current, string.Join(", ", newlyApplied));
            }
            else
            {
                logger.LogInformation("SQLite schema is current at version {Version}", current);
            }

            return new StorageMigrationResult(newlyApplied, current);
        }, cancellationToken);
    }
}
