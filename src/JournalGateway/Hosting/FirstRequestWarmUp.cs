using System.Diagnostics;
using Hl7.Fhir.Model;
using JournalGateway.Core.Identifiers;
using JournalGateway.Core.Startup;
using JournalGateway.Fhir;
using JournalGateway.Fhir.Mapping;
using JournalGateway.Fhir.Profiles;
using JournalGateway.Fhir.Validation;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace JournalGateway.Hosting;

/// <summary>
/// After the validators are warm, runs the rest of a note write once without its side effects, so that the first
/// request after ready is not the one that pays for first use: the gateway's own services are constructed, a token goes
/// through the bearer handler (<see cref="AuthenticationRehearsal"/>), the CapabilityStatement is built and serialized,
/// the packaged example note is parsed, mapped and
/// serialized, every <see cref="IStartupWarmUp"/> (the storage's statements on the real database, rolled back; the
/// regional record client's pipeline and connection) runs on it, and the note is written through the gateway's own
/// endpoint against scratch storage (<see cref="WriteRehearsal"/>). Ready waits for this.
/// </summary>
/// <remarks>
/// Measured before this existed: the first note after ready took 0.35-0.49 s against 0.02-0.04 s for the tenth, and
/// warming validation alone did not change that; the time went to first use of everything else (docs/performance.md,
/// "The first request after ready"). A warm-up that fails is logged and skipped, each part within
/// <see cref="PartTimeout"/>: it is an optimisation, and readiness must not hang on the store.
/// </remarks>
internal sealed class FirstRequestWarmUp(
    FhirValidatorPool pool,
    IOptions<FhirProfilesOptions> options,
    FhirSerialization serialization,
    IEnumerable<IStartupWarmUp> parts,
    GatewayServices services,
    AuthenticationRehearsal authentication,
    WriteRehearsal rehearsal,
    IServiceScopeFactory scopes,
    EndpointDataSource endpoints,
    TimeProvider time,
    IEnumerable<Conformance.ISupportedProfiles> supportedProfiles,
    ILogger<FirstRequestWarmUp> logger) : BackgroundService
{
    private static readonly TimeSpan PartTimeout = TimeSpan.FromSeconds(5);

    // Reflection invokes a method or constructor slowly the first time and builds a fast path on the second; the
    // container resolves a service by reflection twice and then compiles a resolver for it in the background. Those
    // steps belong before ready, not in the first requests (measured: 64-66 methods compiled during the first write
    // before these rounds and the adapter's rehearsed submit, 37-38 after).
    private const int RehearsedWrites = 2;
    private const int ServiceRounds = 3;

    // What the authentication and authorization middleware resolve from each request's services.
    private static readonly Type[] PerRequestFrameworkServices =
    [
        typeof(Microsoft.AspNetCore.Authentication.IAuthenticationService),
        typeof(Microsoft.AspNetCore.Authentication.IAuthenticationHandlerProvider),
        typeof(Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerHandler),
        typeof(Microsoft.AspNetCore.Authorization.IAuthorizationService),
        typeof(Microsoft.AspNetCore.Authorization.IAuthorizationHandlerProvider),
        typeof(Microsoft.AspNetCore.Authorization.IAuthorizationEvaluator),
        typeof(Microsoft.AspNetCore.Authorization.IAuthorizationHandlerContextFactory),
        typeof(Microsoft.AspNetCore.Authorization.Policy.IPolicyEvaluator),
        typeof(IEnumerable<Microsoft.AspNetCore.Authorization.IAuthorizationHandler>),
    ];

    private volatile bool _done;

    /// <summary>Whether the warm-up has run (or is switched off with <c>Fhir:WarmUp</c>).</summary>
    public bool IsDone => _done;

    protected override async System.Threading.Tasks.Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (options.Value.WarmUp)
            {
                while (!pool.IsWarmedUp)
                {
                    await System.Threading.Tasks.Task.Delay(TimeSpan.FromMilliseconds(20), stoppingToken);
                }

                var clock = Stopwatch.StartNew();
                await WarmUpAsync(stoppingToken);
                logger.LogInformation("Write path warmed up in {Milliseconds} ms", (long)clock.Elapsed.TotalMilliseconds);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }

        _done = true;
    }

    private async System.Threading.Tasks.Task WarmUpAsync(CancellationToken stoppingToken)
    {
        Run("services", ConstructServices);
        await RunAsync("token validation", authentication.RunAsync, stoppingToken);
        // What a client asks first: built from the endpoints and serialized (Firely's mapping of its many types),
        // the first GET /fhir/metadata after ready took 0.10 s.
        Run("the CapabilityStatement", () => serialization.ToJson(Conformance.CapabilityStatementApi.Build(endpoints, time, supportedProfiles)));

        var examplePath = Path.Combine(pool.Catalog.ExamplesDirectory, "hsl-note-document.json");
        if (!File.Exists(examplePath))
        {
            logger.LogInformation("No example note document at {Path}; the write path is not warmed", examplePath);
            return;
        }

        var bytes = File.ReadAllBytes(examplePath);
        Core.Notes.HslNote? sample = null;
        Run("parse and map", () =>
        {
            var document = serialization.Parse<Bundle>(bytes, FhirFormat.Json);
            var unit = CareUnitOf(document);
            sample = NoteMapping.FromDocument(document, "startup-warm-up", unit);
        });
        if (sample is null)
        {
            return;
        }

        foreach (var part in parts)
        {
            await RunAsync(part.GetType().Name, ct => part.WarmUpAsync(sample, ct), stoppingToken);
        }

        // Twice (see RehearsedWrites): the second call of the storage tracing's methods is the one that builds their fast path.
        for (var round = 1; round <= RehearsedWrites; round++)
        {
            await RunAsync("the rehearsed note write", async ct =>
            {
                var status = await rehearsal.RunAsync(bytes, sample, ct);
                if (status != StatusCodes.Status201Created)
                {
                    throw new InvalidOperationException($"The rehearsed note write was answered {status}, not 201.");
                }
            }, stoppingToken);
        }
    }

    private async System.Threading.Tasks.Task RunAsync(string what, Func<CancellationToken, System.Threading.Tasks.Task> action, CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(PartTimeout);
        try
        {
            await action(timeout.Token);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning("Start-up warm-up of {What} failed ({Error}); the first request will be slower", what, ex.GetType().Name);
        }
    }

    private void Run(string what, Action action)
    {
        try
        {
            action();
        }
        catch (Exception ex)
        {
            logger.LogWarning("Start-up warm-up of {What} failed ({Error}); the first request will be slower", what, ex.GetType().Name);
        }
    }

    // Singletons are made on first use; the first request would otherwise build the graph behind every endpoint.
    private void ConstructServices()
    {
        for (var round = 1; round <= ServiceRounds; round++)
        {
            using var scope = scopes.CreateScope();
            foreach (var type in services.Types.Concat(PerRequestFrameworkServices))
            {
                try
                {
                    scope.ServiceProvider.GetService(type);
                }
                catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
                {
                    logger.LogDebug("Start-up warm-up could not construct {Service}: {Error}", type.Name, ex.Message);
                }
            }
        }
    }

    private static HsaId CareUnitOf(Bundle document)
    {
        var unit = document.Entry.Select(e => e.Resource).OfType<Organization>().First(o => o.PartOf is not null);
        return SwedishIdentifiers.TryParseHsaId(unit.Identifier.First().Value, out var id, out var error)
            ? id
            : throw new InvalidOperationException(error);
    }
}

