using JournalGateway.Adapters.Cosmic.Tests.Support;
using JournalGateway.Core.Notes;
using JournalGateway.Core.References;
using RegionalStore.Storage;

namespace JournalGateway.Adapters.Cosmic.Tests;

public sealed class CosmicClientReferencesTests : IAsyncLifetime
{
    private CosmicHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await CosmicHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private ISocialCareReferences References => _harness.Client;

    [Fact]
    public async Task SubmitReferenceAsync_SameKeyTwice_StoresOneAndReadsBack()
    {
        var reference = SampleNotes.Reference();

        var first = await References.SubmitReferenceAsync(reference, reference.ExternalId, CancellationToken.None);
        var second = await References.SubmitReferenceAsync(reference, reference.ExternalId, CancellationToken.None);
        var read = await References.GetReferenceAsync(first.RegionalId, CancellationToken.None);
        var found = await References.SearchReferencesAsync(new SolReferenceQuery { Patient = SampleNotes.Patient },
            CancellationToken.None);

        Assert.Equal(first.RegionalId, second.RegionalId);
        Assert.Equal(reference, first.Reference);
        Assert.Equal(reference, read!.Reference);
        Assert.Equal([first.RegionalId], found.Select(r => r.RegionalId));
        Assert.Equal(new StoreStats(0, 0, 1), await _harness.Store.StatsAsync());
    }

    [Fact]
    public async Task SubmitReferenceAsync_LssBasisWithSolService_ThrowsRejected()
    {
        var reference = SampleNotes.Reference(basis: "LSS", serviceType: "hemtjanst");

        await Assert.ThrowsAsync<RegionalRecordRejectedException>(() =>
            References.SubmitReferenceAsync(reference, reference.ExternalId, CancellationToken.None));
    }

    [Fact]
    public async Task GetReferenceAsync_Unknown_ReturnsNull()
    {
        Assert.Null(await References.GetReferenceAsync("nope", CancellationToken.None));
    }

    [Fact]
    public async Task SubmitReferenceAsync_AnswerLostAfterWrite_RetryConvergesOnOne()
    {
        await _harness.Store.SetFaultsAsync(new { failAfterWrite = true });
        var reference = SampleNotes.Reference();

        await References.SubmitReferenceAsync(reference, reference.ExternalId, CancellationToken.None);

        Assert.Equal(1, (await _harness.Store.StatsAsync()).ExternalDocuments);
    }
}
