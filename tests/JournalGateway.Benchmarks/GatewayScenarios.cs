using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace JournalGateway.Benchmarks;

/// <summary>
/// The requests of the gateway scenarios: writes of unique note documents by a Västerås stad nurse (README
/// walkthrough), and searches by patient returning a page of 10 notes that nurse may see, with access rules and the
/// durable access log included by the gateway itself.
/// </summary>
internal sealed class GatewayScenarios(Uri gateway, NoteDocuments documents, ErrorSamples samples)
{
    /// <summary>Notes written for the read patient before the timed part: more than one page of 10.</summary>
    public const int SeededNotes = 12;

    public const int PageSize = 10;

    private static readonly MediaTypeHeaderValue FhirJson = MediaTypeHeaderValue.Parse("application/fhir+json");
    private static readonly MediaTypeWithQualityHeaderValue AcceptFhirJson = MediaTypeWithQualityHeaderValue.Parse("application/fhir+json");
    private static readonly string SearchPath =
        $"/fhir/Composition?patient.identifier={Uri.EscapeDataString($"{NoteDocuments.PersonnummerSystem}|{NoteDocuments.ReadPatient}")}&_count={PageSize}";

    private AuthenticationHeaderValue? _token;

    /// <summary>How the gateway answered X-Delivery-Status on successful writes (delivered inline or pending).</summary>
    public ConcurrentDictionary<string, int> DeliveryStatuses { get; } = new(StringComparer.Ordinal);

    /// <summary>A token for a nurse at Västerås stad's home health care (DESIGN section 10), from POST /dev/token.</summary>
    public async Task AuthenticateAsync()
    {
        using var client = new HttpClient { BaseAddress = gateway };
        using var response = await client.PostAsJsonAsync("/dev/token", new Dictionary<string, string>
        {
            ["sub"] = "SE2120002080-P001",
            ["name"] = "Benchmark",
            ["care_unit"] = "SE2120002080-E001",
            ["care_provider"] = "SE2120002080-0001",
            ["provider_kind"] = "vardgivare",
            ["scope"] = "user/Composition.crs",
        });
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"POST /dev/token answered {(int)response.StatusCode}; is the gateway in Development?");
        }

        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        _token = new AuthenticationHeaderValue("Bearer", (string?)body?["access_token"] ?? throw new InvalidOperationException("POST /dev/token gave no access_token."));
    }

    /// <summary>The seeding writes' latencies, in order: the first is the first note after ready (issue 3 compares it with the tenth).</summary>
    public List<double> SeedMilliseconds { get; } = [];

    /// <summary>Writes <see cref="SeededNotes"/> notes for the read patient and checks that a search returns a full page.</summary>
    public async Task<string?> SeedAndVerifyReadAsync()
    {
        using var client = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(30) };
        for (var i = 0; i < SeededNotes; i++)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var result = await WriteAsync(client, NoteDocuments.ReadPatient, CancellationToken.None);
            SeedMilliseconds.Add(clock.Elapsed.TotalMilliseconds);
            if (!result.Success)
            {
                return $"seeding note {i + 1} for the read patient was answered {result.Status}";
            }
        }

        using var request = SearchRequest();
        using var response = await client.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return $"the verifying search was answered {(int)response.StatusCode}";
        }

        using var bundle = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
        var compositions = bundle.RootElement.TryGetProperty("entry", out var entries)
            ? entries.EnumerateArray().Count(e => e.TryGetProperty("resource", out var r) && r.GetProperty("resourceType").GetString() == "Composition")
            : 0;
        return compositions == PageSize ? null : $"the verifying search returned {compositions} Compositions, not {PageSize}";
    }

    /// <summary>Unique notes spread over the write patients, never the read patient (its page stays the same size).</summary>
    public Task<RequestResult> Write(HttpClient client, int worker, long sequence, CancellationToken cancellationToken) =>
        WriteAsync(client, NoteDocuments.WritePatients[(worker + sequence) % NoteDocuments.WritePatients.Length], cancellationToken);

    public async Task<RequestResult> Read(HttpClient client, int worker, long sequence, CancellationToken cancellationToken)
    {
        using var request = SearchRequest();
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            await samples.KeepAsync("read", response, cancellationToken);
            return new RequestResult("read", false, ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        await response.Content.CopyToAsync(Stream.Null, cancellationToken);
        return new RequestResult("read", true, "200");
    }

    /// <summary>One write in ten, spread evenly over time and workers.</summary>
    public Task<RequestResult> Mix(HttpClient client, int worker, long sequence, CancellationToken cancellationToken) =>
        (sequence + worker) % 10 == 0 ? Write(client, worker, sequence, cancellationToken) : Read(client, worker, sequence, cancellationToken);

    private async Task<RequestResult> WriteAsync(HttpClient client, string patient, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/fhir/Bundle");
        request.Headers.Authorization = _token;
        request.Headers.Accept.Add(AcceptFhirJson);
        request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(documents.Create(patient)));
        request.Content.Headers.ContentType = FhirJson;
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            // Only 201 counts: a 200 would mean the gateway took a unique note for a repeat.
            await samples.KeepAsync("write", response, cancellationToken);
            return new RequestResult("write", false, ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var delivery = response.Headers.TryGetValues("X-Delivery-Status", out var values) ? values.FirstOrDefault() ?? "none" : "none";
        DeliveryStatuses.AddOrUpdate(delivery, 1, (_, n) => n + 1);
        await response.Content.CopyToAsync(Stream.Null, cancellationToken);
        return new RequestResult("write", true, "201");
    }

    private HttpRequestMessage SearchRequest()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, SearchPath);
        request.Headers.Authorization = _token;
        request.Headers.Accept.Add(AcceptFhirJson);
        request.Headers.TryAddWithoutValidation("X-Patient-Relationship", "active");
        return request;
    }
}

/// <summary>
/// The first few failed answers, kept in a file in the run folder for diagnosis. Only their status and the
/// OperationOutcome issue codes are printed: a body may hold patient data.
/// </summary>
internal sealed class ErrorSamples(string path)
{
    private const int Keep = 5;
    private readonly Lock _file = new();
    private int _kept;

    public string Path { get; } = path;

    public int Kept => Volatile.Read(ref _kept);

    public async Task KeepAsync(string kind, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _kept) > Keep)
        {
            Interlocked.Decrement(ref _kept);
            await response.Content.CopyToAsync(Stream.Null, cancellationToken);
            return;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var text = $"--- {kind}: {(int)response.StatusCode}{Environment.NewLine}{body}{Environment.NewLine}";
        lock (_file)
        {
            File.AppendAllText(Path, text);
        }
    }
}
