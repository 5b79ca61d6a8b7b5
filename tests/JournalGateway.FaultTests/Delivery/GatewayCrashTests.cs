using Xunit.Abstractions;
using System.Diagnostics;
using JournalGateway.FaultTests.Support;
using JournalGateway.Tests.Support;

namespace JournalGateway.FaultTests.Delivery;

/// <summary>Accepted means durable across a crash: SIGKILL mid-delivery, restart on the same SQLite file, nothing lost or doubled.</summary>
public sealed class GatewayCrashTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "jg-crash-" + Guid.NewGuid().ToString("N"));
    private RegionalStoreServer _store = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _store = await RegionalStoreServer.StartAsync(seed: false);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    [Fact]
    public async Task Deliver_WhenGatewayKilledMidDeliveryAndRestarted_EachArrivesOnce()
    {
        var settings = GatewayProcess.FastDelivery(_store.Address);
        settings["Storage:Provider"] = "Sqlite";
        settings["Storage:Sqlite:Path"] = Path.Combine(_directory, "gateway.db");
        // Few parallel deliveries and a slow store keep deliveries in flight at the kill; a short lease lets the next
        // process take over what the killed one had claimed.
        settings["Delivery:MaxParallel"] = "4";
        settings["Delivery:Lease"] = "00:00:03";
        await StoreProbe.SetFaultsAsync(_store.Client, new { latencyMs = 300 });

        IReadOnlyList<string> keys;
        long atKill;
        await using (var first = await GatewayProcess.StartAsync(settings))
        {
            keys = await NotePosting.PostDocumentsAsync([(first.Client, await first.NurseTokenAsync())], count: 50, parallelism: 8);
            await first.KillAsync();
            atKill = await StoreProbe.NoteCountAsync(_store.Client);
        }

        output.WriteLine($"{atKill} of {keys.Count} notes were in the store when the gateway was killed.");
        Assert.True(atKill < keys.Count, $"All {atKill} notes were delivered before the kill; it did not hit mid-delivery.");
        await StoreProbe.ClearFaultsAsync(_store.Client);

        var clock = Stopwatch.StartNew();
        await using var second = await GatewayProcess.StartAsync(settings);
        await StoreProbe.AssertEachExactlyOnceAsync(_store.Client, [.. keys], baseline: 0, timeoutSeconds: 60);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"Recovery took {clock.Elapsed}.");
    }
}
