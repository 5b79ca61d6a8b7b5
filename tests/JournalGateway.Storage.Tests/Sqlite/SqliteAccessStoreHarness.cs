using Dapper;
using JournalGateway.Core.Access;
using JournalGateway.Core.AccessLog;
using JournalGateway.Storage.AccessLog;
using JournalGateway.Storage.Sqlite;
using JournalGateway.Storage.Tests.Support;
using Microsoft.Data.Sqlite;

namespace JournalGateway.Storage.Tests.Sqlite;

/// <summary>The consent registry and access log on a fresh SQLite file of their own.</summary>
internal sealed class SqliteAccessStoreHarness : AccessStoreHarness
{
    private readonly string _directory;
    private readonly List<SqliteDatabase> _opened = [];

    private SqliteAccessStoreHarness(string directory, SqliteDatabase database)
    {
        _directory = directory;
        Path = database.FilePath;
        Database = database;
        _opened.Add(database);
        var log = new SqliteAccessLog(database);
        Consents = new SqliteConsentRegistry(database);
        Log = log;
        Retention = log;
    }

    public string Path { get; }

    public SqliteDatabase Database { get; }

    public override IConsentRegistry Consents { get; }

    public override IAccessLog Log { get; }

    public override IAccessLogRetention Retention { get; }

    public static async Task<SqliteAccessStoreHarness> CreateAsync()
    {
        var directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "journalgateway-tests", Guid.NewGuid().ToString("N"));
        var (database, migrator) = SqliteNoteOutboxTests.Open(System.IO.Path.Combine(directory, "gateway.db"));
        await migrator.MigrateAsync(default);
        return new SqliteAccessStoreHarness(directory, database);
    }

    public override (IAccessLog Log, IAccessLogRetention Retention) OpenAnotherInstance()
    {
        // Its own SqliteDatabase, so its own in-process write gate: only SQLite's file lock keeps the writers apart.
        var (database, _) = SqliteNoteOutboxTests.Open(Path);
        lock (_opened)
        {
            _opened.Add(database);
        }

        var log = new SqliteAccessLog(database);
        return (log, log);
    }

    public override async Task<int> ExecuteAsync(string sql)
    {
        await using var connection = await Database.OpenAsync(default);
        return await connection.ExecuteAsync(sql);
    }

    public override async Task TamperAsync(string sql)
    {
        await using var connection = await Database.OpenAsync(default);
        await connection.ExecuteAsync($"""
            DROP TRIGGER IF EXISTS access_log_no_update;
            DROP TRIGGER IF EXISTS access_log_no_delete;
            {sql};
            """);
    }

    public override ValueTask DisposeAsync()
    {
        _opened.ForEach(d => d.Dispose());
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }

        return ValueTask.CompletedTask;
    }
}
