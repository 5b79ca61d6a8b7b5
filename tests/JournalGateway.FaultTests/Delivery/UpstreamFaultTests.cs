using Xunit.Abstractions;
using JournalGateway.FaultTests.Support;
using JournalGateway.Tests.Support;

namespace JournalGateway.FaultTests.Delivery;

/// <summary>
/// The in-process gateway against a misbehaving regional store: every accepted note ends up in the store exactly once
/// (DESIGN section 7), counted by externalId in the store itself.
/// </summary>
public sealed class UpstreamFaultTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly FaultFixture _fixture = new();

    public async Task InitializeAsync()
    {
        await _fixture.InitializeAsync();
        // Post only once ready (validators warm), as a load balancer would: concurrent first validations on a cold
        // gateway can fail with 422 (snapshot generator state), which is not what these tests are about.
        await Eventually.TrueAsync(async () =>
        {
            using var ready = await _fixture.Client.Http.GetAsync("/healthz/ready");
            return ready.IsSuccessStatusCode;
        }, timeoutSeconds: 60);
    }

    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task PostDocuments_WhenHalfOfStoreCallsFail_AllAcceptedAndEachArrivesOnce()
    {
        var store = _fixture.Store.Client;
        var baseline = await StoreProbe.NoteCountAsync(store);
        await StoreProbe.SetFaultsAsync(store, new { failureRate = 0.5, status = 503, seed = 5 });

        var keys = await NotePosting.PostDocumentsAsync([(_fixture.Client, await _fixture.NurseTokenAsync())], count: 30, parallelism: 4);
        // Let retries run into the faults for a while before the store recovers.
        await Task.Delay(TimeSpan.FromSeconds(2));
        await StoreProbe.ClearFaultsAsync(store);

        await StoreProbe.AssertEachExactlyOnceAsync(store, [.. keys], baseline, timeoutSeconds: 60);
    }

    [Fact]
    public async Task PostDocuments_WhenStoreSlowerThanAttemptTimeout_EachArrivesOnce()
    {
        var store = _fixture.Store.Client;
        var baseline = await StoreProbe.NoteCountAsync(store);
        // Above the 1 s attempt timeout: every attempt times out on the gateway's side and is retried.
        await StoreProbe.SetFaultsAsync(store, new { latencyMs = 1_500, failAfterWrite = false });

        var keys = await NotePosting.PostDocumentsAsync([(_fixture.Client, await _fixture.NurseTokenAsync())], count: 10, parallelism: 4);
        await Task.Delay(TimeSpan.FromSeconds(5));
        var duringLatency = await StoreProbe.NoteCountAsync(store) - baseline;
        output.WriteLine($"{duringLatency} of {keys.Count} notes were written by the slow store while the gateway timed out.");
        Assert.True(duringLatency > 0, "The slow store wrote nothing while the gateway timed out; the test proves nothing.");
        await StoreProbe.ClearFaultsAsync(store);

        await StoreProbe.AssertEachExactlyOnceAsync(store, [.. keys], baseline, timeoutSeconds: 60);
    }

    [Fact]
    public async Task PostDocuments_WhenStoreLosesAnswerAfterWrite_EachArrivesOnce()
    {
        var store = _fixture.Store.Client;
        var baseline = await StoreProbe.NoteCountAsync(store);
        // The store commits, then answers 503: the retry must find the note by its key, not write a second one.
        await StoreProbe.SetFaultsAsync(store, new { failAfterWrite = true, status = 503 });

        var keys = await NotePosting.PostDocumentsAsync([(_fixture.Client, await _fixture.NurseTokenAsync())], count: 20, parallelism: 4);

        await StoreProbe.AssertEachExactlyOnceAsync(store, [.. keys], baseline, timeoutSeconds: 60);
        await StoreProbe.ClearFaultsAsync(store);
    }

    private sealed class FaultFixture : GatewayFixture
    {
        protected override IReadOnlyDictionary<string, string?> Overrides => new Dictionary<string, string?>
        {
            // A short break so that recovery is seen quickly, and writers answered at once.
            ["RegionalRecord:Cosmic:BreakerBreakDuration"] = "00:00:01",
            ["Delivery:InlineWait"] = "00:00:00.200",
        };
    }
}
