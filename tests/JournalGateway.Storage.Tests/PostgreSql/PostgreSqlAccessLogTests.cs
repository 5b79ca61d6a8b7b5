using System.Data.Common;
using JournalGateway.Storage.Tests.AccessLog;
using JournalGateway.Storage.Tests.Support;

namespace JournalGateway.Storage.Tests.PostgreSql;

/// <summary>The access log contract on PostgreSQL through Testcontainers, each test in its own database.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlAccessLogTests(PostgreSqlFixture fixture) : AccessLogContractTests
{
    protected override async Task<AccessStoreHarness> CreateHarnessAsync() => await PostgreSqlAccessStoreHarness.CreateAsync(fixture);

    [SkippableFact]
    public async Task RawTruncate_IsRefusedByTheDatabase()
    {
        var harness = await StartAsync();
        await AppendOneByOneAsync(harness.Log, 2);

        await Assert.ThrowsAnyAsync<DbException>(() => harness.ExecuteAsync("TRUNCATE access_log"));
        await Assert.ThrowsAnyAsync<DbException>(() => harness.ExecuteAsync("TRUNCATE access_log_head"));

        Assert.Equal(2, (await harness.Log.ReadChainAsync(1, 10, default)).Count);
    }

    [SkippableFact]
    public async Task RawDelete_WithThePruneSettingOutsideTheStore_IsStillRefusedAfterTheTransaction()
    {
        var harness = await StartAsync();
        await AppendOneByOneAsync(harness.Log, 2);

        // SET LOCAL dies with its transaction: the next statement on the same session is refused again.
        await Assert.ThrowsAnyAsync<DbException>(() => harness.ExecuteAsync(
            "BEGIN; SET LOCAL journalgateway.allow_prune = 'on'; COMMIT; DELETE FROM access_log;"));

        Assert.Equal(2, (await harness.Log.ReadChainAsync(1, 10, default)).Count);
    }
}
