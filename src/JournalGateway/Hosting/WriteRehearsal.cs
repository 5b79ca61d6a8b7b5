using System.Diagnostics.Metrics;
using System.Security.Claims;
using JournalGateway.Access;
using JournalGateway.Auth;
using JournalGateway.Core.AccessLog;
using JournalGateway.Core.Delivery;
using JournalGateway.Core.Notes;
using JournalGateway.Delivery;
using JournalGateway.Notes;
using JournalGateway.Storage;
using JournalGateway.Storage.AccessLog;
using Microsoft.Extensions.Options;

namespace JournalGateway.Hosting;

/// <summary>
/// Posts the packaged example note through the gateway's own <c>POST /fhir/Bundle</c> endpoint once, in process,
/// against <see cref="ScratchStorage"/>: the endpoint's body reading, validation, note writer, outbox acceptance,
/// access logging and FHIR answer all run as for a real write, then its delivery from that outbox to a record that
/// accepts without sending. Nothing real is stored, logged, counted or sent; in a trace it shows as one
/// <c>StartupRehearsal</c> span with the scratch storage calls under it.
/// </summary>
/// <remarks>
/// What is swapped, in the request's own services only: the outbox and the access log (scratch), the writer and the
/// access rules built over them, the signal the writer waits on for its delivery, and meters under a name no exporter
/// reads.
/// The caller is the example note's own author at its custodian, so the write is allowed; the request does not go
/// through authentication (there is no token to give it), which <see cref="FirstRequestWarmUp"/> warms separately.
/// </remarks>
internal sealed class WriteRehearsal(
    EndpointDataSource endpoints,
    IServiceProvider services,
    IOptions<AccessLogOptions> accessLogOptions,
    DeliveryPolicy policy,
    TimeProvider time)
{
    private const string DocumentRoute = "/fhir/Bundle";
    private static readonly TimeSpan WaitForDelivery = TimeSpan.FromSeconds(2);

    /// <summary>Writes <paramref name="document"/> (its <paramref name="note"/> as mapped) and returns the answer's status.</summary>
    public async Task<int> RunAsync(byte[] document, HslNote note, CancellationToken cancellationToken)
    {
        var endpoint = endpoints.Endpoints.OfType<RouteEndpoint>().FirstOrDefault(IsDocumentWrite)
            ?? throw new InvalidOperationException($"No POST {DocumentRoute} endpoint to rehearse.");

        // One span for the whole rehearsal, so that the storage spans inside it read as what they are in a trace.
        using var span = StorageTracing<INoteOutbox>.Source.StartActivity("StartupRehearsal");
        await using var scratch = await ScratchStorage.CreateAsync(accessLogOptions, time, cancellationToken);
        // Wrapped as the real ports are, so the tracing decorator's per-method dispatch is built here too.
        var outbox = StorageTracing<INoteOutbox>.Wrap(scratch.Outbox);
        using var meters = new UnexportedMeterFactory();
        var signal = new DeliverySignal();
        var deliverer = new NoteDeliverer(outbox, new AcceptingRecord(time), time, policy);
        deliverer.Attempted += signal.Attempted;
        var requestServices = new RehearsalServices(services, new Dictionary<Type, object>
        {
            [typeof(INoteOutbox)] = outbox,
            [typeof(IAccessLog)] = StorageTracing<IAccessLog>.Wrap(scratch.AccessLog),
            [typeof(IOptions<DeliveryOptions>)] = Options.Create(new DeliveryOptions { InlineWait = WaitForDelivery }),
            [typeof(DeliverySignal)] = signal,
            [typeof(IMeterFactory)] = meters,
        }, [typeof(NoteWriter), typeof(PatientAccess), typeof(DeliveryMetrics), typeof(AccessMetrics)]);
        // As the delivery worker wires its deliverer (on the rehearsal's unexported meters).
        deliverer.Attempted += ((DeliveryMetrics)requestServices.GetService(typeof(DeliveryMetrics))!).Attempted;

        var http = new DefaultHttpContext { RequestServices = requestServices, User = CallerOf(note) };
        http.Request.Method = HttpMethods.Post;
        http.Request.Scheme = "http";
        http.Request.Host = new HostString("localhost");
        http.Request.Path = DocumentRoute;
        http.Request.ContentType = "application/fhir+json";
        http.Request.Headers.Accept = "application/fhir+json";
        http.Request.Body = new MemoryStream(document, writable: false);
        http.Request.ContentLength = document.Length;
        http.Response.Body = new MemoryStream();
        http.SetEndpoint(endpoint);
        http.RequestAborted = cancellationToken;

        // The writer waits for its note's first delivery, as a real one does, and wakes the signal's worker side once
        // the note is accepted; the rehearsal's own deliverer then makes that delivery, as the delivery worker would
        // (the real worker never sees the scratch outbox), to a record that accepts without sending anything anywhere.
        var write = endpoint.RequestDelegate!(http);
        var wake = signal.WaitForWorkAsync(WaitForDelivery, cancellationToken);
        var delivered = await Task.WhenAny(write, wake) == wake && await wake
            ? await deliverer.DeliverDueAsync(cancellationToken)
            : 0;
        await write;
        return delivered == 1 ? http.Response.StatusCode : throw new InvalidOperationException($"The rehearsal delivered {delivered} notes, not 1.");
    }

    private static bool IsDocumentWrite(RouteEndpoint endpoint) =>
        string.Equals(endpoint.RoutePattern.RawText?.TrimEnd('/'), DocumentRoute, StringComparison.OrdinalIgnoreCase)
        && endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains(HttpMethods.Post) == true
        && endpoint.RequestDelegate is not null;

    private static ClaimsPrincipal CallerOf(HslNote note) => new(new ClaimsIdentity(
        [
            new Claim(GatewayClaims.Subject, note.Author.HsaId.Value),
            new Claim(GatewayClaims.CareUnit, note.CareUnit.Value),
            new Claim(GatewayClaims.CareProvider, note.CareProvider.Value),
            new Claim(GatewayClaims.ProviderKind, "omsorgsgivare"),
            new Claim(GatewayClaims.Scope, "user/Composition.c"),
        ],
        authenticationType: "startup-rehearsal",
        nameType: GatewayClaims.Subject,
        roleType: null));

    /// <summary>The host's services, with some replaced and some built afresh over the replacements.</summary>
    private sealed class RehearsalServices(IServiceProvider root, Dictionary<Type, object> replaced, Type[] rebuilt) : IServiceProvider
    {
        public object? GetService(Type serviceType)
        {
            if (replaced.TryGetValue(serviceType, out var service))
            {
                return service;
            }

            if (Array.IndexOf(rebuilt, serviceType) >= 0)
            {
                service = ActivatorUtilities.CreateInstance(this, serviceType);
                replaced[serviceType] = service;
                return service;
            }

            return serviceType == typeof(IServiceProvider) ? this : root.GetService(serviceType);
        }
    }

    /// <summary>A regional record that takes every note and sends it nowhere: the rehearsal's delivery target.</summary>
    private sealed class AcceptingRecord(TimeProvider time) : IRegionalRecord
    {
        public Task<RecordedNote> SubmitNoteAsync(HslNote note, string idempotencyKey, string? supersedesRegionalId, CancellationToken cancellationToken) =>
            Task.FromResult(new RecordedNote("startup-rehearsal", 1, time.GetUtcNow(), note));

        public Task<IReadOnlyList<RecordedNote>> SearchNotesAsync(NoteQuery query, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<RecordedNote>>([]);

        public Task<RecordedNote?> GetNoteAsync(string regionalId, CancellationToken cancellationToken) =>
            Task.FromResult<RecordedNote?>(null);

        public Task<IReadOnlyList<RecordedNote>> GetNoteVersionsAsync(string regionalId, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<RecordedNote>>([]);
    }

    /// <summary>Meters under a name of their own, so that no exporter (they listen by name) counts the rehearsal.</summary>
    private sealed class UnexportedMeterFactory : IMeterFactory
    {
        private readonly List<Meter> _meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(new MeterOptions(options.Name + ".StartupRehearsal") { Version = options.Version });
            _meters.Add(meter);
            return meter;
        }

        public void Dispose() => _meters.ForEach(m => m.Dispose());
    }
}
