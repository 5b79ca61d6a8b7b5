using JournalGateway.Core.Delivery;
using JournalGateway.Storage.Migrations;
using JournalGateway.Storage.PostgreSql;
using JournalGateway.Storage.Sqlite;
using JournalGateway.Storage.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace JournalGateway.Storage.Tests;

public sealed class StorageServiceCollectionExtensionsTests : IDisposable
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
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = _directory,
            DisableDefaults = true,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging();
        builder.Services.AddGatewayStorage(builder.Configuration);
        return builder.Build();
    }

    [Fact]
    public async Task AddGatewayStorage_Defaults_MigratesSqliteUnderTheContentRootBeforeStartCompletes()
    {
        using var host = BuildHost([]);

        await host.StartAsync();
        try
        {
            Assert.True(File.Exists(Path.Combine(_directory, "data", "gateway.db")));
            Assert.IsType<SqliteNoteOutbox>(host.Services.GetRequiredService<INoteOutbox>());
            var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(c => c.Tags.Contains("ready"));
            Assert.Equal(HealthStatus.Healthy, report.Status);
            Assert.Contains("storage", report.Entries.Keys);
            var accepted = await host.Services.GetRequiredService<INoteOutbox>().AcceptAsync(TestNotes.Accepted(), default);
            Assert.True(accepted.Created);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task StorageHealthCheck_SchemaNotMigrated_IsUnhealthy()
    {
        using var host = BuildHost(new() { ["Storage:Sqlite:Path"] = Path.Combine(_directory, "other.db") });

        // Not started: the migration hosted service has not run.
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Equal(HealthStatus.Unhealthy, report.Entries["storage"].Status);
    }

    [Fact]
    public async Task AddGatewayStorage_PostgreSqlWithoutConnectionString_FailsAtStartWithTheSettingsName()
    {
        using var host = BuildHost(new() { ["Storage:Provider"] = "PostgreSql" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Storage:PostgreSql:ConnectionString is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddGatewayStorage_PostgreSqlProvider_ResolvesThePostgreSqlEngine()
    {
        using var host = BuildHost(new()
        {
            ["Storage:Provider"] = "PostgreSql",
            ["Storage:PostgreSql:ConnectionString"] = "Host=127.0.0.1;Database=gateway;Username=gateway;Password=unused",
        });

        Assert.IsType<PostgreSqlNoteOutbox>(host.Services.GetRequiredService<INoteOutbox>());
        Assert.IsType<PostgreSqlStorageMigrator>(host.Services.GetRequiredService<IStorageMigrator>());
    }

    [Fact]
    public async Task AddGatewayStorage_UnknownProvider_FailsAtStartNamingTheSetting()
    {
        using var host = BuildHost(new() { ["Storage:Provider"] = "Oracle" });

        var error = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Contains("Storage:Provider", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddGatewayStorage_BusyTimeoutOutOfRange_FailsAtStart()
    {
        using var host = BuildHost(new() { ["Storage:Sqlite:BusyTimeoutMs"] = "5" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("BusyTimeoutMs", error.Message, StringComparison.Ordinal);
    }
}
