namespace JournalGateway.Storage.Migrations;

/// <summary>Brings the database schema up to the version this build expects.</summary>
public interface IStorageMigrator
{
    /// <summary>
    /// Applies, in order and in one transaction, every embedded migration the database has not recorded in
    /// <c>schema_migrations</c>. Safe to run again and from several instances at once.
    /// </summary>
    Task<StorageMigrationResult> MigrateAsync(CancellationToken cancellationToken);
}

/// <summary>The outcome of a migration run.</summary>
/// <param name="Applied">The versions this run applied (empty when the schema was current).</param>
/// <param name="CurrentVersion">The schema version after the run.</param>
public sealed record StorageMigrationResult(IReadOnlyList<int> Applied, int CurrentVersion);
