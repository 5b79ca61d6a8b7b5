using JournalGateway.Errors;
using JournalGateway.Fhir;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace JournalGateway.Hosting;

/// <summary>Hosting concerns in one place: logs, telemetry, health, limits and error shaping.</summary>
public static class GatewayHosting
{
    public const string TelemetryName = "JournalGateway";
    private const string DefaultUrl = "http://localhost:8080";
    private const string HealthPath = "/healthz";

    public static WebApplicationBuilder AddGatewayDefaults(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        // Serilog replaces the default providers; other ILoggerProviders (a test's capture) still receive every event.
        // Each host keeps its own logger (not the static one), so that several hosts in one process stay apart.
        builder.Logging.ClearProviders();
        builder.Services.AddSerilog(
            (services, logger) => logger
                .ReadFrom.Configuration(builder.Configuration)
                .Enrich.FromLogContext()
                .Enrich.With<PersonalDataMasking>()
                .Filter.ByExcluding(WarmingUpChecks.IsStillWarmingUp)
                .WriteTo.Console(new RenderedCompactJsonFormatter()),
            preserveStaticLogger: true,
            writeToProviders: true);

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOptions<FhirApiOptions>().BindConfiguration(FhirApiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var maxBody = builder.Configuration.GetValue<long?>($"{FhirApiOptions.Section}:{nameof(FhirApiOptions.MaxRequestBodyBytes)}")
            ?? new FhirApiOptions().MaxRequestBodyBytes;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = maxBody);

        builder.Services.AddExceptionHandler<FhirExceptionHandler>();
        builder.Services.AddProblemDetails(); // required by UseExceptionHandler; FhirExceptionHandler answers first
        builder.Services.AddHttpClient(nameof(RegionalRecordHealthCheck)).RemoveAllLoggers();
        builder.Services.AddHealthChecks().AddCheck<RegionalRecordHealthCheck>("regional-record", tags: ["ready"]);
        builder.Services.AddSingleton(new GatewayServices(builder.Services));
        builder.Services.AddSingleton<AuthenticationRehearsal>();
        builder.Services.AddSingleton<WriteRehearsal>();
        builder.Services.AddSingleton<FirstRequestWarmUp>();
        builder.Services.AddHostedService(services => services.GetRequiredService<FirstRequestWarmUp>());
        builder.Services.AddHealthChecks().AddCheck<FirstRequestWarmUpHealthCheck>(WarmingUpChecks.WritePath, tags: ["ready"]);

        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(TelemetryName))
            .WithTracing(tracing => tracing
                .AddSource(TelemetryName, TelemetryName + ".Storage", "Npgsql")
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation(http => http.EnrichWithHttpRequestMessage = (activity, _) => PersonalDataMasking.RedactSpan(activity)))
            .WithMetrics(metrics => metrics
                .AddMeter(TelemetryName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter());
        if (!string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            otel.UseOtlpExporter();
        }

        return builder;
    }

    public static WebApplication UseGatewayDefaults(this WebApplication app)
    {
        // Outermost, so that it logs the status the client finally gets (after the exception handler).
        app.UseSerilogRequestLogging(options =>
        {
            options.MessageTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0} ms";
            options.Logger = app.Services.GetRequiredService<Serilog.ILogger>(); // this host's logger, not the static one
            // Probes poll the health endpoints many times a minute, and ready answers 503 all through a start: at the
            // default levels that was a line per probe and an Error per poll before ready. A failing check logs itself.
            options.GetLevel = (http, _, exception) =>
                exception is not null ? LogEventLevel.Error
                : http.Request.Path.StartsWithSegments(HealthPath) ? LogEventLevel.Debug
                : http.Response.StatusCode >= StatusCodes.Status500InternalServerError ? LogEventLevel.Error
                : LogEventLevel.Information;
            // Who called, by staff and organisation HSA-ids only: never anything about the patient.
            options.EnrichDiagnosticContext = (diagnostics, http) =>
            {
                if (http.User.Identity?.IsAuthenticated == true)
                {
                    diagnostics.Set("UserHsaId", http.User.FindFirst(Auth.GatewayClaims.Subject)?.Value);
                    diagnostics.Set("CareProvider", http.User.FindFirst(Auth.GatewayClaims.CareProvider)?.Value);
                    diagnostics.Set("CareUnit", http.User.FindFirst(Auth.GatewayClaims.CareUnit)?.Value);
                }
            };
        });
        app.UseExceptionHandler();
        app.UseStatusCodePages(FhirExceptionHandler.WriteStatusCodePage);

        app.MapHealthChecks(HealthPath + "/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthReportWriter.WriteAsync });
        app.MapHealthChecks(HealthPath + "/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("ready"),
            ResponseWriter = HealthReportWriter.WriteAsync,
        });
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
