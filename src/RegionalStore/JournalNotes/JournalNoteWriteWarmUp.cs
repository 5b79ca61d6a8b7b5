using System.Text.Json;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace RegionalStore.JournalNotes;

/// <summary>
/// A note write rehearsed at start, in two parts. Before the store listens (<see cref="Run"/>): the POST endpoint's own
/// delegate is called with a request body as the gateway sends it, over a repository that rolls its transaction back
/// (<see cref="JournalNoteRepository.RollingBack"/>), and its answer is written out. Once it listens
/// (<see cref="RunOverHttpAsync"/>): the same body with a note type the store does not know is posted to itself over
/// loopback HTTP and refused (422). Nothing is stored.
/// </summary>
/// <remarks>
/// Without the first part the first note the gateway delivers after start took 0.08-0.10 s against 0.004 s for the
/// next ones (JIT of this path, statement preparation, Dapper's row mapping, JSON metadata), and the gateway's writer
/// waits for that delivery; with it, 0.009 s. The second part runs what an in-process call skips (Kestrel reading a
/// request body, the JSON reader over it, the middleware, an answer written to a socket): 0.005 s after both.
/// </remarks>
internal static class JournalNoteWriteWarmUp
{
    private static readonly StaffRef Author = new("SE2321000172-P102", "Rehearsal", "Sjuksköterska");

    /// <summary>Runs the rehearsal through the mapped endpoint in <paramref name="app"/>; returns the answer's status and body.</summary>
    public static (int Status, JournalNoteView? Note) Run(IEndpointRouteBuilder app)
    {
        var services = app.ServiceProvider;
        var json = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var endpoint = app.DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>().First(e =>
            e.RoutePattern.RawText == "/api/v1/journal-notes"
            && e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains(HttpMethods.Post) == true);
        var body = Body(services, json, noteType: "atb");

        // The endpoint's own delegate (binding, handler, result), with the repository swapped for one that rolls back.
        var http = new DefaultHttpContext { RequestServices = new RollingBackServices(services) };
        http.Request.Method = HttpMethods.Post;
        http.Request.Path = "/api/v1/journal-notes";
        http.Request.ContentType = "application/json";
        http.Request.Body = new MemoryStream(body, writable: false);
        http.Request.ContentLength = body.Length;
        var answer = new MemoryStream();
        http.Response.Body = answer;
        http.SetEndpoint(endpoint);
        endpoint.RequestDelegate!(http).GetAwaiter().GetResult();

        var status = http.Response.StatusCode;
        return (status, status == StatusCodes.Status201Created ? JsonSerializer.Deserialize<JournalNoteView>(answer.ToArray(), json) : null);
    }

    /// <summary>
    /// Posts a note the store refuses to the store itself over HTTP at <paramref name="baseAddress"/>; returns the
    /// status (422 when all went as meant).
    /// </summary>
    public static async Task<int> RunOverHttpAsync(IServiceProvider services, Uri baseAddress, CancellationToken cancellationToken)
    {
        var json = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        using var client = new HttpClient { BaseAddress = baseAddress };
        // An unknown note type is refused by the validator after the whole body was read: nothing reaches the database.
        using var content = new ByteArrayContent(Body(services, json, noteType: "rehearsal-not-a-note-type"));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync(new Uri("/api/v1/journal-notes", UriKind.Relative), content, cancellationToken);
        await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return (int)response.StatusCode;
    }

    private static byte[] Body(IServiceProvider services, JsonSerializerOptions json, string noteType)
    {
        var time = services.GetRequiredService<TimeProvider>().GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        return JsonSerializer.SerializeToUtf8Bytes(new JournalNoteWrite(
            ExternalId: "urn:uuid:" + Guid.NewGuid(),
            Patient: new PatientRef("191212121212", "personnummer"),
            CareProviderHsaId: "SE2321000172-0001",
            CareUnitHsaId: "SE2321000172-E100",
            Author: Author,
            NoteType: noteType,
            Title: "Rehearsal",
            EventTime: time,
            Status: "signed",
            SignedAt: time,
            Signer: Author,
            Supersedes: null,
            Keywords: [new KeywordEntry("atgard", "Åtgärder", "Rehearsal")]), json);
    }

    private sealed class RollingBackServices(IServiceProvider services) : IServiceProvider
    {
        private readonly JournalNoteRepository _notes = services.GetRequiredService<JournalNoteRepository>().RollingBack();

        public object? GetService(Type serviceType) =>
            serviceType == typeof(JournalNoteRepository) ? _notes : services.GetService(serviceType);
    }
}
