using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RegionalStore.ExternalDocuments;
using RegionalStore.Faults;
using RegionalStore.JournalNotes;
using RegionalStore.Seed;
using RegionalStore.Storage;

namespace RegionalStore;

/// <summary>Registers and maps the Cosmic-like regional store, so that any process (its own Program, a dev host, tests) can host it.</summary>
public static class RegionalStoreHost
{
    /// <summary>Where the store listens when nothing else is configured.</summary>
    public const string DefaultUrl = "http://localhost:8081";

    public static WebApplicationBuilder AddRegionalStore(this WebApplicationBuilder b)
    {
        ArgumentNullException.ThrowIfNull(b);

        if (string.IsNullOrWhiteSpace(b.Configuration["urls"])
            && string.IsNullOrWhiteSpace(b.Configuration["http_ports"])
            && string.IsNullOrWhiteSpace(b.Configuration["https_ports"]))
        {
            b.WebHost.UseUrls(DefaultUrl);
        }

        // Request URLs carry personnummer: keep the per-request host and routing logs out. The specific
        // categories also win over a broader level someone sets in configuration.
        b.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        b.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        b.Logging.AddFilter("Microsoft.AspNetCore.Routing", LogLevel.Warning);

        b.Services.AddOptions<RegionalStoreOptions>()
            .BindConfiguration(RegionalStoreOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        b.Services.AddProblemDetails();
        b.Services.TryAddSingleton(TimeProvider.System);
        b.Services.AddSingleton<StoreDatabase>();
        b.Services.AddSingleton<JournalNoteRepository>();
        b.Services.AddSingleton<ExternalDocumentRepository>();
        b.Services.AddSingleton(sp =>
        {
            var seed = sp.GetRequiredService<IOptions<RegionalStoreOptions>>().Value.FaultSeed;
            return new FaultState(seed is int s ? new Random(s) : Random.Shared);
        });
        return b;
    }

    public static WebApplication MapRegionalStore(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // Schema (and seed) before the first request, not lazily inside one; once the endpoints are mapped, a rehearsed
        // note write, so that the first note delivered is not the one that pays for first use.
        var database = app.Services.GetRequiredService<StoreDatabase>();
        database.Initialize();
        if (app.Services.GetRequiredService<IOptions<RegionalStoreOptions>>().Value.Seed)
        {
            SeedData.WriteIfEmpty(database);
        }

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<FaultInjectionMiddleware>();

        app.MapGet("/healthz", () => TypedResults.Ok(new { status = "ok" }));
        app.MapFaultsApi();
        app.MapStatsApi();
        app.MapJournalNotesApi();
        app.MapExternalDocumentsApi();

        try
        {
            var (status, _) = JournalNoteWriteWarmUp.Run(app);
            if (status != StatusCodes.Status201Created)
            {
                app.Logger.LogWarning("The rehearsed note write was answered {Status}, not 201; the first write will be slower", status);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
        {
            // An optimisation only: the store still starts, and its first write is slower.
            app.Logger.LogWarning("The rehearsed note write failed ({Error}); the first write will be slower", e.GetType().Name);
        }

        // Once listening, before the host reports started: the refused write over loopback HTTP.
        app.Lifetime.ApplicationStarted.Register(() => RehearseOverHttp(app));
        return app;
    }

    private static void RehearseOverHttp(WebApplication app)
    {
        var address = LoopbackAddress(app.Urls);
        if (address is null)
        {
            app.Logger.LogInformation("No plain-HTTP address to rehearse a note write over; the first write will be slower");
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var status = JournalNoteWriteWarmUp.RunOverHttpAsync(app.Services, address, timeout.Token).GetAwaiter().GetResult();
            if (status == StatusCodes.Status422UnprocessableEntity)
            {
                app.Logger.LogInformation("Rehearsed a refused note write over HTTP");
            }
            else
            {
                app.Logger.LogWarning("The note write rehearsed over HTTP was answered {Status}, not 422", status);
            }
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            // An optimisation only: the store serves anyway, and its first write is slower.
            app.Logger.LogWarning("The note write rehearsed over HTTP failed ({Error}); the first write will be slower", e.GetType().Name);
        }
    }

    /// <summary>The first plain-HTTP address the store listens on, with a wildcard host replaced by loopback.</summary>
    internal static Uri? LoopbackAddress(IEnumerable<string> listening)
    {
        foreach (var url in listening)
        {
            var address = url.Replace("://+:", "://0.0.0.0:", StringComparison.Ordinal).Replace("://*:", "://0.0.0.0:", StringComparison.Ordinal);
            if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
            {
                continue;
            }

            var host = uri.Host switch
            {
                "0.0.0.0" => "127.0.0.1",
                "[::]" => "[::1]",
                _ => uri.Host,
            };
            return new UriBuilder(uri) { Host = host }.Uri;
        }

        return null;
    }
}
