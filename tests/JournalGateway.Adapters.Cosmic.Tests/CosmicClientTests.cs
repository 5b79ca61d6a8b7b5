using JournalGateway.Adapters.Cosmic.Tests.Support;
using JournalGateway.Core.Notes;
using RegionalStore.Storage;

namespace JournalGateway.Adapters.Cosmic.Tests;

public sealed class CosmicClientTests : IAsyncLifetime
{
    private CosmicHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await CosmicHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task SubmitNoteAsync_SameKeyTwice_ReturnsSameNoteAndStoresOne()
    {
        var note = SampleNotes.Note();

        var first = await _harness.Record.SubmitNoteAsync(note, note.ExternalId, null, CancellationToken.None);
        var second = await _harness.Record.SubmitNoteAsync(note, note.ExternalId, null, CancellationToken.None);

        Assert.NotNull(first.RegionalId);
        Assert.Equal(first.RegionalId, second.RegionalId);
        Assert.Equal(1, first.Version);
        SampleNotes.AssertSameNote(note, first.Note);
        SampleNotes.AssertSameNote(note, second.Note);
        Assert.Equal(new StoreStats(1, 1, 0), await _harness.Store.StatsAsync());
    }

    [Fact]
    public async Task SubmitNoteAsync_Supersedes_WritesVersion2ReadableWithVersions()
    {
        var note = SampleNotes.Note();
        var first = await _harness.Record.SubmitNoteAsync(note, "key-v1", null, CancellationToken.None);
        var amended = note with { Status = NoteStatus.Amended, Title = "Hembesök, såromläggning (rättad)" };

        var second = await _harness.Record.SubmitNoteAsync(amended, "key-v2", first.RegionalId, CancellationToken.None);
        var latest = await _harness.Record.GetNoteAsync(first.RegionalId!, CancellationToken.None);
        var versions = await _harness.Record.GetNoteVersionsAsync(first.RegionalId!, CancellationToken.None);

        Assert.Equal(first.RegionalId, second.RegionalId);
        Assert.Equal(2, second.Version);
        Assert.Equal(NoteStatus.Amended, second.Note.Status);
        Assert.Equal("key-v1", second.Note.ExternalId);
        Assert.Equal(2, latest!.Version);
        Assert.Equal([1, 2], versions.Select(v => v.Version));
        Assert.Equal("Hembesök, såromläggning", versions[0].Note.Title);
    }

    [Fact]
    public async Task WarmUpAsync_RunsTheSubmitInProcess_StoresNothing_AndSendsOnlyTheRead()
    {
        await _harness.Client.WarmUpAsync(SampleNotes.Note(), CancellationToken.None);

        // The rehearsed submit is answered in process; the one request that reaches the store is the read of an
        // unknown note id (404), which opens the pooled connection.
        Assert.Equal(1, _harness.Attempts.Count);
        Assert.Equal(new StoreStats(0, 0, 0), await _harness.Store.StatsAsync());
    }

    [Fact]
    public async Task SubmitNoteAsync_SupersedesUnknownNote_ThrowsRejected()
    {
        await Assert.ThrowsAsync<RegionalRecordRejectedException>(() =>
            _harness.Record.SubmitNoteAsync(SampleNotes.Note(), "key", "no-such-note", CancellationToken.None));
    }

    [Fact]
    public async Task SubmitNoteAsync_StoreAnswers422_ThrowsRejectedWithoutRetryOrPersonalData()
    {
        var note = SampleNotes.Note(noteType: "xyz");

        var error = await Assert.ThrowsAsync<RegionalRecordRejectedException>(() =>
            _harness.Record.SubmitNoteAsync(note, note.ExternalId, null, CancellationToken.None));

        Assert.Equal(1, _harness.Attempts.Count);
        Assert.Contains("422", error.Message, StringComparison.Ordinal);
        Assert.Contains("noteType", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(SampleNotes.Patient.Value, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await _harness.Store.StatsAsync()).Notes);
    }

    [Fact]
    public async Task GetNoteAsync_Unknown_ReturnsNullAndVersionsEmpty()
    {
        Assert.Null(await _harness.Record.GetNoteAsync("nope", CancellationToken.None));
        Assert.Empty(await _harness.Record.GetNoteVersionsAsync("nope", CancellationToken.None));
    }

    [Fact]
    public async Task SearchNotesAsync_WithFilters_ReturnsMatchesNewestFirst()
    {
        var march = SampleNotes.Note("k1", "ins", new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.FromHours(1)));
        var april = SampleNotes.Note("k2", "atb", new DateTimeOffset(2025, 4, 1, 10, 0, 0, TimeSpan.FromHours(2)));
        var may = SampleNotes.Note("k3", "atb", new DateTimeOffset(2025, 5, 1, 10, 0, 0, TimeSpan.FromHours(2)));
        foreach (var n in new[] { march, april, may })
        {
            await _harness.Record.SubmitNoteAsync(n, n.ExternalId, null, CancellationToken.None);
        }

