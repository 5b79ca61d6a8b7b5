using JournalGateway.Core.Notes;
using JournalGateway.Core.Startup;
using JournalGateway.Core.References;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace JournalGateway.Adapters.Cosmic;

public static class CosmicAdapterExtensions
{
    /// <summary>The name of the adapter's one resilience pipeline (it shows in resilience telemetry).</summary>
    public const string PipelineName = "cosmic";

    /// <summary>For a Program.cs of Add* calls: <c>builder.AddCosmicAdapter();</c></summary>
    public static IHostApplicationBuilder AddCosmicAdapter(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddCosmicAdapter(builder.Configuration);
        return builder;
    }

    /// <summary>
    /// Registers <see cref="CosmicClient"/> as <see cref="IRegionalRecord"/> and <see cref="ISocialCareReferences"/>,
    /// with options from <c>RegionalRecord:Cosmic</c> validated at start and one resilience pipeline.
    /// </summary>
    public static IServiceCollection AddCosmicAdapter(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<CosmicAdapterOptions>()
            .Bind(configuration.GetSection(CosmicAdapterOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddSingleton<RevalidatedPages>();
        services.AddHttpClient<CosmicClient>((sp, http) =>
            {
                var options = sp.GetRequiredService<IOptions<CosmicAdapterOptions>>().Value;
                http.BaseAddress = options.BaseAddress;
                // The pipeline owns every timeout; HttpClient's own would only cut across it.
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            // The factory's request logs print URLs, and ours carry personnummer.
            .RemoveAllLoggers()
            .AddResilienceHandler(PipelineName, static (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<CosmicAdapterOptions>>().Value;

                // Outermost first: total timeout, retry, circuit breaker, attempt timeout.
                // Retrying a POST is safe ONLY because every write carries the idempotency key as externalId and the
                // store answers a repeated key with the note it already has; without the key this would duplicate notes.
                pipeline
                    .AddTimeout(options.TotalTimeout)
                    .AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = options.MaxRetryAttempts,
                        Delay = options.RetryBaseDelay,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        // 5xx, 408, 429, HttpRequestException and attempt timeouts are transient (the default predicate).
                        ShouldRetryAfterHeader = true,
                    })
                    .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                    {
                        FailureRatio = options.BreakerFailureRatio,
                        MinimumThroughput = options.BreakerMinimumThroughput,
                        SamplingDuration = options.BreakerSamplingDuration,
                        BreakDuration = options.BreakerBreakDuration,
                    })
                    .AddTimeout(options.AttemptTimeout);
            });

        services.AddTransient<IRegionalRecord>(sp => sp.GetRequiredService<CosmicClient>());
        services.AddTransient<ISocialCareReferences>(sp => sp.GetRequiredService<CosmicClient>());
        services.AddTransient<IStartupWarmUp>(sp => sp.GetRequiredService<CosmicClient>());
        return services;
    }
}
