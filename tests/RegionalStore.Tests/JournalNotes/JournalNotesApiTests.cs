using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RegionalStore.Tests.Support;

namespace RegionalStore.Tests.JournalNotes;

public sealed class JournalNotesApiTests : IAsyncLifetime
{
    private StoreServer _store = null!;

    public async Task InitializeAsync() => _store = await StoreServer.StartAsync();

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task PostNote_NewExternalId_Returns201WithLocationAndView()
    {
        using var response = await _store.Client.PostAsJsonAsync("/api/v1/journal-notes", Notes.Body("key-1"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var note = await response.JsonAsync();
        Assert.Equal($"/api/v1/journal-notes/{note.Str("noteId")}", response.Headers.Location?.OriginalString);
        Assert.Equal(1, note.Int("version"));
        Assert.Equal("key-1", note.Str("externalId"));
        Assert.Equal("key-1", note.Str("versionExternalId"));
        Assert.Equal(Notes.Patient, note.GetProperty("patient").Str("id"));
        Assert.Equal("personnummer", note.GetProperty("patient").Str("idType"));
        Assert.Equal("2025-05-10T09:30:00+02:00", note.Str("eventTime"));
        Assert.Equal("signed", note.Str("status"));
        Assert.Equal("SE2120002080-P001", note.GetProperty("signer").Str("hsaId"));
        Assert.Equal(JsonValueKind.Null, note.GetProperty("supersedes").ValueKind);
        Assert.Equal(2, note.GetProperty("keywords").GetArrayLength());
        Assert.Equal("hud", note.GetProperty("keywords")[0].Str("code"));
        Assert.True(note.TryGetProperty("recordedAt", out _));

        using var read = await _store.Client.GetAsync(response.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(note.Str("noteId"), (await read.JsonAsync()).Str("noteId"));
    }

    [Fact]
    public async Task PostNote_SameExternalIdAgain_Returns200WithSameNoteAndWritesNothing()
    {
        using var first = await _store.Client.PostAsJsonAsync("/api/v1/journal-notes", Notes.Body("key-1"));
        var before = await _store.StatsAsync();

        var changed = Notes.Body("key-1");
        changed["title"] = "Another title";
        using var second = await _store.Client.PostAsJsonAsync("/api/v1/journal-notes", changed);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var note = await second.JsonAsync();
        Assert.Equal((await first.JsonAsync()).Str("noteId"), note.Str("noteId"));
        Assert.Equal("Hembesök, såromläggning", note.Str("title"));
        Assert.Equal(before, await _store.StatsAsync());
        Assert.Equal(1, before.Notes);
    }

    [Fact]
    public async Task PostNote_Supersedes_CreatesVersion2AndVersionsListsBoth()
    {
        using var first = await _store.Client.PostAsJsonAsync("/api/v1/journal-notes", Notes.Body("key-1"));
        var noteId = (await first.JsonAsync()).Str("noteId");

        using var second = await _store.Client.PostAsJsonAsync("/api/v1/journal-notes",
            Notes.Body("key-2", supersedes: noteId, status: "amended"));

        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var v2 = await second.JsonAsync();
        Assert.Equal(noteId, v2.Str("noteId"));
        Assert.Equal(2, v2.Int("version"));
        Assert.Equal("key-1", v2.Str("externalId"));
        Assert.Equal("key-2", v2.Str("versionExternalId"));
        Assert.Equal(noteId, v2.Str("supersedes"));
        Assert.Equal("amended", v2.Str("status"));

        using var versions = await _store.Client.GetAsync($"/api/v1/journal-notes/{noteId}/versions");
        var items = (await versions.JsonAsync()).GetProperty("items");
        Assert.Equal(2, items.GetArrayLength());
        Assert.Equal(1, items[0].Int("version"));
        Assert.Equal(2, items[1].Int("version"));

        var latest = await (await _store.Client.GetAsync($"/api/v1/journal-notes/{noteId}")).JsonAsync();
        Assert.Equal(2, latest.Int("version"));
        Assert.Equal(new(1, 2, 0), await _store.StatsAsync());

        // Repeating the amendment is as idempotent as the first write.
        using var repeat = await _store.Client.PostAsJsonAsync("/api/v1/journal-notes",
            Notes.Body("key-2", supersedes: noteId, status: "amended"));
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.Equal(new(1, 2, 0), await _store.StatsAsync());
    }

    [Fact]
    public async Task PostNote_SupersedesUnknownNote_Returns404Problem()
    {
        using var response = await _store.Client.PostAsJsonAsync("/api/v1/journal-notes",
            Notes.Body("key-1", supersedes: "no-such-note"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, (await _store.StatsAsync()).Notes);
    }

    [Fact]
    public async Task PostNote_SupersedesAnotherPatientsNote_Returns422()
    {
        using var first = await _store.Client.PostAsJsonAsync("/api/v1/journal-notes", Notes.Body("key-1"));
        var noteId = (await first.JsonAsync()).Str("noteId");

        using var response = await _store.Client.PostAsJsonAsync("/api/v1/journal-notes",
            Notes.Body("key-2", patient: Notes.OtherPatient, supersedes: noteId));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(1, (await _store.StatsAsync()).NoteVersions);
    }

    [Fact]
    public async Task PostNote_SameExternalIdInParallel_StoresExactlyOneNote()
    {
        var posts = Enumerable.Range(0, 20)
            .Select(_ => _store.Client.PostAsJsonAsync("/api/v1/journal-notes", Notes.Body("raced-key")));
        var responses = await Task.WhenAll(posts);

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        var ids = new HashSet<string>();
        foreach (var response in responses)
        {
            ids.Add((await response.JsonAsync()).Str("noteId"));
            response.Dispose();
        }

        Assert.Single(ids);
        Assert.Equal(new(1, 1, 0), await _store.StatsAsync());
    }

    [Theory]
    [InlineData("externalId", null)]
    [InlineData("noteType", "xyz")]
    [InlineData("status", "final")]
    [InlineData("eventTime", "2025-05-10T09:30:00")]
    [InlineData("careUnitHsaId", "not-an-hsa-id")]
    public async Task PostNote_InvalidField_Returns422NamingTheField(string field, string? value)
    {
        var body = Notes.Body("key-1");
        body[field] = value;

        using var response = await _store.Client.PostAsJsonAsync("/api/v1/journal-notes", body);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(0, (await _store.StatsAsync()).Notes);
    }

    [Fact]
    public async Task PostNote_PatientIdOfWrongLength_Returns422WithoutEchoingIt()
    {
        var body = Notes.Body("key-1");
        body["patient"] = new { id = "19500907255", idType = "personnummer" };

        using var response = await _store.Client.PostAsJsonAsync("/api/v1/journal-notes", body);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.DoesNotContain("19500907255", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostNote_MalformedJson_Returns400Problem()
    {
        using var content = new StringContent("{\"externalId\": ", Encoding.UTF8, "application/json");
        using var response = await _store.Client.PostAsync("/api/v1/journal-notes", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task GetNote_Unknown_Returns404Problem()
    {
        using var note = await _store.Client.GetAsync("/api/v1/journal-notes/nope");
        using var versions = await _store.Client.GetAsync("/api/v1/journal-notes/nope/versions");

        Assert.Equal(HttpStatusCode.NotFound, note.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, versions.StatusCode);
        Assert.Equal("application/problem+json", versions.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task SearchNotes_FiltersAndPaging_ReturnsLatestVersionsNewestFirst()
    {
        async Task<string> Post(Dictionary<string, object?> body)
        {
            using var r = await _store.Client.PostAsJsonAsync("/api/v1/journal-notes", body);
            Assert.Equal(HttpStatusCode.Created, r.StatusCode);
            return (await r.JsonAsync()).Str("noteId");
        }

        var march = await Post(Notes.Body("a", eventTime: "2025-03-01T10:00:00+01:00", noteType: "ins"));
        var april = await Post(Notes.Body("b", eventTime: "2025-04-01T10:00:00+02:00"));
        var may = await Post(Notes.Body("c", eventTime: "2025-05-01T10:00:00+02:00", provider: "SE2120001330-0001",
            author: "SE2120001330-P001"));
        await Post(Notes.Body("d", patient: Notes.OtherPatient));
        await Post(Notes.Body("a2", eventTime: "2025-03-01T10:00:00+01:00", noteType: "ins", supersedes: march,
            status: "amended"));

        async Task<JsonElement> Search(string query) =>
            await (await _store.Client.GetAsync($"/api/v1/patients/{Notes.Patient}/journal-notes{query}")).JsonAsync();

        var all = await Search("");
        Assert.Equal(3, all.Int("total"));
        Assert.Equal(1, all.Int("page"));
        Assert.Equal(50, all.Int("pageSize"));
        var items = all.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([may, april, march], items.Select(i => i.Str("noteId")));
        Assert.Equal(2, items[2].Int("version"));

        var window = await Search("?from=" + Uri.EscapeDataString("2025-04-01T10:00:00+02:00")
            + "&to=" + Uri.EscapeDataString("2025-05-01T10:00:00+02:00"));
        Assert.Equal([april], window.GetProperty("items").EnumerateArray().Select(i => i.Str("noteId")));

        Assert.Equal(1, (await Search("?careProvider=SE2120001330-0001")).Int("total"));
        Assert.Equal(1, (await Search("?noteType=ins")).Int("total"));
        Assert.Equal(2, (await Search("?author=SE2120002080-P001")).Int("total"));

        var page2 = await Search("?page=2&pageSize=2");
        Assert.Equal(3, page2.Int("total"));
        Assert.Equal([march], page2.GetProperty("items").EnumerateArray().Select(i => i.Str("noteId")));
    }

    [Theory]
    [InlineData("?pageSize=501")]
    [InlineData("?page=0")]
    [InlineData("?from=yesterday")]
    public async Task SearchNotes_BadQuery_Returns400Problem(string query)
    {
        using var response = await _store.Client.GetAsync($"/api/v1/patients/{Notes.Patient}/journal-notes{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
