using System.Net;
using System.Net.Sockets;
using JournalGateway.Adapters.Cosmic.Tests.Support;
using JournalGateway.Core.Notes;
using Polly.CircuitBreaker;
using Polly.Timeout;
using RegionalStore.Storage;

namespace JournalGateway.Adapters.Cosmic.Tests;

/// <summary>The adapter against the real store with injected faults: retries converge on exactly one note.</summary>
public sealed class CosmicClientResilienceTests
{
    [Fact]
    public async Task SubmitNoteAsync_StoreOutage_ThrowsUnavailableAfterEveryRetry()
    {
        await using var harness = await CosmicHarness.StartAsync();
        await harness.Store.SetFaultsAsync(new { outage = true });
        var note = SampleNotes.Note();

        var error = await Assert.ThrowsAsync<RegionalRecordUnavailableException>(() =>
            harness.Record.SubmitNoteAsync(note, note.ExternalId, null, CancellationToken.None));

        Assert.Equal(1 + 3, harness.Attempts.Count);
        Assert.Contains("503", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await harness.Store.StatsAsync()).Notes);
    }

    [Fact]
    public async Task SubmitNoteAsync_StoreSendsRetryAfter_WaitsThatLongBeforeRetrying()
    {
        await using var harness = await CosmicHarness.StartAsync(new Dictionary<string, string?>
        {
            ["RegionalRecord:Cosmic:MaxRetryAttempts"] = "1",
        });
        await harness.Store.SetFaultsAsync(new { outage = true, retryAfterSeconds = 1 });
        var watch = System.Diagnostics.Stopwatch.StartNew();

        await Assert.ThrowsAsync<RegionalRecordUnavailableException>(() =>
            harness.Record.SubmitNoteAsync(SampleNotes.Note(), "key", null, CancellationToken.None));

        // The base delay is 10 ms: only the header explains a second's wait.
        Assert.Equal(2, harness.Attempts.Count);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(950), $"retried after {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task SubmitNoteAsync_HalfOfCallsFail_SucceedsWithExactlyOneNotePerKey()
    {
        await using var harness = await CosmicHarness.StartAsync(new Dictionary<string, string?>
        {
            ["RegionalRecord:Cosmic:MaxRetryAttempts"] = "8",
            // At a 50 % failure rate the default breaker would rightly open; here we test the retries.
            ["RegionalRecord:Cosmic:BreakerFailureRatio"] = "1.0",
            ["RegionalRecord:Cosmic:BreakerMinimumThroughput"] = "1000",
        });
        await harness.Store.SetFaultsAsync(new { failureRate = 0.5, seed = 7 });

        for (var i = 0; i < 10; i++)
        {
            var note = SampleNotes.Note($"key-{i}");
            await harness.Record.SubmitNoteAsync(note, note.ExternalId, null, CancellationToken.None);
            await harness.Record.SubmitNoteAsync(note, note.ExternalId, null, CancellationToken.None);
        }

        Assert.True(harness.Attempts.Count > 20, "some calls should have been retried");
        Assert.Equal(new StoreStats(10, 10, 0), await harness.Store.StatsAsync());
    }

    [Fact]
    public async Task SubmitNoteAsync_AnswerLostAfterWrite_RetryConvergesOnOneNote()
    {
        await using var harness = await CosmicHarness.StartAsync();
        await harness.Store.SetFaultsAsync(new { failAfterWrite = true });
        var note = SampleNotes.Note();

        var recorded = await harness.Record.SubmitNoteAsync(note, note.ExternalId, null, CancellationToken.None);

        Assert.Equal(2, harness.Attempts.Count);
        Assert.Equal(1, recorded.Version);
        Assert.Equal(new StoreStats(1, 1, 0), await harness.Store.StatsAsync());
    }

    [Fact]
    public async Task SubmitNoteAsync_StoreTooSlow_ThrowsUnavailableFromTimeout()
    {
        await using var harness = await CosmicHarness.StartAsync(new Dictionary<string, string?>
        {
            ["RegionalRecord:Cosmic:AttemptTimeout"] = "00:00:00.100",
            // Room for several 100 ms attempts even on a loaded machine (a CI run that ran test assemblies side by side
            // once fitted only one into 500 ms), and still far below the store's delay.
            ["RegionalRecord:Cosmic:TotalTimeout"] = "00:00:01.500",
        });
        await harness.Store.SetFaultsAsync(new { latencyMs = 3000 });

        var error = await Assert.ThrowsAsync<RegionalRecordUnavailableException>(() =>
            harness.Record.SubmitNoteAsync(SampleNotes.Note(), "key", null, CancellationToken.None));

        Assert.IsType<TimeoutRejectedException>(error.InnerException);
        Assert.True(harness.Attempts.Count >= 2, "attempt timeouts are retried");
    }

    [Fact]
    public async Task SubmitNoteAsync_CircuitOpen_ThrowsUnavailableWithoutCallingTheStore()
    {
        await using var harness = await CosmicHarness.StartAsync(new Dictionary<string, string?>
        {
            ["RegionalRecord:Cosmic:MaxRetryAttempts"] = "1",
            ["RegionalRecord:Cosmic:BreakerMinimumThroughput"] = "2",
            ["RegionalRecord:Cosmic:BreakerBreakDuration"] = "00:00:30",
        });
        await harness.Store.SetFaultsAsync(new { outage = true });
        await Assert.ThrowsAsync<RegionalRecordUnavailableException>(() =>
            harness.Record.SubmitNoteAsync(SampleNotes.Note(), "key", null, CancellationToken.None));
        var attemptsBefore = harness.Attempts.Count;

        var error = await Assert.ThrowsAsync<RegionalRecordUnavailableException>(() =>
            harness.Record.SubmitNoteAsync(SampleNotes.Note(), "key", null, CancellationToken.None));

        Assert.IsType<BrokenCircuitException>(error.InnerException);
        Assert.Equal(attemptsBefore, harness.Attempts.Count);
    }

    [Fact]
    public async Task SubmitNoteAsync_NothingListening_ThrowsUnavailable()
    {
        // A port that was free a moment ago: connection refused.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var harness = await CosmicHarness.StartAsync(
            new Dictionary<string, string?> { ["RegionalRecord:Cosmic:MaxRetryAttempts"] = "1" },
            new Uri($"http://127.0.0.1:{port}/"));

        var error = await Assert.ThrowsAsync<RegionalRecordUnavailableException>(() =>
            harness.Record.SubmitNoteAsync(SampleNotes.Note(), "key", null, CancellationToken.None));

        Assert.IsType<HttpRequestException>(error.InnerException);
        Assert.Equal(2, harness.Attempts.Count);
    }

    [Fact]
    public async Task SubmitNoteAsync_CallerCancels_ThrowsOperationCanceled()
    {
        await using var harness = await CosmicHarness.StartAsync();
        await harness.Store.SetFaultsAsync(new { latencyMs = 1000 });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            harness.Record.SubmitNoteAsync(SampleNotes.Note(), "key", null, cancel.Token));
    }

    [Fact]
    public async Task SearchNotesAsync_StoreOutage_ThrowsUnavailable()
    {
        await using var harness = await CosmicHarness.StartAsync();
        await harness.Store.SetFaultsAsync(new { outage = true, status = 500 });

        await Assert.ThrowsAsync<RegionalRecordUnavailableException>(() =>
            harness.Record.SearchNotesAsync(new NoteQuery { Patient = SampleNotes.Patient }, CancellationToken.None));
    }
}
