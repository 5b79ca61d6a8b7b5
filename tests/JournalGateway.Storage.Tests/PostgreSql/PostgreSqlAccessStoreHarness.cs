using Dapper;
using JournalGateway.Core.Access;
using JournalGateway.Core.AccessLog;
using JournalGateway.Storage.AccessLog;
using JournalGateway.Storage.PostgreSql;
using JournalGateway.Storage.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace JournalGateway.Storage.Tests.PostgreSql;

/// <summary>The consent registry and access log in a fresh database of the shared PostgreSQL container.</summary>
internal sealed class PostgreSqlAccessStoreHarness : AccessStoreHarness
{
    private readonly string _connectionString;
    private readonly List<PostgreSqlDatabase> _opened = [];

    private PostgreSqlAccessStoreHarness(string connectionString, PostgreSqlDatabase database)
    {
        _connectionString = connectionString;
        Database = database;
        _opened.Add(database);
        var log = new PostgreSqlAccessLog(database);
        Consents = new PostgreSqlConsentRegistry(database);
        Log = log;
        Retention = log;
    }

    public PostgreSqlDatabase Database { get; }

    public override IConsentRegistry Consents { get; }

    public override IAccessLog Log { get; }

    public override IAccessLogRetention Retention { get; }

    public static async Task<PostgreSqlAccessStoreHarness> CreateAsync(PostgreSqlFixture fixture)
    {
        var connectionString = await fixture.CreateDatabaseAsync();
        var database = new PostgreSqlDatabase(connectionString);
        await new PostgreSqlStorageMigrator(database, new FakeTimeProvider(TestNotes.T0), NullLogger<PostgreSqlStorageMigrator>.Instance)
            .MigrateAsync(default);
        return new PostgreSqlAccessStoreHarness(connectionString, database);
    }

    public override (IAccessLog Log, IAccessLogRetention Retention) OpenAnotherInstance()
    {
        // Its own data source: its own pool, as another gateway process has.
        var database = new PostgreSqlDatabase(_connectionString);
        lock (_opened)
        {
            _opened.Add(database);
        }

        var log = new PostgreSqlAccessLog(database);
        return (log, log);
    }

    public override async Task<int> ExecuteAsync(string sql)
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteAsync(sql);
    }

    public override async Task TamperAsync(string sql)
    {
        // The table owner can switch its triggers off; the chain is what still tells.
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync($"""
            ALTER TABLE access_log DISABLE TRIGGER access_log_append_only;
            {sql};
            ALTER TABLE access_log ENABLE TRIGGER access_log_append_only;
            """);
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var database in _opened)
        {
            await database.DisposeAsync();
        }
    }
}
