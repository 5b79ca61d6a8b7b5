using JournalGateway.Core.Access;
using JournalGateway.Core.AccessLog;
using JournalGateway.Storage.AccessLog;
using JournalGateway.Storage.Sqlite;
using JournalGateway.Storage.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace JournalGateway.Storage.Tests;

/// <summary>The consent registry, access log, retention and verifier as <c>AddGatewayStorage</c> wires them.</summary>
public sealed class AccessStoreRegistrationTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "journalgateway-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private IHost BuildHost(Dictionary<string, string?> settings)
    {
        Directory.CreateDirectory(_directory);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _directory, DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging();
        builder.Services.AddGatewayStorage(builder.Configuration);
        return builder.Build();
    }

    [Fact]
    public async Task AddGatewayStorage_Defaults_ResolvesTheStoresOnSqliteWithTheLogBatched()
    {
        var host = BuildHost([]);
        await host.StartAsync();
        try
        {
            var services = host.Services;
            Assert.IsType<SqliteConsentRegistry>(services.GetRequiredService<IConsentRegistry>());
            Assert.IsType<BatchingAccessLog>(services.GetRequiredService<IAccessLog>());
            Assert.IsType<SqliteAccessLog>(services.GetRequiredService<IAccessLogRetention>());
            Assert.Same(services.GetRequiredService<IAccessLog>(), services.GetRequiredService<IAccessLog>());

            Assert.True(await services.GetRequiredService<IConsentRegistry>().AddAsync(TestAccess.Consent(), default));
            var stored = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
                services.GetRequiredService<IAccessLog>().AppendAsync([TestAccess.Entry()], default)));
            Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), stored.Select(s => s[0].Sequence).Order());
            Assert.Null(await services.GetRequiredService<AccessLogVerifier>().VerifyChainAsync(default));
        }
        finally
        {
            await host.StopAsync();
            // Disposing the container drains and stops the batching loop.
            await ((IAsyncDisposable)host).DisposeAsync();
        }
    }

    [Fact]
    public async Task AddGatewayStorage_BatchDelayOutOfRange_FailsAtStartWithTheSetting()
    {
        using var host = BuildHost(new() { ["Storage:AccessLog:MaxDelayMicroseconds"] = "5000" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("MaxDelayMicroseconds", error.Message, StringComparison.Ordinal);
    }
}
