using Microsoft.Extensions.Logging;
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

    [Fact]
    public async Task Start_RehearsesARefusedWriteOverHttp_AndStoresNothing()
    {
        var logs = new CapturingLoggerProvider();
        await using var store = await StoreServer.StartAsync(seed: false, configure: b => b.Logging.AddProvider(logs));

        Assert.Contains(logs.Lines, line => line.Contains("Rehearsed a refused note write over HTTP", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, line => line.Contains("rehearsed over HTTP", StringComparison.Ordinal));

        // By hand: refused for its note type, after the body was read; nothing stored.
        Assert.Equal(422, await JournalNoteWriteWarmUp.RunOverHttpAsync(store.Services, store.BaseAddress, default));
        Assert.Equal(0, (await store.StatsAsync()).Notes);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5123", "http://127.0.0.1:5123/")]
    [InlineData("http://0.0.0.0:8080", "http://127.0.0.1:8080/")]
    [InlineData("http://[::]:8080", "http://[::1]:8080/")]
    [InlineData("http://+:8080", "http://127.0.0.1:8080/")]
    [InlineData("http://localhost:8081", "http://localhost:8081/")]
    public void LoopbackAddress_ReplacesAWildcardHost(string listening, string expected) =>
        Assert.Equal(new Uri(expected), RegionalStoreHost.LoopbackAddress([listening]));

    [Fact]
    public void LoopbackAddress_WithOnlyHttps_IsNone() =>
        Assert.Null(RegionalStoreHost.LoopbackAddress(["https://0.0.0.0:8443"]));
}
