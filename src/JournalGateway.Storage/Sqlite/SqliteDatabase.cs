using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace JournalGateway.Storage.Sqlite;

/// <summary>
/// The gateway's SQLite file. Readers open pooled connections freely (WAL lets them run beside a writer);
/// writers go through <see cref="WriteAsync{T}"/>, one transaction at a time because SQLite has a single write lock,
/// and concurrent writes share a transaction and its commit (<see cref="SqliteGroupCommit"/>).
/// </summary>
internal sealed class SqliteDatabase : IStorageDatabase, IDisposable
{
    // The native connections that already run with _pragmas. Pragmas are settings of a native connection, which the
    // pool keeps open between uses: setting them on every open parsed and ran two statements per query for nothing.
    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> Configured = new();

    private readonly string _connectionString;
    private readonly string _pragmas;
    // One write transaction at a time per process; another process (a second gateway on the same file, a backup
    // tool) is handled by busy_timeout and the group commit's retry.
    private readonly SemaphoreSlim _writeGate;
    // Null for the rolling-back view: its writes never join real ones in a batch.
    private readonly SqliteGroupCommit? _groupCommit;
    private readonly bool _rollsBack;
    private int _walEnabled;

    public SqliteDatabase(string path, int busyTimeoutMs, ILogger<SqliteDatabase> logger)
    {
        FilePath = System.IO.Path.GetFullPath(path);
        var directory = System.IO.Path.GetDirectoryName(FilePath);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = Math.Max(1, busyTimeoutMs / 1000),
        }.ToString();
        // synchronous=FULL: in WAL mode NORMAL survives a process crash but may lose the last commits on power
        // loss, and a 201 promises the note is durable. busy_timeout: wait for another writer instead of failing.
        _pragmas = string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {busyTimeoutMs}; PRAGMA synchronous = FULL;");
        _writeGate = new SemaphoreSlim(1, 1);
        _groupCommit = new SqliteGroupCommit(this, _writeGate, logger);
    }

    private SqliteDatabase(SqliteDatabase file)
    {
        FilePath = file.FilePath;
        _connectionString = file._connectionString;
        _pragmas = file._pragmas;
        _writeGate = file._writeGate;
        _walEnabled = 1;
        _rollsBack = true;
    }

    public string FilePath { get; }

    public StorageProvider Provider => StorageProvider.Sqlite;

    /// <summary>
    /// The same file, whose writes are rolled back instead of committed: for the start-up rehearsal, which runs the
    /// real statements on the real tables, behind the same write gate, and keeps nothing. Never registered as a store.
    /// </summary>
    public SqliteDatabase RollingBack() => _rollsBack ? this : new SqliteDatabase(this);

    async Task<DbConnection> IStorageDatabase.OpenConnectionAsync(CancellationToken cancellationToken) =>
        await OpenAsync(cancellationToken);

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (!Configured.TryGetValue(connection.Handle!, out var applied) || !_pragmas.Equals(applied))
            {
                await using var command = connection.CreateCommand();
                command.CommandText = _pragmas;
                await command.ExecuteNonQueryAsync(cancellationToken);
                Configured.AddOrUpdate(connection.Handle!, _pragmas);
            }

            // WAL is a property of the file and persists; set it once per process, outside any transaction.
            if (Interlocked.CompareExchange(ref _walEnabled, 1, 0) == 0)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA journal_mode = WAL;";
                var mode = (string?)await command.ExecuteScalarAsync(cancellationToken);
                if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                {
                    throw new InvalidOperationException($"SQLite refused WAL mode (journal_mode is '{mode}').");
                }
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a <c>BEGIN IMMEDIATE</c> transaction, with whatever other writes are queued,
    /// and completes once that transaction is committed (see <see cref="SqliteGroupCommit"/>). Taking the write lock
    /// up front means a read-then-write inside the transaction can never be invalidated by another writer; SQLITE_BUSY
    /// (another process held the lock past busy_timeout) is retried a few times. <paramref name="work"/> may run more
    /// than once (a retry), so it must read what it needs inside the transaction.
    /// </summary>
    public Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        _groupCommit is null ? WriteAndRollBackAsync(work, cancellationToken) : _groupCommit.WriteAsync(work, cancellationToken);

    // The rehearsal's writes: one transaction each, behind the same gate as the batches, never committed.
    private async Task<T> WriteAndRollBackAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var transaction = connection.BeginTransaction(IsolationLevel.Serializable, deferred: false);
            var result = await work(connection, transaction);
            await transaction.RollbackAsync(cancellationToken);
            return result;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Closes this file's pooled connections (other files' pools are left alone); a rolling-back view owns nothing.</summary>
    public void Dispose()
    {
        if (_rollsBack)
        {
            return;
        }

        // Queued writes are committed before the file is let go.
        _groupCommit!.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _writeGate.Dispose();
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }
}
