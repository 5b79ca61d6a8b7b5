using RegionalStore.JournalNotes;
using RegionalStore.Tests.Support;

namespace RegionalStore.Tests.JournalNotes;

/// <summary>The store rehearses a note write at start (JournalNoteWriteWarmUp): it must run to the end and store nothing.</summary>
public sealed class WriteWarmUpTests
{
    [Fact]
    public async Task Start_RehearsesAWrite_AndStoresNothing()
    {
        await using var store = await StoreServer.StartAsync(seed: false);

        // Started: the rehearsal at start has run. Nothing of it stayed.
        Assert.Equal(0, (await store.StatsAsync()).Notes);

        // Run again by hand: the POST handler answers 201 with the note read back, and still nothing is stored.
        var (status, view) = JournalNoteWriteWarmUp.Run(store.App);
        Assert.Equal(201, status);
        Assert.NotNull(view);
        Assert.Equal(1, view.Version);
        Assert.Equal("191212121212", view.Patient.Id);
        Assert.Equal(0, (await store.StatsAsync()).Notes);
        using var search = await store.Client.GetAsync("/api/v1/patients/191212121212/journal-notes");
        Assert.Equal(0, (await search.JsonAsync()).GetProperty("total").GetInt32());
    }
}
