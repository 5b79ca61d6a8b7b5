using System.Net;
using System.Net.Http.Json;
using RegionalStore.Tests.Support;

namespace RegionalStore.Tests.ExternalDocuments;

public sealed class ExternalDocumentsApiTests : IAsyncLifetime
{
    private StoreServer _store = null!;

    public async Task InitializeAsync() => _store = await StoreServer.StartAsync();

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task PostDocument_NewThenSameExternalId_Returns201Then200WithOneDocument()
    {
        using var first = await _store.Client.PostAsJsonAsync("/api/v1/external-documents", Notes.Document("sol-1"));
        using var second = await _store.Client.PostAsJsonAsync("/api/v1/external-documents", Notes.Document("sol-1"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var created = await first.JsonAsync();
        Assert.Equal(created.Str("documentId"), (await second.JsonAsync()).Str("documentId"));
        Assert.Equal("sol-1", created.Str("externalId"));
        Assert.Equal("SoL", created.Str("basis"));
        Assert.Equal("hemtjanst", created.Str("serviceType"));
        Assert.Equal("TRESERVA-2025-000123", created.Str("municipalRecordId"));
        Assert.Equal("2025-05-02T14:00:00+02:00", created.Str("date"));
        Assert.Equal($"/api/v1/external-documents/{created.Str("documentId")}", first.Headers.Location?.OriginalString);
        Assert.Equal(1, (await _store.StatsAsync()).ExternalDocuments);

        using var read = await _store.Client.GetAsync(first.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Theory]
    [InlineData("content")]
    [InlineData("data")]
    [InlineData("url")]
    [InlineData("Attachment")]
    public async Task PostDocument_WithContentField_Returns422AndStoresNothing(string field)
    {
        var body = Notes.Document("sol-1");
        body[field] = "aGVtbGln";

        using var response = await _store.Client.PostAsJsonAsync("/api/v1/external-documents", body);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, (await _store.StatsAsync()).ExternalDocuments);
    }

    [Fact]
    public async Task PostDocument_LssBasisWithSolService_Returns422()
    {
        var body = Notes.Document("sol-1");
        body["basis"] = "LSS";

        using var response = await _store.Client.PostAsJsonAsync("/api/v1/external-documents", body);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }

    [Fact]
    public async Task SearchDocuments_ByPatientAndWindow_ReturnsNewestFirst()
    {
        var older = Notes.Document("sol-1");
        older["date"] = "2025-01-10T09:00:00+01:00";
        await _store.Client.PostAsJsonAsync("/api/v1/external-documents", older);
        await _store.Client.PostAsJsonAsync("/api/v1/external-documents", Notes.Document("sol-2"));
        await _store.Client.PostAsJsonAsync("/api/v1/external-documents", Notes.Document("sol-3", Notes.OtherPatient));

        var all = await (await _store.Client.GetAsync($"/api/v1/patients/{Notes.Patient}/external-documents")).JsonAsync();
        var recent = await (await _store.Client.GetAsync(
            $"/api/v1/patients/{Notes.Patient}/external-documents?from={Uri.EscapeDataString("2025-02-01T00:00:00+01:00")}")).JsonAsync();
        var otherProvider = await (await _store.Client.GetAsync(
            $"/api/v1/patients/{Notes.Patient}/external-documents?careProvider=SE2321000172-0001")).JsonAsync();

        Assert.Equal(2, all.Int("total"));
        Assert.Equal(["sol-2", "sol-1"], all.GetProperty("items").EnumerateArray().Select(d => d.Str("externalId")));
        Assert.Equal(1, recent.Int("total"));
        Assert.Equal(0, otherProvider.Int("total"));
    }

    [Fact]
    public async Task GetDocument_Unknown_Returns404Problem()
    {
        using var response = await _store.Client.GetAsync("/api/v1/external-documents/nope");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
