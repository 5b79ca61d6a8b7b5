using JournalGateway.FaultTests.Support;
using JournalGateway.Storage.Tests.PostgreSql;
using JournalGateway.Tests.Support;

namespace JournalGateway.FaultTests.Delivery;

/// <summary>
/// Three gateway processes share one PostgreSQL outbox (claimed with FOR UPDATE SKIP LOCKED and a lease): every note
/// is delivered exactly once. Without Docker this is skipped with the reason, or fails when PostgreSQL is required.
/// </summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class MultiInstanceTests(PostgreSqlFixture postgres)
{
    private const int Notes = 1_000;

    [SkippableFact]
    public async Task Deliver_WithThreeInstancesOnOnePostgreSql_EachOf1000ArrivesOnce()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await using var store = await RegionalStoreServer.StartAsync(seed: false);
        var settings = GatewayProcess.FastDelivery(store.Address);
        settings["Storage:Provider"] = "PostgreSql";
        settings["Storage:PostgreSql:ConnectionString"] = connectionString;

        var gateways = new List<GatewayProcess>();
        try
        {
            // The first instance migrates the empty database; the others start against the migrated schema in parallel.
            gateways.Add(await GatewayProcess.StartAsync(settings));
            gateways.AddRange(await Task.WhenAll(GatewayProcess.StartAsync(settings), GatewayProcess.StartAsync(settings)));

            var clients = new List<(GatewayClient, string)>();
            foreach (var gateway in gateways)
            {
                clients.Add((gateway.Client, await gateway.NurseTokenAsync()));
            }

            var keys = await NotePosting.PostDocumentsAsync(clients, Notes, parallelism: 16);

            await StoreProbe.AssertEachExactlyOnceAsync(store.Client, [.. keys], baseline: 0, timeoutSeconds: 120);
        }
        finally
        {
            foreach (var gateway in gateways)
            {
                await gateway.DisposeAsync();
            }
        }
    }
}
