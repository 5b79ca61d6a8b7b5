using JournalGateway.Core.Delivery;
using JournalGateway.Storage.Migrations;

namespace JournalGateway.Storage.Tests.Support;

/// <summary>One engine's outbox on a fresh, migrated database, as the contract tests need it.</summary>
public abstract class OutboxHarness : IAsyncDisposable
{
    public abstract INoteOutbox Outbox { get; }

    public abstract IStorageMigrator Migrator { get; }

    /// <summary>What the first migration of the fresh database did.</summary>
    public required StorageMigrationResult FirstMigration { get; init; }

    /// <summary>The versions recorded in schema_migrations, ascending.</summary>
    public abstract Task<IReadOnlyList<int>> AppliedVersionsAsync();

    /// <summary>A new outbox instance on the same file or database, as after a restart.</summary>
    public abstract Task<INoteOutbox> ReopenAsync();

    public abstract ValueTask DisposeAsync();
}
