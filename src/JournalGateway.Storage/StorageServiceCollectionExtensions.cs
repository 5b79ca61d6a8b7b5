using JournalGateway.Core.Delivery;
using JournalGateway.Storage.Health;
using JournalGateway.Storage.Migrations;
using JournalGateway.Storage.PostgreSql;
using JournalGateway.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JournalGateway.Storage;

/// <summary>Wires the gateway's own storage into the composition root.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the storage engine chosen by <c>Storage:Provider</c> (<c>Sqlite</c> by default, or
    /// <c>PostgreSql</c>): <see cref="INoteOutbox"/>, <see cref="Core.Access.IConsentRegistry"/>,
    /// <see cref="Core.AccessLog.IAccessLog"/> (batched), <see cref="AccessLog.IAccessLogRetention"/>,
    /// <see cref="AccessLog.AccessLogVerifier"/>, <see cref="IStorageMigrator"/> run at start-up before the
    /// app serves, and the <c>storage</c> health check tagged <c>ready</c>. Settings are validated at start.
    /// </summary>
    public static IServiceCollection AddGatewayStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        // Both engines are registered; the options decide which one the ports resolve to. Choosing late keeps
        // a bad Storage:Provider a validation error at start rather than an exception while wiring.
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value.Sqlite;
            var path = options.Path;
            if (!Path.IsPathRooted(path) && sp.GetService<IHostEnvironment>() is { } environment)
            {
                path = Path.Combine(environment.ContentRootPath, path);
            }

            return new SqliteDatabase(path, options.BusyTimeoutMs, sp.GetRequiredService<ILogger<SqliteDatabase>>());
        });
        services.TryAddSingleton(sp => new PostgreSqlDatabase(
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.PostgreSql.ConnectionString!));
        services.TryAddSingleton<SqliteNoteOutbox>();
        services.TryAddSingleton<PostgreSqlNoteOutbox>();
        services.TryAddSingleton<SqliteStorageMigrator>();
        services.TryAddSingleton<PostgreSqlStorageMigrator>();

        services.TryAddSingleton<IStorageDatabase>(sp => Choose<IStorageDatabase, SqliteDatabase, PostgreSqlDatabase>(sp));
        services.TryAddSingleton<INoteOutbox>(sp => Choose<INoteOutbox, SqliteNoteOutbox, PostgreSqlNoteOutbox>(sp));
        services.TryAddSingleton<IStorageMigrator>(sp => Choose<IStorageMigrator, SqliteStorageMigrator, PostgreSqlStorageMigrator>(sp));
        services.AddAccessStores(configuration);

        services.AddHostedService<StorageMigrationHostedService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Core.Startup.IStartupWarmUp, StorageWarmUp>());
        services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage", tags: ["ready"]);
        return services;
    }

    private static TService Choose<TService, TSqlite, TPostgreSql>(IServiceProvider services)
        where TSqlite : TService
        where TPostgreSql : TService
        where TService : notnull
        => services.GetRequiredService<IOptions<StorageOptions>>().Value.Provider switch
        {
            StorageProvider.Sqlite => services.GetRequiredService<TSqlite>(),
            StorageProvider.PostgreSql => services.GetRequiredService<TPostgreSql>(),
            var other => throw new InvalidOperationException($"Unknown Storage:Provider '{other}'."),
        };
}
