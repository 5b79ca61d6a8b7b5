using Dapper;
using JournalGateway.Storage.Migrations;
using Microsoft.Extensions.Logging;

namespace JournalGateway.Storage.PostgreSql;

internal sealed class PostgreSqlStorageMigrator(PostgreSqlDatabase database, TimeProvider time, ILogger<PostgreSqlStorageMigrator> logger)
    : IStorageMigrator
{
    private const string Engine = "PostgreSql";

    // Any fixed number; instances that start together queue on it instead of racing on CREATE TABLE.
    private const long MigrationLockKey = 0x4A_47_53_54_4F_52; // "JGSTOR"

    private const string CreateTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version     integer     NOT NULL PRIMARY KEY,
            name        text        NOT NULL,
            checksum    text        NOT NULL,
            applied_at  timestamptz NOT NULL
        );
        """;

    public async Task<StorageMigrationResult> MigrateAsync(CancellationToken cancellationToken)
    {
        var scripts = MigrationScript.Load(Engine);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Transaction-scoped: released by the commit or rollback, also when the process dies.
        await connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(@key)", new { key = MigrationLockKey }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(CreateTable, transaction: transaction, cancellationToken: cancellationToken));
        var applied = (await connection.QueryAsync<AppliedMigration>(new CommandDefinition(
            "SELECT version::bigint AS Version, name AS Name, checksum AS Checksum FROM schema_migrations ORDER BY version",
            transaction: transaction, cancellationToken: cancellationToken))).ToList();
        MigrationChecks.VerifyUnchanged(scripts, applied, Engine);

        var known = applied.Select(a => (int)a.Version).ToHashSet();
        var newlyApplied = new List<int>();
        foreach (var script in scripts.Where(s => !known.Contains(s.Version)))
        {
            await connection.ExecuteAsync(new CommandDefinition(script.Sql, transaction: transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (@Version, @Name, @Checksum, @AppliedAt)",
                new { script.Version, script.Name, script.Checksum, AppliedAt = time.GetUtcNow().UtcDateTime },
                transaction, cancellationToken: cancellationToken));
            newlyApplied.Add(script.Version);
        }

        await transaction.CommitAsync(cancellationToken);

        var current = known.Concat(newlyApplied).DefaultIfEmpty(0).Max();
        if (newlyApplied.Count > 0)
        {
            logger.LogInformation("PostgreSQL schema migrated to version {Version} (applied {Applied})", current, string.Join(", ", newlyApplied));
        }
        else
        {
            logger.LogInformation("PostgreSQL schema is current at version {Version}", current);
        }

        return new StorageMigrationResult(newlyApplied, current);
    }
}
