using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using RegionalStore.Tests.Support;

namespace RegionalStore.Tests.Shared;

/// <summary>A list's ETag lets a client ask again cheaply: 304 while nothing in the list changed.</summary>
public sealed class ListRevalidationTests : IAsyncLifetime
{
    private const string SearchPath = $"/api/v1/patients/{Notes.Patient}/journal-notes";

    private StoreServer _store = null!;

    public async Task InitializeAsync() => _store = await StoreServer.StartAsync();

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task SearchNotes_TagSentBack_Returns304UntilAWriteAboutThePatient()
    {
        var noteId = await PostAsync(Notes.Body("key-1"));
        using var first = await _store.Client.GetAsync(SearchPath);
        var tag = first.Headers.ETag;
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.NotNull(tag);
        Assert.True(tag.IsWeak);

        using (var unchanged = await SearchAsync(tag))
        {
            Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
            Assert.Equal(tag, unchanged.Headers.ETag);
            Assert.Empty(await unchanged.Content.ReadAsByteArrayAsync());
        }

        // Another patient's note changes nothing of this patient's searches.
        await PostAsync(Notes.Body("key-other", patient: Notes.OtherPatient));
        using (var stillUnchanged = await SearchAsync(tag))
        {
            Assert.Equal(HttpStatusCode.NotModified, stillUnchanged.StatusCode);
        }

        // An amendment is a write about the patient: the page is sent again, with the new version and a new tag.
        await PostAsync(Notes.Body("key-1-v2", supersedes: noteId, status: "amended"));
        using var changed = await SearchAsync(tag);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(tag, changed.Headers.ETag);
        var page = await changed.JsonAsync();
        Assert.Equal(2, page.GetProperty("items")[0].Int("version"));

        using var again = await SearchAsync(changed.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
    }

    [Fact]
    public async Task SearchNotes_TagOfAnotherRun_ReturnsThePage()
    {
        await PostAsync(Notes.Body("key-1"));

        // Same count of versions, but not this run's tag.
        using var response = await SearchAsync(new EntityTagHeaderValue("\"000000000000-1\"", isWeak: true));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (await response.JsonAsync()).Int("total"));
    }

    [Fact]
    public async Task SearchDocuments_TagSentBack_Returns304UntilALinkForThePatient()
    {
        const string documentsPath = $"/api/v1/patients/{Notes.Patient}/external-documents";
        await PostDocumentAsync(Notes.Document("sol-1"));
        using var first = await _store.Client.GetAsync(documentsPath);
        var tag = first.Headers.ETag!;

        using (var unchanged = await SearchAsync(tag, documentsPath))
        {
            Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        }

        await PostDocumentAsync(Notes.Document("sol-other", patient: Notes.OtherPatient));
        using (var stillUnchanged = await SearchAsync(tag, documentsPath))
        {
            Assert.Equal(HttpStatusCode.NotModified, stillUnchanged.StatusCode);
        }

        await PostDocumentAsync(Notes.Document("sol-2"));
        using var changed = await SearchAsync(tag, documentsPath);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(2, (await changed.JsonAsync()).Int("total"));
    }

    [Fact]
    public async Task GetVersions_TagSentBack_Returns304UntilTheNoteIsAmended()
    {
        var noteId = await PostAsync(Notes.Body("key-1"));
        var versionsPath = $"/api/v1/journal-notes/{noteId}/versions";
        using var first = await _store.Client.GetAsync(versionsPath);
        var tag = first.Headers.ETag!;

        // Another note of the same patient is not a version of this one.
        await PostAsync(Notes.Body("key-2"));
        using (var unchanged = await SearchAsync(tag, versionsPath))
        {
            Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        }

        await PostAsync(Notes.Body("key-1-v2", supersedes: noteId, status: "amended"));
        using var changed = await SearchAsync(tag, versionsPath);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(2, (await changed.JsonAsync()).GetProperty("items").GetArrayLength());

        using var unknown = await SearchAsync(tag, "/api/v1/journal-notes/nope/versions");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private async Task PostDocumentAsync(Dictionary<string, object?> body)
    {
        using var response = await _store.Client.PostAsJsonAsync("/api/v1/external-documents", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private async Task<HttpResponseMessage> SearchAsync(EntityTagHeaderValue tag, string path = SearchPath)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.IfNoneMatch.Add(tag);
        return await _store.Client.SendAsync(request);
    }

    private async Task<string> PostAsync(Dictionary<string, object?> body)
    {
        using var response = await _store.Client.PostAsJsonAsync("/api/v1/journal-notes", body);
        Assert.True(response.IsSuccessStatusCode);
        return (await response.JsonAsync()).Str("noteId");
    }
}
