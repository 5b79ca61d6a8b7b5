using JournalGateway.Core.Notes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RegionalStore.Tests.Support;

namespace JournalGateway.Adapters.Cosmic.Tests.Support;

/// <summary>The real store on loopback and the adapter wired as the gateway wires it, with short timings.</summary>
public sealed class CosmicHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private CosmicHarness(StoreServer store, ServiceProvider services, AttemptCounter attempts)
    {
        Store = store;
        _services = services;
        Attempts = attempts;
    }

    public StoreServer Store { get; }

    /// <summary>Requests that left the resilience pipeline: one per attempt.</summary>
    public AttemptCounter Attempts { get; }

    public IRegionalRecord Record => _services.GetRequiredService<IRegionalRecord>();

    public CosmicClient Client => _services.GetRequiredService<CosmicClient>();

    public static async Task<CosmicHarness> StartAsync(IDictionary<string, string?>? adapter = null, Uri? baseAddress = null)
    {
        var store = await StoreServer.StartAsync();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["RegionalRecord:Cosmic:BaseAddress"] = (baseAddress ?? store.BaseAddress).ToString(),
                ["RegionalRecord:Cosmic:AttemptTimeout"] = "00:00:02",
                ["RegionalRecord:Cosmic:TotalTimeout"] = "00:00:10",
                ["RegionalRecord:Cosmic:RetryBaseDelay"] = "00:00:00.010",
            })
            .AddInMemoryCollection(adapter ?? new Dictionary<string, string?>())
            .Build();

        var attempts = new AttemptCounter();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddCosmicAdapter(configuration);
        // Innermost, after the resilience handler: sees every attempt.
        services.AddHttpClient(nameof(CosmicClient)).AddHttpMessageHandler(() => new CountingHandler(attempts));
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        return new CosmicHarness(store, provider, attempts);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Store.DisposeAsync();
    }

    public sealed class AttemptCounter
    {
        private int _count;
        private int _notModified;

        public int Count => Volatile.Read(ref _count);

        /// <summary>Attempts the store answered 304 Not Modified.</summary>
        public int NotModified => Volatile.Read(ref _notModified);

        public void Add() => Interlocked.Increment(ref _count);

        public void AddNotModified() => Interlocked.Increment(ref _notModified);

        public void Reset() => Interlocked.Exchange(ref _count, 0);
    }

    private sealed class CountingHandler(AttemptCounter attempts) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            attempts.Add();
            var response = await base.SendAsync(request, cancellationToken);
            if (response.StatusCode == System.Net.HttpStatusCode.NotModified)
            {
                attempts.AddNotModified();
            }

            return response;
        }
    }
}
