using Dapper;
using JournalGateway.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace JournalGateway.Storage.Tests.Sqlite;

/// <summary>
/// Concurrent writes to one SQLite file share a transaction and its commit; each write keeps its own outcome.
/// Each test holds the batch back by blocking the first write inside its transaction while the others queue.
/// </summary>
public sealed class SqliteGroupCommitTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "journalgateway-tests", Guid.NewGuid().ToString("N"));
    private readonly SqliteDatabase _database;

    public SqliteGroupCommitTests()
    {
        _database = new SqliteDatabase(Path.Combine(_directory, "gateway.db"), 5_000, NullLogger<SqliteDatabase>.Instance);
        _database.WriteAsync((c, t) => c.ExecuteAsync("CREATE TABLE rows (name TEXT NOT NULL UNIQUE)", transaction: t), default)
            .GetAwaiter().GetResult();
    }

    [Fact]
    public async Task WritesQueuedDuringACommit_ShareTheNextTransaction_AndAllAreDurable()
    {
        var (blocker, release) = await BlockWritesAsync();
        var transactions = new List<SqliteTransaction>();
        var queued = Enumerable.Range(0, 10).Select(i => _database.WriteAsync(async (c, t) =>
        {
            lock (transactions)
            {
                transactions.Add(t);
            }

            return await c.ExecuteAsync("INSERT INTO rows (name) VALUES (@name)", new { name = $"row {i}" }, t);
        }, default)).ToList();

        release();
        await blocker;
        await Task.WhenAll(queued);

        Assert.Single(transactions.Distinct());
        Assert.Equal(10, await CountRowsAsync());
    }

    [Fact]
    public async Task AFailingWrite_IsRolledBackAlone_AndTheOthersInItsBatchCommit()
    {
        var (blocker, release) = await BlockWritesAsync();
        var runsOfBefore = 0;
        var before = _database.WriteAsync((c, t) =>
        {
            Interlocked.Increment(ref runsOfBefore);
            return c.ExecuteAsync("INSERT INTO rows (name) VALUES ('before')", transaction: t);
        }, default);
        var failing = _database.WriteAsync<int>(async (c, t) =>
        {
            await c.ExecuteAsync("INSERT INTO rows (name) VALUES ('failing')", transaction: t);
            throw new InvalidOperationException("refused by the caller's own rule");
        }, default);
        var duplicate = Insert("before");
        var after = Insert("after");

        release();
        await blocker;

        Assert.Equal(1, await before);
        Assert.Equal("refused by the caller's own rule", (await Assert.ThrowsAsync<InvalidOperationException>(() => failing)).Message);
        Assert.Equal(19, (await Assert.ThrowsAsync<SqliteException>(() => duplicate)).SqliteErrorCode); // SQLITE_CONSTRAINT
        Assert.Equal(1, await after);
        Assert.Equal(["after", "before"], await NamesAsync());
        // Rolled back to its savepoint: the batch went on, nothing ran twice.
        Assert.Equal(1, runsOfBefore);
    }

    [Fact]
    public async Task AFailureThatEndsTheTransaction_FailsOnlyItsWrite_AndTheOthersRunAgain()
    {
        var (blocker, release) = await BlockWritesAsync();
        var runsOfFirst = 0;
        var first = _database.WriteAsync(async (c, t) =>
        {
            Interlocked.Increment(ref runsOfFirst);
            return await c.ExecuteAsync("INSERT INTO rows (name) VALUES ('first')", transaction: t);
        }, default);
        // As an interrupted statement does inside SQLite: the whole transaction is gone, savepoints with it.
        var breaking = _database.WriteAsync<int>(async (c, t) =>
        {
            await c.ExecuteAsync("INSERT INTO rows (name) VALUES ('breaking')", transaction: t);
            await c.ExecuteAsync("ROLLBACK");
            throw new InvalidOperationException("the transaction ended");
        }, default);
        var last = Insert("last");

        release();
        await blocker;

        Assert.Equal(1, await first);
        await Assert.ThrowsAsync<InvalidOperationException>(() => breaking);
        Assert.Equal(1, await last);
        Assert.Equal(2, runsOfFirst);
        Assert.Equal(["first", "last"], await NamesAsync());
    }

    [Fact]
    public async Task AWriteCancelledWhileQueued_IsNotRun()
    {
        var (blocker, release) = await BlockWritesAsync();
        using var cancel = new CancellationTokenSource();
        var ran = false;
        var cancelled = _database.WriteAsync(async (c, t) =>
        {
            ran = true;
            return await c.ExecuteAsync("INSERT INTO rows (name) VALUES ('cancelled')", transaction: t);
        }, cancel.Token);
        var kept = Insert("kept");

        await cancel.CancelAsync();
        release();
        await blocker;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.False(ran);
        Assert.Equal(1, await kept);
        Assert.Equal(["kept"], await NamesAsync());
    }

    [Fact]
    public async Task Dispose_CommitsWhatIsQueued()
    {
        var (blocker, release) = await BlockWritesAsync();
        var queued = Insert("queued");

        var disposing = Task.Run(_database.Dispose);
        release();
        await blocker;
        await disposing;

        Assert.Equal(1, await queued);
        using var reopened = new SqliteDatabase(Path.Combine(_directory, "gateway.db"), 5_000, NullLogger<SqliteDatabase>.Instance);
        await using var connection = await reopened.OpenAsync(default);
        Assert.Equal(["queued"], await connection.QueryAsync<string>("SELECT name FROM rows"));
    }

    public void Dispose()
    {
        _database.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Starts a write that holds the transaction open until released, so that the next writes queue.</summary>
    private async Task<(Task Blocker, Action Release)> BlockWritesAsync()
    {
        var inside = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var blocker = _database.WriteAsync(async (_, _) =>
        {
            inside.TrySetResult();
            await gate.Task;
            return 0;
        }, default);
        await inside.Task.WaitAsync(TimeSpan.FromSeconds(10));
        return (blocker, () => gate.TrySetResult());
    }

    private Task<int> Insert(string name) =>
        _database.WriteAsync((c, t) => c.ExecuteAsync("INSERT INTO rows (name) VALUES (@name)", new { name }, t), default);

    private async Task<long> CountRowsAsync()
    {
        await using var connection = await _database.OpenAsync(default);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM rows");
    }

    private async Task<List<string>> NamesAsync()
    {
        await using var connection = await _database.OpenAsync(default);
        return [.. await connection.QueryAsync<string>("SELECT name FROM rows ORDER BY name")];
    }
}