        var all = await _harness.Record.SearchNotesAsync(new NoteQuery { Patient = SampleNotes.Patient }, CancellationToken.None);
        var atbFromApril = await _harness.Record.SearchNotesAsync(new NoteQuery
        {
            Patient = SampleNotes.Patient,
            NoteType = "atb",
            From = april.EventTime,
            To = may.EventTime,
        }, CancellationToken.None);
        var otherProvider = await _harness.Record.SearchNotesAsync(new NoteQuery
        {
            Patient = SampleNotes.Patient,
            CareProvider = "SE2321000172-0001",
        }, CancellationToken.None);

        Assert.Equal(["k3", "k2", "k1"], all.Select(n => n.Note.ExternalId));
        Assert.Equal(["k2"], atbFromApril.Select(n => n.Note.ExternalId));
        Assert.Empty(otherProvider);
    }

    [Fact]
    public async Task SearchNotesAsync_MoreThanOnePage_ReturnsEveryNote()
    {
        const int count = CosmicClient.PageSize + 20;
        var start = new DateTimeOffset(2025, 1, 1, 8, 0, 0, TimeSpan.FromHours(1));
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, ct) =>
        {
            var note = SampleNotes.Note($"bulk-{i}", eventTime: start.AddMinutes(i));
            await _harness.Record.SubmitNoteAsync(note, note.ExternalId, null, ct);
        });
        _harness.Attempts.Reset();

        var all = await _harness.Record.SearchNotesAsync(new NoteQuery { Patient = SampleNotes.Patient }, CancellationToken.None);

        Assert.Equal(count, all.Count);
        Assert.Equal(count, all.Select(n => n.RegionalId).Distinct().Count());
        Assert.Equal($"bulk-{count - 1}", all[0].Note.ExternalId);
        Assert.Equal(2, _harness.Attempts.Count);
    }

    [Fact]
    public async Task SearchNotesAsync_AskedAgain_UsesTheKeptPageWhileUnchanged_AndSeesTheNextNote()
    {
        var first = SampleNotes.Note("k1");
        await _harness.Record.SubmitNoteAsync(first, first.ExternalId, null, CancellationToken.None);
        var query = new NoteQuery { Patient = SampleNotes.Patient };

        var read = await _harness.Record.SearchNotesAsync(query, CancellationToken.None);
        var again = await _harness.Record.SearchNotesAsync(query, CancellationToken.None);

        Assert.Equal(1, _harness.Attempts.NotModified);
        Assert.Equal(["k1"], read.Select(n => n.Note.ExternalId));
        Assert.Equal(read.Select(n => (n.RegionalId, n.Version)), again.Select(n => (n.RegionalId, n.Version)));
        SampleNotes.AssertSameNote(read[0].Note, again[0].Note);

        // The record is asked every time: a note written since is in the next answer.
        var second = SampleNotes.Note("k2", eventTime: first.EventTime.AddHours(1));
        await _harness.Record.SubmitNoteAsync(second, second.ExternalId, null, CancellationToken.None);
        var afterWrite = await _harness.Record.SearchNotesAsync(query, CancellationToken.None);

        Assert.Equal(["k2", "k1"], afterWrite.Select(n => n.Note.ExternalId));
        Assert.Equal(1, _harness.Attempts.NotModified);
    }

    [Fact]
    public async Task SearchNotesAsync_NoRoomForPages_AsksPlainlyEveryTime()
    {
        await using var harness = await CosmicHarness.StartAsync(new Dictionary<string, string?>
        {
            ["RegionalRecord:Cosmic:SearchCacheMegabytes"] = "0",
        });
        var note = SampleNotes.Note("k1");
        await harness.Record.SubmitNoteAsync(note, note.ExternalId, null, CancellationToken.None);
        var query = new NoteQuery { Patient = SampleNotes.Patient };

        await harness.Record.SearchNotesAsync(query, CancellationToken.None);
        var again = await harness.Record.SearchNotesAsync(query, CancellationToken.None);

        Assert.Equal(0, harness.Attempts.NotModified);
        Assert.Equal(["k1"], again.Select(n => n.Note.ExternalId));
    }

    [Fact]
    public async Task GetNoteVersionsAsync_AskedAgain_UsesTheKeptListWhileUnchanged_AndSeesTheAmendment()
    {
        var note = SampleNotes.Note();
        var first = await _harness.Record.SubmitNoteAsync(note, "key-v1", null, CancellationToken.None);

        await _harness.Record.GetNoteVersionsAsync(first.RegionalId!, CancellationToken.None);
        var again = await _harness.Record.GetNoteVersionsAsync(first.RegionalId!, CancellationToken.None);

        Assert.Equal(1, _harness.Attempts.NotModified);
        Assert.Equal([1], again.Select(v => v.Version));

        var amended = note with { Status = NoteStatus.Amended, Title = "Hembesök, såromläggning (rättad)" };
        await _harness.Record.SubmitNoteAsync(amended, "key-v2", first.RegionalId, CancellationToken.None);
        var afterAmendment = await _harness.Record.GetNoteVersionsAsync(first.RegionalId!, CancellationToken.None);

        Assert.Equal([1, 2], afterAmendment.Select(v => v.Version));
        Assert.Equal(1, _harness.Attempts.NotModified);
    }
}