/// <summary>The service types the gateway registered itself (its own namespaces), for <see cref="FirstRequestWarmUp"/>.</summary>
/// <remarks>
/// Not the storage engines' own types: both engines are registered and the ports pick one, so constructing the other
/// would touch a database the deployment does not use (the SQLite one creates its folder).
/// </remarks>
internal sealed class GatewayServices(IServiceCollection registrations)
{
    public IEnumerable<Type> Types => registrations
        .Where(d => !d.IsKeyedService && !d.ServiceType.IsGenericTypeDefinition
            && d.ServiceType.Namespace is { } ns && ns.StartsWith("JournalGateway", StringComparison.Ordinal)
            && !ns.StartsWith("JournalGateway.Storage.Sqlite", StringComparison.Ordinal)
            && !ns.StartsWith("JournalGateway.Storage.PostgreSql", StringComparison.Ordinal)
            && d.ServiceType != typeof(IStartupWarmUp))
        .Select(d => d.ServiceType)
        .Distinct();
}

/// <summary>Ready only once <see cref="FirstRequestWarmUp"/> has run.</summary>
internal sealed class FirstRequestWarmUpHealthCheck(FirstRequestWarmUp warmUp) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        System.Threading.Tasks.Task.FromResult(warmUp.IsDone
            ? HealthCheckResult.Healthy("The write path is warm")
            : HealthCheckResult.Unhealthy("The write path is warming up"));
}
