using JournalGateway.Core.AccessLog;
using JournalGateway.Core.Delivery;
using JournalGateway.Storage.AccessLog;
using JournalGateway.Storage.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace JournalGateway.Storage;

/// <summary>
/// A throwaway outbox and access log with the gateway's schema, in a SQLite file of its own under the temporary
/// folder, deleted when disposed. The start-up rehearsal of a note write goes through it, so that the same storage
/// code runs once before ready while the real stores are never touched.
/// </summary>
/// <remarks>
/// Always SQLite, whatever engine the gateway is configured with: it stands in for the stores, and the code it warms
/// beyond the engine (the access log's batching and hash chain, the outbox's record mapping) is shared.
/// </remarks>
public sealed class ScratchStorage : IAsyncDisposable
{
    private readonly SqliteDatabase _database;
    private readonly BatchingAccessLog _accessLog;

    private ScratchStorage(SqliteDatabase database, IOptions<AccessLogOptions> accessLogOptions)
    {
        _database = database;
        Outbox = new SqliteNoteOutbox(database);
        _accessLog = new BatchingAccessLog(new SqliteAccessLog(database), accessLogOptions, NullLogger<BatchingAccessLog>.Instance);
    }

    /// <summary>The scratch outbox.</summary>
    public INoteOutbox Outbox { get; }

    /// <summary>The scratch access log, batched as the real one is.</summary>
    public IAccessLog AccessLog => _accessLog;

    /// <summary>The scratch file (its <c>-wal</c> and <c>-shm</c> companions beside it).</summary>
    internal string FilePath => _database.FilePath;

    /// <summary>Creates the file and its schema.</summary>
    public static async Task<ScratchStorage> CreateAsync(IOptions<AccessLogOptions> accessLogOptions, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accessLogOptions);
        var path = Path.Combine(Path.GetTempPath(), $"journalgateway-rehearsal-{Guid.NewGuid():N}.db");
        var database = new SqliteDatabase(path, busyTimeoutMs: 1000, NullLogger<SqliteDatabase>.Instance);
        var scratch = new ScratchStorage(database, accessLogOptions);
        try
        {
            await new SqliteStorageMigrator(database, time, NullLogger<SqliteStorageMigrator>.Instance).MigrateAsync(cancellationToken);
            return scratch;
        }
        catch
        {
            await scratch.DisposeAsync();
            throw;
        }
    }

    /// <summary>Drains the access log, closes the file's pooled connections and deletes it.</summary>
    public async ValueTask DisposeAsync()
    {
        await _accessLog.DisposeAsync();
        // Closes this file's pooled connections only: the real database keeps its warm ones.
        _database.Dispose();

        foreach (var file in new[] { _database.FilePath, _database.FilePath + "-wal", _database.FilePath + "-shm" })
        {
            File.Delete(file);
        }
    }
}
