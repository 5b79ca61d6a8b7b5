using JournalGateway.Core.Notes;
using JournalGateway.Core.References;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace JournalGateway.Adapters.Cosmic.Tests;

public sealed class CosmicAdapterOptionsTests
{
    private static IHost Build(IDictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddCosmicAdapter();
        return builder.Build();
    }

    [Theory]
    [InlineData("MaxRetryAttempts", "0")]
    [InlineData("AttemptTimeout", "-00:00:01")]
    [InlineData("TotalTimeout", "00:00:00")]
    [InlineData("BreakerFailureRatio", "1.5")]
    [InlineData("BreakerMinimumThroughput", "1")]
    [InlineData("BreakerBreakDuration", "00:00:00.100")]
    [InlineData("BaseAddress", "/relative")]
    public async Task StartAsync_InvalidOption_FailsNamingTheOption(string option, string value)
    {
        using var host = Build(new Dictionary<string, string?> { [$"RegionalRecord:Cosmic:{option}"] = value });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(option, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_TotalTimeoutBelowAttemptTimeout_Fails()
    {
        using var host = Build(new Dictionary<string, string?>
        {
            ["RegionalRecord:Cosmic:AttemptTimeout"] = "00:00:05",
            ["RegionalRecord:Cosmic:TotalTimeout"] = "00:00:01",
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("TotalTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddCosmicAdapter_ClientPipeline_HasExactlyOneResilienceHandler()
    {
        using var host = Build(new Dictionary<string, string?>());
        var handler = host.Services.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(nameof(CosmicClient));

        var chain = new List<HttpMessageHandler>();
        for (HttpMessageHandler? h = handler; h is not null; h = (h as DelegatingHandler)?.InnerHandler)
        {
            chain.Add(h);
        }

        Assert.Single(chain, h => h is Microsoft.Extensions.Http.Resilience.ResilienceHandler);
    }

    [Fact]
    public async Task AddCosmicAdapter_NoSettings_UsesDocumentedDefaultsAndRegistersBothPorts()
    {
        using var host = Build(new Dictionary<string, string?>());
        await host.StartAsync();

        var options = host.Services.GetRequiredService<IOptions<CosmicAdapterOptions>>().Value;
        Assert.Equal(new Uri("http://localhost:8081"), options.BaseAddress);
        Assert.Equal(TimeSpan.FromSeconds(2), options.AttemptTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), options.TotalTimeout);
        Assert.Equal(3, options.MaxRetryAttempts);
        Assert.Equal(TimeSpan.FromMilliseconds(200), options.RetryBaseDelay);
        Assert.Equal(0.5, options.BreakerFailureRatio);
        Assert.Equal(10, options.BreakerMinimumThroughput);
        Assert.Equal(TimeSpan.FromSeconds(30), options.BreakerSamplingDuration);
        Assert.Equal(TimeSpan.FromSeconds(15), options.BreakerBreakDuration);
        Assert.IsType<CosmicClient>(host.Services.GetRequiredService<IRegionalRecord>());
        Assert.IsType<CosmicClient>(host.Services.GetRequiredService<ISocialCareReferences>());
        await host.StopAsync();
    }
}
