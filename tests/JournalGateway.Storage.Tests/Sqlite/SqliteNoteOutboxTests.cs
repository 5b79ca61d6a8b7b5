using Dapper;
using JournalGateway.Core.Delivery;
using JournalGateway.Storage.Migrations;
using JournalGateway.Storage.Sqlite;
using JournalGateway.Storage.Tests.Outbox;
using JournalGateway.Storage.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace JournalGateway.Storage.Tests.Sqlite;

/// <summary>The outbox contract on SQLite, each test on its own temporary file.</summary>
public sealed class SqliteNoteOutboxTests : NoteOutboxContractTests
{
    protected override async Task<OutboxHarness> CreateHarnessAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "journalgateway-tests", Guid.NewGuid().ToString("N"));
        // The nested directory does not exist yet: opening the store creates it.
        var path = Path.Combine(directory, "data", "gateway.db");
        var (database, migrator) = Open(path);
        var first = await migrator.MigrateAsync(default);
        return new SqliteHarness(path, directory, database, migrator) { FirstMigration = first };
    }

    internal static (SqliteDatabase Database, SqliteStorageMigrator Migrator) Open(string path)
    {
        var database = new SqliteDatabase(path, 5_000, NullLogger<SqliteDatabase>.Instance);
        var migrator = new SqliteStorageMigrator(database, new FakeTimeProvider(TestNotes.T0), NullLogger<SqliteStorageMigrator>.Instance);
        return (database, migrator);
    }

    [Fact]
    public async Task Open_NewFile_UsesWalAndFullSynchronousCommits()
    {
        await using var harness = (SqliteHarness)await CreateHarnessAsync();
        await using var connection = await harness.Database.OpenAsync(default);

        Assert.Equal("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
        // 2 = FULL: the WAL is synced on every commit.
        Assert.Equal(2, await connection.ExecuteScalarAsync<long>("PRAGMA synchronous"));
        Assert.True(File.Exists(harness.Path));
    }

    [Fact]
    public async Task Open_PooledConnectionAgain_KeepsFullSynchronousCommitsAndTheBusyTimeout()
    {
        await using var harness = (SqliteHarness)await CreateHarnessAsync();
        SQLitePCL.sqlite3 firstHandle;
        await using (var first = await harness.Database.OpenAsync(default))
        {
            firstHandle = first.Handle!;
        }

        // The pragmas are set once per native connection; the pool hands the same one out again.
        await using var again = await harness.Database.OpenAsync(default);
        Assert.Same(firstHandle, again.Handle);
        Assert.Equal(2, await again.ExecuteScalarAsync<long>("PRAGMA synchronous"));
        Assert.Equal(5000, await again.ExecuteScalarAsync<long>("PRAGMA busy_timeout"));
    }

    [Fact]
    public async Task RollingBack_WritesRunToTheEnd_AndNothingStays()
    {
        await using var harness = (SqliteHarness)await CreateHarnessAsync();
        var kept = TestNotes.Accepted();
        await harness.Outbox.AcceptAsync(kept, default);
        var rollingBack = harness.Database.RollingBack();
        var rehearsal = new SqliteNoteOutbox(rollingBack);

        // Inside its transaction each write happened: the accept reads its own row back, the claim takes the due note.
        // Each call is its own transaction, rolled back at its end, so the claim no longer sees the rehearsed note.
        var rehearsed = TestNotes.Accepted();
        var result = await rehearsal.AcceptAsync(rehearsed, default);
        Assert.True(result.Created);
        Assert.Equal(rehearsed.NoteId, result.Stored.NoteId);
        var claimed = await rehearsal.ClaimDueAsync(10, TestNotes.T0.AddMinutes(1), TestNotes.T0.AddMinutes(2), default);
        Assert.Equal(kept.NoteId, Assert.Single(claimed).NoteId);
        rollingBack.Dispose();

        // Afterwards nothing of it is there, the claimed note is still due, and the real database still takes writes.
        Assert.Null(await harness.Outbox.FindByKeyAsync(rehearsed.IdempotencyKey, default));
        var due = await harness.Outbox.ClaimDueAsync(10, TestNotes.T0.AddMinutes(1), TestNotes.T0.AddMinutes(2), default);
        Assert.Equal(kept.NoteId, Assert.Single(due).NoteId);
        Assert.True((await harness.Outbox.AcceptAsync(TestNotes.Accepted(), default)).Created);
    }

    [Fact]
    public async Task MigrateAsync_RecordsNameAndChecksumOfEachScript()
    {
        await using var harness = (SqliteHarness)await CreateHarnessAsync();
        await using var connection = await harness.Database.OpenAsync(default);

        var row = await connection.QuerySingleAsync<(long Version, string Name, string Checksum, long AppliedAt)>(
            "SELECT version, name, checksum, applied_at FROM schema_migrations WHERE version = 1");

        Assert.Equal((1L, "outbox"), (row.Version, row.Name));
        Assert.Equal(64, row.Checksum.Length);
        Assert.Equal(TestNotes.T0.ToUnixTimeMilliseconds(), row.AppliedAt);
    }

    [Fact]
    public async Task MigrateAsync_AppliedScriptChangedSinceThen_StopsWithAClearMessage()
    {
        await using var harness = (SqliteHarness)await CreateHarnessAsync();
        await using (var connection = await harness.Database.OpenAsync(default))
        {
            await connection.ExecuteAsync("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1");
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => harness.Migrator.MigrateAsync(default));

        Assert.Contains("0001_outbox was changed after it was applied", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcceptAsync_TwoInstancesOnOneFile_StillStoreOneRowPerKey()
    {
        // Two gateway processes on one file share only SQLite's own lock (BEGIN IMMEDIATE + busy_timeout).
        await using var harness = (SqliteHarness)await CreateHarnessAsync();
        var (other, _) = Open(harness.Path);
        using var _other = other;
        var second = new SqliteNoteOutbox(other);
        var notes = Enumerable.Range(0, 40).Select(_ => TestNotes.Accepted()).ToList();

        var results = await Task.WhenAll(notes.SelectMany(n => new[]
        {
            Task.Run(() => harness.Outbox.AcceptAsync(n, default)),
            Task.Run(() => second.AcceptAsync(n with { NoteId = Guid.NewGuid().ToString() }, default)),
        }));

        Assert.Equal(40, results.Count(r => r.Created));
        Assert.Equal(40, (await second.CountByStateAsync(default))[DeliveryState.Pending]);
    }

    private sealed class SqliteHarness(string path, string directory, SqliteDatabase database, SqliteStorageMigrator migrator)
        : OutboxHarness
    {
        private readonly List<SqliteDatabase> _opened = [database];

        public string Path => path;

        public SqliteDatabase Database => database;

        public override INoteOutbox Outbox { get; } = new SqliteNoteOutbox(database);

        public override IStorageMigrator Migrator => migrator;

        public override async Task<IReadOnlyList<int>> AppliedVersionsAsync()
        {
            await using var connection = await database.OpenAsync(default);
            return [.. await connection.QueryAsync<int>("SELECT version FROM schema_migrations ORDER BY version")];
        }

        public override async Task<INoteOutbox> ReopenAsync()
        {
            // Drop pooled handles so the new instance really opens the file again.
            SqliteConnection.ClearAllPools();
            var (reopened, reopenedMigrator) = Open(path);
            _opened.Add(reopened);
            Assert.Empty((await reopenedMigrator.MigrateAsync(default)).Applied);
            return new SqliteNoteOutbox(reopened);
        }

        public override ValueTask DisposeAsync()
        {
            _opened.ForEach(d => d.Dispose());
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // A temp directory left behind is harmless.
            }

            return ValueTask.CompletedTask;
        }
    }
}
