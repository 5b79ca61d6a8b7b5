using System.Collections.Concurrent;
using Dapper;
using JournalGateway.Core.Delivery;
using JournalGateway.Storage.Migrations;
using JournalGateway.Storage.PostgreSql;
using JournalGateway.Storage.Tests.Outbox;
using JournalGateway.Storage.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace JournalGateway.Storage.Tests.PostgreSql;

/// <summary>The outbox contract on PostgreSQL through Testcontainers, each test in its own database.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlNoteOutboxTests(PostgreSqlFixture fixture) : NoteOutboxContractTests
{
    protected override async Task<OutboxHarness> CreateHarnessAsync()
    {
        var connectionString = await fixture.CreateDatabaseAsync();
        var (database, migrator) = Open(connectionString);
        var first = await migrator.MigrateAsync(default);
        return new PostgreSqlHarness(connectionString, database, migrator) { FirstMigration = first };
    }

    private static (PostgreSqlDatabase Database, PostgreSqlStorageMigrator Migrator) Open(string connectionString)
    {
        var database = new PostgreSqlDatabase(connectionString);
        return (database, new PostgreSqlStorageMigrator(database, new FakeTimeProvider(TestNotes.T0), NullLogger<PostgreSqlStorageMigrator>.Instance));
    }

    [SkippableFact]
    public async Task MigrateAsync_FourInstancesStartingTogether_ApplyEachVersionOnce()
    {
        var connectionString = await fixture.CreateDatabaseAsync();
        var instances = Enumerable.Range(0, 4).Select(_ => Open(connectionString)).ToList();
        try
        {
            var results = await Task.WhenAll(instances.Select(i => Task.Run(() => i.Migrator.MigrateAsync(default))));

            Assert.Single(results, r => r.Applied.Count > 0);
            Assert.All(results, r => Assert.Equal(4, r.CurrentVersion));
            await using var connection = await instances[0].Database.DataSource.OpenConnectionAsync();
            Assert.Equal([1, 2, 3, 4], await connection.QueryAsync<int>("SELECT version FROM schema_migrations ORDER BY version"));
        }
        finally
        {
            foreach (var (database, _) in instances)
            {
                await database.DisposeAsync();
            }
        }
    }

    [SkippableFact]
    public async Task ClaimDueAsync_FourGatewayInstances_ShareTheWorkWithoutOverlap()
    {
        var connectionString = await fixture.CreateDatabaseAsync();
        var (seed, migrator) = Open(connectionString);
        await using var _seed = seed;
        await migrator.MigrateAsync(default);
        var seeding = new PostgreSqlNoteOutbox(seed);
        for (var i = 0; i < 200; i++)
        {
            await seeding.AcceptAsync(TestNotes.Accepted(acceptedAt: TestNotes.T0.AddMilliseconds(-i)), default);
        }

        // Separate data sources: separate pools, as four processes would have.
        var instances = Enumerable.Range(0, 4).Select(_ => new PostgreSqlDatabase(connectionString)).ToList();
        var claims = new ConcurrentBag<string>();
        try
        {
            await Task.WhenAll(instances.Select(database => Task.Run(async () =>
            {
                var outbox = new PostgreSqlNoteOutbox(database);
                while (await outbox.ClaimDueAsync(5, TestNotes.T0, TestNotes.T0.AddMinutes(5), default) is { Count: > 0 } batch)
                {
                    foreach (var note in batch)
                    {
                        claims.Add($"{note.NoteId}/{note.Version}");
                    }
                }
            })));
        }
        finally
        {
            foreach (var database in instances)
            {
                await database.DisposeAsync();
            }
        }

        Assert.Equal(200, claims.Count);
        Assert.Equal(200, claims.Distinct().Count());
        Assert.Equal(200, (await seeding.CountByStateAsync(default))[DeliveryState.Delivering]);
    }

    private sealed class PostgreSqlHarness(string connectionString, PostgreSqlDatabase database, PostgreSqlStorageMigrator migrator)
        : OutboxHarness
    {
        private readonly List<PostgreSqlDatabase> _opened = [database];

        public override INoteOutbox Outbox { get; } = new PostgreSqlNoteOutbox(database);

        public override IStorageMigrator Migrator => migrator;

        public override async Task<IReadOnlyList<int>> AppliedVersionsAsync()
        {
            await using var connection = await database.DataSource.OpenConnectionAsync();
            return [.. await connection.QueryAsync<int>("SELECT version FROM schema_migrations ORDER BY version")];
        }

        public override async Task<INoteOutbox> ReopenAsync()
        {
            var (reopened, reopenedMigrator) = Open(connectionString);
            _opened.Add(reopened);
            Assert.Empty((await reopenedMigrator.MigrateAsync(default)).Applied);
            return new PostgreSqlNoteOutbox(reopened);
        }

        public override async ValueTask DisposeAsync()
        {
            foreach (var opened in _opened)
            {
                await opened.DisposeAsync();
            }
        }
    }
}
