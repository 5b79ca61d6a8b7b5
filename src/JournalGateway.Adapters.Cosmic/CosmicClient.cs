using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using JournalGateway.Core.Notes;
using JournalGateway.Core.Startup;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace JournalGateway.Adapters.Cosmic;

/// <summary>
/// The gateway's client of the Cosmic-like regional store. The resilience pipeline around its HttpClient
/// (see <see cref="CosmicAdapterExtensions"/>) retries; this class turns what is left into the ports' exceptions.
/// Messages name status codes and fields, never patients.
/// </summary>
/// <param name="pages">Search pages kept for asking again with their ETag; none when null.</param>
public sealed partial class CosmicClient(HttpClient http, RevalidatedPages? pages = null) : IRegionalRecord, IStartupWarmUp
{
    /// <summary>The store's largest page.</summary>
    internal const int PageSize = 500;

    /// <summary>A bound on paging, in case an upstream never says it is done.</summary>
    private const int MaxPages = 1_000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<RecordedNote> SubmitNoteAsync(HslNote note, string idempotencyKey, string? supersedesRegionalId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(note);
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);

        var body = CosmicNoteMapping.ToWrite(note, idempotencyKey, supersedesRegionalId);
        var view = await SendAsync<CosmicNoteView>(HttpMethod.Post, "api/v1/journal-notes", body, "writing a note",
            notFoundIsEmpty: false, cancellationToken);
        return Map(view!, CosmicNoteMapping.ToRecordedNote);
    }

    public async Task<IReadOnlyList<RecordedNote>> SearchNotesAsync(NoteQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);

        var path = $"api/v1/patients/{Uri.EscapeDataString(query.Patient.Value)}/journal-notes";
        var filters = new[] { ("careProvider", query.CareProvider), ("noteType", query.NoteType), ("author", query.AuthorHsaId) };
        var views = await ReadAllPagesAsync<CosmicNoteView>(path, query.From, query.To, filters, "searching notes",
            v => v.NoteId, cancellationToken);

        // Fail closed: only the identifier asked about, whatever the store matched on.
        return views.Select(v => Map(v, CosmicNoteMapping.ToRecordedNote))
            .Where(n => n.Note.Patient == query.Patient)
            .ToList();
    }

    public async Task<RecordedNote?> GetNoteAsync(string regionalId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(regionalId);

        var view = await SendAsync<CosmicNoteView>(HttpMethod.Get, $"api/v1/journal-notes/{Uri.EscapeDataString(regionalId)}",
            null, "reading a note", notFoundIsEmpty: true, cancellationToken);
        return view is null ? null : Map(view, CosmicNoteMapping.ToRecordedNote);
    }

    public async Task<IReadOnlyList<RecordedNote>> GetNoteVersionsAsync(string regionalId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(regionalId);

        var versions = await ReadRevalidatedAsync<CosmicItems<CosmicNoteView>>(
            $"api/v1/journal-notes/{Uri.EscapeDataString(regionalId)}/versions", "reading note versions",
            notFoundIsEmpty: true, list => list.Items?.Count ?? 0, cancellationToken);
        return (versions?.Items ?? []).Select(v => Map(v, CosmicNoteMapping.ToRecordedNote)).ToList();
    }

    /// <summary>
    /// A delivery's share, without delivering: <see cref="SubmitNoteAsync"/> itself runs, on a client of its own whose
    /// handler answers in process as the store would (201 and the stored note, streamed), so the write's serialization,
    /// the send, the streamed read of the answer and its mapping are compiled before the first real delivery; then a
    /// read through this client's resilience pipeline of a note id no note has (the store answers 404), which also opens
    /// a pooled connection.
    /// </summary>
    public async Task WarmUpAsync(HslNote sample, CancellationToken cancellationToken)
    {
        using var answering = new HttpClient(new AnsweringAsTheStore()) { BaseAddress = http.BaseAddress ?? new Uri("http://localhost/") };
        await new CosmicClient(answering).SubmitNoteAsync(sample, "startup-warm-up", supersedesRegionalId: null, cancellationToken);
        await GetNoteAsync("startup-warm-up-" + Guid.NewGuid().ToString("N"), cancellationToken);
    }

    /// <summary>Answers a note write as the store does: 201 with the note it stored, as a stream.</summary>
    private sealed class AnsweringAsTheStore : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            // An answer comes later than the call, as from a socket: the caller's await really waits.
            await Task.Yield();
            var write = (await request.Content!.ReadFromJsonAsync<CosmicNoteWrite>(Json, cancellationToken))!;
            var stored = new CosmicNoteView("startup-warm-up", 1, write.ExternalId, write.ExternalId, write.Patient, write.CareProviderHsaId,
                write.CareUnitHsaId, write.Author, write.NoteType, write.Title, write.EventTime, write.Status, write.SignedAt,
                write.Signer, write.Supersedes, write.Keywords, write.EventTime);
            var content = new StreamContent(new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(stored, Json)));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            return new HttpResponseMessage(HttpStatusCode.Created) { Content = content, RequestMessage = request };
        }
    }

    private async Task<List<T>> ReadAllPagesAsync<T>(string path, DateTimeOffset? from, DateTimeOffset? to,
        IEnumerable<(string, string?)> filters, string what, Func<T, string> id, CancellationToken cancellationToken)
    {
        var all = new List<T>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var filterList = filters.ToList();
        for (var page = 1; page <= MaxPages; page++)
        {
            var url = path + CosmicNoteMapping.Query(from, to, filterList, page, PageSize);
            var result = await ReadPageAsync<T>(url, what, cancellationToken);
            var items = result.Items ?? [];

            // Offset paging can repeat an item when something is written between two pages.
            all.AddRange(items.Where(item => seen.Add(id(item))));
            if (items.Count < PageSize || page * PageSize >= result.Total)
            {
                break;
            }
        }

        return all;
    }

    private async Task<CosmicPage<T>> ReadPageAsync<T>(string url, string what, CancellationToken cancellationToken) =>
        (await ReadRevalidatedAsync<CosmicPage<T>>(url, what, notFoundIsEmpty: false, page => page.Items?.Count ?? 0,
            cancellationToken))!;

    // A GET whose answer the record tags. With an answer kept from before, the record is asked whether it changed
    // (If-None-Match) and on 304 the kept answer is the answer.
    private async Task<T?> ReadRevalidatedAsync<T>(string url, string what, bool notFoundIsEmpty, Func<T, int> itemsOf,
        CancellationToken cancellationToken)
        where T : class
    {
        var kept = pages?.Find<T>(url);
        var answer = await ExchangeAsync<T>(HttpMethod.Get, url, null, what, notFoundIsEmpty, kept?.Tag, cancellationToken);
        if (answer.NotModified)
        {
            return kept!.Page;
        }

        if (answer is { Value: { } value, Tag: { } tag })
        {
            pages?.Keep(url, tag, value, itemsOf(value));
        }

        return answer.Value;
    }

    private async Task<T?> SendAsync<T>(HttpMethod method, string path, object? body, string what, bool notFoundIsEmpty,
        CancellationToken cancellationToken)
        where T : class =>
        (await ExchangeAsync<T>(method, path, body, what, notFoundIsEmpty, ifNoneMatch: null, cancellationToken)).Value;

    private readonly record struct Answer<T>(T? Value, EntityTagHeaderValue? Tag, bool NotModified);

    private async Task<Answer<T>> ExchangeAsync<T>(HttpMethod method, string path, object? body, string what,
        bool notFoundIsEmpty, EntityTagHeaderValue? ifNoneMatch, CancellationToken cancellationToken)
        where T : class
    {
        using var request = new HttpRequestMessage(method, path);
        if (ifNoneMatch is not null)
        {
            request.Headers.IfNoneMatch.Add(ifNoneMatch);
        }

        if (body is not null)
        {
            // Bytes rather than a stream: the retry sends the same request message again.
            request.Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), Json));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        }

        try
        {
            // Headers only, then the body is deserialized as it streams in (pooled buffers) instead of being copied
            // into a buffer of its own first. The resilience pipeline covers the same span either way: it returns when
            // the headers are in, and the body is read under the caller's token.
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (ifNoneMatch is not null && response.StatusCode == HttpStatusCode.NotModified)
            {
                return new(null, response.Headers.ETag, NotModified: true);
            }

            if (response.IsSuccessStatusCode)
            {
                var value = await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken)
                    ?? throw new RegionalRecordUnavailableException($"The regional record sent an empty answer when {what}.");
                return new(value, response.Headers.ETag, NotModified: false);
            }

            if (notFoundIsEmpty && response.StatusCode == HttpStatusCode.NotFound)
            {
                return default;
            }

            throw await FailureAsync(response, what, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new RegionalRecordUnavailableException($"The regional record could not be reached when {what}.", e);
        }
        catch (IOException e)
        {
            // The connection broke while the body streamed in.
            throw new RegionalRecordUnavailableException($"The regional record's answer was cut off when {what}.", e);
        }
        catch (BrokenCircuitException e)
        {
            throw new RegionalRecordUnavailableException($"The circuit to the regional record is open; not {what}.", e);
        }
        catch (TimeoutRejectedException e)
        {
            throw new RegionalRecordUnavailableException($"The regional record did not answer in time when {what}.", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RegionalRecordUnavailableException($"The call to the regional record was cut off when {what}.", e);
        }
        catch (JsonException e)
        {
            throw new RegionalRecordUnavailableException($"The regional record sent an unreadable answer when {what}.", e);
        }
    }

    private static async Task<Exception> FailureAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (IsTransient(response.StatusCode))
        {
            return new RegionalRecordUnavailableException(
                $"The regional record answered {status} when {what}, after the retries the adapter allows.");
        }

        var problem = await ReadProblemAsync(response, cancellationToken);
        var fields = problem?.Errors is { Count: > 0 } errors ? $" Fields: {string.Join(", ", errors.Keys)}." : "";
        var title = string.IsNullOrWhiteSpace(problem?.Title) ? "" : $" {problem.Title}";
        return new RegionalRecordRejectedException($"The regional record refused {what} ({status}).{title}{fields}");
    }

    private static bool IsTransient(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    private static async Task<CosmicProblem?> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return response.Content.Headers.ContentType?.MediaType is "application/problem+json" or "application/json"
                ? await response.Content.ReadFromJsonAsync<CosmicProblem>(Json, cancellationToken)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static TOut Map<TIn, TOut>(TIn view, Func<TIn, TOut> map)
    {
        try
        {
            return map(view);
        }
        catch (FormatException e)
        {
            throw new RegionalRecordUnavailableException($"The regional record sent a value the adapter does not know. {e.Message}", e);
        }
    }
}
