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

    [Fact]
    public async Task SearchReferencesAsync_AskedAgain_UsesTheKeptPageWhileUnchanged_AndSeesTheNextLink()
    {
        var first = SampleNotes.Reference("treserva|2025-000123");
        await References.SubmitReferenceAsync(first, first.ExternalId, CancellationToken.None);
        var query = new SolReferenceQuery { Patient = SampleNotes.Patient };

        var read = await References.SearchReferencesAsync(query, CancellationToken.None);
        var again = await References.SearchReferencesAsync(query, CancellationToken.None);

        Assert.Equal(1, _harness.Attempts.NotModified);
        Assert.Equal([first], again.Select(r => r.Reference));
        Assert.Equal(read.Select(r => r.RegionalId), again.Select(r => r.RegionalId));

        var second = SampleNotes.Reference("treserva|2025-000124");
        await References.SubmitReferenceAsync(second, second.ExternalId, CancellationToken.None);
        var afterWrite = await References.SearchReferencesAsync(query, CancellationToken.None);

        Assert.Equal(2, afterWrite.Count);
        Assert.Equal(1, _harness.Attempts.NotModified);
    }
}
